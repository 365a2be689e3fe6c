//! The `page` view of each page kind, built from the model and [`Shared`].

use super::{
    ArticleView, BODYWEIGHT_PATH, BodyHtml, CategoryGroup, DiagramSvg, DoseView, EquipmentView,
    ErrorFixView, ExerciseView, FilterChoice, Filters, HomeView, IndexEntry, LegendEntry, ListView,
    MapLegend, MapLink, MuscleView, PathMembership, PathView, Shared, StepView, TocEntry, WordView,
    paging,
};
use crate::model::front::Section;
use crate::model::{PageBase, Site};
use crate::render::views::lazy::DiagramOf;
use crate::render::views::shared::link;

fn filters(site: &Site) -> Filters {
    let choice = |value: &str, label: &str, count: usize| FilterChoice {
        value: value.to_string(),
        label: label.to_string(),
        count,
    };
    let mut f = Filters::default();
    for m in &site.muscles {
        if !m.primary.is_empty() {
            f.muscles
                .push(choice(&m.page.slug, &m.page.title, m.primary.len()));
        }
    }
    if !site.bodyweight.is_empty() {
        f.equipment.push(choice(
            "bodyweight",
            site.language.strings.get("names.bodyweight_only"),
            site.bodyweight.len(),
        ));
    }
    for (i, q) in site.equipment.iter().enumerate() {
        // A site's own bodyweight page lists the exercises with no equipment.
        if site.bodyweight_page != Some(i) && !q.exercises.is_empty() {
            f.equipment
                .push(choice(&q.page.slug, &q.page.title, q.exercises.len()));
        }
    }
    for level in crate::model::units::Level::ALL {
        let n = site.exercises.iter().filter(|e| e.level == *level).count();
        if n > 0 {
            f.levels.push(choice(
                level.word(),
                level.label_in(&site.language.strings),
                n,
            ));
        }
    }
    for cat in crate::model::units::Category::ALL {
        let n = site.exercises.iter().filter(|e| e.category == *cat).count();
        if n > 0 {
            f.categories
                .push(choice(cat.word(), cat.label_in(&site.language.strings), n));
        }
    }
    f
}

pub(super) fn toc(page: &PageBase) -> Vec<TocEntry> {
    page.body
        .headings
        .iter()
        .filter(|h| h.level >= 2)
        .map(|h| TocEntry {
            level: h.level,
            id: h.id.clone(),
            text: h.text.clone(),
        })
        .collect()
}

/// A dose, field by field (`text` is the dose in words, written once by the model).
pub(super) fn dose_view(
    dose: &crate::model::units::Dose,
    text: &str,
    w: &crate::i18n::Strings,
) -> DoseView {
    DoseView {
        text: text.to_string(),
        prescription: dose.prescription(w),
        sets: dose.sets.map(|c| c.to_string()),
        reps: dose.reps.map(|c| c.to_string()),
        hold: dose.hold.map(|d| d.words(w)),
        hold_per_rep: dose.hold_per_rep(),
        rest: dose.rest.map(|d| d.words(w)),
        per_side: dose.per_side,
        load: dose.load.clone(),
        tempo: dose.tempo.map(|t| t.to_string()),
        tempo_words: dose.tempo.map(|t| t.words(w)),
    }
}

/// The exercise view of `site.exercises[i]`.
pub(crate) fn exercise<'a>(shared: &'a Shared, site: &'a Site, i: usize) -> ExerciseView<'a> {
    let e = &site.exercises[i];
    let urls = &shared.urls;
    let paths = e
        .paths
        .iter()
        .map(|&(p, step)| {
            let path = &site.paths[p];
            let neighbour = |j: Option<usize>| {
                j.and_then(|j| path.steps.get(j))
                    .map(|&x| link(urls, &site.exercises[x].page))
            };
            PathMembership {
                path: link(urls, &path.page),
                step: step + 1,
                of: path.steps.len(),
                prev: neighbour(step.checked_sub(1)),
                next: neighbour(Some(step + 1)),
            }
        })
        .collect();
    ExerciseView {
        card: &shared.cards[i],
        aka: &e.aka,
        dose_detail: dose_view(&e.dose, &e.dose_text, &site.language.strings),
        body: BodyHtml::new(shared, site, Some(&e.page)),
        gallery: super::media::gallery(
            &shared.pictures,
            &site.config.language,
            &site.language.strings,
            &e.page.media,
        ),
        toc: toc(&e.page),
        cues: e.cues.iter().map(|c| shared.inline(site, c)).collect(),
        common_errors: e
            .common_errors
            .iter()
            .map(|c| ErrorFixView {
                error: shared.inline(site, &c.error),
                fix: shared.inline(site, &c.fix),
            })
            .collect(),
        stop_if: e.stop_if.iter().map(|s| shared.inline(site, s)).collect(),
        easier: e.easier.iter().map(|&x| &shared.cards[x]).collect(),
        harder: e.harder.iter().map(|&x| &shared.cards[x]).collect(),
        paths,
        routines: e
            .routines
            .iter()
            .map(|&r| &shared.routine_cards[r])
            .collect(),
        date: e.page.date.as_ref().map(crate::model::front::Date::day),
        date_text: e
            .page
            .date
            .as_ref()
            .map(|d| d.words(&site.language.strings)),
        diagram: DiagramSvg {
            shared,
            site,
            of: DiagramOf::Exercise(i),
        },
        map_target: map_regions(shared, site, &e.target_muscles, &[]),
        map_secondary: map_regions(shared, site, &e.secondary_muscles, &e.target_muscles),
        map_legend: map_legend(shared, site, &e.target_muscles, &e.secondary_muscles),
        diagram_caption: site
            .language
            .strings
            .fmt("page.diagram_caption", &[("title", &e.page.title)]),
        json_ld: crate::render::meta::exercise_json_ld(shared, site, i),
    }
}

/// The distinct body-map regions of `muscles` that the map draws, leaving out the regions
/// of `except`.
fn map_regions<'a>(
    shared: &Shared,
    site: &'a Site,
    muscles: &[usize],
    except: &[usize],
) -> Vec<&'a str> {
    let taken: Vec<&str> = except
        .iter()
        .filter_map(|&m| shared.on_map(site.muscles[m].map_region.as_deref()))
        .collect();
    let mut out: Vec<&str> = Vec::new();
    for &m in muscles {
        if let Some(r) = shared.on_map(site.muscles[m].map_region.as_deref())
            && !taken.contains(&r)
            && !out.contains(&r)
        {
            out.push(r);
        }
    }
    out
}

/// The legend of an exercise's body map: a muscle is named next to a colour only when the
/// map colours its region, and next to the colour the region is drawn in (a secondary
/// muscle in a target's region is drawn strongly, with the target); the others are named
/// apart, as not on the map.
fn map_legend(shared: &Shared, site: &Site, targets: &[usize], secondary: &[usize]) -> MapLegend {
    let mut legend = MapLegend::default();
    let entry = |m: usize, region: &str| LegendEntry {
        link: link(&shared.urls, &site.muscles[m].page),
        region: region.to_string(),
    };
    let target_regions = map_regions(shared, site, targets, &[]);
    for (is_target, muscles) in [(true, targets), (false, secondary)] {
        for &m in muscles {
            if !is_target && targets.contains(&m) {
                continue;
            }
            match shared.on_map(site.muscles[m].map_region.as_deref()) {
                Some(r) if is_target => legend.target.push(entry(m, r)),
                Some(r) if target_regions.contains(&r) => legend.shared.push(entry(m, r)),
                Some(r) => legend.secondary.push(entry(m, r)),
                None => legend
                    .off_map
                    .push(link(&shared.urls, &site.muscles[m].page)),
            }
        }
    }
    legend.target_label =
        site.language
            .strings
            .count("page.map_target", legend.target.len() as u64, &[]);
    legend
}

/// The muscle view of `site.muscles[i]`.
pub(crate) fn muscle<'a>(
    shared: &'a Shared,
    site: &'a Site,
    i: usize,
    page: usize,
) -> MuscleView<'a> {
    let m = &site.muscles[i];
    // Targets first, then the exercises where it helps, one list cut into pages.
    let total = m.primary.len() + m.secondary.len();
    let (range, pagination) = paging(
        &shared.urls,
        &m.page.path,
        total,
        site.config.page_size,
        page,
    );
    let primary = &m.primary[range.start.min(m.primary.len())..range.end.min(m.primary.len())];
    let secondary = &m.secondary
        [range.start.saturating_sub(m.primary.len())..range.end.saturating_sub(m.primary.len())];
    MuscleView {
        pagination,
        title: &m.page.title,
        url: shared.urls.url(&m.page.path),
        slug: &m.page.slug,
        summary: m.page.summary.as_deref(),
        aka: &m.aka,
        region: m.region.as_deref(),
        map_region: shared.on_map(m.map_region.as_deref()),
        body: BodyHtml::new(shared, site, Some(&m.page)),
        image: super::media::first_image(&shared.pictures, &m.page.media),
        primary: primary.iter().map(|&x| &shared.cards[x]).collect(),
        secondary: secondary.iter().map(|&x| &shared.cards[x]).collect(),
    }
}

/// The equipment view of `site.equipment[i]`.
pub(crate) fn equipment<'a>(
    shared: &'a Shared,
    site: &'a Site,
    i: usize,
    page: usize,
) -> EquipmentView<'a> {
    let q = &site.equipment[i];
    let (range, pagination) = paging(
        &shared.urls,
        &q.page.path,
        q.exercises.len(),
        site.config.page_size,
        page,
    );
    EquipmentView {
        pagination,
        title: q.page.title.clone(),
        url: shared.urls.url(&q.page.path),
        slug: q.page.slug.clone(),
        summary: q.page.summary.clone(),
        aka: &q.aka,
        body: BodyHtml::new(shared, site, Some(&q.page)),
        image: super::media::first_image(&shared.pictures, &q.page.media),
        exercises: q.exercises[range]
            .iter()
            .map(|&x| &shared.cards[x])
            .collect(),
        is_bodyweight: site.bodyweight_page == Some(i),
    }
}

/// The generated bodyweight page (when the site has no `equipment/bodyweight.md`).
pub(crate) fn bodyweight<'a>(shared: &'a Shared, site: &'a Site, page: usize) -> EquipmentView<'a> {
    let (range, pagination) = paging(
        &shared.urls,
        BODYWEIGHT_PATH,
        site.bodyweight.len(),
        site.config.page_size,
        page,
    );
    EquipmentView {
        pagination,
        title: site.language.strings.get("names.bodyweight").to_string(),
        url: shared.urls.url(BODYWEIGHT_PATH),
        slug: "bodyweight".into(),
        summary: Some("Exercises that need no equipment.".into()),
        aka: &[],
        body: BodyHtml::new(shared, site, None),
        image: None,
        exercises: site.bodyweight[range]
            .iter()
            .map(|&x| &shared.cards[x])
            .collect(),
        is_bodyweight: true,
    }
}

/// The path view of `site.paths[i]`.
pub(crate) fn path<'a>(shared: &'a Shared, site: &'a Site, i: usize) -> PathView<'a> {
    let p = &site.paths[i];
    PathView {
        title: &p.page.title,
        url: shared.urls.url(&p.page.path),
        slug: &p.page.slug,
        summary: p.page.summary.as_deref(),
        body: BodyHtml::new(shared, site, Some(&p.page)),
        image: super::media::first_image(&shared.pictures, &p.page.media),
        advance_when: p.advance_when.as_deref().map(|a| shared.inline(site, a)),
        steps: p
            .steps
            .iter()
            .enumerate()
            .map(|(n, &x)| StepView {
                number: n + 1,
                exercise: &shared.cards[x],
            })
            .collect(),
        diagram: DiagramSvg {
            shared,
            site,
            of: DiagramOf::Path(i),
        },
    }
}

/// The article view.
pub(crate) fn article<'a>(
    shared: &'a Shared,
    site: &'a Site,
    page: &'a PageBase,
) -> ArticleView<'a> {
    ArticleView {
        title: &page.title,
        url: shared.urls.url(&page.path),
        summary: page.summary.as_deref(),
        body: BodyHtml::new(shared, site, Some(page)),
        image: super::media::first_image(&shared.pictures, &page.media),
        toc: toc(page),
        date: page.date.as_ref().map(crate::model::front::Date::day),
        date_text: page.date.as_ref().map(|d| d.words(&site.language.strings)),
    }
}

/// The home view.
pub(crate) fn home<'a>(shared: &'a Shared, site: &'a Site) -> HomeView<'a> {
    HomeView {
        title: site
            .home
            .as_ref()
            .map_or(site.config.title.clone(), |h| h.title.clone()),
        summary: site
            .home
            .as_ref()
            .and_then(|h| h.summary.clone())
            .or_else(|| site.config.description.clone()),
        body: BodyHtml::new(shared, site, site.home.as_ref()),
        image: site
            .home
            .as_ref()
            .and_then(|h| super::media::first_image(&shared.pictures, &h.media)),
        paths: &shared.path_cards[..shared.path_cards.len().min(HOME_PATHS)],
        paths_total: shared.path_cards.len(),
        routines: &shared.routine_cards[..shared.routine_cards.len().min(HOME_PATHS)],
        routines_total: shared.routine_cards.len(),
        map: {
            let mut seen = std::collections::HashSet::new();
            site.muscles
                .iter()
                .filter_map(|m| {
                    let region = shared.on_map(m.map_region.as_deref())?;
                    seen.insert(region).then(|| MapLink {
                        title: m.page.title.clone(),
                        url: shared.urls.url(&m.page.path),
                        region: Some(region.to_string()),
                        count: m.primary.len(),
                    })
                })
                .collect()
        },
        muscles: {
            let mut by_count: Vec<&crate::model::Muscle> = site.muscles.iter().collect();
            // Stable: ties keep the list order.
            by_count.sort_by_key(|m| std::cmp::Reverse(m.primary.len()));
            by_count
                .into_iter()
                .take(HOME_MUSCLES)
                .map(|m| MapLink {
                    title: m.page.title.clone(),
                    url: shared.urls.url(&m.page.path),
                    region: shared.on_map(m.map_region.as_deref()).map(str::to_string),
                    count: m.primary.len(),
                })
                .collect()
        },
    }
}

/// How many paths (and routines) the home page shows (the first in list order; `weight`
/// chooses them).
const HOME_PATHS: usize = 6;

/// How many muscles the home page lists.
const HOME_MUSCLES: usize = 24;

/// The view of a list page.
pub(crate) fn list<'a>(
    shared: &'a Shared,
    site: &'a Site,
    section: Section,
    page: usize,
) -> ListView<'a> {
    let intro = site.sections.get(&section);
    let mut view = ListView {
        title: intro.map_or_else(
            || {
                site.language
                    .strings
                    .get(&format!("section.{}", section.dir()))
                    .to_string()
            },
            |p| p.title.clone(),
        ),
        body: BodyHtml::new(shared, site, intro),
        image: intro.and_then(|p| super::media::first_image(&shared.pictures, &p.media)),
        groups: Vec::new(),
        exercises: Vec::new(),
        total: 0,
        entries: Vec::new(),
        paths: &[],
        routines: &[],
        pagination: None,
        filters: Filters::default(),
    };
    let urls = &shared.urls;
    let list_path = format!("{}/", section.dir());
    let size = site.config.page_size;
    match section {
        Section::Exercises => {
            // Shared by every page of the index: computed once, not once per page.
            let (order, filters) = shared
                .exercise_index
                .get_or_init(|| (site.exercise_index_order(), filters(site)));
            view.filters = filters.clone();
            view.total = site.exercises.len();
            let (range, pagination) = paging(urls, &list_path, order.len(), size, page);
            view.pagination = pagination;
            for &i in &order[range] {
                let e = &site.exercises[i];
                let card = &shared.cards[i];
                view.exercises.push(card);
                match view.groups.last_mut() {
                    Some(g) if g.category.word == e.category.word() => g.exercises.push(card),
                    _ => view.groups.push(CategoryGroup {
                        category: WordView {
                            word: e.category.word(),
                            label: e.category.label_in(&site.language.strings).to_string(),
                        },
                        exercises: vec![card],
                    }),
                }
            }
        }
        Section::Muscles => {
            view.entries = site
                .muscles
                .iter()
                .map(|m| IndexEntry {
                    title: m.page.title.clone(),
                    url: urls.url(&m.page.path),
                    slug: m.page.slug.clone(),
                    summary: m.page.summary.clone(),
                    aka: m.aka.to_vec(),
                    count: m.primary.len(),
                    secondary_count: m.secondary.len(),
                })
                .collect();
            view.total = view.entries.len();
        }
        Section::Equipment => {
            view.entries = site
                .equipment
                .iter()
                .map(|q| IndexEntry {
                    title: q.page.title.clone(),
                    url: urls.url(&q.page.path),
                    slug: q.page.slug.clone(),
                    summary: q.page.summary.clone(),
                    aka: q.aka.to_vec(),
                    count: q.exercises.len(),
                    secondary_count: 0,
                })
                .collect();
            if site.bodyweight_page.is_none() {
                view.entries.push(IndexEntry {
                    title: site.language.strings.get("names.bodyweight").to_string(),
                    url: urls.url(BODYWEIGHT_PATH),
                    slug: "bodyweight".into(),
                    summary: Some("Exercises that need no equipment.".into()),
                    aka: Vec::new(),
                    count: site.bodyweight.len(),
                    secondary_count: 0,
                });
            }
            view.total = view.entries.len();
        }
        Section::Paths => {
            view.total = shared.path_cards.len();
            let (range, pagination) = paging(urls, &list_path, view.total, size, page);
            view.pagination = pagination;
            view.paths = &shared.path_cards[range];
        }
        Section::Routines => {
            view.total = shared.routine_cards.len();
            let (range, pagination) = paging(urls, &list_path, view.total, size, page);
            view.pagination = pagination;
            view.routines = &shared.routine_cards[range];
        }
    }
    view
}
