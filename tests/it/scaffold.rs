//! `movebook new` and `movebook init` through the real binary: what they write builds as
//! written, and they never overwrite anything.

use crate::harness::{TestSite, code, stderr, stdout};

fn read(site: &TestSite, rel: &str) -> String {
    std::fs::read_to_string(site.root().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

#[test]
fn new_exercise_writes_every_field_with_a_comment_and_prints_the_path() {
    let site = TestSite::minimal();
    let o = site.cli(&["new", "exercise", "Single-Leg Glute Bridge"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert_eq!(stdout(&o), "content/exercises/single-leg-glute-bridge.md\n");
    let text = read(&site, "content/exercises/single-leg-glute-bridge.md");
    assert!(text.starts_with(
        "---\n# yaml-language-server: $schema=../../.movebook/schema/exercise.json\ntitle: Single-Leg Glute Bridge "
    ));
    for key in [
        "slug:",
        "summary:",
        "aka:",
        "target_muscles: [gluteus-maximus]",
        "secondary_muscles:",
        "equipment:",
        "category:",
        "level:",
        "sets:",
        "reps:",
        "hold:",
        "per_side:",
        "rest:",
        "progression:",
        "  easier:",
        "  harder:",
        "common_errors:",
        "cues:",
        "stop_if:",
        "weight:",
        "draft: true",
        "date:",
    ] {
        let line = text
            .lines()
            .find(|l| l.starts_with(key))
            .unwrap_or_else(|| panic!("no {key} in\n{text}"));
        assert!(line.contains(" # "), "no comment on {line}");
    }
    // The schema the comment points at is there.
    assert!(site.root().join(".movebook/schema/exercise.json").is_file());
    assert!(stderr(&o).contains("draft"), "{}", stderr(&o));
}

#[test]
fn every_new_page_kind_checks_clean_as_written() {
    let site = TestSite::minimal();
    for (kind, title, rel) in [
        (
            "exercise",
            "Hip Airplane",
            "content/exercises/hip-airplane.md",
        ),
        (
            "muscle",
            "Gluteus Medius",
            "content/muscles/gluteus-medius.md",
        ),
        (
            "equipment",
            "Foam Roller",
            "content/equipment/foam-roller.md",
        ),
        ("path", "Thrust Ladder", "content/paths/thrust-ladder.md"),
        (
            "page",
            "Breathing: the Basics",
            "content/breathing-the-basics.md",
        ),
    ] {
        let o = site.cli(&["new", kind, title]);
        assert_eq!(code(&o), 0, "{kind}: {}", stderr(&o));
        assert_eq!(stdout(&o).trim(), rel);
    }
    // Drafts: left out of a normal build, and fully checked with --drafts.
    let o = site.cli(&["check", "--deny-warnings"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let o = site.cli(&["check", "--drafts"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(!stderr(&o).contains("error["), "{}", stderr(&o));
    // The new path uses existing exercises, easier first.
    assert!(
        read(&site, "content/paths/thrust-ladder.md")
            .contains("steps: [glute-bridge, banded-glute-bridge]")
    );
    // A title with ': ' is quoted.
    assert!(
        read(&site, "content/breathing-the-basics.md").contains("title: \"Breathing: the Basics\"")
    );
    // Publishing the new pages (draft: false) builds, with the reminders as warnings only.
    for rel in [
        "content/exercises/hip-airplane.md",
        "content/muscles/gluteus-medius.md",
        "content/equipment/foam-roller.md",
        "content/paths/thrust-ladder.md",
        "content/breathing-the-basics.md",
    ] {
        let text = read(&site, rel).replacen("draft: true", "draft: false", 1);
        site.write(rel, text.as_bytes());
    }
    let o = site.cli(&["build"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(
        site.root()
            .join("public/exercises/hip-airplane/index.html")
            .is_file()
    );
    assert!(
        site.root()
            .join("public/breathing-the-basics/index.html")
            .is_file()
    );
}

#[test]
fn new_refuses_to_overwrite() {
    let site = TestSite::minimal();
    let before = read(&site, "content/exercises/glute-bridge.md");
    let o = site.cli(&["new", "exercise", "Glute Bridge"]);
    assert_eq!(code(&o), 2);
    assert!(
        stderr(&o).contains("content/exercises/glute-bridge.md already exists"),
        "{}",
        stderr(&o)
    );
    assert_eq!(read(&site, "content/exercises/glute-bridge.md"), before);
    // Nor may it take a slug another file of the kind has (in a subfolder, or by `slug:`).
    let site = site.file(
        "content/exercises/more/x.md",
        "---\ntitle: X\nslug: side-plank\n---\n",
    );
    let o = site.cli(&["new", "exercise", "Side Plank"]);
    assert_eq!(code(&o), 2);
    assert!(
        stderr(&o).contains("already uses the slug 'side-plank'"),
        "{}",
        stderr(&o)
    );
    assert!(!site.root().join("content/exercises/side-plank.md").exists());
}

#[test]
fn new_makes_slugs_from_accents_and_punctuation() {
    let site = TestSite::minimal();
    for (title, rel) in [
        (
            "Étirement du Piriforme",
            "content/exercises/etirement-du-piriforme.md",
        ),
        (
            "Bird-Dog (Quadruped)!",
            "content/exercises/bird-dog-quadruped.md",
        ),
        ("90/90 Hip Switch", "content/exercises/90-90-hip-switch.md"),
    ] {
        let o = site.cli(&["new", "exercise", title]);
        assert_eq!(code(&o), 0, "{}", stderr(&o));
        assert_eq!(stdout(&o).trim(), rel);
    }
    assert!(
        read(&site, "content/exercises/etirement-du-piriforme.md")
            .contains("title: Étirement du Piriforme ")
    );
    let o = site.cli(&["new", "exercise", "Custom", "--slug", "my-move"]);
    assert_eq!(stdout(&o).trim(), "content/exercises/my-move.md");
    let o = site.cli(&["new", "exercise", "!!!"]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("--slug"), "{}", stderr(&o));
}

#[test]
fn new_needs_a_site() {
    let empty = TestSite::empty();
    let o = empty.cli(&["new", "exercise", "Plank"]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("movebook init"), "{}", stderr(&o));
    let o = TestSite::minimal().cli(&["new", "recipe", "Plank"]);
    assert_eq!(code(&o), 2);
}

#[test]
fn init_creates_a_site_that_builds_without_errors_or_warnings() {
    let parent = TestSite::empty();
    let o = parent.cli(&["init", "my-hip-guide"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let root = parent.root().join("my-hip-guide");
    let toml = std::fs::read_to_string(root.join("site.toml")).unwrap();
    assert!(toml.contains("title = \"My hip guide\""), "{toml}");
    assert!(toml.contains("theme = \"default\""));
    assert!(
        !root.join("themes").exists(),
        "the default theme is used by name"
    );
    let o = parent.cli(&["check", "--root", "my-hip-guide", "--deny-warnings"]);
    assert_eq!(code(&o), 0, "{}{}", stdout(&o), stderr(&o));
    assert!(
        stdout(&o).contains("3 exercises, 2 muscles"),
        "{}",
        stdout(&o)
    );
    let o = parent.cli(&["build", "--root", "my-hip-guide"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    for page in [
        "index.html",
        "exercises/glute-bridge/index.html",
        "muscles/gluteus-medius/index.html",
        "equipment/mini-band/index.html",
        "paths/bridge-basics/index.html",
        "safety/index.html",
    ] {
        assert!(root.join("public").join(page).is_file(), "{page}");
    }
    // And `new` works in it straight away.
    let o = parent.cli(&["new", "exercise", "Hip Thrust", "--root", "my-hip-guide"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let o = parent.cli(&["check", "--root", "my-hip-guide", "--drafts"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
}

#[test]
fn init_takes_a_title_and_quotes_it() {
    let parent = TestSite::empty();
    let o = parent.cli(&["init", "g", "--title", "Hips \"&\" Backs: a guide"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let o = parent.cli(&["build", "--root", "g"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let home = std::fs::read_to_string(parent.root().join("g/public/index.html")).unwrap();
    assert!(
        home.contains("Hips &quot;&amp;&quot; Backs: a guide"),
        "{home}"
    );
}

#[test]
fn init_refuses_a_folder_with_files_and_touches_nothing() {
    let site = TestSite::minimal();
    let before = read(&site, "site.toml");
    let o = site.cli(&["init", "."]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("is not empty"), "{}", stderr(&o));
    assert_eq!(read(&site, "site.toml"), before);
    assert!(!site.root().join(".movebook").exists());
    // A file where the folder should be.
    let o = site.cli(&["init", "site.toml"]);
    assert_eq!(code(&o), 2);
}

#[test]
fn init_accepts_a_folder_with_only_hidden_entries() {
    let site = TestSite::empty();
    site.write(".git/HEAD", b"ref: refs/heads/main\n");
    let o = site.cli(&["init", "."]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert_eq!(read(&site, ".git/HEAD"), "ref: refs/heads/main\n");
    assert!(
        site.root()
            .join("content/exercises/glute-bridge.md")
            .is_file()
    );
    // A second init finds the site and refuses.
    let o = site.cli(&["init", "."]);
    assert_eq!(code(&o), 2);
}

#[test]
fn new_exercise_uses_a_draft_muscle_when_the_site_has_only_drafts() {
    // A writer deleted the example muscles and wrote their own, still drafts.
    let site = TestSite::minimal()
        .remove("content/muscles/gluteus-maximus.md")
        .remove("content/muscles/hamstrings.md")
        .remove("content/exercises/glute-bridge.md")
        .remove("content/exercises/banded-glute-bridge.md")
        .remove("content/exercises/hip-thrust.md")
        .remove("content/paths/bridge-ladder.md")
        .file("content/_index.md", "---\ntitle: Push-ups\n---\nWelcome.\n")
        .file(
            "content/muscles/pectoralis-major.md",
            "---\ntitle: Pectoralis Major\nsummary: The chest muscle.\ndraft: true\n---\n",
        );
    let o = site.cli(&["new", "exercise", "Push-up"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let page = read(&site, "content/exercises/push-up.md");
    assert!(
        page.contains("target_muscles: [pectoralis-major]"),
        "{page}"
    );
    // Valid as written: left out of a normal check, clean with --drafts.
    for args in [&["check"][..], &["check", "--drafts"][..]] {
        let o = site.cli(args);
        assert!(!stderr(&o).contains("error["), "{args:?}: {}", stderr(&o));
        assert_eq!(code(&o), 0, "{args:?}: {}", stderr(&o));
    }
}

#[test]
fn init_starter_text_is_neutral_whatever_the_title() {
    let parent = TestSite::empty();
    let o = parent.cli(&["init", "g", "--title", "Push-up Progression"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let home = std::fs::read_to_string(parent.root().join("g/content/_index.md")).unwrap();
    let settings = std::fs::read_to_string(parent.root().join("g/site.toml")).unwrap();
    for text in [&home, &settings] {
        for topic in ["hip", "glute", "back"] {
            assert!(!text.to_lowercase().contains(topic), "'{topic}' in {text}");
        }
    }
    // The home page says the example pages are there to be replaced.
    assert!(home.contains("example"), "{home}");
}

#[test]
fn new_with_bundle_writes_a_folder_for_the_page_and_its_pictures() {
    // The site's exercises are bundles already: `new` knows them by their folder's name.
    let site = TestSite::minimal();
    let text = read(&site, "content/exercises/glute-bridge.md");
    let site = site
        .remove("content/exercises/glute-bridge.md")
        .file("content/exercises/glute-bridge/index.md", &text);
    let o = site.cli(&["new", "exercise", "Glute Bridge"]);
    assert_ne!(code(&o), 0);
    assert!(
        stderr(&o).contains("content/exercises/glute-bridge/index.md already exists"),
        "{}",
        stderr(&o)
    );
    let o = site.cli(&["new", "exercise", "Hip Airplane", "--bundle"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert_eq!(stdout(&o), "content/exercises/hip-airplane/index.md\n");
    let page = read(&site, "content/exercises/hip-airplane/index.md");
    assert!(page.starts_with(
        "---\n# yaml-language-server: $schema=../../../.movebook/schema/exercise.json\n"
    ));
    assert!(page.contains("media: []"));
    // A plain file with the bundle's slug would be the same page twice.
    let o = site.cli(&["new", "exercise", "Hip Airplane"]);
    assert_ne!(code(&o), 0);
    // A new path picks real exercises as its steps (not "index").
    let o = site.cli(&["new", "path", "Bridge Steps"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let path = read(&site, "content/paths/bridge-steps.md");
    assert!(
        path.contains("steps: [glute-bridge, banded-glute-bridge]"),
        "{path}"
    );
    // Everything written builds, drafts included.
    let o = site.cli(&["check", "--drafts"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
}
