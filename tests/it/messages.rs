//! The mistakes YAML and serde would describe in Rust terms ("invalid type: map, expected a
//! sequence", "unknown field `x`, expected one of ..."), as authors read them from `check`.

use crate::harness::TestSite;

/// Words that must never reach an author.
const JARGON: &[&str] = &[
    "invalid type",
    "invalid value",
    "sequence",
    "mapping",
    "map,",
    "struct",
    "enum ",
    "u32",
    "u64",
    "i64",
    "String",
    "serde",
    "expected one of",
    "`",
    "unwrap",
    "panicked",
];

/// The messages (with field) and hints of every diagnostic for an exercise whose front
/// matter is `yaml`.
fn messages(yaml: &str) -> Vec<(String, String)> {
    TestSite::minimal()
        .file(
            "content/exercises/test-move.md",
            &format!("---\n{yaml}---\nBody.\n"),
        )
        .diagnostics()
        .into_iter()
        .filter(|d| d.file == "content/exercises/test-move.md")
        .map(|d| {
            let field = d
                .field
                .clone()
                .map(|f| format!("{f}: "))
                .unwrap_or_default();
            (
                format!("{field}{}", d.message),
                d.hint.clone().unwrap_or_default(),
            )
        })
        .collect()
}

const VALID: &str =
    "title: T\nsummary: S.\ntarget_muscles: [hamstrings]\ncategory: strength\nlevel: beginner\n";

#[test]
fn serde_and_yaml_errors_are_translated_into_plain_words() {
    let cases: &[(&str, &str)] = &[
        // invalid type: map, expected a sequence
        (
            "cues:\n  first: breathe\n",
            "cues: cues: expected a list of cues, found a set of 'key: value' lines",
        ),
        // invalid type: string, expected a sequence
        (
            "secondary_muscles: hamstrings\n",
            "secondary_muscles: expected a list of muscle names, found a single word; write [hamstrings]",
        ),
        (
            "stop_if: Pain in the knee\n",
            "stop_if: stop_if: expected a list of stop signals, found text",
        ),
        // invalid type: sequence, expected a string
        (
            "aka: [[hip bridge]]\n",
            "aka[0]: aka[0]: expected text, found a list",
        ),
        // invalid type: map, expected a string
        (
            "advance_when: x\n",
            "advance_when: unknown key 'advance_when'",
        ),
        // invalid type: sequence, expected a map
        (
            "progression: [glute-bridge]\n",
            "progression: progression: expected a set of 'key: value' lines, found a list",
        ),
        (
            "common_errors: [The hips sag]\n",
            "common_errors[0]: common_errors[0]: expected a set of 'key: value' lines, found text",
        ),
        // invalid type: string, expected u32 / i64 / a boolean
        (
            "weight: heavy\n",
            "weight: weight: expected a whole number, found a single word",
        ),
        (
            "per_side: both\n",
            "per_side: per_side: expected true or false, found a single word",
        ),
        (
            "sets: [3]\n",
            "sets: sets: expected a single value, found a list",
        ),
        // invalid value: integer `-3`, expected u32
        (
            "sets: -3\n",
            "sets: sets '-3': a negative number makes no sense here",
        ),
        // invalid type: floating point `2.5`, expected i64
        (
            "weight: 2.5\n",
            "weight: weight 2.5 is not a whole number in range",
        ),
        // unknown field `trget`, expected one of ...
        ("levle: beginner\n", "levle: unknown key 'levle'"),
        // unknown variant `expert`, expected one of ...
        ("level: expert\n", "level: 'expert' is not a level"),
        // duplicate field `level`
        ("level: beginner\n", "the key 'level' appears twice"),
    ];
    for (extra, want) in cases {
        let yaml = if extra.starts_with("level: expert") {
            VALID.replace("level: beginner\n", extra)
        } else {
            format!("{VALID}{extra}")
        };
        let got = messages(&yaml);
        assert!(
            got.iter().any(|(m, _)| m == want),
            "for {extra:?} want {want:?}, got {got:#?}"
        );
        for (m, h) in &got {
            for j in JARGON {
                assert!(
                    !m.contains(j) && !h.contains(j),
                    "jargon {j:?} in {m:?} / {h:?}"
                );
            }
        }
    }
}

#[test]
fn missing_fields_and_odd_shapes_of_the_whole_front_matter() {
    let cases: &[(&str, &str)] = &[
        // missing field `title`
        ("summary: S.\n", "title: 'title' is missing"),
        // invalid type: sequence, expected struct
        (
            "- title\n- summary\n",
            "expected a set of 'key: value' lines, found a list",
        ),
        // invalid type: string, expected struct
        (
            "just a sentence\n",
            "expected a set of 'key: value' lines, found text",
        ),
        // a key that is not text
        (
            "title: T\n12: twelve\n",
            "'12' is not a key an exercise can have",
        ),
    ];
    for (yaml, want) in cases {
        let got = messages(yaml);
        assert!(
            got.iter().any(|(m, _)| m == want),
            "for {yaml:?} want {want:?}, got {got:#?}"
        );
        for (m, h) in &got {
            for j in JARGON {
                assert!(
                    !m.contains(j) && !h.contains(j),
                    "jargon {j:?} in {m:?} / {h:?}"
                );
            }
        }
    }
}

#[test]
fn yaml_syntax_errors_are_explained_with_a_fix() {
    let cases: &[(&str, &str, &str)] = &[
        (
            "title: T\n\tsummary: S.\n",
            "a tab character is used for indentation",
            "replace the tab with spaces",
        ),
        (
            "title: T\nsummary: Hold: then lower\n",
            "a value contains ': ', which YAML reads as a new key",
            "double quotes",
        ),
        (
            "title: \"T\nsummary: S.\n",
            "a quote or bracket is opened but never closed",
            "close every",
        ),
        // Was "a value contains ': '" with a hint to add quotes: an indentation mistake.
        (
            "title: T\n  summary: S.\n",
            "'summary:' is indented more than 'title:' above it",
            "start 'summary:' in column 1, under 'title:'",
        ),
        // Regression: libyaml's "did not find expected ',' or ']'" reached authors as is.
        (
            "title: T\ncues: [a, b\n",
            "a list in brackets is not closed, or its items are not separated by commas",
            "close the list",
        ),
        (
            "title: T\nprogression: {harder: [a]\n",
            "a list in brackets is not closed, or its items are not separated by commas",
            "close the list",
        ),
        // Regression: an explicit tag leaked "invalid value: string \"x\", expected an integer".
        (
            "title: !!int x\n",
            "a value does not fit the type its '!!' tag asks for",
            "remove the '!!...' tag",
        ),
        (
            "title: T\nsummary: @home\n",
            "a value starts with the character '@', which YAML reserves",
            "double quotes",
        ),
    ];
    for (yaml, message, hint) in cases {
        let got = messages(yaml);
        assert!(
            got.iter().any(|(m, h)| m == message && h.contains(hint)),
            "for {yaml:?} want {message:?} / {hint:?}, got {got:#?}"
        );
        for (m, h) in &got {
            for j in JARGON {
                assert!(
                    !m.contains(j) && !h.contains(j),
                    "jargon {j:?} in {m:?} / {h:?}"
                );
            }
        }
    }
}

/// Every error for `rel` in the minimal site plus that file: `line:col: field: message`
/// and the hint.
fn located(rel: &str, text: &str) -> Vec<(String, String)> {
    TestSite::minimal()
        .file(rel, text)
        .diagnostics()
        .into_iter()
        .filter(|d| d.file == rel && d.is_error())
        .map(|d| {
            let at = d.start.map(|p| format!("{}:{}", p.line, p.column));
            let field = d
                .field
                .clone()
                .map(|f| format!("{f}: "))
                .unwrap_or_default();
            (
                format!("{}: {field}{}", at.unwrap_or_default(), d.message),
                d.hint.clone().unwrap_or_default(),
            )
        })
        .collect()
}

#[test]
fn a_missing_colon_is_reported_on_the_line_that_lacks_it() {
    // Regression: libyaml stops on the next line, and "a line in the front matter is not
    // of the form 'key: value'" pointed there.
    let rel = "content/exercises/test-move.md";
    let base = "---\ntitle: T\nsummary: S.\ntarget_muscles: [hamstrings]\ncategory: strength\nlevel: beginner\nreps: 10\nhold: 2s\nper_side: false\n";
    let cases: &[(&str, &str, &str)] = &[
        (
            "sets 3\nrest: 60s\n",
            "10:1: 'sets' is not followed by ':'",
            "add ': ' after 'sets': sets: 3",
        ),
        // The last line of the front matter.
        (
            "rest 90s\n",
            "10:1: 'rest' is not followed by ':'",
            "add ': ' after 'rest': rest: 90s",
        ),
    ];
    for (extra, want, hint) in cases {
        let got = located(rel, &format!("{base}{extra}---\nBody.\n"));
        assert_eq!(got, vec![(want.to_string(), hint.to_string())], "{extra:?}");
    }
    let got = located(
        rel,
        "---\ntitle: T\nsummary: S.\ntarget_muscles: [hamstrings]\ncategory strength\nlevel: beginner\n---\n",
    );
    assert_eq!(got[0].0, "5:1: 'category' is not followed by ':'");
    let path = "content/paths/bridge-ladder.md";
    let got = located(
        path,
        "---\ntitle: P\nsteps:\n  - glute-bridge\n  -hip-thrust\n  - banded-glute-bridge\n---\n",
    );
    assert_eq!(
        got,
        vec![(
            "5:3: a list item has no space after '-'".to_string(),
            "write '- hip-thrust' with a space after the dash".to_string()
        )]
    );
    // The first item: YAML reads the lines as one text.
    let got = located(
        path,
        "---\ntitle: P\nsteps:\n  -glute-bridge\n  - hip-thrust\n---\n",
    );
    assert_eq!(
        got,
        vec![(
            "4:3: steps: steps: a list item has no space after '-'".to_string(),
            "write '- glute-bridge' with a space after the dash".to_string()
        )]
    );
}

#[test]
fn a_key_indented_too_far_is_called_an_indentation_mistake() {
    // Regression: "a value contains ': ' ... put the whole value in double quotes", and
    // quoting the value gave the same error.
    let rel = "content/exercises/test-move.md";
    for fix in ["fix: Press the knees out.", "fix: \"Press the knees out.\""] {
        let text = format!(
            "---\n{VALID}common_errors:\n  - error: The knees fall in\n      {fix}\n---\nBody.\n"
        );
        assert_eq!(
            located(rel, &text),
            vec![(
                "9:7: 'fix:' is indented more than 'error:' above it".to_string(),
                "start 'fix:' in column 5, under 'error:'".to_string()
            )]
        );
    }
}

#[test]
fn a_comma_list_without_brackets_gets_a_list_in_brackets_as_its_hint() {
    // Regression: the hint was target_muscles: ["pectoralis-major, triceps-brachii"], one
    // item, and following it gave "unknown muscle 'pectoralis-major, triceps-brachii'".
    let got = messages(
        "title: T\nsummary: S.\ntarget_muscles: hamstrings, gluteus-maximus\ncategory: strength\nlevel: beginner\nprogression:\n  easier: glute-bridge, hip-thrust\n",
    );
    assert_eq!(
        got,
        vec![
            (
                "target_muscles: target_muscles: expected a list of muscle names, found items separated by commas".to_string(),
                "put the items in square brackets: target_muscles: [hamstrings, gluteus-maximus]".to_string()
            ),
            (
                "progression.easier: progression.easier: expected a list of exercise names, found items separated by commas".to_string(),
                "put the items in square brackets: easier: [glute-bridge, hip-thrust]".to_string()
            ),
        ]
    );
}

#[test]
fn a_list_with_a_comment_is_underlined_up_to_its_bracket() {
    // Regression: the underline ran on across the comment to the end of the line.
    let o = TestSite::minimal()
        .file(
            "content/exercises/test-move.md",
            &format!("---\n{VALID}stop_if: {{a: b}}   # one signal\n---\nBody.\n"),
        )
        .cli(&["check"]);
    let err = crate::harness::stderr(&o);
    assert!(
        err.contains("7 | stop_if: {a: b}   # one signal\n  |          ^^^^^^\n"),
        "{err}"
    );
}

#[test]
fn a_repeated_key_is_reported_where_it_repeats() {
    // Issue #13: "the key 'level' appears twice" pointed at the first line of the front
    // matter (where YAML's mapping starts), not at the second 'level'.
    let rel = "content/exercises/test-move.md";
    let base = "---\ntitle: T\nsummary: S.\ntarget_muscles: [hamstrings]\ncategory: strength\nlevel: beginner\n";
    let cases: &[(&str, &str, &str)] = &[
        (
            "reps: 10\nlevel: advanced\n",
            "8:1: the key 'level' appears twice",
            "the first 'level' is on line 6: keep one of them, as each key may appear only once",
        ),
        (
            "reps: 10\n\"level\": advanced\n",
            "8:1: the key 'level' appears twice",
            "the first 'level' is on line 6: keep one of them, as each key may appear only once",
        ),
        // Inside a list item, and in the first item of two.
        (
            "common_errors:\n  - error: a\n    fix: b\n    error: c\n  - error: d\n    fix: e\n",
            "10:5: the key 'error' appears twice in common_errors[0]",
            "the first 'error' is on line 8: keep one of them, as each key may appear only once",
        ),
        (
            "common_errors: [{error: e, fix: f}, {error: g, fix: h, fix: i}]\n",
            "7:56: the key 'fix' appears twice in common_errors[1]",
            "the first 'fix' is on line 7: keep one of them, as each key may appear only once",
        ),
        (
            "progression:\n  easier: [glute-bridge]\n\n  easier: [hip-thrust]\n",
            "10:3: the key 'easier' appears twice in progression",
            "the first 'easier' is on line 8: keep one of them, as each key may appear only once",
        ),
    ];
    for (extra, want, hint) in cases {
        let got = located(rel, &format!("{base}{extra}---\nBody.\n"));
        assert_eq!(got, vec![(want.to_string(), hint.to_string())], "{extra:?}");
    }
    // The repeated key is underlined, not its value or the line.
    let o = TestSite::minimal()
        .file(
            rel,
            &format!(
                "{base}common_errors:\n  - error: a\n    fix: b\n    fix: c # again\n---\nBody.\n"
            ),
        )
        .cli(&["check"]);
    let err = crate::harness::stderr(&o);
    assert!(
        err.contains("10 |     fix: c # again\n   |     ^^^\n"),
        "{err}"
    );
}
