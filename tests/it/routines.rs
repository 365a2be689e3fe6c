//! Routines: reading and checking `content/routines/*.md`, dose overrides, the estimated
//! duration, the routine page, the lists that show routines, search, structured data and
//! the data the follow-along script reads.

use crate::harness::{TestSite, code, only, stderr, stdout};

/// The minimal fixture with a routine at `content/routines/{slug}.md`.
fn with_routine(slug: &str, front: &str, body: &str) -> TestSite {
    TestSite::minimal().file(
        &format!("content/routines/{slug}.md"),
        &format!("---\n{front}---\n{body}"),
    )
}

const SESSION: &str = "title: Bridge Session
summary: Two bridges, slowly.
when: Two to four times a week
steps:
  - section: Warm-up
  - exercise: glute-bridge
    sets: 2
    reps: 10
    note: Slow on the *way down*.
  - section: Main
  - exercise: hip-thrust
";

fn session() -> TestSite {
    with_routine(
        "bridge-session",
        SESSION,
        "## Who it is for\n\nAnyone. See [the safety page](@/safety.md).\n",
    )
}

#[test]
fn a_routine_page_shows_numbered_steps_with_the_routine_doses() {
    let site = session();
    let built = site.build_ok();
    assert_eq!(built.report.stats.routines, 1);
    let page = built.page("routines/bridge-session/index.html");
    assert_eq!(page.text("h1"), "Bridge Session");
    // glute-bridge: sets 2 and reps 10 from the step, hold 2 s and rest 60 s from the
    // exercise: 15 + 2 × 10 × (3 + 2) + 1 × 60 = 175 s. hip-thrust as it is: 3 sets of 8
    // reps with a 1 s hold: 15 + 3 × 8 × (3 + 1) = 111 s. 286 s ≈ 5 minutes.
    assert_eq!(
        page.text(".page-header .eyebrow"),
        "Routine · 2 exercises · about 5 minutes"
    );
    assert_eq!(page.text(".routine-when"), "When: Two to four times a week");
    assert_eq!(page.texts(".routine-part h2"), ["Warm-up", "Main"]);
    assert_eq!(page.attrs("ol.routine-steps", "start"), ["1", "2"]);
    assert_eq!(
        page.texts(".routine-step .step-title a"),
        ["Glute Bridge", "Hip Thrust"]
    );
    assert_eq!(
        page.attrs(".routine-step .step-title a", "href"),
        ["/exercises/glute-bridge/", "/exercises/hip-thrust/"]
    );
    assert_eq!(
        page.texts(".step-dose"),
        [
            "2 sets × 10 reps · 2 s hold per rep · rest 60 s",
            "3 sets × 8 reps · 1 s hold per rep"
        ]
    );
    // The note is inline Markdown; cues and stop signals come from the exercise, on demand.
    assert!(page.source.contains("Slow on the <em>way down</em>."));
    assert_eq!(page.texts("#step-1 .step-cues li").len(), 2);
    assert_eq!(
        page.texts("#step-1 .step-stop li"),
        ["Pain spreads below the knee"]
    );
    assert_eq!(page.all("#step-1 details.step-more").len(), 1);
    // The printed card: one row per step, a box per set, the section headings.
    assert_eq!(
        page.texts(".workout-card tbody td:nth-child(2)"),
        ["Glute Bridge", "Hip Thrust"]
    );
    assert_eq!(
        page.all(".workout-card tbody:first-of-type tr:nth-child(2) .tick")
            .len(),
        2
    );
    assert_eq!(page.all(".workout-card .tick").len(), 2 + 3);
    assert_eq!(
        page.texts(".workout-card .card-part th"),
        ["Warm-up", "Main"]
    );
    // The body and the way to the safety page.
    assert_eq!(page.text(".prose h2"), "Who it is for");
    assert_eq!(page.attrs(".safety-note a", "href"), ["/safety/"]);
    // Without JavaScript the Start button stays hidden; the script is loaded deferred.
    assert_eq!(page.attrs("#follow-start", "hidden"), [""]);
    assert!(page.source.contains("routine.js\" defer"));
    assert!(built.has("routine.js"));
}

#[test]
fn the_follow_along_data_and_structured_data_describe_the_same_routine() {
    let site = session();
    let built = site.build_ok();
    let page = built.page("routines/bridge-session/index.html");
    let data: serde_json::Value =
        serde_json::from_str(&page.text("script#routine-data")).expect("routine data");
    assert_eq!(data["title"], "Bridge Session");
    assert_eq!(data["url"], "/routines/bridge-session/");
    assert_eq!(data["seconds"], 286);
    assert_eq!(data["version"].as_str().map(str::len), Some(16));
    let steps = data["steps"].as_array().expect("steps");
    assert_eq!(steps.len(), 2);
    assert_eq!(steps[0]["section"], "Warm-up");
    assert_eq!(steps[0]["sets"], 2);
    assert_eq!(steps[0]["reps"], "10");
    assert_eq!(steps[0]["hold"], 2);
    assert_eq!(steps[0]["hold_per_rep"], true);
    assert_eq!(steps[0]["rest"], 60);
    assert_eq!(steps[0]["per_side"], false);
    assert_eq!(steps[0]["note"], "Slow on the way down.");
    assert_eq!(steps[1]["section"], "Main");
    assert_eq!(steps[1]["rest"], serde_json::Value::Null);
    assert_eq!(steps[1]["url"], "/exercises/hip-thrust/");

    let ld: serde_json::Value =
        serde_json::from_str(&page.text("script[type=\"application/ld+json\"]")).expect("json");
    assert_eq!(ld["@type"], "ExercisePlan");
    assert_eq!(ld["activityDuration"], "PT5M");
    assert_eq!(ld["activityFrequency"], "Two to four times a week");
    assert_eq!(ld["hasPart"][0]["position"], 1);
    assert_eq!(ld["hasPart"][0]["repetitions"], 10);
    assert_eq!(
        ld["hasPart"][1]["url"],
        "https://guide.example/exercises/hip-thrust/"
    );

    // A change of dose changes the version (saved progress is not resumed), a change of
    // the body does not.
    let version = data["version"].clone();
    let other = with_routine(
        "bridge-session",
        &SESSION.replace("reps: 10", "reps: 12"),
        "",
    );
    let b = other.build_ok();
    let d: serde_json::Value = serde_json::from_str(
        &b.page("routines/bridge-session/index.html")
            .text("script#routine-data"),
    )
    .expect("data");
    assert_ne!(d["version"], version);
    let same = with_routine("bridge-session", SESSION, "Another body.\n");
    let b = same.build_ok();
    let d: serde_json::Value = serde_json::from_str(
        &b.page("routines/bridge-session/index.html")
            .text("script#routine-data"),
    )
    .expect("data");
    assert_eq!(d["version"], version);
}

#[test]
fn routines_are_listed_on_their_index_the_home_page_their_exercises_and_in_search() {
    let site = session().file(
        "content/routines/short.md",
        "---\ntitle: Short One\nweight: -1\nsteps:\n  - exercise: hip-thrust\n    sets: 1\n---\n",
    );
    let built = site.build_ok();
    let list = built.page("routines/index.html");
    assert_eq!(list.text("h1"), "Routines");
    // By weight, then title.
    assert_eq!(
        list.texts(".routine-card .card-title"),
        ["Short One", "Bridge Session"]
    );
    assert_eq!(
        list.texts(".routine-card .card-meta"),
        [
            "1 exercise · about 1 minute",
            "2 exercises · about 5 minutes"
        ]
    );
    let home = built.page("index.html");
    assert_eq!(
        home.texts(".home-routines .card-title"),
        ["Short One", "Bridge Session"]
    );
    assert!(
        home.attrs(".browse-links a", "href")
            .contains(&"/routines/".to_string())
    );
    // The main navigation leads to the routines.
    assert!(home.texts(".site-nav a").contains(&"Routines".to_string()));
    // An exercise page names the routines that use it.
    let ex = built.page("exercises/hip-thrust/index.html");
    assert_eq!(
        ex.texts(".in-routines li a"),
        ["Short One", "Bridge Session"]
    );
    assert_eq!(ex.text(".in-routines h2"), "In these routines");
    let ex = built.page("exercises/glute-bridge/index.html");
    assert_eq!(ex.text(".in-routines h2"), "In this routine");
    assert!(
        built
            .page("exercises/banded-glute-bridge/index.html")
            .all(".in-routines")
            .is_empty()
    );
    // Search finds a routine by its title and by its exercises.
    let index: serde_json::Value =
        serde_json::from_slice(&built.bytes("search-index.json")).expect("index");
    let doc = index["docs"]
        .as_array()
        .and_then(|d| d.iter().find(|d| d[2] == "routines/bridge-session/"))
        .expect("the routine's document");
    assert_eq!(doc[0], "r");
    assert_eq!(doc[1], "Bridge Session");
    assert!(doc[7].as_str().is_some_and(|k| k.contains("Hip Thrust")));
    // The sitemap lists the routine pages.
    let sitemap = String::from_utf8(built.bytes("sitemap.xml")).expect("utf-8");
    assert!(sitemap.contains("https://guide.example/routines/bridge-session/"));
    assert!(sitemap.contains("https://guide.example/routines/</loc>"));
}

#[test]
fn a_site_without_routines_has_no_routine_list_or_navigation() {
    let site = TestSite::minimal();
    let built = site.build_ok();
    assert!(!built.has("routines/index.html"));
    let home = built.page("index.html");
    assert!(!home.texts(".site-nav a").contains(&"Routines".to_string()));
    assert!(home.all(".home-routines").is_empty());
    let ex = built.page("exercises/hip-thrust/index.html");
    assert!(ex.all(".in-routines").is_empty());
    // Pages of a site without routines are as they were before routines existed: no
    // whitespace left where the routine sections would be.
    assert!(!ex.source.contains("\n  \n</article>"), "{}", ex.source);
    assert!(
        !home.source.contains("</div>\n  \n  <section"),
        "{}",
        home.source
    );
}

#[test]
fn a_routine_can_be_a_bundle_with_its_own_picture() {
    let svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"400\" height=\"300\" viewBox=\"0 0 400 300\"><title>x</title><rect width=\"400\" height=\"300\" fill=\"#eee\"/></svg>";
    let site = TestSite::minimal()
        .file(
            "content/routines/morning/index.md",
            "---\ntitle: Morning\nimage: {src: cover.svg, alt: A mat on the floor.}\nsteps:\n  - exercise: glute-bridge\n---\n",
        )
        .file("content/routines/morning/cover.svg", svg);
    let built = site.build_ok();
    let page = built.page("routines/morning/index.html");
    assert_eq!(
        page.attrs(".page-image img", "alt"),
        ["A mat on the floor."]
    );
    let list = built.page("routines/index.html");
    assert_eq!(list.all(".routine-card img.card-thumb").len(), 1);
}

#[test]
fn every_problem_of_a_routine_is_reported_at_its_field_in_one_run() {
    let site = with_routine(
        "broken",
        "title: Broken
steps:
  - exercise: glute-brige
  - exercise: hip-thrust
    sets: 0
    reps: 15-10
    rep: 5
  - section: Heading
    exercise: hip-thrust
  - glute-bridge
  - exercise: glute-bridge
    hold: forever
  - sets: 3
",
        "",
    )
    .file(
        "content/routines/empty.md",
        "---\ntitle: Empty\nsteps:\n  - section: Only a heading\n---\n",
    )
    .file("content/routines/none.md", "---\ntitle: None\n---\n")
    .file(
        "content/routines/unknown-after-heading.md",
        "---\ntitle: Unknown After a Heading\nsteps:\n  - section: Start\n  - exercise: nope\n  - section: Next\n  - exercise: hip-thrust\n---\n",
    );
    let lines = site.error_lines();
    let expect = [
        "content/routines/broken.md:4:15: error[unknown-ref]: steps[0].exercise: unknown exercise 'glute-brige'",
        "content/routines/broken.md:6:11: error[bad-value]: steps[1].sets:",
        "content/routines/broken.md:7:11: error[bad-value]: steps[1].reps:",
        "content/routines/broken.md:8:5: error[unknown-key]: steps[1].rep: unknown key 'rep'",
        "content/routines/broken.md:9:5: error[bad-value]: steps[2]: a step has both 'section' and 'exercise'",
        "content/routines/broken.md:11:5: error[wrong-type]: steps[3]: a routine step is a set of keys, not a bare slug",
        "content/routines/broken.md:13:11: error[bad-value]: steps[4].hold:",
        "content/routines/broken.md:14:5: error[missing-field]: steps[5].exercise: this step has no 'exercise'",
        "content/routines/empty.md:4:3: error[missing-field]: steps: a routine needs at least one exercise step",
        "content/routines/none.md:",
    ];
    for e in expect {
        assert!(
            lines.iter().any(|l| l.starts_with(e)),
            "missing {e}\nin:\n{}",
            lines.join("\n")
        );
    }
    // Hints: did you mean, for the slug and for the key.
    let diags = site.diagnostics();
    let unknown = diags
        .iter()
        .find(|d| d.code.name() == "unknown-ref" && d.file.ends_with("broken.md"))
        .expect("the misspelt exercise");
    assert_eq!(
        unknown.hint.as_deref(),
        Some("did you mean 'glute-bridge'?")
    );
    let key = only(&diags, "unknown-key");
    assert_eq!(key.hint.as_deref(), Some("did you mean 'reps'?"));
    // A heading followed by an unknown exercise is not also reported as empty.
    assert!(
        diags.iter().all(|d| d.code.name() != "empty-section"),
        "{diags:?}"
    );
}

#[test]
fn routine_warnings_name_the_step_and_say_how_to_fix_it() {
    let site = TestSite::minimal()
        .file(
            "content/exercises/clamshell.md",
            "---\ntitle: Clamshell\nsummary: Open the knees.\ntarget_muscles: [gluteus-maximus]\ncategory: activation\nlevel: beginner\nsets: 2\nreps: 12\nper_side: true\ncues: [Feet together]\ncommon_errors:\n  - error: The hips roll back\n    fix: Stack the hips.\nprogression:\n  harder: [glute-bridge]\n---\n",
        )
        .file(
            "content/routines/sides.md",
            "---\ntitle: Sides\nsteps:\n  - exercise: clamshell\n    reps: 15\n  - exercise: clamshell\n    reps: 15\n    per_side: true\n  - section: Nothing after\n---\n",
        )
        .file(
            "content/routines/marathon.md",
            "---\ntitle: Marathon\nsteps:\n  - exercise: glute-bridge\n    sets: 20\n    reps: 200\n---\n",
        );
    let warnings = site.warnings();
    let per_side = only(&warnings, "per-side-unstated");
    assert_eq!(per_side.file, "content/routines/sides.md");
    assert_eq!(per_side.start.map(|p| p.line), Some(5));
    assert!(
        per_side
            .hint
            .as_deref()
            .is_some_and(|h| h.contains("per_side: true"))
    );
    let empty = only(&warnings, "empty-section");
    assert_eq!(empty.start.map(|p| p.line), Some(9));
    let long = only(&warnings, "long-routine");
    assert_eq!(long.file, "content/routines/marathon.md");
    assert!(
        long.message.contains("about 5 hours 53 minutes"),
        "{}",
        long.message
    );
    // The per-side step keeps the exercise's side: each side.
    let built = site.build_ok();
    let page = built.page("routines/sides/index.html");
    assert_eq!(
        page.texts(".step-dose"),
        [
            "2 sets × 15 reps · each side",
            "2 sets × 15 reps · each side"
        ]
    );
    // Warnings can be silenced like any other.
    let quiet = site.file(
        "site.toml",
        &format!(
            "{}\n[warnings]\nallow = [\"per-side-unstated\", \"empty-section\", \"long-routine\"]\n",
            std::fs::read_to_string(TestSite::minimal().root().join("site.toml")).expect("toml")
        ),
    );
    assert!(
        quiet
            .warnings()
            .iter()
            .all(|w| !w.code.name().contains("routine")
                && w.code.name() != "per-side-unstated"
                && w.code.name() != "empty-section")
    );
}

#[test]
fn drafts_are_left_out_and_a_step_on_a_draft_exercise_is_a_warning() {
    let site = session()
        .file(
            "content/routines/later.md",
            "---\ntitle: Later\ndraft: true\nsteps:\n  - exercise: hip-thrust\n---\n",
        )
        .file(
            "content/exercises/wip.md",
            "---\ntitle: Work in Progress\nsummary: Not yet.\ntarget_muscles: [gluteus-maximus]\ncategory: strength\nlevel: beginner\ndraft: true\n---\n",
        )
        .file(
            "content/routines/uses-draft.md",
            "---\ntitle: Uses Draft\nsteps:\n  - exercise: wip\n  - exercise: hip-thrust\n---\n",
        );
    let warnings = site.warnings();
    let d = only(&warnings, "link-to-draft");
    assert_eq!(d.file, "content/routines/uses-draft.md");
    let built = site.build_ok();
    assert!(!built.has("routines/later/index.html"));
    assert_eq!(
        built
            .page("routines/uses-draft/index.html")
            .texts(".step-title a"),
        ["Hip Thrust"]
    );
}

#[test]
fn the_seconds_per_rep_and_setup_come_from_site_toml() {
    let toml = std::fs::read_to_string(TestSite::minimal().root().join("site.toml")).expect("toml");
    let site = session().file(
        "site.toml",
        &format!("{toml}\n[routines]\nseconds_per_rep = 4\nsetup_seconds = 0\n"),
    );
    let built = site.build_ok();
    let data: serde_json::Value = serde_json::from_str(
        &built
            .page("routines/bridge-session/index.html")
            .text("script#routine-data"),
    )
    .expect("data");
    // 2 × 10 × (4 + 2) + 60 = 180; 3 × 8 × (4 + 1) = 120.
    assert_eq!(data["seconds"], 300);

    let bad = session().file(
        "site.toml",
        &format!("{toml}\n[routines]\nseconds_per_rep = 0\nsetup = 5\n"),
    );
    let lines = bad.error_lines();
    assert!(
        lines.iter().any(|l| l
            .contains("routines.seconds_per_rep must be a whole number of seconds from 1 to 60")),
        "{lines:?}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.contains("unknown setting 'routines.setup'")),
        "{lines:?}"
    );
}

#[test]
fn new_routine_writes_a_draft_that_checks_cleanly() {
    let site = TestSite::minimal();
    let o = site.cli(&["new", "routine", "Morning Wake-Up"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert_eq!(stdout(&o).trim(), "content/routines/morning-wake-up.md");
    let text = std::fs::read_to_string(site.root().join("content/routines/morning-wake-up.md"))
        .expect("written");
    assert!(text.contains("  - exercise: "), "{text}");
    assert!(text.contains("draft: true"));
    let o = site.cli(&["check", "--drafts"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
}
