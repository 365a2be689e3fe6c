//! One test per rule of the content contract (docs/content-format.md): the diagnostic's
//! code, file, line and hint.

use movebook::Diagnostic;

use crate::harness::{TestSite, only};

/// A valid exercise with `extra` appended to its front matter, starting on line 9 (it must
/// not repeat keys).
fn exercise(extra: &str) -> String {
    format!(
        "---\ntitle: Test Move\nsummary: A move for tests.\ncategory: strength\nlevel: beginner\ncues: [Breathe]\ncommon_errors: [{{error: e, fix: f}}]\nstop_if: [Pain]\n{extra}---\nBody.\n"
    )
}

/// Builds the minimal site plus `content/exercises/test-move.md` and returns the diagnostics.
fn diagnostics_for(extra: &str) -> Vec<Diagnostic> {
    TestSite::minimal()
        .file("content/exercises/test-move.md", &exercise(extra))
        .diagnostics()
}

fn assert_at(d: &Diagnostic, file: &str, line: u32, column: Option<u32>) {
    assert_eq!(d.file, file, "{d}");
    let start = d.start.unwrap_or_else(|| panic!("no position: {d}"));
    assert_eq!(start.line, line, "{d}");
    if let Some(c) = column {
        assert_eq!(start.column, c, "{d}");
    }
}

const FILE: &str = "content/exercises/test-move.md";

#[test]
fn unknown_keys_are_errors_with_a_suggestion() {
    let ds = diagnostics_for("trget_muscles: [hamstrings]\n");
    let d = only(&ds, "unknown-key");
    assert_at(d, FILE, 9, Some(1));
    assert_eq!(d.field.as_deref(), Some("trget_muscles"));
    assert_eq!(d.message, "unknown key 'trget_muscles'");
    assert_eq!(d.hint.as_deref(), Some("did you mean 'target_muscles'?"));
    // The typo also leaves the required field missing: both are reported in one run.
    assert_eq!(
        only(&ds, "missing-field").field.as_deref(),
        Some("target_muscles")
    );
}

#[test]
fn unknown_nested_keys_are_errors() {
    let ds =
        diagnostics_for("target_muscles: [hamstrings]\nprogression:\n  hardr: [glute-bridge]\n");
    let d = only(&ds, "unknown-key");
    assert_at(d, FILE, 11, Some(3));
    assert_eq!(d.field.as_deref(), Some("progression.hardr"));
    assert_eq!(d.hint.as_deref(), Some("did you mean 'harder'?"));
}

#[test]
fn required_fields_must_be_present_and_non_empty() {
    let site = TestSite::minimal().file(
        "content/exercises/test-move.md",
        "---\ntitle: \"\"\ncues: [c]\n---\n",
    );
    let ds = site.diagnostics();
    let missing: Vec<&str> = ds
        .iter()
        .filter(|d| d.code.name() == "missing-field")
        .filter_map(|d| d.field.as_deref())
        .collect();
    for field in ["title", "summary", "target_muscles", "category", "level"] {
        assert!(
            missing.contains(&field),
            "{field} not reported in {missing:?}"
        );
    }
    let title = ds
        .iter()
        .find(|d| d.field.as_deref() == Some("title"))
        .unwrap();
    assert_at(title, FILE, 2, Some(8));
    assert_eq!(title.message, "'title' is empty");
}

#[test]
fn category_and_level_must_be_known_words() {
    let ds = diagnostics_for("target_muscles: [hamstrings]\ncategory: strenght\n");
    // `category` appears twice (lines 4 and 10): YAML reports the duplicate key, and nothing
    // else is checked in a file whose front matter is not valid YAML.
    let d = only(&ds, "syntax");
    assert_eq!(ds.len(), 1, "{ds:#?}");
    // At the repeated key on line 10, not where YAML's mapping starts (line 2).
    assert_at(d, FILE, 10, Some(1));
    assert_eq!(d.message, "the key 'category' appears twice");
    assert_eq!(
        d.hint.as_deref(),
        Some(
            "the first 'category' is on line 4: keep one of them, as each key may appear only once"
        )
    );
    assert!(d.is_error());
    let ds = TestSite::minimal()
        .file("content/exercises/test-move.md", "---\ntitle: T\nsummary: S.\ntarget_muscles: [hamstrings]\ncategory: strenght\nlevel: expert\n---\n")
        .diagnostics();
    let bad: Vec<&Diagnostic> = ds.iter().filter(|d| d.code.name() == "bad-value").collect();
    assert_eq!(bad.len(), 2);
    assert_at(bad[0], FILE, 5, Some(11));
    assert_eq!(bad[0].message, "'strenght' is not a category");
    assert!(
        bad[0]
            .hint
            .as_deref()
            .unwrap()
            .starts_with("did you mean 'strength'?")
    );
    assert_at(bad[1], FILE, 6, Some(8));
    assert!(
        bad[1]
            .hint
            .as_deref()
            .unwrap()
            .contains("beginner, intermediate, advanced")
    );
}

#[test]
fn sets_must_be_in_range() {
    for (value, message) in [
        ("25", "sets '25' is too large: the most is 20"),
        ("0", "sets '0' is too small: the least is 1"),
        ("three", "sets 'three' is not a number or a range"),
    ] {
        let ds = diagnostics_for(&format!("target_muscles: [hamstrings]\nsets: {value}\n"));
        let d = only(&ds, "bad-value");
        assert_at(d, FILE, 10, Some(7));
        assert_eq!(d.message, message);
        assert!(d.hint.is_some());
    }
}

#[test]
fn reps_ranges_must_be_ordered() {
    let ds = diagnostics_for("target_muscles: [hamstrings]\nreps: 15-10\n");
    let d = only(&ds, "bad-value");
    assert_at(d, FILE, 10, Some(7));
    assert_eq!(d.field.as_deref(), Some("reps"));
    assert_eq!(
        d.message,
        "reps '15-10': the first number must not be larger than the second"
    );
    assert_eq!(
        d.hint.as_deref(),
        Some("write the smaller number first: reps: 10-15")
    );
}

#[test]
fn durations_must_parse() {
    let ds = diagnostics_for("target_muscles: [hamstrings]\nhold: 30\nrest: soon\n");
    let bad: Vec<&Diagnostic> = ds.iter().filter(|d| d.code.name() == "bad-value").collect();
    assert_eq!(bad.len(), 2);
    assert_eq!(bad[0].message, "hold '30' has no unit");
    assert_eq!(
        bad[0].hint.as_deref(),
        Some("add the unit: hold: 30s for seconds or hold: 30m for minutes")
    );
    assert_at(bad[1], FILE, 11, Some(7));
    assert_eq!(bad[1].message, "rest 'soon' is not a duration");
}

#[test]
fn reps_may_be_max_and_nothing_else_that_is_not_a_number() {
    for value in ["max", "' max '"] {
        let site = TestSite::minimal().file(
            "content/exercises/test-move.md",
            &exercise(&format!("target_muscles: [hamstrings]\nreps: {value}\n")),
        );
        site.build_ok();
    }
    for value in ["amrap", "maximum", "as many as possible"] {
        let ds = diagnostics_for(&format!("target_muscles: [hamstrings]\nreps: {value}\n"));
        let d = only(&ds, "bad-value");
        assert_at(d, FILE, 10, Some(7));
        assert_eq!(
            d.message,
            format!("reps '{value}' is not a number or a range")
        );
        assert_eq!(
            d.hint.as_deref(),
            Some(
                "write a number such as reps: 10, a range such as reps: 10-15, or reps: max for as many as possible"
            )
        );
    }
    // `max` is for reps only.
    let ds = diagnostics_for("target_muscles: [hamstrings]\nsets: max\n");
    let d = only(&ds, "bad-value");
    assert_eq!(d.message, "sets 'max' is not a number or a range");
    assert!(!d.hint.as_deref().unwrap_or("").contains("max"), "{d}");
}

#[test]
fn tempo_is_three_or_four_groups_of_seconds_or_x() {
    let form = "write 3 or 4 groups joined by '-': seconds lowering, pausing, lifting and (optionally) pausing again, each 0 to 9 or X for as fast as you can, e.g. tempo: 3-1-1 or tempo: 3-1-1-0";
    for (value, message, hint) in [
        ("3-1", "tempo '3-1' has 2 groups, not 3 or 4", form),
        (
            "3-1-1-0-2",
            "tempo '3-1-1-0-2' has 5 groups, not 3 or 4",
            form,
        ),
        (
            "10-1-1",
            "tempo '10-1-1': '10' is not a number of seconds from 0 to 9, or X",
            form,
        ),
        (
            "3-a-1",
            "tempo '3-a-1': 'a' is not a number of seconds from 0 to 9, or X",
            form,
        ),
        ("3-1-", "tempo '3-1-' has an empty group", form),
        ("slow", "tempo 'slow' has 1 group, not 3 or 4", form),
        (
            "3010",
            "tempo '3010' has no '-' between its groups",
            "write the groups with '-' between them: tempo: 3-0-1-0",
        ),
    ] {
        let ds = diagnostics_for(&format!("target_muscles: [hamstrings]\ntempo: {value}\n"));
        let d = only(&ds, "bad-value");
        assert_at(d, FILE, 10, Some(8));
        assert_eq!(d.field.as_deref(), Some("tempo"));
        assert_eq!(d.message, message);
        assert_eq!(d.hint.as_deref(), Some(hint), "{value}");
    }
    let ds = diagnostics_for("target_muscles: [hamstrings]\ntempo: [3, 1, 1]\n");
    assert_eq!(only(&ds, "wrong-type").field.as_deref(), Some("tempo"));
}

#[test]
fn load_is_short_text_on_one_line_with_a_unit() {
    let long = "a".repeat(81);
    for (value, message, hint) in [
        (
            "5",
            "load '5' has no unit",
            "add the unit, and what it is if that helps: load: 5 kg, or load: 5 kg dumbbell",
        ),
        (
            "2.5",
            "load '2.5' has no unit",
            "add the unit, and what it is if that helps: load: 2.5 kg, or load: 2.5 kg dumbbell",
        ),
        (
            "\"  \"",
            "load is empty",
            "leave load out, or say what to lift or pull, e.g. load: 5 kg dumbbell or load: light band",
        ),
        (
            long.as_str(),
            "load is 81 characters long: the most is 80",
            "keep it short (5 kg dumbbell, light band); put the details in the body",
        ),
        (
            "\"light\\nband\"",
            "load runs over more than one line",
            "write the load on one line, e.g. load: light band",
        ),
    ] {
        let ds = diagnostics_for(&format!("target_muscles: [hamstrings]\nload: {value}\n"));
        let d = only(&ds, "bad-value");
        assert_at(d, FILE, 10, Some(7));
        assert_eq!(d.field.as_deref(), Some("load"));
        assert_eq!(d.message, message);
        assert_eq!(d.hint.as_deref(), Some(hint), "{value}");
    }
    let ds = diagnostics_for("target_muscles: [hamstrings]\nload: [5 kg]\n");
    assert_eq!(only(&ds, "wrong-type").field.as_deref(), Some("load"));
    // 80 characters, and text around a number, are fine.
    for value in ["a".repeat(80), "2 x 5 kg".to_string()] {
        TestSite::minimal()
            .file(
                "content/exercises/test-move.md",
                &exercise(&format!("target_muscles: [hamstrings]\nload: {value}\n")),
            )
            .build_ok();
    }
}

#[test]
fn a_weight_that_reads_like_a_load_is_explained_and_load_is_suggested() {
    for value in [
        "5kg",
        "5 kg",
        "2.5 lb",
        "10lbs",
        "500 g",
        "5 kg dumbbell",
        "band 2",
    ] {
        let ds = diagnostics_for(&format!("target_muscles: [hamstrings]\nweight: {value}\n"));
        let d = only(&ds, "wrong-type");
        assert_at(d, FILE, 10, Some(9));
        assert_eq!(d.field.as_deref(), Some("weight"));
        assert_eq!(
            d.message,
            format!("weight '{value}' reads like a load, but weight is a position in lists")
        );
        assert_eq!(
            d.hint.as_deref(),
            Some(
                format!(
                    "weight orders lists (a whole number, smaller first, e.g. weight: 10); to say what to lift, write load: \"{value}\""
                )
                .as_str()
            )
        );
    }
    // Pages other than exercises have no `load`: the hint only explains `weight`.
    let ds = TestSite::minimal()
        .file(
            "content/muscles/hamstrings.md",
            "---\ntitle: Hamstrings\nweight: 5kg\n---\n",
        )
        .diagnostics();
    let d = only(&ds, "wrong-type");
    assert_eq!(d.field.as_deref(), Some("weight"));
    assert_eq!(
        d.hint.as_deref(),
        Some("weight orders lists: write a whole number such as weight: 10 (smaller comes first)")
    );
    // Whole numbers in quotes are still weights; plain words keep the plain message.
    TestSite::minimal()
        .file(
            "content/exercises/test-move.md",
            &exercise("target_muscles: [hamstrings]\nweight: \"5\"\n"),
        )
        .build_ok();
    let ds = diagnostics_for("target_muscles: [hamstrings]\nweight: heavy\n");
    assert_eq!(
        only(&ds, "wrong-type").message,
        "weight: expected a whole number, found a single word"
    );
}

#[test]
fn every_muscle_slug_must_exist_with_a_near_miss_hint() {
    let ds = diagnostics_for("target_muscles: [glute-max, hamstring]\n");
    let refs: Vec<&Diagnostic> = ds
        .iter()
        .filter(|d| d.code.name() == "unknown-ref")
        .collect();
    assert_eq!(refs.len(), 2);
    assert_at(refs[0], FILE, 9, Some(18));
    assert_eq!(refs[0].field.as_deref(), Some("target_muscles[0]"));
    assert_eq!(refs[0].message, "unknown muscle 'glute-max'");
    assert!(
        refs[0]
            .hint
            .as_deref()
            .unwrap()
            .starts_with("did you mean 'gluteus-maximus'?")
    );
    assert_at(refs[1], FILE, 9, Some(29));
    assert_eq!(refs[1].hint.as_deref(), Some("did you mean 'hamstrings'?"));
    assert_eq!(
        refs[1].end.map(|p| p.column),
        Some(38),
        "the underline covers the slug"
    );
}

#[test]
fn muscle_aka_names_suggest_the_muscle() {
    let ds = diagnostics_for("target_muscles: [glutes]\n");
    let d = only(&ds, "unknown-ref");
    assert_eq!(
        d.hint.as_deref(),
        Some("did you mean 'gluteus-maximus'? ('glutes' is another name for it)")
    );
}

#[test]
fn every_equipment_slug_must_exist() {
    let ds = diagnostics_for("target_muscles: [hamstrings]\nequipment: [miniband]\n");
    let d = only(&ds, "unknown-ref");
    assert_at(d, FILE, 10, Some(13));
    assert_eq!(d.message, "unknown equipment 'miniband'");
    assert_eq!(d.hint.as_deref(), Some("did you mean 'mini-band'?"));
}

#[test]
fn every_exercise_slug_must_exist() {
    let ds =
        diagnostics_for("target_muscles: [hamstrings]\nprogression:\n  easier: [glute-brige]\n");
    let d = only(&ds, "unknown-ref");
    assert_at(d, FILE, 11, Some(12));
    assert_eq!(d.field.as_deref(), Some("progression.easier[0]"));
    assert_eq!(d.message, "unknown exercise 'glute-brige'");
    assert_eq!(d.hint.as_deref(), Some("did you mean 'glute-bridge'?"));
}

#[test]
fn a_far_miss_gets_a_hint_on_how_to_fix_it() {
    let ds = diagnostics_for("target_muscles: [trapezius]\n");
    let d = only(&ds, "unknown-ref");
    assert_eq!(
        d.hint.as_deref(),
        Some("check the spelling, or add content/muscles/trapezius.md")
    );
}

#[test]
fn self_links_are_errors() {
    let ds = diagnostics_for(
        "target_muscles: [hamstrings]\nprogression:\n  harder: [glute-bridge, test-move]\n",
    );
    let d = only(&ds, "self-link");
    assert_at(d, FILE, 11, Some(26));
    assert_eq!(d.field.as_deref(), Some("progression.harder[1]"));
    assert_eq!(d.message, "'test-move' lists itself as harder");
}

#[test]
fn cycles_are_reported_whole_with_the_closing_edge() {
    // glute-bridge -> banded-glute-bridge -> hip-thrust already; closing it from hip-thrust.
    let site = TestSite::minimal().file(
        "content/exercises/hip-thrust.md",
        "---\ntitle: Hip Thrust\nsummary: S.\ntarget_muscles: [gluteus-maximus]\ncategory: strength\nlevel: advanced\ncues: [c]\ncommon_errors: [{error: e, fix: f}]\nprogression:\n  easier: [banded-glute-bridge]\n  harder: [glute-bridge]\n---\n",
    );
    let ds = site.diagnostics();
    let d = only(&ds, "progression-cycle");
    assert_eq!(
        d.message,
        "progression cycle: glute-bridge -> banded-glute-bridge -> hip-thrust -> glute-bridge"
    );
    assert_at(d, "content/exercises/hip-thrust.md", 11, Some(12));
    assert_eq!(d.field.as_deref(), Some("progression.harder[0]"));
    assert!(d.hint.is_some());
}

#[test]
fn a_cycle_across_both_sides_is_caught() {
    // a says b is harder; b says a is harder (written as `easier` on a's side elsewhere).
    let a = "---\ntitle: A\nsummary: S.\ntarget_muscles: [hamstrings]\ncategory: strength\nlevel: beginner\ncues: [c]\ncommon_errors: [{error: e, fix: f}]\nprogression: {harder: [b]}\n---\n";
    let b = "---\ntitle: B\nsummary: S.\ntarget_muscles: [hamstrings]\ncategory: strength\nlevel: beginner\ncues: [c]\ncommon_errors: [{error: e, fix: f}]\nprogression: {harder: [a]}\n---\n";
    let ds = TestSite::minimal()
        .file("content/exercises/a.md", a)
        .file("content/exercises/b.md", b)
        .diagnostics();
    let d = only(&ds, "progression-cycle");
    assert_eq!(d.message, "progression cycle: a -> b -> a");
    assert_eq!(d.file, "content/exercises/b.md");
}

#[test]
fn two_files_may_not_claim_the_same_slug() {
    let site = TestSite::minimal().file(
        "content/exercises/other.md",
        &exercise("target_muscles: [hamstrings]\nslug: glute-bridge\n"),
    );
    let ds = site.diagnostics();
    let d = only(&ds, "duplicate-slug");
    assert_at(d, "content/exercises/other.md", 10, Some(7));
    assert_eq!(
        d.message,
        "slug 'glute-bridge' is already used by content/exercises/glute-bridge.md"
    );
    // Same stem in a subfolder.
    let ds = TestSite::minimal()
        .file(
            "content/exercises/more/glute-bridge.md",
            &exercise("target_muscles: [hamstrings]\n"),
        )
        .diagnostics();
    let d = only(&ds, "duplicate-slug");
    assert_at(d, "content/exercises/more/glute-bridge.md", 1, None);
}

#[test]
fn a_slug_clash_is_one_error_and_references_to_either_page_are_quiet() {
    // Regression: `slug: push-up` on knee-push-up.md gave five errors in five files: the
    // clash (at push-up.md), "page does not exist" for links to push-up.md, a self-link,
    // and "unknown exercise 'knee-push-up'" with "another name for it" hints.
    let ds = TestSite::minimal()
        .file(
            "content/exercises/push-up.md",
            &exercise("target_muscles: [hamstrings]\nprogression: {easier: [knee-push-up]}\n"),
        )
        .file(
            "content/exercises/knee-push-up.md",
            &exercise("title: Knee Push-up\ntarget_muscles: [hamstrings]\nslug: push-up\nprogression: {harder: [push-up]}\n")
                .replacen("title: Test Move\n", "", 1),
        )
        .file(
            "content/paths/push.md",
            "---\ntitle: Push\nsteps: [knee-push-up, push-up]\n---\n",
        )
        .file(
            "content/about.md",
            "---\ntitle: About\n---\n[a](@/exercises/knee-push-up.md), [b](@/exercises/push-up.md).\n",
        )
        .diagnostics();
    let errors: Vec<String> = ds
        .iter()
        .filter(|d| d.is_error())
        .map(ToString::to_string)
        .collect();
    assert_eq!(errors.len(), 1, "{errors:#?}");
    let d = only(&ds, "duplicate-slug");
    assert_at(d, "content/exercises/knee-push-up.md", 10, Some(7));
    assert_eq!(d.field.as_deref(), Some("slug"));
    assert_eq!(
        d.message,
        "slug 'push-up' is already used by content/exercises/push-up.md"
    );
    assert_eq!(
        d.hint.as_deref(),
        Some("set a different 'slug:' here, or remove this line")
    );
}

#[test]
fn path_steps_must_exist() {
    let site = TestSite::minimal().file(
        "content/paths/p.md",
        "---\ntitle: P\nsteps: [glute-bridge, hip-thrusts]\n---\n",
    );
    let d = only(&site.diagnostics(), "unknown-ref").clone();
    assert_at(&d, "content/paths/p.md", 3, Some(23));
    assert_eq!(d.field.as_deref(), Some("steps[1]"));
    assert_eq!(d.hint.as_deref(), Some("did you mean 'hip-thrust'?"));
}

#[test]
fn paths_need_at_least_two_steps() {
    let site = TestSite::minimal().file(
        "content/paths/p.md",
        "---\ntitle: P\nsteps: [glute-bridge]\n---\n",
    );
    let ds = site.diagnostics();
    let d = only(&ds, "bad-path");
    assert_at(&d.clone(), "content/paths/p.md", 3, Some(8));
    assert_eq!(d.message, "a path needs at least two steps; this one has 1");
    let ds = TestSite::minimal()
        .file("content/paths/p.md", "---\ntitle: P\n---\n")
        .diagnostics();
    assert_eq!(only(&ds, "missing-field").field.as_deref(), Some("steps"));
}

#[test]
fn path_steps_may_not_repeat() {
    let site = TestSite::minimal().file(
        "content/paths/p.md",
        "---\ntitle: P\nsteps:\n  - glute-bridge\n  - hip-thrust\n  - glute-bridge\n---\n",
    );
    let ds = site.diagnostics();
    let d = only(&ds, "bad-path");
    assert_at(d, "content/paths/p.md", 6, Some(5));
    assert_eq!(d.message, "'glute-bridge' is already step 1 of this path");
}

#[test]
fn a_single_word_where_a_list_is_expected_is_explained() {
    let ds = diagnostics_for("target_muscles: gluteus-maximus\n");
    let d = only(&ds, "wrong-type");
    assert_at(d, FILE, 9, Some(17));
    assert_eq!(
        d.message,
        "expected a list of muscle names, found a single word; write [gluteus-maximus]"
    );
}

#[test]
fn wrong_shapes_are_explained_without_serde_jargon() {
    let cases = [
        (
            "target_muscles: [hamstrings]\naka:\n  a: b\n",
            "aka: expected a list of other names, found a set of 'key: value' lines",
        ),
        (
            "target_muscles: [hamstrings]\nper_side: sometimes\n",
            "per_side: expected true or false, found a single word",
        ),
        (
            "target_muscles: [hamstrings]\nweight: heavy\n",
            "weight: expected a whole number, found a single word",
        ),
        (
            "target_muscles: [[hamstrings]]\n",
            "target_muscles[0]: expected text, found a list",
        ),
    ];
    for (extra, message) in cases {
        let ds = diagnostics_for(extra);
        let d = ds
            .iter()
            .find(|d| d.code.name() == "wrong-type")
            .unwrap_or_else(|| panic!("{extra}: {ds:?}"));
        assert_eq!(d.message, message);
        for jargon in [
            "invalid type",
            "sequence",
            "map,",
            "struct",
            "enum",
            "u32",
            "String",
        ] {
            assert!(!d.message.contains(jargon), "{}", d.message);
        }
    }
}

#[test]
fn common_errors_need_both_keys() {
    let site = TestSite::minimal().file(
        "content/exercises/test-move.md",
        "---\ntitle: T\nsummary: S.\ntarget_muscles: [hamstrings]\ncategory: strength\nlevel: beginner\ncommon_errors:\n  - error: The back arches\n  - fix: Only a fix\n---\n",
    );
    let ds = site.diagnostics();
    let missing: Vec<&Diagnostic> = ds
        .iter()
        .filter(|d| d.code.name() == "missing-field")
        .collect();
    assert_eq!(missing.len(), 2);
    assert_eq!(missing[0].field.as_deref(), Some("common_errors[0].fix"));
    assert_eq!(missing[1].field.as_deref(), Some("common_errors[1].error"));
}

#[test]
fn every_problem_of_a_run_is_reported_sorted_by_file_and_line() {
    let site = TestSite::minimal()
        .file(
            "content/exercises/b.md",
            &exercise("target_muscles: [nope]\nreps: 9-1\n"),
        )
        .file(
            "content/exercises/a.md",
            &exercise("target_muscles: [hamstrings]\ncolour: red\n"),
        )
        .file("content/muscles/m.md", "---\ntitel: M\n---\n");
    let lines = site.error_lines();
    assert_eq!(
        lines,
        vec![
            "content/exercises/a.md:10:1: error[unknown-key]: colour: unknown key 'colour'",
            "content/exercises/b.md:9:18: error[unknown-ref]: target_muscles[0]: unknown muscle 'nope'",
            "content/exercises/b.md:10:7: error[bad-value]: reps: reps '9-1': the first number must not be larger than the second",
            "content/muscles/m.md:1:1: error[missing-field]: title: 'title' is missing",
            "content/muscles/m.md:2:1: error[unknown-key]: titel: unknown key 'titel'",
        ]
    );
}

#[test]
fn file_names_must_be_usable_in_urls() {
    let site = TestSite::minimal().file(
        "content/exercises/Glute Bridge 2.md",
        &exercise("target_muscles: [hamstrings]\n"),
    );
    let ds = site.diagnostics();
    let d = only(&ds, "bad-value");
    assert_eq!(d.file, "content/exercises/Glute Bridge 2.md");
    assert_eq!(
        d.hint.as_deref(),
        Some("rename the file to 'glute-bridge-2.md', or add a line 'slug: glute-bridge-2'")
    );
}

#[test]
fn articles_may_not_take_a_generated_url() {
    let ds = TestSite::minimal()
        .file("content/exercises.md", "---\ntitle: Clash\n---\n")
        .diagnostics();
    let d = only(&ds, "url-conflict");
    assert_eq!(d.file, "content/exercises.md");
}

#[test]
fn site_toml_is_validated_like_content() {
    let site = TestSite::minimal().file(
        "site.toml",
        "title = \"T\"\nbase_url = \"guide.example\"\nthem = \"x\"\n",
    );
    let ds = site.diagnostics();
    let bad = only(&ds, "bad-value");
    assert_at(bad, "site.toml", 2, Some(12));
    let unknown = only(&ds, "unknown-key");
    assert_at(unknown, "site.toml", 3, Some(1));
    assert_eq!(unknown.hint.as_deref(), Some("did you mean 'theme'?"));
}

#[test]
fn a_missing_theme_is_an_error_in_site_toml() {
    let ds = TestSite::minimal()
        .file(
            "site.toml",
            "title = \"T\"\nbase_url = \"https://x.example/\"\ntheme = \"fancy\"\n",
        )
        .diagnostics();
    let d = only(&ds, "theme");
    assert_eq!(d.file, "site.toml");
    assert_eq!(
        d.message,
        "theme 'fancy' not found: there is no themes/fancy/ folder"
    );
}

#[test]
fn references_to_drafts_are_dropped_with_a_warning() {
    let draft = "---\ntitle: D\nsummary: S.\ntarget_muscles: [hamstrings]\ncategory: strength\nlevel: advanced\ncues: [c]\ncommon_errors: [{error: e, fix: f}]\ndraft: true\n---\n";
    let site = TestSite::minimal()
        .file("content/exercises/d.md", draft)
        .file(
            "content/exercises/test-move.md",
            &exercise("target_muscles: [hamstrings]\nprogression: {harder: [d]}\n"),
        );
    let warnings = site.warnings();
    let w = only(&warnings, "link-to-draft");
    assert_at(w, FILE, 10, Some(24));
    assert_eq!(
        w.message,
        "exercise 'd' is a draft and is left out of this build"
    );
}

#[test]
fn the_documented_exercise_front_matter_is_valid_and_shows_load_and_tempo() {
    let doc = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/content-format.md"),
    )
    .expect("docs/content-format.md");
    let section = &doc[doc.find("### Exercises").expect("exercise section")..];
    let start = section.find("```yaml\n").expect("example") + "```yaml\n".len();
    let yaml = &section[start..start + section[start..].find("```").expect("end")];
    for key in ["reps: 10-15", "load: 5 kg dumbbell", "tempo: 3-1-1"] {
        assert!(yaml.contains(key), "{key} is not in the example");
    }
    let site = TestSite::minimal().file("content/exercises/documented.md", yaml);
    let built = site.build_ok();
    let page = built.page("exercises/documented/index.html");
    assert_eq!(page.text(".facts .load"), "5 kg dumbbell");
    assert_eq!(
        built
            .page("exercises/index.html")
            .text(".card[data-slug=documented] .dose"),
        "3 sets × 10–15 reps · 2 s hold per rep · rest 60 s · load: 5 kg dumbbell · tempo 3-1-1"
    );
}
