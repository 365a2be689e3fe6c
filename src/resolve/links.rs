//! `@/` links in Markdown bodies: every target must be a page of the site and every
//! `#anchor` a heading (or a section the page template always renders) on that page.
//!
//! Anchors can only be checked here, after every body has been rendered, because heading
//! ids are known only then.

use std::collections::BTreeSet;

use rayon::prelude::*;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use crate::diagnostic::{Code, Diagnostic, Diagnostics};
use crate::model::body::LooseUrl;
use crate::model::front::Kind;
use crate::model::parse::{ParsedFile, reserved_ids};
use crate::model::{Exercise, Site};

// Messages too long to sit inside a statement (rustfmt leaves such statements unformatted).
const HINT_THE_LINK_IS_SHOWN_AS: &str =
    "the link is shown as plain text until the page is published (or build with --drafts)";
const MSG_LINKS_NAME_A_FILE_UNDER: &str =
    "@/ links name a file under content/, e.g. @/exercises/glute-bridge.md";

/// Checks every `@/` link of every published page.
pub(crate) fn check(
    site: &Site,
    files: &[&ParsedFile],
    drafts: &HashSet<String>,
    clashing: &HashSet<String>,
    diags: &mut Diagnostics,
) {
    let published: HashSet<&str> = site.pages().map(|p| p.rel.as_str()).collect();
    // Files that exist but are left out of the site because they have errors of their own:
    // a link to one is not reported again (fixing the file fixes the link), so that one
    // broken page does not bury its own error under one "broken link" per page linking it.
    // A file left out because another has its slug counts as broken too.
    let invalid: HashSet<&str> = files
        .iter()
        .filter(|f| !f.is_valid() || clashing.contains(&f.rel))
        .map(|f| f.rel.as_str())
        .collect();
    let by_rel: HashMap<&str, &ParsedFile> = files
        .iter()
        .filter(|f| published.contains(f.rel.as_str()))
        .map(|f| (f.rel.as_str(), *f))
        .collect();
    // Anchors of a page: its heading ids plus the ids its template always renders. Built
    // only for the hint of a broken anchor (a large site has thousands of pages).
    // Exercises by source path, built on the first link to one of their template sections
    // (such links are rare; a lookup per link would be quadratic on a large site).
    let exercises: std::sync::OnceLock<HashMap<&str, &Exercise>> = std::sync::OnceLock::new();
    let exercise_of = |rel: &str| {
        exercises
            .get_or_init(|| {
                site.exercises
                    .iter()
                    .map(|e| (e.page.rel.as_str(), e))
                    .collect()
            })
            .get(rel)
            .copied()
    };
    let anchors = |f: &'_ ParsedFile| -> BTreeSet<String> {
        let mut ids: BTreeSet<String> = f.body.headings.iter().map(|h| h.id.clone()).collect();
        ids.extend(
            reserved_ids(f.kind)
                .iter()
                .filter(|id| renders_section(f, id, &exercise_of))
                .map(std::string::ToString::to_string),
        );
        ids
    };

    // Files are checked in parallel; their problems are joined in file order.
    let per_file: Vec<Diagnostics> = files
        .par_iter()
        .filter(|f| {
            published.contains(f.rel.as_str())
                && !(f.body.links.is_empty() && f.body.loose.is_empty())
        })
        .map(|file| {
        let mut diags = Diagnostics::new();
        for link in &file.body.links {
            let line = link.line.unwrap_or(file.body_first_line);
            // Only for messages.
            let shown = || match &link.anchor {
                Some(a) => format!("@/{}#{a}", link.target),
                None => format!("@/{}", link.target),
            };
            let target = link.target.trim_start_matches('/');
            if drafts.contains(target) {
                let message = format!(
                    "the link {} goes to a draft, which is left out of this build",
                    shown()
                );
                diags.push(
                    Diagnostic::warning(Code::LinkToDraft, file.display(), message)
                        .at_line(line)
                        .hint(HINT_THE_LINK_IS_SHOWN_AS),
                );
                continue;
            }
            match site.url_of(target) {
                Some(_) => {
                    let Some(anchor) = &link.anchor else { continue };
                    if anchor.is_empty() {
                        continue;
                    }
                    let Some(f) = by_rel.get(target) else {
                        continue;
                    };
                    let found = f.body.headings.iter().any(|h| h.id == *anchor)
                        || renders_section(f, anchor, &exercise_of);
                    if !found {
                        let ids = anchors(f);
                        let hint = crate::suggest::hint(anchor, ids.iter().map(String::as_str))
                            .unwrap_or_else(|| {
                                let headings: Vec<&str> = ids
                                    .iter()
                                    .map(String::as_str)
                                    .filter(|i| !reserved_ids(Kind::of(target)).contains(i))
                                    .collect();
                                if headings.is_empty() {
                                    format!("content/{target} has no headings to link to")
                                } else {
                                    format!(
                                        "the headings of content/{target} are: #{}",
                                        headings.join(", #")
                                    )
                                }
                            });
                        let message = format!(
                            "the link {} points to a heading that content/{target} does not have",
                            shown()
                        );
                        diags.push(
                            Diagnostic::error(Code::BrokenAnchor, file.display(), message)
                                .at_line(line)
                                .hint(hint),
                        );
                    }
                }
                None if invalid.contains(target) => {}
                None => {
                    let all_targets: BTreeSet<&str> =
                        site.links.keys().map(String::as_str).collect();
                    let with_md = format!("{target}.md");
                    let hint = if all_targets.contains(with_md.as_str()) {
                        format!("did you mean '@/{with_md}'? Links name the source file, with .md")
                    } else {
                        match crate::suggest::did_you_mean(target, all_targets.iter().copied()) {
                            Some(t) => format!("did you mean '@/{t}'?"),
                            None => MSG_LINKS_NAME_A_FILE_UNDER.to_string(),
                        }
                    };
                    diags.push(
                        Diagnostic::error(
                            Code::BrokenLink,
                            file.display(),
                            format!("the link {} goes to a page that does not exist", shown()),
                        )
                        .at_line(line)
                        .hint(hint),
                    );
                }
            }
        }
        for loose in &file.body.loose {
            diags.push(loose_url(site, file, loose));
        }
        diags
        })
        .collect();
    for d in per_file {
        diags.extend(d.into_vec());
    }
}

/// The error for a URL of a body that would be broken once published, with the `@/` link
/// or static path to write instead.
fn loose_url(site: &Site, file: &ParsedFile, loose: &LooseUrl) -> Diagnostic {
    match loose {
        LooseUrl::PageImage { url, line } => {
            let path = url.trim_start_matches("@/");
            Diagnostic::error(
                Code::BrokenLink,
                file.display(),
                format!("the image {url} names a content page: @/ links are for pages, not images"),
            )
            .at_line(*line)
            .hint(format!(
                "put the image in static/ (e.g. static/{path}) and write /{path}"
            ))
        }
        LooseUrl::RelativePage { url, line } => {
            let (path, anchor) = url
                .split_once('#')
                .map_or((url.as_str(), None), |(p, a)| (p, Some(a)));
            let resolved = relative_to(&file.rel, path);
            let anchor = anchor.map(|a| format!("#{a}")).unwrap_or_default();
            let hint = match &resolved {
                Some(r) if site.url_of(r).is_some() => {
                    format!(
                        "write @/{r}{anchor}: links between pages start with @/ and name the file from content/"
                    )
                }
                _ => {
                    let all: BTreeSet<&str> = site.links.keys().map(String::as_str).collect();
                    let wanted = resolved.as_deref().unwrap_or(path);
                    match crate::suggest::did_you_mean(wanted, all.iter().copied()) {
                        Some(t) => {
                            format!("did you mean @/{t}{anchor}? Links between pages start with @/")
                        }
                        None => MSG_LINKS_NAME_A_FILE_UNDER.to_string(),
                    }
                }
            };
            Diagnostic::error(
                Code::BrokenLink,
                file.display(),
                format!("the relative link {url} would be broken once the site is published"),
            )
            .at_line(*line)
            .hint(hint)
        }
    }
}

/// `path` (relative, may hold `..` and `.`) from the folder of the content file `rel`, as a
/// path from `content/`; `None` when it climbs out of `content/`.
fn relative_to(rel: &str, path: &str) -> Option<String> {
    let mut parts: Vec<&str> = rel.split('/').collect();
    parts.pop();
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    Some(parts.join("/"))
}

/// Whether the page of `f` has the template section id `anchor`: one of the ids its kind's
/// default template uses ([`reserved_ids`]), and, for the sections an exercise page shows
/// only when it has something to put in them, when this exercise does.
fn renders_section<'s>(
    f: &ParsedFile,
    anchor: &str,
    exercise_of: &dyn Fn(&str) -> Option<&'s Exercise>,
) -> bool {
    if !reserved_ids(f.kind).contains(&anchor) {
        return false;
    }
    match (f.kind, anchor) {
        // Reserved so that body headings never take them, but not rendered as targets.
        (_, "top" | "search") | (Kind::Path, "tracker") | (Kind::Muscle, "exercises") => false,
        (Kind::Exercise, _) => {
            let Some(e) = exercise_of(&f.rel) else {
                return true;
            };
            match anchor {
                "cues" => !e.cues.is_empty(),
                "common-errors" => !e.common_errors.is_empty(),
                "stop-signals" => !e.stop_if.is_empty(),
                "progression" | "progression-diagram" => {
                    !(e.easier.is_empty() && e.harder.is_empty())
                }
                "paths" => !e.paths.is_empty(),
                _ => true,
            }
        }
        _ => true,
    }
}
