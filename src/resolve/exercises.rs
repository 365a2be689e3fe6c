//! Stages 4 and 5 of resolving: each exercise's references and declared progression edges
//! (in parallel), then the progression graph: symmetric easier/harder lists, and cycles.

use rayon::prelude::*;
use rustc_hash::FxHashSet as HashSet;

use crate::diagnostic::{Code, Diagnostic, Diagnostics};
use crate::frontmatter::{FieldPath, Target};
use crate::model::Exercise;
use crate::model::front::{Front, Kind};
use crate::model::parse::ParsedFile;
use crate::resolve::entries::Entries;
use crate::resolve::graph;
use crate::resolve::refs::{Refs, Repeats, check_unknown, resolve_refs, resolve_refs_with_paths};

// Messages too long to sit inside a statement (rustfmt leaves such statements unformatted).
const HINT_AN_EXERCISE_CANNOT_BE_BOTH: &str = "an exercise cannot be both easier and harder than another: remove one of the edges of the cycle";

/// Declared progression edges, each with the exercise and field that declared it.
pub(super) type Edges = Vec<graph::Edge<(usize, FieldPath)>>;

/// Stage 4: every published exercise with its muscles and equipment resolved (display
/// order), and the progression edges they declare. Each exercise only reads shared
/// indices, so they are resolved in parallel, then joined in display order.
pub(super) fn exercises(
    entries: &Entries,
    refs: &Refs,
    words: &crate::i18n::Strings,
    diags: &mut Diagnostics,
) -> (Vec<Exercise>, Edges) {
    let resolved: Vec<(Exercise, Edges, Diagnostics)> = entries
        .of(Kind::Exercise)
        .par_iter()
        .enumerate()
        .filter_map(|(i, e)| {
            let Front::Exercise(f) = e.front else {
                return None;
            };
            let mut diags = Diagnostics::new();
            let mut edges: Edges = Vec::new();
            let target_muscles = resolve_refs(e.file, &f.target_muscles, &refs.muscles, &mut diags);
            let mut secondary_muscles =
                resolve_refs(e.file, &f.secondary_muscles, &refs.muscles, &mut diags);
            secondary_muscles.retain(|m| !target_muscles.contains(m));
            let equipment = resolve_refs(e.file, &f.equipment, &refs.equipment, &mut diags);
            for (list, is_harder) in [(&f.easier, false), (&f.harder, true)] {
                let resolved = resolve_refs_with_paths(
                    e.file,
                    list,
                    &refs.exercises,
                    Repeats::Report,
                    &mut diags,
                );
                for (j, r) in resolved {
                    if j == i {
                        let side = if is_harder { "harder" } else { "easier" };
                        let d = Diagnostic::error(
                            Code::SelfLink,
                            "",
                            format!("'{}' lists itself as {side}", e.slug),
                        )
                        .hint("remove it: an exercise cannot be easier or harder than itself");
                        diags.push(e.file.field_diagnostic(d, &r.path(), Target::Value));
                        continue;
                    }
                    let (easier, harder) = if is_harder { (i, j) } else { (j, i) };
                    edges.push(graph::Edge {
                        easier,
                        harder,
                        origin: (i, r.path()),
                    });
                }
            }
            let exercise = Exercise {
                page: e.base(),
                aka: f.aka.clone(),
                target_muscles,
                secondary_muscles,
                equipment,
                category: f.category,
                level: f.level,
                dose: f.dose.clone(),
                dose_text: f.dose.words(words),
                common_errors: f.common_errors.clone(),
                cues: f.cues.clone(),
                stop_if: f.stop_if.clone(),
                easier: Vec::new(),
                harder: Vec::new(),
                paths: Vec::new(),
                routines: Vec::new(),
            };
            Some((exercise, edges, diags))
        })
        .collect();
    let mut exercises: Vec<Exercise> = Vec::with_capacity(resolved.len());
    let mut edges: Edges = Vec::new();
    for (exercise, mut own_edges, own_diags) in resolved {
        exercises.push(exercise);
        edges.append(&mut own_edges);
        diags.extend(own_diags.into_vec());
    }

    (exercises, edges)
}

/// Files with errors of their own (or whose slug another file has) are not in the site,
/// but their references are still checked so that one run reports every problem.
pub(super) fn check_left_out(
    files: &[&ParsedFile],
    clashing: &HashSet<String>,
    refs: &Refs,
    diags: &mut Diagnostics,
) {
    for file in files
        .iter()
        .filter(|f| !f.is_valid() || clashing.contains(&f.rel))
    {
        match &file.front {
            Some(Front::Exercise(f)) => {
                check_unknown(file, &f.target_muscles, &refs.muscles, diags);
                check_unknown(file, &f.secondary_muscles, &refs.muscles, diags);
                check_unknown(file, &f.equipment, &refs.equipment, diags);
                check_unknown(file, &f.easier, &refs.exercises, diags);
                check_unknown(file, &f.harder, &refs.exercises, diags);
            }
            Some(Front::Path(f)) => check_unknown(file, &f.steps, &refs.exercises, diags),
            Some(Front::Routine(f)) => {
                let steps: Vec<crate::model::front::Ref> = f
                    .steps
                    .iter()
                    .filter_map(|s| match s {
                        crate::model::front::RoutineStepFront::Exercise(e) => {
                            Some(e.exercise.clone())
                        }
                        crate::model::front::RoutineStepFront::Section(_) => None,
                    })
                    .collect();
                check_unknown(file, &steps, &refs.exercises, diags);
            }
            _ => {}
        }
    }
}

/// Stage 5: the progression graph. Fills each exercise's `easier` and `harder` lists
/// (both declared and implied, by level) and reports cycles at the edge that closes them.
pub(super) fn progressions(
    entries: &Entries,
    exercises: &mut [Exercise],
    edges: &Edges,
    diags: &mut Diagnostics,
) {
    let g = graph::build(exercises.len(), edges);
    let ex_entries = entries.of(Kind::Exercise);
    for c in &g.cycles {
        let names: Vec<&str> = c
            .nodes
            .iter()
            .map(|n| ex_entries[*n].slug.as_str())
            .collect();
        let (owner, path) = &c.closing;
        let d = Diagnostic::error(
            Code::ProgressionCycle,
            "",
            format!("progression cycle: {}", names.join(" -> ")),
        )
        .hint(HINT_AN_EXERCISE_CANNOT_BE_BOTH);
        diags.push(
            ex_entries[*owner]
                .file
                .field_diagnostic(d, path, Target::Value),
        );
    }
    let order = |list: &[usize], exercises: &[Exercise]| -> Vec<usize> {
        let mut v = list.to_vec();
        v.sort_by_key(|&x| (exercises[x].level, x));
        v
    };
    let easier: Vec<Vec<usize>> = g.easier.iter().map(|l| order(l, exercises)).collect();
    let harder: Vec<Vec<usize>> = g.harder.iter().map(|l| order(l, exercises)).collect();
    for ((ex, easier), harder) in exercises.iter_mut().zip(easier).zip(harder) {
        ex.easier = easier;
        ex.harder = harder;
    }
}
