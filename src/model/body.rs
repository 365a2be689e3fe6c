//! A page's Markdown body as the model keeps it: its source (in memory or left in its file),
//! and what the rest of the pipeline needs to know about it without rendering it.
//!
//! [`scan`] runs when a file is read: heading ids (`## Why it helps` → `why-it-helps`,
//! unique on the page, `{#custom}` kept), the `@/` links with their lines (from Markdown
//! links and raw HTML alike), a bounded plain text for search, and a digest. It writes no
//! HTML and highlights nothing, so it is cheap. The HTML is written later, by
//! `render::markdown`, from the same source and with the ids chosen here, in order, so both
//! passes agree by construction.
//!
//! The model does no I/O. A body left in its file ([`Source::OnDisk`]) carries the
//! [`ReadBack`] function of the loader that read it (`pipeline::load_file`), and
//! [`Body::with_text`] calls it.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::hash::{Hash, Hasher};
use std::path::Path;
use std::sync::Arc;

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use crate::frontmatter;
use crate::html;
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

/// A URL in a body that is neither an `@/` page link nor left alone: checked when the site
/// is resolved, because it would be broken once published.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum LooseUrl {
    /// An image whose source is an `@/` path: `@/` names content pages, never images.
    PageImage {
        /// As written.
        url: String,
        /// File line.
        line: u32,
    },
    /// A relative link to a Markdown file (`diamond-push-up.md`, `../paths/a.md#x`), which
    /// means nothing once published.
    RelativePage {
        /// As written.
        url: String,
        /// File line.
        line: u32,
    },
    /// A root-relative URL (`/images/x.svg`, `/exercises/x/`), which must name a page or a
    /// file the build publishes; checked once the theme's static files are known.
    RootRelative {
        /// As written.
        url: String,
        /// File line.
        line: u32,
        /// An image's source rather than a link's destination.
        image: bool,
    },
}

/// A Markdown image of a body (`![alt](start.jpg)`), other than an `@/` one: a file of the
/// page's bundle or of `static/` is published processed, one on another host is refused.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct BodyImage {
    /// The source as written.
    pub url: String,
    /// The alt text (plain).
    pub alt: String,
    /// File line.
    pub line: u32,
}

/// What a URL written in Markdown (a link's destination or an image's source) is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum UrlKind {
    /// `@/exercises/x.md#a`: a page of the site by its source file.
    Page,
    /// A relative link to a Markdown file (see [`LooseUrl::RelativePage`]).
    RelativePage,
    /// `/x/y`: root-relative (see [`LooseUrl::RootRelative`]).
    RootRelative,
    /// Anything else (another host, `mailto:`, `#anchor`, a relative file): left alone.
    Other,
}

impl UrlKind {
    /// The kind of `url`.
    pub(crate) fn of(url: &str) -> UrlKind {
        if url.starts_with("@/") {
            UrlKind::Page
        } else if url.starts_with('/') && !url.starts_with("//") {
            UrlKind::RootRelative
        } else if is_relative_page(url) {
            UrlKind::RelativePage
        } else {
            UrlKind::Other
        }
    }
}

/// True for a relative link to a Markdown file: no scheme, not root-relative, not `@/`, not
/// a fragment, and a path ending in `.md`.
fn is_relative_page(url: &str) -> bool {
    let path = url.split(['#', '?']).next().unwrap_or(url);
    let has_scheme = path
        .split_once(':')
        .is_some_and(|(scheme, _)| !scheme.contains('/'));
    !has_scheme
        && !path.is_empty()
        && !path.starts_with(['/', '@', '#'])
        && path.to_ascii_lowercase().ends_with(".md")
}

/// Reads a file's bytes again: supplied by the loader that read it the first time, so that
/// all disk access stays behind the pipeline's loader seam. `None` when it cannot be read.
pub(crate) type ReadBack = fn(&Path) -> Option<Vec<u8>>;

/// Where a file's text (its YAML or its body) is between reading and rendering.
#[derive(Debug, Clone)]
pub enum Source {
    /// In memory (`serve`, which reads files that may change again at any time).
    Kept(String),
    /// In its file, read again through `read` when needed (`build` and `check`: a large site
    /// does not keep every body in memory). A body's digest makes sure it is still the text
    /// that was scanned.
    OnDisk {
        /// The file.
        file: Arc<Path>,
        /// How to read it again.
        read: ReadBack,
    },
}

impl PartialEq for Source {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (Source::Kept(a), Source::Kept(b)) => a == b,
            (Source::OnDisk { file: a, .. }, Source::OnDisk { file: b, .. }) => a == b,
            _ => false,
        }
    }
}

impl Eq for Source {}

impl Default for Source {
    fn default() -> Self {
        Source::Kept(String::new())
    }
}

impl Source {
    /// The whole file's text as `parse_file` read it, when the text is on disk; `None` for
    /// text kept in memory, or when the file cannot be read as text any more.
    pub(crate) fn reread(&self) -> Option<String> {
        match self {
            Source::Kept(_) => None,
            Source::OnDisk { file, read } => {
                let bytes = read(file)?;
                normalized(&bytes).map(Cow::into_owned)
            }
        }
    }
}

/// A body whose file changed (or vanished) between reading and rendering: a failure of the
/// environment ("build again"), not a problem of the site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceChanged(pub String);

impl std::fmt::Display for SourceChanged {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} changed while the site was being built: run the build again",
            self.0
        )
    }
}

impl std::error::Error for SourceChanged {}

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
    /// URLs that would be broken once published (see [`LooseUrl`]), in order.
    pub loose: Vec<LooseUrl>,
    /// Markdown images other than `@/` ones, in order.
    pub images: Vec<BodyImage>,
    /// The page's search keywords ([`crate::model::keywords::page_keywords`]), filled in
    /// when the file is read (from the front matter and the text [`scan`] returns).
    pub keywords: String,
    /// A hash of the source and the reserved ids: the rendered HTML is a function of these.
    pub digest: u64,
}

impl Body {
    /// Leaves the source in `file` instead of memory (see [`Source::OnDisk`]).
    pub fn keep_on_disk(&mut self, file: Arc<Path>, read: ReadBack) {
        self.source = Source::OnDisk { file, read };
    }

    /// Calls `f` with the body's Markdown source. Fails only when the source is on disk and
    /// the file no longer holds the text that was scanned.
    pub fn with_text<R>(&self, f: impl FnOnce(&str) -> R) -> Result<R, SourceChanged> {
        match &self.source {
            Source::Kept(s) => Ok(f(s)),
            Source::OnDisk { file, .. } => {
                let changed = || SourceChanged(file.display().to_string());
                let text = self.source.reread().ok_or_else(changed)?;
                let split = frontmatter::split(&text).map_err(|_| changed())?;
                if digest(split.body, self.first_line, self.reserved) != self.digest {
                    return Err(changed());
                }
                Ok(f(split.body))
            }
        }
    }
}

/// Text without a byte-order mark and with `\n` line ends.
pub(crate) fn normalize(text: &str) -> Cow<'_, str> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.contains('\r') {
        Cow::Owned(text.replace("\r\n", "\n").replace('\r', "\n"))
    } else {
        Cow::Borrowed(text)
    }
}

/// A file's bytes as the text `parse_file` reads (UTF-8, no byte-order mark, `\n` line
/// ends); `None` when they are not UTF-8.
pub(crate) fn normalized(bytes: &[u8]) -> Option<Cow<'_, str>> {
    std::str::from_utf8(bytes).ok().map(normalize)
}

/// pulldown-cmark extensions the contract promises.
pub(crate) fn options() -> Options {
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
pub(crate) fn scan(
    source: &str,
    first_line: u32,
    reserved: &'static [&'static str],
    text_limit: usize,
) -> (Body, String) {
    let used: HashSet<&str> = reserved.iter().copied().collect();
    let mut ids = Ids::new(&used);
    // Lines are needed only for headings and links, and their offsets only grow: count
    // newlines from the last position instead of indexing the whole body.
    let mut counted = (0usize, first_line);
    let mut line_of = |offset: usize| {
        let (from, line) = counted;
        let offset = offset.min(source.len());
        let newlines = |range| {
            source
                .as_bytes()
                .get(range)
                .map_or(0, |b| memchr::memchr_iter(b'\n', b).count() as u32)
        };
        let line = if offset >= from {
            line + newlines(from..offset)
        } else {
            first_line + newlines(0..offset)
        };
        counted = (offset, line);
        line
    };

    let mut headings = Vec::new();
    let mut links = Vec::new();
    let mut loose = Vec::new();
    let mut images = Vec::new();
    // Image being collected: its source, alt text and line.
    let mut image: Option<BodyImage> = None;
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
                    let id = ids.unique(&wanted);
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
                if let Some(i) = image.as_mut() {
                    i.alt.push_str(&t);
                }
                text.push(&t);
            }
            Event::SoftBreak | Event::HardBreak => text.push(" "),
            Event::End(TagEnd::Paragraph | TagEnd::Item | TagEnd::TableCell) => text.push("\n"),
            Event::Start(Tag::Link { dest_url, .. }) => match UrlKind::of(&dest_url) {
                UrlKind::Page => links.push(internal_link(&dest_url, Some(line_of(range.start)))),
                UrlKind::RelativePage => loose.push(LooseUrl::RelativePage {
                    url: dest_url.to_string(),
                    line: line_of(range.start),
                }),
                UrlKind::RootRelative => loose.push(LooseUrl::RootRelative {
                    url: dest_url.to_string(),
                    line: line_of(range.start),
                    image: false,
                }),
                UrlKind::Other => {}
            },
            Event::End(TagEnd::Image) => images.extend(image.take()),
            Event::Start(Tag::Image { dest_url, .. }) => match UrlKind::of(&dest_url) {
                UrlKind::Page => loose.push(LooseUrl::PageImage {
                    url: dest_url.to_string(),
                    line: line_of(range.start),
                }),
                UrlKind::RootRelative => {
                    let line = line_of(range.start);
                    loose.push(LooseUrl::RootRelative {
                        url: dest_url.to_string(),
                        line,
                        image: true,
                    });
                    image = Some(BodyImage {
                        url: dest_url.to_string(),
                        alt: String::new(),
                        line,
                    });
                }
                UrlKind::RelativePage | UrlKind::Other => {
                    image = Some(BodyImage {
                        url: dest_url.to_string(),
                        alt: String::new(),
                        line: line_of(range.start),
                    });
                }
            },
            Event::Html(raw) | Event::InlineHtml(raw)
                if raw.contains("=\"/") || raw.contains("href=\"@/") =>
            {
                let line = line_of(range.start);
                for (attr, url) in raw_html_root_urls(&raw) {
                    loose.push(LooseUrl::RootRelative {
                        url,
                        line,
                        image: attr == "src",
                    });
                }
                if raw.contains("href=\"@/") {
                    links.extend(raw_html_links(&raw).into_iter().map(|(_, l)| InternalLink {
                        line: Some(line),
                        ..l
                    }));
                }
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
        loose,
        images,
        keywords: String::new(),
        digest: digest(source, first_line, reserved),
    };
    (body, text.finish())
}

/// What the rendered HTML of a body is a function of.
pub(crate) fn digest(source: &str, first_line: u32, reserved: &[&str]) -> u64 {
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    source.hash(&mut h);
    first_line.hash(&mut h);
    reserved.hash(&mut h);
    h.finish()
}

/// An `@/` link from its destination (`@/exercises/x.md#a`, percent-encoded or not).
pub(crate) fn internal_link(dest: &str, line: Option<u32>) -> InternalLink {
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

/// The root-relative `href="/…"` and `src="/…"` values of some HTML (not `//host/…`),
/// unescaped, with their attribute's name.
fn raw_html_root_urls(html: &str) -> Vec<(&'static str, String)> {
    let mut found = Vec::new();
    for attr in ["href", "src"] {
        let needle = format!("{attr}=\"/");
        let mut from = 0;
        while let Some(i) = html.get(from..).and_then(|rest| rest.find(&needle)) {
            let value_start = from + i + needle.len() - 1;
            let Some(len) = html.get(value_start..).and_then(|rest| rest.find('"')) else {
                break;
            };
            let value_end = value_start + len;
            let value = html.get(value_start..value_end).unwrap_or("");
            // ` href="/"` must not also match as part of ` data-href="/"`.
            let whole_attr = html
                .get(..from + i)
                .is_some_and(|before| before.ends_with(|c: char| c.is_whitespace()));
            if whole_attr && !value.starts_with("//") {
                found.push((attr, html::unescape(value)));
            }
            from = value_end;
        }
    }
    found
}

/// The `href="@/..."` values of some HTML, with their byte ranges.
pub(crate) fn raw_html_links(html: &str) -> Vec<(std::ops::Range<usize>, InternalLink)> {
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(i) = html.get(from..).and_then(|rest| rest.find("href=\"@/")) {
        let value_start = from + i + "href=\"".len();
        let Some(len) = html.get(value_start..).and_then(|rest| rest.find('"')) else {
            break;
        };
        let value_end = value_start + len;
        let raw = html::unescape(html.get(value_start..value_end).unwrap_or(""));
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

/// The heading ids of one body, each unique: `wanted`, or `wanted-1`, `wanted-2`...,
/// the first that is not reserved and not taken yet.
///
/// Linear in the number of headings: for each wanted id it remembers the next suffix to
/// try. Suffixes below it were reserved or taken when tried, and ids are never given back,
/// so they are still not free: the result is the same as trying from `-1` every time.
struct Ids<'a> {
    reserved: &'a HashSet<&'a str>,
    taken: HashSet<String>,
    next_suffix: HashMap<String, u64>,
}

impl<'a> Ids<'a> {
    fn new(reserved: &'a HashSet<&'a str>) -> Self {
        Ids {
            reserved,
            taken: HashSet::new(),
            next_suffix: HashMap::new(),
        }
    }

    fn unique(&mut self, wanted: &str) -> String {
        let free =
            |taken: &HashSet<String>, id: &str| !self.reserved.contains(id) && !taken.contains(id);
        let id = if free(&self.taken, wanted) {
            wanted.to_string()
        } else {
            let n = self.next_suffix.entry(wanted.to_string()).or_insert(1);
            loop {
                let candidate = format!("{wanted}-{n}");
                *n += 1;
                if free(&self.taken, &candidate) {
                    break candidate;
                }
            }
        };
        self.taken.insert(id.clone());
        id
    }
}

pub(crate) fn percent_decode(s: &str) -> String {
    if !s.contains('%') {
        return s.to_string();
    }
    let hex = |b: Option<&u8>| b.and_then(|b| (*b as char).to_digit(16)).map(|d| d as u8);
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b == b'%'
            && i + 2 < bytes.len()
            && let (Some(h), Some(l)) = (hex(bytes.get(i + 1)), hex(bytes.get(i + 2)))
        {
            out.push(h * 16 + l);
            i += 3;
            continue;
        }
        out.push(b);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

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

    fn ids(source: &str, reserved: &'static [&'static str]) -> Vec<String> {
        let (body, _) = scan(source, 1, reserved, 100);
        body.headings.iter().map(|h| h.id.clone()).collect()
    }

    #[test]
    fn duplicate_headings_take_the_first_free_suffix() {
        assert_eq!(
            ids(
                "## Step\n## Step {#step-2}\n## Step\n## Step\n## Cues\n## Step-1\n",
                &["cues"]
            ),
            ["step", "step-2", "step-1", "step-3", "cues-1", "step-1-1"]
        );
    }

    #[test]
    fn many_identical_headings_get_their_ids_in_linear_time() {
        // Each duplicate used to rescan every suffix and every id taken before it (cubic):
        // 2,000 headings took minutes.
        let source = "## Step\n\n".repeat(2000);
        let started = std::time::Instant::now();
        let got = ids(&source, &["step-3"]);
        let elapsed = started.elapsed();
        assert_eq!(got.len(), 2000);
        assert_eq!(got[..5], ["step", "step-1", "step-2", "step-4", "step-5"]);
        assert_eq!(got.last().map(String::as_str), Some("step-2000"));
        assert!(
            elapsed < std::time::Duration::from_secs(2),
            "2,000 headings took {elapsed:?}"
        );
    }
}
