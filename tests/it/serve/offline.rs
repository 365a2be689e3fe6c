//! The preview never keeps an offline copy, and lets go of one an earlier build left on
//! the same address: `/sw.js` (at any depth) is a worker that removes itself and its
//! caches, and the script pages load to register the worker unregisters every worker
//! instead. `x-movebook-raw` still gives the bytes `build` writes.

use super::client::Server;
use crate::harness::TestSite;

const REMOVER: &str = "// movebook service worker (removed)";

#[test]
fn sw_js_removes_itself_and_pages_register_no_worker() {
    let site = TestSite::minimal();
    let server = Server::start(site.root(), &[]);

    for path in ["/sw.js", "/guide/sw.js", "/a/b/sw.js"] {
        let r = server.get(path);
        assert_eq!(r.status, 200, "{path}");
        assert!(r.text().starts_with(REMOVER), "{path}: {}", r.text());
        assert!(r.text().contains("self.registration.unregister()"));
        assert!(
            r.header("content-type")
                .is_some_and(|t| t.contains("javascript")),
            "{path}: {:?}",
            r.headers
        );
        assert_eq!(r.header("cache-control"), Some("no-store"), "{path}");
    }
    // What build writes is still there for tools and the equivalence test.
    let raw = server.raw("/sw.js");
    assert!(raw.text().contains("const BUILD = "), "{}", raw.text());

    // Pages are as built (they load offline.js), but offline.js unregisters.
    let page = server.get("/").text();
    assert!(
        page.contains("<script src=\"/offline.js\" defer></script>"),
        "{page}"
    );
    let script = server.get("/offline.js");
    assert_eq!(script.status, 200);
    let js = script.text();
    assert!(js.contains("getRegistrations()"), "{js}");
    assert!(js.contains("unregister()"), "{js}");
    assert!(!js.contains(".register("), "{js}");
    assert_eq!(script.header("cache-control"), Some("no-store"));
    assert!(
        server
            .raw("/offline.js")
            .text()
            .contains("navigator.serviceWorker.register(")
    );
}

#[test]
fn a_site_s_own_sw_js_is_served_as_it_is() {
    let site = TestSite::minimal()
        .file(
            "site.toml",
            "title = \"Minimal Guide\"\nbase_url = \"https://guide.example/\"\n\n[offline]\nenabled = false\n",
        )
        .file("static/sw.js", "// the site's own worker\n");
    let server = Server::start(site.root(), &[]);
    assert_eq!(server.get("/sw.js").text(), "// the site's own worker\n");
    // No registration script: the preview serves the site's 404 page for it.
    assert_eq!(server.get("/offline.js").status, 404);
}
