//! HTTP behaviour of the preview server: content types, HEAD, conditional GETs, redirects,
//! the 404 page, and refusal of every way of naming a file outside the built site.

use super::client::Server;
use crate::harness::TestSite;

const SECRET: &str = "movebook-test-secret-7f3a";

/// A site with a secret file next to it (outside the site), static files of several
/// types, and symbolic links in static/ that point outside.
fn site_with_secret() -> (TestSite, tempfile::TempDir) {
    let outside = tempfile::tempdir().expect("tempdir");
    std::fs::write(outside.path().join("secret.txt"), SECRET).expect("write");
    std::fs::create_dir_all(outside.path().join("dir")).expect("mkdir");
    std::fs::write(outside.path().join("dir/secret.txt"), SECRET).expect("write");
    let site = TestSite::minimal()
        .file("static/app.js", "console.log(1);\n")
        .file("static/data/list.json", "{\"a\": 1}\n")
        .file("static/fonts/a.woff2", "font")
        .file("static/feed.xml", "<?xml version=\"1.0\"?><feed/>\n");
    // A real picture: photos in static/ are published without their metadata, and a
    // file named .png that is no PNG is an error.
    site.write(
        "static/img/dot.png",
        &std::fs::read(crate::harness_fixture("media/opaque-rgba.png")).expect("fixture"),
    );
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(
            outside.path().join("secret.txt"),
            site.root().join("static/leak.txt"),
        )
        .expect("symlink");
        std::os::unix::fs::symlink(
            outside.path().join("dir"),
            site.root().join("static/leakdir"),
        )
        .expect("symlink");
    }
    // A secret inside the site folder but outside the output, too.
    std::fs::write(site.root().join("secret.txt"), SECRET).expect("write");
    (site, outside)
}

#[test]
fn refuses_every_form_of_path_traversal() {
    let (site, outside) = site_with_secret();
    let server = Server::start(site.root(), &[]);
    let abs = outside.path().join("secret.txt");
    let abs = abs.to_string_lossy();
    // Every spelling that could climb out of the site is refused before any lookup (400,
    // with the reason); the absolute path of a file on disk is just a path of the site that
    // does not exist (the site's 404 page).
    let refused = [
        "/../secret.txt".to_string(),
        "/../../../../../../etc/passwd".to_string(),
        "/exercises/../../secret.txt".to_string(),
        "/%2e%2e/secret.txt".to_string(),
        "/%2E%2E/%2e%2E/secret.txt".to_string(),
        "/.%2e/secret.txt".to_string(),
        "/%2e%2e%2fsecret.txt".to_string(),
        "/..%2Fsecret.txt".to_string(),
        "/static%2f..%2f..%2fsecret.txt".to_string(),
        "/..\\secret.txt".to_string(),
        "/..%5csecret.txt".to_string(),
        "/%5c..%5csecret.txt".to_string(),
        format!("/{abs}"),
        format!("/{}", abs.replace('/', "%2f")),
        format!("/{abs}").replacen('/', "//", 1),
        "//etc/passwd".to_string(),
        "/C:/Windows/win.ini".to_string(),
        "/secret.txt%00.html".to_string(),
        // Absolute-form request targets name the same paths.
        format!("http://{}/../secret.txt", server.addr),
        format!("http://{}/%2e%2e/secret.txt", server.addr),
    ];
    // The file's absolute path, as the path of a page of the site.
    let not_found = if cfg!(unix) {
        vec![
            abs.to_string(),
            abs.replace("/secret.txt", "/dir/secret.txt"),
        ]
    } else {
        Vec::new()
    };
    let cases = refused
        .iter()
        .map(|t| (t, 400))
        .chain(not_found.iter().map(|t| (t, 404)));
    for (target, want) in cases {
        let (code, text) = server.raw_request(target);
        assert_eq!(code, want, "{target}:\n{text}");
        assert!(!text.contains(SECRET), "{target} leaked the secret");
        if want == 400 {
            assert!(text.contains("refused: "), "{target}:\n{text}");
        } else {
            assert!(
                text.contains("</html>"),
                "{target}: the site's 404 page:\n{text}"
            );
        }
    }
    // Symbolic links pointing outside are not part of the site (as in `build`).
    for path in ["/leak.txt", "/leakdir/secret.txt", "/secret.txt"] {
        let r = server.get(path);
        assert_eq!(r.status, 404, "{path}");
        assert!(!r.text().contains(SECRET), "{path} leaked the secret");
    }
    let built = site.build_ok();
    assert!(!built.has("leak.txt") && !built.has("leakdir/secret.txt"));
}

#[test]
fn answers_with_the_right_content_types() {
    let (site, _outside) = site_with_secret();
    let server = Server::start(site.root(), &[]);
    for (path, want) in [
        ("/", "text/html; charset=utf-8"),
        ("/exercises/glute-bridge/", "text/html; charset=utf-8"),
        ("/404.html", "text/html; charset=utf-8"),
        ("/style.css", "text/css; charset=utf-8"),
        ("/app.js", "text/javascript; charset=utf-8"),
        ("/favicon.svg", "image/svg+xml"),
        ("/img/dot.png", "image/png"),
        ("/fonts/a.woff2", "font/woff2"),
        ("/sitemap.xml", "text/xml; charset=utf-8"),
        ("/feed.xml", "text/xml; charset=utf-8"),
        ("/data/list.json", "application/json; charset=utf-8"),
        ("/robots.txt", "text/plain; charset=utf-8"),
    ] {
        let r = server.get(path);
        assert_eq!(r.status, 200, "{path}");
        assert_eq!(r.header("content-type"), Some(want), "{path}");
        assert_eq!(r.header("x-content-type-options"), Some("nosniff"));
    }
    // Only HTML gets the script; other files are served exactly as built.
    assert!(server.get("/").text().contains("/__movebook/client.js"));
    let css = server.get("/style.css").body;
    assert_eq!(css, site.build_ok().bytes("style.css"));
}

#[test]
fn head_and_conditional_gets_work() {
    let site = TestSite::minimal();
    let server = Server::start(site.root(), &[]);
    for path in ["/exercises/glute-bridge/", "/style.css"] {
        let get = server.get(path);
        let head = server.request("HEAD", path, &[]);
        assert_eq!(head.status, 200);
        assert!(head.body.is_empty(), "HEAD has no body");
        assert_eq!(
            head.header("content-length").map(str::to_string),
            Some(get.body.len().to_string()),
            "{path}"
        );
        assert_eq!(head.header("etag"), get.header("etag"));
        let etag = get.header("etag").expect("etag");
        let again = server.request("GET", path, &[("if-none-match", etag)]);
        assert_eq!(again.status, 304, "{path}");
        assert!(again.body.is_empty());
        let other = server.request("GET", path, &[("if-none-match", "\"nope\"")]);
        assert_eq!(other.status, 200);
    }
    let css = server.get("/style.css");
    let modified = css.header("last-modified").expect("last-modified");
    let cond = server.request("GET", "/style.css", &[("if-modified-since", modified)]);
    assert_eq!(cond.status, 304);
    let old = server.request(
        "GET",
        "/style.css",
        &[("if-modified-since", "Mon, 01 Jan 2001 00:00:00 GMT")],
    );
    assert_eq!(old.status, 200);
    assert_eq!(server.request("POST", "/", &[]).status, 405);
}

#[test]
fn redirects_to_the_trailing_slash_and_serves_the_404_page() {
    let site = TestSite::minimal();
    let server = Server::start(site.root(), &[]);
    let r = server.get("/exercises/glute-bridge");
    assert!(matches!(r.status, 301 | 302 | 307 | 308), "{}", r.status);
    assert_eq!(r.header("location"), Some("/exercises/glute-bridge/"));
    let r = server.get("/exercises?x=1");
    assert_eq!(r.header("location"), Some("/exercises/?x=1"));
    let missing = server.get("/exercises/no-such-page/");
    assert_eq!(missing.status, 404);
    let built = site.build_ok();
    let not_found = String::from_utf8(built.bytes("404.html")).expect("utf8");
    // The site's own 404 page (its title), with the live-reload script.
    let title = not_found
        .split("<title>")
        .nth(1)
        .and_then(|t| t.split("</title>").next())
        .expect("title");
    assert!(missing.text().contains(title));
    assert!(missing.text().contains("/__movebook/client.js"));
    assert_eq!(server.get("/no-such-file.css").status, 404);
}

#[test]
fn answers_byte_ranges_for_media() {
    let site = TestSite::minimal();
    let clip: Vec<u8> = (0..=255u8).collect();
    site.write("static/clips/bridge.mp4", &clip);
    let server = Server::start(site.root(), &[]);
    let full = server.get("/clips/bridge.mp4");
    assert_eq!(full.status, 200);
    assert_eq!(full.header("accept-ranges"), Some("bytes"));
    assert_eq!(full.header("content-type"), Some("video/mp4"));
    assert_eq!(full.body, clip);
    let part = |range: &str| server.request("GET", "/clips/bridge.mp4", &[("range", range)]);
    let r = part("bytes=10-19");
    assert_eq!(r.status, 206);
    assert_eq!(r.header("content-range"), Some("bytes 10-19/256"));
    assert_eq!(r.body, clip[10..20]);
    let r = part("bytes=250-999");
    assert_eq!(
        (r.status, r.header("content-range")),
        (206, Some("bytes 250-255/256"))
    );
    assert_eq!(r.body, clip[250..]);
    let r = part("bytes=-6");
    assert_eq!(r.body, clip[250..]);
    let r = part("bytes=300-");
    assert_eq!(
        (r.status, r.header("content-range")),
        (416, Some("bytes */256"))
    );
    // A range of an older version (If-Range) gets the whole new file.
    let r = server.request(
        "GET",
        "/clips/bridge.mp4",
        &[("range", "bytes=0-9"), ("if-range", "\"old\"")],
    );
    assert_eq!((r.status, r.body.len()), (200, 256));
    let etag = full.header("etag").expect("etag");
    let r = server.request(
        "GET",
        "/clips/bridge.mp4",
        &[("range", "bytes=0-9"), ("if-range", etag)],
    );
    assert_eq!((r.status, r.body.len()), (206, 10));
    // Pages are always sent whole (they carry the live-reload script).
    let page = server.request("GET", "/", &[("range", "bytes=0-9")]);
    assert_eq!(page.status, 200);
}

#[test]
fn answers_only_to_local_host_names() {
    // DNS rebinding: a page of evil.example whose name now resolves to 127.0.0.1 sends
    // requests with `Host: evil.example:PORT`. They are refused; the names a browser on
    // this machine uses are answered.
    let site = TestSite::minimal();
    let server = Server::start(site.root(), &[]);
    let port = server
        .addr
        .rsplit_once(':')
        .map(|(_, p)| p.to_string())
        .unwrap_or_default();
    for host in [
        format!("evil.example:{port}"),
        "localhost.evil.example".to_string(),
    ] {
        for target in ["/", "/__movebook/status", "/__movebook/files"] {
            let (code, text) = server.raw_request_for(target, &host);
            assert_eq!(code, 403, "{host} {target}: {text}");
            assert!(text.contains("answers only to localhost"), "{text}");
            assert!(!text.contains("Glute Bridge"), "{text}");
        }
    }
    for host in [
        format!("localhost:{port}"),
        format!("127.0.0.1:{port}"),
        format!("guide.localhost:{port}"),
    ] {
        let (code, text) = server.raw_request_for("/", &host);
        assert_eq!(code, 200, "{host}: {text}");
    }
}
