//! The ways editors and people change files: atomic saves, vim's backup-and-swap, created,
//! deleted and renamed files, folders moved in and out, and storms of saves. Each must end
//! with the server showing the final state of the disk.

use std::fs;

use super::client::Server;
use crate::harness::TestSite;

const FILE: &str = "content/exercises/glute-bridge.md";
const PAGE: &str = "/exercises/glute-bridge/";

fn page_with(body: &str) -> String {
    let fixture = fs::read_to_string(crate::harness_fixture("minimal").join(FILE)).expect("read");
    let head = fixture.split("\n---\n").next().expect("front matter");
    format!("{head}\n---\n## How to do it\n\n{body}\n")
}

fn article(title: &str) -> String {
    format!("---\ntitle: {title}\nsummary: An article.\n---\nText of {title}.\n")
}

/// Waits until `path` answers `status` and (for 200) contains `text`.
fn wait_page(server: &Server, events: &super::client::Events, path: &str, status: u16, text: &str) {
    server.eventually(
        events,
        &format!("{path} to answer {status} with '{text}'"),
        || {
            let r = server.get(path);
            r.status == status && (status != 200 || r.text().contains(text))
        },
    );
}

#[test]
fn atomic_saves_and_vim_saves_are_seen() {
    let site = TestSite::minimal();
    let server = Server::start(site.root(), &[]);
    let events = server.events();
    let path = site.root().join(FILE);

    // Write a temporary file next to it, then rename it over the page (most editors).
    let tmp = site
        .root()
        .join("content/exercises/.glute-bridge.md.tmp-1234");
    fs::write(&tmp, page_with("Atomic save one.")).expect("write");
    fs::rename(&tmp, &path).expect("rename");
    wait_page(&server, &events, PAGE, 200, "Atomic save one.");

    // The same with a temporary file in another folder of the site.
    let tmp = site.root().join("content/.tmp-save");
    fs::write(&tmp, page_with("Atomic save two.")).expect("write");
    fs::rename(&tmp, &path).expect("rename");
    wait_page(&server, &events, PAGE, 200, "Atomic save two.");

    // vim with backupcopy=no: probe file 4913, rename the file to a backup, write a new
    // file, delete the backup; the swap file churns alongside.
    let dir = site.root().join("content/exercises");
    fs::write(dir.join(".glute-bridge.md.swp"), "swap").expect("swap");
    fs::write(dir.join("4913"), "").expect("probe");
    fs::remove_file(dir.join("4913")).expect("probe");
    fs::rename(&path, dir.join("glute-bridge.md~")).expect("backup");
    fs::write(&path, page_with("Vim save.")).expect("write");
    fs::remove_file(dir.join("glute-bridge.md~")).expect("remove backup");
    fs::write(dir.join(".glute-bridge.md.swp"), "swap 2").expect("swap");
    wait_page(&server, &events, PAGE, 200, "Vim save.");

    // Truncate-and-write in place (what `echo > file` and some editors do).
    fs::write(&path, page_with("In place.")).expect("write");
    wait_page(&server, &events, PAGE, 200, "In place.");
    assert!(server.status()["errors"].is_null());
}

#[test]
fn created_deleted_and_renamed_files_appear_and_disappear() {
    let site = TestSite::minimal();
    let server = Server::start(site.root(), &[]);
    let events = server.events();

    site.write("content/stretching.md", article("Stretching").as_bytes());
    wait_page(&server, &events, "/stretching/", 200, "Text of Stretching.");

    fs::rename(
        site.root().join("content/stretching.md"),
        site.root().join("content/mobility.md"),
    )
    .expect("rename");
    wait_page(&server, &events, "/mobility/", 200, "Text of Stretching.");
    assert_eq!(server.get("/stretching/").status, 404);

    fs::remove_file(site.root().join("content/mobility.md")).expect("remove");
    wait_page(&server, &events, "/mobility/", 404, "");
    // Gone from the whole site, including the sitemap.
    assert!(!server.get("/sitemap.xml").text().contains("/mobility/"));
}

#[test]
fn folders_moved_in_and_out_are_seen() {
    let site = TestSite::minimal();
    let elsewhere = tempfile::tempdir().expect("tempdir");
    let server = Server::start(site.root(), &[]);
    let events = server.events();

    // A folder of articles prepared elsewhere, moved in whole. (Same file system as the
    // site: tempfile uses the same temporary folder.)
    let staged = elsewhere.path().join("guides");
    fs::create_dir_all(&staged).expect("mkdir");
    fs::write(staged.join("warm-up.md"), article("Warm-up")).expect("write");
    let inside = site.root().join("content/guides");
    if fs::rename(&staged, &inside).is_err() {
        // Another file system: copy then delete is what `mv` does too.
        fs::create_dir_all(&inside).expect("mkdir");
        fs::copy(staged.join("warm-up.md"), inside.join("warm-up.md")).expect("copy");
    }
    wait_page(
        &server,
        &events,
        "/guides/warm-up/",
        200,
        "Text of Warm-up.",
    );

    // The moved-in folder is watched: edits inside it are seen.
    fs::write(inside.join("warm-up.md"), article("Warm-up two")).expect("write");
    wait_page(
        &server,
        &events,
        "/guides/warm-up/",
        200,
        "Text of Warm-up two.",
    );

    // Moved out whole.
    let out = elsewhere.path().join("guides-out");
    if fs::rename(&inside, &out).is_err() {
        fs::remove_dir_all(&inside).expect("remove");
    }
    wait_page(&server, &events, "/guides/warm-up/", 404, "");

    // A whole section folder replaced: content/muscles moved out and back with a change.
    let muscles = site.root().join("content/muscles");
    let parked = elsewhere.path().join("muscles");
    fs::rename(&muscles, &parked).expect("move out");
    server.eventually(&events, "errors without the muscles", || {
        !server.status()["errors"].is_null()
    });
    let hamstrings = parked.join("hamstrings.md");
    let text = fs::read_to_string(&hamstrings).expect("read");
    fs::write(
        &hamstrings,
        text.replace("They bend the knee", "They flex the knee"),
    )
    .expect("write");
    fs::rename(&parked, &muscles).expect("move back");
    wait_page(
        &server,
        &events,
        "/muscles/hamstrings/",
        200,
        "They flex the knee",
    );
    assert!(server.status()["errors"].is_null());
}

#[test]
fn the_content_folder_itself_replaced_is_watched_again() {
    let site = TestSite::minimal();
    let server = Server::start(site.root(), &[]);
    let events = server.events();
    let content = site.root().join("content");
    let old = site.root().join("content-old");
    fs::rename(&content, &old).expect("move out");
    server.eventually(&events, "errors without content/", || {
        !server.status()["errors"].is_null()
    });
    fs::rename(&old, &content).expect("move back");
    server.eventually(&events, "the site back", || {
        server.status()["errors"].is_null()
    });
    // And it is watched again.
    fs::write(
        content.join("exercises/glute-bridge.md"),
        page_with("After the move."),
    )
    .expect("write");
    wait_page(&server, &events, PAGE, 200, "After the move.");
}

#[test]
fn a_storm_of_saves_ends_in_the_final_state() {
    let site = TestSite::minimal();
    let server = Server::start(site.root(), &[]);
    let events = server.events();
    let path = site.root().join(FILE);

    // 100 saves in about a second (an autosaving editor, a formatter on save, a script),
    // alternating between in-place writes and atomic renames, on two files.
    let other = site.root().join("content/exercises/hip-thrust.md");
    let other_text = fs::read_to_string(&other).expect("read");
    for i in 0..100 {
        let body = format!("Storm save {i}.");
        if i % 2 == 0 {
            fs::write(&path, page_with(&body)).expect("write");
        } else {
            let tmp = site.root().join(format!("content/exercises/.save-{i}.tmp"));
            fs::write(&tmp, page_with(&body)).expect("write");
            fs::rename(&tmp, &path).expect("rename");
        }
        fs::write(
            &other,
            other_text.replace("drive the hips up.", &format!("drive the hips up {i}.")),
        )
        .expect("write");
        // Pace the saves (this is the stimulus, not a wait for the server).
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    wait_page(&server, &events, PAGE, 200, "Storm save 99.");
    wait_page(
        &server,
        &events,
        "/exercises/hip-thrust/",
        200,
        "drive the hips up 99.",
    );
    assert!(server.status()["errors"].is_null());
    // The final state is served, and it is what a clean build of the disk gives.
    let out = tempfile::tempdir().expect("tempdir");
    let built = site.build_ok_with(&movebook::BuildOptions {
        output: Some(out.path().join("public")),
        base_url: Some(server.url.clone()),
        ..site.options()
    });
    for rel in [
        "exercises/glute-bridge/index.html",
        "exercises/hip-thrust/index.html",
    ] {
        let url = format!("/{}", rel.trim_end_matches("index.html"));
        assert_eq!(server.raw(&url).body, built.bytes(rel), "{rel}");
    }
}
