//! Code highlighting with syntect: HTML with CSS classes (never inline styles) and the
//! stylesheet for those classes, light and dark, generated at build time.
//!
//! The syntax and theme sets are loaded once per process, on first use, and shared by all
//! threads and by every rebuild of `serve`.

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::OnceLock;

use syntect::highlighting::ThemeSet;
use syntect::html::{ClassStyle, css_for_theme_with_class_style, line_tokens_to_classed_spans};
use syntect::parsing::{ParseState, ScopeStack, ScopeStackOp, SyntaxReference, SyntaxSet};
use syntect::util::LinesWithEndings;

use crate::html::escape;

/// Class prefix of highlighted tokens (`hl-keyword`), so theme CSS cannot clash.
const STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

/// The light and dark syntect themes the stylesheet is made from.
const LIGHT_THEME: &str = "InspiredGitHub";
const DARK_THEME: &str = "base16-ocean.dark";

fn syntaxes() -> &'static SyntaxSet {
    static SET: OnceLock<SyntaxSet> = OnceLock::new();
    SET.get_or_init(SyntaxSet::load_defaults_newlines)
}

/// What parsing one line did: the syntax and the line (to confirm a hit), the parser
/// state before it, the scope operations, the state after it.
struct ParsedLine {
    syntax: String,
    line: String,
    before: ParseState,
    ops: Vec<(usize, ScopeStackOp)>,
    after: ParseState,
}

/// Lines whose parse is kept per thread before the cache starts over (bounds its memory).
const LINE_CACHE_LIMIT: usize = 10_000;
/// Lines remembered (as a 64-bit hash) per thread before that set starts over.
const SEEN_LIMIT: usize = 200_000;

/// A hasher for keys that are already hashes.
#[derive(Default)]
struct Prehashed(u64);

impl std::hash::Hasher for Prehashed {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0 << 8) ^ u64::from(*b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

type ByHash<V> = HashMap<u64, V, std::hash::BuildHasherDefault<Prehashed>>;

thread_local! {
    /// Memo of `ParseState::parse_line`, which is a pure function of the state before the
    /// line and the line's text. Code blocks repeat lines (`sets: 3`) over and over, and
    /// regex matching in the grammar is most of the cost of highlighting. Keyed by a hash of
    /// the syntax name and the line; a line can be parsed from several states. Only lines
    /// seen before are kept, so lines that never repeat cost a hash, not a parser state.
    static LINE_CACHE: RefCell<ByHash<Vec<ParsedLine>>> = RefCell::new(ByHash::default());
    /// Hashes of the lines parsed so far on this thread.
    static SEEN: RefCell<std::collections::HashSet<u64, std::hash::BuildHasherDefault<Prehashed>>> =
        RefCell::new(std::collections::HashSet::default());
}

/// A 64-bit hash of a line of a syntax.
fn line_key(syntax: &SyntaxReference, line: &str) -> u64 {
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    h.update(syntax.name.as_bytes());
    h.update(&[0]);
    h.update(line.as_bytes());
    h.digest()
}

/// True when this thread has parsed the line with this key before (and remembers it now).
fn seen_before(key: u64) -> bool {
    SEEN.with(|seen| {
        let mut seen = seen.borrow_mut();
        if seen.len() >= SEEN_LIMIT {
            seen.clear();
        }
        !seen.insert(key)
    })
}

/// Parses one line, from the cache when the same line was parsed from the same state.
fn parse_line(
    state: &mut ParseState,
    syntax: &SyntaxReference,
    line: &str,
    ss: &SyntaxSet,
) -> Option<Vec<(usize, ScopeStackOp)>> {
    let key = line_key(syntax, line);
    if !seen_before(key) {
        return state.parse_line(line, ss).ok();
    }
    LINE_CACHE.with(|cache| {
        let mut cache = cache.borrow_mut();
        if let Some(hit) = cache.get(&key).and_then(|v| {
            v.iter()
                .find(|p| p.before == *state && p.line == line && p.syntax == syntax.name)
        }) {
            *state = hit.after.clone();
            return Some(hit.ops.clone());
        }
        let before = state.clone();
        let ops = state.parse_line(line, ss).ok()?;
        if cache.len() >= LINE_CACHE_LIMIT {
            cache.clear();
        }
        cache.entry(key).or_default().push(ParsedLine {
            syntax: syntax.name.clone(),
            line: line.to_string(),
            before,
            ops: ops.clone(),
            after: state.clone(),
        });
        Some(ops)
    })
}

/// Highlights `code` as `syntax` into classed spans (what syntect's `ClassedHTMLGenerator`
/// does, with the line parse memoised).
fn highlight(syntax: &SyntaxReference, ss: &SyntaxSet, code: &str) -> Option<String> {
    let mut state = ParseState::new(syntax);
    let mut scopes = ScopeStack::new();
    let mut open_spans: isize = 0;
    let mut html = String::with_capacity(code.len() * 4);
    for line in LinesWithEndings::from(code) {
        let ops = parse_line(&mut state, syntax, line, ss)?;
        let (formatted, delta) =
            line_tokens_to_classed_spans(line, &ops, STYLE, &mut scopes).ok()?;
        open_spans += delta;
        html.push_str(&formatted);
    }
    for _ in 0..open_spans.max(0) {
        html.push_str("</span>");
    }
    Some(html)
}

/// One fenced code block as HTML. Unknown or missing languages are escaped, not highlighted.
pub(crate) fn code_block(lang: &str, code: &str) -> String {
    let lang = lang.trim();
    let highlighted = (!lang.is_empty())
        .then(|| {
            let ss = syntaxes();
            let syntax = ss
                .find_syntax_by_token(lang)
                .or_else(|| ss.find_syntax_by_extension(lang))?;
            highlight(syntax, ss, code)
        })
        .flatten();
    let lang_attr = if lang.is_empty() {
        String::new()
    } else {
        format!(" data-lang=\"{}\"", escape(lang))
    };
    match highlighted {
        Some(html) => format!("<pre class=\"code hl-code\"{lang_attr}><code>{html}</code></pre>\n"),
        None => format!(
            "<pre class=\"code\"{lang_attr}><code>{}</code></pre>\n",
            escape(code)
        ),
    }
}

/// The stylesheet for highlighted code: the light theme, then the dark theme inside
/// `@media (prefers-color-scheme: dark)`.
pub(crate) fn stylesheet() -> String {
    static CSS: OnceLock<String> = OnceLock::new();
    CSS.get_or_init(|| {
        let themes = ThemeSet::load_defaults();
        let css_of = |name: &str| {
            themes
                .themes
                .get(name)
                .and_then(|t| css_for_theme_with_class_style(t, STYLE).ok())
                .unwrap_or_default()
        };
        let dark = css_of(DARK_THEME)
            .lines()
            .map(|l| format!("  {l}"))
            .collect::<Vec<_>>()
            .join("\n");
        format!(
            "/* Code highlighting, generated by movebook from syntect's {LIGHT_THEME} and {DARK_THEME} themes. */\n{}\n@media (prefers-color-scheme: dark) {{\n{dark}\n}}\n",
            css_of(LIGHT_THEME)
        )
    })
    .clone()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn memoised_highlighting_matches_syntects_generator() {
        let ss = syntaxes();
        let code = "session:\n  - exercise: a\n    sets: 3\n  - exercise: b\n    sets: 3\nnote: \"x: y\" # c\n";
        for lang in ["yaml", "rust", "json", "sh", "html"] {
            let syntax = ss.find_syntax_by_token(lang).unwrap();
            let mut generator =
                syntect::html::ClassedHTMLGenerator::new_with_class_style(syntax, ss, STYLE);
            for line in LinesWithEndings::from(code) {
                generator
                    .parse_html_for_line_which_includes_newline(line)
                    .unwrap();
            }
            let want = generator.finalize();
            // Twice: the second run is served from the line cache.
            assert_eq!(highlight(syntax, ss, code).unwrap(), want, "{lang}");
            assert_eq!(
                highlight(syntax, ss, code).unwrap(),
                want,
                "{lang} (cached)"
            );
        }
    }

    #[test]
    fn stylesheet_has_light_and_dark_rules() {
        let css = stylesheet();
        assert!(css.contains(".hl-code"), "{}", &css[..200.min(css.len())]);
        assert!(css.contains("@media (prefers-color-scheme: dark)"));
    }
}
