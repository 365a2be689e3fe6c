//! Joining parsed files into a [`Site`] in which every reference is valid.
//!
//! Checks done here (each problem reported, none stops the others): URL-safe file names,
//! duplicate slugs, URL collisions, muscle / equipment / exercise references (with "did you
//! mean"), self-links and cycles in the progression graph, path steps, `@/` links in bodies
//! and their `#anchors`, and the safety page. When the returned diagnostics hold no error,
//! the returned site satisfies the invariant documented in `model`.
//!
//! [`resolve`] runs the stages in order, one module each: `entries` (1, slugs and
//! publication; 2, URLs and the link table), `refs` (3, slug lookups), `exercises` (4,
//! references and declared edges; 5, the progression graph via `graph`), `pages` (6, paths),
//! `routines` (6b, routines with their doses and durations), `pages` (7, muscles and
//! equipment), then the safety page (8) and `links` (9, `@/` links in bodies).

mod entries;
mod exercises;
pub(crate) mod graph;
pub(crate) mod links;
pub(crate) mod media;
mod pages;
mod refs;
mod routines;

use std::collections::BTreeMap;

use rustc_hash::FxHashSet as HashSet;

use crate::config::SiteConfig;
use crate::diagnostic::{Code, Diagnostic, Diagnostics};
use crate::model::front::{Kind, Section};
use crate::model::parse::ParsedFile;
use crate::model::{Language, Site};

/// Resolves `files` (every content file, valid or not) into a site. Diagnostics of the files
/// themselves are not repeated; only problems between files are returned.
pub(crate) fn resolve(
    config: SiteConfig,
    files: &[&ParsedFile],
    drafts: bool,
    language: Language,
) -> (Site, Diagnostics) {
    let mut diags = Diagnostics::new();
    let entries = entries::collect(files, drafts, &mut diags);
    let links = entries::link_table(&entries, &mut diags);
    let none = HashSet::default();
    let refs = refs::Refs::new(&entries, &none);
    let (mut exercises, edges) =
        exercises::exercises(&entries, &refs, &language.strings, &mut diags);
    exercises::check_left_out(files, &entries.clashing_rels, &refs, &mut diags);
    exercises::progressions(&entries, &mut exercises, &edges, &mut diags);
    let paths = pages::paths(&entries, &refs, &mut exercises, &mut diags);
    let routines = routines::routines(
        &entries,
        &refs,
        &mut exercises,
        &config,
        &language.strings,
        &mut diags,
    );
    let uses = pages::uses(&entries, &refs, &exercises);
    let mut sections = BTreeMap::new();
    for s in Section::ALL {
        if let Some(e) = entries.of(Kind::Section(s)).first() {
            sections.insert(s, e.base());
        }
    }
    let safety_path = safety_page(&config, &links, &mut diags);
    let site = Site {
        config,
        home: entries.of(Kind::Home).first().map(entries::Entry::base),
        sections,
        exercises,
        muscles: uses.muscles,
        equipment: uses.equipment,
        paths,
        routines,
        articles: entries
            .of(Kind::Article)
            .iter()
            .map(entries::Entry::base)
            .collect(),
        bodyweight: uses.bodyweight,
        bodyweight_page: uses.bodyweight_page,
        safety_path,
        links,
        drafts,
        assets: Vec::new(),
        language,
    };
    // 9. Links in bodies.
    links::check(
        &site,
        files,
        &entries.draft_rels,
        &entries.clashing_rels,
        &mut diags,
    );
    (site, diags)
}

/// Stage 8: the URL path of the safety page: `safety_page` from site.toml (which must be a
/// page of the site), else `safety.md` when there is one.
fn safety_page(
    config: &SiteConfig,
    links: &BTreeMap<String, String>,
    diags: &mut Diagnostics,
) -> Option<String> {
    match &config.safety_page {
        Some(rel) => {
            if let Some(p) = links.get(rel.as_str()) {
                Some(p.clone())
            } else {
                let hint = crate::suggest::hint(rel, links.keys().map(String::as_str))
                    .unwrap_or_else(|| {
                        "give the path of a page under content/, e.g. safety_page = \"safety.md\""
                            .into()
                    });
                diags.push(
                    Diagnostic::error(
                        Code::BrokenLink,
                        crate::config::FILE,
                        format!("safety_page '{rel}' is not a page of this site"),
                    )
                    .field("safety_page")
                    .hint(hint),
                );
                None
            }
        }
        None => links.get("safety.md").cloned(),
    }
}
