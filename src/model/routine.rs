//! How long a routine takes: the estimate shown on its page and in lists ("about 12
//! minutes"), and the figures the follow-along timer runs on. Plain arithmetic on doses;
//! the formula is documented in `docs/content-format.md` ("Routines") and must stay the
//! same as this code.
//!
//! For each exercise step:
//!
//! ```text
//! step = setup + sets × sides × work + (sets − 1) × rest
//! work = reps × (seconds per rep + hold)      when the dose has reps (hold: each rep's)
//!      = hold                                 when it has a hold and no reps (one long hold)
//!      = seconds per rep                      when it has neither (one rep)
//! ```
//!
//! A range counts as its midpoint (`8-12` reps as 10, `20-30s` as 25 s); `reps: max` counts
//! as [`MAX_REPS_COUNT`]; no `sets` is one set; `sides` is 2 when the dose is per side;
//! the seconds per rep are the exercise's `tempo` (its four beats, `X` as one second) or
//! else `seconds_per_rep` from site.toml; `setup` is `setup_seconds` from site.toml. No
//! rest is counted after an exercise's last set (the next exercise's setup stands for it).

use crate::config::RoutineConfig;
use crate::model::units::{Beat, CountRange, Dose, DurationRange, Reps};

/// What `reps: max` (as many as possible) counts as in the estimate.
pub(crate) const MAX_REPS_COUNT: f64 = 10.0;

/// A routine this long (in seconds) or longer gets a `long-routine` warning.
pub(crate) const LONG_ROUTINE_SECONDS: u32 = 90 * 60;

fn mid_count(c: CountRange) -> f64 {
    f64::midpoint(f64::from(c.min), f64::from(c.max))
}

fn mid_duration(d: DurationRange) -> f64 {
    f64::midpoint(f64::from(d.min.seconds), f64::from(d.max.seconds))
}

/// Seconds one rep of `dose` takes, without a hold: its tempo, else the site's figure.
fn seconds_per_rep(dose: &Dose, cfg: &RoutineConfig) -> f64 {
    match &dose.tempo {
        Some(t) => {
            let beat = |b: Beat| match b {
                Beat::Seconds(n) => f64::from(n),
                Beat::Fast => 1.0,
            };
            let total = beat(t.lowering)
                + beat(t.pause)
                + beat(t.lifting)
                + t.pause_after.map_or(0.0, beat);
            // A tempo of 0-0-0 still takes a moment.
            total.max(1.0)
        }
        None => f64::from(cfg.seconds_per_rep),
    }
}

/// Seconds one set of `dose` takes (one side).
fn set_seconds(dose: &Dose, cfg: &RoutineConfig) -> f64 {
    let per_rep = seconds_per_rep(dose, cfg);
    match (dose.reps, dose.hold) {
        (Some(reps), hold) => {
            let n = match reps {
                Reps::Count(c) => mid_count(c),
                Reps::Max => MAX_REPS_COUNT,
            };
            n * (per_rep + hold.map_or(0.0, mid_duration))
        }
        (None, Some(hold)) => mid_duration(hold),
        (None, None) => per_rep,
    }
}

/// Seconds one exercise step with `dose` takes, setup included.
fn step_seconds(dose: &Dose, cfg: &RoutineConfig) -> f64 {
    let sets = dose.sets.map_or(1.0, mid_count);
    let sides = if dose.per_side { 2.0 } else { 1.0 };
    let rest = dose.rest.map_or(0.0, mid_duration);
    f64::from(cfg.setup_seconds) + sets * sides * set_seconds(dose, cfg) + (sets - 1.0) * rest
}

/// Seconds a routine whose steps have `doses` takes, rounded to the second.
pub(crate) fn estimate<'a>(doses: impl IntoIterator<Item = &'a Dose>, cfg: &RoutineConfig) -> u32 {
    let total: f64 = doses.into_iter().map(|d| step_seconds(d, cfg)).sum();
    // At most a day: the cast cannot overflow.
    total.round().clamp(0.0, 86_400.0) as u32
}

/// The estimate in English words: `about 12 minutes`, `about 1 minute`, `about 1 hour 35
/// minutes` (for messages; pages use [`duration_in`]).
pub(crate) fn duration_words(seconds: u32) -> String {
    duration_in(seconds, crate::i18n::english())
}

/// The estimate in words of `w`, rounded to the minute (at least one).
pub(crate) fn duration_in(seconds: u32, w: &crate::i18n::Strings) -> String {
    let minutes = ((f64::from(seconds) / 60.0).round() as u32).max(1);
    let (h, m) = (u64::from(minutes / 60), u64::from(minutes % 60));
    let d = if h == 0 {
        w.count("duration.minute", m, &[])
    } else if m == 0 {
        w.count("duration.hour", h, &[])
    } else {
        w.fmt(
            "duration.hours_minutes",
            &[
                ("h", &w.count("duration.hour", h, &[])),
                ("m", &w.count("duration.minute", m, &[])),
            ],
        )
    };
    w.fmt("duration.about", &[("d", &d)])
}

/// The estimate as an ISO 8601 duration for structured data: `PT12M`, `PT1H35M`.
pub(crate) fn iso_duration(seconds: u32) -> String {
    let minutes = ((f64::from(seconds) / 60.0).round() as u32).max(1);
    match (minutes / 60, minutes % 60) {
        (0, m) => format!("PT{m}M"),
        (h, 0) => format!("PT{h}H"),
        (h, m) => format!("PT{h}H{m}M"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::units::{parse_count, parse_duration_range, parse_reps, parse_tempo};

    fn dose(sets: &str, reps: &str, hold: &str, rest: &str, per_side: bool) -> Dose {
        fn opt(s: &str) -> Option<&str> {
            (!s.is_empty()).then_some(s)
        }
        Dose {
            sets: opt(sets).map(|s| parse_count("sets", s, 1, 20).unwrap()),
            reps: opt(reps).map(|s| parse_reps(s).unwrap()),
            hold: opt(hold).map(|s| parse_duration_range("hold", s).unwrap()),
            per_side,
            rest: opt(rest).map(|s| parse_duration_range("rest", s).unwrap()),
            load: None,
            tempo: None,
        }
    }

    const CFG: RoutineConfig = RoutineConfig {
        seconds_per_rep: 3,
        setup_seconds: 15,
    };

    #[test]
    fn reps_sets_and_rest() {
        // 15 + 3 × (10 × 3) + 2 × 60 = 15 + 90 + 120.
        assert_eq!(estimate([&dose("3", "10", "", "60s", false)], &CFG), 225);
    }

    #[test]
    fn per_side_doubles_the_work_not_the_rest() {
        // 15 + 2 sets × 2 sides × (10 × 3) + 1 × 30 = 15 + 120 + 30.
        assert_eq!(estimate([&dose("2", "10", "", "30s", true)], &CFG), 165);
    }

    #[test]
    fn a_hold_alone_is_the_whole_set() {
        // 15 + 3 × 30 + 2 × 30 = 165; per side: 15 + 3 × 2 × 30 + 2 × 30 = 255.
        assert_eq!(estimate([&dose("3", "", "30s", "30s", false)], &CFG), 165);
        assert_eq!(estimate([&dose("3", "", "30s", "30s", true)], &CFG), 255);
    }

    #[test]
    fn a_hold_with_reps_is_each_reps() {
        // 15 + 2 × 10 × (3 + 2) = 115.
        assert_eq!(estimate([&dose("2", "10", "2s", "", false)], &CFG), 115);
    }

    #[test]
    fn ranges_count_as_their_midpoint_and_max_as_ten() {
        // 15 + 2.5 sets × (12.5 reps × 3) + 1.5 × 45 = 15 + 93.75 + 67.5 = 176.25.
        assert_eq!(
            estimate([&dose("2-3", "10-15", "", "30-60s", false)], &CFG),
            176
        );
        // 15 + 1 × 10 × 3 = 45.
        assert_eq!(estimate([&dose("", "max", "", "", false)], &CFG), 45);
        // Nothing prescribed: one rep.
        assert_eq!(estimate([&dose("", "", "", "", false)], &CFG), 18);
    }

    #[test]
    fn tempo_replaces_the_seconds_per_rep() {
        let mut d = dose("1", "10", "", "", false);
        d.tempo = Some(parse_tempo("3-1-1").unwrap());
        // 15 + 10 × 5.
        assert_eq!(estimate([&d], &CFG), 65);
        d.tempo = Some(parse_tempo("2-0-X-1").unwrap());
        // 15 + 10 × (2 + 0 + 1 + 1).
        assert_eq!(estimate([&d], &CFG), 55);
    }

    #[test]
    fn steps_add_up_and_settings_apply() {
        let a = dose("3", "10", "", "60s", false);
        let b = dose("2", "", "30s", "", true);
        // 225 + (15 + 2 × 2 × 30) = 225 + 135.
        assert_eq!(estimate([&a, &b], &CFG), 360);
        let slow = RoutineConfig {
            seconds_per_rep: 4,
            setup_seconds: 0,
        };
        // 3 × 40 + 120 = 240; 2 × 2 × 30 = 120.
        assert_eq!(estimate([&a, &b], &slow), 360);
    }

    #[test]
    fn words_round_to_minutes() {
        assert_eq!(duration_words(20), "about 1 minute");
        assert_eq!(duration_words(225), "about 4 minutes");
        assert_eq!(duration_words(719), "about 12 minutes");
        assert_eq!(duration_words(3600), "about 1 hour");
        assert_eq!(duration_words(5700), "about 1 hour 35 minutes");
        assert_eq!(iso_duration(719), "PT12M");
        assert_eq!(iso_duration(5700), "PT1H35M");
        assert_eq!(iso_duration(7200), "PT2H");
    }
}
