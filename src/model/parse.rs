//! One content file, read on its own: bytes in, typed front matter, rendered body and the
//! file's own problems out.
//!
//! [`parse_file`] is a pure function of the file's path and bytes. That is what lets `serve`
//! memoise it by a hash of the bytes, and lets the pipeline run it on all files in parallel.

use std::sync::Arc;

use crate::diagnostic::{Code, Diagnostic, Pos, Severity};
use crate::frontmatter::{self, FieldPath, Target};
use crate::model::body::{self, Body, ReadBack, Source};
use crate::model::front::{self, Front, Kind, Section};
use crate::model::inline::{self, TextUrl};
use crate::model::keywords;
use crate::model::yaml::Reader;

// Messages too long to sit inside a statement (rustfmt leaves such statements unformatted).
const HINT_SAVE_THE_FILE_WITH_THE: &str =
    "save the file with the UTF-8 encoding (most editors offer it under 'Save with encoding')";

/// A content file after reading, before it meets the other files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ParsedFile {
    /// Path relative to `content/`.
    pub rel: String,
    /// Page kind, from the path.
    pub kind: Kind,
    /// Typed front matter; `None` when the file could not be read that far.
    pub front: Option<Front>,
    /// The front-matter YAML, kept to locate fields in later diagnostics.
    pub yaml: Source,
    /// File line of the first YAML line.
    pub yaml_first_line: u32,
    /// The rendered body.
    pub body: Arc<Body>,
    /// File line where the body starts.
    pub body_first_line: u32,
    /// The link and image URLs in the front matter's text fields (inline Markdown, see
    /// [`crate::model::inline`]), checked with the body's.
    pub text_urls: Vec<TextUrl>,
    /// File-local problems. Any error means the page is left out of the site.
    pub diagnostics: Vec<Diagnostic>,
    /// A translation file (`x.sv.md`) as read, before it meets its default-language page
    /// ([`crate::model::translate::localize`]); `front` is `None` until then.
    pub pending: Option<Box<PendingTranslation>>,
    /// A translation joined with its default-language page: `rel`, `kind` and every key
    /// the translation leaves out are the default page's.
    pub translation: Option<Arc<crate::model::Translation>>,
}

/// A translation file's front matter and search text, kept until it is joined with its
/// default-language page.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct PendingTranslation {
    /// The language (`sv`).
    pub lang: String,
    /// The default-language page (`exercises/x.md`).
    pub base_rel: String,
    /// The front matter as YAML.
    pub value: serde_yaml::Value,
    /// The body's text for search keywords.
    pub search_text: String,
}

impl Eq for PendingTranslation {}

impl ParsedFile {
    /// `content/<rel>`, the path shown in messages (the translation file's, for a
    /// translation).
    pub(crate) fn display(&self) -> String {
        match (&self.translation, &self.pending) {
            (Some(t), _) => format!("content/{}", t.rel),
            _ => format!("content/{}", self.rel),
        }
    }

    /// The front-matter YAML (read again from the file when it was left on disk).
    pub(crate) fn yaml_text(&self) -> Option<std::borrow::Cow<'_, str>> {
        match &self.yaml {
            Source::Kept(s) => Some(std::borrow::Cow::Borrowed(s.as_str())),
            Source::OnDisk { .. } => {
                let text = self.yaml.reread()?;
                let yaml = frontmatter::split(&text).ok()?.yaml.to_string();
                Some(std::borrow::Cow::Owned(yaml))
            }
        }
    }

    /// Leaves the YAML and the body's source in their file (at `abs`) instead of memory,
    /// to be read again through `read`: what `build` and `check` do, since they read every
    /// file once and render each page once.
    pub(crate) fn keep_on_disk(&mut self, abs: &std::path::Path, read: ReadBack) {
        let file: Arc<std::path::Path> = Arc::from(abs);
        self.yaml = Source::OnDisk {
            file: file.clone(),
            read,
        };
        Arc::make_mut(&mut self.body).keep_on_disk(file, read);
    }

    /// True when the file has no errors of its own.
    pub(crate) fn is_valid(&self) -> bool {
        self.front.is_some() && !self.diagnostics.iter().any(Diagnostic::is_error)
    }

    /// Where `path` sits in this file: start and end, when it can be found.
    /// A path that is absent (a missing key) is located at its nearest existing parent.
    pub(crate) fn locate(&self, path: &FieldPath, target: Target) -> Option<(Pos, Pos)> {
        let mut path = path.clone();
        let mut target = target;
        while !path.is_root() {
            if let Some(found) =
                frontmatter::locate_in_file(&self.yaml_text()?, self.yaml_first_line, &path, target)
            {
                return Some(found);
            }
            path.0.pop();
            target = Target::Value;
        }
        None
    }

    /// A diagnostic about this file, located at a front-matter field or at a line.
    pub(crate) fn diagnostic_at(
        &self,
        d: Diagnostic,
        at: &crate::model::media::UseAt,
    ) -> Diagnostic {
        match at {
            crate::model::media::UseAt::Field(path) => {
                self.field_diagnostic(d, path, Target::Value)
            }
            crate::model::media::UseAt::Line(line) => {
                let mut d = d.at_line(*line);
                d.file = self.display();
                d
            }
        }
    }

    /// A diagnostic about a front-matter field of this file, located at the field.
    pub(crate) fn field_diagnostic(
        &self,
        mut d: Diagnostic,
        path: &FieldPath,
        target: Target,
    ) -> Diagnostic {
        d.file = self.display();
        match self.locate(path, target) {
            Some((start, end)) => d = d.at(start, Some(end)),
            None => d = d.at_line(1),
        }
        d.field(path.to_string())
    }
}

/// Ids the default page templates use, which body headings must not take.
pub(crate) fn reserved_ids(kind: Kind) -> &'static [&'static str] {
    // Every page has the header's search box.
    macro_rules! with_search {
        ($($id:literal),* $(,)?) => {
            &["main", "top", "search", "site-search", "site-search-status", "site-search-results", $($id),*]
        };
    }
    match kind {
        Kind::Exercise => with_search![
            "facts",
            "muscles",
            "muscle-map",
            "equipment",
            "how-to",
            "cues",
            "common-errors",
            "stop-signals",
            "progression",
            "progression-diagram",
            "paths",
            "routines",
        ],
        Kind::Path => with_search!["steps", "progression-diagram", "advance", "tracker"],
        Kind::Muscle => with_search!["muscle-map", "exercises", "primary", "secondary"],
        Kind::Equipment => with_search!["exercises"],
        Kind::Home => with_search![
            "a-session-for-today",
            "start-with-a-path",
            "browse-the-guide"
        ],
        Kind::Routine => with_search!["steps", "follow-along", "follow-start", "routine-data"],
        Kind::Section(Section::Exercises) => with_search![
            "filters",
            "filter-muscle",
            "filter-equipment",
            "filter-level",
            "filter-category",
            "activation",
            "strength",
            "stability",
            "mobility",
            "stretch",
            "release",
        ],
        _ => with_search![],
    }
}

/// Reads one content file. Never panics, whatever the bytes.
pub(crate) fn parse_file(rel: &str, bytes: &[u8]) -> ParsedFile {
    let translation = crate::source::translation_of(rel);
    let kind = Kind::of(translation.as_ref().map_or(rel, |(base, _)| base.as_str()));
    let display = format!("content/{rel}");
    let mut out = ParsedFile {
        rel: rel.to_string(),
        kind,
        front: None,
        yaml: Source::default(),
        yaml_first_line: 2,
        body: Arc::new(Body::default()),
        body_first_line: 1,
        text_urls: Vec::new(),
        diagnostics: Vec::new(),
        pending: None,
        translation: None,
    };

    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let valid = bytes.get(..e.valid_up_to()).unwrap_or_default();
            let line = valid.iter().filter(|b| **b == b'\n').count() as u32 + 1;
            let line_start = valid.iter().rposition(|b| *b == b'\n').map_or(0, |i| i + 1);
            let col = String::from_utf8_lossy(valid.get(line_start..).unwrap_or_default())
                .chars()
                .count() as u32
                + 1;
            out.diagnostics.push(
                Diagnostic::error(Code::Encoding, display, "the file is not UTF-8 text")
                    .at(Pos { line, column: col }, None)
                    .hint(HINT_SAVE_THE_FILE_WITH_THE),
            );
            return out;
        }
    };
    let normalized = body::normalize(text);
    let text: &str = &normalized;

    let split = match frontmatter::split(text) {
        Ok(s) => s,
        Err(e) => {
            out.diagnostics.push(
                Diagnostic::error(Code::FrontMatter, display, e.message)
                    .at_line(e.line)
                    .hint(e.hint),
            );
            return out;
        }
    };
    out.yaml = Source::Kept(split.yaml.to_string());
    out.yaml_first_line = split.yaml_first_line;
    out.body_first_line = split.body_first_line;
    let (body, search_text) = body::scan(
        split.body,
        split.body_first_line,
        reserved_ids(kind),
        keywords::text_limit(kind),
    );
    out.body = Arc::new(body);

    if split.yaml.trim().is_empty() {
        out.diagnostics.push(
            Diagnostic::error(Code::FrontMatter, display, "the front matter is empty")
                .at_line(1)
                .hint("add at least a 'title: ...' line between the two '---' lines"),
        );
        return out;
    }
    let value = match frontmatter::parse_at(split.yaml, split.yaml_first_line) {
        Ok(v) => v,
        Err(e) => {
            let mut d = Diagnostic::error(Code::Syntax, display, e.message).maybe_hint(e.hint);
            let shift = |p: Pos| Pos {
                line: p.line + split.yaml_first_line - 1,
                column: p.column,
            };
            d = match e.pos {
                Some(p) => d.at(shift(p), e.end.map(shift)),
                None => d.at_line(split.yaml_first_line),
            };
            out.diagnostics.push(d);
            return out;
        }
    };

    if let Some((base_rel, lang)) = translation {
        // Read when it meets its default-language page.
        out.pending = Some(Box::new(PendingTranslation {
            lang: lang.to_string(),
            base_rel,
            value,
            search_text,
        }));
        return out;
    }
    let mut reader = Reader::new();
    out.front = front::read(&mut reader, &value, kind);
    out.text_urls = out
        .front
        .as_ref()
        .map(inline::front_urls)
        .unwrap_or_default();
    // Search keywords depend only on this file, so they are drawn here: in parallel in
    // `build`, and once per edit in `serve` (whose cache keeps parsed files).
    if let (Some(front), Some(body)) = (&out.front, Arc::get_mut(&mut out.body)) {
        body.keywords = keywords::page_keywords(front, &search_text);
    }
    let problems = std::mem::take(&mut reader.problems);
    push_problems(&mut out, problems, |_| true);
    out
}

/// The reader's problems as diagnostics of `out`, located at their fields (those `keep`
/// accepts).
pub(crate) fn push_problems(
    out: &mut ParsedFile,
    problems: Vec<crate::model::yaml::Problem>,
    keep: impl Fn(&FieldPath) -> bool,
) {
    let display = out.display();
    for p in problems {
        if !keep(&p.path) {
            continue;
        }
        let d = match p.severity {
            Severity::Error => Diagnostic::error(p.code, String::new(), p.message),
            Severity::Warning => Diagnostic::warning(p.code, String::new(), p.message),
        }
        .maybe_hint(p.hint);
        let d = if p.path.is_root() {
            let mut d = d.at_line(out.yaml_first_line);
            d.file.clone_from(&display);
            d
        } else {
            out.field_diagnostic(d, &p.path, p.target)
        };
        out.diagnostics.push(d);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn diags(rel: &str, text: &[u8]) -> Vec<String> {
        parse_file(rel, text)
            .diagnostics
            .iter()
            .map(std::string::ToString::to_string)
            .collect()
    }

    #[test]
    fn hostile_inputs_get_located_diagnostics() {
        let cases: &[(&[u8], &str)] = &[
            (
                b"",
                "content/a.md:1:1: error[front-matter]: the file is empty",
            ),
            (
                b"---",
                "content/a.md:1:1: error[front-matter]: the front matter is not closed",
            ),
            (
                b"---\n---\n",
                "content/a.md:1:1: error[front-matter]: the front matter is empty",
            ),
            (
                b"---\n- a\n- b\n---\n",
                "content/a.md:2:1: error[wrong-type]: expected a set of 'key: value' lines, found a list",
            ),
            (
                b"---\ntitle: \xff\n---\n",
                "content/a.md:2:8: error[encoding]: the file is not UTF-8 text",
            ),
            (
                b"---\ntitle: a\n\tx: 1\n---\n",
                "content/a.md:3:1: error[syntax]: a tab character is used for indentation",
            ),
            (
                b"just text\n",
                "content/a.md:1:1: error[front-matter]: the file does not start with front matter",
            ),
        ];
        for (input, want) in cases {
            let got = diags("a.md", input);
            assert!(
                got.iter().any(|g| g.starts_with(want)),
                "for {:?}\nwant {want}\ngot {got:#?}",
                String::from_utf8_lossy(input)
            );
        }
    }

    #[test]
    fn crlf_and_bom_are_accepted() {
        let f = parse_file(
            "a.md",
            "\u{feff}---\r\ntitle: A\r\n---\r\nBody\r\n".as_bytes(),
        );
        assert!(f.is_valid(), "{:?}", f.diagnostics);
        assert!(f.body.with_text(|t| t == "Body\n").unwrap());
    }

    #[test]
    fn field_problems_point_at_the_field() {
        let text = "---\ntitle: Bridge\nsummary: S.\ntarget_muscles: [a]\ncategory: strength\nlevel: beginer\n---\n";
        let got = diags("exercises/b.md", text.as_bytes());
        assert_eq!(got.len(), 1, "{got:?}");
        assert!(
            got[0].starts_with(
                "content/exercises/b.md:6:8: error[bad-value]: level: 'beginer' is not a level"
            ),
            "{got:?}"
        );
    }

    #[test]
    fn deep_nesting_and_huge_numbers_do_not_panic() {
        let deep = format!(
            "---\ntitle: {}{}\n---\n",
            "[".repeat(5000),
            "]".repeat(5000)
        );
        assert!(!parse_file("a.md", deep.as_bytes()).is_valid());
        let huge = "---\ntitle: x\nweight: 1e999999\n---\n";
        assert!(!parse_file("a.md", huge.as_bytes()).is_valid());
    }
}
