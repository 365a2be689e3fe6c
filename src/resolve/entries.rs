//! Stages 1 and 2 of resolving: which files are published under which slug and URL path,
//! and the link table from source paths to URL paths.

use std::collections::BTreeMap;

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use crate::diagnostic::{Code, Diagnostic, Diagnostics};
use crate::frontmatter::{FieldPath, Target};
use crate::model::PageBase;
use crate::model::front::{Front, Kind, Section, is_url_safe};
use crate::model::parse::ParsedFile;
use crate::slug::slugify;

/// A published file with its slug and URL path decided.
pub(super) struct Entry<'a> {
    pub file: &'a ParsedFile,
    pub front: &'a Front,
    pub slug: String,
    pub path: String,
}

impl Entry<'_> {
    pub(super) fn base(&self) -> PageBase {
        let c = self.front.common();
        PageBase {
            rel: self.file.rel.clone(),
            slug: self.slug.clone(),
            path: self.path.clone(),
            title: c.title.clone(),
            summary: c.summary.clone(),
            weight: c.weight,
            draft: c.draft,
            date: c.date.clone(),
            body: self.file.body.clone(),
            media: Vec::new(),
            body_images: Vec::new(),
            translation: self.file.translation.clone(),
        }
    }

    /// Display order: `weight`, then (for exercises) level, then title, then slug.
    fn sort_key(&self) -> (i64, u8, String, String) {
        let c = self.front.common();
        let level = match self.front {
            Front::Exercise(e) => e.level as u8,
            _ => 0,
        };
        (c.weight, level, c.title.to_lowercase(), self.slug.clone())
    }
}

/// Every file by kind, as stage 1 decided.
#[derive(Default)]
pub(super) struct Entries<'a> {
    /// Published, valid files by kind, in display order.
    pub by_kind: BTreeMap<Kind, Vec<Entry<'a>>>,
    /// Every slug of each kind, valid or not: "does this slug exist" counts a broken file
    /// too, so that one broken file does not cause a cascade of unknown refs.
    pub known: HashMap<Kind, HashSet<String>>,
    /// Slugs of drafts left out of this build, by kind.
    pub draft_slugs: HashMap<Kind, HashSet<String>>,
    /// Source paths of drafts left out of this build.
    pub draft_rels: HashSet<String>,
    /// Source paths of files left out because another file has their slug.
    pub clashing_rels: HashSet<String>,
}

impl<'a> Entries<'a> {
    /// The published entries of `kind`, display order.
    pub(super) fn of(&self, kind: Kind) -> &[Entry<'a>] {
        self.by_kind.get(&kind).map_or(&[], Vec::as_slice)
    }
}

/// The URL path below the base path of a page of `kind` with `slug`.
fn url_path(kind: Kind, rel: &str, slug: &str) -> String {
    match kind {
        Kind::Home => String::new(),
        Kind::Section(s) => format!("{}/", s.dir()),
        Kind::Exercise => format!("exercises/{slug}/"),
        Kind::Muscle => format!("muscles/{slug}/"),
        Kind::Equipment => format!("equipment/{slug}/"),
        Kind::Path => format!("paths/{slug}/"),
        Kind::Routine => format!("routines/{slug}/"),
        Kind::Article => match crate::source::bundle_dir(rel)
            .unwrap_or(rel)
            .rsplit_once('/')
        {
            Some((dir, _)) => format!("{dir}/{slug}/"),
            None => format!("{slug}/"),
        },
    }
}

/// URL paths that generated pages use.
const GENERATED_PATHS: [&str; 5] = ["", "exercises/", "muscles/", "equipment/", "paths/"];

/// Stage 1, slugs and publication: decides each file's slug and URL path, reporting file
/// names unfit for URLs and duplicate slugs. Drafts are left out unless `drafts`.
pub(super) fn collect<'a>(
    files: &[&'a ParsedFile],
    drafts: bool,
    diags: &mut Diagnostics,
) -> Entries<'a> {
    let mut out = Entries::default();
    let slug_of = |file: &ParsedFile| {
        let over = file.front.as_ref().and_then(|f| f.common().slug.clone());
        (
            over.clone()
                .unwrap_or_else(|| crate::source::page_stem(&file.rel).to_string()),
            over,
        )
    };
    // Who keeps a slug that several files claim: the first file that has it by its file
    // name, else the first file. The others are reported once each and left out, and
    // references to them are not reported again.
    let mut keeper: HashMap<(Kind, String), usize> = HashMap::default();
    for (i, file) in files.iter().enumerate() {
        if matches!(file.kind, Kind::Home | Kind::Section(_)) {
            continue;
        }
        let (slug, over) = slug_of(file);
        let named_by_file = over.is_none();
        keeper
            .entry((file.kind, slug))
            .and_modify(|k| {
                let kept_is_named = files.get(*k).is_some_and(|f| slug_of(f).1.is_none());
                if named_by_file && !kept_is_named {
                    *k = i;
                }
            })
            .or_insert(i);
    }
    for (i, file) in files.iter().enumerate() {
        let kind = file.kind;
        let stem = crate::source::page_stem(&file.rel).to_string();
        let (slug, over) = slug_of(file);
        if !matches!(kind, Kind::Home | Kind::Section(_)) {
            if over.is_none() && !is_url_safe(&stem) {
                diags.push(
                    Diagnostic::error(
                        Code::BadValue,
                        file.display(),
                        if crate::source::bundle_dir(&file.rel).is_some() {
                            format!("the folder name '{stem}' cannot be used in a URL")
                        } else {
                            format!("the file name '{stem}.md' cannot be used in a URL")
                        },
                    )
                    .at_line(1)
                    .hint(if crate::source::bundle_dir(&file.rel).is_some() {
                        format!(
                            "rename the folder to '{}', or add a line 'slug: {}'",
                            slugify(&stem),
                            slugify(&stem)
                        )
                    } else {
                        format!(
                            "rename the file to '{}.md', or add a line 'slug: {}'",
                            slugify(&stem),
                            slugify(&stem)
                        )
                    }),
                );
            }
            let known = out.known.entry(kind).or_default();
            known.insert(slug.clone());
            let kept = keeper.get(&(kind, slug.clone())).copied().unwrap_or(i);
            if kept != i {
                let prev = files.get(kept).map_or("", |f| f.rel.as_str());
                // References to this file by its file name mean this page: not reported.
                known.insert(stem.clone());
                out.clashing_rels.insert(file.rel.clone());
                let d = Diagnostic::error(
                    Code::DuplicateSlug,
                    "",
                    format!("slug '{slug}' is already used by content/{prev}"),
                );
                diags.push(if over.is_some() {
                    let d = d.hint("set a different 'slug:' here, or remove this line");
                    file.field_diagnostic(d, &FieldPath::root().key("slug"), Target::Value)
                } else {
                    let mut d = d.at_line(1).hint(
                        "give one of the two files another file name, or a different 'slug:'",
                    );
                    d.file = file.display();
                    d
                });
                continue;
            }
        }
        let Some(front) = file.front.as_ref() else {
            continue;
        };
        if front.common().draft && !drafts {
            out.draft_slugs
                .entry(kind)
                .or_default()
                .insert(slug.clone());
            out.draft_rels.insert(file.rel.clone());
            continue;
        }
        if !file.is_valid() {
            continue;
        }
        let path = url_path(kind, &file.rel, &slug);
        out.by_kind.entry(kind).or_default().push(Entry {
            file,
            front,
            slug,
            path,
        });
    }
    for list in out.by_kind.values_mut() {
        list.sort_by_cached_key(Entry::sort_key);
    }
    out
}

/// Stage 2, URLs: the link table (source path → URL path) of every published page,
/// reporting pages whose URL another page (or a generated one) already has.
pub(super) fn link_table(entries: &Entries, diags: &mut Diagnostics) -> BTreeMap<String, String> {
    let mut url_owner: HashMap<String, String> = GENERATED_PATHS
        .into_iter()
        .map(|p| (p.to_string(), "a page movebook generates".to_string()))
        .collect();
    if !entries
        .known
        .get(&Kind::Equipment)
        .is_some_and(|s| s.contains("bodyweight"))
    {
        url_owner.insert(
            "equipment/bodyweight/".into(),
            "the generated bodyweight page".into(),
        );
    }
    let mut links: BTreeMap<String, String> = BTreeMap::new();
    for s in Section::ALL {
        links.insert(format!("{}/_index.md", s.dir()), format!("{}/", s.dir()));
    }
    links.insert("_index.md".into(), String::new());
    for list in entries.by_kind.values() {
        for e in list {
            links.insert(e.file.rel.clone(), e.path.clone());
            // A bundle is also named as the plain file it replaces (`@/exercises/x.md` for
            // `exercises/x/index.md`): moving a page into a bundle breaks no link. Both
            // existing at once is a duplicate slug, so the name is never ambiguous.
            if let Some(dir) = crate::source::bundle_dir(&e.file.rel) {
                links
                    .entry(format!("{dir}.md"))
                    .or_insert_with(|| e.path.clone());
            }
            if matches!(e.file.kind, Kind::Home | Kind::Section(_)) {
                continue;
            }
            if let Some(owner) = url_owner.get(&e.path) {
                let d = Diagnostic::error(
                    Code::UrlConflict,
                    e.file.display(),
                    format!(
                        "this page would be published at /{}, which is {owner}",
                        e.path
                    ),
                )
                .at_line(1)
                .hint("rename the file or set a different 'slug:'");
                diags.push(d);
            } else {
                url_owner.insert(e.path.clone(), e.file.display());
            }
        }
    }

    links
}
