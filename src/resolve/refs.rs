//! Stage 3 of resolving: looking slugs up. A [`Lookup`] per kind of page that front matter
//! refers to (muscles, equipment, exercises) answers "which page is this slug", and reports
//! unknown slugs with the best hint there is.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use crate::diagnostic::{Code, Diagnostic, Diagnostics};
use crate::frontmatter::Target;
use crate::model::front::{Front, Kind, Ref};
use crate::model::parse::ParsedFile;
use crate::resolve::entries::{Entries, Entry};
use crate::slug::slugify;

/// The slugs of one kind of page, for references to it.
pub(super) struct Lookup<'a> {
    /// What it is called in messages: `muscle`.
    noun: &'static str,
    /// Its folder under content/.
    folder: &'static str,
    /// Published slug → index in display order.
    pub index: HashMap<String, usize>,
    /// Slugs of drafts left out of the build.
    drafts: &'a HashSet<String>,
    /// Every slug of the kind, published or not (files with errors too).
    known: &'a HashSet<String>,
    /// Other names (`aka`, slugified) → slug, for hints.
    aka: Aka<'a>,
}

/// The lookups of the kinds front matter refers to.
pub(super) struct Refs<'a> {
    pub muscles: Lookup<'a>,
    pub equipment: Lookup<'a>,
    pub exercises: Lookup<'a>,
}

impl<'a> Refs<'a> {
    /// Indexes the entries of stage 1.
    pub(super) fn new(entries: &'a Entries<'a>, none: &'a HashSet<String>) -> Self {
        let lookup = |kind: Kind, noun, folder| {
            let of = entries.of(kind);
            Lookup {
                noun,
                folder,
                index: of
                    .iter()
                    .enumerate()
                    .map(|(i, e)| (e.slug.clone(), i))
                    .collect(),
                drafts: entries.draft_slugs.get(&kind).unwrap_or(none),
                known: entries.known.get(&kind).unwrap_or(none),
                aka: Aka::new(of),
            }
        };
        Refs {
            muscles: lookup(Kind::Muscle, "muscle", "muscles"),
            equipment: lookup(Kind::Equipment, "equipment", "equipment"),
            exercises: lookup(Kind::Exercise, "exercise", "exercises"),
        }
    }
}

/// Other names (`aka` and titles, slugified) → slug, built only when a hint needs them.
pub(super) struct Aka<'a> {
    entries: &'a [Entry<'a>],
    map: std::sync::OnceLock<HashMap<String, String>>,
}

impl<'a> Aka<'a> {
    fn new(entries: &'a [Entry<'a>]) -> Self {
        Aka {
            entries,
            map: std::sync::OnceLock::new(),
        }
    }

    fn get(&self, slug: &str) -> Option<&String> {
        self.map
            .get_or_init(|| {
                let mut m = HashMap::default();
                for e in self.entries {
                    let aka: &[String] = match e.front {
                        Front::Muscle(f) => &f.aka,
                        Front::Equipment(f) => &f.aka,
                        Front::Exercise(f) => &f.aka,
                        _ => &[],
                    };
                    for a in aka {
                        m.insert(slugify(a), e.slug.clone());
                    }
                    m.insert(slugify(&e.front.common().title), e.slug.clone());
                }
                m
            })
            .get(slug)
    }
}

/// Reports references to slugs that no file has (for files left out of the site).
pub(super) fn check_unknown(file: &ParsedFile, list: &[Ref], k: &Lookup, diags: &mut Diagnostics) {
    for r in list {
        if !k.known.contains(&r.slug) && !k.drafts.contains(&r.slug) {
            diags.push(unknown_ref(file, r, k));
        }
    }
}

/// An `unknown-ref` error for `r`, with the best hint we have: another name of a page,
/// a near miss, or where to add the missing page.
fn unknown_ref(file: &ParsedFile, r: &Ref, k: &Lookup) -> Diagnostic {
    let by_aka = k
        .aka
        .get(&slugify(&r.slug))
        .map(|s| format!("did you mean '{s}'? ('{}' is another name for it)", r.slug));
    let sorted: std::collections::BTreeSet<&str> = k.known.iter().map(String::as_str).collect();
    let hint = by_aka
        .or_else(|| crate::suggest::hint(&r.slug, sorted))
        .unwrap_or_else(|| {
            format!(
                "check the spelling, or add content/{}/{}.md",
                k.folder,
                slugify(&r.slug)
            )
        });
    let d = Diagnostic::error(
        Code::UnknownRef,
        "",
        format!("unknown {} '{}'", k.noun, r.slug),
    )
    .hint(hint);
    file.field_diagnostic(d, &r.path(), Target::Value)
}

/// [`resolve_refs_with_paths`], indices only, repeats reported.
pub(super) fn resolve_refs(
    file: &ParsedFile,
    list: &[Ref],
    k: &Lookup,
    diags: &mut Diagnostics,
) -> Vec<usize> {
    resolve_refs_with_paths(file, list, k, Repeats::Report, diags)
        .into_iter()
        .map(|(i, _)| i)
        .collect()
}

/// What to do with a slug listed twice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Repeats {
    /// Report it here (`is listed twice`) and keep the first.
    Report,
    /// Keep both: the caller reports repeats in its own words (a path's steps).
    Keep,
}

/// Resolves a list of slugs, reporting unknown ones (with a hint), drafts left out of the
/// build (a warning), and (with [`Repeats::Report`]) repeats.
pub(super) fn resolve_refs_with_paths<'r>(
    file: &ParsedFile,
    list: &'r [Ref],
    k: &Lookup,
    repeats: Repeats,
    diags: &mut Diagnostics,
) -> Vec<(usize, &'r Ref)> {
    let mut out: Vec<(usize, &Ref)> = Vec::new();
    for r in list {
        match k.index.get(&r.slug) {
            Some(&i) => {
                if repeats == Repeats::Report && out.iter().any(|(j, _)| *j == i) {
                    let d = Diagnostic::error(
                        Code::BadValue,
                        "",
                        format!("'{}' is listed twice", r.slug),
                    )
                    .hint("remove the repeat");
                    diags.push(file.field_diagnostic(d, &r.path(), Target::Value));
                    continue;
                }
                out.push((i, r));
            }
            None if k.drafts.contains(&r.slug) => {
                let d = Diagnostic::warning(
                    Code::LinkToDraft,
                    "",
                    format!(
                        "{} '{}' is a draft and is left out of this build",
                        k.noun, r.slug
                    ),
                )
                .hint("publish it (remove 'draft: true') or build with --drafts");
                diags.push(file.field_diagnostic(d, &r.path(), Target::Value));
            }
            None if k.known.contains(&r.slug) => {
                // The target exists but has errors of its own, reported there.
            }
            None => diags.push(unknown_ref(file, r, k)),
        }
    }
    out
}
