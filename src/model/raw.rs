//! Front matter exactly as authors write it: one type per page kind, one field per key.
//!
//! These types are what the [`Reader`](crate::model::yaml::Reader) produces (see
//! `front::read`), and they are also where the JSON Schema for editors comes from
//! (`movebook schema`, through schemars): the doc comment of each field is its description
//! in the editor (keep each on one line: schemars keeps line breaks), and unknown keys are
//! refused (`additionalProperties: false`). After reading, each is turned into the model's
//! own shape (`ExerciseFront` groups the dose, for instance).
//!
//! **The schema accepts at least what the reader accepts** (so an editor never flags a
//! file that `movebook check` takes), and refuses as much of the rest as a schema can say
//! on its own: ranges, durations, allowed words, required keys, list shapes. What needs the
//! other pages (does this muscle exist?) only `check` can tell. The custom schemas below
//! spell out the reader's leniency: text may be written as a number, `category` and
//! `reps: max` are case-insensitive, flags may be `yes`/`no`.

use std::borrow::Cow;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};

use crate::model::front::{CommonError, Date, Ref, RoutineStepFront};
use crate::model::media::{ImageRef, MediaItem};
use crate::model::units::{
    Category, CountRange, DurationRange, LOAD_MAX_CHARS, Level, Reps, Tempo,
};

/// A regular expression matching `words` in any letter case, for fields the reader
/// lower-cases before comparing.
fn any_case(words: &[&str]) -> String {
    let alternatives: Vec<String> = words
        .iter()
        .map(|w| {
            w.chars()
                .map(|c| {
                    if c.is_ascii_alphabetic() {
                        format!("[{}{}]", c.to_ascii_lowercase(), c.to_ascii_uppercase())
                    } else {
                        regex_escape(c)
                    }
                })
                .collect()
        })
        .collect();
    format!("(?:{})", alternatives.join("|"))
}

fn regex_escape(c: char) -> String {
    if "\\^$.|?*+()[]{}-".contains(c) {
        format!("\\{c}")
    } else {
        c.to_string()
    }
}

/// Separators of a range, as `units::split_range` reads them.
const RANGE_SEP: &str = r"(?:\s*[-–—]\s*|\s+to\s+)";

fn count_schema(lo: u32, hi: u32, unit: &str, examples: (u32, &str)) -> Schema {
    json_schema!({
        "type": ["integer", "string"],
        "minimum": lo,
        "maximum": hi,
        "pattern": format!(r"^\s*\d+(?:{RANGE_SEP}\d+)?\s*$"),
        "examples": [examples.0, examples.1],
        "description": format!("A whole number of {unit} from {lo} to {hi}, or a range such as 8-12 (smaller number first).")
    })
}

macro_rules! marker {
    ($(#[$doc:meta])* $name:ident, $gen:ident => $body:expr) => {
        $(#[$doc])*
        pub(crate) struct $name;

        impl JsonSchema for $name {
            fn inline_schema() -> bool {
                true
            }
            fn schema_name() -> Cow<'static, str> {
                stringify!($name).into()
            }
            fn json_schema($gen: &mut SchemaGenerator) -> Schema {
                $body
            }
        }
    };
}

marker!(
    /// Text on one line. Numbers and true/false are taken as the text they are written as.
    Text, _g => json_schema!({ "type": ["string", "number", "boolean"] })
);

marker!(
    /// Text that must not be empty or blank.
    RequiredText, _g => json_schema!({ "type": ["string", "number", "boolean"], "pattern": r"\S" })
);

marker!(
    /// The slug of another page (a file name without `.md`).
    Slug, _g => json_schema!({ "type": ["string", "number"], "pattern": r"\S" })
);

marker!(
    /// A slug that replaces the file name in the URL.
    UrlSlug, _g => json_schema!({
        "type": ["string", "number", "boolean"],
        "minimum": 0,
        "pattern": r"^\s*[A-Za-z0-9_][A-Za-z0-9._-]*\s*$"
    })
);

marker!(
    /// true or false (also yes/no, on/off).
    Flag, _g => json_schema!({
        "type": ["boolean", "string"],
        "pattern": format!("^{}$", any_case(&["true", "false", "yes", "no", "on", "off"]))
    })
);

marker!(
    /// A whole number for sorting lists.
    Weight, _g => json_schema!({
        "type": ["integer", "string"],
        "minimum": -1_000_000,
        "maximum": 1_000_000,
        "pattern": r"^\s*[+-]?\d+\s*$"
    })
);

marker!(
    /// `sets`: 1 to 20, or a range.
    Sets, _g => count_schema(1, 20, "sets", (3, "2-3"))
);

impl JsonSchema for Reps {
    fn inline_schema() -> bool {
        true
    }
    fn schema_name() -> Cow<'static, str> {
        "Reps".into()
    }
    /// 1 to 1000, a range, or `max` in any letter case (capitals get a word-case warning).
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": ["integer", "string"],
            "minimum": 1,
            "maximum": 1000,
            "pattern": format!(
                r"^\s*(?:\d+(?:{RANGE_SEP}\d+)?|{})\s*$",
                any_case(&[Reps::MAX_WORD])
            ),
            "examples": [10, "10-15", Reps::MAX_WORD],
            "description": "A whole number of repetitions from 1 to 1000, a range such as 8-12 (smaller number first), or max for as many as possible."
        })
    }
}

marker!(
    /// `load`: text on one line, at most `LOAD_MAX_CHARS` characters once trimmed, not a bare
    /// number.
    Load, _g => json_schema!({
        "type": "string",
        "pattern": format!(r"^\s*\S(?:[^\n\r]{{0,{}}}\S)?\s*$", LOAD_MAX_CHARS - 2),
        "not": { "type": "string", "pattern": r"^\s*[0-9.,]*[0-9][0-9.,]*\s*$" },
        "examples": ["5 kg dumbbell", "light band"]
    })
);

impl JsonSchema for Tempo {
    fn inline_schema() -> bool {
        true
    }
    fn schema_name() -> Cow<'static, str> {
        "Tempo".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "pattern": r"^\s*[0-9Xx](?:\s*-\s*[0-9Xx]){2,3}\s*$",
            "examples": ["3-1-1", "3-1-1-0", "2-0-X-1"],
            "description": "Seconds lowering, pausing, lifting and (optionally) pausing again, each 0 to 9 or X for as fast as you can, joined by '-': 3-1-1 or 3-1-1-0."
        })
    }
}

impl JsonSchema for DurationRange {
    fn inline_schema() -> bool {
        true
    }
    fn schema_name() -> Cow<'static, str> {
        "Duration".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        let unit = any_case(&[
            "seconds", "second", "secs", "sec", "s", "minutes", "minute", "mins", "min", "m",
            "hours", "hour", "hr", "h",
        ]);
        let one = format!(r"\d+\s*{unit}(?:\s*\d+\s*{unit})*");
        json_schema!({
            "type": "string",
            "pattern": format!(r"^\s*(?:(?:{one}|\d+){RANGE_SEP})?{one}\s*$"),
            "examples": ["30s", "1m", "30-60s", "1m30s"],
            "description": "A length of time with its unit (30s, 45 sec, 2 min, 1m30s), or a range (30-60s, 30s-1m). A bare number is refused: seconds or minutes?"
        })
    }
}

impl JsonSchema for Date {
    fn inline_schema() -> bool {
        true
    }
    fn schema_name() -> Cow<'static, str> {
        "Date".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "pattern": r"^\s*[1-9]\d{3}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])(?:[T ](?:[01]\d|2[0-3]):[0-5]\d(?::[0-5]\d)?(?:Z|[+-](?:[01]\d|2[0-3]):[0-5]\d)?)?\s*$",
            "examples": ["2026-11-21", "2026-11-21T08:30Z"],
            "description": "YYYY-MM-DD, or YYYY-MM-DDTHH:MM[:SS] optionally followed by Z or an offset (+02:00)."
        })
    }
}

impl JsonSchema for Ref {
    fn inline_schema() -> bool {
        true
    }
    fn schema_name() -> Cow<'static, str> {
        "Slug".into()
    }
    fn json_schema(g: &mut SchemaGenerator) -> Schema {
        Slug::json_schema(g)
    }
}

/// The schema of a word enumeration: the allowed words (for completion), in any case.
fn words_schema(words: &[&str], what: &str) -> Schema {
    json_schema!({
        "anyOf": [
            { "type": "string", "enum": words },
            { "type": "string", "pattern": format!(r"^\s*{}\s*$", any_case(words)) }
        ],
        "description": format!("The {what}: one of {}, in lower case (other cases are read, with a word-case warning).", words.join(", "))
    })
}

impl JsonSchema for Category {
    fn inline_schema() -> bool {
        true
    }
    fn schema_name() -> Cow<'static, str> {
        "Category".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        let words: Vec<&str> = Category::ALL.iter().map(|c| c.word()).collect();
        words_schema(&words, "kind of work")
    }
}

impl JsonSchema for Level {
    fn inline_schema() -> bool {
        true
    }
    fn schema_name() -> Cow<'static, str> {
        "Level".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        let words: Vec<&str> = Level::ALL.iter().map(|c| c.word()).collect();
        words_schema(&words, "level")
    }
}

/// `progression:` of an exercise.
#[derive(Debug, Clone, Default, PartialEq, Eq, JsonSchema)]
#[schemars(deny_unknown_fields, inline)]
pub(crate) struct RawProgression {
    /// Easier exercises (regressions), by slug. Write each link once, on either page: the other side is added for you.
    #[schemars(with = "Option<Vec<Ref>>")]
    pub easier: Vec<Ref>,
    /// Harder exercises (progressions), by slug.
    #[schemars(with = "Option<Vec<Ref>>")]
    pub harder: Vec<Ref>,
}

/// The front matter of an exercise: `content/exercises/<slug>.md`.
#[derive(Debug, Clone, PartialEq, Eq, JsonSchema)]
#[schemars(
    deny_unknown_fields,
    title = "movebook exercise",
    description = "Front matter of an exercise page (content/exercises/<slug>.md)."
)]
pub(crate) struct RawExercise {
    /// The exercise's name, the page heading. Required.
    #[schemars(with = "RequiredText")]
    pub title: String,
    /// Replaces the file name in the URL: letters, digits, '-', '_' and '.'.
    #[schemars(with = "Option<UrlSlug>")]
    pub slug: Option<String>,
    /// One sentence, on one line: what the exercise does and why. Shown in lists and search results. Required.
    #[schemars(with = "RequiredText")]
    pub summary: Option<String>,
    /// Other names readers may search for (used in search and 'did you mean' hints).
    #[schemars(with = "Option<Vec<RequiredText>>")]
    pub aka: Vec<String>,
    /// The muscles it mainly trains: slugs of pages in content/muscles/. At least one.
    #[schemars(with = "Vec<Ref>", length(min = 1))]
    pub target_muscles: Vec<Ref>,
    /// Muscles that help: slugs of pages in content/muscles/.
    #[schemars(with = "Option<Vec<Ref>>")]
    pub secondary_muscles: Vec<Ref>,
    /// Equipment needed: slugs of pages in content/equipment/. Empty means bodyweight.
    #[schemars(with = "Option<Vec<Ref>>")]
    pub equipment: Vec<Ref>,
    /// The kind of work. Required.
    pub category: Category,
    /// How demanding it is. Required.
    pub level: Level,
    /// Number of sets: 1 to 20, or a range such as 2-3.
    #[schemars(with = "Option<Sets>")]
    pub sets: Option<CountRange>,
    /// Repetitions per set: 1 to 1000, a range such as 10-15 (smaller first), or max for as many as possible.
    pub reps: Option<Reps>,
    /// How long to hold: 2s, 30-60s, 1m. With reps, each rep is held that long; without reps, the whole set is one hold.
    #[schemars(with = "Option<DurationRange>")]
    pub hold: Option<DurationRange>,
    /// true when the dose is for each side.
    #[schemars(with = "Option<Flag>")]
    pub per_side: bool,
    /// Rest between sets: 60s, 1-2m.
    #[schemars(with = "Option<DurationRange>")]
    pub rest: Option<DurationRange>,
    /// What to lift or pull, in a few words on one line (at most 80 characters, with a unit): 5 kg dumbbell, light band.
    #[schemars(with = "Option<Load>")]
    pub load: Option<String>,
    /// The speed of each rep: seconds lowering, pausing, lifting and (optionally) pausing again, each 0 to 9 or X (as fast as you can): 3-1-1, 3-1-1-0.
    pub tempo: Option<Tempo>,
    /// Easier and harder exercises.
    #[schemars(with = "Option<RawProgression>")]
    pub progression: RawProgression,
    /// Mistakes people make, each with its fix.
    #[schemars(with = "Option<Vec<CommonError>>")]
    pub common_errors: Vec<CommonError>,
    /// Short coaching cues.
    #[schemars(with = "Option<Vec<RequiredText>>")]
    pub cues: Vec<String>,
    /// Signals to stop the exercise (pain, numbness...).
    #[schemars(with = "Option<Vec<RequiredText>>")]
    pub stop_if: Vec<String>,
    /// Pictures and videos, shown in this order: start and end positions side by side, steps numbered.
    #[schemars(with = "Option<Vec<MediaItem>>")]
    pub media: Vec<MediaItem>,
    /// Lists sort by weight (smaller first), then by title.
    #[schemars(with = "Option<Weight>")]
    pub weight: i64,
    /// true leaves the page out of the site unless built with --drafts.
    #[schemars(with = "Option<Flag>")]
    pub draft: bool,
    /// Publication date, YYYY-MM-DD.
    #[schemars(with = "Option<Date>")]
    pub date: Option<Date>,
}

/// The front matter of a muscle: `content/muscles/<slug>.md`.
#[derive(Debug, Clone, PartialEq, Eq, JsonSchema)]
#[schemars(
    deny_unknown_fields,
    title = "movebook muscle",
    description = "Front matter of a muscle page (content/muscles/<slug>.md)."
)]
pub(crate) struct RawMuscle {
    /// The muscle's name, the page heading. Required.
    #[schemars(with = "RequiredText")]
    pub title: String,
    /// Replaces the file name in the URL: letters, digits, '-', '_' and '.'.
    #[schemars(with = "Option<UrlSlug>")]
    pub slug: Option<String>,
    /// One sentence, on one line: what the muscle does.
    #[schemars(with = "Option<Text>")]
    pub summary: Option<String>,
    /// Other names (glute max, glutes): used in search and 'did you mean' hints.
    #[schemars(with = "Option<Vec<RequiredText>>")]
    pub aka: Vec<String>,
    /// Where it is, in plain words (side of the hip).
    #[schemars(with = "Option<Text>")]
    pub region: Option<String>,
    /// The region of the theme's body map that shows this muscle (gluteus-medius).
    #[schemars(with = "Option<Text>")]
    pub map_region: Option<String>,
    /// The page's picture in lists and when shared: {src, alt}.
    pub image: Option<ImageRef>,
    /// Lists sort by weight (smaller first), then by title.
    #[schemars(with = "Option<Weight>")]
    pub weight: i64,
    /// true leaves the page out of the site unless built with --drafts.
    #[schemars(with = "Option<Flag>")]
    pub draft: bool,
    /// Publication date, YYYY-MM-DD.
    #[schemars(with = "Option<Date>")]
    pub date: Option<Date>,
}

/// The front matter of a piece of equipment: `content/equipment/<slug>.md`.
#[derive(Debug, Clone, PartialEq, Eq, JsonSchema)]
#[schemars(
    deny_unknown_fields,
    title = "movebook equipment",
    description = "Front matter of an equipment page (content/equipment/<slug>.md)."
)]
pub(crate) struct RawEquipment {
    /// The equipment's name, the page heading. Required.
    #[schemars(with = "RequiredText")]
    pub title: String,
    /// Replaces the file name in the URL: letters, digits, '-', '_' and '.'.
    #[schemars(with = "Option<UrlSlug>")]
    pub slug: Option<String>,
    /// One sentence, on one line: what it is.
    #[schemars(with = "Option<Text>")]
    pub summary: Option<String>,
    /// Other names (loop band).
    #[schemars(with = "Option<Vec<RequiredText>>")]
    pub aka: Vec<String>,
    /// The page's picture in lists and when shared: {src, alt}.
    pub image: Option<ImageRef>,
    /// Lists sort by weight (smaller first), then by title.
    #[schemars(with = "Option<Weight>")]
    pub weight: i64,
    /// true leaves the page out of the site unless built with --drafts.
    #[schemars(with = "Option<Flag>")]
    pub draft: bool,
    /// Publication date, YYYY-MM-DD.
    #[schemars(with = "Option<Date>")]
    pub date: Option<Date>,
}

/// The front matter of a progression path: `content/paths/<slug>.md`.
#[derive(Debug, Clone, PartialEq, Eq, JsonSchema)]
#[schemars(
    deny_unknown_fields,
    title = "movebook path",
    description = "Front matter of a progression path (content/paths/<slug>.md)."
)]
pub(crate) struct RawPath {
    /// The path's name, the page heading. Required.
    #[schemars(with = "RequiredText")]
    pub title: String,
    /// Replaces the file name in the URL: letters, digits, '-', '_' and '.'.
    #[schemars(with = "Option<UrlSlug>")]
    pub slug: Option<String>,
    /// One sentence, on one line: where the path leads.
    #[schemars(with = "Option<Text>")]
    pub summary: Option<String>,
    /// The exercises in order, easier first: at least two slugs of pages in content/exercises/, none twice. Required.
    #[schemars(with = "Vec<Ref>", length(min = 2), extend("uniqueItems" = true))]
    pub steps: Vec<Ref>,
    /// When to move on to the next step.
    #[schemars(with = "Option<Text>")]
    pub advance_when: Option<String>,
    /// The page's picture in lists and when shared: {src, alt}.
    pub image: Option<ImageRef>,
    /// Lists sort by weight (smaller first), then by title.
    #[schemars(with = "Option<Weight>")]
    pub weight: i64,
    /// true leaves the page out of the site unless built with --drafts.
    #[schemars(with = "Option<Flag>")]
    pub draft: bool,
    /// Publication date, YYYY-MM-DD.
    #[schemars(with = "Option<Date>")]
    pub date: Option<Date>,
}

/// A heading between the steps of a routine (for the schema only: read as
/// [`RoutineStepFront::Section`]).
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields, inline)]
#[allow(dead_code)]
pub(crate) struct SectionStep {
    /// A heading shown before the next steps (Warm-up, Main block, Cool-down).
    #[schemars(with = "RequiredText")]
    section: String,
}

/// An exercise step of a routine (for the schema only: read as
/// [`RoutineStepFront::Exercise`]).
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields, inline)]
#[allow(dead_code)]
pub(crate) struct ExerciseStep {
    /// The exercise: the slug of a page in content/exercises/. Required.
    #[schemars(with = "Ref")]
    exercise: String,
    /// Sets for this routine (replaces the exercise's own): 1 to 20, or a range such as 2-3.
    #[schemars(with = "Option<Sets>")]
    sets: Option<CountRange>,
    /// Reps for this routine (replaces the exercise's own): 1 to 1000, a range such as 10-15, or max.
    reps: Option<Reps>,
    /// Hold for this routine (replaces the exercise's own): 2s, 30-60s, 1m.
    #[schemars(with = "Option<DurationRange>")]
    hold: Option<DurationRange>,
    /// true when the step's dose is for each side (say it whenever reps or hold are set for a per-side exercise).
    #[schemars(with = "Option<Flag>")]
    per_side: Option<bool>,
    /// Rest between sets for this routine: 60s, 1-2m.
    #[schemars(with = "Option<DurationRange>")]
    rest: Option<DurationRange>,
    /// What to lift or pull in this routine: 5 kg dumbbell, light band.
    #[schemars(with = "Option<Load>")]
    load: Option<String>,
    /// The speed of each rep in this routine: 3-1-1.
    tempo: Option<Tempo>,
    /// A short tip for this exercise in this routine.
    #[schemars(with = "Option<Text>")]
    note: Option<String>,
}

/// A step of a routine: a heading or an exercise (for the schema).
#[derive(JsonSchema)]
#[schemars(untagged, inline)]
#[allow(dead_code)]
pub(crate) enum StepSchema {
    /// A heading.
    Section(SectionStep),
    /// An exercise.
    Exercise(ExerciseStep),
}

/// The front matter of a routine: `content/routines/<slug>.md`.
#[derive(Debug, Clone, PartialEq, Eq, JsonSchema)]
#[schemars(
    deny_unknown_fields,
    title = "movebook routine",
    description = "Front matter of a routine, a session to follow (content/routines/<slug>.md)."
)]
pub(crate) struct RawRoutine {
    /// The routine's name, the page heading. Required.
    #[schemars(with = "RequiredText")]
    pub title: String,
    /// Replaces the file name in the URL: letters, digits, '-', '_' and '.'.
    #[schemars(with = "Option<UrlSlug>")]
    pub slug: Option<String>,
    /// One sentence, on one line: what the session does and for whom.
    #[schemars(with = "Option<Text>")]
    pub summary: Option<String>,
    /// When or how often to do it, in words (Before every lower-body workout).
    #[schemars(with = "Option<Text>")]
    pub when: Option<String>,
    /// The steps in order: '- exercise: slug' (with optional sets, reps, hold, per_side, rest, load, tempo, note) or '- section: Heading'. At least one exercise. Required.
    #[schemars(with = "Vec<StepSchema>", length(min = 1))]
    pub steps: Vec<RoutineStepFront>,
    /// The page's picture in lists and when shared: {src, alt}.
    pub image: Option<ImageRef>,
    /// Lists sort by weight (smaller first), then by title.
    #[schemars(with = "Option<Weight>")]
    pub weight: i64,
    /// true leaves the page out of the site unless built with --drafts.
    #[schemars(with = "Option<Flag>")]
    pub draft: bool,
    /// Publication date, YYYY-MM-DD.
    #[schemars(with = "Option<Date>")]
    pub date: Option<Date>,
}

/// The front matter of an article: any other `content/**/<slug>.md`.
#[derive(Debug, Clone, PartialEq, Eq, JsonSchema)]
#[schemars(
    deny_unknown_fields,
    title = "movebook page",
    description = "Front matter of an article page (content/<slug>.md, content/<folder>/<slug>.md)."
)]
pub(crate) struct RawPage {
    /// The page title, the page heading. Required.
    #[schemars(with = "RequiredText")]
    pub title: String,
    /// Replaces the file name in the URL: letters, digits, '-', '_' and '.'.
    #[schemars(with = "Option<UrlSlug>")]
    pub slug: Option<String>,
    /// One sentence, on one line (meta description, lists).
    #[schemars(with = "Option<Text>")]
    pub summary: Option<String>,
    /// The page's picture in lists and when shared: {src, alt}.
    pub image: Option<ImageRef>,
    /// Lists sort by weight (smaller first), then by title.
    #[schemars(with = "Option<Weight>")]
    pub weight: i64,
    /// true leaves the page out of the site unless built with --drafts.
    #[schemars(with = "Option<Flag>")]
    pub draft: bool,
    /// Publication date, YYYY-MM-DD: shown on the page, used in the sitemap and feed.
    #[schemars(with = "Option<Date>")]
    pub date: Option<Date>,
}

/// The front matter of the home page (`content/_index.md`) and of section intros
/// (`content/exercises/_index.md`, ...).
#[derive(Debug, Clone, PartialEq, Eq, JsonSchema)]
#[schemars(
    deny_unknown_fields,
    title = "movebook index page",
    description = "Front matter of the home page (content/_index.md) and of list-page intros (content/<section>/_index.md)."
)]
pub(crate) struct RawIndex {
    /// The page title. Required.
    #[schemars(with = "RequiredText")]
    pub title: String,
    /// One sentence, on one line (meta description).
    #[schemars(with = "Option<Text>")]
    pub summary: Option<String>,
    /// The page's picture in lists and when shared: {src, alt}.
    pub image: Option<ImageRef>,
}

/// Front matter as written, by page kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum RawFront {
    /// The home page.
    Home(RawIndex),
    /// A list page's intro.
    Section(RawIndex),
    /// An exercise.
    Exercise(Box<RawExercise>),
    /// A muscle.
    Muscle(RawMuscle),
    /// A piece of equipment.
    Equipment(RawEquipment),
    /// A path.
    Path(RawPath),
    /// A routine.
    Routine(RawRoutine),
    /// An article.
    Page(RawPage),
}
