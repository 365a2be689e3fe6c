//! The JSON Schema of front matter (`movebook schema`), checked with a JSON Schema
//! validator: every shipped page passes it, and whatever it refuses, `check` refuses too.

use std::path::Path;

use movebook::contract::{self as frontmatter, Kind, SchemaKind, schema};

use crate::harness::{TestSite, stderr, stdout};

/// The front matter of a Markdown file as JSON, for the validator.
fn front_matter_json(text: &str) -> serde_json::Value {
    let text = text
        .strip_prefix('\u{feff}')
        .unwrap_or(text)
        .replace("\r\n", "\n");
    let split = frontmatter::split(&text).unwrap_or_else(|e| panic!("{}", e.message));
    let yaml = frontmatter::parse(split.yaml).unwrap_or_else(|e| panic!("{}", e.message));
    serde_json::to_value(&yaml).expect("front matter as JSON")
}

fn validator(kind: SchemaKind) -> jsonschema::Validator {
    jsonschema::draft202012::new(&schema(kind)).expect("the schema compiles")
}

/// The default-language page a translation (`x.sv.md`, `x/index.sv.md`) belongs to, or
/// `None` for a page that is not a translation.
fn translated_page(rel: &str) -> Option<String> {
    let stem = rel.strip_suffix(".md")?;
    let (base, lang) = stem.rsplit_once('.')?;
    (lang.len() == 2 && lang.bytes().all(|b| b.is_ascii_lowercase())).then(|| format!("{base}.md"))
}

/// The schema errors of `text` as a page at `rel` (relative to content/). A translation
/// is checked against its page's schema with no key required (it may leave out any).
fn schema_errors(rel: &str, text: &str) -> Vec<String> {
    let translation = translated_page(rel);
    let kind = SchemaKind::of(Kind::of(translation.as_deref().unwrap_or(rel)));
    let v = if translation.is_some() {
        let mut s = schema(kind);
        if let Some(o) = s.as_object_mut() {
            o.remove("required");
        }
        jsonschema::draft202012::new(&s).expect("the schema compiles")
    } else {
        validator(kind)
    };
    v.iter_errors(&front_matter_json(text))
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect()
}

/// Every Markdown file under `dir/content`.
fn pages(dir: &Path) -> Vec<(String, String)> {
    let content = dir.join("content");
    walkdir::WalkDir::new(&content)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(&content)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            (rel, std::fs::read_to_string(e.path()).unwrap())
        })
        .collect()
}

#[test]
fn every_shipped_content_file_matches_the_schema() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let init = TestSite::empty();
    assert!(init.cli(&["init", "s"]).status.success());
    let new = TestSite::minimal();
    for (kind, title) in [
        ("exercise", "A"),
        ("muscle", "B"),
        ("equipment", "C"),
        ("path", "D"),
        ("routine", "F"),
        ("page", "E"),
    ] {
        assert!(new.cli(&["new", kind, title]).status.success());
    }
    let mut checked = 0;
    let mut index_pages = Vec::new();
    let dirs = [
        repo.to_path_buf(),
        crate::harness_fixture("minimal"),
        init.root().join("s"),
        new.root().to_path_buf(),
        repo.join("src/scaffold/site"),
    ];
    for dir in &dirs {
        for (rel, text) in pages(dir) {
            // Files and folders starting with `_` are not pages, except `_index.md`.
            let underscore = rel.starts_with('_') || rel.contains("/_");
            if underscore && !rel.ends_with("_index.md") {
                continue;
            }
            let errors = schema_errors(&rel, &text);
            assert!(errors.is_empty(), "{}: {rel}: {errors:#?}", dir.display());
            if rel == "_index.md" {
                index_pages.push(format!("{}: {rel}", dir.display()));
            }
            checked += 1;
        }
    }
    assert!(checked > 60, "only {checked} files checked");
    // Every folder above has a home page: the `index` schema met a real file in each
    // (section intros such as routines/_index.md are checked against it too).
    assert_eq!(index_pages.len(), dirs.len(), "{index_pages:#?}");
}

#[test]
fn a_file_the_schema_refuses_is_refused_by_check_too() {
    // Each case: front matter of content/exercises/test-move.md (after a valid title line).
    let base = "target_muscles: [hamstrings]\ncategory: strength\nlevel: beginner\n";
    let mut cases: Vec<(&str, String)> = vec![
        ("unknown key", format!("summary: S.\n{base}colour: red\n")),
        ("missing summary", base.to_string()),
        (
            "empty target list",
            "summary: S.\ntarget_muscles: []\ncategory: strength\nlevel: beginner\n".to_string(),
        ),
        (
            "single word for a list",
            "summary: S.\ntarget_muscles: hamstrings\ncategory: strength\nlevel: beginner\n"
                .to_string(),
        ),
        (
            "unknown category",
            "summary: S.\ntarget_muscles: [hamstrings]\ncategory: cardio\nlevel: beginner\n"
                .to_string(),
        ),
        ("sets too large", format!("summary: S.\n{base}sets: 25\n")),
        (
            "reps not a number",
            format!("summary: S.\n{base}reps: lots\n"),
        ),
        (
            "hold without unit",
            format!("summary: S.\n{base}hold: 30\n"),
        ),
        (
            "rest not a duration",
            format!("summary: S.\n{base}rest: soon\n"),
        ),
        (
            "flag not a flag",
            format!("summary: S.\n{base}per_side: sometimes\n"),
        ),
        (
            "weight not a number",
            format!("summary: S.\n{base}weight: heavy\n"),
        ),
        (
            "slug not URL-safe",
            format!("summary: S.\n{base}slug: my move\n"),
        ),
        (
            "date not a date",
            format!("summary: S.\n{base}date: 21/11/2026\n"),
        ),
        (
            "date with markup after the time",
            format!("summary: S.\n{base}date: \"2026-11-21T08:30</updated><x>\"\n"),
        ),
        (
            "date with a sign in the month",
            format!("summary: S.\n{base}date: 2026-+1-21\n"),
        ),
        (
            "common error without fix",
            format!("summary: S.\n{base}common_errors:\n  - error: E\n"),
        ),
        (
            "unknown progression key",
            format!("summary: S.\n{base}progression:\n  hardr: [glute-bridge]\n"),
        ),
        (
            "list of lists",
            "summary: S.\ntarget_muscles: [[hamstrings]]\ncategory: strength\nlevel: beginner\n"
                .to_string(),
        ),
        ("empty cue", format!("summary: S.\n{base}cues: [\"\"]\n")),
        (
            "reps a word other than max",
            format!("summary: S.\n{base}reps: amrap\n"),
        ),
        ("sets max", format!("summary: S.\n{base}sets: max\n")),
    ];
    // Load and tempo.
    cases.extend([
        ("load without unit", format!("summary: S.\n{base}load: 5\n")),
        (
            "load as quoted number",
            format!("summary: S.\n{base}load: \"2.5\"\n"),
        ),
        ("empty load", format!("summary: S.\n{base}load: \" \"\n")),
        (
            "load too long",
            format!("summary: S.\n{base}load: {}\n", "a".repeat(81)),
        ),
        (
            "load on two lines",
            format!("summary: S.\n{base}load: \"light\\nband\"\n"),
        ),
        (
            "tempo of two groups",
            format!("summary: S.\n{base}tempo: 3-1\n"),
        ),
        (
            "tempo of five groups",
            format!("summary: S.\n{base}tempo: 3-1-1-0-1\n"),
        ),
        (
            "tempo without dashes",
            format!("summary: S.\n{base}tempo: 3010\n"),
        ),
        (
            "tempo group of two digits",
            format!("summary: S.\n{base}tempo: 10-1-1\n"),
        ),
        (
            "weight that is a load",
            format!("summary: S.\n{base}weight: 5kg\n"),
        ),
    ]);
    for (what, extra) in cases {
        let text = format!("---\ntitle: Test Move\n{extra}---\nBody.\n");
        let errors = schema_errors("exercises/test-move.md", &text);
        assert!(!errors.is_empty(), "{what}: the schema accepts\n{text}");
        let site = TestSite::minimal().file("content/exercises/test-move.md", &text);
        let o = site.cli(&["check"]);
        assert_eq!(o.status.code(), Some(1), "{what}: check accepts\n{text}");
    }
    // Paths: too few steps, repeated steps.
    for steps in ["[glute-bridge]", "[glute-bridge, glute-bridge]"] {
        let text = format!("---\ntitle: P\nsteps: {steps}\n---\n");
        assert!(!schema_errors("paths/p.md", &text).is_empty(), "{steps}");
        let site = TestSite::minimal().file("content/paths/p.md", &text);
        assert_eq!(site.cli(&["check"]).status.code(), Some(1), "{steps}");
    }
}

#[test]
fn the_schema_accepts_what_check_accepts() {
    // The reader's leniencies, which the schema must not flag in an editor.
    let base = "summary: S.\ntarget_muscles: [hamstrings]\n";
    for extra in [
        "category: Strength\nlevel: BEGINNER\n",
        "category: strength\nlevel: beginner\nper_side: yes\ndraft: no\n",
        "category: strength\nlevel: beginner\nreps: 10 to 15\nsets: 2–3\n",
        "category: strength\nlevel: beginner\nhold: 1 min 30 s\nrest: 30-60s\n",
        "category: strength\nlevel: beginner\nweight: \"5\"\ndate: 2026-11-21T08:30\n",
        "category: strength\nlevel: beginner\ndate: \"2026-11-21T08:30:15+02:00\"\n",
        "category: strength\nlevel: beginner\ndate: 2026-11-21T08:30Z\n",
        "category: strength\nlevel: beginner\naka:\ncues:\nprogression:\nhold:\n",
        "category: strength\nlevel: beginner\nreps: 12\nrest: 1m-90s\n",
        "category: strength\nlevel: beginner\nreps: max\nhold: 2s\n",
        "category: strength\nlevel: beginner\nreps: MAX\n",
        "category: strength\nlevel: beginner\nload: 5 kg dumbbell\ntempo: 3-1-1\n",
        "category: strength\nlevel: beginner\nload: \" light band \"\ntempo: 3-0-x-1\n",
        "category: strength\nlevel: beginner\nload: 2 x 5kg\ntempo: \"3 - 1 - X - 0\"\n",
        "category: strength\nlevel: beginner\nload:\ntempo:\n",
    ] {
        let text = format!("---\ntitle: 2024\n{base}{extra}---\n");
        let errors = schema_errors("exercises/test-move.md", &text);
        assert!(errors.is_empty(), "{extra}: {errors:#?}");
        // Warnings (no cues...) are fine: the point is that check has no error.
        let site = TestSite::minimal().file("content/exercises/test-move.md", &text);
        let o = site.cli(&["check"]);
        assert_eq!(o.status.code(), Some(0), "{extra}: {}", stderr(&o));
    }
}

#[test]
fn schema_command_prints_draft_2020_12_for_each_kind() {
    let site = TestSite::empty();
    let o = site.cli(&["schema", "exercise"]);
    assert!(o.status.success());
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["$schema"], "https://json-schema.org/draft/2020-12/schema");
    assert_eq!(v, schema(SchemaKind::Exercise));
    assert!(v["properties"]["level"].to_string().contains("advanced"));
    assert!(
        v["properties"]["target_muscles"]["description"]
            .as_str()
            .unwrap()
            .contains("content/muscles/")
    );
    // Without a kind: every kind in one valid schema document.
    let o = site.cli(&["schema"]);
    let all: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    for kind in [
        "exercise",
        "muscle",
        "equipment",
        "path",
        "routine",
        "page",
        "index",
    ] {
        assert!(all["$defs"][kind]["properties"].is_object(), "{kind}");
    }
    let bundle = jsonschema::draft202012::new(&all).expect("compiles");
    assert!(bundle.is_valid(&serde_json::json!({"title": "A muscle", "aka": ["x"]})));
    assert!(!bundle.is_valid(&serde_json::json!({"titel": "typo"})));
    // --out writes one file per kind, and says which.
    let o = site.cli(&["schema", "--out", "schemas"]);
    assert!(o.status.success());
    assert_eq!(stdout(&o).lines().count(), 7);
    let written: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(site.root().join("schemas/path.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(written, schema(SchemaKind::Path));
    // Up-to-date files are left alone.
    let o = site.cli(&["schema", "--out", "schemas"]);
    assert_eq!(stdout(&o), "");
}
