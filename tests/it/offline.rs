//! The offline copy (`[offline]`): the web app manifest, the links pages carry, the service
//! worker's precache list and cache version, and turning it off.

use serde_json::Value;

use crate::harness::{Built, TestSite, only};

const SVG: &str = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"400\" height=\"300\" viewBox=\"0 0 400 300\"><title>x</title><rect width=\"400\" height=\"300\" fill=\"#eee\"/></svg>";

/// The minimal fixture with a routine of two of its three exercises (glute-bridge and
/// hip-thrust, the latter a bundle with a start and an end picture); banded-glute-bridge is
/// in no routine.
fn with_routine() -> TestSite {
    let site = TestSite::minimal();
    let rel = "content/exercises/hip-thrust.md";
    let text = std::fs::read_to_string(site.root().join(rel)).expect("hip thrust");
    let text = text.replacen(
        "\n---\n",
        "\nmedia:\n  - src: start.svg\n    alt: Upper back on the bench.\n    role: start\n  - src: end.svg\n    alt: Hips up.\n    role: end\n---\n",
        1,
    );
    site.remove(rel)
        .file("content/exercises/hip-thrust/index.md", &text)
        .file("content/exercises/hip-thrust/start.svg", SVG)
        .file(
            "content/exercises/hip-thrust/end.svg",
            &SVG.replace("#eee", "#ddd"),
        )
        .file(
            "content/routines/bridge-session.md",
            "---\ntitle: Bridge Session\nsummary: Two bridges, slowly.\nsteps:\n  - exercise: glute-bridge\n  - exercise: hip-thrust\n---\nBody.\n",
        )
}

fn text(built: &Built<'_>, rel: &str) -> String {
    String::from_utf8(built.bytes(rel)).expect("utf-8")
}

/// The data `sw.js` holds: version, precache list, offline page.
fn worker_data(built: &Built<'_>) -> Value {
    let sw = text(built, "sw.js");
    let start = sw.find("const BUILD = ").expect("the build data") + "const BUILD = ".len();
    let end = start + sw[start..].find(";\n").expect("end of the build data");
    serde_json::from_str(&sw[start..end]).expect("JSON")
}

/// The precache list: (path relative to the base path, revision).
fn precache(built: &Built<'_>) -> Vec<(String, String)> {
    worker_data(built)["precache"]
        .as_array()
        .expect("precache")
        .iter()
        .map(|e| {
            (
                e[0].as_str().expect("path").to_string(),
                e[1].as_str().expect("rev").to_string(),
            )
        })
        .collect()
}

fn version(built: &Built<'_>) -> String {
    worker_data(built)["version"]
        .as_str()
        .expect("version")
        .to_string()
}

/// The output file a precached URL names.
fn file_of(url: &str) -> String {
    match url {
        "./" => "index.html".to_string(),
        u if u.ends_with('/') => format!("{u}index.html"),
        u => u.to_string(),
    }
}

#[test]
fn the_manifest_names_the_site_and_uses_the_base_path() {
    let site = with_routine();
    let mut opts = site.options();
    opts.base_url = Some("https://example.org/guide/".into());
    let built = site.build_ok_with(&opts);
    let m: Value = serde_json::from_str(&text(&built, "manifest.webmanifest")).expect("JSON");
    assert_eq!(m["name"], "Minimal Guide");
    assert_eq!(m["short_name"], "Minimal Guide");
    assert_eq!(
        m["description"],
        "The smallest site that shows every page kind."
    );
    assert_eq!(m["lang"], "en");
    assert_eq!(m["start_url"], "/guide/");
    assert_eq!(m["scope"], "/guide/");
    assert_eq!(m["id"], "/guide/");
    assert_eq!(m["display"], "standalone");
    assert_eq!(m["theme_color"], "#f4f6f5");
    assert_eq!(m["background_color"], "#ffffff");
    // PNG icons of 192 and 512 pixels (what Chromium needs to install), a maskable one and
    // the SVG, each published.
    let icons = m["icons"].as_array().expect("icons");
    let listed: Vec<(&str, &str, &str)> = icons
        .iter()
        .map(|i| {
            (
                i["src"].as_str().expect("src"),
                i["sizes"].as_str().expect("sizes"),
                i["purpose"].as_str().expect("purpose"),
            )
        })
        .collect();
    assert_eq!(
        listed,
        [
            ("/guide/icon-192.png", "192x192", "any"),
            ("/guide/icon-512.png", "512x512", "any"),
            ("/guide/icon-maskable-512.png", "512x512", "maskable"),
            ("/guide/favicon.svg", "any", "any"),
        ]
    );
    for (src, ..) in &listed {
        assert!(
            built.has(src.strip_prefix("/guide/").expect("base")),
            "{src}"
        );
    }
    let png = built.bytes("icon-512.png");
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
    assert_eq!(
        (
            u32::from_be_bytes(png[16..20].try_into().expect("width")),
            u32::from_be_bytes(png[20..24].try_into().expect("height"))
        ),
        (512, 512)
    );
    assert_eq!(
        m["shortcuts"],
        serde_json::json!([{"name": "Bridge Session", "url": "/guide/routines/bridge-session/"}])
    );

    // Every page links the manifest and loads the registration script, under the base path.
    for rel in [
        "index.html",
        "routines/bridge-session/index.html",
        "exercises/glute-bridge/index.html",
        "404.html",
    ] {
        let page = built.page(rel);
        assert_eq!(
            page.attrs("link[rel=manifest]", "href"),
            ["/guide/manifest.webmanifest"],
            "{rel}"
        );
        assert_eq!(
            page.attrs("script[src$='offline.js']", "src"),
            ["/guide/offline.js"],
            "{rel}"
        );
        assert_eq!(page.attrs("script[src$='offline.js']", "defer"), [""]);
        assert_eq!(page.all("meta[name=theme-color]").len(), 2, "{rel}");
    }
    // The registration script finds sw.js beside itself: nothing in it names a path.
    let register = text(&built, "offline.js");
    assert!(register.contains("new URL('sw.js', base)"), "{register}");
    assert!(register.contains("scope: base.pathname"), "{register}");
    // The offline note links the routines and the home page under the base path.
    let note = worker_data(&built)["note"]
        .as_str()
        .expect("note")
        .to_string();
    assert!(note.contains("href=\"/guide/routines/\""), "{note}");
    assert!(note.contains("href=\"/guide/\""), "{note}");
}

#[test]
fn the_worker_precaches_the_shell_every_routine_its_exercises_and_their_pictures() {
    let site = with_routine();
    let built = site.build_ok();
    let list = precache(&built);
    let urls: Vec<&str> = list.iter().map(|(u, _)| u.as_str()).collect();
    for shell in [
        "./",
        "404.html",
        "style.css",
        "highlight.css",
        "search.js",
        "vendor/minisearch/index.js",
        "search-index.json",
        "routine.js",
        "favicon.svg",
        "bodymap.svg",
        "manifest.webmanifest",
        "offline.js",
    ] {
        assert!(urls.contains(&shell), "{shell} in {urls:?}");
    }
    for page in [
        "routines/",
        "routines/bridge-session/",
        "exercises/glute-bridge/",
        "exercises/hip-thrust/",
    ] {
        assert!(urls.contains(&page), "{page} in {urls:?}");
    }
    // Only what routines need: no other exercise, no muscle page, no licence text.
    for not in [
        "exercises/banded-glute-bridge/",
        "exercises/",
        "muscles/",
        "vendor/minisearch/LICENSE.txt",
        "sw.js",
    ] {
        assert!(!urls.contains(&not), "{not} in {urls:?}");
    }
    // The pictures the exercise page shows, by their published (hashed) names.
    let pictures: Vec<String> = built
        .page("exercises/hip-thrust/index.html")
        .attrs(".positions img", "src")
        .into_iter()
        .map(|s| s.trim_start_matches('/').to_string())
        .collect();
    assert_eq!(pictures.len(), 2);
    for p in &pictures {
        assert!(
            list.contains(&(p.clone(), String::new())),
            "{p} (its name carries its hash, so no revision) in {list:?}"
        );
    }
    // Every entry is a file of the output; files are listed with the hash of their bytes.
    for (url, rev) in &list {
        assert!(built.has(&file_of(url)), "{url} is published");
        if !pictures.contains(url) {
            assert_eq!(rev.len(), 8, "{url}: {rev}");
            assert!(rev.chars().all(|c| c.is_ascii_hexdigit()), "{url}: {rev}");
        }
    }
    let mut unique = urls.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(unique.len(), urls.len(), "no entry twice: {urls:?}");
    // The offline page is the 404 page, with the site's title.
    let data = worker_data(&built);
    assert_eq!(data["fallback"], "404.html");
    assert_eq!(data["title"], "Offline · Minimal Guide");
}

#[test]
fn of_a_photo_the_worker_saves_the_middle_and_the_smallest_width() {
    let site = with_routine().file(
        "site.toml",
        "title = \"Minimal Guide\"\nbase_url = \"https://guide.example/\"\n\n[images]\nwidths = [16, 32, 48]\n",
    );
    let photo = std::fs::read(crate::harness_fixture("media/alpha.png")).expect("fixture");
    site.write("content/exercises/hip-thrust/start.png", &photo);
    let index = site.root().join("content/exercises/hip-thrust/index.md");
    let text = std::fs::read_to_string(&index).expect("read");
    std::fs::write(&index, text.replace("src: start.svg", "src: start.png")).expect("write");
    let built = site.build_ok();
    let page = built.page("exercises/hip-thrust/index.html");
    let srcset = page.attrs(".media-start source", "srcset");
    let files: Vec<&str> = srcset[0]
        .split(", ")
        .map(|c| c.split(' ').next().expect("url").trim_start_matches('/'))
        .collect();
    assert_eq!(files.len(), 3, "{files:?}");
    let urls: Vec<String> = precache(&built).into_iter().map(|(u, _)| u).collect();
    assert!(urls.iter().any(|u| u == files[0]), "smallest: {urls:?}");
    assert!(urls.iter().any(|u| u == files[1]), "middle: {urls:?}");
    assert!(
        !urls.iter().any(|u| u == files[2]),
        "not the largest: {urls:?}"
    );
    // Not the JPEG/PNG fallback either: every browser with service workers shows WebP.
    let fallback = page.attrs(".media-start img", "src")[0]
        .trim_start_matches('/')
        .to_string();
    assert!(!urls.contains(&fallback), "{fallback} in {urls:?}");
}

#[test]
fn the_cache_version_is_the_same_for_the_same_input_and_changes_with_any_output() {
    let site = with_routine();
    let out = |name: &str| {
        let mut o = site.options();
        o.output = Some(site.root().join(name));
        o
    };
    let rebuilt = |name: &str| version(&site.build_ok_with(&out(name)));
    let first = site.build_ok_with(&out("a"));
    let again = site.build_ok_with(&out("b"));
    assert_eq!(
        first.bytes("sw.js"),
        again.bytes("sw.js"),
        "two builds of the same input write the same sw.js"
    );
    let v1 = version(&first);
    assert_eq!(v1.len(), 16);

    // A page edited: a new version, and a new revision for that page only.
    let page = site.root().join("content/exercises/glute-bridge.md");
    let text = std::fs::read_to_string(&page).expect("read");
    std::fs::write(
        &page,
        text.replacen("\n---\n", "\n---\nOne more line.\n\n", 1),
    )
    .expect("write");
    let edited = site.build_ok_with(&out("c"));
    let v2 = version(&edited);
    assert_ne!(v1, v2, "an edited page changes the version");
    let before = precache(&first);
    let after = precache(&edited);
    let changed: Vec<&str> = before
        .iter()
        .zip(&after)
        .filter(|(a, b)| a != b)
        .map(|(a, _)| a.0.as_str())
        .collect();
    assert_eq!(changed, ["exercises/glute-bridge/"]);

    // A page no routine needs changes the version too (the worker caches it on a visit).
    let other = site.root().join("content/exercises/banded-glute-bridge.md");
    let text = std::fs::read_to_string(&other).expect("read");
    std::fs::write(
        &other,
        text.replacen("\n---\n", "\n---\nAnother line.\n\n", 1),
    )
    .expect("write");
    let v3 = rebuilt("d");
    assert_ne!(v2, v3);

    // So does a static file of the site, and a picture.
    site.write("static/extra.css", b"body { margin: 0; }\n");
    let v4 = rebuilt("e");
    assert_ne!(v3, v4);
    site.write(
        "content/exercises/hip-thrust/end.svg",
        SVG.replace("#eee", "#ccc").as_bytes(),
    );
    let v5 = rebuilt("f");
    assert_ne!(v4, v5);
}

#[test]
fn turned_off_there_is_no_manifest_and_sw_js_only_removes_an_earlier_worker() {
    let site = with_routine().file(
        "site.toml",
        "title = \"Minimal Guide\"\nbase_url = \"https://guide.example/\"\n\n[offline]\nenabled = false\n",
    );
    let built = site.build_ok();
    assert!(!built.has("manifest.webmanifest"));
    assert!(!built.has("offline.js"));
    for rel in [
        "index.html",
        "routines/bridge-session/index.html",
        "404.html",
    ] {
        let page = built.page(rel);
        assert!(page.all("link[rel=manifest]").is_empty(), "{rel}");
        assert!(page.all("script[src$='offline.js']").is_empty(), "{rel}");
        assert!(page.all("meta[name=theme-color]").is_empty(), "{rel}");
    }
    // Readers who installed the site before get a worker that deletes the saved copy and
    // unregisters itself: without it their browser would keep the old one forever.
    let sw = text(&built, "sw.js");
    assert!(
        sw.starts_with("// movebook service worker (removed)"),
        "{sw}"
    );
    assert!(sw.contains("self.registration.unregister()"), "{sw}");
    assert!(sw.contains("caches.delete"), "{sw}");
    assert!(!sw.contains("addEventListener('fetch'"), "{sw}");

    // A site's own sw.js stays its own when the offline copy is off...
    let site = site.file("static/sw.js", "// mine\n");
    let built = site.build_ok();
    assert_eq!(text(&built, "sw.js"), "// mine\n");
    // ...and is a conflict when it is on.
    let site = site.file(
        "site.toml",
        "title = \"Minimal Guide\"\nbase_url = \"https://guide.example/\"\n",
    );
    let ds = site.diagnostics();
    let d = only(&ds, "url-conflict");
    assert!(d.message.contains("/sw.js"), "{d}");
}

#[test]
fn a_site_without_routines_precaches_its_shell_only() {
    let site = TestSite::minimal();
    let built = site.build_ok();
    let urls: Vec<String> = precache(&built).into_iter().map(|(u, _)| u).collect();
    assert!(urls.contains(&"./".to_string()));
    assert!(
        !urls
            .iter()
            .any(|u| u.starts_with("routines/") || u.starts_with("exercises/")),
        "{urls:?}"
    );
    let m: Value = serde_json::from_str(&text(&built, "manifest.webmanifest")).expect("JSON");
    assert!(m.get("shortcuts").is_none());
    let note = worker_data(&built)["note"]
        .as_str()
        .expect("note")
        .to_string();
    assert!(!note.contains("routines/"), "{note}");
}
