//! `@/` links in Markdown bodies.

use crate::harness::{TestSite, only};

#[test]
fn internal_links_are_rewritten_to_page_urls_keeping_anchors() {
    let site = TestSite::minimal();
    let built = site.build_ok();
    let banded = built.page("exercises/banded-glute-bridge/index.html");
    assert_eq!(
        banded.links(".prose"),
        vec![(
            "glute bridge".to_string(),
            "/exercises/glute-bridge/#how-to-do-it".to_string()
        )]
    );
    let home = built.page("index.html");
    let links = home.links(".prose");
    assert!(links.contains(&("bridge ladder".into(), "/paths/bridge-ladder/".into())));
    assert!(links.contains(&("safety".into(), "/safety/#red-flags".into())));
    // The anchor exists on the target page.
    let bridge = built.page("exercises/glute-bridge/index.html");
    assert_eq!(bridge.all("#how-to-do-it").len(), 1);
}

#[test]
fn links_follow_slug_overrides_and_section_pages() {
    let site = TestSite::minimal()
        .file("content/guides/warm-up.md", "---\ntitle: Warm-up\nslug: warming-up\n---\nSee [all](@/exercises/_index.md) and [home](@/_index.md).\n")
        .file("content/about.md", "---\ntitle: About\n---\n[warm-up](@/guides/warm-up.md)\n");
    let built = site.build_ok();
    assert_eq!(
        built.page("about/index.html").hrefs(".prose"),
        vec!["/guides/warming-up/"]
    );
    assert_eq!(
        built.page("guides/warming-up/index.html").hrefs(".prose"),
        vec!["/exercises/", "/"]
    );
}

#[test]
fn a_missing_target_is_an_error_with_its_line() {
    let site = TestSite::minimal().file(
        "content/about.md",
        "---\ntitle: About\n---\nIntro.\n\nSee [the bridge](@/exercises/glute-brige.md).\n",
    );
    let ds = site.diagnostics();
    let d = only(&ds, "broken-link");
    assert_eq!(d.file, "content/about.md");
    assert_eq!(d.start.map(|p| p.line), Some(6));
    assert_eq!(
        d.message,
        "the link @/exercises/glute-brige.md goes to a page that does not exist"
    );
    assert_eq!(
        d.hint.as_deref(),
        Some("did you mean '@/exercises/glute-bridge.md'?")
    );
}

#[test]
fn a_link_to_a_page_with_errors_is_not_reported_again() {
    // One typo in glute-bridge.md leaves that page out of the site; the pages that link to
    // it (the banded bridge's body, and this article twice) must not each add a "broken
    // link" error that buries the one real problem.
    let site = TestSite::minimal();
    let path = site.root().join("content/exercises/glute-bridge.md");
    let text = std::fs::read_to_string(&path).expect("fixture");
    let site = site
        .file(
            "content/exercises/glute-bridge.md",
            &text.replace("level: beginner", "level: beginer"),
        )
        .file(
            "content/about.md",
            "---\ntitle: About\n---\n[a](@/exercises/glute-bridge.md) and [b](@/exercises/glute-bridge.md#how-to-do-it).\n",
        );
    assert_eq!(
        site.error_lines(),
        vec![
            "content/exercises/glute-bridge.md:7:8: error[bad-value]: level: 'beginer' is not a level"
        ]
    );
    // A link to a file that does not exist at all is still reported next to it.
    let site = site.file(
        "content/faq.md",
        "---\ntitle: FAQ\n---\n[c](@/exercises/glute-bridges.md)\n",
    );
    let lines = site.error_lines();
    assert_eq!(lines.len(), 2, "{lines:#?}");
    assert!(
        lines[1].starts_with("content/faq.md:4:1: error[broken-link]"),
        "{lines:#?}"
    );
}

#[test]
fn a_link_without_md_suggests_the_source_path() {
    let site = TestSite::minimal().file(
        "content/about.md",
        "---\ntitle: About\n---\n[x](@/exercises/glute-bridge)\n",
    );
    let ds = site.diagnostics();
    assert_eq!(
        only(&ds, "broken-link").hint.as_deref(),
        Some("did you mean '@/exercises/glute-bridge.md'? Links name the source file, with .md")
    );
}

#[test]
fn a_missing_anchor_is_an_error_with_a_suggestion() {
    let site = TestSite::minimal().file(
        "content/about.md",
        "---\ntitle: About\n---\n\n\n[x](@/exercises/glute-bridge.md#how-to-do)\n",
    );
    let ds = site.diagnostics();
    let d = only(&ds, "broken-anchor");
    assert_eq!(d.start.map(|p| p.line), Some(6));
    assert_eq!(d.hint.as_deref(), Some("did you mean 'how-to-do-it'?"));
}

#[test]
fn anchors_of_template_sections_are_valid_targets() {
    let site = TestSite::minimal().file(
        "content/about.md",
        "---\ntitle: About\n---\n[errors](@/exercises/glute-bridge.md#common-errors)\n",
    );
    let built = site.build_ok();
    assert_eq!(
        built.page("about/index.html").hrefs(".prose"),
        vec!["/exercises/glute-bridge/#common-errors"]
    );
    assert_eq!(
        built
            .page("exercises/glute-bridge/index.html")
            .all("#common-errors")
            .len(),
        1
    );
}

#[test]
fn a_link_to_a_draft_is_a_warning_and_renders_as_a_placeholder() {
    let site = TestSite::minimal()
        .file("content/later.md", "---\ntitle: Later\ndraft: true\n---\n")
        .file(
            "content/about.md",
            "---\ntitle: About\n---\nSee [later](@/later.md).\n",
        );
    let ws = site.warnings();
    let w = only(&ws, "link-to-draft");
    assert_eq!(w.file, "content/about.md");
    assert_eq!(w.start.map(|p| p.line), Some(4));
    let built = site.build_ok();
    let page = built.page("about/index.html");
    assert_eq!(page.texts(".prose a"), vec!["later"]);
    assert_eq!(page.hrefs(".prose"), vec!["#"]);
}

#[test]
fn links_in_raw_html_are_resolved_too() {
    let site = TestSite::minimal().file(
        "content/about.md",
        "---\ntitle: About\n---\n<p><a href=\"@/safety.md\">safety</a></p>\n",
    );
    let built = site.build_ok();
    assert_eq!(
        built.page("about/index.html").hrefs(".prose"),
        vec!["/safety/"]
    );
}

#[test]
fn root_relative_urls_in_bodies_follow_a_subpath() {
    let site = TestSite::minimal()
        .file("static/images/hip.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>")
        .file(
            "content/about.md",
            "---\ntitle: About\n---\n![A hip](/images/hip.svg) and [all exercises](/exercises/).\n\n<a href=\"/safety/\">safety</a>\n",
        );
    let mut opts = site.options();
    opts.base_url = Some("https://example.org/guide/".into());
    let built = site.build_ok_with(&opts);
    let about = built.page("about/index.html");
    // A file of static/ named by a Markdown image is published under a name that carries
    // a hash of its bytes (and stays at its own name as a static file).
    let srcs = about.attrs(".prose img", "src");
    assert_eq!(srcs.len(), 1);
    assert!(hashed("/guide/images/hip.", ".svg", &srcs[0]), "{srcs:?}");
    assert!(built.has(srcs[0].trim_start_matches("/guide/")));
    assert!(built.has("images/hip.svg"));
    assert_eq!(
        about.hrefs(".prose"),
        vec!["/guide/exercises/", "/guide/safety/"]
    );
    // At the root the same name, without the base path.
    let built = site.build_ok();
    let about = built.page("about/index.html");
    assert_eq!(
        about.attrs(".prose img", "src"),
        vec![srcs[0].trim_start_matches("/guide")]
    );
}

#[test]
fn relative_page_links_and_page_images_are_errors_that_say_what_to_write() {
    let site = TestSite::minimal().file(
        "content/guides/about.md",
        "---\ntitle: About\n---\nSee [the bridge](../exercises/glute-bridge.md#how-to-do-it).\n\n![A map](@/images/map.svg)\n\n[Thrust](../exercises/hip-thrst.md) and [ok](@/safety.md) and [web](https://example.org/a.md).\n",
    );
    let lines = site.error_lines();
    assert_eq!(
        lines,
        vec![
            "content/guides/about.md:4:1: error[broken-link]: the relative link ../exercises/glute-bridge.md#how-to-do-it would be broken once the site is published".to_string(),
            "content/guides/about.md:6:1: error[broken-link]: the image @/images/map.svg names a content page: @/ links are for pages, not images".to_string(),
            "content/guides/about.md:8:1: error[broken-link]: the relative link ../exercises/hip-thrst.md would be broken once the site is published".to_string(),
        ]
    );
    let diags = site.diagnostics();
    let hints: Vec<&str> = diags.iter().filter_map(|d| d.hint.as_deref()).collect();
    assert_eq!(
        hints,
        vec![
            "write @/exercises/glute-bridge.md#how-to-do-it: links between pages start with @/ and name the file from content/",
            "put the image in static/ (e.g. static/images/map.svg) and write /images/map.svg",
            "did you mean @/exercises/hip-thrust.md? Links between pages start with @/",
        ]
    );
}

#[test]
fn a_section_anchor_must_be_a_section_the_page_shows() {
    // An exercise with no cues, no common errors, no progression and on no path.
    let lone = "---\ntitle: Lone Move\nsummary: A move on its own.\ntarget_muscles: [gluteus-maximus]\ncategory: strength\nlevel: beginner\n---\n## How to do it\n\n1. Move.\n";
    let links = |anchors: &[&str]| {
        anchors
            .iter()
            .map(|a| format!("[x](@/exercises/lone-move.md#{a})"))
            .collect::<Vec<_>>()
            .join(" ")
    };
    // Sections every exercise page has are valid targets, and are on the page.
    let site = TestSite::minimal()
        .file("content/exercises/lone-move.md", lone)
        .file(
            "content/about.md",
            &format!(
                "---\ntitle: About\n---\n{}\n",
                links(&["facts", "muscles", "equipment", "how-to"])
            ),
        );
    let built = site.build_ok();
    let page = built.page("exercises/lone-move/index.html");
    for id in ["facts", "muscles", "equipment", "how-to"] {
        assert_eq!(page.all(&format!("#{id}")).len(), 1, "#{id}");
    }
    // Sections this page does not show are broken anchors.
    let site = TestSite::minimal()
        .file("content/exercises/lone-move.md", lone)
        .file(
            "content/about.md",
            &format!(
                "---\ntitle: About\n---\n{}\n",
                links(&["cues", "paths", "progression", "top"])
            ),
        );
    let lines = site.error_lines();
    assert_eq!(lines.len(), 4, "{lines:#?}");
    assert!(
        lines.iter().all(|l| l.contains("error[broken-anchor]")
            && l.contains("content/exercises/lone-move.md does not have")),
        "{lines:#?}"
    );
}

#[test]
fn root_relative_urls_must_name_a_published_page_or_file() {
    // `/images/x.svg` and `/exercises/x/` used to be published as written, broken or not.
    let site = TestSite::minimal()
        .file(
            "static/images/bridge.svg",
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"8\" height=\"8\"/>",
        )
        .file(
            "content/about.md",
            "---\ntitle: About\n---\n![ok](/images/bridge.svg) [list](/exercises/) [css](/style.css) [page](/exercises/hip-thrust) [page](/exercises/glute-bridge/#how-to-do-it) [feed](/sitemap.xml)\n\n![typo](/images/brige.svg)\n\n[gone](/exercises/hip-thrst/)\n\n<img src=\"/images/missing.png\" alt=\"x\"> <a href=\"/muscles/\">m</a>\n\n[anchor](/exercises/glute-bridge/#how-to-do-iit)\n",
        );
    assert_eq!(
        site.error_lines(),
        [
            "content/about.md:6:1: error[broken-link]: the image /images/brige.svg is not a file of the site",
            "content/about.md:8:1: error[broken-link]: the link /exercises/hip-thrst/ goes to no page or file of the site",
            "content/about.md:10:1: error[broken-link]: the image /images/missing.png is not a file of the site",
            "content/about.md:12:1: error[broken-anchor]: the link /exercises/glute-bridge/#how-to-do-iit points to a heading that content/exercises/glute-bridge.md does not have",
        ]
    );
    let ds = site.diagnostics();
    let hints: Vec<Option<&str>> = ds.iter().map(|d| d.hint.as_deref()).collect();
    assert_eq!(
        hints,
        [
            Some("did you mean /images/bridge.svg?"),
            Some(
                "did you mean @/exercises/hip-thrust.md? An @/ link names the page's file and follows it when its URL changes"
            ),
            Some(
                "put the file at static/images/missing.png: files in static/ are published at the site's root"
            ),
            Some("did you mean 'how-to-do-it'?"),
        ]
    );
}

#[test]
fn root_relative_urls_are_checked_and_published_under_a_subpath() {
    let site = TestSite::minimal()
        .file("static/images/bridge.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>")
        .file(
            "content/about.md",
            "---\ntitle: About\n---\n![a](/images/bridge.svg) ![b](/guide/images/bridge.svg) [c](/exercises/)\n",
        );
    let mut opts = site.options();
    opts.base_url = Some("https://host.example/guide/".into());
    let built = site.build_ok_with(&opts);
    let about = built.page("about/index.html");
    let srcs = about.attrs(".prose img", "src");
    assert_eq!(srcs.len(), 2);
    assert!(
        srcs.iter()
            .all(|s| hashed("/guide/images/bridge.", ".svg", s)),
        "{srcs:?}"
    );
    assert_eq!(srcs[0], srcs[1]);
    assert_eq!(about.hrefs(".prose"), ["/guide/exercises/"]);
    assert!(built.has("images/bridge.svg"));
}

const TEXT_FIELDS: &str = "---\ntitle: Marching Bridge\nsummary: A bridge with steps.\ntarget_muscles: [gluteus-maximus]\ncategory: strength\nlevel: beginner\nprogression: {easier: [glute-bridge]}\ncommon_errors:\n  - error: The hips *drop*\n    fix: Press through the heel, as in the [bridge](@/exercises/glute-bridge.md#how-to-do-it).\ncues:\n  - Keep the `ribs` down\n  - \"- Hips level, <b>not</b> tilted\"\nstop_if: [\"Pain, see ![x](/images/stop.svg)\"]\n---\nBody.\n";

#[test]
fn front_matter_text_fields_are_inline_markdown_with_resolved_links() {
    let site = TestSite::minimal()
        .file("static/images/stop.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>")
        .file("content/exercises/marching-bridge.md", TEXT_FIELDS)
        .file(
            "content/paths/march.md",
            "---\ntitle: March\nsteps: [glute-bridge, marching-bridge]\nadvance_when: Ten **easy** reps, as on the [bridge](@/exercises/glute-bridge.md)\n---\n",
        );
    let mut opts = site.options();
    opts.base_url = Some("https://host.example/guide/".into());
    let built = site.build_ok_with(&opts);
    let page = built.page("exercises/marching-bridge/index.html");
    assert_eq!(page.text(".error-fix dt em"), "drop");
    assert_eq!(
        page.links(".error-fix dd"),
        [(
            "bridge".to_string(),
            "/guide/exercises/glute-bridge/#how-to-do-it".to_string()
        )]
    );
    assert_eq!(page.text(".cues code"), "ribs");
    // A leading "- " stays text, and raw HTML is shown, not interpreted.
    assert_eq!(
        page.texts(".cues li"),
        ["Keep the ribs down", "- Hips level, <b>not</b> tilted"]
    );
    assert!(page.all(".cues b").is_empty());
    assert_eq!(page.attrs(".stop img", "src"), ["/guide/images/stop.svg"]);
    let path = built.page("paths/march/index.html");
    assert_eq!(path.text(".advance strong"), "easy");
    assert_eq!(path.hrefs(".advance"), ["/guide/exercises/glute-bridge/"]);
    // Search sees the words, not the markup.
    let index = String::from_utf8(built.bytes("search-index.json")).expect("utf-8");
    assert!(!index.contains("@/exercises"), "{index}");
    assert!(!index.contains("**"), "{index}");
}

#[test]
fn links_in_front_matter_text_are_checked_at_their_field() {
    let text = TEXT_FIELDS
        .replace("glute-bridge.md#how-to-do-it", "glute-brige.md")
        .replace(
            "Keep the `ribs` down",
            "Keep the [ribs](hip-thrust.md) down",
        )
        .replace("/images/stop.svg", "/images/stopp.svg");
    let site = TestSite::minimal()
        .file("static/images/stop.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>")
        .file("content/exercises/marching-bridge.md", &text)
        .file(
            "content/paths/march.md",
            "---\ntitle: March\nsteps: [glute-bridge, marching-bridge]\nadvance_when: As on the [bridge](@/exercises/glute-bridge.md#nope)\n---\n",
        );
    let ds = site.diagnostics();
    let got: Vec<(String, Option<u32>, Option<String>, String)> = ds
        .iter()
        .filter(|d| d.is_error())
        .map(|d| {
            (
                d.file.clone(),
                d.start.map(|p| p.line),
                d.field.clone(),
                d.code.name().to_string(),
            )
        })
        .collect();
    let f = |file: &str, line, field: &str, code: &str| {
        (
            file.to_string(),
            Some(line),
            Some(field.to_string()),
            code.to_string(),
        )
    };
    assert_eq!(
        got,
        [
            f(
                "content/exercises/marching-bridge.md",
                10,
                "common_errors[0].fix",
                "broken-link"
            ),
            f(
                "content/exercises/marching-bridge.md",
                12,
                "cues[0]",
                "broken-link"
            ),
            f(
                "content/exercises/marching-bridge.md",
                14,
                "stop_if[0]",
                "broken-link"
            ),
            f("content/paths/march.md", 4, "advance_when", "broken-anchor"),
        ]
    );
    assert_eq!(
        ds[1].hint.as_deref(),
        Some(
            "write @/exercises/hip-thrust.md: links between pages start with @/ and name the file from content/"
        )
    );
}

/// True when `url` is `{prefix}{8 hex digits}{suffix}`: a published name with a hash.
fn hashed(prefix: &str, suffix: &str, url: &str) -> bool {
    url.strip_prefix(prefix)
        .and_then(|r| r.strip_suffix(suffix))
        .is_some_and(|h| h.len() == 8 && h.chars().all(|c| c.is_ascii_hexdigit()))
}
