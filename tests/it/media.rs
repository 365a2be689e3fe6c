//! Pictures and videos: page bundles, `media:` and `image:`, Markdown images, processed
//! pictures (orientation, metadata, widths), published names, markup, and every way a
//! picture can be wrong.

use crate::harness::{TestSite, only};

/// A bundle-shaped exercise: the minimal fixture's hip thrust moved to
/// `content/exercises/hip-thrust/index.md`, with `front` added to its front matter and
/// `body` to its body.
fn bundle(front: &str, body: &str) -> TestSite {
    let site = TestSite::minimal();
    let rel = "content/exercises/hip-thrust.md";
    let text = std::fs::read_to_string(site.root().join(rel)).expect("hip thrust");
    let text = text.replacen("\n---\n", &format!("\n{front}---\n{body}"), 1);
    site.remove(rel)
        .file("content/exercises/hip-thrust/index.md", &text)
}

/// Copies a fixture picture of `tests/fixtures/media/` into the site.
fn picture(site: &TestSite, fixture: &str, rel: &str) {
    let bytes =
        std::fs::read(crate::harness_fixture(&format!("media/{fixture}"))).expect("fixture");
    site.write(rel, &bytes);
}

const SVG: &str = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"400\" height=\"300\" viewBox=\"0 0 400 300\"><title>x</title><rect width=\"400\" height=\"300\" fill=\"#eee\"/></svg>";

const START_END: &str = "media:\n  - src: start.svg\n    alt: Upper back on the bench, feet flat.\n    role: start\n  - src: end.svg\n    alt: Hips up, knees over the ankles.\n    role: end\n    caption: Hold for a second.\n";

fn with_start_end() -> TestSite {
    bundle(START_END, "")
        .file("content/exercises/hip-thrust/start.svg", SVG)
        .file(
            "content/exercises/hip-thrust/end.svg",
            &SVG.replace("#eee", "#ddd"),
        )
}

/// `{prefix}{8 hex}{suffix}`.
fn hashed(prefix: &str, suffix: &str, url: &str) -> bool {
    url.strip_prefix(prefix)
        .and_then(|r| r.strip_suffix(suffix))
        .is_some_and(|h| h.len() == 8 && h.chars().all(|c| c.is_ascii_hexdigit()))
}

#[test]
fn start_and_end_are_shown_side_by_side_with_labels_and_sizes() {
    let site = with_start_end();
    let built = site.build_ok();
    let page = built.page("exercises/hip-thrust/index.html");
    assert_eq!(
        page.texts(".positions figcaption"),
        ["Start position", "End position: Hold for a second."]
    );
    let srcs = page.attrs(".positions img", "src");
    assert!(
        hashed("/exercises/hip-thrust/start.", ".svg", &srcs[0]),
        "{srcs:?}"
    );
    assert!(
        hashed("/exercises/hip-thrust/end.", ".svg", &srcs[1]),
        "{srcs:?}"
    );
    for src in &srcs {
        assert!(built.has(src.trim_start_matches('/')), "{src} is published");
    }
    assert_eq!(
        page.attrs(".positions img", "alt"),
        [
            "Upper back on the bench, feet flat.",
            "Hips up, knees over the ankles."
        ]
    );
    // No layout shift: every picture has its size; the first loads at once.
    assert_eq!(page.attrs(".positions img", "width"), ["400", "400"]);
    assert_eq!(page.attrs(".positions img", "height"), ["300", "300"]);
    assert_eq!(page.attrs(".positions img", "fetchpriority"), ["high"]);
    assert_eq!(page.attrs(".positions img", "loading"), ["lazy"]);
    assert_eq!(page.attrs(".positions img", "decoding"), ["async", "async"]);
    // The bundle's own files are not published as they are.
    assert!(!built.has("exercises/hip-thrust/start.svg"));
    // JSON-LD names the first picture.
    let ld: serde_json::Value =
        serde_json::from_str(&page.text("script[type=\"application/ld+json\"]")).expect("json");
    assert_eq!(ld["image"]["width"], 400);
    assert!(
        ld["image"]["url"].as_str().is_some_and(
            |u| u.starts_with("https://") && u.contains("/exercises/hip-thrust/start.")
        )
    );

    // Cards show the first picture as a thumbnail wherever they appear.
    for (rel, css) in [
        (
            "exercises/index.html",
            "li.card[data-slug=\"hip-thrust\"] img.card-thumb",
        ),
        (
            "muscles/gluteus-maximus/index.html",
            "li.card[data-slug=\"hip-thrust\"] img.card-thumb",
        ),
        (
            "exercises/banded-glute-bridge/index.html",
            "li.card[data-slug=\"hip-thrust\"] img.card-thumb",
        ),
    ] {
        let p = built.page(rel);
        assert_eq!(p.attrs(css, "src"), [srcs[0].clone()], "{rel}");
        assert_eq!(p.attrs(css, "width"), ["400"], "{rel}");
        assert_eq!(p.attrs(css, "alt"), [""], "{rel}: the card's title says it");
    }
    // Search results and the filtered index get it from the search index.
    let index: serde_json::Value =
        serde_json::from_slice(&built.bytes("search-index.json")).expect("index");
    let doc = index["docs"]
        .as_array()
        .and_then(|d| d.iter().find(|d| d[2] == "exercises/hip-thrust/"))
        .expect("the hip thrust's document");
    assert_eq!(doc[12][0], srcs[0].trim_start_matches('/'));
    assert_eq!(doc[12][1], 400);
    // Exercises without pictures keep the eleven-field document.
    assert!(index["docs"].as_array().is_some_and(|d| {
        d.iter()
            .filter(|d| d[0] == "e" && d[2] != "exercises/hip-thrust/")
            .all(|d| d.as_array().is_some_and(|a| a.len() == 12))
    }));
}

#[test]
fn a_replaced_picture_gets_a_new_name() {
    let site = with_start_end();
    let first = site.build_ok().page("exercises/hip-thrust/index.html");
    let before = first.attrs(".positions img", "src");
    site.write(
        "content/exercises/hip-thrust/start.svg",
        SVG.replace("#eee", "#abc").as_bytes(),
    );
    let built = site.build_ok();
    let after = built
        .page("exercises/hip-thrust/index.html")
        .attrs(".positions img", "src");
    assert_ne!(before[0], after[0]);
    assert_eq!(before[1], after[1]);
    assert!(built.has(after[0].trim_start_matches('/')));
}

#[test]
fn a_plain_file_and_a_bundle_with_one_slug_are_a_duplicate() {
    let site = TestSite::minimal().file(
        "content/exercises/hip-thrust/index.md",
        &std::fs::read_to_string(crate::harness_fixture(
            "minimal/content/exercises/hip-thrust.md",
        ))
        .expect("fixture"),
    );
    let d = site.diagnostics();
    let dup = only(&d, "duplicate-slug");
    assert_eq!(dup.file, "content/exercises/hip-thrust/index.md");
    assert!(
        dup.message.contains("content/exercises/hip-thrust.md"),
        "{}",
        dup.message
    );
}

#[test]
fn links_to_a_page_by_its_plain_file_name_reach_its_bundle() {
    // banded-glute-bridge links to @/exercises/hip-thrust.md (its progression's page).
    let site = with_start_end().file(
        "content/about.md",
        "---\ntitle: About\n---\nSee the [hip thrust](@/exercises/hip-thrust.md) and [again](@/exercises/hip-thrust/index.md#how-to-do-it).\n",
    );
    let built = site.build_ok();
    assert_eq!(
        built.page("about/index.html").hrefs(".prose"),
        [
            "/exercises/hip-thrust/",
            "/exercises/hip-thrust/#how-to-do-it"
        ]
    );
}

#[test]
fn files_of_a_bundle_that_its_page_does_not_use_are_warned_about_and_not_published() {
    let site = with_start_end()
        .file("content/exercises/hip-thrust/notes.txt", "draft notes")
        .file(
            "content/exercises/hip-thrust/old.md",
            "---\ntitle: Old\n---\n",
        )
        .file("content/stray.png", "not used");
    let w = site.warnings();
    let unused = only(&w, "unused-file");
    assert_eq!(unused.file, "content/exercises/hip-thrust/notes.txt");
    let ignored: Vec<&str> = w
        .iter()
        .filter(|d| d.code.name() == "ignored-file")
        .map(|d| d.file.as_str())
        .collect();
    assert_eq!(
        ignored,
        ["content/exercises/hip-thrust/old.md", "content/stray.png"]
    );
    let built = site.build_ok();
    assert!(!built.has("exercises/hip-thrust/notes.txt"));
    assert!(!built.has("exercises/old/index.html"));
}

#[test]
fn every_problem_with_media_is_reported_at_its_field_in_one_run_and_the_output_is_kept() {
    let site = with_start_end();
    site.build_ok();
    let before = std::fs::read(site.root().join("public/exercises/hip-thrust/index.html"))
        .expect("first build");
    let media = "media:\n  - src: strat.svg\n    alt: Start.\n  - src: ../glute-bridge/x.svg\n    alt: Elsewhere.\n  - src: photo.bmp\n    alt: A bitmap.\n  - src: end.svg\n  - src: end.svg\n    alt: \"\"\n  - src: https://example.com/x.jpg\n    alt: Remote.\n  - src: end.svg\n    alt: End.\n    poster: start.svg\n  - src: https://youtu.be/abc123\n    alt: Video.\n    captions: demo.vtt\n  - src: /images/none.svg\n    alt: Not in static.\n    role: sideways\n";
    let site = bundle(media, "")
        .file("content/exercises/hip-thrust/start.svg", SVG)
        .file("content/exercises/hip-thrust/end.svg", SVG)
        .file(
            "content/exercises/glute-bridge.md",
            &std::fs::read_to_string(site.root().join("content/exercises/glute-bridge.md"))
                .expect("bridge")
                .replacen("\n---\n", "\nmedia:\n  - src: a.svg\n    alt: A.\n---\n", 1),
        );
    // The same site folder: copy the first build's output in, to check it is kept.
    let out = site.root().join("public/exercises/hip-thrust");
    std::fs::create_dir_all(&out).expect("mkdir");
    std::fs::write(out.join("index.html"), &before).expect("write");
    let d = site.diagnostics();
    let at = |field: &str| {
        d.iter()
            .find(|x| x.field.as_deref() == Some(field) && x.file.ends_with("hip-thrust/index.md"))
            .unwrap_or_else(|| panic!("no problem at {field}: {d:#?}"))
    };
    let missing = at("media[0].src");
    assert_eq!(missing.code.name(), "missing-file");
    assert_eq!(missing.hint.as_deref(), Some("did you mean 'start.svg'?"));
    assert!(missing.start.is_some_and(|p| p.line > 1));
    assert!(at("media[1].src").message.contains("'..'"));
    assert!(at("media[2].src").message.contains(".bmp"));
    assert_eq!(at("media[3].alt").code.name(), "missing-field");
    assert_eq!(at("media[4].alt").code.name(), "missing-field");
    assert_eq!(at("media[5].src").code.name(), "remote-image");
    assert!(at("media[6].poster").message.contains("for videos"));
    assert!(at("media[7].captions").message.contains("hosted"));
    assert_eq!(at("media[8].role").code.name(), "bad-value");
    let bridge = d
        .iter()
        .find(|x| x.file == "content/exercises/glute-bridge.md")
        .expect("the plain page's relative picture");
    assert_eq!(bridge.code.name(), "missing-file");
    assert!(
        bridge
            .hint
            .as_deref()
            .is_some_and(|h| h.contains("content/exercises/glute-bridge/index.md"))
    );
    // Nothing was lost.
    assert_eq!(
        std::fs::read(site.root().join("public/exercises/hip-thrust/index.html")).expect("kept"),
        before
    );
}

#[test]
fn a_missing_file_of_static_is_reported_with_the_closest_name() {
    let site = bundle(
        "media:\n  - src: /images/brige.svg\n    alt: A bridge.\n",
        "",
    )
    .file("static/images/bridge.svg", SVG);
    let d = site.diagnostics();
    let m = only(&d, "missing-file");
    assert_eq!(m.field.as_deref(), Some("media[0].src"));
    assert_eq!(
        m.hint.as_deref(),
        Some("did you mean '/images/bridge.svg'?")
    );
}

#[test]
fn markdown_images_of_a_bundle_become_pictures_and_remote_ones_are_refused() {
    let site = bundle("", "\n![On the bench](start.svg)\n\n![](start.svg)\n")
        .file("content/exercises/hip-thrust/start.svg", SVG);
    let built = site.build_ok();
    let page = built.page("exercises/hip-thrust/index.html");
    let srcs = page.attrs(".prose picture img", "src");
    assert_eq!(srcs.len(), 2);
    assert!(hashed("/exercises/hip-thrust/start.", ".svg", &srcs[0]));
    assert_eq!(page.attrs(".prose img", "alt"), ["On the bench", ""]);
    assert_eq!(page.attrs(".prose img", "width"), ["400", "400"]);
    // No picture above the body: the body's first picture loads at once.
    assert_eq!(page.attrs(".prose img", "fetchpriority"), ["high"]);
    let w = site.warnings();
    let no_alt = only(&w, "image-no-alt");
    assert_eq!(no_alt.file, "content/exercises/hip-thrust/index.md");
    assert!(no_alt.start.is_some_and(|p| p.line > 1));

    let site = bundle(
        "",
        "\n![Remote](https://example.com/x.jpg)\n\n![Missing](nope.svg)\n",
    );
    let lines = site.error_lines();
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert!(lines[0].contains("remote-image"), "{lines:?}");
    assert!(lines[1].contains("missing-file"), "{lines:?}");
}

#[test]
fn other_pages_take_one_image_which_lists_and_link_previews_use() {
    let site = TestSite::minimal()
        .file("static/images/band.svg", SVG)
        .file(
            "content/equipment/mini-band.md",
            &std::fs::read_to_string(crate::harness_fixture(
                "minimal/content/equipment/mini-band.md",
            ))
            .expect("fixture")
            .replacen(
                "\n---\n",
                "\nimage:\n  src: /images/band.svg\n  alt: A loop of elastic band.\n---\n",
                1,
            ),
        );
    let built = site.build_ok();
    let page = built.page("equipment/mini-band/index.html");
    assert_eq!(
        page.attrs(".page-image img", "alt"),
        ["A loop of elastic band."]
    );
    assert!(hashed(
        "/images/band.",
        ".svg",
        &page.attrs(".page-image img", "src")[0]
    ));
    // An SVG is not a link preview (most sites that show previews do not draw SVG).
    assert!(
        page.attrs("meta[property=\"og:image\"]", "content")
            .is_empty()
    );

    let site = TestSite::minimal().file(
        "content/equipment/mini-band.md",
        "---\ntitle: Mini Band\nimage: band.svg\n---\n",
    );
    let d = site.diagnostics();
    assert_eq!(only(&d, "wrong-type").field.as_deref(), Some("image"));
}

#[test]
fn videos_play_in_the_page_and_hosted_videos_wait_for_a_click() {
    let media = "media:\n  - src: demo.mp4\n    alt: Three repetitions seen from the side.\n    poster: start.svg\n    captions: demo.en.vtt\n  - src: https://www.youtube.com/watch?v=abc_DEF-123\n    alt: A physiotherapist shows the movement.\n    poster: start.svg\n  - src: https://vimeo.com/76979871\n    alt: The same, from the front.\n";
    let site = bundle(media, "")
        .file("content/exercises/hip-thrust/start.svg", SVG)
        .file(
            "content/exercises/hip-thrust/demo.en.vtt",
            "WEBVTT\n\n00:00.000 --> 00:02.000\nLift.\n",
        );
    site.write(
        "content/exercises/hip-thrust/demo.mp4",
        b"\0\0\0\x18ftypmp42not really a video",
    );
    let built = site.build_ok();
    let page = built.page("exercises/hip-thrust/index.html");
    let video = page.all("video");
    assert_eq!(video.len(), 1);
    let v = video[0].value();
    assert!(v.attr("controls").is_some() && v.attr("playsinline").is_some());
    assert_eq!(v.attr("preload"), Some("metadata"));
    assert!(
        v.attr("poster")
            .is_some_and(|p| hashed("/exercises/hip-thrust/start.", ".svg", p))
    );
    assert!(page.attrs("video source", "src")[0].ends_with(".mp4"));
    assert_eq!(page.attrs("video source", "type"), ["video/mp4"]);
    assert_eq!(page.attrs("video track", "kind"), ["captions"]);
    assert!(page.attrs("video track", "src")[0].ends_with(".vtt"));
    for f in page
        .attrs("video source", "src")
        .iter()
        .chain(&page.attrs("video track", "src"))
    {
        assert!(built.has(f.trim_start_matches('/')), "{f}");
    }
    // Hosted videos: a facade, no request to the host until a click (no iframe, no
    // script, picture or style from another host), a plain link for readers without
    // JavaScript, and the privacy-enhanced player for those with it.
    assert!(page.all("iframe").is_empty());
    assert_eq!(
        page.attrs(".video-facade", "data-embed"),
        [
            "https://www.youtube-nocookie.com/embed/abc_DEF-123?autoplay=1&rel=0",
            "https://player.vimeo.com/video/76979871?autoplay=1&dnt=1"
        ]
    );
    assert_eq!(
        page.hrefs(".video-facade"),
        [
            "https://www.youtube.com/watch?v=abc_DEF-123",
            "https://vimeo.com/76979871"
        ]
    );
    for (css, attr) in [
        ("img", "src"),
        ("script", "src"),
        (
            "link[rel=\"stylesheet\"], link[rel=\"icon\"], link[rel=\"preload\"]",
            "href",
        ),
        ("source", "srcset"),
        ("video", "poster"),
    ] {
        for url in page.attrs(css, attr) {
            assert!(
                url.starts_with('/'),
                "{css} {attr}={url} would load from another host"
            );
        }
    }
    assert_eq!(page.attrs("script[src$=\"video.js\"]", "defer"), [""]);
    assert!(built.has("video.js"));
}
