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

/// The JPEG markers before the image data (`0xE1` APP1, `0xFE` COM...).
fn jpeg_markers(bytes: &[u8]) -> Vec<u8> {
    assert_eq!(&bytes[..2], [0xFF, 0xD8], "a JPEG");
    let mut out = Vec::new();
    let mut i = 2;
    while i + 4 <= bytes.len() {
        assert_eq!(bytes[i], 0xFF, "a marker at {i}");
        let marker = bytes[i + 1];
        out.push(marker);
        if marker == 0xDA {
            break;
        }
        let len = usize::from(bytes[i + 2]) << 8 | usize::from(bytes[i + 3]);
        i += 2 + len;
    }
    out
}

/// The chunk names of a WebP (RIFF) file.
fn webp_chunks(bytes: &[u8]) -> Vec<String> {
    assert_eq!(&bytes[..4], b"RIFF");
    assert_eq!(&bytes[8..12], b"WEBP");
    let mut out = Vec::new();
    let mut i = 12;
    while i + 8 <= bytes.len() {
        out.push(String::from_utf8_lossy(&bytes[i..i + 4]).into_owned());
        let len =
            u32::from_le_bytes([bytes[i + 4], bytes[i + 5], bytes[i + 6], bytes[i + 7]]) as usize;
        i += 8 + len + (len & 1);
    }
    out
}

/// Width and height of a WebP file (from its VP8/VP8L/VP8X header).
fn webp_size(bytes: &[u8]) -> (u32, u32) {
    let le24 = |b: &[u8]| u32::from(b[0]) | u32::from(b[1]) << 8 | u32::from(b[2]) << 16;
    match &bytes[12..16] {
        b"VP8X" => (le24(&bytes[24..27]) + 1, le24(&bytes[27..30]) + 1),
        b"VP8 " => (
            u32::from(u16::from_le_bytes([bytes[26], bytes[27]]) & 0x3FFF),
            u32::from(u16::from_le_bytes([bytes[28], bytes[29]]) & 0x3FFF),
        ),
        b"VP8L" => {
            let b = u32::from_le_bytes([bytes[21], bytes[22], bytes[23], bytes[24]]);
            ((b & 0x3FFF) + 1, ((b >> 14) & 0x3FFF) + 1)
        }
        other => panic!("unknown WebP chunk {other:?}"),
    }
}

#[test]
fn a_phone_photo_is_published_upright_resized_and_without_its_location() {
    // oriented.jpg: stored 60×40 with EXIF Orientation 6 (shown 40×60), GPS, XMP, a
    // comment and an author.
    let site = bundle(
        "media:\n  - src: photo.jpg\n    alt: Upper back on the bench.\n    role: start\n  - src: narrow.jpg\n    alt: Hips up.\n    role: end\n",
        "",
    );
    picture(
        &site,
        "oriented.jpg",
        "content/exercises/hip-thrust/photo.jpg",
    );
    picture(
        &site,
        "narrow.jpg",
        "content/exercises/hip-thrust/narrow.jpg",
    );
    let built = site.build_ok();
    let page = built.page("exercises/hip-thrust/index.html");
    // Portrait, at its own width (never enlarged to 480).
    assert_eq!(page.attrs(".media-start img", "width"), ["40"]);
    assert_eq!(page.attrs(".media-start img", "height"), ["60"]);
    let srcset = page.attrs(".media-start source", "srcset");
    assert_eq!(srcset.len(), 1);
    assert!(
        srcset[0].ends_with(" 40w") && !srcset[0].contains(','),
        "{srcset:?}"
    );
    assert_eq!(page.attrs(".media-start source", "type"), ["image/webp"]);
    // The 300-px-wide picture: one WebP at 300, no 480/960/1600.
    let narrow = page.attrs(".media-end source", "srcset");
    assert!(
        narrow[0].ends_with(" 300w") && !narrow[0].contains(','),
        "{narrow:?}"
    );
    // Every published file of the photo: no EXIF, GPS, XMP, ICC or comment.
    let webp_url = srcset[0].split(' ').next().expect("url");
    let webp = built.bytes(webp_url.trim_start_matches('/'));
    assert_eq!(webp_size(&webp), (40, 60));
    for chunk in webp_chunks(&webp) {
        assert!(
            ["VP8 ", "VP8L", "VP8X", "ALPH"].contains(&chunk.as_str()),
            "WebP chunk {chunk}"
        );
    }
    let jpg_url = &page.attrs(".media-start img", "src")[0];
    assert!(
        hashed(
            "/exercises/hip-thrust/photo.",
            ".jpg",
            &jpg_url.replace("-40.jpg", ".jpg")
        ),
        "{jpg_url}"
    );
    let jpg = built.bytes(jpg_url.trim_start_matches('/'));
    for m in jpeg_markers(&jpg) {
        assert!(
            ![0xE1, 0xE2, 0xED, 0xFE].contains(&m),
            "JPEG marker {m:#x} (EXIF, ICC, IPTC or a comment)"
        );
    }
    // The original is not published.
    assert!(!built.has("exercises/hip-thrust/photo.jpg"));
}

#[test]
fn a_second_build_takes_processed_pictures_from_the_cache() {
    let site = bundle("media:\n  - src: a.jpg\n    alt: A.\n", "");
    picture(&site, "narrow.jpg", "content/exercises/hip-thrust/a.jpg");
    let first = site
        .build_ok()
        .page("exercises/hip-thrust/index.html")
        .attrs("img", "src");
    let cache = site.root().join(".movebook/cache");
    let entries = |dir: &std::path::Path| -> Vec<(std::path::PathBuf, std::time::SystemTime)> {
        let mut v: Vec<_> = walkdir::WalkDir::new(dir)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                (
                    e.path().to_path_buf(),
                    e.metadata().expect("meta").modified().expect("mtime"),
                )
            })
            .collect();
        v.sort();
        v
    };
    let before = entries(&cache);
    assert!(before.len() >= 2, "processed files are kept: {before:?}");
    std::thread::sleep(std::time::Duration::from_millis(20));
    let second = site
        .build_ok()
        .page("exercises/hip-thrust/index.html")
        .attrs("img", "src");
    assert_eq!(first, second);
    let after = entries(&cache);
    let outputs = |v: &[(std::path::PathBuf, std::time::SystemTime)]| {
        v.iter()
            .filter(|(p, _)| p.extension().is_some_and(|e| e != "json" && e != "tmp"))
            .cloned()
            .collect::<Vec<_>>()
    };
    assert_eq!(
        outputs(&before),
        outputs(&after),
        "no picture was processed again"
    );
    // A deleted cache is rebuilt with the same names.
    std::fs::remove_dir_all(&cache).expect("rm cache");
    let third = site
        .build_ok()
        .page("exercises/hip-thrust/index.html")
        .attrs("img", "src");
    assert_eq!(first, third);
}

#[test]
fn pictures_that_cannot_be_published_are_errors_that_name_the_picture_and_the_page() {
    let site = bundle(
        "media:\n  - src: truncated.jpg\n    alt: A.\n  - src: text.jpg\n    alt: B.\n  - src: huge.png\n    alt: C.\n",
        "\n![D](truncated.jpg)\n",
    );
    picture(
        &site,
        "truncated.jpg",
        "content/exercises/hip-thrust/truncated.jpg",
    );
    picture(
        &site,
        "not-an-image.jpg",
        "content/exercises/hip-thrust/text.jpg",
    );
    picture(&site, "huge.png", "content/exercises/hip-thrust/huge.png");
    let d = site.diagnostics();
    let bad: Vec<_> = d.iter().filter(|x| x.code.name() == "bad-image").collect();
    let fields: Vec<Option<&str>> = bad.iter().map(|x| x.field.as_deref()).collect();
    assert!(fields.contains(&Some("media[0].src")), "{bad:#?}");
    assert!(fields.contains(&Some("media[1].src")), "{bad:#?}");
    assert!(fields.contains(&Some("media[2].src")), "{bad:#?}");
    for x in &bad {
        assert_eq!(x.file, "content/exercises/hip-thrust/index.md");
        assert!(
            x.message.contains("content/exercises/hip-thrust/"),
            "names the picture: {}",
            x.message
        );
        assert!(x.start.is_some_and(|p| p.line > 1), "located: {x:?}");
        assert!(x.hint.is_some());
    }
    // The Markdown image is reported at its line too.
    assert!(
        bad.iter()
            .any(|x| x.field.is_none() && x.message.contains("truncated.jpg"))
    );
    let huge = bad
        .iter()
        .find(|x| x.field.as_deref() == Some("media[2].src"))
        .expect("huge");
    assert!(huge.message.contains("100000"), "{}", huge.message);
}

#[test]
fn photos_in_static_are_published_without_their_metadata() {
    let site = TestSite::minimal();
    picture(&site, "oriented.jpg", "static/images/photo.jpg");
    // It is stored turned: without its EXIF it would show turned, which a warning says.
    let w = site.warnings();
    let turned = only(&w, "bad-image");
    assert_eq!(turned.file, "static/images/photo.jpg");
    assert!(turned.message.contains("turned"), "{}", turned.message);
    let built = site.build_ok();
    let jpg = built.bytes("images/photo.jpg");
    for m in jpeg_markers(&jpg) {
        assert!(![0xE1, 0xED, 0xFE].contains(&m), "JPEG marker {m:#x}");
    }
}

#[test]
fn a_static_file_named_as_a_picture_that_is_none_is_an_error() {
    let site = TestSite::minimal().file("static/images/x.png", "not a picture");
    let d = site.diagnostics();
    let bad = only(&d, "bad-image");
    assert_eq!(bad.file, "static/images/x.png");
    assert!(bad.hint.is_some());
}

#[test]
fn the_home_page_and_section_intros_take_their_picture_from_static() {
    let site = TestSite::minimal()
        .file("static/images/hero.svg", SVG)
        .file(
            "content/exercises/_index.md",
            "---\ntitle: Exercises\nimage: {src: hero.svg, alt: A bridge.}\n---\n",
        );
    let d = site.diagnostics();
    let m = only(&d, "missing-file");
    assert_eq!(m.field.as_deref(), Some("image.src"));
    assert_eq!(
        m.hint.as_deref(),
        Some("put the file in static/ and write '/hero.svg'")
    );
    let site = site.file(
        "content/exercises/_index.md",
        "---\ntitle: Exercises\nimage: {src: /images/hero.svg, alt: A bridge.}\n---\n",
    );
    let built = site.build_ok();
    let src = &built
        .page("exercises/index.html")
        .attrs("meta[property=\"og:image\"]", "content");
    // An SVG is no link preview; the picture is published all the same.
    assert!(src.is_empty());
    assert!(built.has("images/hero.svg"));
}
