//! The typed views templates see: the theme contract.
//!
//! Templates never see the internal model. Each page template gets `site` ([`SiteView`],
//! the same on every page), `page` (the view of its kind, below), and the top-level keys
//! `kind`, `title`, `description`, `url` and `permalink`. Every field is documented here and
//! in `docs/theming.md`; required data is never `null` (an absent optional value is `null`
//! only where the field says "or null").
//!
//! Exercise cards ([`CardView`]) are built once per exercise and borrowed by every list that
//! shows them.
//!
//! This module holds the view types (the contract); `cards` builds the exercise and path
//! cards, `lazy` the body and diagram values drawn only when a page is rendered, `shared`
//! what is built once per render ([`Shared`]), and `pages` the view of each page kind.

mod cards;
mod lazy;
pub(crate) mod media;
mod pages;
mod routines;
mod shared;

use std::hash::Hash;

use serde::Serialize;

use crate::model::Site;

pub(crate) use cards::{Card, PathCard};
pub(crate) use lazy::{BodyHtml, DiagramSvg};
pub(crate) use media::{GalleryView, ImageView};
pub(crate) use pages::{article, bodyweight, equipment, exercise, home, list, muscle, path};
pub(crate) use routines::routine;
pub(crate) use shared::{BODYWEIGHT_PATH, Shared};

/// URL helpers for one build.
#[derive(Debug, Clone)]
pub(crate) struct Urls {
    base_path: String,
    base_url: String,
    /// What the site's language adds to page paths (`sv/`; empty for the default).
    prefix: String,
    /// Pages left out of this language (`untranslated = "omit"`): their links lead to the
    /// default language's page.
    omitted: Option<std::sync::Arc<rustc_hash::FxHashSet<String>>>,
}

impl Urls {
    /// From the site settings and its language.
    pub(crate) fn new(site: &Site) -> Self {
        Urls {
            base_path: site.config.base_path().to_string(),
            base_url: site.config.base_url.clone(),
            prefix: site.language.prefix(),
            omitted: None,
        }
    }

    /// [`Urls::new`] for a language that leaves the pages `omitted` out.
    pub(crate) fn omitting(
        site: &Site,
        omitted: Option<std::sync::Arc<rustc_hash::FxHashSet<String>>>,
    ) -> Self {
        Urls {
            omitted,
            ..Urls::new(site)
        }
    }

    fn prefix_of(&self, path: &str) -> &str {
        match &self.omitted {
            Some(o) if o.contains(path) => "",
            _ => &self.prefix,
        }
    }

    /// Root-relative URL of a page path in the site's language (`exercises/x/` →
    /// `/exercises/x/`, `/sv/exercises/x/`).
    pub(crate) fn url(&self, path: &str) -> String {
        format!("{}{}{path}", self.base_path, self.prefix_of(path))
    }

    /// Absolute URL of a page path in the site's language.
    pub(crate) fn permalink(&self, path: &str) -> String {
        format!("{}{}{path}", self.base_url, self.prefix_of(path))
    }

    /// Root-relative URL of a file all languages share (a picture, a stylesheet).
    pub(crate) fn asset(&self, rel: &str) -> String {
        format!("{}{rel}", self.base_path)
    }

    /// Absolute URL of a file all languages share.
    pub(crate) fn asset_permalink(&self, rel: &str) -> String {
        format!("{}{rel}", self.base_url)
    }

    /// What page paths start with in the output folder (`sv/`, or empty).
    pub(crate) fn prefix(&self) -> &str {
        &self.prefix
    }
}

/// The languages of a render and what each publishes: the language switcher, `alternates`,
/// and the pages `untranslated = "omit"` leaves out.
pub(crate) struct Languages {
    /// The Markdown of the bodies other languages show untranslated, rendered once by the
    /// default language and kept until the last language is written.
    pub(crate) bodies: std::sync::Arc<BodyCache>,
    /// Every language, the default first (empty for a site in one language).
    pub links: Vec<LanguageLink>,
    /// Per language: `Urls` of that language's site.
    urls: Vec<Urls>,
    /// Per language: the paths of pages that have a translation (`None`: the default
    /// language, whose pages are all its own).
    translated: Vec<Option<rustc_hash::FxHashSet<String>>>,
    /// Per language: the paths of pages left out of it (`untranslated = "omit"`).
    pub omitted: Vec<Option<std::sync::Arc<rustc_hash::FxHashSet<String>>>>,
}

impl Languages {
    /// The languages of `sites` (the default language's site first).
    pub(crate) fn new(sites: &[&Site]) -> Self {
        let omit = sites
            .first()
            .is_some_and(|s| s.config.untranslated == crate::config::Untranslated::Omit);
        let mut out = Languages {
            bodies: std::sync::Arc::new(BodyCache::new(sites)),
            links: Vec::new(),
            urls: Vec::new(),
            translated: Vec::new(),
            omitted: Vec::new(),
        };
        for site in sites {
            let (translated, omitted) = if site.language.is_default() {
                (None, None)
            } else {
                let mut translated = rustc_hash::FxHashSet::default();
                let mut omitted = rustc_hash::FxHashSet::default();
                for p in site.content_pages() {
                    if p.translation.is_some() {
                        translated.insert(p.path.clone());
                    } else if omit {
                        omitted.insert(p.path.clone());
                    }
                }
                for p in site.home.iter().chain(site.sections.values()) {
                    if p.translation.is_some() {
                        translated.insert(p.path.clone());
                    }
                }
                (
                    Some(translated),
                    (!omitted.is_empty()).then(|| std::sync::Arc::new(omitted)),
                )
            };
            let urls = Urls::omitting(site, omitted.clone());
            if sites.len() > 1 {
                out.links.push(LanguageLink {
                    code: site.language.code.clone(),
                    name: site.language.strings.get("meta.name").to_string(),
                    home: urls.url(""),
                });
            }
            out.urls.push(urls);
            out.translated.push(translated);
            out.omitted.push(omitted);
        }
        out
    }

    /// True when language `li` publishes the page at `path`.
    pub(crate) fn publishes(&self, li: usize, path: &str) -> bool {
        self.omitted
            .get(li)
            .and_then(Option::as_ref)
            .is_none_or(|o| !o.contains(path))
    }

    /// The page at `path` (a page path, or a paginated list's first page path `page`)
    /// in every language that publishes it; empty for a site in one language.
    pub(crate) fn alternates(&self, path: &str, page: &str, current: usize) -> Vec<AlternateView> {
        if self.links.len() < 2 {
            return Vec::new();
        }
        self.links
            .iter()
            .enumerate()
            .filter(|(li, _)| self.publishes(*li, page))
            .map(|(li, l)| AlternateView {
                lang: l.code.clone(),
                name: l.name.clone(),
                url: self.urls[li].url(path),
                permalink: self.urls[li].permalink(path),
                current: li == current,
                translated: self.translated[li]
                    .as_ref()
                    .is_none_or(|t| t.contains(page)),
            })
            .collect()
    }
}

/// Bodies shared between languages (a page without a translation, or whose translation has
/// no body, shows the default page's body): rendered to HTML once, by the first language
/// that writes one, and reused by the others; only their `@/` links are resolved again.
/// Keyed by the body itself (every language's page holds the same `Arc<Body>`).
pub(crate) struct BodyCache {
    shared: rustc_hash::FxHashSet<usize>,
    html: std::sync::Mutex<
        rustc_hash::FxHashMap<usize, std::sync::Arc<super::markdown::RenderedHtml>>,
    >,
}

impl BodyCache {
    fn new(sites: &[&Site]) -> Self {
        let key = |p: &crate::model::PageBase| std::sync::Arc::as_ptr(&p.body) as usize;
        let mut shared = rustc_hash::FxHashSet::default();
        if let Some((first, others)) = sites.split_first()
            && !others.is_empty()
        {
            let own: rustc_hash::FxHashSet<usize> = first.pages().map(key).collect();
            shared = others
                .iter()
                .flat_map(|s| s.pages())
                .map(key)
                .filter(|k| own.contains(k))
                .collect();
        }
        BodyCache {
            shared,
            html: std::sync::Mutex::new(rustc_hash::FxHashMap::default()),
        }
    }

    /// The body of `page` as HTML with its links still to resolve: from the cache when
    /// another language rendered it, else from `render` (and kept when another language
    /// will show it).
    pub(crate) fn get_or_render(
        &self,
        page: &crate::model::PageBase,
        render: impl FnOnce()
            -> Result<super::markdown::RenderedHtml, crate::model::body::SourceChanged>,
    ) -> Result<super::markdown::RenderedHtml, crate::model::body::SourceChanged> {
        let key = std::sync::Arc::as_ptr(&page.body) as usize;
        if !self.shared.contains(&key) {
            return render();
        }
        if let Some(hit) = self.html.lock().ok().and_then(|m| m.get(&key).cloned()) {
            return Ok((*hit).clone());
        }
        let html = render()?;
        if let Ok(mut m) = self.html.lock() {
            m.insert(key, std::sync::Arc::new(html.clone()));
        }
        Ok(html)
    }
}

/// A link to a page.
#[derive(Debug, Clone, Serialize, Hash)]
pub(crate) struct LinkView {
    /// Link text.
    pub title: String,
    /// Root-relative URL.
    pub url: String,
    /// The page's slug.
    pub slug: String,
}

/// A word of an enumeration with its label (`{word: "beginner", label: "Beginner"}`).
#[derive(Debug, Clone, Serialize, Hash)]
pub(crate) struct WordView {
    /// As written in front matter; stable, good for CSS classes and filters.
    pub word: &'static str,
    /// For readers, in the page's language.
    pub label: String,
}

/// The dose.
#[derive(Debug, Clone, Serialize, Hash)]
pub(crate) struct DoseView {
    /// In words, with load and tempo (the card's `dose`):
    /// `3 sets × 10–15 reps · 2 s hold per rep · each side · rest 60 s · load: 5 kg dumbbell
    /// · tempo 3-1-1` (empty when no dose).
    pub text: String,
    /// Sets, reps, hold, side and rest in words, without load and tempo (empty when none of
    /// them is set): `3 sets × 10–15 reps · 2 s hold per rep`, `1 set × 30 s hold`.
    pub prescription: String,
    /// `3` or `2–3`, or null.
    pub sets: Option<String>,
    /// `10–15`, `max` (as many as possible), or null.
    pub reps: Option<String>,
    /// `2 s`, `30–60 s`, or null.
    pub hold: Option<String>,
    /// True when the hold is that of each rep (the exercise has reps); false when the whole
    /// set is one hold, or there is no hold.
    pub hold_per_rep: bool,
    /// `60 s`, or null.
    pub rest: Option<String>,
    /// The dose is for each side.
    pub per_side: bool,
    /// What to lift or pull, as written (`5 kg dumbbell`), or null.
    pub load: Option<String>,
    /// `3-1-1`, `3-1-X-0`, or null.
    pub tempo: Option<String>,
    /// The tempo in words (`3 s lowering, 1 s pause, 1 s lifting`), or null.
    pub tempo_words: Option<String>,
}

/// Where an exercise sits on a path.
#[derive(Debug, Clone, Serialize, Hash)]
pub(crate) struct PathMembership {
    /// The path.
    pub path: LinkView,
    /// 1-based step number.
    pub step: usize,
    /// Number of steps.
    pub of: usize,
    /// Previous step, or null on the first.
    pub prev: Option<LinkView>,
    /// Next step, or null on the last.
    pub next: Option<LinkView>,
}

/// A common error with its fix.
#[derive(Debug, Clone, Serialize, Hash)]
pub(crate) struct ErrorFixView {
    /// What goes wrong, as HTML (inline Markdown; insert with `| safe`).
    pub error: String,
    /// How to put it right, as HTML (insert with `| safe`).
    pub fix: String,
}

/// A heading of the body (for a table of contents).
#[derive(Debug, Clone, Serialize, Hash)]
pub(crate) struct TocEntry {
    /// 2 to 6.
    pub level: u8,
    /// Anchor id.
    pub id: String,
    /// Text.
    pub text: String,
}

/// `page` on an exercise page (`exercise.html`).
#[derive(Debug, Clone, Serialize, Hash)]
pub(crate) struct ExerciseView<'a> {
    /// The card fields (title, url, slug, summary, level, category, dose text, muscles, equipment).
    #[serde(flatten)]
    pub card: &'a Card,
    /// Other names.
    pub aka: &'a [String],
    /// The dose, field by field.
    pub dose_detail: DoseView,
    /// The Markdown body as HTML (insert with `| safe`).
    pub body: BodyHtml<'a>,
    /// Pictures and videos of `media:`, grouped: start and end positions, steps, the rest
    /// (`page.image`, from the card, is the first picture).
    pub gallery: GalleryView,
    /// Headings of the body.
    pub toc: Vec<TocEntry>,
    /// Coaching cues, as HTML (inline Markdown; insert with `| safe`).
    pub cues: Vec<String>,
    /// Common errors with their fixes.
    pub common_errors: Vec<ErrorFixView>,
    /// Stop signals, as HTML (insert with `| safe`).
    pub stop_if: Vec<String>,
    /// Easier exercises.
    pub easier: Vec<&'a Card>,
    /// Harder exercises.
    pub harder: Vec<&'a Card>,
    /// Paths this exercise is on.
    pub paths: Vec<PathMembership>,
    /// Routines that use this exercise, display order.
    pub routines: Vec<&'a RoutineCard>,
    /// Publication date (`YYYY-MM-DD`), or null.
    pub date: Option<&'a str>,
    /// The date in words of the page's language (`30 November 2026`), or null.
    pub date_text: Option<String>,
    /// The progression diagram around this exercise (inline SVG; insert with `| safe`), or
    /// null when the exercise has no easier or harder neighbour.
    pub diagram: DiagramSvg<'a>,
    /// Body-map regions of the target muscles (muscles without `map_region`, or whose region
    /// the body map lacks, are left out).
    pub map_target: Vec<&'a str>,
    /// Body-map regions of the secondary muscles that are not also a target region.
    pub map_secondary: Vec<&'a str>,
    /// The words under the body map: which muscles it colours, and which it does not show.
    pub map_legend: MapLegend,
    /// The progression diagram's caption ("Arrows point from easier to harder. Glute Bridge
    /// is highlighted.").
    pub diagram_caption: String,
    /// The exercise as schema.org JSON-LD (`ExercisePlan`), safe inside `<script>`.
    pub json_ld: String,
}

/// The legend of an exercise's body map (see [`ExerciseView::map_legend`]).
#[derive(Debug, Clone, Default, Serialize, Hash)]
pub(crate) struct MapLegend {
    /// Target muscles whose region the map colours strongly.
    pub target: Vec<LegendEntry>,
    /// What the strong colour stands for, in the page's language ("strong colour for the
    /// targets": `page.map_target` of the table, for the number of `target`).
    pub target_label: String,
    /// Secondary muscles (not also targets) whose region the map colours lightly.
    pub secondary: Vec<LegendEntry>,
    /// Secondary muscles (not also targets) whose region is also a target's, so the map
    /// colours it strongly, as the target's.
    pub shared: Vec<LegendEntry>,
    /// Target and secondary muscles the map does not show: no `map_region`, or a region the
    /// body map lacks.
    pub off_map: Vec<LinkView>,
}

/// A muscle named in a body map's legend, with the region that shows it.
#[derive(Debug, Clone, Serialize, Hash)]
pub(crate) struct LegendEntry {
    /// The muscle (`title`, `url`, `slug`).
    #[serde(flatten)]
    pub link: LinkView,
    /// The body-map region id that is coloured for it.
    pub region: String,
}

/// `page` on a muscle page (`muscle.html`).
#[derive(Debug, Clone, Serialize, Hash)]
pub(crate) struct MuscleView<'a> {
    /// Where this page is in the muscle's exercises (targets first, then helpers), or
    /// null when they fit on one page. Body and map are shown on the first page only.
    pub pagination: Option<PaginationView>,
    /// Title.
    pub title: &'a str,
    /// URL.
    pub url: String,
    /// Slug.
    pub slug: &'a str,
    /// Summary, or null.
    pub summary: Option<&'a str>,
    /// Other names.
    pub aka: &'a [String],
    /// Where it is, or null.
    pub region: Option<&'a str>,
    /// Body-map region id, or null (also when the body map lacks the muscle's region).
    pub map_region: Option<&'a str>,
    /// Body HTML.
    pub body: BodyHtml<'a>,
    /// The page's picture (`image:`), or null.
    pub image: Option<ImageView>,
    /// Exercises that target it (on this page of the list).
    pub primary: Vec<&'a Card>,
    /// Exercises where it helps.
    pub secondary: Vec<&'a Card>,
}

/// `page` on an equipment page (`equipment.html`), including the bodyweight page.
#[derive(Debug, Clone, Serialize, Hash)]
pub(crate) struct EquipmentView<'a> {
    /// Where this page is in the list of exercises, or null when they fit on one page.
    pub pagination: Option<PaginationView>,
    /// Title.
    pub title: String,
    /// URL.
    pub url: String,
    /// Slug.
    pub slug: String,
    /// Summary, or null.
    pub summary: Option<String>,
    /// Other names.
    pub aka: &'a [String],
    /// Body HTML.
    pub body: BodyHtml<'a>,
    /// The page's picture (`image:`), or null.
    pub image: Option<ImageView>,
    /// Exercises that use it.
    pub exercises: Vec<&'a Card>,
    /// True for the bodyweight page.
    pub is_bodyweight: bool,
}

/// A step of a path.
#[derive(Debug, Clone, Serialize, Hash)]
pub(crate) struct StepView<'a> {
    /// 1-based.
    pub number: usize,
    /// The exercise.
    pub exercise: &'a Card,
}

/// `page` on a path page (`path.html`).
#[derive(Debug, Clone, Serialize, Hash)]
pub(crate) struct PathView<'a> {
    /// Title.
    pub title: &'a str,
    /// URL.
    pub url: String,
    /// Slug.
    pub slug: &'a str,
    /// Summary, or null.
    pub summary: Option<&'a str>,
    /// Body HTML.
    pub body: BodyHtml<'a>,
    /// The page's picture (`image:`), or null.
    pub image: Option<ImageView>,
    /// When to move on to the next step, as HTML (inline Markdown; insert with `| safe`),
    /// or null.
    pub advance_when: Option<String>,
    /// Steps in order.
    pub steps: Vec<StepView<'a>>,
    /// The steps as a diagram (inline SVG; insert with `| safe`), or null.
    pub diagram: DiagramSvg<'a>,
}

/// A routine as lists show it (home page, `/routines/`, exercise pages).
#[derive(Debug, Clone, Serialize, Hash)]
pub(crate) struct RoutineCard {
    /// Title.
    pub title: String,
    /// URL.
    pub url: String,
    /// Slug.
    pub slug: String,
    /// Summary, or null.
    pub summary: Option<String>,
    /// When or how often, as HTML (inline Markdown; insert with `| safe`), or null.
    pub when: Option<String>,
    /// The estimated duration in words: `about 12 minutes`.
    pub duration: String,
    /// The estimate in seconds.
    pub seconds: u32,
    /// How many exercise steps it has.
    pub exercises: usize,
    /// The routine's picture (`image:`), else its first exercise's first picture (use
    /// `thumb` on cards), or null.
    pub image: Option<ImageView>,
}

/// An exercise step of a routine page.
#[derive(Debug, Clone, Serialize, Hash)]
pub(crate) struct RoutineStepView<'a> {
    /// 1-based, counted over the whole routine.
    pub number: usize,
    /// The exercise's card (title, url, level, its own dose...).
    pub exercise: &'a Card,
    /// The dose for this routine (the exercise's with the step's keys), field by field.
    pub dose: DoseView,
    /// How many tick boxes the workout card shows: the most sets the dose allows (1 when
    /// it says none).
    pub sets: u32,
    /// The step's note, as HTML (inline Markdown; insert with `| safe`), or null.
    pub note: Option<String>,
    /// The exercise's first picture, or null.
    pub image: Option<ImageView>,
    /// The exercise's cues, as HTML (insert with `| safe`).
    pub cues: Vec<String>,
    /// The exercise's stop signals, as HTML (insert with `| safe`).
    pub stop_if: Vec<String>,
}

/// A part of a routine: the steps under one `section` heading (the steps before the first
/// heading form a part without one).
#[derive(Debug, Clone, Serialize, Hash)]
pub(crate) struct RoutinePartView<'a> {
    /// The heading, or null.
    pub title: Option<String>,
    /// An id for the heading (`part-1`).
    pub id: String,
    /// The number of the part's first step (for `<ol start>`).
    pub start: usize,
    /// Its steps.
    pub steps: Vec<RoutineStepView<'a>>,
}

/// `page` on a routine page (`routine.html`).
#[derive(Debug, Clone, Serialize, Hash)]
pub(crate) struct RoutineView<'a> {
    /// Title, URL, summary, when, duration, counts and picture, as in lists.
    #[serde(flatten)]
    pub card: &'a RoutineCard,
    /// Body HTML.
    pub body: BodyHtml<'a>,
    /// The routine's own picture (`image:`), or null (`page.image`, from the card, falls
    /// back to the first exercise's picture).
    pub cover: Option<ImageView>,
    /// The steps, in parts.
    pub parts: Vec<RoutinePartView<'a>>,
    /// Headings of the body.
    pub toc: Vec<TocEntry>,
    /// Publication date (`YYYY-MM-DD`), or null.
    pub date: Option<&'a str>,
    /// The date in words of the page's language (`30 November 2026`), or null.
    pub date_text: Option<String>,
    /// The routine as schema.org JSON-LD (`ExercisePlan` with a part per exercise), safe
    /// inside `<script>`.
    pub json_ld: String,
    /// What the follow-along script reads (`<script type="application/json"
    /// id="routine-data">`), safe inside `<script>`: see docs/theming.md.
    pub data: String,
}

/// `page` on an article (`article.html`).
#[derive(Debug, Clone, Serialize, Hash)]
pub(crate) struct ArticleView<'a> {
    /// Title.
    pub title: &'a str,
    /// URL.
    pub url: String,
    /// Summary, or null.
    pub summary: Option<&'a str>,
    /// Body HTML.
    pub body: BodyHtml<'a>,
    /// The page's picture (`image:`), or null.
    pub image: Option<ImageView>,
    /// Headings of the body.
    pub toc: Vec<TocEntry>,
    /// Date (`YYYY-MM-DD`), or null.
    pub date: Option<&'a str>,
    /// The date in words of the page's language (`30 November 2026`), or null.
    pub date_text: Option<String>,
}

/// `page` on the home page (`home.html`).
#[derive(Debug, Clone, Serialize, Hash)]
pub(crate) struct HomeView<'a> {
    /// Title.
    pub title: String,
    /// Summary, or null.
    pub summary: Option<String>,
    /// Body HTML.
    pub body: BodyHtml<'a>,
    /// The page's picture (`image:`), or null.
    pub image: Option<ImageView>,
    /// The first paths in list order (at most six; `weight` chooses them).
    pub paths: &'a [PathCard],
    /// How many paths the site has.
    pub paths_total: usize,
    /// The first routines in list order (at most six; `weight` chooses them).
    pub routines: &'a [RoutineCard],
    /// How many routines the site has.
    pub routines_total: usize,
    /// The muscles the body map can show, one per region (the first in list order), as
    /// the way into the guide by muscle.
    pub map: Vec<MapLink>,
    /// The muscles most exercises target (at most 24, most first; `region` is null when
    /// the map does not show the muscle).
    pub muscles: Vec<MapLink>,
}

/// A muscle on the home page's body map.
#[derive(Debug, Clone, Serialize, Hash)]
pub(crate) struct MapLink {
    /// The muscle's name.
    pub title: String,
    /// Its page.
    pub url: String,
    /// Its region of the body map (null in `muscles` when the map does not show it).
    pub region: Option<String>,
    /// How many exercises target it.
    pub count: usize,
}

/// A group of exercises of one category.
#[derive(Debug, Clone, Serialize, Hash)]
pub(crate) struct CategoryGroup<'a> {
    /// The category.
    pub category: WordView,
    /// Its exercises, display order.
    pub exercises: Vec<&'a Card>,
}

/// A muscle, equipment or path as listed on an index page.
#[derive(Debug, Clone, Serialize, Hash)]
pub(crate) struct IndexEntry {
    /// Title.
    pub title: String,
    /// URL.
    pub url: String,
    /// Slug.
    pub slug: String,
    /// Summary, or null.
    pub summary: Option<String>,
    /// Other names.
    pub aka: Vec<String>,
    /// How many exercises (primary for muscles).
    pub count: usize,
    /// Secondary count (muscles), else 0.
    pub secondary_count: usize,
}

/// `page` on a list page (`exercises.html`, `muscles.html`, `equipment_list.html`,
/// `paths.html`, `routines.html`).
#[derive(Debug, Clone, Serialize, Hash)]
pub(crate) struct ListView<'a> {
    /// Title.
    pub title: String,
    /// Intro HTML from `content/<section>/_index.md` (may be empty).
    pub body: BodyHtml<'a>,
    /// The intro's picture (`image:`), or null.
    pub image: Option<ImageView>,
    /// Exercise index only: exercises grouped by category.
    pub groups: Vec<CategoryGroup<'a>>,
    /// Exercise index only: the exercise cards of this page, display order (the same
    /// cards as in `groups`).
    pub exercises: Vec<&'a Card>,
    /// How many entries the whole list has (exercises, muscles, equipment or paths), on
    /// every page.
    pub total: usize,
    /// Muscle, equipment and path indexes: the entries.
    pub entries: Vec<IndexEntry>,
    /// Path index only: the paths of this page with their steps.
    pub paths: &'a [PathCard],
    /// Routine index only: the routines of this page.
    pub routines: &'a [RoutineCard],
    /// Where this page is in the list, or null when the list fits on one page.
    pub pagination: Option<PaginationView>,
    /// Exercise index only: the choices of each filter, with how many exercises each
    /// matches (empty lists on other list pages).
    pub filters: Filters,
}

/// Where a page of a paginated list is: `page.pagination` (see [`paging`]).
#[derive(Debug, Clone, Serialize, Hash, PartialEq, Eq)]
pub(crate) struct PaginationView {
    /// This page's number, from 1.
    pub number: usize,
    /// How many pages the list has.
    pub of: usize,
    /// Entries on the whole list.
    pub total: usize,
    /// Number of the first and last entry on this page, from 1.
    pub first: usize,
    /// See `first`.
    pub last: usize,
    /// URL of the previous page, or null on the first.
    pub prev: Option<String>,
    /// URL of the next page, or null on the last.
    pub next: Option<String>,
    /// The page links to show: the first, the last, and two on each side of this one;
    /// a gap between them is an entry with `gap` true.
    pub pages: Vec<PageLink>,
}

/// A link of [`PaginationView::pages`].
#[derive(Debug, Clone, Serialize, Hash, PartialEq, Eq)]
pub(crate) struct PageLink {
    /// Page number (0 for a gap).
    pub number: usize,
    /// URL (empty for a gap).
    pub url: String,
    /// This page.
    pub current: bool,
    /// Pages left out here.
    pub gap: bool,
}

/// The URL path of page `index` (from 0) of a list whose first page is at `path`:
/// `path` itself, then `path` + `page/2/`, `page/3/`...
pub(crate) fn page_path(path: &str, index: usize) -> String {
    if index == 0 {
        path.to_string()
    } else {
        format!("{path}page/{}/", index + 1)
    }
}

/// How many pages a list of `total` entries takes with `size` a page (at least one).
pub(crate) fn page_count(total: usize, size: usize) -> usize {
    total.div_ceil(size.max(1)).max(1)
}

/// The entries of page `index` (from 0) of a list of `total` at `size` a page, and its
/// [`PaginationView`] (none when the list fits on one page). `path` is the first page's
/// URL path.
pub(crate) fn paging(
    urls: &Urls,
    path: &str,
    total: usize,
    size: usize,
    index: usize,
) -> (std::ops::Range<usize>, Option<PaginationView>) {
    let size = size.max(1);
    let of = page_count(total, size);
    let index = index.min(of - 1);
    let range = (index * size).min(total)..((index + 1) * size).min(total);
    if of == 1 {
        return (range, None);
    }
    let url = |i: usize| urls.url(&page_path(path, i));
    let mut pages = Vec::new();
    let mut last_shown = None;
    for i in 0..of {
        let near = i + 2 >= index && i <= index + 2;
        if i == 0 || i == of - 1 || near {
            if last_shown.is_some_and(|l: usize| i > l + 1) {
                pages.push(PageLink {
                    number: 0,
                    url: String::new(),
                    current: false,
                    gap: true,
                });
            }
            pages.push(PageLink {
                number: i + 1,
                url: url(i),
                current: i == index,
                gap: false,
            });
            last_shown = Some(i);
        }
    }
    let view = PaginationView {
        number: index + 1,
        of,
        total,
        first: range.start + 1,
        last: range.end,
        prev: index.checked_sub(1).map(url),
        next: (index + 1 < of).then(|| url(index + 1)),
        pages,
    };
    (range, Some(view))
}

/// One choice of a filter of the exercise index.
#[derive(Debug, Clone, Serialize, Hash)]
pub(crate) struct FilterChoice {
    /// The value the exercise cards carry in their `data-*` attribute (a slug or a word;
    /// `bodyweight` for exercises with no equipment).
    pub value: String,
    /// For readers.
    pub label: String,
    /// How many exercises match it on its own.
    pub count: usize,
}

/// The filters of the exercise index. Each list holds only choices that match at least
/// one exercise.
#[derive(Debug, Clone, Serialize, Hash, Default)]
pub(crate) struct Filters {
    /// Target muscles (cards: `data-muscles`), display order.
    pub muscles: Vec<FilterChoice>,
    /// `bodyweight` first, then each piece of equipment (cards: `data-equipment`).
    pub equipment: Vec<FilterChoice>,
    /// Levels, easiest first (cards: `data-level`).
    pub levels: Vec<FilterChoice>,
    /// Categories (cards: `data-category`).
    pub categories: Vec<FilterChoice>,
}

/// A navigation item.
#[derive(Debug, Clone, Serialize, Hash)]
pub(crate) struct NavItem {
    /// Text.
    pub title: String,
    /// URL.
    pub url: String,
    /// The section this item leads to (`exercises`, ...), or the article slug.
    pub key: String,
}

/// `site` on every page.
#[derive(Debug, Clone, Serialize, Hash)]
pub(crate) struct SiteView {
    /// Site title.
    pub title: String,
    /// Site description, or null.
    pub description: Option<String>,
    /// Absolute base URL, ending in `/`.
    pub base_url: String,
    /// Path of the base URL (`/` or `/guide/`): prefix of every root-relative URL.
    pub base_path: String,
    /// The language tag of the page.
    pub language: String,
    /// Root-relative URL of the home page in the page's language (`/`, `/sv/`): the start
    /// of links to pages (`site.base_path` starts files all languages share).
    pub home: String,
    /// Every language of the site (empty for a site in one language).
    pub languages: Vec<LanguageLink>,
    /// The Open Graph locale of the language (`sv_SE`).
    pub og_locale: String,
    /// Author, or null.
    pub author: Option<String>,
    /// Main navigation.
    pub nav: Vec<NavItem>,
    /// Every article, display order.
    pub articles: Vec<LinkView>,
    /// URL of the safety page, or null.
    pub safety_url: Option<String>,
    /// URL of the generated code-highlighting stylesheet.
    pub highlight_css: String,
    /// Page counts.
    pub counts: Counts,
    /// `movebook <version>`.
    pub generator: String,
    /// "made with movebook 0.1.0", in the language of the page.
    pub made_with: String,
    /// URL of the search index (`search-index.json`, see `src/render/search.rs`).
    pub search_index: String,
    /// URL of the Atom feed, or null when no page has a `date`.
    pub feed_url: Option<String>,
    /// The offline copy (`[offline]` in site.toml), or null when it is turned off.
    pub offline: Option<OfflineView>,
}

/// A language of the site, for the language switcher (`site.languages`).
#[derive(Debug, Clone, Serialize, Hash)]
pub(crate) struct LanguageLink {
    /// Its tag (`sv`).
    pub code: String,
    /// Its own name (`Svenska`).
    pub name: String,
    /// Root-relative URL of its home page.
    pub home: String,
}

/// The page in one language of the site (`alternates`).
#[derive(Debug, Clone, Serialize, Hash)]
pub(crate) struct AlternateView {
    /// The language's tag.
    pub lang: String,
    /// The language's own name.
    pub name: String,
    /// Root-relative URL of the page in that language.
    pub url: String,
    /// Absolute URL of the page in that language.
    pub permalink: String,
    /// True for the page being rendered.
    pub current: bool,
    /// True when the page has a translation in that language (always true for the
    /// default language and for pages without a source of their own, such as lists).
    pub translated: bool,
}

/// The files of the offline copy a page links from its `<head>`.
#[derive(Debug, Clone, Serialize, Hash)]
pub(crate) struct OfflineView {
    /// URL of the web app manifest (`<link rel="manifest">`).
    pub manifest: String,
    /// URL of the script that registers the service worker (load it with `defer`).
    pub script: String,
}

/// Page counts by kind.
#[derive(Debug, Clone, Serialize, Hash)]
pub(crate) struct Counts {
    /// Exercises.
    pub exercises: usize,
    /// Muscles.
    pub muscles: usize,
    /// Equipment (not counting the bodyweight page).
    pub equipment: usize,
    /// Paths.
    pub paths: usize,
    /// Routines.
    pub routines: usize,
    /// Articles.
    pub articles: usize,
}
