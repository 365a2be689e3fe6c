//! The words of the theme and the build in a page's language: translation tables,
//! plural rules and number and date formats.
//!
//! A table is a TOML file of sections of keys (`[page] stop_if = "Stop if"`); a value is a
//! string, or a plural: a table of CLDR plural forms (`{ one = "{n} set", other = "{n}
//! sets" }`). The tables of a language are merged, later ones winning key by key: English
//! (always complete, the default theme's), the default theme's table of the language, the
//! site's theme's, then the site's own `i18n/<lang>.toml`. A key the language's tables lack
//! falls back to English and is reported (`missing-translation`). Plural forms are chosen
//! by the CLDR rules of the language (ICU4X data, `icu_plurals`).

use std::collections::BTreeMap;

use icu_plurals::{PluralCategory, PluralRules};

use crate::diagnostic::{Code, Diagnostic, Diagnostics};

/// One value of a table.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) enum Entry {
    /// A string.
    Text(String),
    /// Plural forms by CLDR category name (`one`, `other`...).
    Plural(BTreeMap<String, String>),
    /// A list of strings (the month names).
    List(Vec<String>),
}

impl Entry {
    fn as_json(&self) -> serde_json::Value {
        match self {
            Entry::Text(s) => serde_json::Value::String(s.clone()),
            Entry::Plural(forms) => serde_json::Value::Object(
                forms
                    .iter()
                    .map(|(k, v)| (k.clone(), serde_json::Value::String(v.clone())))
                    .collect(),
            ),
            Entry::List(items) => serde_json::Value::Array(
                items
                    .iter()
                    .map(|s| serde_json::Value::String(s.clone()))
                    .collect(),
            ),
        }
    }

    /// The same kind of value (a string where English has a string...).
    fn same_shape(&self, other: &Entry) -> bool {
        matches!(
            (self, other),
            (Entry::Text(_), Entry::Text(_))
                | (Entry::Plural(_), Entry::Plural(_))
                | (Entry::List(_), Entry::List(_))
        )
    }
}

/// A translation table: `section.key` → value.
pub(crate) type Table = BTreeMap<String, Entry>;

/// A table file as found: where it comes from (for messages) and its text.
#[derive(Debug, Clone)]
pub struct TableSource {
    /// The path shown to authors (`i18n/sv.toml`, `(built-in default theme) i18n/sv.toml`).
    pub display: String,
    /// The TOML text.
    pub text: String,
    /// A file of the site (its problems are reported; the built-in tables are tested).
    pub of_site: bool,
}

/// The CLDR plural category names, in CLDR order.
const CATEGORIES: [&str; 6] = ["zero", "one", "two", "few", "many", "other"];

fn category_name(c: PluralCategory) -> &'static str {
    match c {
        PluralCategory::Zero => "zero",
        PluralCategory::One => "one",
        PluralCategory::Two => "two",
        PluralCategory::Few => "few",
        PluralCategory::Many => "many",
        PluralCategory::Other => "other",
    }
}

/// Reads a table file. Problems (TOML syntax, a value of the wrong shape) are pushed to
/// `diags`, located in `src.display`.
pub(crate) fn parse_table(src: &TableSource, diags: &mut Diagnostics) -> Table {
    let mut out = Table::new();
    let doc: toml::Table = match toml::from_str(&src.text) {
        Ok(t) => t,
        Err(e) => {
            let mut d = Diagnostic::error(
                Code::Syntax,
                src.display.clone(),
                format!("not a valid TOML table: {}", e.message()),
            )
            .hint("each line is key = \"text\" under a [section] heading; see the default theme's i18n/en.toml");
            if let Some(span) = e.span() {
                let line = src
                    .text
                    .get(..span.start)
                    .map_or(1, |s| s.matches('\n').count() as u32 + 1);
                d = d.at_line(line);
            }
            diags.push(d);
            return out;
        }
    };
    for (section, v) in doc {
        let toml::Value::Table(keys) = v else {
            diags.push(
                Diagnostic::error(
                    Code::WrongType,
                    src.display.clone(),
                    format!("'{section}' must be a [section] of keys"),
                )
                .at_line(line_of(&src.text, &section))
                .hint("put the key under its section, e.g. [page] then stop_if = \"...\""),
            );
            continue;
        };
        for (key, v) in keys {
            let full = format!("{section}.{key}");
            let entry = match v {
                toml::Value::String(s) => Some(Entry::Text(s)),
                toml::Value::Array(items) => items
                    .into_iter()
                    .map(|i| match i {
                        toml::Value::String(s) => Some(s),
                        _ => None,
                    })
                    .collect::<Option<Vec<_>>>()
                    .map(Entry::List),
                toml::Value::Table(forms) => forms
                    .into_iter()
                    .map(|(k, v)| match v {
                        toml::Value::String(s) if CATEGORIES.contains(&k.as_str()) => Some((k, s)),
                        _ => None,
                    })
                    .collect::<Option<BTreeMap<_, _>>>()
                    .filter(|f| f.contains_key("other"))
                    .map(Entry::Plural),
                _ => None,
            };
            match entry {
                Some(e) => {
                    out.insert(full, e);
                }
                None => diags.push(
                    Diagnostic::error(
                        Code::WrongType,
                        src.display.clone(),
                        format!("{full}: expected a text, a list of texts or a table of plural forms"),
                    )
                    .at_line(line_of(&src.text, &key))
                    .field(full.clone())
                    .hint("write key = \"text\", or for a word that changes with a number key = { one = \"{n} set\", other = \"{n} sets\" } (the forms are zero, one, two, few, many and other; other is required)"),
                ),
            }
        }
    }
    out
}

/// The first line of `text` that starts with `key` (for locating a key's problem).
fn line_of(text: &str, key: &str) -> u32 {
    text.lines()
        .position(|l| {
            let l = l.trim_start().trim_start_matches('[');
            l.starts_with(key)
                && l.get(key.len()..)
                    .is_some_and(|r| r.trim_start().starts_with(['=', ']', '.']))
        })
        .map_or(1, |i| i as u32 + 1)
}

/// The words of one language, complete (English fills what the language lacks).
pub struct Strings {
    lang: String,
    /// The words by `section.key` (pages look words up thousands of times).
    fast: rustc_hash::FxHashMap<String, Entry>,
    rules: Option<PluralRules>,
    /// A hash of the table and the language (part of every page's memo key).
    fingerprint: u64,
    /// `t` as templates see it: the table as nested maps.
    tera: serde_json::Value,
}

impl std::fmt::Debug for Strings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Strings")
            .field("lang", &self.lang)
            .finish_non_exhaustive()
    }
}

impl Strings {
    /// The words of `lang` from its tables, in order of precedence (lowest first), over
    /// `english` (the complete English table). Keys the tables of `lang` do not give are
    /// reported as one `missing-translation` warning naming `warn_at` (unless `lang` is
    /// English); keys English does not know are reported as unknown (with a hint) in the
    /// site's files.
    pub(crate) fn new(
        lang: &str,
        english: &Table,
        tables: &[(Table, &TableSource)],
        diags: &mut Diagnostics,
    ) -> Strings {
        let mut table = english.clone();
        let mut given: std::collections::BTreeSet<&str> = std::collections::BTreeSet::new();
        for (t, src) in tables {
            for (k, v) in t {
                match english.get(k) {
                    Some(en) if en.same_shape(v) => {
                        table.insert(k.clone(), v.clone());
                        given.insert(k.as_str());
                    }
                    Some(_) => {
                        if src.of_site {
                            diags.push(
                                Diagnostic::error(
                                    Code::WrongType,
                                    src.display.clone(),
                                    format!(
                                        "{k}: the default theme's table has a {} here",
                                        shape_word(&english[k])
                                    ),
                                )
                                .at_line(line_of(&src.text, k.rsplit('.').next().unwrap_or(k)))
                                .field(k.clone())
                                .hint("give the same kind of value as themes/default/i18n/en.toml"),
                            );
                        }
                    }
                    None => {
                        // A theme of the site may add keys of its own (its templates use
                        // them); a site's override of an unknown key is most likely a typo.
                        if src.of_site && src.display.starts_with("i18n/") {
                            let mut d = Diagnostic::warning(
                                Code::UnknownKey,
                                src.display.clone(),
                                format!("'{k}' is not a word of the theme"),
                            )
                            .at_line(line_of(&src.text, k.rsplit('.').next().unwrap_or(k)))
                            .field(k.clone());
                            if let Some(h) =
                                crate::suggest::hint(k, english.keys().map(String::as_str))
                            {
                                d = d.hint(h);
                            }
                            diags.push(d);
                        }
                        table.insert(k.clone(), v.clone());
                        given.insert(k.as_str());
                    }
                }
            }
        }
        if primary(lang) != "en" {
            let missing: Vec<&str> = english
                .keys()
                .map(String::as_str)
                .filter(|k| !given.contains(k))
                .collect();
            if !missing.is_empty() {
                let shown: Vec<&str> = missing.iter().take(8).copied().collect();
                let more = missing.len() - shown.len();
                let file = format!("i18n/{lang}.toml");
                diags.push(
                    Diagnostic::warning(
                        Code::MissingTranslation,
                        file.clone(),
                        format!(
                            "{} of the theme's {} words have no '{lang}' translation and are shown in English: {}{}",
                            missing.len(),
                            english.len(),
                            shown.join(", "),
                            if more > 0 { format!(" and {more} more") } else { String::new() }
                        ),
                    )
                    .hint(format!(
                        "translate them in {file} (same sections and keys as the default theme's i18n/en.toml; `movebook check --format json` lists every key)"
                    )),
                );
            }
        }
        let rules = icu_locale_core::Locale::try_from_str(lang)
            .ok()
            .and_then(|l| PluralRules::try_new_cardinal((&l).into()).ok());
        let fingerprint = {
            use std::hash::{Hash, Hasher};
            let mut h = std::collections::hash_map::DefaultHasher::new();
            lang.hash(&mut h);
            table.hash(&mut h);
            h.finish()
        };
        let mut tera = serde_json::Map::new();
        for (k, v) in &table {
            let (section, key) = k.split_once('.').unwrap_or(("", k));
            let sec = tera
                .entry(section.to_string())
                .or_insert_with(|| serde_json::Value::Object(serde_json::Map::new()));
            if let serde_json::Value::Object(m) = sec {
                m.insert(key.to_string(), v.as_json());
            }
        }
        Strings {
            lang: lang.to_string(),
            fast: table.into_iter().collect(),
            rules,
            fingerprint,
            tera: serde_json::Value::Object(tera),
        }
    }

    /// English only (the built-in table).
    fn english() -> Strings {
        let mut d = Diagnostics::new();
        Strings::new("en", english_table(), &[], &mut d)
    }

    /// The language tag.
    pub fn lang(&self) -> &str {
        &self.lang
    }

    /// A hash of the words and the language.
    pub fn fingerprint(&self) -> u64 {
        self.fingerprint
    }

    /// `t` for templates.
    pub(crate) fn tera_value(&self) -> &serde_json::Value {
        &self.tera
    }

    /// The words of a client script's `section` when they differ from the built-in
    /// English ones (the script's own): `None` when the page need not carry them.
    pub(crate) fn client_words(&self, section: &str) -> Option<serde_json::Value> {
        let own = self.tera.get(section)?;
        (english().tera.get(section) != Some(own)).then(|| own.clone())
    }

    /// The text of `key` (the `other` form of a plural; the key itself when unknown, which
    /// only a theme's typo can cause).
    pub fn get<'a>(&'a self, key: &'a str) -> &'a str {
        match self.fast.get(key) {
            Some(Entry::Text(s)) => s,
            Some(Entry::Plural(f)) => f.get("other").map_or(key, String::as_str),
            _ => key,
        }
    }

    /// The text of `key` when it is a plain text (not a plural or a list).
    pub(crate) fn text(&self, key: &str) -> Option<&str> {
        match self.fast.get(key) {
            Some(Entry::Text(s)) => Some(s),
            _ => None,
        }
    }

    /// The list `key` (month names).
    fn list(&self, key: &str) -> &[String] {
        match self.fast.get(key) {
            Some(Entry::List(l)) => l,
            _ => &[],
        }
    }

    /// The form of the plural `key` for the count `n` (`None`: a range or a count that is
    /// not a whole number, which take the `other` form).
    fn form<'a>(&'a self, key: &'a str, n: Option<u64>) -> &'a str {
        match self.fast.get(key) {
            Some(Entry::Plural(forms)) => {
                let cat = match (n, &self.rules) {
                    (Some(n), Some(r)) => category_name(r.category_for(n)),
                    (Some(1), None) => "one",
                    _ => "other",
                };
                forms
                    .get(cat)
                    .or_else(|| forms.get("other"))
                    .map_or(key, String::as_str)
            }
            _ => self.get(key),
        }
    }

    /// `key` with its `{name}` placeholders replaced.
    pub fn fmt(&self, key: &str, args: &[(&str, &str)]) -> String {
        fill(self.get(key), args)
    }

    /// The plural `key` for `n`, `{n}` written the language's way, other placeholders
    /// from `args`.
    pub fn count(&self, key: &str, n: u64, args: &[(&str, &str)]) -> String {
        let shown = self.number(n);
        let mut all = vec![("n", shown.as_str())];
        all.extend_from_slice(args);
        fill(self.form(key, Some(n)), &all)
    }

    /// The plural `key` for a count already written (`2–3`: a range), single counts
    /// choosing their own form.
    pub fn count_shown(&self, key: &str, n: Option<u64>, shown: &str) -> String {
        fill(self.form(key, n), &[("n", shown)])
    }

    /// A whole number (no grouping: the numbers of a guide are small, and the client
    /// scripts write them the same way).
    #[allow(clippy::unused_self)]
    pub fn number(&self, n: u64) -> String {
        n.to_string()
    }

    /// A decimal number with the language's separator (`1.5` → `1,5` in Swedish).
    pub fn decimal(&self, n: f64) -> String {
        let s = format!("{n}");
        match self.get("meta.decimal") {
            "." => s,
            sep => s.replace('.', sep),
        }
    }

    /// A date in words (`30 November 2026`, `30 november 2026`).
    pub fn date(&self, year: i32, month: u8, day: u8) -> String {
        let months = self.list("meta.months");
        let month_name = months
            .get(usize::from(month.saturating_sub(1)))
            .cloned()
            .unwrap_or_else(|| month.to_string());
        fill(
            self.get("meta.date"),
            &[
                ("day", &day.to_string()),
                ("month", &month_name),
                ("year", &year.to_string()),
            ],
        )
    }

    /// Items joined with the language's list separator.
    pub fn list_of<S: AsRef<str>>(&self, items: &[S]) -> String {
        let sep = self.get("meta.list_separator");
        let mut out = String::new();
        for (i, s) in items.iter().enumerate() {
            if i > 0 {
                out.push_str(sep);
            }
            out.push_str(s.as_ref());
        }
        out
    }
}

fn shape_word(e: &Entry) -> &'static str {
    match e {
        Entry::Text(_) => "text",
        Entry::Plural(_) => "table of plural forms",
        Entry::List(_) => "list of texts",
    }
}

/// The built-in English words (messages, tools, tests), built once.
pub(crate) fn english() -> &'static Strings {
    &ENGLISH
}

/// [`english`], shared.
pub(crate) fn english_arc() -> std::sync::Arc<Strings> {
    ENGLISH.clone()
}

/// The built-in English table, parsed once: every language's words start from it.
pub(crate) fn english_table() -> &'static Table {
    static TABLE: std::sync::LazyLock<Table> = std::sync::LazyLock::new(|| {
        let mut quiet = Diagnostics::new();
        parse_table(&builtin("en").unwrap_or_else(empty_source), &mut quiet)
    });
    &TABLE
}

static ENGLISH: std::sync::LazyLock<std::sync::Arc<Strings>> =
    std::sync::LazyLock::new(|| std::sync::Arc::new(Strings::english()));

/// The primary language subtag, lower-cased (`pt-BR` → `pt`).
pub(crate) fn primary(tag: &str) -> String {
    tag.split(['-', '_'])
        .next()
        .unwrap_or(tag)
        .to_ascii_lowercase()
}

/// Replaces `{name}` by its value; unknown placeholders stay as written.
pub(crate) fn fill(template: &str, args: &[(&str, &str)]) -> String {
    if !template.contains('{') {
        return template.to_string();
    }
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let (before, after) = rest.split_at(open);
        out.push_str(before);
        let Some(close) = after.find('}') else {
            out.push_str(after);
            return out;
        };
        let name = after.get(1..close).unwrap_or_default();
        match args.iter().find(|(k, _)| *k == name) {
            Some((_, v)) => out.push_str(v),
            None => out.push_str(after.get(..=close).unwrap_or_default()),
        }
        rest = after.get(close + 1..).unwrap_or_default();
    }
    out.push_str(rest);
    out
}

macro_rules! builtin_tables {
    ($($lang:literal),* $(,)?) => {
        /// The default theme's tables, by language.
        pub(crate) const BUILTIN: &[(&str, &str)] = &[
            $(($lang, include_str!(concat!("../themes/default/i18n/", $lang, ".toml")))),*
        ];
    };
}
builtin_tables!("en", "sv", "de", "fr", "es");

/// The default theme's table of `lang` (its primary subtag), if it ships one.
pub(crate) fn builtin(lang: &str) -> Option<TableSource> {
    let p = primary(lang);
    BUILTIN
        .iter()
        .find(|(l, _)| *l == p)
        .map(|(l, text)| TableSource {
            display: format!("(built-in default theme) i18n/{l}.toml"),
            text: (*text).to_string(),
            of_site: false,
        })
}

fn empty_source() -> TableSource {
    TableSource {
        display: String::new(),
        text: String::new(),
        of_site: false,
    }
}

/// The languages the default theme has tables for.
#[cfg(test)]
pub(crate) fn builtin_languages() -> impl Iterator<Item = &'static str> {
    BUILTIN.iter().map(|(l, _)| *l)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(lang: &str, extra: &str) -> (Strings, Diagnostics) {
        let mut d = Diagnostics::new();
        let en = parse_table(&builtin("en").expect("en"), &mut d);
        let src = TableSource {
            display: format!("i18n/{lang}.toml"),
            text: extra.to_string(),
            of_site: true,
        };
        let t = parse_table(&src, &mut d);
        let s = Strings::new(lang, &en, &[(t, &src)], &mut d);
        (s, d)
    }

    #[test]
    fn fill_replaces_known_placeholders_only() {
        assert_eq!(fill("{n} sets", &[("n", "3")]), "3 sets");
        assert_eq!(fill("{a}{b} {c}", &[("a", "x"), ("b", "y")]), "xy {c}");
        assert_eq!(fill("no braces", &[]), "no braces");
        assert_eq!(fill("open { only", &[]), "open { only");
    }

    #[test]
    fn english_plurals_and_ranges() {
        let s = english();
        assert_eq!(s.count("dose.sets", 1, &[]), "1 set");
        assert_eq!(s.count("dose.sets", 3, &[]), "3 sets");
        assert_eq!(s.count_shown("dose.sets", None, "2–3"), "2–3 sets");
        assert_eq!(s.count("duration.minute", 0, &[]), "0 minutes");
    }

    #[test]
    fn a_site_table_overrides_and_reports_problems() {
        let (s, d) = strings(
            "en",
            "[dose]\neach_side = \"per side\"\nrest = { one = \"x\" }\n[page]\nstopp_if = \"S\"\n",
        );
        assert_eq!(s.get("dose.each_side"), "per side");
        let shown: Vec<String> = d.iter().map(ToString::to_string).collect();
        // A plural without `other` is refused; an unknown key is a warning.
        assert!(
            shown
                .iter()
                .any(|m| m.contains("i18n/en.toml:3") && m.contains("dose.rest")),
            "{shown:#?}"
        );
        assert!(
            shown
                .iter()
                .any(|m| m.contains("unknown-key") && m.contains("page.stopp_if")),
            "{shown:#?}"
        );
    }

    #[test]
    fn missing_words_fall_back_to_english_with_one_warning() {
        let (s, d) = strings("xx", "[dose]\neach_side = \"xx side\"\n");
        assert_eq!(s.get("dose.each_side"), "xx side");
        assert_eq!(s.get("dose.reps_max"), "as many reps as possible");
        let w: Vec<String> = d.iter().map(ToString::to_string).collect();
        assert_eq!(w.len(), 1, "{w:#?}");
        assert!(
            w[0].contains("missing-translation") && w[0].contains("i18n/xx.toml"),
            "{w:#?}"
        );
    }

    /// The placeholders of a text, sorted.
    fn placeholders(s: &str) -> Vec<&str> {
        let mut out: Vec<&str> = s
            .split('{')
            .skip(1)
            .filter_map(|r| r.split_once('}').map(|(n, _)| n))
            .collect();
        out.sort_unstable();
        out
    }

    #[test]
    fn every_shipped_table_has_every_word_of_english_with_its_placeholders() {
        let mut d = Diagnostics::new();
        let en = parse_table(&builtin("en").expect("en"), &mut d);
        for lang in builtin_languages().filter(|l| *l != "en") {
            let t = parse_table(&builtin(lang).expect("table"), &mut d);
            assert!(d.is_empty(), "{lang}: {d:?}");
            let missing: Vec<&String> = en.keys().filter(|k| !t.contains_key(*k)).collect();
            let extra: Vec<&String> = t.keys().filter(|k| !en.contains_key(*k)).collect();
            assert!(
                missing.is_empty() && extra.is_empty(),
                "{lang}: missing {missing:?}, extra {extra:?}"
            );
            for (k, v) in &t {
                let e = &en[k];
                assert!(e.same_shape(v), "{lang} {k}: another kind of value");
                let texts = |x: &Entry| -> Vec<String> {
                    match x {
                        Entry::Text(s) => vec![s.clone()],
                        Entry::Plural(f) => f.values().cloned().collect(),
                        Entry::List(_) => Vec::new(),
                    }
                };
                let want: std::collections::BTreeSet<String> = texts(e)
                    .iter()
                    .flat_map(|s| {
                        placeholders(s)
                            .into_iter()
                            .map(str::to_string)
                            .collect::<Vec<_>>()
                    })
                    .collect();
                for s in texts(v) {
                    for p in placeholders(&s) {
                        assert!(
                            want.contains(p),
                            "{lang} {k}: unknown placeholder {{{p}}} in {s:?}"
                        );
                    }
                }
                if let (Entry::Plural(f), Ok(l)) = (v, icu_locale_core::Locale::try_from_str(lang))
                {
                    // Every form the language's rules can choose is given.
                    let rules = PluralRules::try_new_cardinal((&l).into()).expect("rules");
                    for n in 0..200_u64 {
                        let cat = category_name(rules.category_for(n));
                        assert!(f.contains_key(cat), "{lang} {k}: no '{cat}' form (for {n})");
                    }
                }
            }
            let s = Strings::new(lang, &en, &[(t, &builtin(lang).expect("table"))], &mut d);
            assert!(d.is_empty(), "{lang}: {d:?}");
            assert_eq!(s.get("meta.og_locale").len(), 5, "{lang}");
        }
    }

    #[test]
    fn plurals_follow_each_languages_rules() {
        let mut d = Diagnostics::new();
        let en = parse_table(&builtin("en").expect("en"), &mut d);
        let of = |lang: &str| {
            let src = builtin(lang).expect("table");
            let t = parse_table(&src, &mut Diagnostics::new());
            Strings::new(lang, &en, &[(t, &src)], &mut Diagnostics::new())
        };
        let cases = [
            ("en", [(0, "0 minutes"), (1, "1 minute"), (2, "2 minutes")]),
            ("sv", [(0, "0 minuter"), (1, "1 minut"), (2, "2 minuter")]),
            ("de", [(0, "0 Minuten"), (1, "1 Minute"), (2, "2 Minuten")]),
            // French counts 0 and 1 as one.
            ("fr", [(0, "0 minute"), (1, "1 minute"), (2, "2 minutes")]),
            ("es", [(0, "0 minutos"), (1, "1 minuto"), (2, "2 minutos")]),
        ];
        for (lang, want) in cases {
            let s = of(lang);
            for (n, text) in want {
                assert_eq!(s.count("duration.minute", n, &[]), text, "{lang} {n}");
            }
        }
        // Routine durations and dates, in words of each language.
        assert_eq!(
            crate::model::routine::duration_in(5700, &of("sv")),
            "cirka 1 timme och 35 minuter"
        );
        assert_eq!(of("de").date(2026, 11, 30), "30. November 2026");
        assert_eq!(of("fr").decimal(1.5), "1,5");
    }

    #[test]
    fn toml_errors_are_located() {
        let (_, d) = strings("en", "[dose]\neach_side = \n");
        let w: Vec<String> = d.iter().map(ToString::to_string).collect();
        assert!(w.iter().any(|m| m.starts_with("i18n/en.toml:2")), "{w:#?}");
    }
}
