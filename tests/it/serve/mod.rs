//! `movebook serve`, through the real binary on a free loopback port: live reload, the
//! error overlay, HTTP behaviour, refusal of paths outside the site, editor save patterns,
//! and the equivalence of served output with a clean build after random edits.

mod client;
mod display;
mod editors;
mod equivalence;
mod http;
mod offline;
mod walkthrough;

use crate::harness::TestSite;
use client::Server;

const PAGE: &str = "/exercises/glute-bridge/";
const FILE: &str = "content/exercises/glute-bridge.md";

fn edit(site: &TestSite, rel: &str, f: impl FnOnce(String) -> String) {
    let path = site.root().join(rel);
    let text = std::fs::read_to_string(&path).expect("read");
    std::fs::write(&path, f(text)).expect("write");
}

#[test]
fn serves_a_page_then_reloads_it_after_an_edit() {
    let site = TestSite::minimal();
    let server = Server::start(site.root(), &[]);
    assert!(
        server.url.starts_with("http://127.0.0.1:"),
        "{}",
        server.url
    );
    let page = server.get(PAGE);
    assert_eq!(page.status, 200);
    let html = page.text();
    assert!(html.contains("<h1>Glute Bridge</h1>") || html.contains(">Glute Bridge</h1>"));
    assert!(
        html.contains("<script src=\"/__movebook/client.js\""),
        "script injected"
    );
    // Links and the base URL point at the local address.
    assert!(html.contains(&format!("href=\"{}exercises/glute-bridge/\"", server.url)));
    let events = server.events();
    assert_eq!(events.next().name, "hello");

    edit(&site, FILE, |t| {
        t.replace("Lift the hips.", "Lift the hips slowly.")
    });
    let ev = events.until("reload");
    assert_eq!(ev.changed(), Some(vec![PAGE.to_string()]), "{:?}", ev.data);
    assert!(server.get(PAGE).text().contains("Lift the hips slowly."));
    // The terminal says what happened.
    server.wait_output("the rebuild line", |out, _| {
        out.contains("Changed content/exercises/glute-bridge.md: rebuilt in")
    });
    // Nothing was written into the site.
    assert!(!site.root().join("public").exists());
}

#[test]
fn a_stylesheet_change_swaps_css_without_a_reload() {
    let site = TestSite::minimal().file("static/extra.css", "body { color: red }\n");
    let server = Server::start(site.root(), &[]);
    let events = server.events();
    site.write("static/extra.css", b"body { color: blue }\n");
    let ev = events.until("css");
    assert_eq!(ev.changed(), Some(vec!["/extra.css".to_string()]));
    assert_eq!(server.get("/extra.css").text(), "body { color: blue }\n");
}

#[test]
fn errors_show_in_an_overlay_and_clear_when_fixed() {
    let site = TestSite::minimal();
    let server = Server::start(site.root(), &[]);
    let events = server.events();
    events.until("hello");

    edit(&site, FILE, |t| {
        t.replace("title: Glute Bridge\n", "title: Glute Bridge Two\n")
            .replace(
                "secondary_muscles: [hamstrings]",
                "secondary_muscles: [hamstring]",
            )
    });
    let ev = events.until("errors");
    let errors = &ev.data["errors"];
    let shown: Vec<String> = errors["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| d.as_str().expect("text").to_string())
        .collect();
    // The same text as the command line, file and line first, with the hint.
    let check = site.cli(&["check"]);
    assert_eq!(check.status.code(), Some(1));
    let cli = String::from_utf8_lossy(&check.stderr).into_owned();
    assert_eq!(
        // As the command line prints them: each diagnostic and a blank line, then the tally.
        format!(
            "{}{}\n",
            shown.iter().fold(String::new(), |mut all, d| {
                all.push_str(d);
                all.push_str("\n\n");
                all
            }),
            errors["summary"].as_str().expect("summary")
        ),
        cli
    );
    assert!(
        shown[0].starts_with("content/exercises/glute-bridge.md:5:"),
        "{shown:?}"
    );
    assert!(
        shown[0].contains("hint: did you mean 'hamstrings'?"),
        "{shown:?}"
    );
    // The terminal printed it once.
    server.wait_output("the diagnostics on stderr", |_, err| {
        err.contains("unknown muscle 'hamstring'")
    });
    assert_eq!(
        server
            .stderr()
            .matches("unknown muscle 'hamstring'")
            .count(),
        1
    );
    // The last good pages are still served, with the script that shows the overlay.
    let page = server.get(PAGE);
    assert_eq!(page.status, 200);
    assert!(!page.text().contains("Glute Bridge Two"));
    assert_eq!(server.status()["errors"]["summary"], "1 error in 1 file");
    // A page opened now gets the errors as its first event.
    let late = server.events();
    assert_eq!(late.next().name, "errors");

    edit(&site, FILE, |t| t.replace("[hamstring]", "[hamstrings]"));
    let ev = events.until("reload");
    assert!(ev.data["errors"].is_null());
    assert!(server.get(PAGE).text().contains("Glute Bridge Two"));
    assert!(server.status()["errors"].is_null());
    late.until("reload");
}

#[test]
fn a_broken_first_build_is_served_as_an_error_page_until_fixed() {
    let site = TestSite::minimal().file("site.toml", "title = \"Minimal Guide\n");
    let server = Server::start(site.root(), &[]);
    let page = server.get(PAGE);
    assert_eq!(page.status, 503);
    assert!(page.text().contains("/__movebook/client.js"));
    let events = server.events();
    let first = events.next();
    assert_eq!(first.name, "errors");
    assert!(
        first.data["errors"]["diagnostics"][0]
            .as_str()
            .is_some_and(|d| d.starts_with("site.toml")),
        "{:?}",
        first.data
    );
    site.write(
        "site.toml",
        b"title = \"Minimal Guide\"\nbase_url = \"https://guide.example/\"\n",
    );
    assert_eq!(events.until("reload").name, "reload");
    assert_eq!(server.get(PAGE).status, 200);
}

#[test]
fn a_port_in_use_is_a_clear_error() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = taken.local_addr().expect("addr").port().to_string();
    let site = TestSite::minimal();
    let out = site.cli(&["serve", "--port", &port]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&format!("port {port} on 127.0.0.1 is already in use"))
            && err.contains("--port 0"),
        "{err}"
    );
}

#[test]
fn binding_beyond_loopback_warns() {
    let site = TestSite::minimal();
    let server = Server::start(site.root(), &["--bind", "0.0.0.0"]);
    assert!(
        server.stderr().contains("warning: listening on 0.0.0.0"),
        "{}",
        server.stderr()
    );
    // Pages still link to a loopback address.
    assert!(server.url.starts_with("http://127.0.0.1:"));
    assert_eq!(server.get("/").status, 200);
}

#[cfg(unix)]
#[test]
fn open_launches_the_browser_on_the_served_url() {
    let site = TestSite::minimal();
    let log = site.root().join("opened.txt");
    let browser = site.root().join("browser.sh");
    std::fs::write(
        &browser,
        format!("#!/bin/sh\necho \"$1\" > '{}'\n", log.display()),
    )
    .expect("write");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        std::fs::set_permissions(&browser, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    }
    // opener uses $BROWSER when it is set.
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_movebook"));
    cmd.args(["serve", "--port", "0", "--open", "--root"])
        .arg(site.root())
        .env("BROWSER", &browser)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null());
    let mut child = cmd.spawn().expect("spawn");
    let stdout = child.stdout.take().expect("stdout");
    let mut lines = std::io::BufRead::lines(std::io::BufReader::new(stdout));
    let url = loop {
        let line = lines.next().expect("serve exited").expect("line");
        if let Some((_, url)) = line.rsplit_once(" at ") {
            break url.to_string();
        }
    };
    // The browser script runs after the server started; poll for the file it writes,
    // bounded in time.
    let deadline = std::time::Instant::now() + client::TIMEOUT;
    let opened = loop {
        if let Ok(s) = std::fs::read_to_string(&log)
            && s.ends_with('\n')
        {
            break s;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the browser was not opened"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    };
    let _ = child.kill();
    let _ = child.wait();
    assert_eq!(opened.trim(), url);
}

#[test]
fn replacing_a_picture_of_an_open_page_reloads_it_with_the_new_picture() {
    let svg = |fill: &str| {
        format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"40\" height=\"30\"><rect width=\"40\" height=\"30\" fill=\"{fill}\"/></svg>"
        )
    };
    let text = std::fs::read_to_string(TestSite::minimal().root().join(FILE)).expect("fixture");
    let text = text.replacen(
        "\n---\n",
        "\nmedia:\n  - src: start.svg\n    alt: On your back.\n    role: start\n---\n",
        1,
    );
    let site = TestSite::minimal()
        .remove(FILE)
        .file("content/exercises/glute-bridge/index.md", &text)
        .file("content/exercises/glute-bridge/start.svg", &svg("#aaa"));
    let server = Server::start(site.root(), &[]);
    let events = server.events();
    assert_eq!(events.next().name, "hello");
    let src = |html: &str| {
        let at = html.find("media-start").expect("the start picture");
        let rest = &html[at..];
        let from = rest.find("src=\"").expect("src") + 5;
        rest[from..from + rest[from..].find('"').expect("end")].to_string()
    };
    let before = src(&server.get(PAGE).text());
    assert!(server.get(&before).text().contains("#aaa"));
    site.write(
        "content/exercises/glute-bridge/start.svg",
        svg("#bbb").as_bytes(),
    );
    let ev = events.until("reload");
    // The page, and every list whose card shows the picture as a thumbnail.
    let changed = ev.changed().unwrap_or_default();
    assert!(changed.contains(&PAGE.to_string()), "{:?}", ev.data);
    assert!(
        changed.contains(&"/exercises/".to_string()),
        "{:?}",
        ev.data
    );
    let after = src(&server.get(PAGE).text());
    assert_ne!(before, after);
    assert!(server.get(&after).text().contains("#bbb"));
}
