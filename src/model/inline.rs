//! Inline Markdown in front-matter text: `common_errors[].error` and `.fix`, `cues`,
//! `stop_if` and a path's `advance_when` may hold emphasis, code, links and images
//! (`Keep the [knees](@/muscles/quadriceps.md) *soft*`), never blocks.
//!
//! A value is one line of prose, so block syntax is not read as such: a value that starts
//! like a list item, a heading or a quote (`- `, `1. `, `# `, `> `) keeps those characters
//! as text, paragraphs run together and raw HTML is shown as text. This module gives the
//! events of such a value ([`events`]), the URLs it links to ([`urls`], checked when the
//! site is resolved like a body's) and its plain text ([`plain`], for search); the HTML is
//! written by `render::markdown::inline`.

use std::borrow::Cow;

use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, TagEnd};

use crate::frontmatter::FieldPath;
use crate::model::front::Front;

/// True when `text` may hold Markdown: without any of these characters it is plain text
/// (most values), and is neither parsed nor copied.
// A byte indexes a table of 256: the index is always in range.
#[allow(clippy::indexing_slicing)]
pub(crate) fn has_markup(text: &str) -> bool {
    text.bytes().any(|b| MARKUP[usize::from(b)]) || starts_like_a_block(text)
}

/// The bytes after which [`has_markup`] says a value may hold Markdown.
#[allow(clippy::indexing_slicing)]
static MARKUP: [bool; 256] = {
    let mut t = [false; 256];
    let mut i = 0;
    let chars = *b"*_`[]\\~<&\n";
    while i < chars.len() {
        t[chars[i] as usize] = true;
        i += 1;
    }
    t
};

/// Whether `text` starts with what Markdown reads as the start of a list item, heading,
/// quote, rule or fenced code.
fn starts_like_a_block(text: &str) -> bool {
    let t = text.trim_start();
    let mut chars = t.chars();
    match chars.next() {
        Some('-' | '+' | '*' | '=' | '_') => {
            chars.next().is_none_or(char::is_whitespace)
                || t.starts_with("---")
                || t.starts_with("***")
        }
        Some('#' | '>' | '`' | '~' | '|') => true,
        Some(c) if c.is_ascii_digit() => {
            let rest = t.trim_start_matches(|c: char| c.is_ascii_digit());
            rest.starts_with(['.', ')'])
        }
        _ => false,
    }
}

/// The Markdown source of `text` with a leading block marker escaped (`- x` → `\- x`,
/// `1. x` → `1\. x`), so that it stays text.
fn source(text: &str) -> Cow<'_, str> {
    if !starts_like_a_block(text) {
        return Cow::Borrowed(text);
    }
    let t = text.trim_start();
    let digits = t.len() - t.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let (head, tail) = t.split_at(digits);
    Cow::Owned(format!("{head}\\{tail}"))
}

/// The inline events of `text`: block tags (paragraphs, and any block a later line
/// starts) are left out with their text kept, a soft break is a space, and raw HTML is
/// text. The caller owns the source ([`source`]), hence the callback.
pub(crate) fn events<R>(text: &str, f: impl FnOnce(&mut dyn Iterator<Item = Event<'_>>) -> R) -> R {
    let src = source(text);
    // A block ended: the next text is preceded by a space (blocks run together).
    let mut gap = false;
    let mut it = Parser::new_ext(&src, Options::ENABLE_STRIKETHROUGH).flat_map(|event| {
        let event = match event {
            Event::Start(tag) if !is_inline(&tag) => None,
            Event::End(end) if !is_inline_end(end) => {
                gap = true;
                None
            }
            Event::Rule => None,
            Event::Html(raw) | Event::InlineHtml(raw) => Some(Event::Text(allowed(raw))),
            Event::Text(t) => Some(Event::Text(allowed(t))),
            Event::SoftBreak | Event::HardBreak => Some(Event::Text(CowStr::Borrowed(" "))),
            other => Some(other),
        };
        let space = (event.is_some() && std::mem::take(&mut gap))
            .then_some(Event::Text(CowStr::Borrowed(" ")));
        [space, event].into_iter().flatten()
    });
    f(&mut it)
}

/// `text` with the characters HTML and XML forbid (control characters other than tab and
/// line breaks, U+FFFE, U+FFFF) replaced by U+FFFD, as [`crate::html::escape`] does.
fn allowed(text: CowStr<'_>) -> CowStr<'_> {
    let forbidden = |c: char| matches!(c, '\u{0}'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}');
    if !text.contains(forbidden) {
        return text;
    }
    CowStr::from(
        text.chars()
            .map(|c| if forbidden(c) { '\u{fffd}' } else { c })
            .collect::<String>(),
    )
}

fn is_inline(tag: &Tag) -> bool {
    matches!(
        tag,
        Tag::Emphasis | Tag::Strong | Tag::Strikethrough | Tag::Link { .. } | Tag::Image { .. }
    )
}

fn is_inline_end(end: TagEnd) -> bool {
    matches!(
        end,
        TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough | TagEnd::Link | TagEnd::Image
    )
}

/// A URL in front-matter text.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct TextUrl {
    /// The field holding it (`common_errors[0].fix`).
    pub field: FieldPath,
    /// As written.
    pub url: String,
    /// An image's source rather than a link's destination.
    pub image: bool,
}

/// The link and image destinations of `text`, in order: (URL, is an image).
pub(crate) fn urls(text: &str) -> Vec<(String, bool)> {
    // `](` without a string searcher: this runs for every text field of every page.
    let has_link = memchr::memchr_iter(b']', text.as_bytes())
        .any(|i| text.as_bytes().get(i + 1) == Some(&b'('));
    if !has_link {
        return Vec::new();
    }
    events(text, |it| {
        it.filter_map(|e| match e {
            Event::Start(Tag::Link { dest_url, .. }) => Some((dest_url.to_string(), false)),
            Event::Start(Tag::Image { dest_url, .. }) => Some((dest_url.to_string(), true)),
            _ => None,
        })
        .collect()
    })
}

/// `text` without its markup, for search: link text kept, destinations dropped.
pub(crate) fn plain(text: &str) -> Cow<'_, str> {
    if !has_markup(text) {
        return Cow::Borrowed(text);
    }
    events(text, |it| {
        let mut out = String::with_capacity(text.len());
        for e in it {
            if let Event::Text(t) | Event::Code(t) = e {
                out.push_str(&t);
            }
        }
        Cow::Owned(out.trim().to_string())
    })
}

/// Calls `f` with every text field of `front` that may hold inline Markdown and a function
/// that gives its path (built only when asked for: most fields have no URL).
fn text_fields<'f>(front: &'f Front, mut f: impl FnMut(&'f str, &dyn Fn() -> FieldPath)) {
    let root = FieldPath::root;
    match front {
        Front::Exercise(e) => {
            for (i, c) in e.common_errors.iter().enumerate() {
                f(&c.error, &|| {
                    root().key("common_errors").index(i).key("error")
                });
                f(&c.fix, &|| root().key("common_errors").index(i).key("fix"));
            }
            for (i, c) in e.cues.iter().enumerate() {
                f(c, &|| root().key("cues").index(i));
            }
            for (i, s) in e.stop_if.iter().enumerate() {
                f(s, &|| root().key("stop_if").index(i));
            }
        }
        Front::Path(p) => {
            if let Some(a) = &p.advance_when {
                f(a, &|| root().key("advance_when"));
            }
        }
        Front::Routine(r) => {
            if let Some(w) = &r.when {
                f(w, &|| root().key("when"));
            }
            for (i, s) in r.steps.iter().enumerate() {
                if let crate::model::front::RoutineStepFront::Exercise(e) = s
                    && let Some(n) = &e.note
                {
                    f(n, &|| root().key("steps").index(i).key("note"));
                }
            }
        }
        _ => {}
    }
}

/// The URLs of every text field of `front` ([`text_fields`]).
pub(crate) fn front_urls(front: &Front) -> Vec<TextUrl> {
    let mut out = Vec::new();
    text_fields(front, |text, field| {
        for (url, image) in urls(text) {
            out.push(TextUrl {
                field: field(),
                url,
                image,
            });
        }
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn block_markers_at_the_start_stay_text() {
        assert_eq!(plain("- keep the ribs down"), "- keep the ribs down");
        assert_eq!(plain("1. brace"), "1. brace");
        assert_eq!(plain("# not a heading"), "# not a heading");
        assert_eq!(plain("> hips"), "> hips");
        assert_eq!(plain("*soft* knees"), "soft knees");
        assert_eq!(plain("Heels down"), "Heels down");
    }

    #[test]
    fn finds_links_and_images_with_their_kind() {
        assert_eq!(
            urls("See [the bridge](@/exercises/glute-bridge.md#cues) and ![x](/img/a.svg)"),
            [
                ("@/exercises/glute-bridge.md#cues".to_string(), false),
                ("/img/a.svg".to_string(), true)
            ]
        );
        assert!(urls("no links [here]").is_empty());
    }

    #[test]
    fn raw_html_is_text_and_lines_run_together() {
        assert_eq!(plain("a <b>bold</b> claim"), "a <b>bold</b> claim");
        assert_eq!(plain("one\ntwo"), "one two");
    }
}
