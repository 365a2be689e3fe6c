//! `@/` links in Markdown bodies: every target must be a page of the site and every
//! `#anchor` a heading (or a section the page template always renders) on that page.
//!
//! Anchors can only be checked here, after every body has been rendered, because heading
//! ids are known only then.

use std::collections::BTreeSet;
use std::sync::OnceLock;

use rayon::prelude::*;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use crate::diagnostic::{Code, Diagnostic, Diagnostics};
use crate::frontmatter::{FieldPath, Target};
use crate::model::body::{InternalLink, LooseUrl, UrlKind, internal_link};
use crate::model::front::Kind;
use crate::model::parse::{ParsedFile, reserved_ids};
use crate::model::{Exercise, Site};

// Messages too long to sit inside a statement (rustfmt leaves such statements unformatted).
const HINT_THE_LINK_IS_SHOWN_AS: &str =
    "the link is shown as plain text until the page is published (or build with --drafts)";
const MSG_LINKS_NAME_A_FILE_UNDER: &str =
    "@/ links name a file under content/, e.g. @/exercises/glute-bridge.md";

/// Where a URL was written: a line of the body, or a front-matter text field.
#[derive(Clone, Copy)]
enum At<'a> {
    Line(u32),
    Field(&'a FieldPath),
}

/// `d` placed where the URL was written in `file`.
fn place(file: &ParsedFile, d: Diagnostic, at: At) -> Diagnostic {
    match at {
        At::Line(line) => d.at_line(line),
        At::Field(path) => file.field_diagnostic(d, path, Target::Value),
    }
}

/// What the checks of one site share: the published pages, by source path.
struct Checker<'s> {
    site: &'s Site,
    /// Published files by source path.
    by_rel: HashMap<&'s str, &'s ParsedFile>,
    /// Files that exist but are left out of the site because they have errors of their
    /// own: a link to one is not reported again (fixing the file fixes the link), so that
    /// one broken page does not bury its own error under one "broken link" per page linking
    /// it. A file left out because another has its slug counts as broken too.
    invalid: HashSet<&'s str>,
    /// Drafts left out of this build.
    drafts: &'s HashSet<String>,
    /// Exercises by source path, built on the first link to one of their template sections
    /// (such links are rare; a lookup per link would be quadratic on a large site).
    exercises: OnceLock<HashMap<&'s str, &'s Exercise>>,
}

impl<'s> Checker<'s> {
    fn new(
        site: &'s Site,
        files: &[&'s ParsedFile],
        drafts: &'s HashSet<String>,
        clashing: &HashSet<String>,
    ) -> Self {
        let published: HashSet<&str> = site.pages().map(|p| p.rel.as_str()).collect();
        Checker {
            site,
            by_rel: files
                .iter()
                .filter(|f| published.contains(f.rel.as_str()))
                .map(|f| (f.rel.as_str(), *f))
                .collect(),
            invalid: files
                .iter()
                .filter(|f| !f.is_valid() || clashing.contains(&f.rel))
                .map(|f| f.rel.as_str())
                .collect(),
            drafts,
            exercises: OnceLock::new(),
        }
    }

    fn exercise_of(&self, rel: &str) -> Option<&'s Exercise> {
        self.exercises
            .get_or_init(|| {
                self.site
                    .exercises
                    .iter()
                    .map(|e| (e.page.rel.as_str(), e))
                    .collect()
            })
            .get(rel)
            .copied()
    }

    /// Anchors of a page: its heading ids plus the ids its template renders. Built only
    /// for the hint of a broken anchor (a large site has thousands of pages).
    fn anchors(&self, f: &ParsedFile) -> BTreeSet<String> {
        let mut ids: BTreeSet<String> = f.body.headings.iter().map(|h| h.id.clone()).collect();
        ids.extend(
            reserved_ids(f.kind)
                .iter()
                .filter(|id| renders_section(f, id, &|rel| self.exercise_of(rel)))
                .map(std::string::ToString::to_string),
        );
        ids
    }

    /// The error for `#anchor` on the published page of `target` (a source path), when the
    /// page has no such id. `shown` is the link as the message quotes it.
    fn anchor_problem(&self, target: &str, anchor: &str, shown: &str) -> Option<Diagnostic> {
        if anchor.is_empty() {
            return None;
        }
        let f = self.by_rel.get(target)?;
        let found = f.body.headings.iter().any(|h| h.id == anchor)
            || renders_section(f, anchor, &|rel| self.exercise_of(rel));
        if found {
            return None;
        }
        let ids = self.anchors(f);
        let hint =
            crate::suggest::hint(anchor, ids.iter().map(String::as_str)).unwrap_or_else(|| {
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
        let message =
            format!("the link {shown} points to a heading that content/{target} does not have");
        Some(Diagnostic::error(Code::BrokenAnchor, String::new(), message).hint(hint))
    }

    /// The problem of an `@/` link, if any.
    fn page_link(&self, link: &InternalLink) -> Option<Diagnostic> {
        let shown = match &link.anchor {
            Some(a) => format!("@/{}#{a}", link.target),
            None => format!("@/{}", link.target),
        };
        let target = link.target.trim_start_matches('/');
        if self.drafts.contains(target) {
            let message =
                format!("the link {shown} goes to a draft, which is left out of this build");
            return Some(
                Diagnostic::warning(Code::LinkToDraft, String::new(), message)
                    .hint(HINT_THE_LINK_IS_SHOWN_AS),
            );
        }
        if self.site.url_of(target).is_some() {
            return self.anchor_problem(target, link.anchor.as_deref()?, &shown);
        }
        if self.invalid.contains(target) {
            return None;
        }
        let all_targets: BTreeSet<&str> = self.site.links.keys().map(String::as_str).collect();
        let with_md = format!("{target}.md");
        let hint = if all_targets.contains(with_md.as_str()) {
            format!("did you mean '@/{with_md}'? Links name the source file, with .md")
        } else {
            match crate::suggest::did_you_mean(target, all_targets.iter().copied()) {
                Some(t) => format!("did you mean '@/{t}'?"),
                None => MSG_LINKS_NAME_A_FILE_UNDER.to_string(),
            }
        };
        Some(
            Diagnostic::error(
                Code::BrokenLink,
                String::new(),
                format!("the link {shown} goes to a page that does not exist"),
            )
            .hint(hint),
        )
    }

    /// The problem of a URL of `file` that is not `@/` nor root-relative, if any.
    fn loose(&self, file: &ParsedFile, url: &str, image: bool) -> Option<Diagnostic> {
        match UrlKind::of(url) {
            UrlKind::Page if image => Some(page_image(url)),
            UrlKind::Page => self.page_link(&internal_link(url, None)),
            UrlKind::RelativePage if !image => Some(self.relative_page(file, url)),
            UrlKind::RelativePage | UrlKind::RootRelative | UrlKind::Other => None,
        }
    }

    /// The error for a relative link to a Markdown file, with the `@/` link to write.
    fn relative_page(&self, file: &ParsedFile, url: &str) -> Diagnostic {
        let (path, anchor) = url
            .split_once('#')
            .map_or((url, None), |(p, a)| (p, Some(a)));
        let resolved = relative_to(&file.rel, path);
        let anchor = anchor.map(|a| format!("#{a}")).unwrap_or_default();
        let hint = match &resolved {
            Some(r) if self.site.url_of(r).is_some() => {
                format!(
                    "write @/{r}{anchor}: links between pages start with @/ and name the file from content/"
                )
            }
            _ => {
                let all: BTreeSet<&str> = self.site.links.keys().map(String::as_str).collect();
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
            String::new(),
            format!("the relative link {url} would be broken once the site is published"),
        )
        .hint(hint)
    }

    /// Every problem of `file`'s links, `@/` and loose, in its body and front matter
    /// (root-relative URLs aside: see [`check_site_urls`]).
    fn file(&self, file: &ParsedFile) -> Diagnostics {
        let mut diags = Diagnostics::new();
        let mut push = |d: Option<Diagnostic>, at: At| {
            if let Some(mut d) = d {
                d.file = file.display();
                diags.push(place(file, d, at));
            }
        };
        for link in &file.body.links {
            let line = link.line.unwrap_or(file.body_first_line);
            push(self.page_link(link), At::Line(line));
        }
        for loose in &file.body.loose {
            match loose {
                LooseUrl::PageImage { url, line } => push(Some(page_image(url)), At::Line(*line)),
                LooseUrl::RelativePage { url, line } => {
                    push(Some(self.relative_page(file, url)), At::Line(*line));
                }
                LooseUrl::RootRelative { .. } => {}
            }
        }
        for t in &file.text_urls {
            push(self.loose(file, &t.url, t.image), At::Field(&t.field));
        }
        diags
    }
}

/// Checks every `@/` link, relative link and `@/` image of every published page, in
/// bodies and front-matter text.
pub(crate) fn check(
    site: &Site,
    files: &[&ParsedFile],
    drafts: &HashSet<String>,
    clashing: &HashSet<String>,
    diags: &mut Diagnostics,
) {
    let checker = Checker::new(site, files, drafts, clashing);
    // Files are checked in parallel; their problems are joined in file order.
    let per_file: Vec<Diagnostics> = files
        .par_iter()
        .filter(|f| {
            checker.by_rel.contains_key(f.rel.as_str())
                && !(f.body.links.is_empty() && f.body.loose.is_empty() && f.text_urls.is_empty())
        })
        .map(|f| checker.file(f))
        .collect();
    for d in per_file {
        diags.extend(d.into_vec());
    }
}

/// True when some file has a root-relative URL (most sites have none, and then
/// [`check_site_urls`], which looks at published pages only, needs no list of published
/// files).
pub(crate) fn has_site_urls(files: &[&ParsedFile]) -> bool {
    files.iter().any(|f| {
        f.body
            .loose
            .iter()
            .any(|l| matches!(l, LooseUrl::RootRelative { .. }))
            || f.text_urls
                .iter()
                .any(|t| UrlKind::of(&t.url) == UrlKind::RootRelative)
    })
}

/// Checks every root-relative URL (`/images/x.svg`, `/exercises/x/#cues`) of every published
/// page against `published`: the paths of everything the build writes, relative to the
/// output folder (page paths such as `exercises/x/` and files such as `style.css`). A
/// URL may include the site's base path or not (both are published under it). Its anchor,
/// when it names a content page, is checked like an `@/` link's.
pub(crate) fn check_site_urls(
    site: &Site,
    files: &[&ParsedFile],
    published: &HashSet<String>,
    diags: &mut Diagnostics,
) {
    let none = HashSet::default();
    let checker = Checker::new(site, files, &none, &none);
    let base_path = site.config.base_path();
    // Source path by URL path, for anchors.
    let rel_of: OnceLock<HashMap<&str, &str>> = OnceLock::new();
    let check = |file: &ParsedFile, url: &str, image: bool, at: At| -> Option<Diagnostic> {
        let (before_anchor, anchor) = url
            .split_once('#')
            .map_or((url, None), |(u, a)| (u, Some(a)));
        let path = before_anchor.split('?').next().unwrap_or("");
        let decoded = crate::model::body::percent_decode(path);
        let p = decoded
            .strip_prefix(base_path)
            .or_else(|| decoded.strip_prefix('/'))
            .unwrap_or(&decoded);
        let page = if published.contains(p) {
            Some(p.to_string())
        } else if let Some(dir) = p
            .strip_suffix("index.html")
            .filter(|d| published.contains(*d))
        {
            Some(dir.to_string())
        } else if !p.is_empty() && !p.ends_with('/') && published.contains(&format!("{p}/")) {
            Some(format!("{p}/"))
        } else {
            None
        };
        let d = match page {
            Some(page) => {
                let anchor = anchor?;
                let rels = rel_of.get_or_init(|| {
                    site.links
                        .iter()
                        .map(|(rel, path)| (path.as_str(), rel.as_str()))
                        .collect()
                });
                let rel = rels.get(page.as_str())?;
                checker.anchor_problem(rel, anchor, url)?
            }
            None => site_url_problem(site, p, url, image, published),
        };
        let mut d = d;
        d.file = file.display();
        Some(place(file, d, at))
    };
    let per_file: Vec<Diagnostics> = files
        .par_iter()
        .filter(|f| checker.by_rel.contains_key(f.rel.as_str()))
        .map(|f| {
            let mut out = Diagnostics::new();
            for l in &f.body.loose {
                if let LooseUrl::RootRelative { url, line, image } = l {
                    out.extend(check(f, url, *image, At::Line(*line)));
                }
            }
            for t in &f.text_urls {
                if UrlKind::of(&t.url) == UrlKind::RootRelative {
                    out.extend(check(f, &t.url, t.image, At::Field(&t.field)));
                }
            }
            out
        })
        .collect();
    for d in per_file {
        diags.extend(d.into_vec());
    }
}

/// The error for a root-relative URL whose path `p` (without the base path) the build does
/// not publish.
fn site_url_problem(
    site: &Site,
    p: &str,
    url: &str,
    image: bool,
    published: &HashSet<String>,
) -> Diagnostic {
    let near = crate::suggest::did_you_mean(p, published.iter().map(String::as_str));
    let rel_of_near = near.and_then(|n| {
        site.links
            .iter()
            .find(|(_, path)| path.as_str() == n)
            .map(|(rel, _)| rel.as_str())
    });
    let (message, hint) = if image {
        (
            format!("the image {url} is not a file of the site"),
            match near {
                Some(n) => format!("did you mean /{n}?"),
                None => format!(
                    "put the file at static/{p}: files in static/ are published at the site's root"
                ),
            },
        )
    } else {
        (
            format!("the link {url} goes to no page or file of the site"),
            match (near, rel_of_near) {
                (_, Some(rel)) => format!(
                    "did you mean @/{rel}? An @/ link names the page's file and follows it when its URL changes"
                ),
                (Some(n), None) => format!("did you mean /{n}?"),
                (None, None) => format!(
                    "link to a page with @/ and its file (e.g. @/exercises/glute-bridge.md), or put the file at static/{p}"
                ),
            },
        )
    };
    Diagnostic::error(Code::BrokenLink, String::new(), message).hint(hint)
}

/// The error for an image whose source is an `@/` path.
fn page_image(url: &str) -> Diagnostic {
    let path = url.trim_start_matches("@/");
    Diagnostic::error(
        Code::BrokenLink,
        String::new(),
        format!("the image {url} names a content page: @/ links are for pages, not images"),
    )
    .hint(format!(
        "put the image in static/ (e.g. static/{path}) and write /{path}"
    ))
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
        (_, "top" | "search")
        | (Kind::Path, "tracker")
        | (Kind::Muscle, "exercises")
        | (Kind::Routine, "routine-data" | "follow-along" | "follow-start") => false,
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
                "routines" => !e.routines.is_empty(),
                _ => true,
            }
        }
        _ => true,
    }
}
