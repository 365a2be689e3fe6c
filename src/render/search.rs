//! The search index: one JSON file of documents, built at build time, that the default
//! theme's `search.js` loads on first use and indexes in the browser with MiniSearch
//! (fuzzy and prefix matching), and that its `filters.js` uses to filter and show every
//! exercise of the site on any page of the paginated exercise index.
//!
//! What goes in is what a reader searches for: titles and other names, summaries, muscles,
//! equipment, and a handful of keywords per page, drawn when its file was read
//! ([`crate::model::keywords`]); for an exercise also what its card shows and the filters
//! match (level, category, target muscles, dose). Whole bodies are left out so that the
//! file stays small on large sites (about 330 bytes per exercise, 40 gzipped) and cheap to
//! build.
//!
//! Format (`/search-index.json`), positional to keep it small:
//!
//! ```json
//! {"version": 2,
//!  "muscles": ["Gluteus Maximus glute max glutes", ...], // names, other names after them
//!  "muscle_slugs": ["gluteus-maximus", ...],             // the same muscles, by slug
//!  "equipment": ["Mini Band loop band", ...],
//!  "equipment_slugs": ["mini-band", ...],
//!  "docs": [["e", "Glute Bridge", "exercises/glute-bridge/", "summary", "hip bridge",
//!            [0, 3], [], "heels pelvis ...", "beginner", "activation", 1,
//!            "2 sets × 10–15 reps · 2 s hold per rep"], ...]}
//! ```
//!
//! Each document is `[kind, title, path, summary, other names, muscles, equipment,
//! keywords]`: kind is `e` exercise, `m` muscle, `q` equipment, `p` path, `r` routine,
//! `a` article;
//! path is relative to the base path; muscles and equipment index the lists above (for
//! exercises: target then secondary muscles; no equipment means bodyweight).
//!
//! An exercise document has four more fields: `level` and `category` (the words of front
//! matter), how many of its muscles are targets (the first ones), and the dose in words
//! as its card shows it (may be empty), and when it has a picture a 13th: its thumbnail
//! `[path, width, height]` (the smallest published file of its first picture, path
//! relative to the base path). Exercise documents come first, in the order of the
//! exercise index (by category, then the site's order).
//!
//! Version 2 added the exercises' four last fields and `muscle_slugs` and
//! `equipment_slugs`; a reader of version 1 reads it as before (fields are only appended).

use std::borrow::Cow;

use serde::Serialize;
use serde::ser::SerializeTuple;

use crate::model::{Exercise, PageBase, Site};

/// Where the index is written.
pub(crate) const INDEX_PATH: &str = "search-index.json";

/// The format's version (see the module docs).
const VERSION: u32 = 2;

fn name_with_aka(page: &PageBase, aka: &[String]) -> String {
    if aka.is_empty() {
        page.title.clone()
    } else {
        format!("{} {}", page.title, aka.join(" "))
    }
}

/// One document: `[kind, title, path, summary, other names, muscles, equipment, keywords]`,
/// and for an exercise `level, category, targets, dose` after them.
struct Doc<'a> {
    kind: &'static str,
    page: &'a PageBase,
    aka: String,
    muscles: Vec<usize>,
    equipment: &'a [usize],
    keywords: Cow<'a, str>,
    exercise: Option<&'a Exercise>,
    /// An exercise's thumbnail: path, width, height.
    thumb: Option<(String, u32, u32)>,
    /// What the page's path starts with in the output (`sv/` in Swedish; empty for the
    /// default language and for a page a language leaves out).
    prefix: &'a str,
}

impl Serialize for Doc<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let len = match (self.exercise, &self.thumb) {
            (Some(_), Some(_)) => 13,
            (Some(_), None) => 12,
            (None, _) => 8,
        };
        let mut t = s.serialize_tuple(len)?;
        t.serialize_element(self.kind)?;
        t.serialize_element(&self.page.title)?;
        if self.prefix.is_empty() {
            t.serialize_element(&self.page.path)?;
        } else {
            t.serialize_element(&format!("{}{}", self.prefix, self.page.path))?;
        }
        t.serialize_element(self.page.summary.as_deref().unwrap_or(""))?;
        t.serialize_element(&self.aka)?;
        t.serialize_element(&self.muscles)?;
        t.serialize_element(self.equipment)?;
        t.serialize_element(&self.keywords)?;
        if let Some(e) = self.exercise {
            t.serialize_element(e.level.word())?;
            t.serialize_element(e.category.word())?;
            t.serialize_element(&e.target_muscles.len())?;
            t.serialize_element(&e.dose_text)?;
            if let Some(thumb) = &self.thumb {
                t.serialize_element(thumb)?;
            }
        }
        t.end()
    }
}

fn doc<'a>(
    kind: &'static str,
    page: &'a PageBase,
    aka: &[String],
    keywords: Cow<'a, str>,
) -> Doc<'a> {
    Doc {
        kind,
        page,
        aka: aka.join(", "),
        muscles: Vec::new(),
        equipment: &[],
        keywords,
        exercise: None,
        thumb: None,
        prefix: "",
    }
}

/// The index of every published page of `site`, as JSON text.
///
/// Paths are relative to the base path and start with the language's prefix (`sv/`),
/// except those of pages `keep` refuses (left out of the language: they lead to the
/// default language's page).
pub(crate) fn index(site: &Site, keep: &dyn Fn(&str) -> bool) -> String {
    let prefix = site.language.prefix();
    let prefix_of = |p: &PageBase| if keep(&p.path) { prefix.as_str() } else { "" };
    let mut docs: Vec<Doc<'_>> =
        Vec::with_capacity(site.exercises.len() + site.paths.len() + site.muscles.len());
    // The exercise index's order, which the filters show their results in.
    for e in site
        .exercise_index_order()
        .into_iter()
        .map(|i| &site.exercises[i])
    {
        let muscles = e
            .target_muscles
            .iter()
            .chain(
                e.secondary_muscles
                    .iter()
                    .filter(|m| !e.target_muscles.contains(m)),
            )
            .copied()
            .collect();
        docs.push(Doc {
            muscles,
            equipment: &e.equipment,
            exercise: Some(e),
            thumb: crate::render::views::media::thumb_rel(site, &e.page.media),
            prefix: prefix_of(&e.page),
            ..doc("e", &e.page, &e.aka, Cow::Borrowed(&e.page.body.keywords))
        });
    }
    for p in &site.paths {
        // A path is found by the exercises on it too.
        let mut kw = String::new();
        for &s in &p.steps {
            kw.push_str(&site.exercises[s].page.title);
            kw.push(' ');
        }
        kw.push_str(&p.page.body.keywords);
        docs.push(Doc {
            prefix: prefix_of(&p.page),
            ..doc("p", &p.page, &[], Cow::Owned(kw.trim().to_string()))
        });
    }
    for r in &site.routines {
        // A routine is found by its exercises too.
        let mut kw = String::new();
        for s in &r.steps {
            kw.push_str(&site.exercises[s.exercise].page.title);
            kw.push(' ');
        }
        kw.push_str(&r.page.body.keywords);
        docs.push(Doc {
            prefix: prefix_of(&r.page),
            ..doc("r", &r.page, &[], Cow::Owned(kw.trim().to_string()))
        });
    }
    for m in &site.muscles {
        let kw = Cow::Borrowed(m.page.body.keywords.as_str());
        docs.push(Doc {
            prefix: prefix_of(&m.page),
            ..doc("m", &m.page, &m.aka, kw)
        });
    }
    for q in &site.equipment {
        let kw = Cow::Borrowed(q.page.body.keywords.as_str());
        docs.push(Doc {
            prefix: prefix_of(&q.page),
            ..doc("q", &q.page, &q.aka, kw)
        });
    }
    for a in &site.articles {
        let kw = Cow::Borrowed(a.body.keywords.as_str());
        docs.push(Doc {
            prefix: prefix_of(a),
            ..doc("a", a, &[], kw)
        });
    }
    #[derive(Serialize)]
    struct Index<'a> {
        version: u32,
        muscles: Vec<String>,
        muscle_slugs: Vec<&'a str>,
        equipment: Vec<String>,
        equipment_slugs: Vec<&'a str>,
        docs: Vec<Doc<'a>>,
    }
    let index = Index {
        version: VERSION,
        muscles: site
            .muscles
            .iter()
            .map(|m| name_with_aka(&m.page, &m.aka))
            .collect(),
        muscle_slugs: site.muscles.iter().map(|m| m.page.slug.as_str()).collect(),
        equipment: site
            .equipment
            .iter()
            .map(|q| name_with_aka(&q.page, &q.aka))
            .collect(),
        equipment_slugs: site
            .equipment
            .iter()
            .map(|q| q.page.slug.as_str())
            .collect(),
        docs,
    };
    serde_json::to_string(&index).unwrap_or_default()
}
