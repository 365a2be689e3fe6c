//! Diagnostics for people: the plain one-line form first (so terminals and editors can
//! jump to `path:line:col`), then the source lines with the offending part underlined and
//! the hint under them, drawn by annotate-snippets.
//!
//! The source is read from disk when rendering (diagnostic paths are relative to the site
//! root). When the file cannot be read, is not text, or the position lies past its end,
//! the diagnostic falls back to its plain form: rendering never fails and never panics.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::Path;

use annotate_snippets::renderer::{AnsiColor, Effects, Style};
use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

use crate::diagnostic::{Diagnostic, Pos, Severity};

/// At most this many source lines are shown for one diagnostic.
const MAX_LINES: u32 = 6;

/// Reads source files once each while a list of diagnostics is rendered.
#[derive(Debug, Default)]
pub(crate) struct Sources {
    root: std::path::PathBuf,
    files: HashMap<String, Option<String>>,
}

impl Sources {
    /// Sources of the site at `root`.
    pub(crate) fn new(root: &Path) -> Self {
        Sources {
            root: root.to_path_buf(),
            files: HashMap::new(),
        }
    }

    /// The text of `file` (relative to the root), when it is a readable file. Bytes that
    /// are not UTF-8 show as `�`, one per bad sequence, as the parser counts them.
    pub(crate) fn get(&mut self, file: &str) -> Option<&str> {
        let root = &self.root;
        self.files
            .entry(file.to_string())
            .or_insert_with(|| {
                if file.is_empty() || file.contains('\0') {
                    return None;
                }
                let path = root.join(file);
                if !path.is_file() {
                    return None;
                }
                let bytes = std::fs::read(&path).ok()?;
                Some(String::from_utf8_lossy(&bytes).into_owned())
            })
            .as_deref()
    }
}

/// The styles of the first line.
struct Paint {
    color: bool,
}

impl Paint {
    fn paint(&self, out: &mut String, style: Style, text: &str) {
        if self.color {
            let _ = write!(out, "{style}{text}{style:#}");
        } else {
            out.push_str(text);
        }
    }
}

/// The first line: `path:line:col: error[code]: field: message`, coloured on request. Its
/// text without colour is exactly the first line of [`Diagnostic`]'s `Display`.
pub(crate) fn header(d: &Diagnostic, color: bool) -> String {
    let p = Paint { color };
    let mut out = String::new();
    let mut location = d.file.clone();
    if let Some(pos) = d.start {
        let _ = write!(location, ":{}:{}", pos.line, pos.column);
    }
    location.push(':');
    p.paint(&mut out, Style::new().effects(Effects::BOLD), &location);
    out.push(' ');
    let level = match d.severity {
        Severity::Error => AnsiColor::BrightRed.on_default().effects(Effects::BOLD),
        Severity::Warning => AnsiColor::BrightYellow.on_default().effects(Effects::BOLD),
    };
    p.paint(&mut out, level, &format!("{}[{}]", d.severity, d.code));
    out.push_str(": ");
    if let Some(field) = &d.field {
        out.push_str(field);
        out.push_str(": ");
    }
    p.paint(
        &mut out,
        Style::new().effects(Effects::BOLD),
        first_line(&d.message),
    );
    // A message is one sentence; should one ever hold a line break, keep the rest.
    if let Some((_, rest)) = d.message.split_once('\n') {
        out.push('\n');
        out.push_str(rest);
    }
    out
}

fn first_line(s: &str) -> &str {
    s.split('\n').next().unwrap_or(s)
}

/// Byte offset of the 1-based character `column` in `line`, clamped to the line's end.
fn byte_at(line: &str, column: u32) -> usize {
    line.char_indices()
        .nth(column.saturating_sub(1) as usize)
        .map_or(line.len(), |(i, _)| i)
}

/// The excerpt to show: the source lines, the number of the first, and the span to underline
/// (byte offsets into the excerpt).
struct Excerpt {
    text: String,
    first_line: u32,
    span: std::ops::Range<usize>,
}

fn excerpt(source: &str, start: Pos, end: Option<Pos>) -> Option<Excerpt> {
    let lines: Vec<&str> = source
        .split('\n')
        .map(|l| l.strip_suffix('\r').unwrap_or(l))
        .collect();
    let line_count = lines.len() as u32 - u32::from(source.ends_with('\n'));
    if start.line == 0 || start.line > line_count {
        return None;
    }
    let end = end
        .filter(|e| *e > start && e.line <= line_count && e.line - start.line < MAX_LINES)
        .unwrap_or(start);
    let shown: Vec<&str> = (start.line..=end.line)
        .map(|l| {
            let text = lines[l as usize - 1];
            // The parser strips a byte-order mark before counting columns; so does this.
            if l == 1 {
                text.strip_prefix('\u{feff}').unwrap_or(text)
            } else {
                text
            }
        })
        .collect();
    let first = shown[0];
    let text = shown.join("\n");
    let start_byte = byte_at(first, start.column);
    let span = if end == start {
        if start.column <= 1 {
            // Only a line is known: underline what is written on it.
            let content_start = first.len() - first.trim_start().len();
            content_start..first.trim_end().len().max(content_start)
        } else {
            // A column without an end: underline one character.
            let next = first[start_byte..]
                .chars()
                .next()
                .map_or(start_byte, |c| start_byte + c.len_utf8());
            start_byte..next
        }
    } else {
        let last = shown[shown.len() - 1];
        let offset_of_last = text.len() - last.len();
        start_byte..(offset_of_last + byte_at(last, end.column)).max(start_byte)
    };
    Some(Excerpt {
        text,
        first_line: start.line,
        span,
    })
}

/// Renders one diagnostic: the header line, the underlined source excerpt when the source
/// is known, and the hint. Ends without a newline.
pub(crate) fn render(d: &Diagnostic, source: Option<&str>, color: bool) -> String {
    let mut out = header(d, color);
    let excerpt = match (source, d.start) {
        (Some(src), Some(start)) => excerpt(src, start, d.end),
        _ => None,
    };
    let Some(ex) = excerpt else {
        if let Some(hint) = &d.hint {
            out.push_str("\n  hint: ");
            out.push_str(hint);
        }
        return out;
    };
    let level = match d.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
    };
    let mut group = Group::with_level(level).element(
        Snippet::source(ex.text.as_str())
            .line_start(ex.first_line as usize)
            .fold(false)
            .annotation(AnnotationKind::Primary.span(ex.span.clone())),
    );
    if let Some(hint) = &d.hint {
        group = group.element(Level::HELP.with_name("hint").message(hint.as_str()));
    }
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let report = [group];
    let drawn = renderer.render(&report);
    out.push('\n');
    out.push_str(drawn.trim_end_matches('\n'));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Code;

    fn diag() -> Diagnostic {
        Diagnostic::error(
            Code::UnknownRef,
            "content/exercises/a.md",
            "unknown muscle 'glute-max'",
        )
        .field("target_muscles[0]")
        .hint("did you mean 'gluteus-maximus'?")
    }

    const SRC: &str = "---\ntitle: A\ntarget_muscles: [glute-max, hamstrings]\n---\n";

    #[test]
    fn underlines_the_span_and_puts_the_hint_under_it() {
        let d = diag().at(
            Pos {
                line: 3,
                column: 18,
            },
            Some(Pos {
                line: 3,
                column: 27,
            }),
        );
        let got = render(&d, Some(SRC), false);
        insta::assert_snapshot!(got);
        assert!(
            got.starts_with(d.to_string().lines().next().unwrap()),
            "the first line is the plain form"
        );
    }

    #[test]
    fn falls_back_to_the_plain_form_without_source_or_past_the_end() {
        let d = diag().at(
            Pos {
                line: 40,
                column: 2,
            },
            None,
        );
        assert_eq!(render(&d, Some(SRC), false), d.to_string());
        assert_eq!(render(&d, None, false), d.to_string());
        let no_pos = diag();
        assert_eq!(render(&no_pos, Some(SRC), false), no_pos.to_string());
    }

    #[test]
    fn a_line_without_a_column_underlines_the_line() {
        let d = diag().at_line(2);
        let got = render(&d, Some(SRC), false);
        assert!(got.contains("2 | title: A\n  | ^^^^^^^^"), "{got}");
    }

    #[test]
    fn odd_positions_and_text_never_panic() {
        let sources = [
            "",
            "\n",
            "\u{feff}---\r\ntitle: é\té\r\n",
            "a\u{0}b\u{202e}c\n",
            "🦀🦀🦀",
        ];
        for src in sources {
            for line in 0..4 {
                for column in 0..6 {
                    for end in [
                        None,
                        Some(Pos { line, column: 1 }),
                        Some(Pos {
                            line: 9,
                            column: 99,
                        }),
                    ] {
                        let d = diag().at(Pos { line, column }, end);
                        let _ = render(&d, Some(src), true);
                    }
                }
            }
        }
    }

    #[test]
    fn colour_only_when_asked() {
        let d = diag().at(
            Pos {
                line: 3,
                column: 18,
            },
            None,
        );
        assert!(!render(&d, Some(SRC), false).contains('\u{1b}'));
        assert!(render(&d, Some(SRC), true).contains('\u{1b}'));
    }
}
