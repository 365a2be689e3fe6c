//! Routine cards (built once per render) and the routine page's view, with the data the
//! follow-along script reads.

use serde::Serialize;

use super::media::Pictures;
use super::pages::{dose_view, toc};
use super::{BodyHtml, RoutineCard, RoutinePartView, RoutineStepView, RoutineView, Shared, Urls};
use crate::model::units::Reps;
use crate::model::{Routine, Site};

/// One card per routine, same order as [`Site::routines`].
pub(super) fn cards(urls: &Urls, pictures: &Pictures, site: &Site) -> Vec<RoutineCard> {
    site.routines
        .iter()
        .map(|r| RoutineCard {
            title: r.page.title.clone(),
            url: urls.url(&r.page.path),
            slug: r.page.slug.clone(),
            summary: r.page.summary.clone(),
            when: r
                .when
                .as_deref()
                .map(|w| super::shared::inline_html(urls, site, w)),
            duration: crate::model::routine::duration_in(r.seconds, &site.language.strings),
            seconds: r.seconds,
            exercises: r.steps.len(),
            image: super::media::first_image(pictures, &r.page.media).or_else(|| {
                r.steps.first().and_then(|s| {
                    super::media::first_image(pictures, &site.exercises[s.exercise].page.media)
                })
            }),
        })
        .collect()
}

/// The routine view of `site.routines[i]`.
pub(crate) fn routine<'a>(shared: &'a Shared, site: &'a Site, i: usize) -> RoutineView<'a> {
    let r = &site.routines[i];
    let mut parts: Vec<RoutinePartView> = Vec::new();
    for (n, s) in r.steps.iter().enumerate() {
        let e = &site.exercises[s.exercise];
        let step = RoutineStepView {
            number: n + 1,
            exercise: &shared.cards[s.exercise],
            dose: dose_view(&s.dose, &s.dose_text, &site.language.strings),
            sets: s.dose.sets.map_or(1, |c| c.max),
            note: s.note.as_deref().map(|t| shared.inline(site, t)),
            image: super::media::first_image(&shared.pictures, &e.page.media),
            cues: e.cues.iter().map(|c| shared.inline(site, c)).collect(),
            stop_if: e.stop_if.iter().map(|c| shared.inline(site, c)).collect(),
        };
        match (&s.section, parts.last_mut()) {
            (None, Some(part)) => part.steps.push(step),
            (title, _) => parts.push(RoutinePartView {
                title: title.clone(),
                id: format!("part-{}", parts.len() + 1),
                start: n + 1,
                steps: vec![step],
            }),
        }
    }
    RoutineView {
        card: &shared.routine_cards[i],
        body: BodyHtml::new(shared, site, Some(&r.page)),
        cover: super::media::first_image(&shared.pictures, &r.page.media),
        parts,
        toc: toc(&r.page),
        date: r.page.date.as_ref().map(crate::model::front::Date::day),
        date_text: r
            .page
            .date
            .as_ref()
            .map(|d| d.words(&site.language.strings)),
        json_ld: crate::render::meta::routine_json_ld(shared, site, i),
        data: data(&shared.urls, site, r, shared.follow_labels.as_ref()),
    }
}

/// What the follow-along script reads: numbers and plain text (docs/theming.md,
/// "Routine pages").
#[derive(Serialize)]
struct Data<'a> {
    /// Changes whenever the steps or their doses change (saved progress from another
    /// version is not resumed).
    version: String,
    title: &'a str,
    url: String,
    seconds: u32,
    steps: Vec<DataStep<'a>>,
    /// The follow-along script's words in the page's language (the `[follow]` section of
    /// the translation table), unless they are the built-in English ones (the script's own).
    #[serde(skip_serializing_if = "Option::is_none")]
    labels: Option<&'a serde_json::Value>,
}

#[derive(Serialize, Hash)]
struct DataStep<'a> {
    n: usize,
    section: Option<&'a str>,
    title: &'a str,
    url: String,
    dose: &'a str,
    /// The least number of sets the dose asks for (1 when it names none).
    sets: u32,
    /// As shown: `10`, `10–15`, `as many as possible`; null when the set is one hold.
    reps: Option<String>,
    /// Seconds (the lower bound), or null.
    hold: Option<u32>,
    hold_per_rep: bool,
    per_side: bool,
    /// Seconds between sets (the lower bound), or null.
    rest: Option<u32>,
    note: Option<String>,
}

fn data(
    urls: &Urls,
    site: &Site,
    r: &Routine,
    follow_labels: Option<&serde_json::Value>,
) -> String {
    let steps: Vec<DataStep> = r
        .steps
        .iter()
        .enumerate()
        .map(|(n, s)| {
            let e = &site.exercises[s.exercise];
            DataStep {
                n: n + 1,
                section: s.section.as_deref(),
                title: &e.page.title,
                url: urls.url(&e.page.path),
                dose: &s.dose_text,
                sets: s.dose.sets.map_or(1, |c| c.min),
                reps: s.dose.reps.map(|reps| match reps {
                    Reps::Count(c) => c.to_string(),
                    Reps::Max => site.language.strings.get("dose.reps_max_short").to_string(),
                }),
                hold: s.dose.hold.map(|h| h.min.seconds),
                hold_per_rep: s.dose.hold_per_rep(),
                per_side: s.dose.per_side,
                rest: s.dose.rest.map(|h| h.min.seconds),
                note: s
                    .note
                    .as_deref()
                    .map(|t| crate::model::inline::plain(t).into_owned()),
            }
        })
        .collect();
    let version = {
        use std::hash::{Hash, Hasher};
        let mut h = xxhash_rust::xxh3::Xxh3::new();
        steps.hash(&mut h);
        format!("{:016x}", h.finish())
    };
    let d = Data {
        version,
        title: &r.page.title,
        url: urls.url(&r.page.path),
        seconds: r.seconds,
        steps,
        labels: follow_labels,
    };
    // Serializing plain strings and numbers cannot fail.
    crate::html::script_safe(&serde_json::to_string(&d).unwrap_or_default())
}
