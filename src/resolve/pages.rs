//! Stages 6 and 7 of resolving: paths with their steps, then muscles and equipment with
//! the exercises that use them (and the bodyweight list).

use crate::diagnostic::{Code, Diagnostic, Diagnostics};
use crate::frontmatter::{FieldPath, Target};
use crate::model::front::{Front, Kind};
use crate::model::{Equipment, Exercise, Muscle, PathPage};
use crate::resolve::entries::Entries;
use crate::resolve::refs::{Refs, Repeats, resolve_refs_with_paths};

/// Stage 6: every published path with its steps resolved; each exercise learns which
/// paths it is on.
pub(super) fn paths(
    entries: &Entries,
    refs: &Refs,
    exercises: &mut [Exercise],
    diags: &mut Diagnostics,
) -> Vec<PathPage> {
    let mut paths = Vec::new();
    for (pi, e) in entries.of(Kind::Path).iter().enumerate() {
        let Front::Path(f) = e.front else { continue };
        let resolved =
            resolve_refs_with_paths(e.file, &f.steps, &refs.exercises, Repeats::Keep, diags);
        let mut steps: Vec<usize> = Vec::new();
        for (x, r) in &resolved {
            if let Some(first) = steps.iter().position(|s| s == x) {
                let d = Diagnostic::error(
                    Code::BadPath,
                    "",
                    format!("'{}' is already step {} of this path", r.slug, first + 1),
                )
                .hint("each exercise may appear once in a path; remove the repeat");
                diags.push(e.file.field_diagnostic(d, &r.path(), Target::Value));
            } else {
                steps.push(*x);
            }
        }
        let written = f.steps.len();
        if written < 2 {
            let d = Diagnostic::error(
                Code::BadPath,
                "",
                format!("a path needs at least two steps; this one has {written}"),
            )
            .hint("list two or more exercise slugs under 'steps:', easier first");
            diags.push(
                e.file
                    .field_diagnostic(d, &FieldPath::root().key("steps"), Target::Value),
            );
        }
        for (si, x) in steps.iter().enumerate() {
            exercises[*x].paths.push((pi, si));
        }
        paths.push(PathPage {
            page: e.base(),
            steps,
            advance_when: f.advance_when.clone(),
        });
    }

    paths
}

/// Muscles and equipment with their exercises, the exercises that need no equipment, and
/// the site's own bodyweight page (index into the equipment), if it has one.
pub(super) struct Uses {
    pub muscles: Vec<Muscle>,
    pub equipment: Vec<Equipment>,
    pub bodyweight: Vec<usize>,
    pub bodyweight_page: Option<usize>,
}

/// Stage 7: muscles and equipment with the exercises that use them.
pub(super) fn uses(entries: &Entries, refs: &Refs, exercises: &[Exercise]) -> Uses {
    let mut muscles: Vec<Muscle> = entries
        .of(Kind::Muscle)
        .iter()
        .filter_map(|e| match e.front {
            Front::Muscle(f) => Some(Muscle {
                page: e.base(),
                aka: f.aka.clone(),
                region: f.region.clone(),
                map_region: f.map_region.clone(),
                primary: Vec::new(),
                secondary: Vec::new(),
            }),
            _ => None,
        })
        .collect();
    let mut equipment: Vec<Equipment> = entries
        .of(Kind::Equipment)
        .iter()
        .filter_map(|e| match e.front {
            Front::Equipment(f) => Some(Equipment {
                page: e.base(),
                aka: f.aka.clone(),
                exercises: Vec::new(),
            }),
            _ => None,
        })
        .collect();
    let mut bodyweight = Vec::new();
    for (i, ex) in exercises.iter().enumerate() {
        for &m in &ex.target_muscles {
            muscles[m].primary.push(i);
        }
        for &m in &ex.secondary_muscles {
            muscles[m].secondary.push(i);
        }
        for &q in &ex.equipment {
            equipment[q].exercises.push(i);
        }
        if ex.equipment.is_empty() {
            bodyweight.push(i);
        }
    }
    let bodyweight_page = refs.equipment.index.get("bodyweight").copied();
    if let Some(b) = bodyweight_page {
        let mut all = equipment[b].exercises.clone();
        all.extend(&bodyweight);
        all.sort_unstable();
        all.dedup();
        equipment[b].exercises = all;
    }

    Uses {
        muscles,
        equipment,
        bodyweight,
        bodyweight_page,
    }
}
