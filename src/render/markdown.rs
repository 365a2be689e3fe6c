//! Markdown bodies with pulldown-cmark, in two passes.
//!
//! * [`scan`] runs when a file is read. It keeps the body's source and what the rest of
//!   the pipeline needs to know about it without rendering it: heading ids (`## Why it
//!   helps` → `why-it-helps`, unique on the page, `{#custom}` kept), the `@/` links with
//!   their lines (from Markdown links and raw HTML alike), a bounded plain text for search,
//!   and a digest. It writes no HTML and highlights nothing, so it is cheap.
//! * [`Body::render_html`] runs when the page is rendered, and the HTML is dropped as soon
//!   as the page is written. A large site therefore never holds every rendered body at once
//!   (at 50,000 exercises that alone would be a quarter of a gigabyte). It gives headings
//!   the ids `scan` chose, in order, so both passes agree by construction, and highlights
//!   fenced code with syntect.
//!
//! Both depend only on the body text and the page kind's reserved ids, never on other
//! pages: `@/` links are left in the HTML as written and [`RenderedHtml::finish`] splices in
//! the resolved URLs once all pages are known.

use std::collections::HashSet;
use std::hash::{Hash, Hasher};
use std::path::Path;
use std::sync::Arc;

use pulldown_cmark::{
    CodeBlockKind, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd, html,
};

use crate::render::highlight;
use crate::slug::slugify;

/// A heading of a body.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize)]
pub struct Heading {
    /// 1 to 6.
    pub level: u8,
    /// The id attribute (the `#anchor`).
    pub id: String,
    /// The heading's text.
    pub text: String,
    /// File line.
    pub line: u32,
}

/// An `@/` link in a body.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct InternalLink {
    /// The source path after `@/`, percent-decoded: `exercises/glute-bridge.md`.
    pub target: String,
    /// The anchor after `#`, if any.
    pub anchor: Option<String>,
    /// File line of the link.
    pub line: Option<u32>,
}

/// Where a body's Markdown is between reading and rendering.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// In memory (`serve`, which reads files that may change again at any time).
    Kept(String),
    /// In its file, read again to render (`build` and `check`: a large site does not keep
    /// every body in memory). The digest makes sure it is still the text that was scanned.
    OnDisk(Arc<Path>),
}

impl Default for Source {
    fn default() -> Self {
        Source::Kept(String::new())
    }
}

/// The words of the error when a file changed between reading and rendering; the build
/// turns it into a failure of the environment ("build again"), not a site error.
pub const CHANGED_DURING_BUILD: &str = "changed while the site was being built";

/// A body whose file changed (or vanished) between reading and rendering.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceChanged(pub String);

impl std::fmt::Display for SourceChanged {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {CHANGED_DURING_BUILD}: run the build again", self.0)
    }
}

/// A body as kept between reading and rendering (see the module docs).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Body {
    /// The Markdown source.
    pub source: Source,
    /// File line of the first line of `source`.
    pub first_line: u32,
    /// Ids the page template uses, which body headings never take.
    pub reserved: &'static [&'static str],
    /// Headings, in order, with the ids they get.
    pub headings: Vec<Heading>,
    /// The `@/` links, in order of appearance.
    pub links: Vec<InternalLink>,
    /// The page's search keywords ([`crate::render::search::page_keywords`]), filled in
    /// when the file is read (from the front matter and the text [`scan`] returns).
    pub keywords: String,
    /// A hash of the source and the reserved ids: the rendered HTML is a function of these.
    pub digest: u64,
}

/// A body rendered to HTML, `@/` links still to be resolved.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RenderedHtml {
    /// The HTML.
    pub html: String,
    /// Byte range of each `@/` href value in `html`, with its link.
    links: Vec<(std::ops::Range<usize>, InternalLink)>,
}

/// pulldown-cmark extensions the contract promises.
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Collapses whitespace as it is appended (what `split_whitespace().join(" ")` gives) and
/// stops growing after `limit` bytes.
struct Text {
    out: String,
    pending_space: bool,
    limit: usize,
}

impl Text {
    fn new(limit: usize) -> Text {
        Text {
            out: String::new(),
            pending_space: false,
            limit,
        }
    }

    fn push(&mut self, s: &str) {
        if self.out.len() >= self.limit {
            return;
        }
        for c in s.chars() {
            if c.is_whitespace() {
                self.pending_space = !self.out.is_empty();
            } else {
                if self.pending_space {
                    self.out.push(' ');
                    self.pending_space = false;
                }
                self.out.push(c);
            }
        }
    }

    fn finish(mut self) -> String {
        if self.out.len() > self.limit {
            let mut end = self.limit;
            while !self.out.is_char_boundary(end) {
                end -= 1;
            }
            self.out.truncate(end);
        }
        self.out
    }
}

/// Reads `source`, whose first line is line `first_line` of its file, for everything but
/// its HTML. Body heading ids never take a value in `reserved`. Also returns the text
/// without markup, whitespace collapsed, cut after `text_limit` bytes: what search
/// keywords are drawn from.
pub fn scan(
    source: &str,
    first_line: u32,
    reserved: &'static [&'static str],
    text_limit: usize,
) -> (Body, String) {
    let used: HashSet<&str> = reserved.iter().copied().collect();
    let mut taken: Vec<String> = Vec::new();
    // Lines are needed only for headings and links, and their offsets only grow: count
    // newlines from the last position instead of indexing the whole body.
    let mut counted = (0usize, first_line);
    let mut line_of = |offset: usize| {
        let (from, line) = counted;
        let offset = offset.min(source.len());
        let line = if offset >= from {
            line + memchr::memchr_iter(b'\n', &source.as_bytes()[from..offset]).count() as u32
        } else {
            first_line + memchr::memchr_iter(b'\n', &source.as_bytes()[..offset]).count() as u32
        };
        counted = (offset, line);
        line
    };

    let mut headings = Vec::new();
    let mut links = Vec::new();
    let mut text = Text::new(text_limit);
    // Heading being collected: (its custom id, its text, line).
    let mut heading: Option<(Option<String>, String, u32)> = None;
    let mut in_code = false;

    for (event, range) in Parser::new_ext(source, options()).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(_)) => in_code = true,
            Event::End(TagEnd::CodeBlock) => {
                in_code = false;
                text.push("\n");
            }
            Event::Text(t) if in_code => text.push(&t),
            Event::Start(Tag::Heading { id, .. }) => {
                heading = Some((
                    id.map(|i| i.to_string()),
                    String::new(),
                    line_of(range.start),
                ));
            }
            Event::End(TagEnd::Heading(level)) => {
                text.push("\n");
                if let Some((custom, htext, line)) = heading.take() {
                    let wanted = custom.unwrap_or_else(|| {
                        let s = slugify(&htext);
                        if s.is_empty() {
                            "section".to_string()
                        } else {
                            s
                        }
                    });
                    let id = unique_id(&wanted, &used, &taken);
                    taken.push(id.clone());
                    headings.push(Heading {
                        level: heading_level(level),
                        id,
                        text: htext.trim().to_string(),
                        line,
                    });
                }
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, h, _)) = heading.as_mut() {
                    h.push_str(&t);
                }
                text.push(&t);
            }
            Event::SoftBreak | Event::HardBreak => text.push(" "),
            Event::End(TagEnd::Paragraph | TagEnd::Item | TagEnd::TableCell) => text.push("\n"),
            Event::Start(Tag::Link { dest_url, .. }) if dest_url.starts_with("@/") => {
                links.push(internal_link(&dest_url, Some(line_of(range.start))));
            }
            Event::Html(raw) | Event::InlineHtml(raw) if raw.contains("href=\"@/") => {
                let line = line_of(range.start);
                links.extend(raw_html_links(&raw).into_iter().map(|(_, l)| InternalLink {
                    line: Some(line),
                    ..l
                }));
            }
            _ => {}
        }
    }
    let body = Body {
        source: Source::Kept(source.to_string()),
        first_line,
        reserved,
        headings,
        links,
        keywords: String::new(),
        digest: digest(source, first_line, reserved),
    };
    (body, text.finish())
}

/// What the rendered HTML of a body is a function of.
fn digest(source: &str, first_line: u32, reserved: &[&str]) -> u64 {
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    source.hash(&mut h);
    first_line.hash(&mut h);
    reserved.hash(&mut h);
    h.finish()
}

/// An `@/` link from its destination (`@/exercises/x.md#a`, percent-encoded or not).
fn internal_link(dest: &str, line: Option<u32>) -> InternalLink {
    let decoded = percent_decode(dest);
    let without_at = decoded.get(2..).unwrap_or("");
    let (target, anchor) = match without_at.split_once('#') {
        Some((t, a)) => (t.to_string(), Some(a.to_string())),
        None => (without_at.to_string(), None),
    };
    InternalLink {
        target,
        anchor,
        line,
    }
}

/// The `href="@/..."` values of some HTML, with their byte ranges.
fn raw_html_links(html: &str) -> Vec<(std::ops::Range<usize>, InternalLink)> {
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(i) = html[from..].find("href=\"@/") {
        let value_start = from + i + "href=\"".len();
        let Some(len) = html[value_start..].find('"') else {
            break;
        };
        let value_end = value_start + len;
        let raw = html_unescape(&html[value_start..value_end]);
        found.push((value_start..value_end, internal_link(&raw, None)));
        from = value_end;
    }
    found
}

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// `wanted`, or `wanted-1`, `wanted-2`... whichever is not reserved and not taken yet.
fn unique_id(wanted: &str, reserved: &HashSet<&str>, taken: &[String]) -> String {
    let free = |id: &str| !reserved.contains(id) && !taken.iter().any(|t| t == id);
    if free(wanted) {
        return wanted.to_string();
    }
    (1..)
        .map(|n| format!("{wanted}-{n}"))
        .find(|candidate| free(candidate))
        .unwrap_or_default()
}

impl Body {
    /// Leaves the source in `file` instead of memory (see [`Source::OnDisk`]).
    pub fn keep_on_disk(&mut self, file: Arc<Path>) {
        self.source = Source::OnDisk(file);
    }

    /// The body as HTML: heading ids as [`scan`] chose them, fenced code highlighted, `@/`
    /// links recorded for [`RenderedHtml::finish`]. Fails only when the source is on disk
    /// and the file no longer holds the text that was scanned.
    pub fn render_html(&self) -> Result<RenderedHtml, SourceChanged> {
        match &self.source {
            Source::Kept(s) => Ok(self.render_source(s)),
            Source::OnDisk(path) => {
                let changed = || SourceChanged(path.display().to_string());
                let bytes = std::fs::read(path).map_err(|_| changed())?;
                let text = crate::model::parse::normalized(&bytes).ok_or_else(changed)?;
                let split = crate::frontmatter::split(&text).map_err(|_| changed())?;
                if digest(split.body, self.first_line, self.reserved) != self.digest {
                    return Err(changed());
                }
                Ok(self.render_source(split.body))
            }
        }
    }

    fn render_source(&self, source: &str) -> RenderedHtml {
        let mut ids = self.headings.iter().map(|h| h.id.as_str());
        // Code block being collected: (language, code).
        let mut code: Option<(String, String)> = None;
        let events = Parser::new_ext(source, options()).filter_map(|event| {
            if let Some((_, buf)) = code.as_mut() {
                return match event {
                    Event::Text(t) => {
                        buf.push_str(&t);
                        None
                    }
                    Event::End(TagEnd::CodeBlock) => {
                        let (lang, src) = code.take().unwrap_or_default();
                        Some(Event::Html(CowStr::from(highlight::code_block(
                            &lang, &src,
                        ))))
                    }
                    _ => None,
                };
            }
            match event {
                Event::Start(Tag::CodeBlock(kind)) => {
                    let lang = match kind {
                        CodeBlockKind::Fenced(info) => {
                            info.split([' ', ',', '{']).next().unwrap_or("").to_string()
                        }
                        CodeBlockKind::Indented => String::new(),
                    };
                    code = Some((lang, String::new()));
                    None
                }
                // The ids `scan` chose, in order: both passes see the same headings.
                Event::Start(Tag::Heading {
                    level,
                    id,
                    classes,
                    attrs,
                }) => Some(Event::Start(Tag::Heading {
                    level,
                    id: ids.next().map(CowStr::Borrowed).or(id),
                    classes,
                    attrs,
                })),
                other => Some(other),
            }
        });
        let mut out = String::with_capacity(source.len() + source.len() / 2);
        html::push_html(&mut out, events);
        let links = raw_html_links(&out);
        RenderedHtml { html: out, links }
    }
}

fn html_unescape(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    s.replace("&amp;", "&")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
}

fn percent_decode(s: &str) -> String {
    if !s.contains('%') {
        return s.to_string();
    }
    let hex = |b: u8| (b as char).to_digit(16).map(|d| d as u8);
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2]))
        {
            out.push(h * 16 + l);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

impl RenderedHtml {
    /// The final HTML, with each internal link's href replaced by `url_of(link)`.
    pub fn finish(self, mut url_of: impl FnMut(&InternalLink) -> String) -> String {
        if self.links.is_empty() {
            return self.html;
        }
        let mut out = String::with_capacity(self.html.len() + 64);
        let mut last = 0;
        for (range, link) in &self.links {
            out.push_str(&self.html[last..range.start]);
            out.push_str(&escape_attr(&url_of(link)));
            last = range.end;
        }
        out.push_str(&self.html[last..]);
        out
    }
}

/// Escapes text for a double-quoted HTML attribute.
pub fn escape_attr(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn html(body: &str, reserved: &'static [&'static str]) -> (Body, String) {
        let (b, _) = scan(body, 1, reserved, 10_000);
        let h = b.render_html().unwrap().html;
        (b, h)
    }

    #[test]
    fn gives_headings_unique_ids_avoiding_reserved_ones() {
        let (b, _) = scan(
            "## How to do it\n\n## How to do it\n\n## Cues\n\n### Custom {#mine}\n",
            5,
            &["cues"],
            10_000,
        );
        let ids: Vec<&str> = b.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["how-to-do-it", "how-to-do-it-1", "cues-1", "mine"]);
        let html = b.render_html().unwrap().html;
        assert!(
            html.contains("<h2 id=\"how-to-do-it\">How to do it</h2>"),
            "{html}"
        );
        assert!(html.contains("<h2 id=\"cues-1\">Cues</h2>"), "{html}");
        assert!(html.contains("<h3 id=\"mine\">Custom</h3>"), "{html}");
        assert_eq!(b.headings[0].line, 5);
        assert_eq!(b.headings[2].line, 9);
    }

    #[test]
    fn records_internal_links_with_lines_and_anchors() {
        let body = "Intro.\n\nSee [bridge](@/exercises/glute-bridge.md#how-to-do-it) and\n[safety](@/safety.md).\n\n<a href=\"@/faq.md\">faq</a>\n";
        let (b, _) = scan(body, 10, &[], 10_000);
        assert_eq!(b.links.len(), 3);
        assert_eq!(b.links[0].target, "exercises/glute-bridge.md");
        assert_eq!(b.links[0].anchor.as_deref(), Some("how-to-do-it"));
        assert_eq!(b.links[0].line, Some(12));
        assert_eq!(b.links[1].line, Some(13));
        assert_eq!(
            (b.links[2].target.as_str(), b.links[2].line),
            ("faq.md", Some(15))
        );
        let html = b
            .render_html()
            .unwrap()
            .finish(|l| format!("/{}/", l.target.trim_end_matches(".md")));
        assert!(html.contains("href=\"/exercises/glute-bridge/\""), "{html}");
        assert!(html.contains("href=\"/safety/\""));
        assert!(html.contains("href=\"/faq/\""));
    }

    #[test]
    fn renders_tables_footnotes_strikethrough_and_tasks() {
        let (_, html) = html(
            "| a | b |\n|---|---|\n| 1 | 2 |\n\n~~old~~ note[^1]\n\n[^1]: foot\n\n- [x] done\n",
            &[],
        );
        for tag in ["<table>", "<del>old</del>", "footnote", "type=\"checkbox\""] {
            assert!(html.contains(tag), "missing {tag} in {html}");
        }
    }

    #[test]
    fn highlights_code_with_classes_not_styles() {
        let (_, h) = html("```yaml\ntitle: Bridge\n```\n", &[]);
        assert!(h.contains("class=\"hl-"), "{h}");
        assert!(!h.contains("style="));
        let (_, plain) = html("```nosuchlang\n<b>\n```\n", &[]);
        assert!(plain.contains("&lt;b&gt;"));
    }

    #[test]
    fn collects_plain_text_for_search_within_a_limit() {
        let (_, text) = scan(
            "## Title\n\nSome *emphasis* and `code`.\n\n```\nx = 1\n```\n",
            1,
            &[],
            10_000,
        );
        assert_eq!(text, "Title Some emphasis and code. x = 1");
        let (_, short) = scan("## Title\n\nSome *emphasis* and `code`.\n", 1, &[], 12);
        assert_eq!(short, "Title Some e");
        let (_, accents) = scan("é é é é", 1, &[], 3);
        assert_eq!(
            accents, "é ",
            "cut on a character boundary, as search cuts its budget"
        );
    }

    #[test]
    fn the_digest_follows_the_source_and_the_reserved_ids() {
        let digest = |source, reserved| scan(source, 1, reserved, 100).0.digest;
        let a = digest("Text", &[]);
        assert_eq!(a, digest("Text", &[]));
        assert_ne!(a, digest("Text!", &[]));
        assert_ne!(a, digest("Text", &["x"]));
    }
}
