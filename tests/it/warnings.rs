//! Every warning of the content contract: what triggers it, where it points, and that
//! site.toml's `[warnings] allow` silences it by code.

use movebook::Diagnostic;

use crate::harness::{TestSite, only};

/// A complete exercise that is linked to `glute-bridge`; `extra` replaces nothing and is
/// appended to the front matter.
fn linked_exercise(extra: &str, body: &str) -> String {
    format!(
        "---\ntitle: Test Move\nsummary: A move for tests.\ntarget_muscles: [hamstrings]\ncategory: strength\nlevel: beginner\ncues: [Breathe]\ncommon_errors: [{{error: e, fix: f}}]\nprogression: {{easier: [glute-bridge]}}\n{extra}---\n{body}"
    )
}

const SITE_TOML: &str = "title = \"Minimal Guide\"\nbase_url = \"https://guide.example/\"\n";

struct Case {
    code: &'static str,
    files: Vec<(&'static str, String)>,
    /// Where the warning points: file and line.
    at: (&'static str, u32),
    message: &'static str,
}

fn cases() -> Vec<Case> {
    vec![
        Case {
            code: "body-h1",
            files: vec![(
                "content/exercises/test-move.md",
                linked_exercise("", "# Big heading\n\nText.\n"),
            )],
            at: ("content/exercises/test-move.md", 11),
            message: "the heading '# Big heading' repeats the page's main heading level",
        },
        Case {
            code: "long-summary",
            files: vec![(
                "content/exercises/test-move.md",
                linked_exercise("", "Body.\n").replace(
                    "summary: A move for tests.",
                    "summary: A move for tests. It also trains patience.",
                ),
            )],
            at: ("content/exercises/test-move.md", 3),
            message: "the summary is longer than one sentence",
        },
        Case {
            code: "no-common-errors",
            files: vec![(
                "content/exercises/test-move.md",
                linked_exercise("", "Body.\n").replace("common_errors: [{error: e, fix: f}]\n", ""),
            )],
            at: ("content/exercises/test-move.md", 2),
            message: "'test-move' lists no common errors",
        },
        Case {
            code: "no-cues",
            files: vec![(
                "content/exercises/test-move.md",
                linked_exercise("", "Body.\n").replace("cues: [Breathe]\n", ""),
            )],
            at: ("content/exercises/test-move.md", 2),
            message: "'test-move' has no cues",
        },
        Case {
            code: "isolated-exercise",
            files: vec![(
                "content/exercises/test-move.md",
                linked_exercise("", "Body.\n")
                    .replace("progression: {easier: [glute-bridge]}\n", ""),
            )],
            at: ("content/exercises/test-move.md", 2),
            message: "'test-move' has no easier or harder exercise and is on no path",
        },
        Case {
            code: "orphan-page",
            files: vec![(
                "content/muscles/piriformis.md",
                "---\ntitle: Piriformis\n---\n".to_string(),
            )],
            at: ("content/muscles/piriformis.md", 1),
            message: "no page links to the muscle 'piriformis'",
        },
        Case {
            code: "orphan-page",
            files: vec![(
                "content/equipment/foam-roller.md",
                "---\ntitle: Foam roller\n---\n".to_string(),
            )],
            at: ("content/equipment/foam-roller.md", 1),
            message: "no page links to the equipment 'foam-roller'",
        },
        Case {
            code: "path-order",
            files: vec![(
                "content/paths/backwards.md",
                "---\ntitle: Backwards\nsteps:\n  - hip-thrust\n  - glute-bridge\n---\n"
                    .to_string(),
            )],
            at: ("content/paths/backwards.md", 5),
            message: "step 2 'glute-bridge' is easier than step 1 'hip-thrust' in the progression graph",
        },
        Case {
            code: "unknown-map-region",
            files: vec![(
                "content/muscles/hamstrings.md",
                "---\ntitle: Hamstrings\nmap_region: hamstring\nsummary: Back of the thigh.\n---\nSee the [glute bridge](@/exercises/glute-bridge.md).\n".to_string(),
            )],
            at: ("content/muscles/hamstrings.md", 3),
            message: "'hamstring' is not a region of the theme's body map, so the muscle is not highlighted on any map",
        },
        Case {
            code: "duplicate-title",
            files: vec![
                (
                    "content/exercises/test-move-copy.md",
                    linked_exercise("", "Body.\n"),
                ),
                (
                    "content/exercises/test-move.md",
                    linked_exercise("", "Body.\n").replace("Test Move", "test  move"),
                ),
            ],
            at: ("content/exercises/test-move.md", 2),
            message: "the title 'test  move' is also the title of the exercise content/exercises/test-move-copy.md",
        },
        Case {
            code: "duplicate-title",
            files: vec![(
                "content/muscles/hamstrings-copy.md",
                "---\ntitle: Hamstrings\nsummary: Back of the thigh.\n---\nSee the [glute bridge](@/exercises/glute-bridge.md).\n".to_string(),
            )],
            at: ("content/muscles/hamstrings.md", 2),
            message: "the title 'Hamstrings' is also the title of the muscle content/muscles/hamstrings-copy.md",
        },
        Case {
            code: "word-case",
            files: vec![(
                "content/exercises/test-move.md",
                linked_exercise("", "Body.\n").replace("category: strength", "category: Strength"),
            )],
            at: ("content/exercises/test-move.md", 5),
            message: "category 'Strength' is written with capitals",
        },
        Case {
            code: "word-case",
            files: vec![(
                "content/exercises/test-move.md",
                linked_exercise("", "Body.\n").replace("level: beginner", "level: BEGINNER"),
            )],
            at: ("content/exercises/test-move.md", 6),
            message: "level 'BEGINNER' is written with capitals",
        },
        Case {
            code: "word-case",
            files: vec![(
                "content/exercises/test-move.md",
                linked_exercise("reps: Max\n", "Body.\n"),
            )],
            at: ("content/exercises/test-move.md", 10),
            message: "reps 'Max' is written with capitals",
        },
        Case {
            code: "link-to-draft",
            files: vec![
                (
                    "content/exercises/draft-move.md",
                    linked_exercise("draft: true\n", "Body.\n").replace("Test Move", "Draft"),
                ),
                (
                    "content/exercises/test-move.md",
                    linked_exercise("", "See [the draft](@/exercises/draft-move.md).\n"),
                ),
            ],
            at: ("content/exercises/test-move.md", 11),
            message: "",
        },
    ]
}

fn site_for(case: &Case, toml: &str) -> TestSite {
    let mut site = TestSite::minimal().file("site.toml", toml);
    for (rel, text) in &case.files {
        site = site.file(rel, text);
    }
    site
}

#[test]
fn each_warning_is_reported_where_it_applies_and_the_build_succeeds() {
    for case in cases() {
        let site = site_for(&case, SITE_TOML);
        let warnings: Vec<Diagnostic> = site.warnings();
        let w = only(&warnings, case.code);
        assert!(!w.is_error());
        assert_eq!(w.file, case.at.0, "{w}");
        assert_eq!(w.start.map(|p| p.line), Some(case.at.1), "{w}");
        if !case.message.is_empty() {
            assert_eq!(w.message, case.message, "{w}");
        }
        assert!(w.hint.is_some(), "{w}");
        site.build_ok();
    }
}

#[test]
fn each_warning_code_can_be_silenced_in_site_toml() {
    for case in cases() {
        let toml = format!("{SITE_TOML}[warnings]\nallow = [\"{}\"]\n", case.code);
        let site = site_for(&case, &toml);
        let left: Vec<String> = site
            .warnings()
            .iter()
            .filter(|d| d.code.name() == case.code)
            .map(std::string::ToString::to_string)
            .collect();
        assert!(left.is_empty(), "{}: {left:?}", case.code);
    }
}

#[test]
fn the_shipped_guide_has_no_warnings_it_does_not_allow() {
    let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let opts = movebook::BuildOptions {
        root: repo.to_path_buf(),
        ..Default::default()
    };
    match movebook::check(&opts) {
        Ok(r) => assert!(
            r.warnings.is_empty(),
            "{}",
            r.warnings
                .iter()
                .map(std::string::ToString::to_string)
                .collect::<Vec<_>>()
                .join("\n")
        ),
        Err(e) => panic!("the shipped guide does not check: {e:?}"),
    }
}

#[test]
fn titles_are_compared_within_their_own_kind_only() {
    // A muscle and a piece of equipment may share a title with an exercise or an article.
    let site = TestSite::minimal()
        .file(
            "content/equipment/hamstrings.md",
            "---\ntitle: Hamstrings\n---\nSee the [glute bridge](@/exercises/glute-bridge.md).\n",
        )
        .file(
            "content/hamstrings-guide.md",
            "---\ntitle: Hamstrings\n---\nText.\n",
        );
    let dups: Vec<String> = site
        .warnings()
        .iter()
        .filter(|d| d.code.name() == "duplicate-title")
        .map(std::string::ToString::to_string)
        .collect();
    assert!(dups.is_empty(), "{dups:?}");
}

#[test]
fn lower_case_words_get_no_word_case_warning() {
    let site = TestSite::minimal().file(
        "content/exercises/test-move.md",
        &linked_exercise("reps: ' max '\n", "Body.\n")
            .replace("category: strength", "category: ' strength '"),
    );
    assert!(!site.warnings().iter().any(|d| d.code.name() == "word-case"));
}

#[test]
fn unknown_codes_in_allow_are_errors_with_a_hint() {
    let site = TestSite::minimal().file(
        "site.toml",
        &format!("{SITE_TOML}[warnings]\nallow = [\"orphan-pages\"]\n"),
    );
    let ds = site.diagnostics();
    let d = ds
        .iter()
        .find(|d| d.file == "site.toml")
        .unwrap_or_else(|| panic!("{ds:?}"));
    assert!(
        d.hint.as_deref().unwrap_or("").contains("orphan-page"),
        "{d}"
    );
}

#[test]
fn map_regions_are_checked_against_the_body_map_the_site_uses() {
    // A site's own static/bodymap.svg replaces the theme's: its ids are the regions.
    let site = TestSite::minimal().file(
        "static/bodymap.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"><defs><g id=\"outline\"/><g id=\"regions\"/><g id=\"glutes\"/><g id=\"lats\"/></defs></svg>\n",
    );
    let warnings = site.warnings();
    let w = only(&warnings, "unknown-map-region");
    assert_eq!(w.file, "content/muscles/gluteus-maximus.md");
    assert_eq!(
        w.hint.as_deref(),
        Some("the theme's body map draws: glutes, lats")
    );
    let fixed = site.file(
        "content/muscles/gluteus-maximus.md",
        "---\ntitle: Gluteus Maximus\nmap_region: glutes\nsummary: The largest hip extensor.\n---\nSee the [glute bridge](@/exercises/glute-bridge.md).\n",
    );
    assert!(
        !fixed
            .warnings()
            .iter()
            .any(|d| d.code.name() == "unknown-map-region")
    );
}
