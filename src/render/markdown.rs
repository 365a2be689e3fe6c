//! Markdown bodies to HTML with pulldown-cmark.
//!
//! The result of [`render`] depends only on the body text (and the page kind's reserved
//! ids), never on other pages, so it can be memoised by the bytes of the file. Internal
//! `@/` links are left in the HTML as written and recorded with their byte range; once all
//! pages are known, [`Markdown::finish`] splices in the resolved URLs.
//!
//! Also done here: heading ids (`## Why it helps` → `id="why-it-helps"`, unique on the
//! page, `{#custom}` kept), fenced code highlighted by syntect into CSS classes, and the
//! plain text of the page for search.

use std::collections::HashSet;

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
    /// Byte range of the attribute value in [`Markdown::html`].
    pub range: std::ops::Range<usize>,
    /// The source path after `@/`, percent-decoded: `exercises/glute-bridge.md`.
    pub target: String,
    /// The anchor after `#`, if any.
    pub anchor: Option<String>,
    /// File line of the link, when it came from Markdown (not raw HTML).
    pub line: Option<u32>,
}

/// A rendered body.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Markdown {
    /// HTML with `@/` links unresolved.
    pub html: String,
    /// The `@/` links, in order of appearance.
    pub links: Vec<InternalLink>,
    /// Headings, in order.
    pub headings: Vec<Heading>,
    /// The text of the body without markup, for search.
    pub text: String,
}

/// pulldown-cmark extensions the contract promises.
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Renders `body`, whose first line is line `first_line` of its file. Body heading ids
/// never take a value in `reserved` (ids the page template uses).
pub fn render(body: &str, first_line: u32, reserved: &[&str]) -> Markdown {
    let mut used: HashSet<String> = reserved.iter().map(|s| s.to_string()).collect();
    // Lines are needed only for headings and links, and their offsets only grow: count
    // newlines from the last position instead of indexing the whole body.
    let mut counted = (0usize, first_line);
    let mut line_of = |offset: usize| {
        let (from, line) = counted;
        let offset = offset.min(body.len());
        let line = if offset >= from {
            line + memchr::memchr_iter(b'\n', &body.as_bytes()[from..offset]).count() as u32
        } else {
            first_line + memchr::memchr_iter(b'\n', &body.as_bytes()[..offset]).count() as u32
        };
        counted = (offset, line);
        line
    };

    let mut events: Vec<Event> = Vec::new();
    let mut headings = Vec::new();
    let mut link_lines: Vec<(String, u32)> = Vec::new();
    let mut text = String::new();

    // Heading being collected: (index of its Start event in `events`, its text, line).
    let mut heading: Option<(usize, String, u32)> = None;
    // Code block being collected: (language, code).
    let mut code: Option<(String, String)> = None;

    for (event, range) in Parser::new_ext(body, options()).into_offset_iter() {
        if let Some((_, buf)) = code.as_mut() {
            match event {
                Event::Text(t) => {
                    buf.push_str(&t);
                    continue;
                }
                Event::End(TagEnd::CodeBlock) => {
                    let (lang, src) = code.take().unwrap_or_default();
                    text.push_str(&src);
                    text.push('\n');
                    events.push(Event::Html(CowStr::from(highlight::code_block(
                        &lang, &src,
                    ))));
                    continue;
                }
                _ => continue,
            }
        }
        match &event {
            Event::Start(Tag::CodeBlock(kind)) => {
                let lang = match kind {
                    CodeBlockKind::Fenced(info) => {
                        info.split([' ', ',', '{']).next().unwrap_or("").to_string()
                    }
                    CodeBlockKind::Indented => String::new(),
                };
                code = Some((lang, String::new()));
                continue;
            }
            Event::Start(Tag::Heading { .. }) => {
                heading = Some((events.len(), String::new(), line_of(range.start)));
            }
            Event::End(TagEnd::Heading(level)) => {
                text.push('\n');
                if let Some((start, htext, line)) = heading.take() {
                    let level_n = heading_level(*level);
                    if let Event::Start(Tag::Heading { id, .. }) = &mut events[start] {
                        let wanted = match id {
                            Some(custom) => custom.to_string(),
                            None => {
                                let s = slugify(&htext);
                                if s.is_empty() {
                                    "section".to_string()
                                } else {
                                    s
                                }
                            }
                        };
                        let unique = unique_id(&wanted, &mut used);
                        *id = Some(CowStr::from(unique.clone()));
                        headings.push(Heading {
                            level: level_n,
                            id: unique,
                            text: htext.trim().to_string(),
                            line,
                        });
                    }
                }
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, h, _)) = heading.as_mut() {
                    h.push_str(t);
                }
                text.push_str(t);
            }
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            Event::End(TagEnd::Paragraph | TagEnd::Item | TagEnd::TableCell) => text.push('\n'),
            Event::Start(Tag::Link { dest_url, .. }) if dest_url.starts_with("@/") => {
                link_lines.push((dest_url.to_string(), line_of(range.start)));
            }
            _ => {}
        }
        events.push(event);
    }

    let mut out = String::with_capacity(body.len() + body.len() / 2);
    html::push_html(&mut out, events.into_iter());
    let links = find_internal_links(&out, &link_lines);
    Markdown {
        html: out,
        links,
        headings,
        text: collapse_whitespace(&text),
    }
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

fn unique_id(wanted: &str, used: &mut HashSet<String>) -> String {
    if used.insert(wanted.to_string()) {
        return wanted.to_string();
    }
    (1..)
        .map(|n| format!("{wanted}-{n}"))
        .find(|candidate| used.insert(candidate.clone()))
        .unwrap_or_default()
}

fn collapse_whitespace(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Finds `href="@/..."` attributes in rendered HTML (from Markdown links and raw HTML alike)
/// and pairs them with the Markdown link lines, in order, by target.
fn find_internal_links(html: &str, link_lines: &[(String, u32)]) -> Vec<InternalLink> {
    let mut used = vec![false; link_lines.len()];
    let mut links = Vec::new();
    let mut from = 0;
    while let Some(i) = html[from..].find("href=\"@/") {
        let value_start = from + i + "href=\"".len();
        let Some(len) = html[value_start..].find('"') else {
            break;
        };
        let value_end = value_start + len;
        let raw = html_unescape(&html[value_start..value_end]);
        let decoded = percent_decode(&raw);
        let line = link_lines
            .iter()
            .enumerate()
            .find(|(k, (dest, _))| !used[*k] && (*dest == decoded || *dest == raw))
            .map(|(k, (_, line))| {
                used[k] = true;
                *line
            });
        let without_at = &decoded[2..];
        let (target, anchor) = match without_at.split_once('#') {
            Some((t, a)) => (t.to_string(), Some(a.to_string())),
            None => (without_at.to_string(), None),
        };
        links.push(InternalLink {
            range: value_start..value_end,
            target,
            anchor,
            line,
        });
        from = value_end;
    }
    links
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

impl Markdown {
    /// The final HTML, with each internal link's href replaced by `url_of(link)`.
    pub fn finish(&self, mut url_of: impl FnMut(&InternalLink) -> String) -> String {
        if self.links.is_empty() {
            return self.html.clone();
        }
        let mut out = String::with_capacity(self.html.len() + 64);
        let mut last = 0;
        for link in &self.links {
            out.push_str(&self.html[last..link.range.start]);
            out.push_str(&escape_attr(&url_of(link)));
            last = link.range.end;
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

    #[test]
    fn gives_headings_unique_ids_avoiding_reserved_ones() {
        let md = render(
            "## How to do it\n\n## How to do it\n\n## Cues\n\n### Custom {#mine}\n",
            5,
            &["cues"],
        );
        let ids: Vec<&str> = md.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["how-to-do-it", "how-to-do-it-1", "cues-1", "mine"]);
        assert!(
            md.html
                .contains("<h2 id=\"how-to-do-it\">How to do it</h2>")
        );
        assert_eq!(md.headings[0].line, 5);
        assert_eq!(md.headings[2].line, 9);
    }

    #[test]
    fn records_internal_links_with_lines_and_anchors() {
        let body = "Intro.\n\nSee [bridge](@/exercises/glute-bridge.md#how-to-do-it) and\n[safety](@/safety.md).\n";
        let md = render(body, 10, &[]);
        assert_eq!(md.links.len(), 2);
        assert_eq!(md.links[0].target, "exercises/glute-bridge.md");
        assert_eq!(md.links[0].anchor.as_deref(), Some("how-to-do-it"));
        assert_eq!(md.links[0].line, Some(12));
        assert_eq!(md.links[1].line, Some(13));
        let html = md.finish(|l| format!("/{}/", l.target.trim_end_matches(".md")));
        assert!(html.contains("href=\"/exercises/glute-bridge/\""), "{html}");
        assert!(html.contains("href=\"/safety/\""));
    }

    #[test]
    fn renders_tables_footnotes_strikethrough_and_tasks() {
        let md = render(
            "| a | b |\n|---|---|\n| 1 | 2 |\n\n~~old~~ note[^1]\n\n[^1]: foot\n\n- [x] done\n",
            1,
            &[],
        );
        for tag in ["<table>", "<del>old</del>", "footnote", "type=\"checkbox\""] {
            assert!(md.html.contains(tag), "missing {tag} in {}", md.html);
        }
    }

    #[test]
    fn highlights_code_with_classes_not_styles() {
        let md = render("```yaml\ntitle: Bridge\n```\n", 1, &[]);
        assert!(md.html.contains("class=\"hl-"), "{}", md.html);
        assert!(!md.html.contains("style="));
        let plain = render("```nosuchlang\n<b>\n```\n", 1, &[]);
        assert!(plain.html.contains("&lt;b&gt;"));
    }

    #[test]
    fn collects_plain_text_for_search() {
        let md = render("## Title\n\nSome *emphasis* and `code`.\n", 1, &[]);
        assert_eq!(md.text, "Title Some emphasis and code.");
    }
}
