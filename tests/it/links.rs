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
    assert_eq!(
        about.attrs(".prose img", "src"),
        vec!["/guide/images/hip.svg"]
    );
    assert_eq!(
        about.hrefs(".prose"),
        vec!["/guide/exercises/", "/guide/safety/"]
    );
    // At the root nothing changes.
    let built = site.build_ok();
    let about = built.page("about/index.html");
    assert_eq!(about.attrs(".prose img", "src"), vec!["/images/hip.svg"]);
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
