//! Diagnostics for machines: one JSON object per line (JSON Lines), for editors and CI.
//!
//! The field names and their order are part of movebook's interface: every field is always
//! present, `null` when unknown. Lines and columns are 1-based; columns count characters;
//! the end is exclusive.

use std::io::Write;

use serde::Serialize;

use crate::diagnostic::{Code, Diagnostic, Severity};

/// One diagnostic as JSON.
#[derive(Debug, Serialize)]
pub(crate) struct JsonDiagnostic<'a> {
    /// The file, relative to the site root, `/`-separated.
    pub file: &'a str,
    /// 1-based line of the start.
    pub line: Option<u32>,
    /// 1-based character column of the start.
    pub column: Option<u32>,
    /// 1-based line of the end of the offending text.
    pub end_line: Option<u32>,
    /// 1-based character column just past the offending text.
    pub end_column: Option<u32>,
    /// `error` or `warning`.
    pub severity: Severity,
    /// The stable code (`unknown-ref`).
    pub code: Code,
    /// The front-matter field (`progression.harder[1]`).
    pub field: Option<&'a str>,
    /// What is wrong.
    pub message: &'a str,
    /// How to fix it.
    pub hint: Option<&'a str>,
}

impl<'a> From<&'a Diagnostic> for JsonDiagnostic<'a> {
    fn from(d: &'a Diagnostic) -> Self {
        JsonDiagnostic {
            file: &d.file,
            line: d.start.map(|p| p.line),
            column: d.start.map(|p| p.column),
            end_line: d.end.map(|p| p.line),
            end_column: d.end.map(|p| p.column),
            severity: d.severity,
            code: d.code,
            field: d.field.as_deref(),
            message: &d.message,
            hint: d.hint.as_deref(),
        }
    }
}

/// Writes one JSON object per diagnostic, one per line.
pub(crate) fn write_lines<'a>(
    out: &mut dyn Write,
    diags: impl IntoIterator<Item = &'a Diagnostic>,
) -> std::io::Result<()> {
    for d in diags {
        serde_json::to_writer(&mut *out, &JsonDiagnostic::from(d))?;
        out.write_all(b"\n")?;
    }
    Ok(())
}
