//! [`Shared`]: everything built once per render and used by many pages.

use rayon::prelude::*;

use super::{Card, Counts, Filters, LinkView, NavItem, PathCard, SiteView, Urls};
use crate::model::body::{InternalLink, SourceChanged};
use crate::model::front::Section;
use crate::model::{PageBase, Site};
use crate::render::diagram::Diagrams;
use crate::render::markdown;
use crate::render::views::cards::CardParts;

/// Everything built once per render and shared by all pages.
pub(crate) struct Shared {
    /// URL helpers.
    pub urls: Urls,
    /// The `site` view.
    pub site: SiteView,
    /// The picture views of the site's assets.
    pub pictures: super::media::Pictures,
    /// One card per exercise, same order as [`Site::exercises`].
    pub cards: Vec<Card>,
    /// One card per path.
    pub path_cards: Vec<PathCard>,
    /// One card per routine.
    pub routine_cards: Vec<super::RoutineCard>,
    /// Progression diagrams, laid out once per family on first use.
    pub diagrams: Diagrams,
    /// The region ids of the body map the site uses ([`crate::theme::Theme::body_map_regions`]);
    /// `None` when the theme has no readable `bodymap.svg`, and then every `map_region` is
    /// taken on trust.
    body_map: Option<Vec<String>>,
    /// The follow-along script's words for the routine data, unless they are its own
    /// English ones (see [`crate::i18n::Strings::client_words`]).
    pub follow_labels: Option<serde_json::Value>,
    /// Bodies rendered once for every language that shows them.
    bodies: std::sync::Arc<super::BodyCache>,
    /// The first body found changed on disk while rendering: templates only see a failed
    /// serialization, so the cause travels here, typed, to `render_site`.
    changed: std::sync::Mutex<Option<SourceChanged>>,
    /// What every page of the exercise index shares, built by the first of them: the
    /// exercises in index order (by kind of work, then the site's order) and the filters.
    pub(super) exercise_index: std::sync::OnceLock<(Vec<usize>, Filters)>,
}

pub(super) fn link(urls: &Urls, page: &PageBase) -> LinkView {
    LinkView {
        title: page.title.clone(),
        url: urls.url(&page.path),
        slug: page.slug.clone(),
    }
}

/// The generated bodyweight page's URL path.
pub(crate) const BODYWEIGHT_PATH: &str = "equipment/bodyweight/";

impl Shared {
    /// Builds the shared views of a site whose body map draws `body_map` (see
    /// [`Shared::on_map`]).
    #[cfg(test)]
    pub(crate) fn new(site: &Site, body_map: Option<Vec<String>>) -> Self {
        Shared::with_languages(site, body_map, &super::Languages::new(&[site]))
    }

    /// [`Shared::new`] for one language of `languages`.
    pub(crate) fn with_languages(
        site: &Site,
        body_map: Option<Vec<String>>,
        languages: &super::Languages,
    ) -> Self {
        let urls = Urls::omitting(
            site,
            languages
                .omitted
                .get(site.language.index)
                .cloned()
                .flatten(),
        );
        let w = &site.language.strings;
        let parts = CardParts::new(&urls, site);
        let pictures = super::media::Pictures::new(&urls, site);
        let cards = site
            .exercises
            .par_iter()
            .map(|e| parts.card(&urls, &pictures, e))
            .collect();
        let path_cards = site
            .paths
            .iter()
            .map(|p| PathCard {
                title: p.page.title.clone(),
                url: urls.url(&p.page.path),
                summary: p.page.summary.clone(),
                advance_when: p
                    .advance_when
                    .as_deref()
                    .map(|a| inline_html(&urls, site, a)),
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
                Section::Routines => !site.routines.is_empty(),
            })
            .map(|s| NavItem {
                title: site.sections.get(s).map_or_else(
                    || w.get(&format!("section.{}", s.dir())).to_string(),
                    |p| p.title.clone(),
                ),
                url: urls.url(&format!("{}/", s.dir())),
                key: s.dir().to_string(),
            })
            .collect();
        if let Some(safety) = &site.safety_path {
            nav.push(NavItem {
                title: w.get("section.safety").to_string(),
                url: urls.url(safety),
                key: "safety".into(),
            });
        }
        let generator = format!("movebook {}", env!("CARGO_PKG_VERSION"));
        let site_view = SiteView {
            title: site.title().to_string(),
            description: site.description().map(str::to_string),
            base_url: site.config.base_url.clone(),
            base_path: site.config.base_path().to_string(),
            language: site.language.code.clone(),
            home: urls.url(""),
            languages: languages.links.clone(),
            og_locale: w.get("meta.og_locale").to_string(),
            author: site.config.author.clone(),
            nav,
            articles: site.articles.iter().map(|a| link(&urls, a)).collect(),
            safety_url: site.safety_path.as_ref().map(|p| urls.url(p)),
            highlight_css: urls.asset("highlight.css"),
            counts: Counts {
                exercises: site.exercises.len(),
                muscles: site.muscles.len(),
                equipment: site.equipment.len(),
                paths: site.paths.len(),
                routines: site.routines.len(),
                articles: site.articles.len(),
            },
            generator: generator.clone(),
            made_with: w.fmt("page.made_with", &[("generator", &generator)]),
            search_index: urls.url(crate::render::search::INDEX_PATH),
            feed_url: crate::render::meta::has_feed(site)
                .then(|| urls.url(crate::render::meta::FEED_PATH)),
            offline: site.config.offline.enabled.then(|| super::OfflineView {
                manifest: urls.asset(crate::render::offline::MANIFEST),
                script: urls.asset(crate::render::offline::SCRIPT),
            }),
        };
        let routine_cards = super::routines::cards(&urls, &pictures, site);
        Shared {
            urls,
            pictures,
            site: site_view,
            cards,
            path_cards,
            routine_cards,
            diagrams: Diagrams::new(site),
            body_map,
            changed: std::sync::Mutex::new(None),
            exercise_index: std::sync::OnceLock::new(),
            bodies: languages.bodies.clone(),
            follow_labels: site.language.strings.client_words("follow"),
        }
    }

    /// `region` if the body map draws it: a region the map lacks would colour nothing.
    pub(crate) fn on_map<'r>(&self, region: Option<&'r str>) -> Option<&'r str> {
        let region = region?;
        match &self.body_map {
            Some(ids) if !ids.iter().any(|id| id == region) => None,
            _ => Some(region),
        }
    }

    /// The final HTML of a body: `@/` links resolved against the site. A link to a draft
    /// left out of the build keeps its text but loses its `href`.
    pub(crate) fn body(&self, site: &Site, page: &PageBase) -> Result<String, SourceChanged> {
        let pictures = |url: &str| {
            let &(_, a) = page.body_images.iter().find(|(u, _)| u == url)?;
            self.pictures.image(a, "")
        };
        let rendered = self.bodies.get_or_render(page, || {
            markdown::render(
                &page.body,
                &self.site.base_path,
                &pictures,
                page.media.is_empty(),
            )
        });
        if let Ok(html) = rendered {
            Ok(html.finish(|l| self.link_url(site, l)))
        } else {
            // Named as the author knows the file.
            let e = SourceChanged(page.display());
            if let Ok(mut first) = self.changed.lock() {
                first.get_or_insert_with(|| e.clone());
            }
            Err(e)
        }
    }

    /// The first body that changed on disk during this render, if any (see
    /// [`Shared::body`]).
    pub(crate) fn take_changed(&self) -> Option<SourceChanged> {
        self.changed.lock().ok().and_then(|mut c| c.take())
    }

    /// The URL an `@/` link resolves to (see [`link_url`]).
    pub(super) fn link_url(&self, site: &Site, l: &InternalLink) -> String {
        link_url(&self.urls, site, l)
    }

    /// A front-matter text value as HTML (see [`inline_html`]).
    pub(super) fn inline(&self, site: &Site, text: &str) -> String {
        inline_html(&self.urls, site, text)
    }
}

/// The URL an `@/` link resolves to (`#` for a draft left out or a missing page, which
/// only a build with errors can have).
fn link_url(urls: &Urls, site: &Site, l: &InternalLink) -> String {
    match site.url_of(&l.target) {
        Some(p) => {
            let mut u = urls.url(p);
            if let Some(a) = &l.anchor {
                u.push('#');
                u.push_str(a);
            }
            u
        }
        None => "#".to_string(),
    }
}

/// A front-matter text value (a cue, a fix, `advance_when`...) as HTML: its inline
/// Markdown rendered, `@/` links resolved (insert with `| safe`).
pub(super) fn inline_html(urls: &Urls, site: &Site, text: &str) -> String {
    markdown::inline(text, &urls.base_path, |l| link_url(urls, site, l))
}
