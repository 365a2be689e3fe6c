//! The content model: plain data, no I/O, no templates.
//!
//! `parse` reads one file into a [`parse::ParsedFile`]; `resolve` joins them into a
//! [`Site`]. **Invariant of a `Site`:** every reference in it is valid. Each index in an
//! `Exercise`'s muscle, equipment, easier, harder and path lists points into the site's
//! vectors; the progression graph is acyclic, has no self-links and is symmetric (if `a` is
//! in `b.easier`, `b` is in `a.harder`); every path has at least two distinct steps. Render
//! code may therefore index without checking.
//!
//! Every list in a `Site` is in display order: by `weight`, then title, then slug.

// User data flows through here: no indexing or slicing that could panic on it (tests may).
#![cfg_attr(not(test), warn(clippy::indexing_slicing, clippy::string_slice))]

pub(crate) mod body;
pub(crate) mod front;
pub(crate) mod inline;
pub(crate) mod keywords;
pub(crate) mod media;
pub(crate) mod parse;
pub(crate) mod raw;
pub(crate) mod routine;
pub(crate) mod schema;
pub(crate) mod translate;
pub(crate) mod units;
pub(crate) mod yaml;

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::config::SiteConfig;
use crate::model::body::Body;
use crate::model::front::{CommonError, Date, Section};
use crate::model::units::{Category, Dose, Level};

/// A page's text in a language other than the default, from its translation file.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Translation {
    /// The language (`sv`).
    pub lang: String,
    /// The translation file, relative to `content/` (`exercises/x.sv.md`).
    pub rel: String,
    /// The text fields the translation leaves to the default language, in the order of
    /// the format (`cues`, `body`...).
    pub fallback: Vec<String>,
}

/// What every published page has.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageBase {
    /// Source path relative to `content/` (`exercises/glute-bridge.md`).
    pub rel: String,
    /// The slug (file stem or `slug:`).
    pub slug: String,
    /// URL path below the base path, with a trailing `/`: `exercises/glute-bridge/`
    /// (empty for the home page).
    pub path: String,
    /// Title.
    pub title: String,
    /// One-sentence summary.
    pub summary: Option<String>,
    /// Ordering key.
    pub weight: i64,
    /// Drafts appear only in `--drafts` builds.
    pub draft: bool,
    /// Publication date.
    pub date: Option<Date>,
    /// The body: its source and what is known about it (headings, links, search text);
    /// rendered to HTML only when the page is written.
    pub body: Arc<Body>,
    /// Pictures and videos (an exercise's `media:`, another page's `image:`), resolved.
    pub(crate) media: Vec<crate::model::media::Media>,
    /// The Markdown images of the body that name a file, by their source as written, with
    /// the asset each names (index into [`Site::assets`]).
    pub body_images: Vec<(String, usize)>,
    /// In a language other than the default: the page's translation, or `None` when the
    /// page has none there (its text is the default language's).
    pub translation: Option<Arc<Translation>>,
}

impl PageBase {
    /// `content/<rel>` (the translation file's path for a translated page).
    pub fn display(&self) -> String {
        match &self.translation {
            Some(t) => format!("content/{}", t.rel),
            None => format!("content/{}", self.rel),
        }
    }
}

/// An exercise with its references resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exercise {
    /// Shared page fields.
    pub page: PageBase,
    /// Other names.
    pub aka: std::sync::Arc<[String]>,
    /// Indices into [`Site::muscles`].
    pub target_muscles: Vec<usize>,
    /// Indices into [`Site::muscles`].
    pub secondary_muscles: Vec<usize>,
    /// Indices into [`Site::equipment`]; empty means bodyweight.
    pub equipment: Vec<usize>,
    /// Kind of work.
    pub category: Category,
    /// How demanding.
    pub level: Level,
    /// The prescription.
    pub dose: Dose,
    /// The prescription in words (`dose`'s `Display`, written once).
    pub dose_text: String,
    /// Error → fix pairs.
    pub common_errors: std::sync::Arc<[CommonError]>,
    /// Coaching cues.
    pub cues: std::sync::Arc<[String]>,
    /// Stop signals.
    pub stop_if: std::sync::Arc<[String]>,
    /// Easier exercises (indices into [`Site::exercises`]), both declared and implied.
    pub easier: Vec<usize>,
    /// Harder exercises, both declared and implied.
    pub harder: Vec<usize>,
    /// Paths this exercise is on: (index into [`Site::paths`], 0-based step).
    pub paths: Vec<(usize, usize)>,
    /// Routines that use this exercise (indices into [`Site::routines`]), display order.
    pub routines: Vec<usize>,
}

/// A muscle with the exercises that train it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Muscle {
    /// Shared page fields.
    pub page: PageBase,
    /// Other names.
    pub aka: std::sync::Arc<[String]>,
    /// Where it is, in words.
    pub region: Option<String>,
    /// Body-map region id.
    pub map_region: Option<String>,
    /// Exercises that target it (indices into [`Site::exercises`]), display order.
    pub primary: Vec<usize>,
    /// Exercises where it helps.
    pub secondary: Vec<usize>,
}

/// A piece of equipment with the exercises that use it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Equipment {
    /// Shared page fields.
    pub page: PageBase,
    /// Other names.
    pub aka: std::sync::Arc<[String]>,
    /// Exercises that use it.
    pub exercises: Vec<usize>,
}

/// A progression path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathPage {
    /// Shared page fields.
    pub page: PageBase,
    /// Exercises in order (indices into [`Site::exercises`]).
    pub steps: Vec<usize>,
    /// When to move on.
    pub advance_when: Option<String>,
}

/// A routine: a session to follow, exercises in order, each with its dose.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Routine {
    /// Shared page fields.
    pub page: PageBase,
    /// When or how often, in words (inline Markdown as written).
    pub when: Option<String>,
    /// The exercise steps in order (headings ride on the step they come before).
    pub steps: Vec<RoutineStep>,
    /// The estimated duration in seconds ([`routine::estimate`]).
    pub seconds: u32,
}

/// One exercise of a routine.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoutineStep {
    /// The heading that starts before this step, if any.
    pub section: Option<String>,
    /// Index into [`Site::exercises`].
    pub exercise: usize,
    /// The exercise's dose with the step's overrides applied.
    pub dose: Dose,
    /// `dose` in words.
    pub dose_text: String,
    /// A tip for this step (inline Markdown as written).
    pub note: Option<String>,
}

/// A resolved site, ready to render. See the module docs for its invariant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Site {
    /// Settings.
    pub config: SiteConfig,
    /// The home page (`content/_index.md`), if there is one.
    pub home: Option<PageBase>,
    /// Intros of the list pages (`content/<section>/_index.md`).
    pub sections: BTreeMap<Section, PageBase>,
    /// Exercises, display order.
    pub exercises: Vec<Exercise>,
    /// Muscles, display order.
    pub muscles: Vec<Muscle>,
    /// Equipment, display order.
    pub equipment: Vec<Equipment>,
    /// Paths, display order.
    pub paths: Vec<PathPage>,
    /// Routines, display order.
    pub routines: Vec<Routine>,
    /// Other pages, display order.
    pub articles: Vec<PageBase>,
    /// Exercises with no equipment, display order.
    pub bodyweight: Vec<usize>,
    /// The bodyweight page, when the site defines `equipment/bodyweight.md` (index into
    /// [`Site::equipment`]); otherwise a generated page at `/equipment/bodyweight/`.
    pub bodyweight_page: Option<usize>,
    /// URL path of the safety page, if the site has one.
    pub safety_path: Option<String>,
    /// URL path of every page by source path (`exercises/x.md` → `exercises/x/`), drafts included
    /// only when they are published.
    pub links: BTreeMap<String, String>,
    /// Were drafts included?
    pub drafts: bool,
    /// Files pages publish (pictures, videos, captions), in the order they were first named.
    pub(crate) assets: Vec<crate::model::media::Asset>,
    /// The language of this site's pages and the words of the theme in it (a multilingual
    /// site is resolved once per language).
    pub language: Language,
}

/// The language a [`Site`] is resolved in.
#[derive(Debug, Clone)]
pub struct Language {
    /// Its tag (`en`, `sv`).
    pub code: String,
    /// Its place in `languages` (0: the default language, published at the base path).
    pub index: usize,
    /// The theme's words in it.
    pub strings: Arc<crate::i18n::Strings>,
}

impl PartialEq for Language {
    fn eq(&self, other: &Self) -> bool {
        self.code == other.code && self.index == other.index
    }
}

impl Eq for Language {}

impl Language {
    /// The default language of a one-language English site (tests).
    #[cfg(test)]
    pub(crate) fn english() -> Self {
        Language {
            code: "en".into(),
            index: 0,
            strings: crate::i18n::english_arc(),
        }
    }

    /// True for the site's default language.
    pub fn is_default(&self) -> bool {
        self.index == 0
    }

    /// What the URL paths of its pages start with below the base path: `""` for the
    /// default language, `sv/` for another.
    pub fn prefix(&self) -> String {
        if self.is_default() {
            String::new()
        } else {
            format!("{}/", self.code)
        }
    }
}

impl Site {
    /// The site's title in its language (`[languages.sv] title`, else `title`).
    pub fn title(&self) -> &str {
        self.config
            .languages
            .get(self.language.index)
            .and_then(|l| l.title.as_deref())
            .unwrap_or(&self.config.title)
    }

    /// The site's description in its language, or `None`.
    pub fn description(&self) -> Option<&str> {
        self.config
            .languages
            .get(self.language.index)
            .and_then(|l| l.description.as_deref())
            .or(self.config.description.as_deref())
    }

    /// The URL path (below the base path) of the page whose source is `target`
    /// (`exercises/x.md`, or `x/_index.md` for a section page; a leading `/` is ignored);
    /// `None` when no published page has that source.
    pub fn url_of(&self, target: &str) -> Option<&str> {
        self.links
            .get(target.trim_start_matches('/'))
            .map(String::as_str)
    }

    /// Indices into [`Site::exercises`] in the exercise index's order: by kind of work (the
    /// order of `Category::ALL`), then display order. The index's pages and the search
    /// index (which the filters show results from) both list exercises in this order.
    pub fn exercise_index_order(&self) -> Vec<usize> {
        let mut order: Vec<(usize, Category)> = self
            .exercises
            .iter()
            .map(|e| e.category)
            .enumerate()
            .collect();
        // Stable: display order within a category.
        order.sort_by_key(|&(_, c)| c as usize);
        order.into_iter().map(|(i, _)| i).collect()
    }

    /// Every published page base, in a stable order (home, sections, then each kind).
    /// The pages of the content kinds (exercises, muscles, equipment, paths, routines,
    /// articles): those a language may leave out.
    pub fn content_pages(&self) -> impl Iterator<Item = &PageBase> {
        self.exercises
            .iter()
            .map(|e| &e.page)
            .chain(self.muscles.iter().map(|m| &m.page))
            .chain(self.equipment.iter().map(|e| &e.page))
            .chain(self.paths.iter().map(|p| &p.page))
            .chain(self.routines.iter().map(|r| &r.page))
            .chain(self.articles.iter())
    }

    /// Every published page with a source file: the home page, the list intros and the
    /// [`content_pages`](Site::content_pages).
    pub fn pages(&self) -> impl Iterator<Item = &PageBase> {
        self.home
            .iter()
            .chain(self.sections.values())
            .chain(self.exercises.iter().map(|e| &e.page))
            .chain(self.muscles.iter().map(|m| &m.page))
            .chain(self.equipment.iter().map(|e| &e.page))
            .chain(self.paths.iter().map(|p| &p.page))
            .chain(self.routines.iter().map(|r| &r.page))
            .chain(self.articles.iter())
    }
}
