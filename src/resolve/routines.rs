//! Stage 6b of resolving: routines. Each exercise step is looked up (with a hint for an
//! unknown slug), its dose is the exercise's with the step's keys replacing their own, and
//! the routine's duration is estimated (`model::routine`). Warnings: a routine that runs 90
//! minutes or more, a per-side exercise whose step sets reps or a hold without saying
//! whether they are for each side, and a heading with no exercise after it.

use crate::config::SiteConfig;
use crate::diagnostic::{Code, Diagnostic, Diagnostics};
use crate::frontmatter::{FieldPath, Target};
use crate::model::front::{Front, Kind, RoutineStepFront};
use crate::model::routine::{LONG_ROUTINE_SECONDS, duration_words, estimate};
use crate::model::{Exercise, Routine, RoutineStep};
use crate::resolve::entries::Entries;
use crate::resolve::refs::{Refs, Repeats, resolve_refs_with_paths};

/// Every published routine with its steps resolved; each exercise learns which routines
/// use it.
pub(super) fn routines(
    entries: &Entries,
    refs: &Refs,
    exercises: &mut [Exercise],
    config: &SiteConfig,
    words: &crate::i18n::Strings,
    diags: &mut Diagnostics,
) -> Vec<Routine> {
    let mut routines = Vec::new();
    for (ri, e) in entries.of(Kind::Routine).iter().enumerate() {
        let Front::Routine(f) = e.front else { continue };
        let mut steps: Vec<RoutineStep> = Vec::new();
        // The heading waiting for the next exercise, where it is written, and whether an
        // exercise step follows it (one left out, unknown or a draft, still counts: its own
        // problem is reported, and the heading is not empty).
        let mut section: Option<(String, usize, bool)> = None;
        for (si, step) in f.steps.iter().enumerate() {
            let s = match step {
                RoutineStepFront::Section(title) => {
                    if let Some((_, at, false)) = &section {
                        diags.push(empty_section(e.file, *at));
                    }
                    section = Some((title.clone(), si, false));
                    continue;
                }
                RoutineStepFront::Exercise(s) => s,
            };
            if let Some((_, _, followed)) = &mut section {
                *followed = true;
            }
            let resolved = resolve_refs_with_paths(
                e.file,
                std::slice::from_ref(&s.exercise),
                &refs.exercises,
                Repeats::Keep,
                diags,
            );
            let Some(&(x, _)) = resolved.first() else {
                continue;
            };
            let exercise = &exercises[x];
            let unstated = exercise.dose.per_side
                && s.dose.per_side.is_none()
                && (s.dose.reps.is_some() || s.dose.hold.is_some());
            if unstated {
                let what = if s.dose.reps.is_some() {
                    "reps"
                } else {
                    "hold"
                };
                let d = Diagnostic::warning(
                    Code::PerSideUnstated,
                    "",
                    format!(
                        "'{}' is done on each side, and this step sets its {what} without saying whether they are for each side",
                        s.exercise.slug
                    ),
                )
                .hint("add 'per_side: true' to the step if the dose is for each side, or 'per_side: false' if it is for both sides together");
                let at = FieldPath::root().key("steps").index(si).key(what);
                diags.push(e.file.field_diagnostic(d, &at, Target::Value));
            }
            let dose = s.dose.apply(&exercise.dose);
            steps.push(RoutineStep {
                section: section.take().map(|(t, _, _)| t),
                exercise: x,
                dose_text: dose.words(words),
                dose,
                note: s.note.clone(),
            });
            if !exercises[x].routines.contains(&ri) {
                exercises[x].routines.push(ri);
            }
        }
        if let Some((_, at, false)) = section {
            diags.push(empty_section(e.file, at));
        }
        let seconds = estimate(steps.iter().map(|s| &s.dose), &config.routines);
        if seconds >= LONG_ROUTINE_SECONDS {
            let d = Diagnostic::warning(
                Code::LongRoutine,
                "",
                format!(
                    "this routine takes {} by the estimate: a reader following it is unlikely to finish",
                    duration_words(seconds)
                ),
            )
            .hint("split it into shorter routines (one per day or per goal), or lower the sets and reps");
            diags.push(
                e.file
                    .field_diagnostic(d, &FieldPath::root().key("steps"), Target::Key),
            );
        }
        routines.push(Routine {
            page: e.base(),
            when: f.when.clone(),
            steps,
            seconds,
        });
    }
    routines
}

fn empty_section(file: &crate::model::parse::ParsedFile, at: usize) -> Diagnostic {
    let d = Diagnostic::warning(
        Code::EmptySection,
        "",
        "this heading has no exercise after it",
    )
    .hint("add exercise steps after it, or remove it");
    file.field_diagnostic(
        d,
        &FieldPath::root().key("steps").index(at).key("section"),
        Target::Value,
    )
}
