//! Printing what a run found: diagnostics and the one-line summary.
//!
//! This is the only module besides `cli` that writes to the terminal. Diagnostics come in
//! three forms: the plain one-line form ([`diagnostics`], `Diagnostic`'s `Display`), the
//! human form with the source underlined ([`snippet`], [`human`]), and JSON Lines
//! ([`json`]). [`progress`] draws the progress bar of long builds.

pub(crate) mod json;
pub(crate) mod progress;
pub(crate) mod snippet;

use std::io::Write;
use std::path::Path;

use crate::diagnostic::{Diagnostics, plural};
use crate::pipeline::BuildReport;

/// How a run talks to the terminal. The command line decides it once, from `--color`,
/// `--quiet`, `--verbose`, `NO_COLOR`, `TERM` and whether stderr is a terminal, and hands
/// it to whatever prints.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Display {
    /// Colour on stderr.
    pub color: bool,
    /// Print only problems: no summary or progress lines.
    pub quiet: bool,
    /// Also print details of what each step did.
    pub verbose: bool,
}

/// Writes every diagnostic in the human form (source excerpt, underline, hint), a blank
/// line between them, then a tally. `root` is the site folder the paths are relative to.
pub(crate) fn human(
    out: &mut dyn Write,
    root: &Path,
    diags: &Diagnostics,
    color: bool,
) -> std::io::Result<()> {
    let mut sources = snippet::Sources::new(root);
    for d in diags {
        let text = snippet::render(d, sources.get(&d.file), color);
        writeln!(out, "{text}\n")?;
    }
    if !diags.is_empty() {
        writeln!(out, "{}", diags.summary())?;
    }
    Ok(())
}

/// `1,204`.
pub(crate) fn thousands(n: usize) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// "Built 1,204 pages from 880 files in 0.84 s (1,000 exercises, 22 muscles, ...)".
pub(crate) fn summary(verb: &str, r: &BuildReport) -> String {
    let s = &r.stats;
    let mut kinds = Vec::new();
    for (n, word) in [
        (s.exercises, "exercise"),
        (s.muscles, "muscle"),
        (s.equipment, "equipment page"),
        (s.paths, "path"),
        (s.routines, "routine"),
        (s.articles, "article"),
        (s.other, "index page"),
    ] {
        if n > 0 {
            kinds.push(format!(
                "{} {word}{}",
                thousands(n),
                if n == 1 { "" } else { "s" }
            ));
        }
    }
    let p = r.pictures;
    let pictures = if p.processed + p.reused > 0 {
        format!(
            "; {} processed, {} from the cache",
            plural(p.processed, "picture"),
            thousands(p.reused)
        )
    } else {
        String::new()
    };
    let languages = if s.languages > 1 {
        format!(" in {} languages", s.languages)
    } else {
        String::new()
    };
    format!(
        "{verb} {}{languages} from {} in {:.2} s ({}{pictures})",
        plural(s.pages(), "page").replacen(&s.pages().to_string(), &thousands(s.pages()), 1),
        plural(r.source_files, "file").replacen(
            &r.source_files.to_string(),
            &thousands(r.source_files),
            1
        ),
        r.elapsed.as_secs_f64(),
        kinds.join(", ")
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn groups_thousands() {
        assert_eq!(super::thousands(0), "0");
        assert_eq!(super::thousands(999), "999");
        assert_eq!(super::thousands(1204), "1,204");
        assert_eq!(super::thousands(1_234_567), "1,234,567");
    }
}
