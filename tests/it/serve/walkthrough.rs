//! A new user's first session, end to end through the binary: `init` with a title of their
//! own, the example pages replaced by pages on another topic written with `new`, typical
//! mistakes caught at their line with a hint, the preview server, and a build under a
//! subpath whose every link resolves.

use std::path::Path;

use super::client::Server;
use crate::guide::broken_links;
use crate::harness::{TestSite, code, stderr, stdout};

const EXAMPLES: &[&str] = &[
    "content/muscles/gluteus-maximus.md",
    "content/muscles/gluteus-medius.md",
    "content/equipment/mini-band.md",
    "content/exercises/glute-bridge.md",
    "content/exercises/banded-glute-bridge.md",
    "content/exercises/clamshell.md",
    "content/paths/bridge-basics.md",
    "content/routines/first-session.md",
];

fn read(root: &Path, rel: &str) -> String {
    std::fs::read_to_string(root.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).unwrap_or_else(|e| panic!("{rel}: {e}"));
    }
    std::fs::write(path, text).unwrap_or_else(|e| panic!("{rel}: {e}"));
}

/// `movebook new KIND TITLE` in the guide, then published (`draft: false`); returns its path.
fn new_page(parent: &TestSite, kind: &str, title: &str) -> String {
    let o = parent.cli(&["new", kind, title, "--root", "guide"]);
    assert_eq!(code(&o), 0, "new {kind} {title}: {}", stderr(&o));
    let rel = stdout(&o).trim().to_string();
    let root = parent.root().join("guide");
    let text = read(&root, &rel).replacen("draft: true", "draft: false", 1);
    write(&root, &rel, &text);
    rel
}

#[test]
fn a_new_user_walks_from_init_to_a_published_subpath_site() {
    let parent = TestSite::empty();
    let o = parent.cli(&["init", "guide", "--title", "Push-up Progression"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let root = parent.root().join("guide");
    assert!(
        !read(&root, "content/_index.md")
            .to_lowercase()
            .contains("hip")
    );

    // Their own topic: the example pages go, five pages of their own come.
    for rel in EXAMPLES {
        std::fs::remove_file(root.join(rel)).expect("an example page");
    }
    write(
        &root,
        "content/_index.md",
        "---\ntitle: \"Push-up Progression\"\nsummary: From the wall to the floor, one step at a time.\n---\nStart with the [push-up ladder](@/paths/push-up-ladder.md). Read [when to stop](@/safety.md).\n",
    );
    new_page(&parent, "muscle", "Pectoralis Major");
    new_page(&parent, "muscle", "Triceps Brachii");
    let wall = new_page(&parent, "exercise", "Wall Push-up");
    let incline = new_page(&parent, "exercise", "Incline Push-up");
    new_page(&parent, "path", "Push-up Ladder");
    for rel in [&wall, &incline] {
        let text = read(&root, rel).replacen(
            "target_muscles: [pectoralis-major]",
            "target_muscles: [pectoralis-major, triceps-brachii]",
            1,
        );
        write(&root, rel, &text);
    }
    let o = parent.cli(&["check", "--root", "guide"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));

    // Typical mistakes: each is reported at its line with a hint that fixes it.
    let good = read(&root, &wall);
    let mistakes = [
        (
            "level: beginner",
            "level: beginer",
            "level: 'beginer' is not a level",
            "did you mean 'beginner'?",
        ),
        (
            "target_muscles: [pectoralis-major, triceps-brachii]",
            "target_muscles: [pectoralis-majr, triceps-brachii]",
            "unknown muscle 'pectoralis-majr'",
            "did you mean 'pectoralis-major'?",
        ),
        (
            "sets: 3",
            "sets 3",
            "'sets' is not followed by ':'",
            "add ': ' after 'sets'",
        ),
        (
            "sets: 3",
            "sets: 0",
            "sets '0' is too small: the least is 1",
            "write a number from 1 to 20",
        ),
    ];
    for (from, to, message, hint) in mistakes {
        assert!(good.contains(from), "the page has no '{from}':\n{good}");
        write(&root, &wall, &good.replacen(from, to, 1));
        let o = parent.cli(&["check", "--root", "guide"]);
        let err = stderr(&o);
        assert_eq!(code(&o), 1, "{to}: {err}");
        let line = good
            .lines()
            .position(|l| l.starts_with(from.split(':').next().unwrap_or(from)))
            .map(|i| i + 1)
            .expect("the line");
        assert!(
            err.contains(&format!("{wall}:{line}:")) && err.contains(message) && err.contains(hint),
            "{to}: want {wall}:{line}: {message} / {hint}\n{err}"
        );
    }
    write(&root, &wall, &good);

    // A picture from static/ and a link in a cue; a typo in the picture's path is caught.
    write(
        &root,
        "static/images/wall.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 1 1\"/>",
    );
    let with_media = format!(
        "{good}\n![Hands on the wall at chest height](/images/wall.svg)\n\nNext: the [incline push-up](@/exercises/incline-push-up.md).\n"
    );
    write(&root, &wall, &with_media.replacen("wall.svg", "wal.svg", 1));
    let o = parent.cli(&["check", "--root", "guide"]);
    assert_eq!(code(&o), 1);
    assert!(
        stderr(&o).contains("the image /images/wal.svg is not a file of the site")
            && stderr(&o).contains("did you mean /images/wall.svg?"),
        "{}",
        stderr(&o)
    );
    write(&root, &wall, &with_media);

    // The preview server serves the site.
    let server = Server::start(&root, &[]);
    let home = server.get("/");
    assert_eq!(home.status, 200);
    assert!(home.text().contains("Push-up Progression"));
    assert_eq!(server.get("/exercises/wall-push-up/").status, 200);
    drop(server);

    // Published under a subpath, every URL the site emits resolves under it.
    let o = parent.cli(&[
        "build",
        "--root",
        "guide",
        "--base-url",
        "https://example.org/push-ups/",
    ]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let broken = broken_links(&root.join("public"), "/push-ups/");
    assert!(broken.is_empty(), "{}", broken.join("\n"));
    let page = std::fs::read_to_string(root.join("public/exercises/wall-push-up/index.html"))
        .expect("the wall push-up page");
    // The picture from static/ is published under a name with a hash of its bytes.
    assert!(page.contains("src=\"/push-ups/images/wall."), "{page}");
    assert!(
        !page.contains("src=\"/push-ups/images/wall.svg\""),
        "{page}"
    );
}
