//! Finding the files of a site and reading them.
//!
//! This module owns the file-system walk of `content/` (walkdir) and the rules of which files
//! are pages: Markdown files whose name does not start with `_` or `.` (except `_index.md`),
//! in folders whose name does not start with `_` or `.`. It also owns [`LineIndex`], which
//! turns byte offsets into the line and column numbers diagnostics show.

use std::path::{Path, PathBuf};

use anyhow::Context as _;
use walkdir::WalkDir;

use crate::diagnostic::Pos;

/// A Markdown file found under `content/`, not yet read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SourcePath {
    /// Path relative to `content/`, with `/` separators: `exercises/glute-bridge.md`.
    pub rel: String,
    /// Absolute (or root-joined) path on disk.
    pub abs: PathBuf,
}

/// What a walk of `content/` found.
#[derive(Debug, Default)]
pub(crate) struct Discovery {
    /// Markdown pages, sorted by relative path.
    pub pages: Vec<SourcePath>,
    /// Other files under content/ that are not published (reported as warnings).
    pub ignored: Vec<String>,
    /// Files of page bundles (a folder holding `index.md`, see [`bundle_dir`]) other than
    /// its Markdown files, sorted: what a bundle's page may use (`media:`, `image:`,
    /// Markdown images).
    pub bundle_files: Vec<SourcePath>,
}

/// The bundle folder of a page (`exercises/glute-bridge` for
/// `exercises/glute-bridge/index.md`), or `None` when the page is a plain file. A folder
/// directly under `content/` holds a bundle (an article's); `content/index.md` and a
/// section's own folder (`exercises/index.md`) do not.
pub(crate) fn bundle_dir(rel: &str) -> Option<&str> {
    let dir = rel.strip_suffix("/index.md")?;
    let is_section = matches!(dir, "exercises" | "muscles" | "equipment" | "paths");
    (!dir.is_empty() && !is_section).then_some(dir)
}

/// The name a page has by its file (its slug unless `slug:` says otherwise): the file name
/// without `.md`, or a bundle's folder name.
pub(crate) fn page_stem(rel: &str) -> &str {
    let rel = bundle_dir(rel).map_or(rel, |d| d);
    let name = rel.rsplit('/').next().unwrap_or(rel);
    name.strip_suffix(".md")
        .or_else(|| name.strip_suffix(".MD"))
        .unwrap_or(name)
}

/// For a translation (`exercises/x.sv.md`, `exercises/x/index.sv.md`, `_index.sv.md`): the
/// path of its default-language page (`exercises/x.md`) and the language (`sv`). A file
/// is a translation when the part of its name before `.md` ends in `.` and something
/// shaped like a language tag (`sv`, `pt-BR`, `zh-Hans`).
pub(crate) fn translation_of(rel: &str) -> Option<(String, &str)> {
    let stem = rel.strip_suffix(".md")?;
    let (base, lang) = stem.rsplit_once('.')?;
    if lang.contains('/') || base.is_empty() || base.ends_with('/') {
        return None;
    }
    let mut parts = lang.split('-');
    let first = parts.next()?;
    let tag_like = (2..=3).contains(&first.len())
        && first.bytes().all(|b| b.is_ascii_alphabetic())
        && parts
            .all(|p| (2..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()));
    tag_like.then(|| (format!("{base}.md"), lang))
}

/// True for the temporary and backup files editors leave next to the files they save
/// (vim's `4913` and `*~`, emacs's `#x#`, `*.swp`, `*.tmp`). They are skipped silently.
pub(crate) fn is_editor_temp(name: &str) -> bool {
    name.ends_with('~')
        || name == "4913"
        || (name.starts_with('#') && name.ends_with('#'))
        || [
            ".swp",
            ".swx",
            ".swo",
            ".tmp",
            ".bak",
            ".part",
            ".crdownload",
        ]
        .iter()
        .any(|ext| name.ends_with(ext))
}

/// True when a file or folder name is hidden from publishing by its first character.
fn is_hidden(name: &str) -> bool {
    name.starts_with('.') || name.starts_with('_')
}

/// `path` relative to `dir`, with `/` separators.
fn relative(dir: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(dir).unwrap_or(path);
    match rel.to_str() {
        // The common case: one allocation, no per-component work.
        Some(s) if std::path::MAIN_SEPARATOR == '/' => s.to_string(),
        _ => rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/"),
    }
}

/// Walks `content_dir` and returns its pages in a stable order.
///
/// A missing `content/` folder is not an error here (the caller reports it); an unreadable
/// folder is an environment error.
pub(crate) fn discover(content_dir: &Path) -> anyhow::Result<Discovery> {
    let mut found = Discovery::default();
    if !content_dir.is_dir() {
        return Ok(found);
    }
    let walker = WalkDir::new(content_dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            e.depth() == 0
                || !e.file_type().is_dir()
                || !is_hidden(&e.file_name().to_string_lossy())
        });
    // Files other than pages, and Markdown files, until bundles are known.
    let mut others: Vec<SourcePath> = Vec::new();
    let mut markdown: Vec<SourcePath> = Vec::new();
    for entry in walker {
        let entry = entry.with_context(|| format!("reading folder {}", content_dir.display()))?;
        if entry.file_type().is_dir() {
            continue;
        }
        let name = entry.file_name().to_string_lossy().into_owned();
        let rel = relative(content_dir, entry.path());
        if is_editor_temp(&name) || name.starts_with('.') {
            continue;
        }
        let is_md = Path::new(&name)
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("md"));
        let file = SourcePath {
            rel,
            abs: entry.into_path(),
        };
        if !is_md {
            others.push(file);
            continue;
        }
        if name.starts_with('_')
            && name != "_index.md"
            && translation_of(&name).is_none_or(|(b, _)| b != "_index.md")
        {
            continue;
        }
        markdown.push(file);
    }
    // A folder holding `index.md` is a bundle: every other file below it belongs to it.
    let bundles: std::collections::HashSet<String> = markdown
        .iter()
        .filter_map(|p| bundle_dir(&p.rel).map(str::to_string))
        .collect();
    // A translation of a bundle's page (`x/index.sv.md`) belongs to the bundle's folder.
    let own_bundle_of = |rel: &str| -> Option<String> {
        match translation_of(rel) {
            Some((base, _)) => bundle_dir(&base).map(str::to_string),
            None => bundle_dir(rel).map(str::to_string),
        }
    };
    let in_bundle = |rel: &str| {
        let mut dir = rel;
        while let Some((parent, _)) = dir.rsplit_once('/') {
            if bundles.contains(parent) {
                return true;
            }
            dir = parent;
        }
        false
    };
    let (inside, outside): (Vec<_>, Vec<_>) = others.into_iter().partition(|f| in_bundle(&f.rel));
    found.bundle_files = inside;
    found.ignored = outside.into_iter().map(|f| f.rel).collect();
    for page in markdown {
        // A Markdown file inside another page's bundle is part of that bundle, not a page.
        let own_bundle = own_bundle_of(&page.rel);
        let nested = own_bundle.is_none() && in_bundle(&page.rel)
            || own_bundle.is_some_and(|b| in_bundle(&b));
        if nested {
            found.ignored.push(page.rel);
        } else {
            found.pages.push(page);
        }
    }
    found.pages.sort_by(|a, b| a.rel.cmp(&b.rel));
    found.bundle_files.sort_by(|a, b| a.rel.cmp(&b.rel));
    Ok(found)
}

/// Byte offset to line/column conversion for one text.
#[derive(Debug, Clone)]
pub(crate) struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    /// Indexes the line starts of `text`.
    pub(crate) fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        LineIndex { starts }
    }

    /// 1-based line of a byte offset.
    pub(crate) fn line(&self, offset: usize) -> u32 {
        match self.starts.binary_search(&offset) {
            Ok(i) => i as u32 + 1,
            Err(i) => i as u32,
        }
    }

    /// 1-based line and character column of a byte offset in `text` (the indexed text).
    pub(crate) fn pos(&self, text: &str, offset: usize) -> Pos {
        let offset = offset.min(text.len());
        let line = self.line(offset);
        let start = self.starts[line as usize - 1];
        let column = text
            .get(start..offset)
            .map_or(offset - start, |s| s.chars().count()) as u32
            + 1;
        Pos { line, column }
    }

    /// Byte offset where a 1-based line starts, if the text has that line.
    #[cfg(test)]
    pub(crate) fn line_start(&self, line: u32) -> Option<usize> {
        self.starts.get((line as usize).checked_sub(1)?).copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_index_counts_lines_and_chars() {
        let text = "ab\nçd\n\nx";
        let ix = LineIndex::new(text);
        assert_eq!(ix.pos(text, 0), Pos { line: 1, column: 1 });
        assert_eq!(ix.pos(text, 3), Pos { line: 2, column: 1 });
        // 'd' is after a two-byte 'ç': column 2.
        assert_eq!(ix.pos(text, 5), Pos { line: 2, column: 2 });
        assert_eq!(ix.pos(text, 7), Pos { line: 3, column: 1 });
        assert_eq!(ix.pos(text, 8), Pos { line: 4, column: 1 });
        assert_eq!(ix.line_start(4), Some(8));
    }

    #[test]
    fn recognises_translations() {
        let t = |rel: &str| translation_of(rel).map(|(b, l)| (b, l.to_string()));
        assert_eq!(
            t("exercises/x.sv.md"),
            Some(("exercises/x.md".into(), "sv".into()))
        );
        assert_eq!(
            t("exercises/x/index.pt-BR.md"),
            Some(("exercises/x/index.md".into(), "pt-BR".into()))
        );
        assert_eq!(t("_index.fr.md"), Some(("_index.md".into(), "fr".into())));
        for not in [
            "exercises/x.md",
            "v1.2.md",
            "a/.sv.md",
            "x.s.md",
            "x.swedish.md",
            "x.sv-.md",
        ] {
            assert_eq!(t(not), None, "{not}");
        }
    }

    #[test]
    fn recognises_editor_temp_files() {
        for name in ["x.md~", "4913", ".x.md.swp", "#x.md#", "x.tmp"] {
            assert!(is_editor_temp(name), "{name}");
        }
        assert!(!is_editor_temp("glute-bridge.md"));
    }
}
