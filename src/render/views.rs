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

use std::hash::Hash;

use rayon::prelude::*;
use serde::Serialize;

use crate::model::body::{InternalLink, SourceChanged};
use crate::model::front::Section;
use crate::model::{Exercise, PageBase, Site};
use crate::render::diagram::Diagrams;
use crate::render::markdown;

/// URL helpers for one build.
#[derive(Debug, Clone)]
pub struct Urls {
    base_path: String,
    base_url: String,
}

impl Urls {
    /// From the site settings.
    pub fn new(site: &Site) -> Self {
        Urls {
            base_path: site.config.base_path().to_string(),
            base_url: site.config.base_url.clone(),
        }
    }

    /// Root-relative URL of a page path (`exercises/x/` → `/exercises/x/`).
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base_path, path)
    }

    /// Absolute URL of a page path.
    pub fn permalink(&self, path: &str) -> String {
        format!("{}{}", self.base_url, path)
    }
}

/// A link to a page.
#[derive(Debug, Clone, Serialize, Hash)]
pub struct LinkView {
    /// Link text.
    pub title: String,
    /// Root-relative URL.
    pub url: String,
    /// The page's slug.
    pub slug: String,
}

/// A word of an enumeration with its label (`{word: "beginner", label: "Beginner"}`).
#[derive(Debug, Clone, Serialize, Hash)]
pub struct WordView {
    /// As written in front matter; stable, good for CSS classes and filters.
    pub word: &'static str,
    /// For readers.
    pub label: &'static str,
}

/// The dose.
#[derive(Debug, Clone, Serialize, Hash)]
pub struct DoseView {
    /// In words: `3 sets × 10–15 reps · 2 s hold · each side · rest 60 s` (empty when no dose).
    pub text: String,
    /// `3` or `2–3`, or null.
    pub sets: Option<String>,
    /// `10–15`, or null.
    pub reps: Option<String>,
    /// `2 s`, `30–60 s`, or null.
    pub hold: Option<String>,
    /// `60 s`, or null.
    pub rest: Option<String>,
    /// The dose is for each side.
    pub per_side: bool,
}

/// An exercise as shown in lists: the documented shape of a card (docs/theming.md). Cards
/// are built by `CardParts` with parts shared between cards; a test holds them equal to
/// this struct's serialization.
#[derive(Debug, Clone, Serialize, Hash)]
#[cfg_attr(not(test), allow(dead_code))]
pub struct CardView {
    /// Title.
    pub title: String,
    /// Root-relative URL.
    pub url: String,
    /// Slug.
    pub slug: String,
    /// One-sentence summary.
    pub summary: String,
    /// Level.
    pub level: WordView,
    /// Category.
    pub category: WordView,
    /// Dose in words (may be empty).
    pub dose: String,
    /// Target muscles.
    pub target_muscles: Vec<LinkView>,
    /// Secondary muscles.
    pub secondary_muscles: Vec<LinkView>,
    /// Equipment (empty when bodyweight).
    pub equipment: Vec<LinkView>,
    /// True when no equipment is needed.
    pub bodyweight: bool,
}

/// An exercise card as lists use it: the template value of its [`CardView`], built once.
/// Tera passes a `tera::Value` met during serialization through as a reference-counted
/// copy, so a list of a thousand cards costs a thousand reference counts instead of a
/// thousand serializations. The links to muscles and equipment and the level and category
/// words inside it are themselves values built once per site ([`CardParts`]) and shared by
/// every card, which keeps a card small (this matters at 50,000 exercises). For `serve`'s
/// page memo a card hashes as a digest of its view, computed once.
#[derive(Debug, Clone)]
pub struct Card {
    /// The card, as a template value.
    value: tera::Value,
    /// A hash of its [`CardView`].
    digest: u64,
}

impl Serialize for Card {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.value.serialize(s)
    }
}

impl std::hash::Hash for Card {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.digest.hash(state);
    }
}

/// The values every card shares: one per muscle, piece of equipment, level and category,
/// with a digest of each muscle and equipment link.
struct CardParts {
    muscles: Vec<tera::Value>,
    equipment: Vec<tera::Value>,
    levels: Vec<tera::Value>,
    categories: Vec<tera::Value>,
    muscle_digests: Vec<u64>,
    equipment_digests: Vec<u64>,
}

/// A digest of anything hashable.
fn digest_of(x: &impl Hash) -> u64 {
    use std::hash::Hasher;
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    x.hash(&mut h);
    h.finish()
}

impl CardParts {
    fn new(urls: &Urls, site: &Site) -> Self {
        let words = |w: WordView| tera::Value::from_serializable(&w);
        let muscle_links: Vec<LinkView> =
            site.muscles.iter().map(|m| link(urls, &m.page)).collect();
        let equipment_links: Vec<LinkView> =
            site.equipment.iter().map(|q| link(urls, &q.page)).collect();
        CardParts {
            muscles: muscle_links
                .iter()
                .map(tera::Value::from_serializable)
                .collect(),
            equipment: equipment_links
                .iter()
                .map(tera::Value::from_serializable)
                .collect(),
            levels: crate::model::units::Level::ALL
                .iter()
                .map(|l| {
                    words(WordView {
                        word: l.word(),
                        label: l.label(),
                    })
                })
                .collect(),
            categories: crate::model::units::Category::ALL
                .iter()
                .map(|c| {
                    words(WordView {
                        word: c.word(),
                        label: c.label(),
                    })
                })
                .collect(),
            muscle_digests: muscle_links.iter().map(digest_of).collect(),
            equipment_digests: equipment_links.iter().map(digest_of).collect(),
        }
    }

    /// The card of exercise `e`: the same fields as [`CardView`], with shared parts.
    fn card(&self, urls: &Urls, e: &Exercise) -> Card {
        #[derive(Serialize)]
        struct Fields<'a> {
            title: &'a str,
            url: String,
            slug: &'a str,
            summary: &'a str,
            level: &'a tera::Value,
            category: &'a tera::Value,
            dose: &'a str,
            target_muscles: Vec<&'a tera::Value>,
            secondary_muscles: Vec<&'a tera::Value>,
            equipment: Vec<&'a tera::Value>,
            bodyweight: bool,
        }
        let fields = Fields {
            title: &e.page.title,
            url: urls.url(&e.page.path),
            slug: &e.page.slug,
            summary: e.page.summary.as_deref().unwrap_or_default(),
            // `ALL` lists the words in declaration order, so a word's value is its index.
            level: &self.levels[e.level as usize],
            category: &self.categories[e.category as usize],
            dose: &e.dose_text,
            target_muscles: e.target_muscles.iter().map(|&m| &self.muscles[m]).collect(),
            secondary_muscles: e
                .secondary_muscles
                .iter()
                .map(|&m| &self.muscles[m])
                .collect(),
            equipment: e.equipment.iter().map(|&q| &self.equipment[q]).collect(),
            bodyweight: e.equipment.is_empty(),
        };
        let value = tera::Value::from_serializable(&fields);
        // Everything the value is made of: its own fields and the digests of the shared parts.
        let digest = digest_of(&(
            (
                fields.title,
                &fields.url,
                fields.slug,
                fields.summary,
                e.level,
                e.category,
                fields.dose,
            ),
            e.target_muscles
                .iter()
                .map(|&m| self.muscle_digests[m])
                .collect::<Vec<_>>(),
            e.secondary_muscles
                .iter()
                .map(|&m| self.muscle_digests[m])
                .collect::<Vec<_>>(),
            e.equipment
                .iter()
                .map(|&q| self.equipment_digests[q])
                .collect::<Vec<_>>(),
            fields.bodyweight,
        ));
        Card { value, digest }
    }
}

/// Where an exercise sits on a path.
#[derive(Debug, Clone, Serialize, Hash)]
pub struct PathMembership {
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
pub struct ErrorFixView {
    /// What goes wrong.
    pub error: String,
    /// How to put it right.
    pub fix: String,
}

/// A heading of the body (for a table of contents).
#[derive(Debug, Clone, Serialize, Hash)]
pub struct TocEntry {
    /// 2 to 6.
    pub level: u8,
    /// Anchor id.
    pub id: String,
    /// Text.
    pub text: String,
}

/// A page's body as HTML, rendered when the page's template context is built and dropped
/// with it, so that a large site never holds every rendered body at once. It serializes
/// as the HTML string (empty when the page has no body). For `serve`'s page memo it hashes
/// as what the HTML is made from: the body's digest and the URL each of its `@/` links
/// resolves to.
#[derive(Clone, Copy)]
pub struct BodyHtml<'a> {
    shared: &'a Shared,
    site: &'a Site,
    page: Option<&'a PageBase>,
}

impl<'a> BodyHtml<'a> {
    /// The body of `page`, or an empty body.
    pub fn new(shared: &'a Shared, site: &'a Site, page: Option<&'a PageBase>) -> Self {
        BodyHtml { shared, site, page }
    }

    /// Renders the HTML.
    pub fn html(&self) -> Result<String, SourceChanged> {
        match self.page {
            Some(p) => self.shared.body(self.site, p),
            None => Ok(String::new()),
        }
    }
}

impl std::fmt::Debug for BodyHtml<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "BodyHtml({:?})", self.page.map(|p| &p.rel))
    }
}

impl Serialize for BodyHtml<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.html() {
            Ok(html) => s.serialize_str(&html),
            // Shared::body kept the typed cause for render_site.
            Err(e) => Err(serde::ser::Error::custom(e)),
        }
    }
}

impl Hash for BodyHtml<'_> {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        match self.page {
            None => 0u64.hash(state),
            Some(p) => {
                p.body.digest.hash(state);
                for l in &p.body.links {
                    self.shared.link_url(self.site, l).hash(state);
                }
            }
        }
    }
}

/// A progression diagram, drawn when its page is rendered (never for a page `serve`'s
/// memo keeps). It serializes as the inline SVG, or null when there is no diagram; it
/// hashes as what the SVG is drawn from ([`Diagrams::exercise_key`], [`Diagrams::path_key`]).
#[derive(Clone, Copy)]
pub struct DiagramSvg<'a> {
    shared: &'a Shared,
    site: &'a Site,
    of: DiagramOf,
}

#[derive(Debug, Clone, Copy)]
enum DiagramOf {
    Exercise(usize),
    Path(usize),
}

impl DiagramSvg<'_> {
    /// The SVG, or `None` when there is no diagram.
    pub fn svg(&self) -> Option<String> {
        let d = &self.shared.diagrams;
        match self.of {
            DiagramOf::Exercise(i) => d.exercise_svg(self.site, &self.shared.urls, i),
            DiagramOf::Path(p) => d.path_svg(self.site, &self.shared.urls, p),
        }
    }
}

impl std::fmt::Debug for DiagramSvg<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "DiagramSvg({:?})", self.of)
    }
}

impl Serialize for DiagramSvg<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.svg() {
            Some(svg) => s.serialize_some(&svg),
            None => s.serialize_none(),
        }
    }
}

impl Hash for DiagramSvg<'_> {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        let d = &self.shared.diagrams;
        match self.of {
            DiagramOf::Exercise(i) => d.exercise_key(self.site, &self.shared.urls, i),
            DiagramOf::Path(p) => d.path_key(self.site, &self.shared.urls, p),
        }
        .hash(state);
    }
}

/// `page` on an exercise page (`exercise.html`).
#[derive(Debug, Clone, Serialize, Hash)]
pub struct ExerciseView<'a> {
    /// The card fields (title, url, slug, summary, level, category, dose text, muscles, equipment).
    #[serde(flatten)]
    pub card: &'a Card,
    /// Other names.
    pub aka: &'a [String],
    /// The dose, field by field.
    pub dose_detail: DoseView,
    /// The Markdown body as HTML (insert with `| safe`).
    pub body: BodyHtml<'a>,
    /// Headings of the body.
    pub toc: Vec<TocEntry>,
    /// Coaching cues.
    pub cues: &'a [String],
    /// Common errors with their fixes.
    pub common_errors: Vec<ErrorFixView>,
    /// Stop signals.
    pub stop_if: &'a [String],
    /// Easier exercises.
    pub easier: Vec<&'a Card>,
    /// Harder exercises.
    pub harder: Vec<&'a Card>,
    /// Paths this exercise is on.
    pub paths: Vec<PathMembership>,
    /// Publication date, or null.
    pub date: Option<&'a str>,
    /// The progression diagram around this exercise (inline SVG; insert with `| safe`), or
    /// null when the exercise has no easier or harder neighbour.
    pub diagram: DiagramSvg<'a>,
    /// Body-map regions of the target muscles (muscles without `map_region` are left out).
    pub map_target: Vec<&'a str>,
    /// Body-map regions of the secondary muscles that are not also a target region.
    pub map_secondary: Vec<&'a str>,
    /// The exercise as schema.org JSON-LD (`ExercisePlan`), safe inside `<script>`.
    pub json_ld: String,
}

/// `page` on a muscle page (`muscle.html`).
#[derive(Debug, Clone, Serialize, Hash)]
pub struct MuscleView<'a> {
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
    /// Body-map region id, or null.
    pub map_region: Option<&'a str>,
    /// Body HTML.
    pub body: BodyHtml<'a>,
    /// Exercises that target it.
    pub primary: Vec<&'a Card>,
    /// Exercises where it helps.
    pub secondary: Vec<&'a Card>,
}

/// `page` on an equipment page (`equipment.html`), including the bodyweight page.
#[derive(Debug, Clone, Serialize, Hash)]
pub struct EquipmentView<'a> {
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
    /// Exercises that use it.
    pub exercises: Vec<&'a Card>,
    /// True for the bodyweight page.
    pub is_bodyweight: bool,
}

/// A step of a path.
#[derive(Debug, Clone, Serialize, Hash)]
pub struct StepView<'a> {
    /// 1-based.
    pub number: usize,
    /// The exercise.
    pub exercise: &'a Card,
}

/// `page` on a path page (`path.html`).
#[derive(Debug, Clone, Serialize, Hash)]
pub struct PathView<'a> {
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
    /// When to move on to the next step, or null.
    pub advance_when: Option<&'a str>,
    /// Steps in order.
    pub steps: Vec<StepView<'a>>,
    /// The steps as a diagram (inline SVG; insert with `| safe`), or null.
    pub diagram: DiagramSvg<'a>,
}

/// `page` on an article (`article.html`).
#[derive(Debug, Clone, Serialize, Hash)]
pub struct ArticleView<'a> {
    /// Title.
    pub title: &'a str,
    /// URL.
    pub url: String,
    /// Summary, or null.
    pub summary: Option<&'a str>,
    /// Body HTML.
    pub body: BodyHtml<'a>,
    /// Headings of the body.
    pub toc: Vec<TocEntry>,
    /// Date, or null.
    pub date: Option<&'a str>,
}

/// A path as listed on the home page and the path index.
#[derive(Debug, Clone, Serialize, Hash)]
pub struct PathCard {
    /// Title.
    pub title: String,
    /// URL.
    pub url: String,
    /// Summary, or null.
    pub summary: Option<String>,
    /// When to advance, or null.
    pub advance_when: Option<String>,
    /// The steps, in order.
    pub steps: Vec<LinkView>,
}

/// `page` on the home page (`home.html`).
#[derive(Debug, Clone, Serialize, Hash)]
pub struct HomeView<'a> {
    /// Title.
    pub title: String,
    /// Summary, or null.
    pub summary: Option<String>,
    /// Body HTML.
    pub body: BodyHtml<'a>,
    /// Every path.
    pub paths: &'a [PathCard],
}

/// A group of exercises of one category.
#[derive(Debug, Clone, Serialize, Hash)]
pub struct CategoryGroup<'a> {
    /// The category.
    pub category: WordView,
    /// Its exercises, display order.
    pub exercises: Vec<&'a Card>,
}

/// A muscle, equipment or path as listed on an index page.
#[derive(Debug, Clone, Serialize, Hash)]
pub struct IndexEntry {
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

/// `page` on a list page (`exercises.html`, `muscles.html`, `equipment_list.html`, `paths.html`).
#[derive(Debug, Clone, Serialize, Hash)]
pub struct ListView<'a> {
    /// Title.
    pub title: String,
    /// Intro HTML from `content/<section>/_index.md` (may be empty).
    pub body: BodyHtml<'a>,
    /// Exercise index only: exercises grouped by category.
    pub groups: Vec<CategoryGroup<'a>>,
    /// Exercise index only: every exercise card, display order.
    pub exercises: Vec<&'a Card>,
    /// Muscle, equipment and path indexes: the entries.
    pub entries: Vec<IndexEntry>,
    /// Path index only: the paths with their steps.
    pub paths: &'a [PathCard],
    /// Exercise index only: the choices of each filter, with how many exercises each
    /// matches (empty lists on other list pages).
    pub filters: Filters,
}

/// One choice of a filter of the exercise index.
#[derive(Debug, Clone, Serialize, Hash)]
pub struct FilterChoice {
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
pub struct Filters {
    /// Target muscles (cards: `data-muscles`), display order.
    pub muscles: Vec<FilterChoice>,
    /// `bodyweight` first, then each piece of equipment (cards: `data-equipment`).
    pub equipment: Vec<FilterChoice>,
    /// Levels, easiest first (cards: `data-level`).
    pub levels: Vec<FilterChoice>,
    /// Categories (cards: `data-category`).
    pub categories: Vec<FilterChoice>,
}

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
            "Bodyweight only",
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
            f.levels.push(choice(level.word(), level.label(), n));
        }
    }
    for cat in crate::model::units::Category::ALL {
        let n = site.exercises.iter().filter(|e| e.category == *cat).count();
        if n > 0 {
            f.categories.push(choice(cat.word(), cat.label(), n));
        }
    }
    f
}

/// A navigation item.
#[derive(Debug, Clone, Serialize, Hash)]
pub struct NavItem {
    /// Text.
    pub title: String,
    /// URL.
    pub url: String,
    /// The section this item leads to (`exercises`, ...), or the article slug.
    pub key: String,
}

/// `site` on every page.
#[derive(Debug, Clone, Serialize, Hash)]
pub struct SiteView {
    /// Site title.
    pub title: String,
    /// Site description, or null.
    pub description: Option<String>,
    /// Absolute base URL, ending in `/`.
    pub base_url: String,
    /// Path of the base URL (`/` or `/guide/`): prefix of every root-relative URL.
    pub base_path: String,
    /// Language tag.
    pub language: String,
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
    /// URL of the search index (`search-index.json`, see `src/render/search.rs`).
    pub search_index: String,
    /// URL of the Atom feed, or null when no page has a `date`.
    pub feed_url: Option<String>,
}

/// Page counts by kind.
#[derive(Debug, Clone, Serialize, Hash)]
pub struct Counts {
    /// Exercises.
    pub exercises: usize,
    /// Muscles.
    pub muscles: usize,
    /// Equipment (not counting the bodyweight page).
    pub equipment: usize,
    /// Paths.
    pub paths: usize,
    /// Articles.
    pub articles: usize,
}

/// Everything built once per render and shared by all pages.
pub struct Shared {
    /// URL helpers.
    pub urls: Urls,
    /// The `site` view.
    pub site: SiteView,
    /// One card per exercise, same order as [`Site::exercises`].
    pub cards: Vec<Card>,
    /// One card per path.
    pub path_cards: Vec<PathCard>,
    /// Progression diagrams, laid out once per family on first use.
    pub diagrams: Diagrams,
    /// The first body found changed on disk while rendering: templates only see a failed
    /// serialization, so the cause travels here, typed, to `render_site`.
    changed: std::sync::Mutex<Option<SourceChanged>>,
}

fn link(urls: &Urls, page: &PageBase) -> LinkView {
    LinkView {
        title: page.title.clone(),
        url: urls.url(&page.path),
        slug: page.slug.clone(),
    }
}

/// The generated bodyweight page's URL path.
pub const BODYWEIGHT_PATH: &str = "equipment/bodyweight/";

impl Shared {
    /// Builds the shared views of a site.
    pub fn new(site: &Site) -> Self {
        let urls = Urls::new(site);
        let parts = CardParts::new(&urls, site);
        let cards = site
            .exercises
            .par_iter()
            .map(|e| parts.card(&urls, e))
            .collect();
        let path_cards = site
            .paths
            .iter()
            .map(|p| PathCard {
                title: p.page.title.clone(),
                url: urls.url(&p.page.path),
                summary: p.page.summary.clone(),
                advance_when: p.advance_when.clone(),
                steps: p
                    .steps
                    .iter()
                    .map(|&s| link(&urls, &site.exercises[s].page))
                    .collect(),
            })
            .collect();
        let mut nav: Vec<NavItem> = Section::ALL
            .iter()
            .filter(|s| match s {
                Section::Exercises => true,
                Section::Muscles => !site.muscles.is_empty(),
                Section::Equipment => !site.exercises.is_empty(),
                Section::Paths => !site.paths.is_empty(),
            })
            .map(|s| NavItem {
                title: site
                    .sections
                    .get(s)
                    .map_or(s.default_title().to_string(), |p| p.title.clone()),
                url: urls.url(&format!("{}/", s.dir())),
                key: s.dir().to_string(),
            })
            .collect();
        if let Some(safety) = &site.safety_path {
            nav.push(NavItem {
                title: "Safety".into(),
                url: urls.url(safety),
                key: "safety".into(),
            });
        }
        let site_view = SiteView {
            title: site.config.title.clone(),
            description: site.config.description.clone(),
            base_url: site.config.base_url.clone(),
            base_path: site.config.base_path().to_string(),
            language: site.config.language.clone(),
            author: site.config.author.clone(),
            nav,
            articles: site.articles.iter().map(|a| link(&urls, a)).collect(),
            safety_url: site.safety_path.as_ref().map(|p| urls.url(p)),
            highlight_css: urls.url("highlight.css"),
            counts: Counts {
                exercises: site.exercises.len(),
                muscles: site.muscles.len(),
                equipment: site.equipment.len(),
                paths: site.paths.len(),
                articles: site.articles.len(),
            },
            generator: format!("movebook {}", env!("CARGO_PKG_VERSION")),
            search_index: urls.url(crate::render::search::INDEX_PATH),
            feed_url: crate::render::meta::has_feed(site)
                .then(|| urls.url(crate::render::meta::FEED_PATH)),
        };
        Shared {
            urls,
            site: site_view,
            cards,
            path_cards,
            diagrams: Diagrams::new(site),
            changed: std::sync::Mutex::new(None),
        }
    }

    /// The final HTML of a body: `@/` links resolved against the site. A link to a draft
    /// left out of the build keeps its text but loses its `href`.
    pub fn body(&self, site: &Site, page: &PageBase) -> Result<String, SourceChanged> {
        match markdown::render(&page.body) {
            Ok(html) => Ok(html.finish(|l| self.link_url(site, l))),
            Err(_) => {
                // Named as the author knows the file.
                let e = SourceChanged(page.display());
                if let Ok(mut first) = self.changed.lock() {
                    first.get_or_insert_with(|| e.clone());
                }
                Err(e)
            }
        }
    }

    /// The first body that changed on disk during this render, if any (see
    /// [`Shared::body`]).
    pub fn take_changed(&self) -> Option<SourceChanged> {
        self.changed.lock().ok().and_then(|mut c| c.take())
    }

    /// The URL an `@/` link resolves to (`#` for a draft left out or a missing page, which
    /// only a build with errors can have).
    fn link_url(&self, site: &Site, l: &InternalLink) -> String {
        match site.url_of(&l.target) {
            Some(p) => {
                let mut u = self.urls.url(p);
                if let Some(a) = &l.anchor {
                    u.push('#');
                    u.push_str(a);
                }
                u
            }
            None => "#".to_string(),
        }
    }
}

/// The plain [`CardView`] of an exercise: the reference that [`CardParts::card`] must
/// serialize like (a test holds the two equal).
#[cfg(test)]
fn card(urls: &Urls, site: &Site, e: &Exercise) -> CardView {
    CardView {
        title: e.page.title.clone(),
        url: urls.url(&e.page.path),
        slug: e.page.slug.clone(),
        summary: e.page.summary.clone().unwrap_or_default(),
        level: WordView {
            word: e.level.word(),
            label: e.level.label(),
        },
        category: WordView {
            word: e.category.word(),
            label: e.category.label(),
        },
        dose: e.dose_text.clone(),
        target_muscles: e
            .target_muscles
            .iter()
            .map(|&m| link(urls, &site.muscles[m].page))
            .collect(),
        secondary_muscles: e
            .secondary_muscles
            .iter()
            .map(|&m| link(urls, &site.muscles[m].page))
            .collect(),
        equipment: e
            .equipment
            .iter()
            .map(|&q| link(urls, &site.equipment[q].page))
            .collect(),
        bodyweight: e.equipment.is_empty(),
    }
}

fn toc(page: &PageBase) -> Vec<TocEntry> {
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

/// The exercise view of `site.exercises[i]`.
pub fn exercise<'a>(shared: &'a Shared, site: &'a Site, i: usize) -> ExerciseView<'a> {
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
        dose_detail: DoseView {
            text: e.dose_text.clone(),
            sets: e.dose.sets.map(|c| c.to_string()),
            reps: e.dose.reps.map(|c| c.to_string()),
            hold: e.dose.hold.map(|d| d.to_string()),
            rest: e.dose.rest.map(|d| d.to_string()),
            per_side: e.dose.per_side,
        },
        body: BodyHtml::new(shared, site, Some(&e.page)),
        toc: toc(&e.page),
        cues: &e.cues,
        common_errors: e
            .common_errors
            .iter()
            .map(|c| ErrorFixView {
                error: c.error.clone(),
                fix: c.fix.clone(),
            })
            .collect(),
        stop_if: &e.stop_if,
        easier: e.easier.iter().map(|&x| &shared.cards[x]).collect(),
        harder: e.harder.iter().map(|&x| &shared.cards[x]).collect(),
        paths,
        date: e.page.date.as_ref().map(|d| d.day()),
        diagram: DiagramSvg {
            shared,
            site,
            of: DiagramOf::Exercise(i),
        },
        map_target: map_regions(site, &e.target_muscles, &[]),
        map_secondary: map_regions(site, &e.secondary_muscles, &e.target_muscles),
        json_ld: crate::render::meta::exercise_json_ld(shared, site, i),
    }
}

/// The distinct body-map regions of `muscles`, leaving out the regions of `except`.
fn map_regions<'a>(site: &'a Site, muscles: &[usize], except: &[usize]) -> Vec<&'a str> {
    let taken: Vec<&str> = except
        .iter()
        .filter_map(|&m| site.muscles[m].map_region.as_deref())
        .collect();
    let mut out: Vec<&str> = Vec::new();
    for &m in muscles {
        if let Some(r) = site.muscles[m].map_region.as_deref()
            && !taken.contains(&r)
            && !out.contains(&r)
        {
            out.push(r);
        }
    }
    out
}

/// The muscle view of `site.muscles[i]`.
pub fn muscle<'a>(shared: &'a Shared, site: &'a Site, i: usize) -> MuscleView<'a> {
    let m = &site.muscles[i];
    MuscleView {
        title: &m.page.title,
        url: shared.urls.url(&m.page.path),
        slug: &m.page.slug,
        summary: m.page.summary.as_deref(),
        aka: &m.aka,
        region: m.region.as_deref(),
        map_region: m.map_region.as_deref(),
        body: BodyHtml::new(shared, site, Some(&m.page)),
        primary: m.primary.iter().map(|&x| &shared.cards[x]).collect(),
        secondary: m.secondary.iter().map(|&x| &shared.cards[x]).collect(),
    }
}

/// The equipment view of `site.equipment[i]`.
pub fn equipment<'a>(shared: &'a Shared, site: &'a Site, i: usize) -> EquipmentView<'a> {
    let q = &site.equipment[i];
    EquipmentView {
        title: q.page.title.clone(),
        url: shared.urls.url(&q.page.path),
        slug: q.page.slug.clone(),
        summary: q.page.summary.clone(),
        aka: &q.aka,
        body: BodyHtml::new(shared, site, Some(&q.page)),
        exercises: q.exercises.iter().map(|&x| &shared.cards[x]).collect(),
        is_bodyweight: site.bodyweight_page == Some(i),
    }
}

/// The generated bodyweight page (when the site has no `equipment/bodyweight.md`).
pub fn bodyweight<'a>(shared: &'a Shared, site: &'a Site) -> EquipmentView<'a> {
    EquipmentView {
        title: "Bodyweight".into(),
        url: shared.urls.url(BODYWEIGHT_PATH),
        slug: "bodyweight".into(),
        summary: Some("Exercises that need no equipment.".into()),
        aka: &[],
        body: BodyHtml::new(shared, site, None),
        exercises: site.bodyweight.iter().map(|&x| &shared.cards[x]).collect(),
        is_bodyweight: true,
    }
}

/// The path view of `site.paths[i]`.
pub fn path<'a>(shared: &'a Shared, site: &'a Site, i: usize) -> PathView<'a> {
    let p = &site.paths[i];
    PathView {
        title: &p.page.title,
        url: shared.urls.url(&p.page.path),
        slug: &p.page.slug,
        summary: p.page.summary.as_deref(),
        body: BodyHtml::new(shared, site, Some(&p.page)),
        advance_when: p.advance_when.as_deref(),
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
pub fn article<'a>(shared: &'a Shared, site: &'a Site, page: &'a PageBase) -> ArticleView<'a> {
    ArticleView {
        title: &page.title,
        url: shared.urls.url(&page.path),
        summary: page.summary.as_deref(),
        body: BodyHtml::new(shared, site, Some(page)),
        toc: toc(page),
        date: page.date.as_ref().map(|d| d.day()),
    }
}

/// The home view.
pub fn home<'a>(shared: &'a Shared, site: &'a Site) -> HomeView<'a> {
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
        paths: &shared.path_cards,
    }
}

/// The view of a list page.
pub fn list<'a>(shared: &'a Shared, site: &'a Site, section: Section) -> ListView<'a> {
    let intro = site.sections.get(&section);
    let mut view = ListView {
        title: intro.map_or(section.default_title().to_string(), |p| p.title.clone()),
        body: BodyHtml::new(shared, site, intro),
        groups: Vec::new(),
        exercises: Vec::new(),
        entries: Vec::new(),
        paths: &[],
        filters: Filters::default(),
    };
    let urls = &shared.urls;
    match section {
        Section::Exercises => {
            view.filters = filters(site);
            view.exercises = shared.cards.iter().collect();
            for cat in crate::model::units::Category::ALL {
                let exercises: Vec<&Card> = site
                    .exercises
                    .iter()
                    .enumerate()
                    .filter(|(_, e)| e.category == *cat)
                    .map(|(i, _)| &shared.cards[i])
                    .collect();
                if !exercises.is_empty() {
                    view.groups.push(CategoryGroup {
                        category: WordView {
                            word: cat.word(),
                            label: cat.label(),
                        },
                        exercises,
                    });
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
                    title: "Bodyweight".into(),
                    url: urls.url(BODYWEIGHT_PATH),
                    slug: "bodyweight".into(),
                    summary: Some("Exercises that need no equipment.".into()),
                    aka: Vec::new(),
                    count: site.bodyweight.len(),
                    secondary_count: 0,
                });
            }
        }
        Section::Paths => {
            view.paths = &shared.path_cards;
        }
    }
    view
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cards_with_shared_parts_serialize_like_the_documented_card_view() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        for site_root in [root.to_path_buf(), root.join("tests/fixtures/minimal")] {
            let opts = crate::pipeline::BuildOptions {
                root: site_root,
                ..Default::default()
            };
            let Ok(prepared) = crate::pipeline::prepare(&opts) else {
                panic!("the site prepares")
            };
            let site = &prepared.site;
            let shared = Shared::new(site);
            assert_eq!(shared.cards.len(), site.exercises.len());
            for (i, e) in site.exercises.iter().enumerate() {
                let want = serde_json::to_value(tera::Value::from_serializable(&card(
                    &shared.urls,
                    site,
                    e,
                )))
                .unwrap();
                let got = serde_json::to_value(&shared.cards[i].value).unwrap();
                assert_eq!(got, want, "card of {}", e.page.slug);
            }
        }
    }
}
