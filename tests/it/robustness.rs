//! No input makes movebook panic: malformed files written by hand, then random bytes and
//! random mutations of valid pages through the whole pipeline. Each malformed file must get
//! at least one error that names the file and a line.

use movebook::BuildError;
use proptest::prelude::*;
use std::fmt::Write as _;

use crate::harness::TestSite;

const VALID: &str = "---\ntitle: Test Move\nsummary: A move for tests.\ntarget_muscles: [hamstrings]\ncategory: strength\nlevel: beginner\nsets: 3\nreps: 10-15\nhold: 2s\nload: 5 kg dumbbell\ntempo: 3-1-X-0\nprogression:\n  easier: [glute-bridge]\ncommon_errors:\n  - error: e\n    fix: f\ncues: [c]\nstop_if: [s]\n---\n## How to do it\n\n1. Step [link](@/exercises/glute-bridge.md#how-to-do-it).\n";

/// Runs `check` on the minimal site plus `content/exercises/test-move.md` holding `bytes`.
/// Returns the error diagnostics (empty when the site is valid).
fn errors_for(bytes: &[u8]) -> Vec<movebook::Diagnostic> {
    let site = TestSite::minimal();
    site.write("content/exercises/test-move.md", bytes);
    match movebook::check(&site.options()) {
        Ok(_) => Vec::new(),
        Err(BuildError::Invalid(d)) => d
            .into_vec()
            .into_iter()
            .filter(movebook::Diagnostic::is_error)
            .collect(),
        Err(BuildError::Env(e)) => panic!(
            "environment error for {:?}: {e:#}",
            String::from_utf8_lossy(bytes)
        ),
    }
}

fn with(front: &str) -> String {
    format!("---\n{front}---\nBody.\n")
}

const BASE: &str = "title: T\nsummary: S.\ntarget_muscles: [hamstrings]\ncategory: strength\nlevel: beginner\ncues: [c]\ncommon_errors: [{error: e, fix: f}]\n";

#[test]
fn malformed_files_get_located_errors() {
    let deep = format!("title: {}{}\n", "[".repeat(3000), "]".repeat(3000));
    let long_title = format!("title: {}\n", "x".repeat(200_000));
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("empty file", b"".to_vec()),
        ("only a fence", b"---".to_vec()),
        ("only a fence and newline", b"---\n".to_vec()),
        ("empty front matter", b"---\n---\n".to_vec()),
        ("no front matter", b"Just some text.\n".to_vec()),
        ("unclosed front matter", b"---\ntitle: T\n".to_vec()),
        ("only a BOM", "\u{feff}".as_bytes().to_vec()),
        ("NUL bytes", b"---\ntitle: \0\0\n---\n".to_vec()),
        ("non-UTF-8 in front matter", b"---\ntitle: caf\xe9\n---\n".to_vec()),
        ("non-UTF-8 in body", [with(BASE).as_bytes(), b"\xff\xfe"].concat()),
        ("front matter is a list", b"---\n- a\n- b\n---\n".to_vec()),
        ("front matter is a word", b"---\nhello\n---\n".to_vec()),
        ("front matter is null", b"---\n~\n---\n".to_vec()),
        ("huge number", with(&format!("{BASE}sets: 99999999999999999999999999\n")).into_bytes()),
        ("huge weight", with(&format!("{BASE}weight: 1e400\n")).into_bytes()),
        ("negative sets", with(&format!("{BASE}sets: -3\n")).into_bytes()),
        ("float reps", with(&format!("{BASE}reps: 10.5\n")).into_bytes()),
        ("half range", with(&format!("{BASE}reps: 10-\n")).into_bytes()),
        ("word range", with(&format!("{BASE}reps: a-b\n")).into_bytes()),
        ("negative hold", with(&format!("{BASE}hold: -5s\n")).into_bytes()),
        ("zero sets range", with(&format!("{BASE}sets: 0-3\n")).into_bytes()),
        // Panicked: the minutes were sliced at a byte inside 'é'.
        ("accent in a date's minutes", with(&format!("{BASE}date: \"2024-01-01T12:3é\"\n")).into_bytes()),
        ("accent in a date's hour", with(&format!("{BASE}date: \"2024-01-01Té:30\"\n")).into_bytes()),
        ("deep nesting", with(&deep).into_bytes()),
        ("tab indentation", b"---\ntitle: T\nprogression:\n\tharder: [x]\n---\n".to_vec()),
        ("duplicate key", with(&format!("{BASE}title: Again\n")).into_bytes()),
        ("unterminated quote", b"---\ntitle: \"T\nsummary: S.\n---\n".to_vec()),
        ("unclosed flow list", b"---\ntitle: T\ntarget_muscles: [a, b\n---\n".to_vec()),
        ("undefined alias", with(&format!("{BASE}aka: *nothing\n")).into_bytes()),
        ("tagged value", with(&format!("{BASE}aka: !!binary aGVsbG8=\n")).into_bytes()),
        ("title is a list", b"---\ntitle: [a, b]\n---\n".to_vec()),
        ("title is a map", b"---\ntitle:\n  a: b\n---\n".to_vec()),
        ("level is null", with("title: T\nsummary: S.\ntarget_muscles: [hamstrings]\ncategory: strength\nlevel:\n").into_bytes()),
        ("progression is a list", with(&format!("{BASE}progression: [a, b]\n")).into_bytes()),
        ("harder is a word", with(&format!("{BASE}progression:\n  harder: glute-bridge\n")).into_bytes()),
        ("common_errors is text", with("title: T\nsummary: S.\ntarget_muscles: [hamstrings]\ncategory: strength\nlevel: beginner\ncommon_errors: oops\n").into_bytes()),
        ("common error item is text", with("title: T\nsummary: S.\ntarget_muscles: [hamstrings]\ncategory: strength\nlevel: beginner\ncommon_errors: [oops]\n").into_bytes()),
        ("empty cue", with("title: T\nsummary: S.\ntarget_muscles: [hamstrings]\ncategory: strength\nlevel: beginner\ncues: [\"\", a]\n").into_bytes()),
        ("empty target list", with("title: T\nsummary: S.\ntarget_muscles: []\ncategory: strength\nlevel: beginner\n").into_bytes()),
        ("number key", with(&format!("{BASE}1: x\n")).into_bytes()),
        ("list key", with(&format!("{BASE}? [a]\n: x\n")).into_bytes()),
        ("bad date", with(&format!("{BASE}date: 2026-13-40\n")).into_bytes()),
        ("maybe draft", with(&format!("{BASE}draft: maybe\n")).into_bytes()),
        ("slug with spaces", with(&format!("{BASE}slug: my move\n")).into_bytes()),
        ("summary on two lines", with("title: T\nsummary: |\n  one\n  two\ntarget_muscles: [hamstrings]\ncategory: strength\nlevel: beginner\n").into_bytes()),
        ("very long title and an unknown key", with(&format!("{long_title}summry: x\n")).into_bytes()),
        ("random binary", (0u8..=255).cycle().take(4096).collect()),
        ("link to nothing", format!("{}[x](@/)\n", with(BASE)).into_bytes()),
        ("link to bad percent", format!("{}[x](@/exercises/%zz.md)\n", with(BASE)).into_bytes()),
        ("link to anchor only", format!("{}[x](@/#top)\n", with(BASE)).into_bytes()),
        ("broken link in a footnote", format!("{}Text[^1].\n\n[^1]: See [x](@/nope.md).\n", with(BASE)).into_bytes()),
    ];
    assert!(cases.len() >= 45);
    for (name, bytes) in cases {
        let errors = errors_for(&bytes);
        assert!(!errors.is_empty(), "{name}: expected an error");
        for e in &errors {
            assert!(!e.file.is_empty(), "{name}: error without a file: {e}");
            assert!(e.start.is_some(), "{name}: error without a line: {e}");
        }
        assert!(
            errors
                .iter()
                .any(|e| e.file == "content/exercises/test-move.md"),
            "{name}: no error names the file: {:?}",
            errors
                .iter()
                .map(std::string::ToString::to_string)
                .collect::<Vec<_>>()
        );
    }
}

#[test]
fn valid_variants_are_accepted() {
    let cases = [
        ("CRLF", VALID.replace('\n', "\r\n")),
        ("BOM", format!("\u{feff}{VALID}")),
        ("no final newline", VALID.trim_end().to_string()),
        (
            "fence with trailing spaces",
            VALID.replacen("---\n", "---   \n", 1),
        ),
        ("body that is only a fence", format!("{}---\n", with(BASE))),
        (
            "huge body",
            format!("{}{}", with(BASE), "word ".repeat(100_000)),
        ),
        (
            "deep quote nesting in body",
            format!("{}{}x\n", with(BASE), ">".repeat(5000)),
        ),
    ];
    for (name, text) in cases {
        let errors = errors_for(text.as_bytes());
        assert!(
            errors.is_empty(),
            "{name}: {:?}",
            errors
                .iter()
                .map(std::string::ToString::to_string)
                .collect::<Vec<_>>()
        );
    }
}

#[test]
fn a_load_with_markup_stays_text() {
    let load = "<x>5 kg</x> & \\\"band\\\"";
    let site = TestSite::minimal().file(
        "content/exercises/test-move.md",
        &with(&format!("{BASE}reps: 10\nload: \"{load}\"\n")),
    );
    let built = site.build_ok();
    let want = "<x>5 kg</x> & \"band\"";
    let page = built.page("exercises/test-move/index.html");
    assert_eq!(page.text(".facts .load"), want);
    assert!(page.all("x").is_empty());
    let ld: serde_json::Value = serde_json::from_str(
        &page.all("script[type='application/ld+json']")[0]
            .text()
            .collect::<String>(),
    )
    .expect("JSON-LD");
    assert_eq!(
        ld["additionalVariable"].as_str(),
        Some(format!("10 reps · load: {want}").as_str())
    );
    let index = built.page("exercises/index.html");
    assert_eq!(
        index.text(".card[data-slug=test-move] .dose"),
        format!("10 reps · load: {want}")
    );
}

/// Mutations of a valid page.
#[derive(Debug, Clone)]
enum Mutation {
    Delete(usize, usize),
    Insert(usize, u8),
    DuplicateLine(usize),
    SwapLines(usize, usize),
    Truncate(usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), 1usize..20).prop_map(|(a, n)| Mutation::Delete(a, n)),
        (
            any::<usize>(),
            prop::sample::select(b"-:[]{}\"'#\n\t |>&*!%@,0123456789abc".to_vec())
        )
            .prop_map(|(a, c)| Mutation::Insert(a, c)),
        any::<usize>().prop_map(Mutation::DuplicateLine),
        (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Mutation::SwapLines(a, b)),
        any::<usize>().prop_map(Mutation::Truncate),
    ]
}

fn apply(text: &[u8], m: &Mutation) -> Vec<u8> {
    let mut v = text.to_vec();
    let len = v.len().max(1);
    match *m {
        Mutation::Delete(a, n) => {
            let a = a % len;
            let end = (a + n).min(v.len());
            if a < end {
                v.drain(a..end);
            }
        }
        Mutation::Insert(a, c) => v.insert(a % (v.len() + 1), c),
        Mutation::Truncate(a) => v.truncate(a % len),
        Mutation::DuplicateLine(a) | Mutation::SwapLines(a, _) => {
            let mut lines: Vec<Vec<u8>> = v.split(|b| *b == b'\n').map(<[u8]>::to_vec).collect();
            let n = lines.len();
            if let Mutation::SwapLines(_, b) = *m {
                lines.swap(a % n, b % n);
            } else {
                let line = lines[a % n].clone();
                lines.insert(a % n, line);
            }
            v = lines.join(&b'\n');
        }
    }
    v
}

/// Characters of random front matter: mostly those YAML gives a meaning to, plus words,
/// keys of the format and any other character.
fn yaml_char() -> impl Strategy<Value = char> {
    prop_oneof![
        6 => prop::sample::select(
            ":-[]{},#&*!|>'\"%@`?~ \n\n\n\t\\.0123456789eE+_"
                .chars()
                .collect::<Vec<char>>()
        ),
        3 => prop::sample::select("titlesummarycategorylevelsetsrepsholdcues".chars().collect::<Vec<char>>()),
        1 => any::<char>(),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn random_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..600)) {
        for e in errors_for(&bytes) {
            prop_assert!(!e.file.is_empty() && e.start.is_some(), "unlocated: {}", e);
        }
    }

    #[test]
    fn random_front_matter_never_panics(chars in prop::collection::vec(yaml_char(), 0..600)) {
        // Between fences and valid UTF-8, so that the text reaches the YAML parser.
        let text = format!("---\n{}\n---\nBody.\n", chars.into_iter().collect::<String>());
        for e in errors_for(text.as_bytes()) {
            prop_assert!(!e.file.is_empty() && e.start.is_some(), "unlocated: {}", e);
        }
    }

    #[test]
    fn mutated_pages_never_panic(mutations in prop::collection::vec(mutation(), 1..6)) {
        let mut text = VALID.as_bytes().to_vec();
        for m in &mutations {
            text = apply(&text, m);
        }
        for e in errors_for(&text) {
            prop_assert!(!e.file.is_empty() && e.start.is_some(), "unlocated: {}", e);
        }
    }
}

/// Pieces of hostile front-matter text: markup, entities, script and CDATA ends, quotes,
/// non-ASCII, control characters, template syntax.
const HOSTILE: &[&str] = &[
    "<",
    ">",
    "&",
    "\"",
    "'",
    "</script>",
    "<script>alert(1)</script>",
    "]]>",
    "<![CDATA[",
    "<x>",
    "</x>",
    "<x/>",
    "<x a=\"1\">",
    "&amp;",
    "&#60;",
    "&lt;x&gt;",
    "-->",
    "<!--",
    "é",
    "日本語",
    "💪",
    "\u{1}",
    "\u{8}",
    "\u{b}",
    "\u{c}",
    "\u{1f}",
    "\u{7f}",
    "\u{85}",
    "\u{a0}",
    "\u{2028}",
    "\u{feff}",
    "\u{fffe}",
    "\\",
    "{{ x }}",
    "{% raw %}",
    "@/",
    "#",
    ": ",
    " ",
    "\t",
    "</title>",
    "</updated>",
    "</loc>",
    "javascript:",
    "Move",
];

fn hostile() -> impl Strategy<Value = String> {
    // Starts with a letter, so that it is never empty or only spaces (a required field).
    prop::collection::vec(prop::sample::select(HOSTILE), 1..8)
        .prop_map(|v| format!("X{}", v.concat()))
}

/// `s` as a double-quoted YAML scalar: characters YAML does not allow in a file are escaped.
fn yaml_quoted(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\t' | ' '..='~' => out.push(c),
            c if c.is_control()
                || matches!(
                    c,
                    '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{fffe}' | '\u{ffff}'
                ) =>
            {
                let _ = write!(out, "\\u{:04x}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The text a reader sees of `s` read as inline Markdown: entities and escapes decoded, raw
/// HTML shown as text, characters HTML forbids replaced by U+FFFD.
fn markdown_text(s: &str) -> String {
    use pulldown_cmark::{Event, Parser};
    let mut out = String::new();
    for e in Parser::new(s) {
        match e {
            Event::Text(t) | Event::Code(t) | Event::Html(t) | Event::InlineHtml(t) => {
                out.push_str(&t);
            }
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            _ => {}
        }
    }
    out.chars()
        .map(|c| match c {
            '\t' | '\n' | '\r' => c,
            '\u{0}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}' => '\u{fffd}',
            c => c,
        })
        .collect()
}

fn collapsed(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn output_files(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("read output dir").flatten() {
        let path = entry.path();
        if path.is_dir() {
            output_files(&path, out);
        } else {
            out.push(path);
        }
    }
}

#[derive(Debug, Clone)]
struct Hostile {
    title: String,
    summary: String,
    aka: String,
    cue: String,
    error: String,
    fix: String,
    stop_if: String,
    advance_when: String,
    /// A valid date, or hostile text.
    date: Result<&'static str, String>,
}

fn hostile_page() -> impl Strategy<Value = Hostile> {
    let date = prop_oneof![
        2 => prop::sample::select(vec![
            "2026-11-21",
            "2026-11-21T08:30",
            "2026-11-21T08:30:15+02:00"
        ])
        .prop_map(Ok),
        1 => hostile().prop_map(Err),
        1 => prop::sample::select(HOSTILE).prop_map(|h| Err(format!("2026-11-21T08:30{h}"))),
    ];
    (
        (hostile(), hostile(), hostile(), hostile()),
        (hostile(), hostile(), hostile(), hostile()),
        date,
    )
        .prop_map(
            |((title, summary, aka, cue), (error, fix, stop_if, advance_when), date)| Hostile {
                title,
                summary,
                aka,
                cue,
                error,
                fix,
                stop_if,
                advance_when,
                date,
            },
        )
}

/// Builds the minimal site plus an exercise and a path whose text fields hold `h`; checks
/// that the build either reports located errors (a hostile date) or writes files in which
/// the text stays text.
fn check_hostile(h: &Hostile) -> Result<(), TestCaseError> {
    let q = yaml_quoted;
    let date = match &h.date {
        Ok(d) => (*d).to_string(),
        Err(d) => d.clone(),
    };
    let exercise = format!(
        "---\ntitle: {}\nsummary: {}\naka: [{}]\ntarget_muscles: [hamstrings]\ncategory: strength\nlevel: beginner\nprogression: {{easier: [glute-bridge]}}\ncommon_errors:\n  - error: {}\n    fix: {}\ncues: [{}]\nstop_if: [{}]\ndate: {}\n---\nBody.\n",
        q(&h.title),
        q(&h.summary),
        q(&h.aka),
        q(&h.error),
        q(&h.fix),
        q(&h.cue),
        q(&h.stop_if),
        q(&date)
    );
    let path = format!(
        "---\ntitle: {}\nsummary: {}\nsteps: [glute-bridge, test-move]\nadvance_when: {}\ndate: {}\n---\nBody.\n",
        q(&h.title),
        q(&h.summary),
        q(&h.advance_when),
        q(&date)
    );
    // Hostile text after a valid date may be only spaces, which are trimmed.
    let date_ok = matches!(
        date.trim(),
        "2026-11-21" | "2026-11-21T08:30" | "2026-11-21T08:30:15+02:00"
    );
    let site = TestSite::minimal()
        .file("content/exercises/test-move.md", &exercise)
        .file("content/paths/test-path.md", &path);
    let built = match site.build_with(&site.options()) {
        Ok(_) => site.build_ok(),
        Err(BuildError::Invalid(d)) => {
            prop_assert!(
                h.date.is_err(),
                "a valid page was refused: {:?}",
                d.iter().map(ToString::to_string).collect::<Vec<_>>()
            );
            for e in d.iter().filter(|e| e.is_error()) {
                prop_assert!(
                    e.code.name() == "bad-value" && e.start.is_some(),
                    "unexpected error: {}",
                    e
                );
                prop_assert!(
                    e.message.contains("is not a date"),
                    "unexpected error: {}",
                    e
                );
            }
            return Ok(());
        }
        Err(BuildError::Env(e)) => {
            return Err(TestCaseError::fail(format!("environment error: {e:#}")));
        }
    };
    prop_assert!(date_ok, "hostile date {:?} was accepted", h.date);
    let mut files = Vec::new();
    output_files(&built.out, &mut files);
    let x = scraper::Selector::parse("x").expect("selector");
    let ld = scraper::Selector::parse("script[type='application/ld+json']").expect("selector");
    for file in &files {
        let name = file.display().to_string();
        let Ok(text) = std::fs::read_to_string(file) else {
            continue;
        };
        if name.ends_with(".html") {
            let doc = scraper::Html::parse_document(&text);
            prop_assert!(
                doc.select(&x).next().is_none(),
                "an <x> element in {}",
                name
            );
            for script in doc.select(&ld) {
                let json: String = script.text().collect();
                prop_assert!(
                    serde_json::from_str::<serde_json::Value>(&json).is_ok(),
                    "JSON-LD in {} does not parse: {}",
                    name,
                    json
                );
            }
        } else if name.ends_with(".xml") {
            let parsed = roxmltree::Document::parse(&text);
            prop_assert!(
                parsed.is_ok(),
                "{} does not parse: {:?}",
                name,
                parsed.err()
            );
            if let Ok(doc) = parsed {
                prop_assert!(
                    !doc.descendants().any(|n| n.has_tag_name("x")),
                    "an <x> element in {}",
                    name
                );
            }
        } else if name.ends_with(".json") {
            prop_assert!(
                serde_json::from_str::<serde_json::Value>(&text).is_ok(),
                "{} does not parse",
                name
            );
        }
    }
    // The exercise's title and cue are there as text.
    let page = built.page("exercises/test-move/index.html");
    prop_assert_eq!(collapsed(&page.text("h1")), collapsed(&h.title));
    let json = page.all("script[type='application/ld+json']");
    prop_assert_eq!(json.len(), 1);
    let ld: serde_json::Value =
        serde_json::from_str(&json[0].text().collect::<String>()).expect("JSON-LD");
    prop_assert_eq!(ld["name"].as_str(), Some(h.title.trim()));
    // Cues, errors, fixes and stop signals are inline Markdown: their text is what
    // Markdown reads (entities and backslash escapes decoded, raw HTML as text) of the
    // value as read, trimmed (a vertical tab or U+0085 at the end is whitespace to the
    // reader, but a character to replace once inside Markdown text).
    let body = collapsed(&crate::harness::text_of(page.all("body")[0]));
    for text in [&h.cue, &h.error, &h.fix, &h.stop_if] {
        prop_assert!(
            body.contains(&collapsed(&markdown_text(text.trim()))),
            "{:?} is not in the page's text",
            text
        );
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn hostile_front_matter_text_stays_text_in_every_output_file(h in hostile_page()) {
        check_hostile(&h)?;
    }
}

#[test]
fn front_matter_text_ending_in_unusual_whitespace_is_shown_trimmed() {
    // Found by the property test above: a fix of "X\v\u{85}".
    let h = Hostile {
        title: "X<".into(),
        summary: "X<".into(),
        aka: "X<".into(),
        cue: "X<".into(),
        error: "X<".into(),
        fix: "X\u{b}\u{85}".into(),
        stop_if: "X\u{7f}".into(),
        advance_when: "X<".into(),
        date: Ok("2026-11-21"),
    };
    if let Err(e) = check_hostile(&h) {
        panic!("{e}");
    }
}
