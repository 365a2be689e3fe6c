//! The page kinds: for each, which pages it has, which template renders them, where they go
//! and what they are called. Adding a page kind means adding a [`Job`] variant and its
//! [`Job::describe`] arm here, plus its view builder in `views::pages`.

use std::borrow::Cow;

use crate::model::Site;
use crate::model::front::Section;
use crate::render::views::{self, Shared};
use crate::theme::PageTemplate;

/// Where the 404 page is written.
const NOT_FOUND_PATH: &str = "404.html";

/// One page to render.
#[derive(Debug, Clone, Copy)]
pub(super) enum Job {
    Home,
    /// A list page: the section and the page of its list (from 0).
    List(Section, usize),
    Exercise(usize),
    /// A muscle and the page of its exercises (from 0); likewise for equipment.
    Muscle(usize, usize),
    Equipment(usize, usize),
    Bodyweight(usize),
    Path(usize),
    Routine(usize),
    Article(usize),
    NotFound,
}

/// What a page kind says about one of its pages: everything [`super::Emitter`] needs.
pub(super) struct PageSpec<'a, V> {
    /// The template that renders it.
    pub template: PageTemplate,
    /// The `kind` variable templates see.
    pub kind: &'static str,
    /// URL path below the base path: `exercises/x/` (written to `exercises/x/index.html`),
    /// or a file name such as `404.html` (written as it is).
    pub path: Cow<'a, str>,
    /// The page title.
    pub title: Cow<'a, str>,
    /// The meta description.
    pub description: Option<Cow<'a, str>>,
    /// The page as messages name it: its source file, or a phrase for generated pages.
    pub source: String,
    /// The `page` variable templates see.
    pub view: V,
    /// The picture that stands for the page when it is shared (`og:image`), or `None`.
    pub image: Option<views::ImageView>,
    /// The page's source, for pages that have one (its translation state).
    pub page: Option<&'a crate::model::PageBase>,
}

impl<V> PageSpec<'_, V> {
    /// The output file, relative to the output folder.
    pub(super) fn output_file(&self) -> String {
        if self.path.is_empty() || self.path.ends_with('/') {
            format!("{}index.html", self.path)
        } else {
            self.path.to_string()
        }
    }
}

/// What the counts of [`super::RenderStats`] count a page as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Counted {
    Exercise,
    Muscle,
    Equipment,
    Path,
    Routine,
    Article,
    Other,
    Uncounted,
}

impl Job {
    /// Every page of `site`, in a stable order.
    pub(super) fn all(site: &Site) -> Vec<Job> {
        let pages = |n: usize| 0..views::page_count(n, site.config.page_size);
        let mut jobs = vec![Job::Home];
        for s in Section::ALL {
            let n = match s {
                Section::Exercises => site.exercises.len(),
                Section::Paths => site.paths.len(),
                Section::Muscles | Section::Equipment => 1,
                // No list without routines: a site that has none gets no /routines/ page.
                Section::Routines if site.routines.is_empty() => continue,
                Section::Routines => site.routines.len(),
            };
            jobs.extend(pages(n).map(|p| Job::List(s, p)));
        }
        jobs.extend((0..site.exercises.len()).map(Job::Exercise));
        for (i, m) in site.muscles.iter().enumerate() {
            jobs.extend(pages(m.primary.len() + m.secondary.len()).map(|p| Job::Muscle(i, p)));
        }
        for (i, q) in site.equipment.iter().enumerate() {
            jobs.extend(pages(q.exercises.len()).map(|p| Job::Equipment(i, p)));
        }
        if site.bodyweight_page.is_none() {
            jobs.extend(pages(site.bodyweight.len()).map(Job::Bodyweight));
        }
        jobs.extend((0..site.paths.len()).map(Job::Path));
        jobs.extend((0..site.routines.len()).map(Job::Routine));
        jobs.extend((0..site.articles.len()).map(Job::Article));
        jobs.push(Job::NotFound);
        jobs
    }

    /// The page's URL path below the base path (see [`PageSpec::path`]), without building
    /// its view.
    pub(super) fn path(self, site: &Site) -> Cow<'_, str> {
        match self {
            Job::Home => Cow::Borrowed(""),
            Job::List(section, p) => {
                Cow::Owned(views::page_path(&format!("{}/", section.dir()), p))
            }
            Job::Exercise(i) => Cow::Borrowed(&site.exercises[i].page.path),
            Job::Muscle(i, 0) => Cow::Borrowed(&site.muscles[i].page.path),
            Job::Muscle(i, p) => Cow::Owned(views::page_path(&site.muscles[i].page.path, p)),
            Job::Equipment(i, 0) => Cow::Borrowed(&site.equipment[i].page.path),
            Job::Equipment(i, p) => Cow::Owned(views::page_path(&site.equipment[i].page.path, p)),
            Job::Bodyweight(p) => Cow::Owned(views::page_path(views::BODYWEIGHT_PATH, p)),
            Job::Path(i) => Cow::Borrowed(&site.paths[i].page.path),
            Job::Routine(i) => Cow::Borrowed(&site.routines[i].page.path),
            Job::Article(i) => Cow::Borrowed(&site.articles[i].path),
            Job::NotFound => Cow::Borrowed(NOT_FOUND_PATH),
        }
    }

    /// The page with a source file this job renders (one of its pages, for a paginated
    /// muscle or equipment page), or `None` for the home page, lists and generated pages.
    pub(super) fn page(self, site: &Site) -> Option<&crate::model::PageBase> {
        match self {
            Job::Exercise(i) => Some(&site.exercises[i].page),
            Job::Muscle(i, _) => Some(&site.muscles[i].page),
            Job::Equipment(i, _) => Some(&site.equipment[i].page),
            Job::Path(i) => Some(&site.paths[i].page),
            Job::Routine(i) => Some(&site.routines[i].page),
            Job::Article(i) => Some(&site.articles[i]),
            Job::Home | Job::List(..) | Job::Bodyweight(_) | Job::NotFound => None,
        }
    }

    /// How the build's counts count this page.
    pub(super) fn counted(self) -> Counted {
        match self {
            Job::Exercise(_) => Counted::Exercise,
            Job::Muscle(_, 0) => Counted::Muscle,
            Job::Equipment(_, 0) | Job::Bodyweight(0) => Counted::Equipment,
            Job::Path(_) => Counted::Path,
            Job::Routine(_) => Counted::Routine,
            Job::Article(_) => Counted::Article,
            Job::Home
            | Job::List(..)
            | Job::Muscle(..)
            | Job::Equipment(..)
            | Job::Bodyweight(_) => Counted::Other,
            Job::NotFound => Counted::Uncounted,
        }
    }

    /// Describes the page and hands it to `emit` (a generic callback, since each kind has
    /// its own view type).
    pub(super) fn describe<R>(self, site: &Site, shared: &Shared, emit: impl Emit<R>) -> R {
        match self {
            Job::Home => {
                let v = views::home(shared, site);
                let description = v
                    .summary
                    .clone()
                    .or_else(|| site.description().map(str::to_string))
                    .map(Cow::Owned);
                let source = site.home.as_ref().map_or(
                    "the home page".into(),
                    super::super::model::PageBase::display,
                );
                emit.emit(PageSpec {
                    template: PageTemplate::Home,
                    kind: "home",
                    path: Cow::Borrowed(""),
                    title: Cow::Borrowed(site.title()),
                    description,
                    source,
                    image: v.image.clone(),
                    view: v,
                    page: None,
                })
            }
            Job::List(section, p) => {
                let v = views::list(shared, site, section, p);
                let template = match section {
                    Section::Exercises => PageTemplate::Exercises,
                    Section::Muscles => PageTemplate::Muscles,
                    Section::Equipment => PageTemplate::EquipmentList,
                    Section::Paths => PageTemplate::Paths,
                    Section::Routines => PageTemplate::Routines,
                };
                // The intro's summary, else a sentence about the list (search engines and
                // link previews show it).
                let description = Some(
                    site.sections
                        .get(&section)
                        .and_then(|p| p.summary.as_deref())
                        .map_or_else(
                            || Cow::Owned(list_description(site, section)),
                            Cow::Borrowed,
                        ),
                );
                let title = Cow::Owned(paged_title(site, &v.title, v.pagination.as_ref()));
                emit.emit(PageSpec {
                    template,
                    kind: "list",
                    path: self.path(site),
                    title,
                    description,
                    source: format!("the {} list page", section.dir()),
                    image: v.image.clone(),
                    view: v,
                    page: None,
                })
            }
            Job::Exercise(i) => {
                let page = &site.exercises[i].page;
                let v = views::exercise(shared, site, i);
                let mut spec = of_page(PageTemplate::Exercise, "exercise", page, v);
                spec.image = views::media::first_image(&shared.pictures, &page.media);
                emit.emit(spec)
            }
            Job::Muscle(i, p) => {
                let page = &site.muscles[i].page;
                let v = views::muscle(shared, site, i, p);
                let title = paged_title(site, &page.title, v.pagination.as_ref());
                let image = v.image.clone();
                let mut spec = of_page(PageTemplate::Muscle, "muscle", page, v);
                spec.image = image;
                spec.path = self.path(site);
                spec.title = Cow::Owned(title);
                emit.emit(spec)
            }
            Job::Equipment(i, p) => {
                let page = &site.equipment[i].page;
                let v = views::equipment(shared, site, i, p);
                let title = paged_title(site, &page.title, v.pagination.as_ref());
                let image = v.image.clone();
                let mut spec = of_page(PageTemplate::Equipment, "equipment", page, v);
                spec.image = image;
                spec.path = self.path(site);
                spec.title = Cow::Owned(title);
                emit.emit(spec)
            }
            Job::Bodyweight(p) => {
                let v = views::bodyweight(shared, site, p);
                let description = v.summary.clone().map(Cow::Owned);
                let title = paged_title(
                    site,
                    site.language.strings.get("names.bodyweight"),
                    v.pagination.as_ref(),
                );
                emit.emit(PageSpec {
                    template: PageTemplate::Equipment,
                    kind: "equipment",
                    path: self.path(site),
                    title: Cow::Owned(title),
                    description,
                    source: "the bodyweight page".into(),
                    image: None,
                    view: v,
                    page: None,
                })
            }
            Job::Path(i) => {
                let page = &site.paths[i].page;
                let v = views::path(shared, site, i);
                let image = v.image.clone();
                let mut spec = of_page(PageTemplate::Path, "path", page, v);
                spec.image = image;
                emit.emit(spec)
            }
            Job::Routine(i) => {
                let page = &site.routines[i].page;
                let v = views::routine(shared, site, i);
                let image = v.card.image.clone();
                let mut spec = of_page(PageTemplate::Routine, "routine", page, v);
                spec.image = image;
                emit.emit(spec)
            }
            Job::Article(i) => {
                let page = &site.articles[i];
                let v = views::article(shared, site, page);
                let image = v.image.clone();
                let mut spec = of_page(PageTemplate::Article, "article", page, v);
                spec.image = image;
                emit.emit(spec)
            }
            Job::NotFound => emit.emit(PageSpec {
                template: PageTemplate::NotFound,
                kind: "404",
                path: self.path(site),
                title: Cow::Borrowed(site.language.strings.get("names.page_not_found")),
                description: Some(Cow::Owned(
                    site.language
                        .strings
                        .fmt("describe.not_found", &[("site", site.title())]),
                )),
                source: "the 404 page".into(),
                image: None,
                view: (),
                page: None,
            }),
        }
    }
}

/// The title of a page of a paginated list: `Exercises`, then `Exercises, page 2 of 9`.
fn paged_title(site: &Site, title: &str, pagination: Option<&views::PaginationView>) -> String {
    let w = &site.language.strings;
    match pagination {
        Some(p) if p.number > 1 => w.fmt(
            "names.paged_title",
            &[
                ("title", title),
                ("number", &w.number(p.number as u64)),
                ("of", &w.number(p.of as u64)),
            ],
        ),
        _ => title.to_string(),
    }
}

/// The meta description of a list page whose intro (`_index.md`) has no summary.
fn list_description(site: &Site, section: Section) -> String {
    let n = match section {
        Section::Exercises => site.exercises.len(),
        Section::Muscles => site.muscles.len(),
        Section::Equipment => site.equipment.len(),
        Section::Paths => site.paths.len(),
        Section::Routines => site.routines.len(),
    };
    let w = &site.language.strings;
    w.fmt(
        &format!("describe.{}", section.dir()),
        &[("site", site.title()), ("n", &w.number(n as u64))],
    )
}

/// The description of a page that has a source file.
fn of_page<'a, V>(
    template: PageTemplate,
    kind: &'static str,
    page: &'a crate::model::PageBase,
    view: V,
) -> PageSpec<'a, V> {
    PageSpec {
        template,
        kind,
        path: Cow::Borrowed(&page.path),
        title: Cow::Borrowed(&page.title),
        description: page.summary.as_deref().map(Cow::Borrowed),
        source: page.display(),
        view,
        image: None,
        page: Some(page),
    }
}

/// Receives a page's description, whatever its view type.
pub(super) trait Emit<R> {
    /// Renders (or otherwise handles) the page.
    fn emit<V: serde::Serialize + std::hash::Hash>(self, spec: PageSpec<'_, V>) -> R;
}
