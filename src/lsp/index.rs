//! What the editor features look things up in: every published page of the last analysis by
//! its source file and by its slug, with what a completion or a hover shows.

use std::collections::HashMap;
use std::sync::Arc;

use crate::model::body::Body;
use crate::model::front::{Front, Kind, Ref};
use crate::model::parse::ParsedFile;
use crate::model::{PageBase, Site};

/// The kinds whose pages other pages name by slug.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum SlugKind {
    Exercise,
    Muscle,
    Equipment,
}

impl SlugKind {
    /// The word for it.
    pub(crate) fn name(self) -> &'static str {
        match self {
            SlugKind::Exercise => "exercise",
            SlugKind::Muscle => "muscle",
            SlugKind::Equipment => "equipment",
        }
    }

    /// The folder its pages are in.
    pub(crate) fn folder(self) -> &'static str {
        match self {
            SlugKind::Exercise => "exercises",
            SlugKind::Muscle => "muscles",
            SlugKind::Equipment => "equipment",
        }
    }

    /// The slug-kind of a page kind, when other pages name such pages by slug.
    pub(crate) fn of(kind: Kind) -> Option<SlugKind> {
        match kind {
            Kind::Exercise => Some(SlugKind::Exercise),
            Kind::Muscle => Some(SlugKind::Muscle),
            Kind::Equipment => Some(SlugKind::Equipment),
            _ => None,
        }
    }
}

/// Which kind of page the front-matter field at `path` of a page of kind `page` names by
/// slug (`target_muscles` → muscles).
pub(crate) fn slug_kind(page: Kind, path: &[String]) -> Option<SlugKind> {
    let first = path.first().map(String::as_str);
    match (page, first, super::context::field(path)) {
        (Kind::Exercise, _, Some("target_muscles" | "secondary_muscles")) => Some(SlugKind::Muscle),
        (Kind::Exercise, _, Some("equipment")) => Some(SlugKind::Equipment),
        (Kind::Exercise, Some("progression"), Some("easier" | "harder"))
        | (Kind::Path, Some("steps"), Some("steps"))
        | (Kind::Routine, Some("steps"), Some("exercise")) => Some(SlugKind::Exercise),
        _ => None,
    }
}

/// The slug references a page's front matter makes, with the kind each names.
pub(crate) fn refs_of(front: &Front) -> Vec<(SlugKind, &Ref)> {
    let mut out = Vec::new();
    match front {
        Front::Exercise(e) => {
            out.extend(e.target_muscles.iter().map(|r| (SlugKind::Muscle, r)));
            out.extend(e.secondary_muscles.iter().map(|r| (SlugKind::Muscle, r)));
            out.extend(e.equipment.iter().map(|r| (SlugKind::Equipment, r)));
            out.extend(e.easier.iter().map(|r| (SlugKind::Exercise, r)));
            out.extend(e.harder.iter().map(|r| (SlugKind::Exercise, r)));
        }
        Front::Path(p) => out.extend(p.steps.iter().map(|r| (SlugKind::Exercise, r))),
        Front::Routine(r) => {
            for s in &r.steps {
                if let crate::model::front::RoutineStepFront::Exercise(step) = s {
                    out.push((SlugKind::Exercise, &step.exercise));
                }
            }
        }
        _ => {}
    }
    out
}

/// One published page.
#[derive(Debug, Clone)]
pub(crate) struct Entry {
    pub kind: Kind,
    pub slug: String,
    /// Source path relative to `content/`.
    pub rel: String,
    /// URL path below the base path.
    pub url: String,
    pub title: String,
    pub aka: Vec<String>,
    pub summary: Option<String>,
    /// An exercise's prescription in words.
    pub dose: Option<String>,
    pub body: Arc<Body>,
}

impl Entry {
    /// The kind in words (`exercise`, `page`).
    pub(crate) fn kind_name(&self) -> &'static str {
        match self.kind {
            Kind::Home => "home page",
            Kind::Section(_) => "list page",
            Kind::Exercise => "exercise",
            Kind::Muscle => "muscle",
            Kind::Equipment => "equipment",
            Kind::Path => "path",
            Kind::Routine => "routine",
            Kind::Article => "page",
        }
    }

    /// Does `query` name this page: a prefix of its slug, or of the words of its title or
    /// of one of its other names, word by word (`glute max` → Gluteus maximus)?
    pub(crate) fn matches(&self, query: &str) -> bool {
        let q = query.trim().to_lowercase();
        if q.is_empty() {
            return true;
        }
        let words = |s: &str| -> Vec<String> {
            s.to_lowercase()
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .map(str::to_string)
                .collect()
        };
        let qw = words(&q);
        let abbreviates = |name: &str| {
            let nw = words(name);
            // Each word of the query starts a word of the name, in order.
            let mut it = nw.iter();
            qw.iter().all(|w| it.any(|n| n.starts_with(w.as_str())))
        };
        self.slug.contains(&q)
            || abbreviates(&self.slug)
            || abbreviates(&self.title)
            || self.aka.iter().any(|a| abbreviates(a))
    }
}

/// Every page by source path and by slug.
#[derive(Debug, Default)]
pub(crate) struct Index {
    pub entries: Vec<Entry>,
    by_rel: HashMap<String, usize>,
    by_slug: HashMap<(SlugKind, String), usize>,
}

impl Index {
    /// The pages of `site` (the default language's).
    pub(crate) fn of(site: &Site) -> Index {
        let mut ix = Index::default();
        let mut add = |kind: Kind, page: &PageBase, aka: &[String], dose: Option<&str>| {
            let e = Entry {
                kind,
                slug: page.slug.clone(),
                rel: page.rel.clone(),
                url: page.path.clone(),
                title: page.title.clone(),
                aka: aka.to_vec(),
                summary: page.summary.clone(),
                dose: dose.map(str::to_string),
                body: page.body.clone(),
            };
            let i = ix.entries.len();
            ix.by_rel.insert(e.rel.clone(), i);
            if let Some(k) = SlugKind::of(kind) {
                ix.by_slug.insert((k, e.slug.clone()), i);
            }
            ix.entries.push(e);
        };
        if let Some(h) = &site.home {
            add(Kind::Home, h, &[], None);
        }
        for (s, p) in &site.sections {
            add(Kind::Section(*s), p, &[], None);
        }
        for e in &site.exercises {
            add(Kind::Exercise, &e.page, &e.aka, Some(&e.dose_text));
        }
        for m in &site.muscles {
            add(Kind::Muscle, &m.page, &m.aka, None);
        }
        for q in &site.equipment {
            add(Kind::Equipment, &q.page, &q.aka, None);
        }
        for p in &site.paths {
            add(Kind::Path, &p.page, &[], None);
        }
        for r in &site.routines {
            add(Kind::Routine, &r.page, &[], None);
        }
        for a in &site.articles {
            add(Kind::Article, a, &[], None);
        }
        ix
    }

    /// The page whose source is `rel` (relative to `content/`).
    pub(crate) fn by_rel(&self, rel: &str) -> Option<&Entry> {
        self.by_rel
            .get(rel.trim_start_matches('/'))
            .and_then(|&i| self.entries.get(i))
    }

    /// The page of kind `kind` with slug `slug`.
    pub(crate) fn by_slug(&self, kind: SlugKind, slug: &str) -> Option<&Entry> {
        self.by_slug
            .get(&(kind, slug.to_string()))
            .and_then(|&i| self.entries.get(i))
    }

    /// The pages of kind `kind`.
    pub(crate) fn of_kind(&self, kind: SlugKind) -> impl Iterator<Item = &Entry> {
        self.entries
            .iter()
            .filter(move |e| SlugKind::of(e.kind) == Some(kind))
    }
}

/// The slug-kind of a parsed page, with its slug, when other pages name it by slug.
pub(crate) fn slug_of(file: &ParsedFile) -> Option<(SlugKind, String)> {
    let kind = SlugKind::of(file.kind)?;
    let explicit = file.front.as_ref().and_then(|f| f.common().slug.clone());
    let slug = explicit.unwrap_or_else(|| crate::source::page_stem(&file.rel).to_string());
    Some((kind, slug))
}
