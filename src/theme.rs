//! Themes: which templates and static files a site renders with.
//!
//! Three layers, each overriding the one before by file name:
//! 1. the default theme built into the binary (the files of `themes/default/` in this
//!    repository, embedded at compile time), so a site with no `themes/` folder builds;
//! 2. the theme named in site.toml, `themes/<name>/templates/` and `themes/<name>/static/`
//!    in the site (a partial theme inherits what it lacks from the default);
//! 3. the site's own `templates/` (single templates) and `static/` (files).
//!
//! Template syntax errors are diagnostics that name the template file and line.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use anyhow::Context as _;
use walkdir::WalkDir;

use crate::diagnostic::{Code, Diagnostic, Diagnostics, Pos};

// Messages too long to sit inside a statement (rustfmt leaves such statements unformatted).
const HINT_FIX_THE_TEMPLATE_THE_THEME: &str =
    "fix the template; the theme contract (docs/theming.md) lists the variables each template gets";

macro_rules! embedded {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_bytes!(concat!("../themes/default/", $name)) as &[u8])),*]
    };
}

/// The default theme's files, relative to `themes/default/`.
pub(crate) const DEFAULT_FILES: &[(&str, &[u8])] = embedded![
    "templates/base.html",
    "templates/macros.html",
    "templates/home.html",
    "templates/exercise.html",
    "templates/muscle.html",
    "templates/equipment.html",
    "templates/path.html",
    "templates/article.html",
    "templates/exercises.html",
    "templates/muscles.html",
    "templates/equipment_list.html",
    "templates/paths.html",
    "templates/routine.html",
    "templates/routines.html",
    "templates/404.html",
    "static/style.css",
    "static/favicon.svg",
    "static/icon-192.png",
    "static/icon-512.png",
    "static/icon-maskable-512.png",
    "static/bodymap.svg",
    "static/search.js",
    "static/filters.js",
    "static/video.js",
    "static/routine.js",
    "static/vendor/minisearch/index.js",
    "static/vendor/minisearch/LICENSE.txt",
];

/// Where a file of the theme comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// Built into the binary.
    Embedded(&'static [u8]),
    /// A file of the site.
    Disk(PathBuf),
}

/// A static file to copy into the output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaticFile {
    /// Output path, `/`-separated (`style.css`).
    pub rel: String,
    /// Its content.
    pub origin: Origin,
}

impl StaticFile {
    /// The file's bytes: borrowed when built in, read from disk otherwise.
    pub fn bytes(&self) -> anyhow::Result<std::borrow::Cow<'static, [u8]>> {
        match &self.origin {
            Origin::Embedded(b) => Ok(std::borrow::Cow::Borrowed(*b)),
            Origin::Disk(p) => std::fs::read(p)
                .map(std::borrow::Cow::Owned)
                .map_err(|e| anyhow::anyhow!("reading {}: {e}", p.display())),
        }
    }
}

/// A template's source, for error messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateSource {
    /// The path shown to authors (`themes/default/templates/exercise.html`, or
    /// `(built-in default theme) templates/exercise.html`).
    pub display: String,
    /// The template text.
    pub text: String,
}

/// A loaded theme: compiled templates and the static files to copy.
pub struct Theme {
    /// Compiled templates, by name (`exercise.html`).
    pub tera: tera::Tera,
    /// Where each template came from.
    pub sources: BTreeMap<String, TemplateSource>,
    /// Static files, theme first then site, later entries replacing earlier ones.
    pub static_files: Vec<StaticFile>,
    /// A hash of every template's name and text: changes when any template changes.
    pub fingerprint: u64,
    /// Translation tables of the site's theme and of the site (`i18n/<lang>.toml`), by
    /// language tag, lowest precedence first (the default theme's are built in, see
    /// [`crate::i18n::builtin`]).
    pub tables: Vec<(String, crate::i18n::TableSource)>,
}

/// The body map's static file, drawn with `<use href="bodymap.svg#ID">` (docs/theming.md).
pub(crate) const BODY_MAP: &str = "bodymap.svg";

impl Theme {
    /// The words of `lang`: English, then the default theme's table of the language, the
    /// site's theme's and the site's own. Problems of the site's tables and the keys that
    /// fall back to English go to `diags`.
    pub(crate) fn strings(&self, lang: &str, diags: &mut Diagnostics) -> crate::i18n::Strings {
        use crate::i18n::{builtin, parse_table, primary};
        let mut quiet = Diagnostics::new();
        let english = crate::i18n::english_table();
        let own = builtin(lang).filter(|_| primary(lang) != "en");
        let mut sources: Vec<&crate::i18n::TableSource> = own.iter().collect();
        // A table for the primary language (`pt.toml`) serves a regional tag (`pt-BR`)
        // too; the exact tag's table comes after it and wins.
        for (l, src) in &self.tables {
            if l.eq_ignore_ascii_case(&primary(lang)) && !l.eq_ignore_ascii_case(lang) {
                sources.push(src);
            }
        }
        for (l, src) in &self.tables {
            if l.eq_ignore_ascii_case(lang) {
                sources.push(src);
            }
        }
        let tables: Vec<_> = sources
            .into_iter()
            .map(|src| {
                let t = if src.of_site {
                    parse_table(src, diags)
                } else {
                    parse_table(src, &mut quiet)
                };
                (t, src)
            })
            .collect();
        crate::i18n::Strings::new(lang, english, &tables, diags)
    }

    /// The templates with the words of `strings` written into them: each `{{ t.section.key }}`
    /// whose value is plain text becomes that text, escaped as Tera would print it, so a
    /// page pays nothing to look its words up. What the templates compute from `t` in any
    /// other way still finds `t` among the globals. The compiled templates as they are when
    /// they cannot be compiled again (they compiled once, so that does not happen).
    pub(crate) fn localized(&self, strings: &crate::i18n::Strings) -> tera::Tera {
        let mut tera = tera::Tera::new();
        register(&mut tera);
        let folded: Vec<(&str, String)> = self
            .sources
            .iter()
            .map(|(name, src)| {
                let escape = [".html", ".htm", ".xml"].iter().any(|s| name.ends_with(s));
                (name.as_str(), fold_words(&src.text, strings, escape))
            })
            .collect();
        match tera.add_raw_templates(folded.iter().map(|(n, t)| (*n, t.as_str()))) {
            Ok(()) => tera,
            Err(_) => self.tera.clone(),
        }
    }

    /// The region ids of the theme's body map (every `id` in `bodymap.svg` but the fixed
    /// `outline` and `regions`), sorted; `None` when the theme has no body map or it cannot
    /// be read.
    pub fn body_map_regions(&self) -> Option<Vec<String>> {
        let file = self.static_files.iter().rev().find(|f| f.rel == BODY_MAP)?;
        let bytes = file.bytes().ok()?;
        let text = String::from_utf8_lossy(&bytes);
        let mut ids: Vec<String> = text
            .split(" id=\"")
            .skip(1)
            .filter_map(|rest| rest.split_once('"').map(|(id, _)| id))
            .filter(|id| !matches!(*id, "outline" | "regions"))
            .map(str::to_string)
            .collect();
        ids.sort();
        ids.dedup();
        Some(ids)
    }
}

/// The page templates every theme must provide (the default theme provides them all): one
/// per page kind and list. The one place their file names are spelled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum PageTemplate {
    /// `home.html`
    Home,
    /// `exercise.html`
    Exercise,
    /// `muscle.html`
    Muscle,
    /// `equipment.html` (also the generated bodyweight page)
    Equipment,
    /// `path.html`
    Path,
    /// `article.html`
    Article,
    /// `exercises.html`
    Exercises,
    /// `muscles.html`
    Muscles,
    /// `equipment_list.html`
    EquipmentList,
    /// `paths.html`
    Paths,
    /// `routine.html`
    Routine,
    /// `routines.html`
    Routines,
    /// `404.html`
    NotFound,
}

impl PageTemplate {
    /// Every page template.
    pub(crate) const ALL: [PageTemplate; 13] = [
        PageTemplate::Home,
        PageTemplate::Exercise,
        PageTemplate::Muscle,
        PageTemplate::Equipment,
        PageTemplate::Path,
        PageTemplate::Article,
        PageTemplate::Exercises,
        PageTemplate::Muscles,
        PageTemplate::EquipmentList,
        PageTemplate::Paths,
        PageTemplate::Routine,
        PageTemplate::Routines,
        PageTemplate::NotFound,
    ];

    /// The template's file name under `templates/`.
    pub(crate) fn name(self) -> &'static str {
        match self {
            PageTemplate::Home => "home.html",
            PageTemplate::Exercise => "exercise.html",
            PageTemplate::Muscle => "muscle.html",
            PageTemplate::Equipment => "equipment.html",
            PageTemplate::Path => "path.html",
            PageTemplate::Article => "article.html",
            PageTemplate::Exercises => "exercises.html",
            PageTemplate::Muscles => "muscles.html",
            PageTemplate::EquipmentList => "equipment_list.html",
            PageTemplate::Paths => "paths.html",
            PageTemplate::Routine => "routine.html",
            PageTemplate::Routines => "routines.html",
            PageTemplate::NotFound => "404.html",
        }
    }
}

fn read_dir_files(dir: &Path) -> anyhow::Result<Vec<(String, PathBuf)>> {
    let mut out = Vec::new();
    if !dir.is_dir() {
        return Ok(out);
    }
    for entry in WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.with_context(|| format!("reading folder {}", dir.display()))?;
        if !entry.file_type().is_file() {
            continue;
        }
        let name = entry.file_name().to_string_lossy();
        if name.starts_with('.') || crate::source::is_editor_temp(&name) {
            continue;
        }
        let rel = entry
            .path()
            .strip_prefix(dir)
            .unwrap_or(entry.path())
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/");
        out.push((rel, entry.into_path()));
    }
    Ok(out)
}

/// Loads the theme of a site at `root`.
///
/// `Err` is an environment failure (unreadable files); `Ok(Err(_))` means the theme has
/// problems the author can fix (missing theme, template syntax errors).
pub(crate) fn load(root: &Path, theme_name: &str) -> anyhow::Result<Result<Theme, Diagnostics>> {
    let mut diags = Diagnostics::new();
    let mut templates: BTreeMap<String, TemplateSource> = BTreeMap::new();
    let mut statics: BTreeMap<String, Origin> = BTreeMap::new();

    for (name, bytes) in DEFAULT_FILES {
        if let Some(t) = name.strip_prefix("templates/") {
            templates.insert(
                t.to_string(),
                TemplateSource {
                    display: format!("(built-in default theme) templates/{t}"),
                    text: String::from_utf8_lossy(bytes).into_owned(),
                },
            );
        } else if let Some(s) = name.strip_prefix("static/") {
            statics.insert(s.to_string(), Origin::Embedded(bytes));
        }
    }

    let theme_dir = root.join("themes").join(theme_name);
    if theme_dir.is_dir() {
        for (rel, path) in read_dir_files(&theme_dir.join("templates"))? {
            let display = format!("themes/{theme_name}/templates/{rel}");
            templates.insert(rel, read_template(&path, display, &mut diags)?);
        }
        for (rel, path) in read_dir_files(&theme_dir.join("static"))? {
            statics.insert(rel, Origin::Disk(path));
        }
    } else if theme_name != "default" {
        let available: Vec<String> = std::fs::read_dir(root.join("themes"))
            .map(|rd| {
                rd.filter_map(Result::ok)
                    .filter(|e| e.path().is_dir())
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .collect()
            })
            .unwrap_or_default();
        let mut choices = available.clone();
        choices.push("default".into());
        choices.sort();
        let hint = crate::suggest::hint(theme_name, choices.iter().map(String::as_str))
            .unwrap_or_else(|| format!("the themes available are: {}", choices.join(", ")));
        let d = Diagnostic::error(
            Code::Theme,
            crate::config::FILE,
            format!("theme '{theme_name}' not found: there is no themes/{theme_name}/ folder"),
        )
        .field("theme")
        .hint(hint);
        diags.push(d);
    }
    let mut tables = Vec::new();
    let table_dirs = [
        (theme_dir.join("i18n"), format!("themes/{theme_name}/i18n")),
        (root.join("i18n"), "i18n".to_string()),
    ];
    for (dir, shown) in table_dirs {
        for (rel, path) in read_dir_files(&dir)? {
            let Some(lang) = rel.strip_suffix(".toml").filter(|l| !l.contains('/')) else {
                continue;
            };
            let display = format!("{shown}/{rel}");
            let bytes =
                std::fs::read(&path).with_context(|| format!("reading {}", path.display()))?;
            let Ok(text) = String::from_utf8(bytes) else {
                diags.push(
                    Diagnostic::error(Code::Encoding, display, "the table is not UTF-8 text")
                        .hint("save it as UTF-8"),
                );
                continue;
            };
            if !crate::config::is_language_tag(lang) {
                diags.push(
                    Diagnostic::warning(
                        Code::IgnoredFile,
                        display,
                        format!("'{lang}' is not a language tag: this table is not used"),
                    )
                    .hint("name tables by language: i18n/sv.toml, i18n/pt-BR.toml"),
                );
                continue;
            }
            tables.push((
                lang.to_string(),
                crate::i18n::TableSource {
                    display,
                    text,
                    of_site: true,
                },
            ));
        }
    }
    for (rel, path) in read_dir_files(&root.join("templates"))? {
        let display = format!("templates/{rel}");
        templates.insert(rel, read_template(&path, display, &mut diags)?);
    }
    for (rel, path) in read_dir_files(&root.join("static"))? {
        statics.insert(rel, Origin::Disk(path));
    }

    // Parse each template on its own first, so every syntax error is reported, not just the
    // first one Tera meets.
    for (name, src) in &templates {
        let mut probe = tera::Tera::new();
        register(&mut probe);
        if let Err(e) = probe.add_raw_template(name, &src.text)
            && matches!(e.kind(), tera::ErrorKind::SyntaxError(_))
        {
            diags.extend(template_diagnostics(&e, &templates, None));
        }
    }
    if diags.has_errors() {
        return Ok(Err(diags));
    }
    let mut tera = tera::Tera::new();
    register(&mut tera);
    if let Err(e) =
        tera.add_raw_templates(templates.iter().map(|(n, s)| (n.as_str(), s.text.as_str())))
    {
        diags.extend(template_diagnostics(&e, &templates, None));
        return Ok(Err(diags));
    }
    for name in PageTemplate::ALL.map(PageTemplate::name) {
        if !tera.contains_template(name) {
            diags.push(Diagnostic::error(
                Code::Theme,
                format!("themes/{theme_name}/templates/{name}"),
                format!("the theme has no template '{name}'"),
            ));
        }
    }
    if diags.has_errors() {
        return Ok(Err(diags));
    }

    let fingerprint = {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        for (name, src) in &templates {
            name.hash(&mut h);
            src.text.hash(&mut h);
        }
        h.finish()
    };
    Ok(Ok(Theme {
        tera,
        sources: templates,
        static_files: statics
            .into_iter()
            .map(|(rel, origin)| StaticFile { rel, origin })
            .collect(),
        fingerprint,
        tables,
    }))
}

fn read_template(
    path: &Path,
    display: String,
    diags: &mut Diagnostics,
) -> anyhow::Result<TemplateSource> {
    let bytes = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            diags.push(
                Diagnostic::error(
                    Code::Encoding,
                    display.clone(),
                    "the template is not UTF-8 text",
                )
                .hint("save it as UTF-8"),
            );
            String::from_utf8_lossy(e.as_bytes()).into_owned()
        }
    };
    Ok(TemplateSource {
        display,
        text: text.replace("\r\n", "\n"),
    })
}

/// Registers movebook's own filters and functions on a Tera instance.
fn register(tera: &mut tera::Tera) {
    tera.register_filter(
        "urlencode",
        |s: &str, _: tera::Kwargs, _: &tera::State| -> String {
            let mut out = String::with_capacity(s.len());
            for b in s.bytes() {
                if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
                    out.push(b as char);
                } else {
                    let _ = write!(out, "%{b:02X}");
                }
            }
            out
        },
    );
    tera.register_filter(
        "json",
        |v: tera::Value, _: tera::Kwargs, _: &tera::State| -> tera::TeraResult<String> {
            let json =
                serde_json::to_string(&v).map_err(|e| tera::Error::message(e.to_string()))?;
            Ok(crate::html::script_safe(&json))
        },
    );
    register_tr(tera, crate::i18n::english_arc());
}

/// `text` with each `{{ t.section.key }}` of a plain-text word replaced by the word
/// (HTML-escaped when the template escapes its output), and each `t.section.key` left in an
/// expression (`join(sep=t.meta.list_separator)`, a component's argument) by the word as a
/// string literal. Anything else is left alone.
fn fold_words(text: &str, strings: &crate::i18n::Strings, escape: bool) -> String {
    let printed = fold_prints(text, strings, escape);
    // Inside the tags only: `{{ ... }}` and `{% ... %}`.
    let mut out = String::with_capacity(printed.len());
    let mut rest = printed.as_str();
    loop {
        let open = match (rest.find("{{"), rest.find("{%")) {
            (Some(a), Some(b)) => a.min(b),
            (Some(a), None) | (None, Some(a)) => a,
            (None, None) => break,
        };
        let (before, from) = rest.split_at(open);
        out.push_str(before);
        let close = if from.starts_with("{{") { "}}" } else { "%}" };
        let Some(end) = from.find(close) else {
            break;
        };
        let (tag, after) = from.split_at(end);
        out.push_str(&fold_literals(tag, strings));
        rest = after;
    }
    out.push_str(rest);
    out
}

/// The `t.section.key` references inside expressions as string literals.
fn fold_literals(text: &str, strings: &crate::i18n::Strings) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("t.") {
        let (before, from) = rest.split_at(at);
        out.push_str(before);
        // A reference starts after an expression's punctuation or a space.
        let starts = before
            .chars()
            .last()
            .is_some_and(|c| matches!(c, ' ' | '(' | '=' | ',' | '{' | '['));
        let len = from
            .get(2..)
            .unwrap_or_default()
            .bytes()
            .take_while(|b| b.is_ascii_alphanumeric() || *b == b'_' || *b == b'.')
            .count();
        let key = from.get(2..2 + len).unwrap_or_default();
        let literal = (starts && key.split('.').count() == 2 && !key.ends_with('.'))
            .then(|| strings.text(key))
            .flatten()
            .and_then(|w| {
                ['"', '\'', '`']
                    .into_iter()
                    .find(|q| !w.contains(*q) && !w.contains('\n'))
                    .map(|q| format!("{q}{w}{q}"))
            });
        if let Some(l) = literal {
            out.push_str(&l);
            rest = from.get(2 + len..).unwrap_or_default();
        } else {
            out.push_str("t.");
            rest = from.get(2..).unwrap_or_default();
        }
    }
    out.push_str(rest);
    out
}

/// The `{{ t.section.key }}` prints as text.
fn fold_prints(text: &str, strings: &crate::i18n::Strings, escape: bool) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("{{ t.") {
        let (before, from) = rest.split_at(at);
        out.push_str(before);
        let Some(end) = from.find("}}") else {
            break;
        };
        let expr = from.get(3..end).unwrap_or_default().trim();
        let key = expr.strip_prefix("t.").unwrap_or_default();
        let plain = key.split('.').count() == 2
            && key
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'.');
        match strings.text(key).filter(|w| plain && !w.contains('\n')) {
            Some(word) if escape => {
                let mut buf = Vec::with_capacity(word.len());
                if tera::escape_html(word, &mut buf).is_ok() {
                    out.push_str(&String::from_utf8_lossy(&buf));
                } else {
                    out.push_str(from.get(..end + 2).unwrap_or_default());
                }
            }
            Some(word) => out.push_str(word),
            None => out.push_str(from.get(..end + 2).unwrap_or_default()),
        }
        rest = from.get(end + 2..).unwrap_or_default();
    }
    out.push_str(rest);
    out
}

/// Registers `tr(key=..., n=..., name=...)` for the words of `strings` (see
/// docs/theming.md): the plural form of `key` for `n` (when given), with `{n}` and every
/// other `{name}` filled in from the keyword arguments.
pub(crate) fn register_tr(tera: &mut tera::Tera, strings: std::sync::Arc<crate::i18n::Strings>) {
    tera.register_function(
        "tr",
        move |kwargs: tera::Kwargs, _: &tera::State| -> tera::TeraResult<String> {
            use std::borrow::Cow;
            let key: &str = kwargs.must_get("key")?;
            let mut n = None;
            let mut args: Vec<(&str, Cow<'_, str>)> = Vec::with_capacity(4);
            for (k, v) in kwargs.iter() {
                let Some(name) = k.as_str() else { continue };
                if name == "key" {
                    continue;
                }
                let shown = match (v.as_str(), v.as_u64(), v.as_f64()) {
                    (Some(s), _, _) => Cow::Borrowed(s),
                    (None, Some(u), _) => Cow::Owned(strings.number(u)),
                    (None, None, Some(f)) => Cow::Owned(strings.decimal(f)),
                    _ => Cow::Owned(v.to_string()),
                };
                if name == "n" {
                    n = v.as_u64();
                }
                args.push((name, shown));
            }
            let refs: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_ref())).collect();
            Ok(match n {
                Some(n) => strings.count(key, n, &refs),
                None => strings.fmt(key, &refs),
            })
        },
    );
}

/// Turns a Tera error into diagnostics. Tera reports some problems (unknown filters,
/// functions or components, blocks missing from the parent) as one message holding one
/// rendered report per problem; each becomes its own located diagnostic.
pub(crate) fn template_diagnostics(
    e: &tera::Error,
    sources: &BTreeMap<String, TemplateSource>,
    page: Option<&str>,
) -> Vec<Diagnostic> {
    if let tera::ErrorKind::Msg(text) = e.kind() {
        let parsed = parse_reports(text, sources, page);
        if !parsed.is_empty() {
            return parsed;
        }
    }
    vec![template_diagnostic(e, sources, page)]
}

/// Parses Tera's rendered reports (`error: MESSAGE` then ` --> NAME:LINE:COL`).
fn parse_reports(
    text: &str,
    sources: &BTreeMap<String, TemplateSource>,
    page: Option<&str>,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut lines = text.lines().peekable();
    while let Some(line) = lines.next() {
        let Some(message) = line.strip_prefix("error: ") else {
            continue;
        };
        let Some(location) = lines
            .peek()
            .and_then(|l| l.trim_start().strip_prefix("--> "))
        else {
            continue;
        };
        let mut parts = location.rsplitn(3, ':');
        let (col, line_no, name) = (parts.next(), parts.next(), parts.next());
        let (Some(col), Some(line_no), Some(name)) = (
            col.and_then(|c| c.parse::<u32>().ok()),
            line_no.and_then(|l| l.parse::<u32>().ok()),
            name,
        ) else {
            continue;
        };
        let display = sources
            .get(name)
            .map_or_else(|| name.to_string(), |s| s.display.clone());
        let mut message = message.to_string();
        if let Some(page) = page {
            message = format!("{message} (while rendering {page})");
        }
        out.push(
            Diagnostic::error(Code::Template, display, message)
                .at(
                    Pos {
                        line: line_no,
                        column: col,
                    },
                    None,
                )
                .hint(HINT_FIX_THE_TEMPLATE_THE_THEME),
        );
    }
    out
}

/// Turns a Tera error into a diagnostic naming the template, the line and the root cause.
/// `page` names the page being rendered, for runtime errors.
pub(crate) fn template_diagnostic(
    e: &tera::Error,
    sources: &BTreeMap<String, TemplateSource>,
    page: Option<&str>,
) -> Diagnostic {
    let (report, file) = match e.kind() {
        tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => {
            (Some(r.as_ref()), r.filename().to_string())
        }
        _ => (None, String::new()),
    };
    let display = sources.get(&file).map_or_else(
        || {
            if file.is_empty() {
                "templates".to_string()
            } else {
                file.clone()
            }
        },
        |s| s.display.clone(),
    );
    let mut message = match report {
        Some(r) => r.message().to_string(),
        None => e.kind().to_string(),
    };
    // Walk to the root cause: Tera wraps errors of filters and functions.
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        let text = s.to_string();
        if !message.contains(&text) {
            message = format!("{message}: {text}");
        }
        source = s.source();
    }
    if let Some(page) = page {
        message = format!("{message} (while rendering {page})");
    }
    let mut d = Diagnostic::error(Code::Template, display, message);
    if let Some(r) = report {
        let span = r.span();
        if span.start_line > 0 {
            d = d.at(
                Pos {
                    line: span.start_line as u32,
                    column: span.start_col as u32 + 1,
                },
                Some(Pos {
                    line: span.end_line as u32,
                    column: span.end_col as u32 + 1,
                }),
            );
        }
    }
    d.hint(HINT_FIX_THE_TEMPLATE_THE_THEME)
}

#[cfg(test)]
mod fold_tests {
    use super::fold_words;

    #[test]
    fn plain_words_are_written_into_templates_and_nothing_else_changes() {
        let sv = crate::i18n::english();
        let t = "<h2>{{ t.page.stop_if }}</h2>{{ x | join(sep=t.meta.list_separator) }} {{ t.dose.sets }} t.page.stop_if {{ t.page.nope }} {{ t.page.stop_if | upper }}";
        let out = fold_words(t, sv, true);
        assert_eq!(
            out,
            "<h2>Stop if</h2>{{ x | join(sep=\", \") }} {{ t.dose.sets }} t.page.stop_if {{ t.page.nope }} {{ \"Stop if\" | upper }}"
        );
        // Escaped as Tera escapes what it prints.
        assert_eq!(
            fold_words("{{ t.page.search_placeholder }}", sv, true),
            "Search exercises, muscles…"
        );
        assert_eq!(
            fold_words("{{ t.page.paths_lead }}", sv, true),
            "Each path orders exercises from easier to harder. Start at the first step and move on when you meet the path&#39;s criteria."
        );
        // A template that does not escape gets the word as it is.
        assert!(fold_words("{{ t.page.paths_lead }}", sv, false).ends_with("path's criteria."));
    }
}
