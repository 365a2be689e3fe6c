//! The pages `movebook new` writes: every key of the kind, in the documented order, each
//! with a one-line comment, valid as written. Placeholders are real values (a draft page
//! with an example dose), never text that fails the checks.

use crate::frontmatter::Value;

/// Comments start in this column at most (longer lines get two spaces before theirs).
const COMMENT_COLUMN: usize = 30;

/// A page being written: front-matter lines with their comments, then a body.
pub(super) struct Page {
    lines: Vec<(String, String)>,
    body: String,
}

/// `value` as a YAML scalar: plain when YAML reads it back as the same text, else in double
/// quotes (a JSON string is a valid YAML double-quoted string).
pub(super) fn scalar(value: &str) -> String {
    let plain_ok = !value.is_empty()
        && value.trim() == value
        && !value.contains(" #")
        && !value.contains(": ")
        && !value.ends_with(':')
        && matches!(crate::frontmatter::parse(&format!("k: {value}\n")),
            Ok(Value::Mapping(m)) if m.values().next() == Some(&Value::String(value.to_string())));
    if plain_ok {
        value.to_string()
    } else {
        serde_json::to_string(value).unwrap_or_else(|_| "\"\"".to_string())
    }
}

impl Page {
    /// A page whose front matter starts with the schema `modeline` and the title.
    pub(super) fn new(modeline: String, title: &str) -> Page {
        let mut p = Page {
            lines: vec![(modeline, String::new())],
            body: String::new(),
        };
        p.key(
            format!("title: {}", scalar(title)),
            "the name readers see (required)",
        );
        p.key("slug:", "optional: replaces the file name in the URL");
        p
    }

    /// Adds a front-matter line with its comment.
    pub(super) fn key(&mut self, yaml: impl Into<String>, comment: &str) {
        self.lines.push((yaml.into(), comment.to_string()));
    }

    /// Sets the Markdown body.
    pub(super) fn body(&mut self, body: &str) {
        self.body = body.to_string();
    }

    fn common_tail(&mut self) {
        self.key(
            "weight: 0",
            "lists sort by weight (smaller first), then by title",
        );
        self.key(
            "draft: true",
            "true keeps the page out of the site; set to false to publish",
        );
        self.key("date:", "optional: publication date, YYYY-MM-DD");
    }

    /// The file's text.
    pub(super) fn finish(self) -> String {
        let width = self
            .lines
            .iter()
            .filter(|(_, c)| !c.is_empty())
            .map(|(y, _)| y.chars().count())
            .filter(|n| *n < COMMENT_COLUMN)
            .max()
            .unwrap_or(0);
        let mut out = String::from("---\n");
        for (yaml, comment) in &self.lines {
            out.push_str(yaml);
            if !comment.is_empty() {
                let n = yaml.chars().count();
                let pad = if n < width { width - n + 2 } else { 2 };
                out.push_str(&" ".repeat(pad));
                out.push_str("# ");
                out.push_str(comment);
            }
            out.push('\n');
        }
        out.push_str("---\n");
        out.push_str(&self.body);
        out
    }
}

fn list_of(names: &[String]) -> String {
    match names.len() {
        0 => String::new(),
        1..=8 => format!(": {}", names.join(", ")),
        n => format!(": {}, ... ({n} in all)", names[..8].join(", ")),
    }
}

/// An exercise. `muscle` is an existing muscle slug for `target_muscles`; `muscles` all of
/// them, listed in the comment.
pub(super) fn exercise(p: &mut Page, muscle: Option<&str>, muscles: &[String]) {
    p.key(
        "summary: What it does and why, in one sentence.",
        "required: one sentence on one line, shown in lists and search",
    );
    p.key(
        "aka: []",
        "other names readers search for, e.g. [hip bridge]",
    );
    p.key(
        format!("target_muscles: [{}]", muscle.unwrap_or("")),
        &format!(
            "required: muscles it mainly trains, slugs from content/muscles/{}",
            list_of(muscles)
        ),
    );
    p.key(
        "secondary_muscles: []",
        "muscles that help, e.g. [hamstrings]",
    );
    p.key(
        "equipment: []",
        "slugs from content/equipment/; empty means bodyweight",
    );
    p.key(
        "category: strength",
        "activation | strength | stability | mobility | stretch | release",
    );
    p.key("level: beginner", "beginner | intermediate | advanced");
    p.key("sets: 3", "1 to 20, or a range such as 2-3");
    p.key(
        "reps: 10-12",
        "1 to 1000, a range such as 8-12 (smaller first), or max",
    );
    p.key(
        "hold:",
        "optional: 2s (each rep), or 30-60s with no reps (the whole set)",
    );
    p.key("per_side: false", "true when the dose is for each side");
    p.key("rest: 60s", "rest between sets, with a unit: 60s, 1-2m");
    p.key(
        "load:",
        "optional: what to lift or pull, e.g. 5 kg dumbbell, light band",
    );
    p.key(
        "tempo:",
        "optional: seconds lowering-pause-lifting(-pause), e.g. 3-1-1",
    );
    p.key(
        "progression:",
        "easier and harder exercises; write each link on one side only",
    );
    p.key("  easier: []", "slugs from content/exercises/");
    p.key("  harder: []", "slugs from content/exercises/");
    p.key(
        "common_errors: []",
        "mistakes and fixes: - {error: The hips sag, fix: Squeeze the glutes}",
    );
    p.key(
        "cues: []",
        "short coaching cues, e.g. [Drive through the heels]",
    );
    p.key(
        "stop_if: []",
        "signals to stop, e.g. [Pain spreads down a leg]",
    );
    p.key(
        "media: []",
        "pictures and videos: - {src: start.jpg, alt: what the position is, role: start}",
    );
    p.common_tail();
    p.body(
        "## How to do it\n\n1. The starting position.\n2. The movement.\n3. The way back.\n\n## Why it helps\n\nWhat the exercise trains, and who it is for.\n",
    );
}

/// A muscle.
pub(super) fn muscle(p: &mut Page) {
    p.key("summary:", "one sentence on one line: what the muscle does");
    p.key("aka: []", "other names, e.g. [glute med]");
    p.key(
        "region:",
        "where it is, in plain words, e.g. side of the hip",
    );
    p.key(
        "map_region:",
        "body-map region to light up, e.g. gluteus-medius (see docs/content-format.md)",
    );
    p.key(
        "image:",
        "optional: {src: cover.jpg, alt: what it shows}, a file beside index.md or /path under static/",
    );
    p.common_tail();
    p.body("## What it does\n\nIn plain words: what the muscle moves and when you use it.\n");
}

/// A piece of equipment.
pub(super) fn equipment(p: &mut Page) {
    p.key("summary:", "one sentence on one line: what it is");
    p.key("aka: []", "other names, e.g. [loop band]");
    p.key(
        "image:",
        "optional: {src: cover.jpg, alt: what it shows}, a file beside index.md or /path under static/",
    );
    p.common_tail();
    p.body("What to buy, and how to pick the right strength.\n");
}

/// A path with `steps` (existing exercise slugs, easier first).
pub(super) fn path(p: &mut Page, steps: &[String]) {
    p.key("summary:", "one sentence on one line: where the path leads");
    p.key(
        format!("steps: [{}]", steps.join(", ")),
        "required: at least two exercise slugs, easier first",
    );
    p.key(
        "advance_when:",
        "when to move on to the next step, in one sentence",
    );
    p.key(
        "image:",
        "optional: {src: cover.jpg, alt: what it shows}, a file beside index.md or /path under static/",
    );
    p.common_tail();
    p.body("Who the path is for, and how long each step usually takes.\n");
}

/// A routine whose exercise steps are `steps` (slugs; the first gets example overrides).
pub(super) fn routine(p: &mut Page, steps: &[String]) {
    p.key(
        "summary:",
        "one sentence on one line: what the session does, for whom",
    );
    p.key(
        "when:",
        "optional: when or how often, e.g. Two to four times a week",
    );
    p.key("steps:", "required: in order, at least one exercise");
    p.key(
        "  - section: Warm-up",
        "optional: a heading before the next steps",
    );
    for (i, slug) in steps.iter().enumerate() {
        p.key(
            format!("  - exercise: {}", scalar(slug)),
            "an exercise slug (content/exercises/)",
        );
        if i == 0 {
            p.key(
                "    sets: 2",
                "optional: sets, reps, hold, per_side, rest, load, tempo replace the exercise's own",
            );
            p.key(
                "    note: Slow on the way down.",
                "optional: a tip for this routine",
            );
        }
    }
    p.key(
        "image:",
        "optional: {src: cover.jpg, alt: what it shows}, a file beside index.md or /path under static/",
    );
    p.common_tail();
    p.body("Who the routine is for, how often to do it and how to progress.\n");
}

/// An article.
pub(super) fn article(p: &mut Page) {
    p.key(
        "summary:",
        "one sentence on one line (meta description, lists)",
    );
    p.key(
        "image:",
        "optional: {src: cover.jpg, alt: what it shows}, a file beside index.md or /path under static/",
    );
    p.common_tail();
    p.body("## First section\n\nWrite the page here. Start headings at ##.\n");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::front::Kind;
    use crate::model::parse::parse_file;

    fn top_level_keys(text: &str) -> Vec<String> {
        let yaml = text.split("---\n").nth(1).unwrap_or("");
        match crate::frontmatter::parse(yaml) {
            Ok(Value::Mapping(m)) => m
                .keys()
                .filter_map(|k| k.as_str().map(str::to_string))
                .collect(),
            other => panic!("not a mapping: {other:?}"),
        }
    }

    #[test]
    fn every_key_of_the_kind_is_written_in_order_and_the_page_reads_cleanly() {
        let steps = ["a".to_string(), "b".to_string()];
        type Fill<'a> = &'a dyn Fn(&mut Page);
        let cases: [(Kind, &str, Fill); 6] = [
            (Kind::Exercise, "exercises/x.md", &|p| {
                exercise(p, Some("m"), &[]);
            }),
            (Kind::Muscle, "muscles/x.md", &muscle),
            (Kind::Equipment, "equipment/x.md", &equipment),
            (Kind::Path, "paths/x.md", &|p| path(p, &steps)),
            (Kind::Routine, "routines/x.md", &|p| routine(p, &steps)),
            (Kind::Article, "x.md", &article),
        ];
        for (kind, rel, fill) in cases {
            let mut p = Page::new("# modeline".into(), "Single-Leg: Glute #1");
            fill(&mut p);
            let text = p.finish();
            assert_eq!(top_level_keys(&text), kind.keys(), "{rel}:\n{text}");
            let parsed = parse_file(rel, text.as_bytes());
            assert!(
                parsed.diagnostics.is_empty(),
                "{rel}: {:?}\n{text}",
                parsed.diagnostics
            );
            assert_eq!(
                parsed.front.as_ref().map(|f| f.common().title.as_str()),
                Some("Single-Leg: Glute #1")
            );
            for line in text.lines().skip(1).take_while(|l| *l != "---") {
                assert!(
                    line.contains(" # ") || line.starts_with('#'),
                    "no comment: {line}"
                );
            }
        }
    }

    #[test]
    fn titles_are_quoted_only_when_needed() {
        assert_eq!(scalar("Glute Bridge"), "Glute Bridge");
        assert_eq!(scalar("Étirement du piriforme"), "Étirement du piriforme");
        assert_eq!(scalar("Hold: then lower"), "\"Hold: then lower\"");
        assert_eq!(scalar("90/90 #2"), "\"90/90 #2\"");
        assert_eq!(scalar("true"), "\"true\"");
        assert_eq!(scalar("123"), "\"123\"");
        assert_eq!(scalar("- dash"), "\"- dash\"");
        assert_eq!(scalar("[x]"), "\"[x]\"");
        assert_eq!(scalar("\"quoted\""), "\"\\\"quoted\\\"\"");
    }
}
