//! Markdown bodies to HTML with pulldown-cmark, when a page is rendered.
//!
//! [`render`] writes a body's HTML from its source ([`Body::with_text`]): headings get the
//! ids [`crate::model::body::scan`] chose when the file was read, in order, so both passes
//! agree by construction, and fenced code is highlighted with syntect. The HTML is dropped
//! as soon as the page is written: a large site never holds every rendered body at once (at
//! 50,000 exercises that alone would be a quarter of a gigabyte).
//!
//! The HTML depends only on the body text and the page kind's reserved ids, never on other
//! pages: `@/` links are left in the HTML as written and [`RenderedHtml::finish`] splices in
//! the resolved URLs once all pages are known.

use pulldown_cmark::{CodeBlockKind, CowStr, Event, Parser, Tag, TagEnd, html};

use crate::html::escape;
use crate::model::body::{
    Body, InternalLink, SourceChanged, internal_link, options, raw_html_links,
};
use crate::model::inline;
use crate::render::highlight;
use crate::render::views::ImageView;
use crate::render::views::media::picture_html;

/// A body rendered to HTML, `@/` links still to be resolved.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct RenderedHtml {
    /// The HTML.
    pub html: String,
    /// Byte range of each `@/` href value in `html`, with its link.
    links: Vec<(std::ops::Range<usize>, InternalLink)>,
}

/// The body as HTML: heading ids as `scan` chose them, fenced code highlighted, `@/` links
/// recorded for [`RenderedHtml::finish`]. Fails only when the source is on disk and the file
/// no longer holds the text that was scanned.
///
/// Root-relative URLs the writer put in links, images and raw HTML (`/images/x.svg`) are
/// placed under the site's `base_path`, so a site published under a subpath
/// (`https://example.org/guide/`) keeps them working; with the base path `/` nothing
/// changes.
///
/// A Markdown image that `pictures` knows (a file of the page's bundle or of `static/`,
/// by its source as written) becomes a `<picture>` of its processed files, the first one
/// eager when `eager_first` (the page shows no picture above its body), the others lazy.
pub(crate) fn render(
    body: &Body,
    base_path: &str,
    pictures: &dyn Fn(&str) -> Option<ImageView>,
    eager_first: bool,
) -> Result<RenderedHtml, SourceChanged> {
    body.with_text(|source| render_source(body, source, base_path, pictures, eager_first))
}

/// How wide a picture in a body is drawn: the text column, or the screen when narrower.
const BODY_SIZES: &str = "(min-width: 48rem) 44rem, 100vw";

/// `url` under `base_path` when it is root-relative (`/x`, not `//host/x`) and not already
/// under it; `None` to leave it as written.
fn rebased(url: &str, base_path: &str) -> Option<String> {
    if base_path == "/" || !url.starts_with('/') || url.starts_with("//") {
        return None;
    }
    if url.starts_with(base_path) {
        return None;
    }
    Some(format!("{base_path}{}", url.trim_start_matches('/')))
}

/// `event` with a link's or an image's root-relative destination under `base_path` (see
/// [`rebased`]); any other event as it is.
fn rebase_dest<'a>(event: Event<'a>, base_path: &str) -> Event<'a> {
    let under = |dest_url: CowStr<'a>| rebased(&dest_url, base_path).map_or(dest_url, CowStr::from);
    match event {
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Link {
            link_type,
            dest_url: under(dest_url),
            title,
            id,
        }),
        Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Image {
            link_type,
            dest_url: under(dest_url),
            title,
            id,
        }),
        other => other,
    }
}

/// Raw HTML with its root-relative `href="/…"` and `src="/…"` values under `base_path`.
fn rebase_raw_html<'a>(raw: CowStr<'a>, base_path: &str) -> CowStr<'a> {
    if base_path == "/" || !(raw.contains("href=\"/") || raw.contains("src=\"/")) {
        return raw;
    }
    let mut out = String::with_capacity(raw.len() + 16);
    let mut rest: &str = &raw;
    while let Some(i) = rest.find("=\"/") {
        let (head, tail) = rest.split_at(i + 2);
        out.push_str(head);
        let attr_is_url = head.ends_with("href=\"") || head.ends_with("src=\"");
        let end = tail.find('"').unwrap_or(tail.len());
        let (value, after) = tail.split_at(end);
        match rebased(value, base_path).filter(|_| attr_is_url) {
            Some(v) => out.push_str(&v),
            None => out.push_str(value),
        }
        rest = after;
    }
    out.push_str(rest);
    CowStr::from(out)
}

fn render_source(
    body: &Body,
    source: &str,
    base_path: &str,
    pictures: &dyn Fn(&str) -> Option<ImageView>,
    mut eager: bool,
) -> RenderedHtml {
    let mut ids = body.headings.iter().map(|h| h.id.as_str());
    // A picture being collected: its view, and its alt text so far.
    let mut picture: Option<(ImageView, String)> = None;
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
        if let Some((_, alt)) = picture.as_mut() {
            return match event {
                Event::End(TagEnd::Image) => {
                    let (mut view, alt) = picture.take().unwrap_or_default();
                    view.alt = alt;
                    let html = picture_html(&view, BODY_SIZES, eager);
                    eager = false;
                    Some(Event::InlineHtml(CowStr::from(html)))
                }
                Event::Text(t) | Event::Code(t) => {
                    alt.push_str(&t);
                    None
                }
                _ => None,
            };
        }
        match event {
            Event::Start(Tag::Image { ref dest_url, .. }) if !body.images.is_empty() => {
                if let Some(view) = pictures(dest_url) {
                    picture = Some((view, String::new()));
                    None
                } else {
                    Some(rebase_dest(event, base_path))
                }
            }
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
            e @ Event::Start(Tag::Link { .. } | Tag::Image { .. }) => {
                Some(rebase_dest(e, base_path))
            }
            Event::Html(raw) => Some(Event::Html(rebase_raw_html(raw, base_path))),
            Event::InlineHtml(raw) => Some(Event::InlineHtml(rebase_raw_html(raw, base_path))),
            other => Some(other),
        }
    });
    let mut out = String::with_capacity(source.len() + source.len() / 2);
    html::push_html(&mut out, events);
    let links = raw_html_links(&out);
    RenderedHtml { html: out, links }
}

/// A front-matter text value ([`crate::model::inline`]) as HTML: inline Markdown only,
/// `@/` links resolved with `url_of`, root-relative URLs under `base_path`. Plain text
/// (most values) is only escaped.
pub(crate) fn inline(
    text: &str,
    base_path: &str,
    url_of: impl Fn(&InternalLink) -> String,
) -> String {
    if !inline::has_markup(text) {
        return escape(text);
    }
    inline::events(text, |it| {
        let events = it.map(|event| match event {
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) if dest_url.starts_with("@/") => Event::Start(Tag::Link {
                link_type,
                dest_url: CowStr::from(url_of(&internal_link(&dest_url, None))),
                title,
                id,
            }),
            other => rebase_dest(other, base_path),
        });
        let mut out = String::with_capacity(text.len() + 32);
        html::push_html(&mut out, events);
        out.trim().to_string()
    })
}

impl RenderedHtml {
    /// The final HTML, with each internal link's href replaced by `url_of(link)`.
    pub(crate) fn finish(self, mut url_of: impl FnMut(&InternalLink) -> String) -> String {
        if self.links.is_empty() {
            return self.html;
        }
        let mut out = String::with_capacity(self.html.len() + 64);
        let mut last = 0;
        for (range, link) in &self.links {
            out.push_str(&self.html[last..range.start]);
            out.push_str(&escape(&url_of(link)));
            last = range.end;
        }
        out.push_str(&self.html[last..]);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::body::scan;

    fn html(body: &str, reserved: &'static [&'static str]) -> (Body, String) {
        let (b, _) = scan(body, 1, reserved, 10_000);
        let h = render(&b, "/", &|_| None, false).unwrap().html;
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
        let html = render(&b, "/", &|_| None, false).unwrap().html;
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
        let html = render(&b, "/", &|_| None, false)
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
    fn root_relative_urls_go_under_the_base_path() {
        let body = "![map](/images/x.svg) [all](/exercises/) [ext](https://e.org/x) [cdn](//cdn.example/x) [done](/guide/x)\n\n<img src=\"/images/y.png\" alt=\"\"> <a href=\"/faq/\">faq</a> <a href=\"@/faq.md\">f</a>\n";
        let (b, _) = scan(body, 1, &[], 100);
        let h = render(&b, "/guide/", &|_| None, false).unwrap().html;
        for want in [
            "src=\"/guide/images/x.svg\"",
            "href=\"/guide/exercises/\"",
            "href=\"https://e.org/x\"",
            "href=\"//cdn.example/x\"",
            "href=\"/guide/x\"",
            "src=\"/guide/images/y.png\"",
            "href=\"/guide/faq/\"",
            "href=\"@/faq.md\"",
        ] {
            assert!(h.contains(want), "{want} in {h}");
        }
        assert!(!h.contains("/guide/guide/"), "{h}");
        let root = render(&b, "/", &|_| None, false).unwrap().html;
        assert!(root.contains("src=\"/images/x.svg\""), "{root}");
        assert!(root.contains("src=\"/images/y.png\""), "{root}");
    }
}
