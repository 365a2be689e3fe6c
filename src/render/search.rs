//! The search index: one JSON file of documents, built at build time, that the default
//! theme's `search.js` loads on first use and indexes in the browser with MiniSearch
//! (fuzzy and prefix matching).
//!
//! What goes in is what a reader searches for: titles and other names, summaries, muscles,
//! equipment, and a handful of keywords per page, drawn when its file was read
//! ([`crate::model::keywords`]). Whole bodies are left out so that the file stays small on
//! large sites (about 250 bytes per exercise) and cheap to build.
//!
//! Format (`/search-index.json`), positional to keep it small:
//!
//! ```json
//! {"version": 1,
//!  "muscles": ["Gluteus Maximus", ...],          // names, with other names after them
//!  "equipment": ["Mini Band loop band", ...],
//!  "docs": [["e", "Glute Bridge", "exercises/glute-bridge/", "summary", "hip bridge",
//!            [0, 3], [], "heels pelvis ..."], ...]}
//! ```
//!
//! Each document is `[kind, title, path, summary, other names, muscles, equipment,
//! keywords]`: kind is `e` exercise, `m` muscle, `q` equipment, `p` path, `a` article;
//! path is relative to the base path; muscles and equipment index the lists above (for
//! exercises: target then secondary muscles; no equipment means bodyweight).

use std::borrow::Cow;

use serde::Serialize;

use crate::model::{PageBase, Site};

/// Where the index is written.
pub(crate) const INDEX_PATH: &str = "search-index.json";

fn name_with_aka(page: &PageBase, aka: &[String]) -> String {
    if aka.is_empty() {
        page.title.clone()
    } else {
        format!("{} {}", page.title, aka.join(" "))
    }
}

/// One document: `[kind, title, path, summary, other names, muscles, equipment, keywords]`.
type Doc<'a> = (
    &'static str,
    &'a str,
    &'a str,
    &'a str,
    String,
    Vec<usize>,
    &'a [usize],
    Cow<'a, str>,
);

fn doc<'a>(
    kind: &'static str,
    page: &'a PageBase,
    aka: &[String],
    muscles: Vec<usize>,
    equipment: &'a [usize],
    keywords: Cow<'a, str>,
) -> Doc<'a> {
    (
        kind,
        &page.title,
        &page.path,
        page.summary.as_deref().unwrap_or(""),
        aka.join(", "),
        muscles,
        equipment,
        keywords,
    )
}

/// The index of every published page of `site`, as JSON text.
pub(crate) fn index(site: &Site) -> String {
    let mut docs: Vec<Doc<'_>> =
        Vec::with_capacity(site.exercises.len() + site.paths.len() + site.muscles.len());
    for e in &site.exercises {
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
        docs.push(doc(
            "e",
            &e.page,
            &e.aka,
            muscles,
            &e.equipment,
            Cow::Borrowed(&e.page.body.keywords),
        ));
    }
    for p in &site.paths {
        // A path is found by the exercises on it too.
        let mut kw = String::new();
        for &s in &p.steps {
            kw.push_str(&site.exercises[s].page.title);
            kw.push(' ');
        }
        kw.push_str(&p.page.body.keywords);
        docs.push(doc(
            "p",
            &p.page,
            &[],
            Vec::new(),
            &[],
            Cow::Owned(kw.trim().to_string()),
        ));
    }
    for m in &site.muscles {
        let kw = Cow::Borrowed(m.page.body.keywords.as_str());
        docs.push(doc("m", &m.page, &m.aka, Vec::new(), &[], kw));
    }
    for q in &site.equipment {
        let kw = Cow::Borrowed(q.page.body.keywords.as_str());
        docs.push(doc("q", &q.page, &q.aka, Vec::new(), &[], kw));
    }
    for a in &site.articles {
        let kw = Cow::Borrowed(a.body.keywords.as_str());
        docs.push(doc("a", a, &[], Vec::new(), &[], kw));
    }
    #[derive(Serialize)]
    struct Index<'a> {
        version: u32,
        muscles: Vec<String>,
        equipment: Vec<String>,
        docs: Vec<Doc<'a>>,
    }
    let index = Index {
        version: 1,
        muscles: site
            .muscles
            .iter()
            .map(|m| name_with_aka(&m.page, &m.aka))
            .collect(),
        equipment: site
            .equipment
            .iter()
            .map(|q| name_with_aka(&q.page, &q.aka))
            .collect(),
        docs,
    };
    serde_json::to_string(&index).unwrap_or_default()
}
