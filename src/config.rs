//! `site.toml`: the site's settings, validated like content (every problem of the file in
//! one run, each located and with a hint).
//!
//! The file is parsed with toml's spanned document parser, so every key and value keeps its
//! position, and then read key by key.

use std::ops::Range;
use std::path::Path;

use serde::Serialize;
use toml::de::{DeTable, DeValue};

use crate::diagnostic::{Code, Diagnostic, Diagnostics};
use crate::source::LineIndex;

// Messages too long to sit inside a statement (rustfmt leaves such statements unformatted).
const HINT_WRITE_THE_FULL_ADDRESS_THE: &str = "write the full address the site will be published at, e.g. base_url = \"https://example.org/\"";
const HINT_ADD_A_LINE_SUCH_AS: &str =
    "add a line such as base_url = \"https://example.org/\" (or pass --base-url)";
const HINT_CREATE_SITE_TOML_WITH_TITLE: &str =
    "create site.toml with title = \"...\" and base_url = \"https://...\" (or run `movebook init`)";

/// The file name of the settings file at the site root.
pub(crate) const FILE: &str = "site.toml";

/// Validated site settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SiteConfig {
    /// Site title (required).
    pub title: String,
    /// Absolute URL the site is published at, always ending in `/` (required).
    pub base_url: String,
    /// One-sentence description (home page meta description).
    pub description: Option<String>,
    /// Theme name: `themes/<name>/` in the site, or the built-in `default`.
    pub theme: String,
    /// Output folder, relative to the site root.
    pub output_dir: String,
    /// Language of the content (`<html lang>`): the default language.
    pub language: String,
    /// Every language the site is published in, the default ([`SiteConfig::language`])
    /// first (`languages`; just the default when not set).
    pub languages: Vec<LanguageConfig>,
    /// What a language other than the default does with a page that has no translation
    /// (`untranslated`, default `fallback`).
    pub untranslated: Untranslated,
    /// Source path of the safety page that stop signals link to (default `safety.md` if it exists).
    pub safety_page: Option<String>,
    /// Author name for the feed.
    pub author: Option<String>,
    /// How many entries a list page shows before it continues on `page/2/`
    /// (`page_size`, default [`DEFAULT_PAGE_SIZE`]).
    pub page_size: usize,
    /// How images are processed (`[images]`).
    pub images: ImageConfig,
    /// How routines are timed (`[routines]`).
    pub routines: RoutineConfig,
    /// The offline copy: web app manifest and service worker (`[offline]`).
    pub offline: OfflineConfig,
    /// Warning codes silenced by `[warnings] allow = [...]`.
    #[serde(skip)]
    pub allowed_warnings: Vec<Code>,
}

impl SiteConfig {
    /// Settings for tests and tools that need a valid config without a file.
    pub fn minimal(title: &str, base_url: &str) -> Self {
        SiteConfig {
            title: title.into(),
            base_url: normalize_base_url(base_url),
            description: None,
            theme: "default".into(),
            output_dir: "public".into(),
            language: "en".into(),
            languages: vec![LanguageConfig::new("en")],
            untranslated: Untranslated::Fallback,
            safety_page: None,
            author: None,
            page_size: DEFAULT_PAGE_SIZE,
            images: ImageConfig::default(),
            routines: RoutineConfig::default(),
            offline: OfflineConfig::default(),
            allowed_warnings: Vec::new(),
        }
    }

    /// The path part of the base URL, with leading and trailing `/`: `/` or `/guide/`.
    pub fn base_path(&self) -> &str {
        let after_scheme = self
            .base_url
            .split_once("://")
            .map_or(self.base_url.as_str(), |(_, r)| r);
        match after_scheme.find('/') {
            Some(i) => &after_scheme[i..],
            None => "/",
        }
    }
}

/// One language of a multilingual site (`languages = ["en", "sv"]`, or `[languages.sv]`
/// tables that may give the site's title and description in that language).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct LanguageConfig {
    /// The language tag (`sv`, `pt-BR`).
    pub code: String,
    /// The site's title in this language (default: `title`).
    pub title: Option<String>,
    /// The site's description in this language (default: `description`).
    pub description: Option<String>,
}

impl LanguageConfig {
    fn new(code: &str) -> Self {
        LanguageConfig {
            code: code.to_string(),
            title: None,
            description: None,
        }
    }
}

/// What a language does with a page that has no translation in it (`untranslated`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Untranslated {
    /// The page is published in the language with the default language's text and a
    /// note saying it is not yet translated.
    Fallback,
    /// The page is left out of the language; its links lead to the default language's page.
    Omit,
}

/// True when `tag` is a language tag movebook accepts (BCP 47: `en`, `en-GB`, `pt-BR`).
pub(crate) fn is_language_tag(tag: &str) -> bool {
    !tag.is_empty()
        && tag.len() <= 35
        && tag.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        && icu_locale_core::LanguageIdentifier::try_from_str(tag).is_ok()
}

/// `[images]` in site.toml: how photos are resized and encoded.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct ImageConfig {
    /// Widths in pixels, ascending, without repeats (`widths`, default 480, 960, 1600).
    pub widths: Vec<u32>,
    /// WebP and JPEG quality, 1 to 100 (`quality`, default 80).
    pub quality: u8,
    /// libwebp's effort, 0 (fastest) to 6 (smallest files) (`effort`, default 2).
    pub effort: u8,
}

impl Default for ImageConfig {
    fn default() -> Self {
        ImageConfig {
            widths: vec![480, 960, 1600],
            quality: 80,
            effort: 2,
        }
    }
}

/// `[routines]` in site.toml: the figures a routine's estimated duration is computed from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct RoutineConfig {
    /// Seconds one rep takes when the exercise has no `tempo` (`seconds_per_rep`, default 3).
    pub seconds_per_rep: u32,
    /// Seconds to get into position for each exercise of a routine (`setup_seconds`,
    /// default 15).
    pub setup_seconds: u32,
}

impl Default for RoutineConfig {
    fn default() -> Self {
        RoutineConfig {
            seconds_per_rep: 3,
            setup_seconds: 15,
        }
    }
}

/// `[offline]` in site.toml: whether the build writes a web app manifest and a service
/// worker, so that the site installs to a home screen and works with no network.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct OfflineConfig {
    /// `enabled`, default true.
    pub enabled: bool,
}

impl Default for OfflineConfig {
    fn default() -> Self {
        OfflineConfig { enabled: true }
    }
}

/// Makes sure a base URL ends with exactly one `/`.
pub(crate) fn normalize_base_url(url: &str) -> String {
    format!("{}/", url.trim().trim_end_matches('/'))
}

/// Checks a base URL: `http(s)://host[/path]`. Returns the problem in plain words.
pub(crate) fn check_base_url(url: &str) -> Result<(), String> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .ok_or_else(|| format!("base_url '{url}' must start with https:// or http://"))?;
    let host = rest.split('/').next().unwrap_or("");
    if host.is_empty() || host.contains(char::is_whitespace) {
        return Err(format!("base_url '{url}' has no host name"));
    }
    if url.contains(['?', '#', ' ', '"', '<', '>']) {
        return Err(format!(
            "base_url '{url}' contains characters a URL cannot have here"
        ));
    }
    Ok(())
}

/// Entries per list page when site.toml does not say: a screenful or two of cards, small
/// enough to keep a list page light (about 30 KB of HTML) on a guide of any size.
pub(crate) const DEFAULT_PAGE_SIZE: usize = 48;

/// The largest `page_size` accepted.
const MAX_PAGE_SIZE: i64 = 1000;

const KEYS: &[&str] = &[
    "title",
    "base_url",
    "description",
    "theme",
    "output_dir",
    "language",
    "languages",
    "untranslated",
    "safety_page",
    "author",
    "page_size",
    "images",
    "routines",
    "offline",
    "warnings",
];

struct Ctx<'a> {
    text: &'a str,
    lines: LineIndex,
    diags: Diagnostics,
}

impl Ctx<'_> {
    fn push(
        &mut self,
        code: Code,
        span: Range<usize>,
        field: &str,
        message: String,
        hint: Option<String>,
    ) {
        let start = self.lines.pos(self.text, span.start);
        let end = self.lines.pos(self.text, span.end);
        self.diags.push(
            Diagnostic::error(code, FILE, message)
                .at(start, Some(end))
                .field(field)
                .maybe_hint(hint),
        );
    }

    fn string(&mut self, key: &str, v: &toml::Spanned<DeValue>) -> Option<String> {
        match v.get_ref() {
            DeValue::String(s) => Some(s.to_string()),
            other => {
                self.push(
                    Code::WrongType,
                    v.span(),
                    key,
                    format!(
                        "{key} must be text in double quotes, found {}",
                        describe(other)
                    ),
                    Some(format!("write {key} = \"...\"")),
                );
                None
            }
        }
    }
}

fn describe(v: &DeValue) -> &'static str {
    match v {
        DeValue::String(_) => "text",
        DeValue::Integer(_) | DeValue::Float(_) => "a number",
        DeValue::Boolean(_) => "true/false",
        DeValue::Datetime(_) => "a date",
        DeValue::Array(_) => "a list",
        DeValue::Table(_) => "a table",
    }
}

/// Reads `site.toml` text. `base_url_override` (from `--base-url`) replaces `base_url` and
/// makes it optional in the file.
pub(crate) fn parse(
    text: &str,
    base_url_override: Option<&str>,
) -> Result<SiteConfig, Diagnostics> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut cx = Ctx {
        text,
        lines: LineIndex::new(text),
        diags: Diagnostics::new(),
    };
    let (doc, errors) = DeTable::parse_recoverable(text);
    for e in &errors {
        let span = e.span().unwrap_or(0..0);
        let message = e.message().trim().to_string();
        cx.push(
            Code::Syntax,
            span,
            "",
            format!("site.toml is not valid TOML: {message}"),
            Some("settings are lines of the form key = \"value\"".into()),
        );
    }
    if !errors.is_empty() {
        return Err(cx.diags);
    }
    let table = doc.get_ref();

    let mut title = None;
    let mut base_url = None;
    let mut cfg = SiteConfig::minimal("", "http://localhost/");
    let mut base_url_span = 0..0;
    let mut languages = None;
    for (k, v) in table {
        let key: &str = k.get_ref();
        match key {
            "title" => title = cx.string(key, v).map(|s| (s, v.span())),
            "base_url" => {
                base_url = cx.string(key, v);
                base_url_span = v.span();
            }
            "description" => cfg.description = cx.string(key, v).filter(|s| !s.trim().is_empty()),
            "theme" => {
                if let Some(t) = cx.string(key, v) {
                    if t.is_empty() || t.contains(['/', '\\']) || t.starts_with('.') {
                        cx.push(
                            Code::BadValue,
                            v.span(),
                            key,
                            format!("theme '{t}' is not a theme name"),
                            Some(
                                "write the name of a folder in themes/, e.g. theme = \"default\""
                                    .into(),
                            ),
                        );
                    } else {
                        cfg.theme = t;
                    }
                }
            }
            "output_dir" => {
                if let Some(o) = cx.string(key, v) {
                    if o.trim().is_empty() {
                        cx.push(
                            Code::BadValue,
                            v.span(),
                            key,
                            "output_dir is empty".into(),
                            Some("write a folder name such as output_dir = \"public\"".into()),
                        );
                    } else {
                        cfg.output_dir = o;
                    }
                }
            }
            "language" => {
                if let Some(l) = cx.string(key, v) {
                    if is_language_tag(&l) {
                        cfg.language = l;
                    } else {
                        cx.push(
                            Code::BadValue,
                            v.span(),
                            key,
                            format!("language '{l}' is not a language tag"),
                            Some("write a tag such as \"en\" or \"en-GB\"".into()),
                        );
                    }
                }
            }
            "safety_page" => {
                cfg.safety_page = cx
                    .string(key, v)
                    .map(|s| s.trim_start_matches("@/").to_string());
            }
            "author" => cfg.author = cx.string(key, v).filter(|s| !s.trim().is_empty()),
            "page_size" => match v.get_ref() {
                DeValue::Integer(i) => match i.as_str().parse::<i64>() {
                    Ok(n @ 1..=MAX_PAGE_SIZE) => cfg.page_size = usize::try_from(n).unwrap_or(DEFAULT_PAGE_SIZE),
                    _ => cx.push(
                        Code::BadValue,
                        v.span(),
                        key,
                        format!("page_size {} is out of range", i.as_str()),
                        Some(format!("write a number of entries per list page from 1 to {MAX_PAGE_SIZE}, e.g. page_size = {DEFAULT_PAGE_SIZE}")),
                    ),
                },
                other => cx.push(
                    Code::WrongType,
                    v.span(),
                    key,
                    format!("page_size must be a whole number, found {}", describe(other)),
                    Some(format!("write page_size = {DEFAULT_PAGE_SIZE}")),
                ),
            },
            "warnings" => read_warnings(&mut cx, v, &mut cfg),
            "images" => read_images(&mut cx, v, &mut cfg),
            "routines" => read_routines(&mut cx, v, &mut cfg),
            "offline" => read_offline(&mut cx, v, &mut cfg),
            "languages" => languages = Some(v),
            "untranslated" => {
                if let Some(u) = cx.string(key, v) {
                    match u.as_str() {
                        "fallback" => cfg.untranslated = Untranslated::Fallback,
                        "omit" => cfg.untranslated = Untranslated::Omit,
                        _ => cx.push(
                            Code::BadValue,
                            v.span(),
                            key,
                            format!("untranslated '{u}' is not a choice"),
                            Some("write untranslated = \"fallback\" (publish the page with the default language's text and a note) or \"omit\" (leave it out of that language)".into()),
                        ),
                    }
                }
            }
            other => {
                let hint = crate::suggest::hint(other, KEYS.iter().copied())
                    .unwrap_or_else(|| format!("the settings are: {}", KEYS.join(", ")));
                cx.push(
                    Code::UnknownKey,
                    k.span(),
                    other,
                    format!("unknown setting '{other}'"),
                    Some(hint),
                );
            }
        }
    }

    cfg.languages = vec![LanguageConfig::new(&cfg.language)];
    if let Some(v) = languages {
        read_languages(&mut cx, v, &mut cfg);
    }
    match title {
        Some((t, _)) if !t.trim().is_empty() => cfg.title = t.trim().to_string(),
        Some((_, span)) => cx.push(
            Code::MissingField,
            span,
            "title",
            "title is empty".into(),
            Some("write the site's name, e.g. title = \"Glutes and Low Back\"".into()),
        ),
        None => cx.push(
            Code::MissingField,
            0..0,
            "title",
            "site.toml has no title".into(),
            Some("add a line such as title = \"Glutes and Low Back\"".into()),
        ),
    }
    match (base_url_override, base_url) {
        (Some(url), _) => match check_base_url(url) {
            Ok(()) => cfg.base_url = normalize_base_url(url),
            Err(m) => cx.diags.push(
                Diagnostic::error(Code::BadValue, "--base-url", m)
                    .hint("give a full URL such as https://example.org/"),
            ),
        },
        (None, Some(url)) => match check_base_url(url.trim()) {
            Ok(()) => cfg.base_url = normalize_base_url(&url),
            Err(m) => cx.push(
                Code::BadValue,
                base_url_span,
                "base_url",
                m,
                Some(HINT_WRITE_THE_FULL_ADDRESS_THE.into()),
            ),
        },
        (None, None) => cx.push(
            Code::MissingField,
            0..0,
            "base_url",
            "site.toml has no base_url".into(),
            Some(HINT_ADD_A_LINE_SUCH_AS.into()),
        ),
    }

    if cx.diags.is_empty() {
        Ok(cfg)
    } else {
        Err(cx.diags)
    }
}

fn read_warnings(cx: &mut Ctx, v: &toml::Spanned<DeValue>, cfg: &mut SiteConfig) {
    let DeValue::Table(t) = v.get_ref() else {
        cx.push(
            Code::WrongType,
            v.span(),
            "warnings",
            format!("warnings must be a table, found {}", describe(v.get_ref())),
            Some("write a [warnings] section with allow = [\"code\", ...]".into()),
        );
        return;
    };
    for (k, val) in t {
        let key: &str = k.get_ref();
        if key != "allow" {
            cx.push(
                Code::UnknownKey,
                k.span(),
                &format!("warnings.{key}"),
                format!("unknown setting 'warnings.{key}'"),
                Some("the [warnings] section has one setting: allow = [\"code\", ...]".into()),
            );
            continue;
        }
        let DeValue::Array(items) = val.get_ref() else {
            cx.push(
                Code::WrongType,
                val.span(),
                "warnings.allow",
                format!(
                    "warnings.allow must be a list, found {}",
                    describe(val.get_ref())
                ),
                Some("write allow = [\"orphan-page\"]".into()),
            );
            continue;
        };
        for (i, item) in items.iter().enumerate() {
            let field = format!("warnings.allow[{i}]");
            let DeValue::String(name) = item.get_ref() else {
                cx.push(
                    Code::WrongType,
                    item.span(),
                    &field,
                    "expected a warning code in double quotes".into(),
                    None,
                );
                continue;
            };
            if let Some(code) = Code::from_name(name) {
                cfg.allowed_warnings.push(code);
            } else {
                let names = Code::ALL.iter().map(|c| c.name());
                let hint = crate::suggest::hint(name, names)
                    .unwrap_or_else(|| "the codes are listed in docs/content-format.md".into());
                cx.push(
                    Code::BadValue,
                    item.span(),
                    &field,
                    format!("'{name}' is not a warning code"),
                    Some(hint),
                );
            }
        }
    }
}

/// The settings of `[images]`.
const IMAGE_KEYS: &[&str] = &["widths", "quality", "effort"];

/// The widest image width accepted (a width above any screen's is only bytes).
const MAX_IMAGE_WIDTH: i64 = 8192;

fn read_images(cx: &mut Ctx, v: &toml::Spanned<DeValue>, cfg: &mut SiteConfig) {
    let DeValue::Table(t) = v.get_ref() else {
        cx.push(
            Code::WrongType,
            v.span(),
            "images",
            format!("images must be a table, found {}", describe(v.get_ref())),
            Some(
                "write an [images] section with widths = [480, 960, 1600] and quality = 80".into(),
            ),
        );
        return;
    };
    let int = |val: &toml::Spanned<DeValue>| match val.get_ref() {
        DeValue::Integer(i) => i.as_str().parse::<i64>().ok(),
        _ => None,
    };
    for (k, val) in t {
        let key: &str = k.get_ref();
        let field = format!("images.{key}");
        match key {
            "widths" => {
                let DeValue::Array(items) = val.get_ref() else {
                    cx.push(
                        Code::WrongType,
                        val.span(),
                        &field,
                        format!(
                            "images.widths must be a list, found {}",
                            describe(val.get_ref())
                        ),
                        Some("write widths = [480, 960, 1600]".into()),
                    );
                    continue;
                };
                let mut widths = Vec::new();
                for (i, item) in items.iter().enumerate() {
                    match int(item) {
                        Some(w @ 16..=MAX_IMAGE_WIDTH) => widths.push(w as u32),
                        _ => cx.push(
                            Code::BadValue,
                            item.span(),
                            &format!("images.widths[{i}]"),
                            "an image width must be a whole number of pixels from 16 to 8192"
                                .into(),
                            Some("write widths = [480, 960, 1600]".into()),
                        ),
                    }
                }
                if items.is_empty() {
                    cx.push(
                        Code::BadValue,
                        val.span(),
                        &field,
                        "images.widths is empty".into(),
                        Some("give at least one width, e.g. widths = [480, 960, 1600]".into()),
                    );
                }
                widths.sort_unstable();
                widths.dedup();
                if !widths.is_empty() {
                    cfg.images.widths = widths;
                }
            }
            "quality" | "effort" => {
                let (lo, hi, example) = if key == "quality" {
                    (1, 100, 80)
                } else {
                    (0, 6, 2)
                };
                match int(val) {
                    Some(n) if (lo..=hi).contains(&n) => {
                        if key == "quality" {
                            cfg.images.quality = n as u8;
                        } else {
                            cfg.images.effort = n as u8;
                        }
                    }
                    _ => cx.push(
                        Code::BadValue,
                        val.span(),
                        &field,
                        format!("images.{key} must be a whole number from {lo} to {hi}"),
                        Some(format!("write {key} = {example}")),
                    ),
                }
            }
            other => {
                let hint =
                    crate::suggest::hint(other, IMAGE_KEYS.iter().copied()).unwrap_or_else(|| {
                        format!("the [images] settings are: {}", IMAGE_KEYS.join(", "))
                    });
                cx.push(
                    Code::UnknownKey,
                    k.span(),
                    &field,
                    format!("unknown setting 'images.{other}'"),
                    Some(hint),
                );
            }
        }
    }
}

/// The settings of `[routines]`.
const ROUTINE_KEYS: &[&str] = &["seconds_per_rep", "setup_seconds"];

fn read_routines(cx: &mut Ctx, v: &toml::Spanned<DeValue>, cfg: &mut SiteConfig) {
    let DeValue::Table(t) = v.get_ref() else {
        cx.push(
            Code::WrongType,
            v.span(),
            "routines",
            format!("routines must be a table, found {}", describe(v.get_ref())),
            Some(
                "write a [routines] section with seconds_per_rep = 3 and setup_seconds = 15".into(),
            ),
        );
        return;
    };
    for (k, val) in t {
        let key: &str = k.get_ref();
        let field = format!("routines.{key}");
        let (lo, hi, example) = match key {
            "seconds_per_rep" => (1, 60, 3),
            "setup_seconds" => (0, 600, 15),
            other => {
                let hint = crate::suggest::hint(other, ROUTINE_KEYS.iter().copied())
                    .unwrap_or_else(|| {
                        format!("the [routines] settings are: {}", ROUTINE_KEYS.join(", "))
                    });
                cx.push(
                    Code::UnknownKey,
                    k.span(),
                    &field,
                    format!("unknown setting 'routines.{other}'"),
                    Some(hint),
                );
                continue;
            }
        };
        let n = match val.get_ref() {
            DeValue::Integer(i) => i.as_str().parse::<u32>().ok(),
            _ => None,
        };
        match n {
            Some(n) if (lo..=hi).contains(&n) => {
                if key == "seconds_per_rep" {
                    cfg.routines.seconds_per_rep = n;
                } else {
                    cfg.routines.setup_seconds = n;
                }
            }
            _ => cx.push(
                Code::BadValue,
                val.span(),
                &field,
                format!("routines.{key} must be a whole number of seconds from {lo} to {hi}"),
                Some(format!("write {key} = {example}")),
            ),
        }
    }
}

fn read_offline(cx: &mut Ctx, v: &toml::Spanned<DeValue>, cfg: &mut SiteConfig) {
    let DeValue::Table(t) = v.get_ref() else {
        cx.push(
            Code::WrongType,
            v.span(),
            "offline",
            format!("offline must be a table, found {}", describe(v.get_ref())),
            Some("write an [offline] section with enabled = true or enabled = false".into()),
        );
        return;
    };
    for (k, val) in t {
        let key: &str = k.get_ref();
        match (key, val.get_ref()) {
            ("enabled", DeValue::Boolean(b)) => cfg.offline.enabled = *b,
            ("enabled", other) => cx.push(
                Code::WrongType,
                val.span(),
                "offline.enabled",
                format!(
                    "offline.enabled must be true or false, found {}",
                    describe(other)
                ),
                Some("write enabled = false to build without the offline copy".into()),
            ),
            (other, _) => cx.push(
                Code::UnknownKey,
                k.span(),
                &format!("offline.{other}"),
                format!("unknown setting 'offline.{other}'"),
                Some("the [offline] setting is: enabled".into()),
            ),
        }
    }
}

/// `languages`: a list of tags (`["en", "sv"]`, which must hold `language`), or tables
/// by tag (`[languages.sv]` with `title` and `description`).
fn read_languages(cx: &mut Ctx, v: &toml::Spanned<DeValue>, cfg: &mut SiteConfig) {
    const HINT: &str = "write languages = [\"en\", \"sv\"] (the default language first or anywhere), or a [languages.sv] section per language";
    let mut found: Vec<(LanguageConfig, Range<usize>)> = Vec::new();
    match v.get_ref() {
        DeValue::Array(items) => {
            let mut has_default = false;
            for item in items {
                match item.get_ref() {
                    DeValue::String(s) => {
                        has_default |= s.as_ref() == cfg.language;
                        found.push((LanguageConfig::new(s), item.span()));
                    }
                    other => cx.push(
                        Code::WrongType,
                        item.span(),
                        "languages",
                        format!(
                            "languages must be a list of language tags, found {}",
                            describe(other)
                        ),
                        Some(HINT.into()),
                    ),
                }
            }
            if !has_default {
                cx.push(
                    Code::BadValue,
                    v.span(),
                    "languages",
                    format!(
                        "languages does not include the site's language '{}'",
                        cfg.language
                    ),
                    Some(format!(
                        "add \"{}\" to the list (language = \"...\" names the default language)",
                        cfg.language
                    )),
                );
            }
        }
        DeValue::Table(t) => {
            for (k, val) in t {
                let code: &str = k.get_ref();
                let mut lc = LanguageConfig::new(code);
                match val.get_ref() {
                    DeValue::Table(keys) => {
                        for (kk, vv) in keys {
                            let key: &str = kk.get_ref();
                            let field = format!("languages.{code}.{key}");
                            match (key, vv.get_ref()) {
                                ("title", DeValue::String(s)) => {
                                    lc.title = Some(s.trim().to_string()).filter(|s| !s.is_empty());
                                }
                                ("description", DeValue::String(s)) => {
                                    lc.description =
                                        Some(s.trim().to_string()).filter(|s| !s.is_empty());
                                }
                                ("title" | "description", other) => cx.push(
                                    Code::WrongType,
                                    vv.span(),
                                    &field,
                                    format!(
                                        "{field} must be text in double quotes, found {}",
                                        describe(other)
                                    ),
                                    Some(format!("write {key} = \"...\"")),
                                ),
                                (other, _) => {
                                    let hint =
                                        crate::suggest::hint(other, ["title", "description"])
                                            .unwrap_or_else(|| {
                                                "a language's settings are: title, description"
                                                    .into()
                                            });
                                    cx.push(
                                        Code::UnknownKey,
                                        kk.span(),
                                        &field,
                                        format!("unknown setting '{field}'"),
                                        Some(hint),
                                    );
                                }
                            }
                        }
                    }
                    other => cx.push(
                        Code::WrongType,
                        val.span(),
                        &format!("languages.{code}"),
                        format!(
                            "languages.{code} must be a table, found {}",
                            describe(other)
                        ),
                        Some(HINT.into()),
                    ),
                }
                found.push((lc, k.span()));
            }
        }
        other => {
            cx.push(
                Code::WrongType,
                v.span(),
                "languages",
                format!(
                    "languages must be a list of language tags, found {}",
                    describe(other)
                ),
                Some(HINT.into()),
            );
            return;
        }
    }
    let mut out: Vec<LanguageConfig> = Vec::new();
    // The default language first, with its settings when the tables give them.
    let mut default = LanguageConfig::new(&cfg.language);
    for (lc, span) in found {
        if !is_language_tag(&lc.code) {
            cx.push(
                Code::BadValue,
                span,
                "languages",
                format!("'{}' is not a language tag", lc.code),
                Some("write tags such as \"sv\", \"fr\" or \"pt-BR\"".into()),
            );
        } else if lc.code == cfg.language {
            default = lc;
        } else if out.iter().any(|o| o.code.eq_ignore_ascii_case(&lc.code)) {
            cx.push(
                Code::BadValue,
                span,
                "languages",
                format!("'{}' is listed twice", lc.code),
                Some("list each language once".into()),
            );
        } else {
            out.push(lc);
        }
    }
    out.insert(0, default);
    cfg.languages = out;
}

/// Reads and parses `<root>/site.toml`. A missing or unreadable file is reported as a
/// diagnostic (missing) or an environment error (unreadable).
pub(crate) fn load(
    root: &Path,
    base_url_override: Option<&str>,
) -> anyhow::Result<Result<SiteConfig, Diagnostics>> {
    let path = root.join(FILE);
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let d = Diagnostic::error(
                Code::MissingField,
                FILE,
                format!("{} has no site.toml", root.display()),
            )
            .hint(HINT_CREATE_SITE_TOML_WITH_TITLE);
            return Ok(Err(Diagnostics::from_iter([d])));
        }
        Err(e) => return Err(anyhow::Error::new(e).context(format!("reading {}", path.display()))),
    };
    match String::from_utf8(bytes) {
        Ok(text) => Ok(parse(&text.replace("\r\n", "\n"), base_url_override)),
        Err(e) => {
            let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
            let line = valid.iter().filter(|b| **b == b'\n').count() as u32 + 1;
            let d = Diagnostic::error(Code::Encoding, FILE, "site.toml is not UTF-8 text")
                .at_line(line)
                .hint("save the file as UTF-8");
            Ok(Err(Diagnostics::from_iter([d])))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_every_setting() {
        // Every setting with a value different from its default, so that a setting that is
        // not read (or read into the wrong field) shows.
        let cfg = parse(
            "title = \"Guide\"\nbase_url = \"https://example.org/guide\"\ndescription = \"d\"\ntheme = \"plain\"\noutput_dir = \"out\"\nlanguage = \"en-GB\"\nsafety_page = \"@/stop.md\"\nauthor = \"A. Writer\"\npage_size = 20\n[warnings]\nallow = [\"orphan-page\"]\n",
            None,
        )
        .unwrap();
        assert_eq!(
            cfg,
            SiteConfig {
                title: "Guide".into(),
                base_url: "https://example.org/guide/".into(),
                description: Some("d".into()),
                theme: "plain".into(),
                output_dir: "out".into(),
                language: "en-GB".into(),
                languages: vec![LanguageConfig::new("en-GB")],
                untranslated: Untranslated::Fallback,
                safety_page: Some("stop.md".into()),
                author: Some("A. Writer".into()),
                page_size: 20,
                images: ImageConfig::default(),
                routines: RoutineConfig::default(),
                offline: OfflineConfig::default(),
                allowed_warnings: vec![Code::Orphan],
            }
        );
        assert_eq!(cfg.base_path(), "/guide/");
        // Each setting differs from what a file without it gives.
        let defaults = parse(
            "title = \"Guide\"\nbase_url = \"https://example.org/guide\"\n",
            None,
        )
        .unwrap();
        assert_ne!(cfg.description, defaults.description);
        assert_ne!(cfg.theme, defaults.theme);
        assert_ne!(cfg.output_dir, defaults.output_dir);
        assert_ne!(cfg.language, defaults.language);
        assert_ne!(cfg.safety_page, defaults.safety_page);
        assert_ne!(cfg.author, defaults.author);
        assert_ne!(cfg.page_size, defaults.page_size);
        assert_ne!(cfg.allowed_warnings, defaults.allowed_warnings);
    }

    #[test]
    fn reports_every_problem_with_lines() {
        let errs = parse("titel = \"x\"\nbase_url = \"example.org\"\nlanguage = 3\n[warnings]\nallow = [\"orphan-pages\"]\n", None).unwrap_err();
        let lines: Vec<String> = errs.iter().map(std::string::ToString::to_string).collect();
        let text = lines.join("\n");
        assert!(text.contains("site.toml:1:1: error[unknown-key]: titel: unknown setting 'titel'\n  hint: did you mean 'title'?"), "{text}");
        assert!(text.contains("site.toml:2:12: error[bad-value]: base_url: base_url 'example.org' must start with https:// or http://"), "{text}");
        assert!(
            text.contains("site.toml:3:12: error[wrong-type]: language"),
            "{text}"
        );
        assert!(text.contains("warnings.allow[0]: 'orphan-pages' is not a warning code\n  hint: did you mean 'orphan-page'?"), "{text}");
        assert!(
            text.contains("error[missing-field]: title: site.toml has no title"),
            "{text}"
        );
    }

    #[test]
    fn base_url_override_wins() {
        let cfg = parse("title = \"x\"\n", Some("http://127.0.0.1:1111")).unwrap();
        assert_eq!(cfg.base_url, "http://127.0.0.1:1111/");
        assert_eq!(cfg.base_path(), "/");
    }

    #[test]
    fn syntax_errors_are_located() {
        let errs = parse("title = \"x\nbase_url = 1\n", None).unwrap_err();
        let d = &errs.as_slice()[0];
        assert_eq!(d.code, Code::Syntax);
        assert_eq!(d.start.map(|p| p.line), Some(1));
    }
}
