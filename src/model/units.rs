//! The small value types of an exercise's dose: counts and ranges of counts (`sets`, `reps`,
//! and `reps: max`), durations and ranges of durations (`hold`, `rest`), the load and the
//! tempo, and the enumerations `category` and `level`. Each has a `parse` that returns the
//! author-facing problem as a message, and a `Display` that writes the dose in words.

use std::fmt;

use crate::i18n::Strings;

use serde::Serialize;

/// A whole number or an ordered range of whole numbers: `10` or `10-15`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct CountRange {
    /// Lower bound (equal to `max` for a single number).
    pub min: u32,
    /// Upper bound.
    pub max: u32,
}

impl CountRange {
    /// True for a single number.
    pub fn is_single(&self) -> bool {
        self.min == self.max
    }
}

impl fmt::Display for CountRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_single() {
            write!(f, "{}", self.min)
        } else {
            write!(f, "{}–{}", self.min, self.max)
        }
    }
}

/// A problem with a value, in the author's words, with an optional hint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValueProblem {
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub hint: Option<String>,
}

impl ValueProblem {
    fn new(message: impl Into<String>, hint: impl Into<String>) -> Self {
        ValueProblem {
            message: message.into(),
            hint: Some(hint.into()),
        }
    }
}

/// Splits `a-b`, `a–b` (en dash), `a—b` or `a to b` into its two sides, if it is a range.
fn split_range(s: &str) -> Option<(&str, &str)> {
    for sep in ["–", "—", " to "] {
        if let Some((a, b)) = s.split_once(sep) {
            return Some((a.trim(), b.trim()));
        }
    }
    // A hyphen, but not a leading minus sign.
    let i = s.char_indices().skip(1).find(|(_, c)| *c == '-')?.0;
    Some((s.get(..i)?.trim(), s.get(i + 1..)?.trim()))
}

/// Parses `sets`/`reps`: an integer (from YAML) or text like `10-15`, bounded by `lo..=hi`.
///
/// `field` names the field in messages (`reps`), `raw` is the value as written.
pub(crate) fn parse_count(
    field: &str,
    raw: &str,
    lo: u32,
    hi: u32,
) -> Result<CountRange, ValueProblem> {
    parse_count_or(
        field,
        raw,
        lo,
        hi,
        &format!("write a number such as {field}: 10, or a range such as {field}: 10-15"),
    )
}

/// [`parse_count`], with `not_a_number` as the hint for text that is neither a number nor a
/// range.
fn parse_count_or(
    field: &str,
    raw: &str,
    lo: u32,
    hi: u32,
    not_a_number: &str,
) -> Result<CountRange, ValueProblem> {
    let raw = raw.trim();
    let number = |s: &str| -> Result<u32, ValueProblem> {
        if s.starts_with('-') {
            return Err(ValueProblem::new(
                format!("{field} '{raw}': a negative number makes no sense here"),
                format!("write a number from {lo} to {hi}"),
            ));
        }
        if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) {
            return match s.parse::<u64>() {
                Ok(n) if n <= u64::from(hi) => Ok(n as u32),
                _ => Err(ValueProblem::new(
                    format!("{field} '{raw}' is too large: the most is {hi}"),
                    format!("write a number from {lo} to {hi}"),
                )),
            };
        }
        Err(ValueProblem::new(
            format!("{field} '{raw}' is not a number or a range"),
            not_a_number,
        ))
    };
    let (min, max) = if let Some((a, b)) = split_range(raw) {
        (number(a)?, number(b)?)
    } else {
        let n = number(raw)?;
        (n, n)
    };
    if min > max {
        return Err(ValueProblem::new(
            format!("{field} '{raw}': the first number must not be larger than the second"),
            format!("write the smaller number first: {field}: {max}-{min}"),
        ));
    }
    if min < lo {
        return Err(ValueProblem::new(
            format!("{field} '{raw}' is too small: the least is {lo}"),
            format!("write a number from {lo} to {hi}"),
        ));
    }
    Ok(CountRange { min, max })
}

/// `reps`: a number or range of repetitions, or `max`: as many as possible (AMRAP).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Reps {
    /// So many repetitions: `10`, `10-15`.
    Count(CountRange),
    /// As many repetitions as possible, written `reps: max`.
    Max,
}

impl Reps {
    /// The word for [`Reps::Max`] in front matter.
    pub const MAX_WORD: &'static str = "max";

    /// The number of repetitions, if it is one.
    pub fn count(self) -> Option<CountRange> {
        match self {
            Reps::Count(c) => Some(c),
            Reps::Max => None,
        }
    }
}

impl fmt::Display for Reps {
    /// `10–15`, or `max`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Reps::Count(c) => c.fmt(f),
            Reps::Max => f.write_str(Reps::MAX_WORD),
        }
    }
}

/// Parses `reps`: `max` in any letter case (the caller warns about capitals), or a number or
/// range from 1 to 1000.
pub(crate) fn parse_reps(raw: &str) -> Result<Reps, ValueProblem> {
    if raw.trim().eq_ignore_ascii_case(Reps::MAX_WORD) {
        return Ok(Reps::Max);
    }
    parse_count_or(
        "reps",
        raw,
        1,
        1000,
        "write a number such as reps: 10, a range such as reps: 10-15, or reps: max for as many as possible",
    )
    .map(Reps::Count)
}

/// The longest load text, in characters.
pub(crate) const LOAD_MAX_CHARS: usize = 80;

/// Parses `load`: free text on one line, at most [`LOAD_MAX_CHARS`] characters once trimmed,
/// and not a bare number (kilograms or pounds?).
pub(crate) fn parse_load(raw: &str) -> Result<String, ValueProblem> {
    let text = raw.trim();
    if text.is_empty() {
        return Err(ValueProblem::new(
            "load is empty",
            "leave load out, or say what to lift or pull, e.g. load: 5 kg dumbbell or load: light band",
        ));
    }
    if text.contains(['\n', '\r']) {
        return Err(ValueProblem::new(
            "load runs over more than one line",
            "write the load on one line, e.g. load: light band",
        ));
    }
    let chars = text.chars().count();
    if chars > LOAD_MAX_CHARS {
        return Err(ValueProblem::new(
            format!("load is {chars} characters long: the most is {LOAD_MAX_CHARS}"),
            "keep it short (5 kg dumbbell, light band); put the details in the body",
        ));
    }
    let bare_number = text.bytes().any(|b| b.is_ascii_digit())
        && text
            .bytes()
            .all(|b| b.is_ascii_digit() || b == b'.' || b == b',');
    if bare_number {
        return Err(ValueProblem::new(
            format!("load '{text}' has no unit"),
            format!(
                "add the unit, and what it is if that helps: load: {text} kg, or load: {text} kg dumbbell"
            ),
        ));
    }
    Ok(text.to_string())
}

/// One group of a tempo: whole seconds (0 to 9), or `X`: as fast as possible.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Beat {
    /// So many seconds.
    Seconds(u8),
    /// `X`: as fast as you can (with control).
    Fast,
}

impl fmt::Display for Beat {
    /// `3`, or `X`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Beat::Seconds(n) => write!(f, "{n}"),
            Beat::Fast => f.write_str("X"),
        }
    }
}

/// The speed of each rep, `3-1-1` or `3-1-1-0`: seconds lowering, pausing, lifting and,
/// optionally, pausing again before the next rep.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Tempo {
    /// Lowering (the first group).
    pub lowering: Beat,
    /// The pause after lowering.
    pub pause: Beat,
    /// Lifting.
    pub lifting: Beat,
    /// The pause after lifting, before the next rep (the optional fourth group).
    pub pause_after: Option<Beat>,
}

const HINT_TEMPO_FORM: &str = "write 3 or 4 groups joined by '-': seconds lowering, pausing, lifting and (optionally) pausing again, each 0 to 9 or X for as fast as you can, e.g. tempo: 3-1-1 or tempo: 3-1-1-0";

/// Parses `tempo`: 3 or 4 groups joined by `-`, each a digit or `X` (`x` is read as `X`);
/// spaces around the dashes are allowed.
pub(crate) fn parse_tempo(raw: &str) -> Result<Tempo, ValueProblem> {
    let raw = raw.trim();
    let form = |message: String| ValueProblem::new(message, HINT_TEMPO_FORM);
    if raw.is_empty() {
        return Err(ValueProblem::new(
            "tempo is empty",
            "leave tempo out, or write e.g. tempo: 3-1-1",
        ));
    }
    let is_beat = |c: char| c.is_ascii_digit() || c == 'x' || c == 'X';
    // `3010`, the usual short form (YAML reads it as a number): only the dashes are missing.
    if !raw.contains('-') && (3..=4).contains(&raw.chars().count()) && raw.chars().all(is_beat) {
        let groups: Vec<String> = raw
            .chars()
            .map(|c| c.to_ascii_uppercase().to_string())
            .collect();
        return Err(ValueProblem::new(
            format!("tempo '{raw}' has no '-' between its groups"),
            format!(
                "write the groups with '-' between them: tempo: {}",
                groups.join("-")
            ),
        ));
    }
    let groups: Vec<&str> = raw.split('-').map(str::trim).collect();
    if !(3..=4).contains(&groups.len()) {
        let n = groups.len();
        let s = if n == 1 { "" } else { "s" };
        return Err(form(format!("tempo '{raw}' has {n} group{s}, not 3 or 4")));
    }
    let mut beats = Vec::with_capacity(groups.len());
    for g in &groups {
        let mut chars = g.chars();
        let beat = match (chars.next(), chars.next()) {
            (None, _) => return Err(form(format!("tempo '{raw}' has an empty group"))),
            (Some('x' | 'X'), None) => Beat::Fast,
            (Some(c), None) if c.is_ascii_digit() => {
                Beat::Seconds(c.to_digit(10).map_or(0, |d| d as u8))
            }
            _ => {
                return Err(form(format!(
                    "tempo '{raw}': '{g}' is not a number of seconds from 0 to 9, or X"
                )));
            }
        };
        beats.push(beat);
    }
    match beats.as_slice() {
        [lowering, pause, lifting] => Ok(Tempo {
            lowering: *lowering,
            pause: *pause,
            lifting: *lifting,
            pause_after: None,
        }),
        [lowering, pause, lifting, after] => Ok(Tempo {
            lowering: *lowering,
            pause: *pause,
            lifting: *lifting,
            pause_after: Some(*after),
        }),
        _ => Err(form(format!("tempo '{raw}' is not a tempo"))),
    }
}

impl Tempo {
    /// The tempo in words: `3 s lowering, 1 s pause, lifting as fast as you can, no pause
    /// before the next rep`.
    pub fn words(&self, w: &Strings) -> String {
        let moving = |b: Beat, key: &str| match b {
            Beat::Seconds(n) => w.fmt(key, &[("n", &n.to_string())]),
            Beat::Fast => w.get(&format!("{key}_fast")).to_string(),
        };
        let pausing = |b: Beat, key: &str| match b {
            Beat::Seconds(0) | Beat::Fast => w.get(&format!("tempo.no_{key}")).to_string(),
            Beat::Seconds(n) => w.fmt(&format!("tempo.{key}"), &[("n", &n.to_string())]),
        };
        let mut parts = vec![
            moving(self.lowering, "tempo.lowering"),
            pausing(self.pause, "pause"),
            moving(self.lifting, "tempo.lifting"),
        ];
        if let Some(after) = self.pause_after {
            parts.push(pausing(after, "pause_after"));
        }
        parts.join(w.get("tempo.separator"))
    }
}

impl fmt::Display for Tempo {
    /// `3-1-1`, `3-1-X-0`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}-{}", self.lowering, self.pause, self.lifting)?;
        if let Some(after) = self.pause_after {
            write!(f, "-{after}")?;
        }
        Ok(())
    }
}

/// A length of time, in whole seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Duration {
    /// Seconds.
    pub seconds: u32,
}

/// A duration or an ordered range of durations: `30s`, `1m`, `30-60s`, `30s-1m`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct DurationRange {
    /// Shortest.
    pub min: Duration,
    /// Longest (equal to `min` for a single duration).
    pub max: Duration,
}

/// The longest duration accepted anywhere (a day), so that sums never overflow.
const MAX_SECONDS: u64 = 24 * 60 * 60;

/// Parses one duration with its unit: `30s`, `30 s`, `45 sec`, `1m`, `2 min`, `1m30s`,
/// `1 min 30 s`. Returns `Ok(None)` for a bare number (the caller decides on the unit).
fn parse_one_duration(s: &str) -> Result<Option<u32>, ()> {
    let s = s.trim();
    if s.is_empty() {
        return Err(());
    }
    if s.bytes().all(|b| b.is_ascii_digit()) {
        return Ok(None);
    }
    let mut total: u64 = 0;
    let mut rest = s;
    let mut any = false;
    while !rest.is_empty() {
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 {
            return Err(());
        }
        // Digits and letters are ASCII, so these splits fall on character boundaries.
        let (number, after) = rest.split_at_checked(digits).ok_or(())?;
        let n: u64 = number.parse().map_err(|_| ())?;
        rest = after.trim_start();
        let unit_len = rest.bytes().take_while(u8::is_ascii_alphabetic).count();
        let (unit, after) = rest.split_at_checked(unit_len).ok_or(())?;
        let unit = unit.to_ascii_lowercase();
        rest = after.trim_start();
        let factor = match unit.as_str() {
            "s" | "sec" | "secs" | "second" | "seconds" => 1,
            "m" | "min" | "mins" | "minute" | "minutes" => 60,
            "h" | "hr" | "hour" | "hours" => 3600,
            _ => return Err(()),
        };
        total = total.saturating_add(n.saturating_mul(factor));
        any = true;
    }
    if !any || total > MAX_SECONDS {
        return Err(());
    }
    Ok(Some(total as u32))
}

/// Parses `hold`/`rest`: a duration or a range of durations.
pub(crate) fn parse_duration_range(field: &str, raw: &str) -> Result<DurationRange, ValueProblem> {
    let raw = raw.trim();
    let bad = || {
        ValueProblem::new(
            format!("{field} '{raw}' is not a duration"),
            format!(
                "write a number with a unit, such as {field}: 30s, {field}: 1m or {field}: 30-60s"
            ),
        )
    };
    let no_unit = || {
        ValueProblem::new(
            format!("{field} '{raw}' has no unit"),
            format!("add the unit: {field}: {raw}s for seconds or {field}: {raw}m for minutes"),
        )
    };
    let (min, max) = if let Some((a, b)) = split_range(raw) {
        let right = parse_one_duration(b)
            .map_err(|()| bad())?
            .ok_or_else(no_unit)?;
        // `30-60s`: the unit of the right side applies to a bare left side.
        let left = if let Some(v) = parse_one_duration(a).map_err(|()| bad())? {
            v
        } else {
            let unit: String = b
                .trim_start_matches(|c: char| c.is_ascii_digit() || c == ' ')
                .to_string();
            parse_one_duration(&format!("{a}{unit}"))
                .map_err(|()| bad())?
                .ok_or_else(bad)?
        };
        (left, right)
    } else {
        let v = parse_one_duration(raw)
            .map_err(|()| bad())?
            .ok_or_else(no_unit)?;
        (v, v)
    };
    if min == 0 || max == 0 {
        return Err(ValueProblem::new(
            format!("{field} '{raw}' is zero"),
            format!("leave {field} out, or give a duration such as {field}: 30s"),
        ));
    }
    if min > max {
        return Err(ValueProblem::new(
            format!("{field} '{raw}': the first duration must not be longer than the second"),
            "write the shorter duration first, e.g. 30-60s".to_string(),
        ));
    }
    Ok(DurationRange {
        min: Duration { seconds: min },
        max: Duration { seconds: max },
    })
}

impl Duration {
    /// In words of `s`: `45 s`, `90 s`, `2 min`, `2 min 30 s` (seconds up to 90, minutes
    /// above).
    pub fn words(&self, w: &Strings) -> String {
        let (m, sec) = (self.seconds / 60, self.seconds % 60);
        if self.seconds <= 90 {
            w.fmt("duration.seconds", &[("n", &self.seconds.to_string())])
        } else if sec == 0 {
            w.fmt("duration.minutes", &[("n", &m.to_string())])
        } else {
            w.fmt(
                "duration.minutes_seconds",
                &[("m", &m.to_string()), ("s", &sec.to_string())],
            )
        }
    }
}

impl fmt::Display for Duration {
    /// [`Duration::words`] in English.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.words(crate::i18n::english()))
    }
}

impl DurationRange {
    /// In words of `w`: `2 s`, `30–60 s`, `1–2 min`, `45 s–2 min`.
    pub fn words(&self, w: &Strings) -> String {
        let (a, b) = (self.min.seconds, self.max.seconds);
        if a == b {
            self.min.words(w)
        } else if b <= 90 {
            w.fmt("duration.seconds", &[("n", &format!("{a}–{b}"))])
        } else if a % 60 == 0 && b % 60 == 0 {
            w.fmt(
                "duration.minutes",
                &[("n", &format!("{}–{}", a / 60, b / 60))],
            )
        } else {
            format!("{}–{}", self.min.words(w), self.max.words(w))
        }
    }
}

impl fmt::Display for DurationRange {
    /// [`DurationRange::words`] in English.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.words(crate::i18n::english()))
    }
}

macro_rules! word_enum {
    ($(#[$doc:meta])* $name:ident, $what:literal, { $( $(#[$vdoc:meta])* $variant:ident = $word:literal / $label:literal, )* }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum $name {
            $( $(#[$vdoc])* $variant, )*
        }

        impl $name {
            /// Every value, in order.
            pub const ALL: &'static [$name] = &[$($name::$variant,)*];

            /// The word written in front matter.
            pub fn word(self) -> &'static str {
                match self { $( $name::$variant => $word, )* }
            }

            /// The label shown to readers, in English.
            pub fn label(self) -> &'static str {
                match self { $( $name::$variant => $label, )* }
            }

            /// The label shown to readers, in the language of `w`.
            pub fn label_in(self, w: &Strings) -> &str {
                w.get(match self { $( $name::$variant => concat!($what, ".", $word), )* })
            }

            /// Parses the front-matter word (case-insensitive).
            pub fn parse(raw: &str) -> Result<Self, ValueProblem> {
                let lower = raw.trim().to_lowercase();
                match lower.as_str() {
                    $( $word => Ok($name::$variant), )*
                    _ => {
                        let words = [$($word),*];
                        let hint = match crate::suggest::did_you_mean(&lower, words) {
                            Some(w) => format!("did you mean '{w}'? The choices are {}", words.join(", ")),
                            None => format!("choose one of {}", words.join(", ")),
                        };
                        Err(ValueProblem { message: format!("'{raw}' is not a {}", $what), hint: Some(hint) })
                    }
                }
            }
        }

        impl Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.word())
            }
        }
    };
}

word_enum!(
    /// What kind of work an exercise is.
    Category, "category", {
        /// Wakes a muscle up before harder work.
        Activation = "activation" / "Activation",
        /// Builds strength.
        Strength = "strength" / "Strength",
        /// Builds control of the trunk and pelvis.
        Stability = "stability" / "Stability",
        /// Moves a joint through its range.
        Mobility = "mobility" / "Mobility",
        /// Lengthens a muscle.
        Stretch = "stretch" / "Stretch",
        /// Self-massage with a roller or ball.
        Release = "release" / "Release",
    }
);

word_enum!(
    /// How demanding an exercise is.
    Level, "level", {
        /// For a first session.
        Beginner = "beginner" / "Beginner",
        /// Needs a solid base.
        Intermediate = "intermediate" / "Intermediate",
        /// Needs strength and control built over time.
        Advanced = "advanced" / "Advanced",
    }
);

/// The prescription of an exercise.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct Dose {
    /// Number of sets.
    pub sets: Option<CountRange>,
    /// Repetitions per set, or as many as possible.
    pub reps: Option<Reps>,
    /// With reps: the hold of each rep (at the top, or wherever the body says). Without
    /// reps: the whole set is one hold (a plank, a stretch, a release).
    pub hold: Option<DurationRange>,
    /// The dose is for each side.
    pub per_side: bool,
    /// Rest between sets.
    pub rest: Option<DurationRange>,
    /// What to lift or pull, as written (`5 kg dumbbell`, `light band`).
    pub load: Option<String>,
    /// The speed of each rep.
    pub tempo: Option<Tempo>,
}

impl Dose {
    /// True when nothing is prescribed.
    pub fn is_empty(&self) -> bool {
        self.prescription_is_empty() && self.load.is_none() && self.tempo.is_none()
    }

    fn prescription_is_empty(&self) -> bool {
        self.sets.is_none() && self.reps.is_none() && self.hold.is_none() && self.rest.is_none()
    }

    /// True when the hold is that of each rep; false when the hold is the whole set (or
    /// there is no hold).
    pub fn hold_per_rep(&self) -> bool {
        self.hold.is_some() && self.reps.is_some()
    }

    /// Sets, reps, hold, side and rest in words of `w`, without load and tempo:
    /// `3 sets × 10–15 reps · 2 s hold per rep · each side · rest 60 s`, `1 set × 30 s hold`.
    pub fn prescription(&self, w: &Strings) -> String {
        self.prescription_parts(w).join(w.get("dose.separator"))
    }

    fn prescription_parts(&self, w: &Strings) -> Vec<String> {
        let mut parts: Vec<String> = Vec::new();
        if self.prescription_is_empty() {
            return parts;
        }
        let count = |c: CountRange, key: &str| {
            w.count_shown(
                key,
                c.is_single().then_some(u64::from(c.min)),
                &c.to_string(),
            )
        };
        let reps = self.reps.map(|r| match r {
            Reps::Count(c) => count(c, "dose.reps"),
            Reps::Max => w.get("dose.reps_max").to_string(),
        });
        // Without reps, a hold is the whole set: `3 sets × 30 s hold`.
        let whole_set_hold = if reps.is_none() { self.hold } else { None };
        let hold = |h: DurationRange, key: &str| w.fmt(key, &[("d", &h.words(w))]);
        let times = |sets: String, reps: String| {
            w.fmt("dose.sets_times", &[("sets", &sets), ("reps", &reps)])
        };
        match (self.sets, reps, whole_set_hold) {
            (Some(s), Some(r), _) => parts.push(times(count(s, "dose.sets"), r)),
            (Some(s), None, Some(h)) => {
                parts.push(times(count(s, "dose.sets"), hold(h, "dose.hold")));
            }
            (Some(s), None, None) => parts.push(count(s, "dose.sets")),
            (None, Some(r), _) => parts.push(r),
            (None, None, Some(h)) => parts.push(hold(h, "dose.hold")),
            (None, None, None) => {}
        }
        if let Some(h) = self.hold
            && self.reps.is_some()
        {
            parts.push(hold(h, "dose.hold_per_rep"));
        }
        if self.per_side {
            parts.push(w.get("dose.each_side").to_string());
        }
        if let Some(r) = self.rest {
            parts.push(w.fmt("dose.rest", &[("d", &r.words(w))]));
        }
        parts
    }

    /// The dose in words of `w`: the [`prescription`](Dose::prescription), then the load
    /// and the tempo: `3 sets × 10 reps · rest 60 s · load: 5 kg dumbbell · tempo 3-1-1`.
    pub fn words(&self, w: &Strings) -> String {
        let mut parts = self.prescription_parts(w);
        if let Some(l) = &self.load {
            parts.push(w.fmt("dose.load", &[("load", l)]));
        }
        if let Some(t) = self.tempo {
            parts.push(w.fmt("dose.tempo", &[("tempo", &t.to_string())]));
        }
        parts.join(w.get("dose.separator"))
    }
}

impl fmt::Display for Dose {
    /// [`Dose::words`] in English.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.words(crate::i18n::english()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_counts_and_ranges() {
        let ok = [
            ("10", (10, 10)),
            ("10-15", (10, 15)),
            ("10–15", (10, 15)),
            ("8 to 12", (8, 12)),
            (" 3 ", (3, 3)),
        ];
        for (raw, (a, b)) in ok {
            assert_eq!(
                parse_count("reps", raw, 1, 1000).unwrap(),
                CountRange { min: a, max: b },
                "{raw}"
            );
        }
        let err = parse_count("reps", "15-10", 1, 1000).unwrap_err();
        assert_eq!(
            err.message,
            "reps '15-10': the first number must not be larger than the second"
        );
        assert!(
            parse_count("sets", "25", 1, 20)
                .unwrap_err()
                .message
                .contains("too large")
        );
        assert!(
            parse_count("sets", "0", 1, 20)
                .unwrap_err()
                .message
                .contains("too small")
        );
        assert!(
            parse_count("reps", "ten", 1, 1000)
                .unwrap_err()
                .message
                .contains("not a number")
        );
        assert!(
            parse_count("reps", "-3", 1, 1000)
                .unwrap_err()
                .message
                .contains("negative")
        );
        assert!(
            parse_count("reps", "99999999999999999999999", 1, 1000)
                .unwrap_err()
                .message
                .contains("too large")
        );
    }

    #[test]
    fn parses_durations() {
        let ok = [
            ("30s", (30, 30)),
            ("45 s", (45, 45)),
            ("1m", (60, 60)),
            ("2 min", (120, 120)),
            ("1m30s", (90, 90)),
            ("30-60s", (30, 60)),
            ("10–30 s", (10, 30)),
            ("30s-1m", (30, 60)),
            ("1-2 min", (60, 120)),
        ];
        for (raw, (a, b)) in ok {
            let d = parse_duration_range("hold", raw).unwrap_or_else(|e| panic!("{raw}: {e:?}"));
            assert_eq!((d.min.seconds, d.max.seconds), (a, b), "{raw}");
        }
        assert!(
            parse_duration_range("hold", "30")
                .unwrap_err()
                .message
                .contains("no unit")
        );
        assert!(
            parse_duration_range("hold", "soon")
                .unwrap_err()
                .message
                .contains("not a duration")
        );
        assert!(
            parse_duration_range("hold", "60-30s")
                .unwrap_err()
                .message
                .contains("first duration")
        );
        assert!(
            parse_duration_range("hold", "0s")
                .unwrap_err()
                .message
                .contains("zero")
        );
        assert!(parse_duration_range("hold", "99999999999999h").is_err());
    }

    #[test]
    fn writes_doses_in_words() {
        let dose = Dose {
            sets: Some(CountRange { min: 3, max: 3 }),
            reps: Some(Reps::Count(CountRange { min: 10, max: 15 })),
            hold: parse_duration_range("hold", "2s").ok(),
            per_side: true,
            rest: parse_duration_range("rest", "60s").ok(),
            ..Dose::default()
        };
        assert_eq!(
            dose.to_string(),
            "3 sets × 10–15 reps · 2 s hold per rep · each side · rest 60 s"
        );
        assert_eq!(dose.prescription(crate::i18n::english()), dose.to_string());
        assert!(dose.hold_per_rep());
        let stretch = Dose {
            hold: parse_duration_range("hold", "30-60s").ok(),
            per_side: true,
            ..Dose::default()
        };
        assert_eq!(stretch.to_string(), "30–60 s hold · each side");
        assert!(!stretch.hold_per_rep());
        let one = Dose {
            sets: Some(CountRange { min: 1, max: 1 }),
            reps: Some(Reps::Count(CountRange { min: 1, max: 1 })),
            ..Dose::default()
        };
        assert_eq!(one.to_string(), "1 set × 1 rep");
        let held_sets = Dose {
            sets: Some(CountRange { min: 3, max: 3 }),
            hold: parse_duration_range("hold", "30s").ok(),
            ..Dose::default()
        };
        assert_eq!(held_sets.to_string(), "3 sets × 30 s hold");
        let amrap = Dose {
            sets: Some(CountRange { min: 2, max: 2 }),
            reps: Some(Reps::Max),
            hold: parse_duration_range("hold", "1s").ok(),
            ..Dose::default()
        };
        assert_eq!(
            amrap.to_string(),
            "2 sets × as many reps as possible · 1 s hold per rep"
        );
        let loaded = Dose {
            reps: Some(Reps::Count(CountRange { min: 8, max: 8 })),
            rest: parse_duration_range("rest", "90s").ok(),
            load: Some("5 kg dumbbell".into()),
            tempo: parse_tempo("3-1-1").ok(),
            ..Dose::default()
        };
        assert_eq!(
            loaded.to_string(),
            "8 reps · rest 90 s · load: 5 kg dumbbell · tempo 3-1-1"
        );
        assert_eq!(
            loaded.prescription(crate::i18n::english()),
            "8 reps · rest 90 s"
        );
        let only_load = Dose {
            load: Some("light band".into()),
            ..Dose::default()
        };
        assert!(!only_load.is_empty());
        assert_eq!(only_load.prescription(crate::i18n::english()), "");
        assert_eq!(only_load.to_string(), "load: light band");
        assert!(Dose::default().is_empty());
    }

    #[test]
    fn parses_reps_with_max() {
        assert_eq!(parse_reps("max").unwrap(), Reps::Max);
        assert_eq!(parse_reps(" MAX ").unwrap(), Reps::Max);
        assert_eq!(
            parse_reps("8-12").unwrap(),
            Reps::Count(CountRange { min: 8, max: 12 })
        );
        let e = parse_reps("amrap").unwrap_err();
        assert_eq!(e.message, "reps 'amrap' is not a number or a range");
        assert!(e.hint.unwrap().contains("reps: max"));
        assert!(parse_reps("0").unwrap_err().message.contains("too small"));
        assert_eq!(Reps::Max.to_string(), "max");
        assert_eq!(Reps::Max.count(), None);
    }

    #[test]
    fn parses_tempos() {
        let show = |raw: &str| parse_tempo(raw).map(|t| t.to_string());
        assert_eq!(show("3-1-1").unwrap(), "3-1-1");
        assert_eq!(show(" 3 - 1 - x - 0 ").unwrap(), "3-1-X-0");
        assert_eq!(show("2-0-X").unwrap(), "2-0-X");
        let t = parse_tempo("3-1-X-0").unwrap();
        assert_eq!(
            t.words(crate::i18n::english()),
            "3 s lowering, 1 s pause, lifting as fast as you can, no pause before the next rep"
        );
        assert_eq!(
            parse_tempo("X-0-2-2")
                .unwrap()
                .words(crate::i18n::english()),
            "lowering as fast as you can, no pause, 2 s lifting, 2 s pause before the next rep"
        );
        for (raw, message) in [
            ("3-1", "tempo '3-1' has 2 groups, not 3 or 4"),
            ("slow", "tempo 'slow' has 1 group, not 3 or 4"),
            ("3-1-1-0-1", "tempo '3-1-1-0-1' has 5 groups, not 3 or 4"),
            (
                "3-é-1",
                "tempo '3-é-1': 'é' is not a number of seconds from 0 to 9, or X",
            ),
            (
                "3-10-1",
                "tempo '3-10-1': '10' is not a number of seconds from 0 to 9, or X",
            ),
            ("3--1", "tempo '3--1' has an empty group"),
            ("-3-1-1", "tempo '-3-1-1' has an empty group"),
            ("", "tempo is empty"),
        ] {
            let e = parse_tempo(raw).unwrap_err();
            assert_eq!(e.message, message, "{raw}");
            assert!(e.hint.unwrap().contains("tempo: 3-1-1"), "{raw}");
        }
        let e = parse_tempo("30x0").unwrap_err();
        assert_eq!(e.message, "tempo '30x0' has no '-' between its groups");
        assert_eq!(
            e.hint.as_deref(),
            Some("write the groups with '-' between them: tempo: 3-0-X-0")
        );
    }

    #[test]
    fn parses_loads() {
        assert_eq!(parse_load("  5 kg dumbbell ").unwrap(), "5 kg dumbbell");
        assert_eq!(parse_load("2 x 5 kg").unwrap(), "2 x 5 kg");
        assert_eq!(parse_load(&"é".repeat(80)).unwrap().chars().count(), 80);
        for (raw, message) in [
            ("", "load is empty"),
            ("   ", "load is empty"),
            ("5", "load '5' has no unit"),
            ("2,5", "load '2,5' has no unit"),
            ("a\nb", "load runs over more than one line"),
        ] {
            assert_eq!(parse_load(raw).unwrap_err().message, message, "{raw:?}");
        }
        assert_eq!(
            parse_load(&"é".repeat(81)).unwrap_err().message,
            "load is 81 characters long: the most is 80"
        );
    }

    #[test]
    fn displays_duration_ranges_readably() {
        let show = |raw: &str| parse_duration_range("hold", raw).unwrap().to_string();
        assert_eq!(show("90s"), "90 s");
        assert_eq!(show("150s"), "2 min 30 s");
        assert_eq!(show("30s-1m"), "30–60 s");
        assert_eq!(show("1-2m"), "1–2 min");
        assert_eq!(show("45s-2m"), "45 s–2 min");
    }

    #[test]
    fn all_lists_each_enum_in_declaration_order() {
        // render::views indexes shared values by `word as usize`.
        for (i, l) in Level::ALL.iter().enumerate() {
            assert_eq!(*l as usize, i);
        }
        for (i, c) in Category::ALL.iter().enumerate() {
            assert_eq!(*c as usize, i);
        }
    }

    #[test]
    fn parses_enums_with_hints() {
        assert_eq!(Category::parse("Strength").unwrap(), Category::Strength);
        let e = Level::parse("beginer").unwrap_err();
        assert_eq!(e.message, "'beginer' is not a level");
        assert!(e.hint.unwrap().starts_with("did you mean 'beginner'?"));
    }
}
