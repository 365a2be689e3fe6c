//! Problems in a site that its author can fix, as data.
//!
//! A [`Diagnostic`] is collected, never thrown: every stage of the pipeline pushes into a
//! [`Diagnostics`] list and carries on, so one run reports every problem. Rendering a
//! diagnostic for a person (plain text here; the terminal and JSON renderers live in
//! `report`) is separate from creating it.
//!
//! Environment failures (a file that cannot be read, a port in use) are not diagnostics:
//! they are `anyhow::Error`s and end the run with exit code 2.

use std::fmt;

use serde::Serialize;

/// How bad a problem is. Errors fail the build; warnings are reported and the build goes on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The site cannot be built until this is fixed.
    Error,
    /// Worth a look; the build still succeeds.
    Warning,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        })
    }
}

macro_rules! codes {
    ($( $(#[$doc:meta])* $variant:ident = $name:literal, )*) => {
        /// A stable, kebab-case identifier for each kind of problem. Shown to users
        /// (`error[unknown-key]`), used in `site.toml` to silence warnings, asserted in tests.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code {
            $( $(#[$doc])* $variant, )*
        }

        impl Code {
            /// Every code, in declaration order.
            pub const ALL: &'static [Code] = &[$(Code::$variant,)*];

            /// The stable name users see.
            pub fn name(self) -> &'static str {
                match self {
                    $( Code::$variant => $name, )*
                }
            }

            /// Looks a code up by its stable name.
            pub fn from_name(name: &str) -> Option<Code> {
                match name {
                    $( $name => Some(Code::$variant), )*
                    _ => None,
                }
            }
        }
    };
}

codes! {
    /// The file is not valid UTF-8 text.
    Encoding = "encoding",
    /// The `---` front-matter block is missing, unclosed or empty.
    FrontMatter = "front-matter",
    /// The front matter is not valid YAML (or site.toml is not valid TOML).
    Syntax = "syntax",
    /// A key the format does not know (often a typo).
    UnknownKey = "unknown-key",
    /// A required key is missing or empty.
    MissingField = "missing-field",
    /// A value has the wrong shape (a word where a list is expected, a list where text is).
    WrongType = "wrong-type",
    /// A value has the right shape but is not allowed (reps out of order, unknown level).
    BadValue = "bad-value",
    /// A muscle, equipment or exercise slug that does not exist.
    UnknownRef = "unknown-ref",
    /// Two files claim the same slug, or a page would be written where another one is.
    DuplicateSlug = "duplicate-slug",
    /// A page's URL collides with a generated page or a static file.
    UrlConflict = "url-conflict",
    /// An exercise lists itself as easier or harder.
    SelfLink = "self-link",
    /// The progression graph has a cycle.
    ProgressionCycle = "progression-cycle",
    /// A path file's steps are wrong (fewer than two, repeated).
    BadPath = "bad-path",
    /// An `@/` link to a page that does not exist.
    BrokenLink = "broken-link",
    /// An `@/...#anchor` link to a heading that does not exist.
    BrokenAnchor = "broken-anchor",
    /// A template failed to parse or to render.
    Template = "template",
    /// The theme named in site.toml does not exist or is incomplete.
    Theme = "theme",
    /// A file under content/ that is not a Markdown page and is not published.
    IgnoredFile = "ignored-file",
    /// A Markdown body starts its headings at `#`, which duplicates the page title.
    BodyH1 = "body-h1",
    /// An exercise has no common errors.
    NoCommonErrors = "no-common-errors",
    /// An exercise has no cues.
    NoCues = "no-cues",
    /// An exercise has no easier or harder neighbour and is on no path.
    Isolated = "isolated-exercise",
    /// A muscle or equipment page that no page links to.
    Orphan = "orphan-page",
    /// A summary that is longer than one sentence.
    LongSummary = "long-summary",
    /// A path whose steps go against the progression graph.
    PathOrder = "path-order",
    /// An `@/` link to a draft page.
    LinkToDraft = "link-to-draft",
    /// A muscle's `map_region` that the theme's body map does not draw.
    UnknownMapRegion = "unknown-map-region",
    /// Two pages of one kind with the same title.
    DuplicateTitle = "duplicate-title",
    /// A `category` or `level` word written with capitals (`Strength`).
    WordCase = "word-case",
    /// A picture, video or captions file that a page names but that does not exist, or
    /// lies outside the page's bundle and `static/`.
    MissingFile = "missing-file",
    /// A picture that cannot be published: not a supported type, not decodable, too large.
    BadImage = "bad-image",
    /// A file in a page bundle that its page does not use (it is not published).
    UnusedFile = "unused-file",
    /// A Markdown image with an empty alt text (`![](x.jpg)`).
    ImageNoAlt = "image-no-alt",
    /// A picture loaded from another host, which every reader's browser would contact.
    RemoteImage = "remote-image",
    /// A routine whose estimated duration is 90 minutes or more.
    LongRoutine = "long-routine",
    /// A routine step that sets reps or a hold for a per-side exercise without saying
    /// whether they are for each side.
    PerSideUnstated = "per-side-unstated",
    /// A routine's `section` heading with no exercise after it.
    EmptySection = "empty-section",
    /// A word of the theme that the site's language has no translation for (it is shown
    /// in English).
    MissingTranslation = "missing-translation",
    /// A translation that gives structured data (muscles, dose, progression, steps...)
    /// different from its default-language page.
    TranslationDiffers = "translation-differs",
    /// A translation file in a language the site does not list, or without its
    /// default-language page.
    BadTranslation = "bad-translation",
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}

/// A position in a file: 1-based line and 1-based column (in characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize)]
pub struct Pos {
    /// 1-based line.
    pub line: u32,
    /// 1-based column, counted in characters.
    pub column: u32,
}

/// One problem in the site, located as precisely as we know.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// Stable kind of problem.
    pub code: Code,
    /// The file, relative to the site root, with `/` separators (`content/exercises/x.md`).
    pub file: String,
    /// Where the problem starts, when known.
    pub start: Option<Pos>,
    /// Where the offending text ends (exclusive), when known.
    pub end: Option<Pos>,
    /// The front-matter field, as a path (`progression.harder[1]`), when there is one.
    pub field: Option<String>,
    /// One terse sentence in the author's words.
    pub message: String,
    /// How to fix it, when we can say.
    pub hint: Option<String>,
}

impl Diagnostic {
    /// A new error in `file` with no position yet.
    pub fn error(code: Code, file: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            code,
            file: file.into(),
            start: None,
            end: None,
            field: None,
            message: message.into(),
            hint: None,
        }
    }

    /// A new warning in `file` with no position yet.
    pub fn warning(code: Code, file: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(code, file, message)
        }
    }

    /// Sets the line (column 1).
    pub fn at_line(mut self, line: u32) -> Self {
        self.start = Some(Pos { line, column: 1 });
        self
    }

    /// Sets the start position and, optionally, the end of the offending text.
    pub fn at(mut self, start: Pos, end: Option<Pos>) -> Self {
        self.start = Some(start);
        self.end = end;
        self
    }

    /// Sets the field path.
    pub fn field(mut self, field: impl Into<String>) -> Self {
        let field = field.into();
        self.field = (!field.is_empty()).then_some(field);
        self
    }

    /// Sets the hint.
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Sets the hint when there is one.
    pub fn maybe_hint(mut self, hint: Option<String>) -> Self {
        if hint.is_some() {
            self.hint = hint;
        }
        self
    }

    /// True for errors.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The sort key: file, then position, then code, so output is stable.
    fn sort_key(&self) -> (&str, u32, u32, Severity, Code, &str) {
        let (line, col) = self.start.map_or((0, 0), |p| (p.line, p.column));
        (
            &self.file,
            line,
            col,
            self.severity,
            self.code,
            &self.message,
        )
    }
}

impl fmt::Display for Diagnostic {
    /// The one-line form, `path:line:col: error[code]: field: message`, followed by an
    /// indented hint line when there is a hint. Editors and terminals can jump to the
    /// location because it comes first.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.file)?;
        if let Some(p) = self.start {
            write!(f, ":{}:{}", p.line, p.column)?;
        }
        write!(f, ": {}[{}]: ", self.severity, self.code)?;
        if let Some(field) = &self.field {
            write!(f, "{field}: ")?;
        }
        f.write_str(&self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, "\n  hint: {hint}")?;
        }
        Ok(())
    }
}

/// A list of diagnostics, collected over a whole run.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Diagnostics(Vec<Diagnostic>);

impl Diagnostics {
    /// An empty list.
    pub fn new() -> Self {
        Diagnostics(Vec::new())
    }

    /// Adds one.
    pub fn push(&mut self, d: Diagnostic) {
        self.0.push(d);
    }

    /// Adds many.
    pub fn extend(&mut self, ds: impl IntoIterator<Item = Diagnostic>) {
        self.0.extend(ds);
    }

    /// True when any diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.0.iter().any(Diagnostic::is_error)
    }

    /// Number of errors.
    pub fn error_count(&self) -> usize {
        self.0.iter().filter(|d| d.is_error()).count()
    }

    /// Number of warnings.
    pub fn warning_count(&self) -> usize {
        self.0.len() - self.error_count()
    }

    /// True when there is nothing at all.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Number of diagnostics.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Sorts by file, then line and column, and removes exact duplicates.
    pub fn sort(&mut self) {
        self.0.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        self.0.dedup();
    }

    /// Drops warnings whose code is in `allowed` (site.toml `[warnings] allow`).
    pub fn silence(&mut self, allowed: &[Code]) {
        self.0
            .retain(|d| d.is_error() || !allowed.contains(&d.code));
    }

    /// Iterates in the current order.
    pub fn iter(&self) -> std::slice::Iter<'_, Diagnostic> {
        self.0.iter()
    }

    /// The diagnostics as a slice.
    pub fn as_slice(&self) -> &[Diagnostic] {
        &self.0
    }

    /// Takes the diagnostics out.
    pub fn into_vec(self) -> Vec<Diagnostic> {
        self.0
    }

    /// A one-line tally: "2 errors and 1 warning in 2 files".
    pub fn summary(&self) -> String {
        let mut files: Vec<&str> = self.0.iter().map(|d| d.file.as_str()).collect();
        files.sort_unstable();
        files.dedup();
        let mut parts = Vec::new();
        let (e, w) = (self.error_count(), self.warning_count());
        if e > 0 {
            parts.push(plural(e, "error"));
        }
        if w > 0 {
            parts.push(plural(w, "warning"));
        }
        if parts.is_empty() {
            return "no problems".to_string();
        }
        format!("{} in {}", parts.join(" and "), plural(files.len(), "file"))
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl<'a> IntoIterator for &'a Diagnostics {
    type Item = &'a Diagnostic;
    type IntoIter = std::slice::Iter<'a, Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

impl FromIterator<Diagnostic> for Diagnostics {
    fn from_iter<T: IntoIterator<Item = Diagnostic>>(iter: T) -> Self {
        Diagnostics(iter.into_iter().collect())
    }
}

/// "1 error", "3 errors".
pub(crate) fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_names_round_trip_and_are_unique() {
        let mut names: Vec<&str> = Code::ALL.iter().map(|c| c.name()).collect();
        for c in Code::ALL {
            assert_eq!(Code::from_name(c.name()), Some(*c));
        }
        names.sort_unstable();
        let n = names.len();
        names.dedup();
        assert_eq!(n, names.len());
    }

    #[test]
    fn displays_location_first_then_field_and_hint() {
        let d = Diagnostic::error(
            Code::UnknownRef,
            "content/exercises/a.md",
            "unknown exercise 'glute-brige'",
        )
        .at(
            Pos {
                line: 9,
                column: 12,
            },
            None,
        )
        .field("progression.harder[1]")
        .hint("did you mean 'glute-bridge'?");
        assert_eq!(
            d.to_string(),
            "content/exercises/a.md:9:12: error[unknown-ref]: progression.harder[1]: unknown exercise 'glute-brige'\n  hint: did you mean 'glute-bridge'?"
        );
    }

    #[test]
    fn sorts_by_file_then_line() {
        let mut ds = Diagnostics::new();
        ds.push(Diagnostic::error(Code::BadValue, "b.md", "x").at_line(3));
        ds.push(Diagnostic::error(Code::BadValue, "a.md", "x").at_line(9));
        ds.push(Diagnostic::error(Code::BadValue, "a.md", "x").at_line(2));
        ds.sort();
        let order: Vec<(String, u32)> = ds
            .iter()
            .map(|d| (d.file.clone(), d.start.unwrap().line))
            .collect();
        assert_eq!(
            order,
            vec![("a.md".into(), 2), ("a.md".into(), 9), ("b.md".into(), 3)]
        );
    }
}
