//! The front matter of each page kind, as typed values, and how each is read.
//!
//! Every key of the content contract (`docs/content-format.md`) is a field here. Reading
//! checks each field on its own (shape, range, allowed words) and records every problem;
//! references to other pages (muscles, equipment, exercises) are kept as [`Ref`]s with their
//! field path and checked later, in `resolve`, when all pages are known.

use serde::Serialize;

use crate::diagnostic::Code;
use crate::frontmatter::{FieldPath, Value};
use crate::model::media::{ImageRef, MediaItem};
use crate::model::raw::{
    RawEquipment, RawExercise, RawFront, RawIndex, RawMuscle, RawPage, RawPath, RawProgression,
    RawRoutine,
};
use crate::model::units::{
    Category, CountRange, Dose, DurationRange, Level, Reps, ValueProblem, parse_count,
    parse_duration_range, parse_load, parse_reps, parse_tempo,
};
use crate::model::yaml::{Object, Reader};

// Messages too long to sit inside a statement (rustfmt leaves such statements unformatted).
const HINT_ADD_EXERCISE_STEP: &str = "add steps, one per line: '- exercise: glute-bridge' (a file name in content/exercises/), optionally with sets, reps, hold, rest or note under it";
const HINT_ADD_STEPS_FIRST_EXERCISE_SECOND: &str =
    "add 'steps: [first-exercise, second-exercise]' with at least two exercise slugs, easier first";

/// A slug written in front matter, with where it was written.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct Ref {
    /// The slug as written (trimmed).
    pub slug: String,
    /// The keys of the list it is in: `["target_muscles"]`, `["progression", "harder"]`. The
    /// index goes after the last key, or where a `"[]"` stands: `["steps", "[]", "exercise"]`
    /// is `steps[2].exercise`. Kept compact (no allocation) because a large site has hundreds
    /// of thousands of refs.
    field: &'static [&'static str],
    /// Its index in that list.
    index: u32,
}

impl Ref {
    /// A reference to `slug`, item `index` of the list at `field`.
    pub(crate) fn new(
        slug: impl Into<String>,
        field: &'static [&'static str],
        index: usize,
    ) -> Self {
        Ref {
            slug: slug.into(),
            field,
            index: index as u32,
        }
    }

    /// Where it is written: `target_muscles[2]`, `progression.harder[0]`,
    /// `steps[3].exercise`.
    pub(crate) fn path(&self) -> FieldPath {
        let mut p = FieldPath::root();
        let mut indexed = false;
        for k in self.field {
            if *k == INDEX_HERE {
                p = p.index(self.index as usize);
                indexed = true;
            } else {
                p = p.key(k);
            }
        }
        if indexed {
            p
        } else {
            p.index(self.index as usize)
        }
    }
}

/// In a [`Ref`]'s field, where the index of the list item goes.
pub(crate) const INDEX_HERE: &str = "[]";

/// A calendar date `YYYY-MM-DD`, optionally with a time (`2026-11-21T08:30:00Z`).
///
/// Read strictly (with the `time` crate), so the text it keeps is always an RFC 3339
/// date-time made of digits, `-`, `:`, `T`, `Z` and `+`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    /// RFC 3339: `2026-11-21T00:00:00Z`, `2026-11-21T08:30:00+02:00`.
    rfc3339: String,
}

const HINT_DATE_FORMS: &str = "write the date as YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS], optionally followed by Z or an offset like +02:00, e.g. date: 2026-11-21 or date: 2026-11-21T08:30Z";

type Format = &'static [time::format_description::BorrowedFormatItem<'static>];
const DAY: Format = time::macros::format_description!("[year]-[month]-[day]");
const HOUR_MINUTE: Format = time::macros::format_description!("[hour]:[minute]");
const HOUR_MINUTE_SECOND: Format = time::macros::format_description!("[hour]:[minute]:[second]");
const OFFSET: Format =
    time::macros::format_description!("[offset_hour sign:mandatory]:[offset_minute]");
const DAY_AND_TIME: Format =
    time::macros::format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]");

impl Date {
    /// Parses the accepted forms: `YYYY-MM-DD`, or `YYYY-MM-DDTHH:MM[:SS]` with an optional
    /// `Z` or `±HH:MM`. Anything else is a problem whose hint shows these forms.
    pub fn parse(raw: &str) -> Result<Date, ValueProblem> {
        let raw = raw.trim();
        let bad = |why: &str| ValueProblem {
            message: format!("'{raw}' is not a date{why}"),
            hint: Some(HINT_DATE_FORMS.into()),
        };
        // `time` reads a sign before the year (`+2026-11-21`): a date starts with a digit.
        if !raw.starts_with(|c: char| c.is_ascii_digit()) {
            return Err(bad(""));
        }
        // A space may stand for the `T` (as YAML timestamps and RFC 3339 allow).
        let (day_text, clock_text) = match raw.split_once(['T', ' ']) {
            Some((d, t)) => (d, Some(t)),
            None => (raw, None),
        };
        let Ok(day) = time::Date::parse(day_text, DAY) else {
            return Err(bad(""));
        };
        if day.year() < 1000 {
            return Err(bad(""));
        }
        let Some(clock_text) = clock_text else {
            return Ok(Date {
                rfc3339: format!("{day_text}T00:00:00Z"),
            });
        };
        // The zone: `Z`, `+HH:MM`, `-HH:MM` or nothing (UTC, written `Z`).
        let (clock_text, offset) = if let Some(c) = clock_text.strip_suffix('Z') {
            (c, None)
        } else if let Some(at) = clock_text.find(['+', '-']) {
            let Some((c, o)) = clock_text.split_at_checked(at) else {
                return Err(bad(""));
            };
            match time::UtcOffset::parse(o, OFFSET) {
                Ok(offset) if offset.whole_hours().abs() < 24 => (c, Some(offset)),
                _ => return Err(bad(": the offset must be +HH:MM or -HH:MM")),
            }
        } else {
            (clock_text, None)
        };
        let clock = time::Time::parse(clock_text, HOUR_MINUTE_SECOND)
            .or_else(|_| time::Time::parse(clock_text, HOUR_MINUTE))
            .map_err(|_| bad(""))?;
        let written = time::PrimitiveDateTime::new(day, clock).format(DAY_AND_TIME);
        let zone = match offset {
            None => Ok("Z".to_string()),
            Some(o) => o.format(OFFSET),
        };
        match (written, zone) {
            (Ok(w), Ok(z)) => Ok(Date {
                rfc3339: format!("{w}{z}"),
            }),
            _ => Err(bad("")),
        }
    }

    /// The date part, `YYYY-MM-DD`.
    pub fn day(&self) -> &str {
        // RFC 3339 text starts with an ASCII `YYYY-MM-DD`.
        self.rfc3339.get(..10).unwrap_or(&self.rfc3339)
    }

    /// The day in words of `w` (`30 November 2026`).
    pub fn words(&self, w: &crate::i18n::Strings) -> String {
        let mut parts = self.day().split('-').map(|p| p.parse::<i32>().unwrap_or(0));
        let (y, m, d) = (
            parts.next().unwrap_or(0),
            parts.next().unwrap_or(1),
            parts.next().unwrap_or(1),
        );
        w.date(
            y,
            u8::try_from(m).unwrap_or(1),
            u8::try_from(d).unwrap_or(1),
        )
    }

    /// RFC 3339 form for feeds and sitemaps (midnight UTC when only a day is given).
    pub fn rfc3339(&self) -> &str {
        &self.rfc3339
    }
}

/// Fields every page kind has.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct Common {
    /// The page title.
    pub title: String,
    /// A slug that replaces the file stem in the URL.
    pub slug: Option<String>,
    /// One-sentence summary (meta description, list entries).
    pub summary: Option<String>,
    /// Ordering key within lists (smaller first).
    pub weight: i64,
    /// Drafts are published only with `--drafts`.
    pub draft: bool,
    /// Publication date (feeds, sitemap).
    pub date: Option<Date>,
    /// The page's picture (`image:`; exercises have `media:` instead).
    pub image: Option<ImageRef>,
}

/// An error → fix pair.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, schemars::JsonSchema)]
#[schemars(deny_unknown_fields, inline)]
pub struct CommonError {
    /// What goes wrong, as the reader would notice it (The hips sag).
    #[schemars(with = "crate::model::raw::RequiredText")]
    pub error: String,
    /// How to put it right (Squeeze the glutes and lift the hips level).
    #[schemars(with = "crate::model::raw::RequiredText")]
    pub fix: String,
}

/// Exercise front matter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ExerciseFront {
    /// Shared fields.
    pub common: Common,
    /// Other names readers search for.
    pub aka: std::sync::Arc<[String]>,
    /// Muscles the exercise mainly trains.
    pub target_muscles: Vec<Ref>,
    /// Muscles that help.
    pub secondary_muscles: Vec<Ref>,
    /// Equipment; empty means bodyweight.
    pub equipment: Vec<Ref>,
    /// Kind of work.
    pub category: Category,
    /// How demanding.
    pub level: Level,
    /// Sets, reps, hold, rest, per side, load, tempo.
    pub dose: Dose,
    /// Regressions as written.
    pub easier: Vec<Ref>,
    /// Progressions as written.
    pub harder: Vec<Ref>,
    /// Error → fix pairs.
    pub common_errors: std::sync::Arc<[CommonError]>,
    /// Coaching cues.
    pub cues: std::sync::Arc<[String]>,
    /// Signals to stop.
    pub stop_if: std::sync::Arc<[String]>,
    /// Pictures and videos, in order.
    pub media: std::sync::Arc<[MediaItem]>,
}

/// Muscle front matter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct MuscleFront {
    /// Shared fields.
    pub common: Common,
    /// Other names.
    pub aka: std::sync::Arc<[String]>,
    /// Free text: where the muscle is.
    pub region: Option<String>,
    /// The region of the theme's body map that shows this muscle.
    pub map_region: Option<String>,
}

/// Equipment front matter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct EquipmentFront {
    /// Shared fields.
    pub common: Common,
    /// Other names.
    pub aka: std::sync::Arc<[String]>,
}

/// Path front matter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PathFront {
    /// Shared fields.
    pub common: Common,
    /// Exercise slugs in order, easier first.
    pub steps: Vec<Ref>,
    /// When to move on to the next step.
    pub advance_when: Option<String>,
}

/// One step of a routine as written: a heading, or an exercise with its dose overrides.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum RoutineStepFront {
    /// `- section: Warm-up`: a heading before the next steps.
    Section(String),
    /// `- exercise: glute-bridge` with optional dose keys and a note.
    Exercise(Box<ExerciseStepFront>),
}

/// An exercise step of a routine as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ExerciseStepFront {
    /// The exercise (`steps[i].exercise`).
    pub exercise: Ref,
    /// Dose keys written on the step; each replaces the exercise's own.
    pub dose: DoseOverride,
    /// A tip for this routine (inline Markdown).
    pub note: Option<String>,
}

/// The dose keys a routine step may set. `None` keeps the exercise's value.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct DoseOverride {
    /// Sets.
    pub sets: Option<CountRange>,
    /// Reps.
    pub reps: Option<Reps>,
    /// Hold.
    pub hold: Option<DurationRange>,
    /// For each side.
    pub per_side: Option<bool>,
    /// Rest between sets.
    pub rest: Option<DurationRange>,
    /// Load.
    pub load: Option<String>,
    /// Tempo.
    pub tempo: Option<crate::model::units::Tempo>,
}

impl DoseOverride {
    /// `base` with every key written here replacing its own.
    pub(crate) fn apply(&self, base: &Dose) -> Dose {
        Dose {
            sets: self.sets.or(base.sets),
            reps: self.reps.or(base.reps),
            hold: self.hold.or(base.hold),
            per_side: self.per_side.unwrap_or(base.per_side),
            rest: self.rest.or(base.rest),
            load: self.load.clone().or_else(|| base.load.clone()),
            tempo: self.tempo.or(base.tempo),
        }
    }
}

/// Routine front matter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RoutineFront {
    /// Shared fields.
    pub common: Common,
    /// When or how often (inline Markdown).
    pub when: Option<String>,
    /// The steps in order.
    pub steps: Vec<RoutineStepFront>,
}

/// The typed front matter of a page, by kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Front {
    /// `content/_index.md`.
    Home(Common),
    /// `content/<section>/_index.md`: title and intro of a list page.
    Section(Common),
    /// `content/exercises/*.md`.
    Exercise(Box<ExerciseFront>),
    /// `content/muscles/*.md`.
    Muscle(MuscleFront),
    /// `content/equipment/*.md`.
    Equipment(EquipmentFront),
    /// `content/paths/*.md`.
    Path(PathFront),
    /// `content/routines/*.md`.
    Routine(RoutineFront),
    /// Any other Markdown file.
    Article(Common),
}

impl Front {
    /// The shared fields.
    pub(crate) fn common(&self) -> &Common {
        match self {
            Front::Home(c) | Front::Section(c) | Front::Article(c) => c,
            Front::Exercise(e) => &e.common,
            Front::Muscle(m) => &m.common,
            Front::Equipment(e) => &e.common,
            Front::Path(p) => &p.common,
            Front::Routine(r) => &r.common,
        }
    }
}

/// The kind of page a content file is, from where it sits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    /// Home page.
    Home,
    /// Intro of a list page.
    Section(Section),
    /// An exercise.
    Exercise,
    /// A muscle.
    Muscle,
    /// A piece of equipment.
    Equipment,
    /// A progression path.
    Path,
    /// A routine: a session to follow.
    Routine,
    /// A plain page.
    Article,
}

/// The folders with a page kind of their own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Section {
    /// `content/exercises/`.
    Exercises,
    /// `content/muscles/`.
    Muscles,
    /// `content/equipment/`.
    Equipment,
    /// `content/paths/`.
    Paths,
    /// `content/routines/`.
    Routines,
}

impl Section {
    /// All sections.
    pub const ALL: [Section; 5] = [
        Section::Exercises,
        Section::Muscles,
        Section::Equipment,
        Section::Paths,
        Section::Routines,
    ];

    /// The folder name, which is also the URL segment.
    pub fn dir(self) -> &'static str {
        match self {
            Section::Exercises => "exercises",
            Section::Muscles => "muscles",
            Section::Equipment => "equipment",
            Section::Paths => "paths",
            Section::Routines => "routines",
        }
    }
}

impl Kind {
    /// Classifies a path relative to `content/`.
    pub fn of(rel: &str) -> Kind {
        if rel == "_index.md" {
            return Kind::Home;
        }
        let Some((first, rest)) = rel.split_once('/') else {
            return Kind::Article;
        };
        let section = Section::ALL.into_iter().find(|s| s.dir() == first);
        match section {
            Some(s) if rest == "_index.md" => Kind::Section(s),
            Some(Section::Exercises) => Kind::Exercise,
            Some(Section::Muscles) => Kind::Muscle,
            Some(Section::Equipment) => Kind::Equipment,
            Some(Section::Paths) => Kind::Path,
            Some(Section::Routines) => Kind::Routine,
            None => Kind::Article,
        }
    }

    /// "an exercise", for messages.
    pub fn noun(self) -> &'static str {
        match self {
            Kind::Home => "the home page",
            Kind::Section(_) => "a section page",
            Kind::Exercise => "an exercise",
            Kind::Muscle => "a muscle page",
            Kind::Equipment => "an equipment page",
            Kind::Path => "a path",
            Kind::Routine => "a routine",
            Kind::Article => "a page",
        }
    }

    /// The keys this kind accepts.
    pub fn keys(self) -> &'static [&'static str] {
        match self {
            Kind::Home | Kind::Section(_) => &["title", "summary", "image"],
            Kind::Article => &[
                "title", "slug", "summary", "image", "weight", "draft", "date",
            ],
            Kind::Exercise => &[
                "title",
                "slug",
                "summary",
                "aka",
                "target_muscles",
                "secondary_muscles",
                "equipment",
                "category",
                "level",
                "sets",
                "reps",
                "hold",
                "per_side",
                "rest",
                "load",
                "tempo",
                "progression",
                "common_errors",
                "cues",
                "stop_if",
                "media",
                "weight",
                "draft",
                "date",
            ],
            Kind::Muscle => &[
                "title",
                "slug",
                "summary",
                "aka",
                "region",
                "map_region",
                "image",
                "weight",
                "draft",
                "date",
            ],
            Kind::Equipment => &[
                "title", "slug", "summary", "aka", "image", "weight", "draft", "date",
            ],
            Kind::Path => &[
                "title",
                "slug",
                "summary",
                "steps",
                "advance_when",
                "image",
                "weight",
                "draft",
                "date",
            ],
            Kind::Routine => &[
                "title", "slug", "summary", "when", "steps", "image", "weight", "draft", "date",
            ],
        }
    }
}

/// True when `s` can be used as a URL segment as is.
pub(crate) fn is_url_safe(s: &str) -> bool {
    !s.is_empty()
        && !s.starts_with(['.', '-'])
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

fn read_common(r: &mut Reader, obj: &Object, kind: Kind) -> Common {
    let title = r
        .required_text(obj, "title", "Glute Bridge")
        .unwrap_or_default();
    let slug = r.optional_text(obj, "slug");
    if let Some(s) = &slug
        && !is_url_safe(s)
    {
        r.problem(
            &obj.path("slug"),
            Code::BadValue,
            format!("slug '{s}' cannot be used in a URL"),
            Some(format!(
                "use lowercase letters, digits and hyphens, e.g. slug: {}",
                crate::slug::slugify(s)
            )),
        );
    }
    let summary = if kind == Kind::Exercise {
        r.required_text(
            obj,
            "summary",
            "Lift the hips from the floor to wake up the glutes.",
        )
    } else {
        r.optional_text(obj, "summary")
    };
    if let Some(s) = &summary
        && s.contains('\n')
    {
        r.problem(
            &obj.path("summary"),
            Code::BadValue,
            "the summary runs over more than one line",
            Some("write the summary as one line; longer text belongs in the body".into()),
        );
    }
    let weight = read_weight(r, obj, kind).unwrap_or(0);
    let draft = r.flag(obj, "draft");
    let date = r.parsed(obj, "date", Date::parse);
    let image = if kind == Kind::Exercise {
        None
    } else {
        crate::model::media::read_image(r, obj)
    };
    Common {
        title,
        slug: slug.filter(|s| is_url_safe(s)),
        summary,
        weight,
        draft,
        date,
        image,
    }
}

/// Reads `weight`, the position in lists. Text that reads like a load (`5kg`, `2.5 lb`,
/// `5 kg dumbbell`: not a whole number, with digits and letters) gets a message that says
/// what `weight` is and, on an exercise, the `load:` line to write instead.
fn read_weight(r: &mut Reader, obj: &Object, kind: Kind) -> Option<i64> {
    if let Some(Value::String(s)) = obj.get("weight") {
        let written = s.trim();
        let reads_like_load = written.parse::<i64>().is_err()
            && written.chars().any(|c| c.is_ascii_digit())
            && written.chars().any(char::is_alphabetic);
        if reads_like_load {
            let hint = if kind == Kind::Exercise {
                let load = serde_json::to_string(written).unwrap_or_default();
                format!(
                    "weight orders lists (a whole number, smaller first, e.g. weight: 10); to say what to lift, write load: {load}"
                )
            } else {
                "weight orders lists: write a whole number such as weight: 10 (smaller comes first)"
                    .to_string()
            };
            r.problem(
                &obj.path("weight"),
                Code::WrongType,
                format!("weight '{written}' reads like a load, but weight is a position in lists"),
                Some(hint),
            );
            return None;
        }
    }
    r.integer(obj, "weight", -1_000_000, 1_000_000)
}

/// Reads the list of slugs at `field` (its last key is the key in `obj`).
fn read_refs(
    r: &mut Reader,
    obj: &Object,
    field: &'static [&'static str],
    items_are: &str,
) -> Vec<Ref> {
    let key = field.last().copied().unwrap_or_default();
    r.list(obj, key, items_are, |r, v, path| {
        let index = match path.0.last() {
            Some(crate::frontmatter::Seg::Index(i)) => *i,
            _ => 0,
        };
        let slug = r.text(v, path)?;
        let slug = slug.trim();
        if slug.is_empty() {
            r.problem(
                path,
                Code::MissingField,
                format!("{path} is empty"),
                Some("remove the empty item or write a slug".into()),
            );
            return None;
        }
        Some(Ref::new(slug, field, index))
    })
}

/// Reads the dose keys of `obj` (an exercise's front matter or a routine step), each
/// `None` when not written.
fn read_dose(r: &mut Reader, obj: &Object) -> DoseOverride {
    let sets = count(r, obj, "sets", 1, 20);
    let reps = r.parsed(obj, "reps", parse_reps);
    if let (Some(Reps::Max), Some(written)) = (reps, obj.get("reps")) {
        word_case(r, obj, "reps", written, Reps::MAX_WORD);
    }
    DoseOverride {
        sets,
        reps,
        hold: duration(r, obj, "hold"),
        per_side: obj.get("per_side").map(|_| r.flag(obj, "per_side")),
        rest: duration(r, obj, "rest"),
        load: r.parsed(obj, "load", parse_load),
        tempo: r.parsed(obj, "tempo", parse_tempo),
    }
}

fn count(r: &mut Reader, obj: &Object, key: &str, lo: u32, hi: u32) -> Option<CountRange> {
    r.parsed(obj, key, |raw| parse_count(key, raw, lo, hi))
}

fn duration(r: &mut Reader, obj: &Object, key: &str) -> Option<DurationRange> {
    r.parsed(obj, key, |raw| parse_duration_range(key, raw))
}

/// Reads the front matter of a page of `kind` from its YAML value.
///
/// Returns `None` only when the front matter is not a mapping at all; otherwise returns the
/// best typed value it could read (missing required fields get defaults) and leaves every
/// problem in `r`. The caller must treat the page as invalid if `r` has problems.
pub(crate) fn read(r: &mut Reader, v: &Value, kind: Kind) -> Option<Front> {
    read_raw(r, v, kind).map(Front::from)
}

/// Reads the front matter of a page of `kind` into the type that mirrors the YAML (the
/// one the JSON Schema is made from). Same contract as [`read`].
pub(crate) fn read_raw(r: &mut Reader, v: &Value, kind: Kind) -> Option<RawFront> {
    let root = FieldPath::root();
    let obj = r.object(v, &root, kind.keys(), kind.noun())?;
    let c = read_common(r, &obj, kind);
    Some(match kind {
        Kind::Home => RawFront::Home(RawIndex {
            title: c.title,
            summary: c.summary,
            image: c.image,
        }),
        Kind::Section(_) => RawFront::Section(RawIndex {
            title: c.title,
            summary: c.summary,
            image: c.image,
        }),
        Kind::Article => RawFront::Page(RawPage {
            title: c.title,
            slug: c.slug,
            summary: c.summary,
            image: c.image,
            weight: c.weight,
            draft: c.draft,
            date: c.date,
        }),
        Kind::Exercise => {
            let target_muscles = read_refs(r, &obj, &["target_muscles"], "muscle names");
            if target_muscles.is_empty()
                && obj
                    .get("target_muscles")
                    .is_none_or(|v| matches!(v, Value::Sequence(s) if s.is_empty()))
            {
                r.problem(
                    &obj.path("target_muscles"),
                    Code::MissingField,
                    "an exercise needs at least one target muscle",
                    Some("add e.g. 'target_muscles: [gluteus-maximus]'".into()),
                );
            }
            let category = match obj.get("category") {
                None => {
                    r.problem(
                        &obj.path("category"),
                        Code::MissingField,
                        "'category' is missing",
                        Some(format!(
                            "add 'category: ...', one of {}",
                            words(Category::ALL.iter().map(|c| c.word()))
                        )),
                    );
                    Category::Strength
                }
                Some(written) => {
                    let c = r.parsed(&obj, "category", Category::parse);
                    if let Some(c) = c {
                        word_case(r, &obj, "category", written, c.word());
                    }
                    c.unwrap_or(Category::Strength)
                }
            };
            let level = match obj.get("level") {
                None => {
                    r.problem(
                        &obj.path("level"),
                        Code::MissingField,
                        "'level' is missing",
                        Some(format!(
                            "add 'level: ...', one of {}",
                            words(Level::ALL.iter().map(|c| c.word()))
                        )),
                    );
                    Level::Beginner
                }
                Some(written) => {
                    let l = r.parsed(&obj, "level", Level::parse);
                    if let Some(l) = l {
                        word_case(r, &obj, "level", written, l.word());
                    }
                    l.unwrap_or(Level::Beginner)
                }
            };
            let DoseOverride {
                sets,
                reps,
                hold,
                per_side,
                rest,
                load,
                tempo,
            } = read_dose(r, &obj);
            let per_side = per_side.unwrap_or(false);
            let progression =
                match r.nested(&obj, "progression", &["easier", "harder"], "progression") {
                    Some(p) => RawProgression {
                        easier: read_refs(r, &p, &["progression", "easier"], "exercise names"),
                        harder: read_refs(r, &p, &["progression", "harder"], "exercise names"),
                    },
                    None => RawProgression::default(),
                };
            let common_errors = r.list(
                &obj,
                "common_errors",
                "error and fix pairs",
                |r, v, path| {
                    let item = r.object(v, path, &["error", "fix"], "a common error")?;
                    let error = r.required_text(&item, "error", "The hips sag");
                    let fix =
                        r.required_text(&item, "fix", "Squeeze the glutes and lift the hips level");
                    Some(CommonError {
                        error: error?,
                        fix: fix?,
                    })
                },
            );
            RawFront::Exercise(Box::new(RawExercise {
                title: c.title,
                slug: c.slug,
                summary: c.summary,
                aka: r.text_list(&obj, "aka", "other names"),
                target_muscles,
                secondary_muscles: read_refs(r, &obj, &["secondary_muscles"], "muscle names"),
                equipment: read_refs(r, &obj, &["equipment"], "equipment names"),
                category,
                level,
                sets,
                reps,
                hold,
                per_side,
                rest,
                load,
                tempo,
                progression,
                common_errors,
                cues: r.text_list(&obj, "cues", "cues"),
                stop_if: r.text_list(&obj, "stop_if", "stop signals"),
                media: crate::model::media::read_media(r, &obj),
                weight: c.weight,
                draft: c.draft,
                date: c.date,
            }))
        }
        Kind::Muscle => RawFront::Muscle(RawMuscle {
            aka: r.text_list(&obj, "aka", "other names"),
            region: r.optional_text(&obj, "region"),
            map_region: r.optional_text(&obj, "map_region"),
            image: c.image,
            title: c.title,
            slug: c.slug,
            summary: c.summary,
            weight: c.weight,
            draft: c.draft,
            date: c.date,
        }),
        Kind::Equipment => RawFront::Equipment(RawEquipment {
            aka: r.text_list(&obj, "aka", "other names"),
            image: c.image,
            title: c.title,
            slug: c.slug,
            summary: c.summary,
            weight: c.weight,
            draft: c.draft,
            date: c.date,
        }),
        Kind::Path => {
            let steps = read_refs(r, &obj, &["steps"], "exercise names");
            if obj.get("steps").is_none() {
                r.problem(
                    &obj.path("steps"),
                    Code::MissingField,
                    "'steps' is missing",
                    Some(HINT_ADD_STEPS_FIRST_EXERCISE_SECOND.into()),
                );
            }
            RawFront::Path(RawPath {
                steps,
                advance_when: r.optional_text(&obj, "advance_when"),
                image: c.image,
                title: c.title,
                slug: c.slug,
                summary: c.summary,
                weight: c.weight,
                draft: c.draft,
                date: c.date,
            })
        }
        Kind::Routine => RawFront::Routine(RawRoutine {
            when: r.optional_text(&obj, "when"),
            steps: read_routine_steps(r, &obj),
            image: c.image,
            title: c.title,
            slug: c.slug,
            summary: c.summary,
            weight: c.weight,
            draft: c.draft,
            date: c.date,
        }),
    })
}

/// The keys of an exercise step of a routine.
const STEP_KEYS: &[&str] = &[
    "exercise", "sets", "reps", "hold", "per_side", "rest", "load", "tempo", "note",
];

/// Reads a routine's `steps`: each a `section` heading or an `exercise` with dose keys.
fn read_routine_steps(r: &mut Reader, obj: &Object) -> Vec<RoutineStepFront> {
    let problems_before = r.problems.len();
    let steps = r.list(obj, "steps", "steps", |r, v, path| {
        let index = match path.0.last() {
            Some(crate::frontmatter::Seg::Index(i)) => *i,
            _ => 0,
        };
        let has_key = |key: &str| {
            matches!(v, Value::Mapping(m) if m.keys().any(|k| matches!(k, Value::String(s) if s == key)))
        };
        let is_section = has_key("section");
        if let Value::String(slug) = v {
            // `- glute-bridge`: a path's way of writing steps.
            r.problem(
                path,
                Code::WrongType,
                "a routine step is a set of keys, not a bare slug",
                Some(format!(
                    "write '- exercise: {}' (dose keys such as sets: 2 may follow, indented under it)",
                    slug.trim()
                )),
            );
            return None;
        }
        if is_section && has_key("exercise") {
            r.problem(
                path,
                Code::BadValue,
                "a step has both 'section' and 'exercise'",
                Some("a step is a heading or an exercise: split it into '- section: <heading>' and, on the next line, '- exercise: <slug>'".into()),
            );
            return None;
        }
        if is_section {
            let item = r.object(v, path, &["section"], "a section step")?;
            let title = r.required_text(&item, "section", "Warm-up")?;
            return Some(RoutineStepFront::Section(title));
        }
        let item = r.object(v, path, STEP_KEYS, "an exercise step")?;
        let slug = match item.get("exercise") {
            None => {
                r.problem(
                    &item.path("exercise"),
                    Code::MissingField,
                    "this step has no 'exercise'",
                    Some("add 'exercise: <slug>' (a file name in content/exercises/), or make the step a heading with 'section: <title>'".into()),
                );
                None
            }
            Some(_) => r.required_text(&item, "exercise", "glute-bridge"),
        };
        let dose = read_dose(r, &item);
        let note = r.optional_text(&item, "note");
        let slug = slug?;
        Some(RoutineStepFront::Exercise(Box::new(ExerciseStepFront {
            exercise: Ref::new(slug.trim(), &["steps", INDEX_HERE, "exercise"], index),
            dose,
            note,
        })))
    });
    let has_exercise = steps
        .iter()
        .any(|s| matches!(s, RoutineStepFront::Exercise(_)));
    if obj.get("steps").is_none() {
        r.problem(
            &obj.path("steps"),
            Code::MissingField,
            "'steps' is missing",
            Some(HINT_ADD_EXERCISE_STEP.into()),
        );
    } else if !has_exercise && r.problems.len() == problems_before {
        r.problem(
            &obj.path("steps"),
            Code::MissingField,
            "a routine needs at least one exercise step",
            Some(HINT_ADD_EXERCISE_STEP.into()),
        );
    }
    steps
}

fn common(
    title: String,
    slug: Option<String>,
    summary: Option<String>,
    weight: i64,
    draft: bool,
    date: Option<Date>,
    image: Option<ImageRef>,
) -> Common {
    Common {
        title,
        slug,
        summary,
        weight,
        draft,
        date,
        image,
    }
}

impl From<RawFront> for Front {
    fn from(raw: RawFront) -> Front {
        let index = |i: RawIndex| Common {
            title: i.title,
            summary: i.summary,
            image: i.image,
            ..Common::default()
        };
        match raw {
            RawFront::Home(i) => Front::Home(index(i)),
            RawFront::Section(i) => Front::Section(index(i)),
            RawFront::Page(p) => Front::Article(common(
                p.title, p.slug, p.summary, p.weight, p.draft, p.date, p.image,
            )),
            RawFront::Exercise(e) => {
                let e = *e;
                Front::Exercise(Box::new(ExerciseFront {
                    common: common(e.title, e.slug, e.summary, e.weight, e.draft, e.date, None),
                    aka: e.aka.into(),
                    target_muscles: e.target_muscles,
                    secondary_muscles: e.secondary_muscles,
                    equipment: e.equipment,
                    category: e.category,
                    level: e.level,
                    dose: Dose {
                        sets: e.sets,
                        reps: e.reps,
                        hold: e.hold,
                        per_side: e.per_side,
                        rest: e.rest,
                        load: e.load,
                        tempo: e.tempo,
                    },
                    easier: e.progression.easier,
                    harder: e.progression.harder,
                    common_errors: e.common_errors.into(),
                    cues: e.cues.into(),
                    stop_if: e.stop_if.into(),
                    media: e.media.into(),
                }))
            }
            RawFront::Muscle(m) => Front::Muscle(MuscleFront {
                common: common(
                    m.title, m.slug, m.summary, m.weight, m.draft, m.date, m.image,
                ),
                aka: m.aka.into(),
                region: m.region,
                map_region: m.map_region,
            }),
            RawFront::Equipment(q) => Front::Equipment(EquipmentFront {
                common: common(
                    q.title, q.slug, q.summary, q.weight, q.draft, q.date, q.image,
                ),
                aka: q.aka.into(),
            }),
            RawFront::Path(p) => Front::Path(PathFront {
                common: common(
                    p.title, p.slug, p.summary, p.weight, p.draft, p.date, p.image,
                ),
                steps: p.steps,
                advance_when: p.advance_when,
            }),
            RawFront::Routine(p) => Front::Routine(RoutineFront {
                common: common(
                    p.title, p.slug, p.summary, p.weight, p.draft, p.date, p.image,
                ),
                when: p.when,
                steps: p.steps,
            }),
        }
    }
}

/// Warns when an allowed word (`category`, `level`, `reps: max`) is written with capitals: it
/// is read (`Strength` is `strength`), but the contract spells the words in lower case.
fn word_case(r: &mut Reader, obj: &Object, key: &str, written: &Value, word: &str) {
    if let Value::String(s) = written
        && s.trim() != word
    {
        r.warning(
            &obj.path(key),
            Code::WordCase,
            format!("{key} '{}' is written with capitals", s.trim()),
            Some(format!("write '{word}' in lower case")),
        );
    }
}

fn words<'a>(it: impl Iterator<Item = &'a str>) -> String {
    it.collect::<Vec<_>>().join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::frontmatter::parse;

    fn read_kind(yaml: &str, kind: Kind) -> (Option<Front>, Vec<String>) {
        let mut r = Reader::new();
        let v = parse(yaml).unwrap();
        let f = read(&mut r, &v, kind);
        (
            f,
            r.problems
                .iter()
                .map(|p| format!("{}: {}", p.path, p.message))
                .collect(),
        )
    }

    #[test]
    fn classifies_files_by_folder() {
        assert_eq!(Kind::of("_index.md"), Kind::Home);
        assert_eq!(Kind::of("exercises/a.md"), Kind::Exercise);
        assert_eq!(Kind::of("exercises/sub/a.md"), Kind::Exercise);
        assert_eq!(
            Kind::of("exercises/_index.md"),
            Kind::Section(Section::Exercises)
        );
        assert_eq!(Kind::of("muscles/a.md"), Kind::Muscle);
        assert_eq!(Kind::of("paths/a.md"), Kind::Path);
        assert_eq!(Kind::of("safety.md"), Kind::Article);
        assert_eq!(Kind::of("guides/a.md"), Kind::Article);
    }

    #[test]
    fn reads_a_full_exercise() {
        let yaml = "title: Glute Bridge\nsummary: Lift the hips.\ntarget_muscles: [gluteus-maximus]\ncategory: activation\nlevel: beginner\nsets: 3\nreps: 10-15\nhold: 2s\nper_side: false\nrest: 60s\nprogression:\n  harder: [banded-glute-bridge]\ncommon_errors:\n  - error: Hamstrings cramp\n    fix: Heels closer.\ncues: [Squeeze]\nstop_if: [Pain]\n";
        let (f, problems) = read_kind(yaml, Kind::Exercise);
        assert!(problems.is_empty(), "{problems:?}");
        let Some(Front::Exercise(e)) = f else {
            panic!()
        };
        assert_eq!(
            e.dose.to_string(),
            "3 sets × 10–15 reps · 2 s hold per rep · rest 60 s"
        );
        assert_eq!(e.harder[0].slug, "banded-glute-bridge");
        assert_eq!(e.harder[0].path().to_string(), "progression.harder[0]");
    }

    #[test]
    fn collects_every_problem_of_a_file() {
        let yaml = "title: X\ntrget_muscles: [a]\ncategory: strenght\nlevel: beginner\nreps: 15-10\nhold: 30\ncommon_errors:\n  - error: only error\n";
        let (_, problems) = read_kind(yaml, Kind::Exercise);
        let joined = problems.join("\n");
        for want in [
            "trget_muscles: unknown key 'trget_muscles'",
            "summary: 'summary' is missing",
            "target_muscles: an exercise needs at least one target muscle",
            "category: 'strenght' is not a category",
            "reps: reps '15-10': the first number must not be larger than the second",
            "hold: hold '30' has no unit",
            "common_errors[0].fix: 'fix' is missing",
        ] {
            assert!(joined.contains(want), "missing {want:?} in\n{joined}");
        }
    }

    #[test]
    fn parses_dates() {
        assert!(Date::parse("2026-11-21").is_ok());
        assert!(Date::parse("2024-02-29").is_ok());
        assert!(Date::parse("2023-02-29").is_err());
        assert!(Date::parse("21/11/2026").is_err());
        // Times are read with `get`, never sliced inside a character.
        assert!(Date::parse("2024-01-01T12:3é").is_err());
        assert!(Date::parse("2024-01-01Té:30").is_err());
        assert!(Date::parse("2024-01-01T1é:30").is_err());
        for bad in [
            "2026-11-21T08:30</updated><x>",
            "2026-+1-21",
            "+2026-11-21",
            "-2026-11-21",
            "2026-11-21T08:30:00.5",
            "2026-11-21T08:30+02",
            "2026-11-21T08:30+24:00",
            "2026-11-21T08:30Z+02:00",
            "2026-11-21T",
            "2026-11-21TZ",
            "0999-01-01",
            "20261121",
            "",
        ] {
            let problem = Date::parse(bad).expect_err(bad);
            assert!(
                problem
                    .hint
                    .is_some_and(|h| h.contains("YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS]")),
                "{bad}"
            );
        }
        assert_eq!(
            Date::parse("2026-11-21T08:30:15-05:30").unwrap().rfc3339(),
            "2026-11-21T08:30:15-05:30"
        );
        assert_eq!(
            Date::parse("2026-11-21T08:30+00:00").unwrap().rfc3339(),
            "2026-11-21T08:30:00+00:00"
        );
        assert_eq!(
            Date::parse("2026-11-21T23:59Z").unwrap().day(),
            "2026-11-21"
        );
        assert_eq!(
            Date::parse("2026-11-21").unwrap().rfc3339(),
            "2026-11-21T00:00:00Z"
        );
        assert_eq!(
            Date::parse("2026-11-21T08:30").unwrap().rfc3339(),
            "2026-11-21T08:30:00Z"
        );
    }
}
