//! Joining parsed files into a [`Site`] in which every reference is valid.
//!
//! Checks done here (each problem reported, none stops the others): URL-safe file names,
//! duplicate slugs, URL collisions, muscle / equipment / exercise references (with "did you
//! mean"), self-links and cycles in the progression graph, path steps, `@/` links in bodies
//! and their `#anchors`, and the safety page. When the returned diagnostics hold no error,
//! the returned site satisfies the invariant documented in `model`.

pub mod graph;
pub mod links;

use std::collections::BTreeMap;

use rayon::prelude::*;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use crate::config::SiteConfig;
use crate::diagnostic::{Code, Diagnostic, Diagnostics};
use crate::frontmatter::{FieldPath, Target};
use crate::model::front::{Front, Kind, Ref, Section, is_url_safe};
use crate::model::parse::ParsedFile;
use crate::model::{Equipment, Exercise, Muscle, PageBase, PathPage, Site};
use crate::slug::slugify;

/// A published file with its slug and URL path decided.
struct Entry<'a> {
    file: &'a ParsedFile,
    front: &'a Front,
    slug: String,
    path: String,
}

impl Entry<'_> {
    fn base(&self) -> PageBase {
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

fn stem(rel: &str) -> &str {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    name.strip_suffix(".md")
        .or_else(|| name.strip_suffix(".MD"))
        .unwrap_or(name)
}

/// URL paths that generated pages use.
fn generated_paths() -> Vec<&'static str> {
    vec!["", "exercises/", "muscles/", "equipment/", "paths/"]
}

/// Names of slug lists, for messages.
struct RefKind<'a> {
    noun: &'a str,
    folder: &'a str,
    index: &'a HashMap<String, usize>,
    drafts: &'a HashSet<String>,
    /// Other names (`aka`, slugified) → slug, for hints.
    aka: &'a Aka<'a>,
}

/// Other names (`aka` and titles, slugified) → slug, built only when a hint needs them.
struct Aka<'a> {
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

/// Resolves `files` (every content file, valid or not) into a site. Diagnostics of the files
/// themselves are not repeated; only problems between files are returned.
pub fn resolve(config: SiteConfig, files: &[&ParsedFile], drafts: bool) -> (Site, Diagnostics) {
    let mut diags = Diagnostics::new();

    // 1. Slugs and publication. Every file of a kind counts for "does this slug exist", even
    //    an invalid one, so that one broken file does not cause a cascade of unknown refs.
    let mut entries: BTreeMap<Kind, Vec<Entry>> = BTreeMap::new();
    let mut known: HashMap<Kind, HashSet<String>> = HashMap::default();
    let mut draft_slugs: HashMap<Kind, HashSet<String>> = HashMap::default();
    let mut draft_rels: HashSet<String> = HashSet::default();
    let mut slug_owner: HashMap<(Kind, String), String> = HashMap::default();

    for file in files {
        let kind = file.kind;
        let stem = stem(&file.rel).to_string();
        let over = file.front.as_ref().and_then(|f| f.common().slug.clone());
        let slug = over.clone().unwrap_or_else(|| stem.clone());
        if !matches!(kind, Kind::Home | Kind::Section(_)) {
            if over.is_none() && !is_url_safe(&stem) {
                diags.push(
                    Diagnostic::error(
                        Code::BadValue,
                        file.display(),
                        format!("the file name '{stem}.md' cannot be used in a URL"),
                    )
                    .at_line(1)
                    .hint(format!(
                        "rename the file to '{}.md', or add a line 'slug: {}'",
                        slugify(&stem),
                        slugify(&stem)
                    )),
                );
            }
            known.entry(kind).or_default().insert(slug.clone());
            if let Some(prev) = slug_owner.get(&(kind, slug.clone())) {
                let d = Diagnostic::error(
                    Code::DuplicateSlug,
                    "",
                    format!("slug '{slug}' is already used by content/{prev}"),
                )
                .hint("give one of the two files another file name, or a different 'slug:'");
                diags.push(if over.is_some() {
                    file.field_diagnostic(d, &FieldPath::root().key("slug"), Target::Value)
                } else {
                    let mut d = d.at_line(1);
                    d.file = file.display();
                    d
                });
                continue;
            }
            slug_owner.insert((kind, slug.clone()), file.rel.clone());
        }
        let Some(front) = file.front.as_ref() else {
            continue;
        };
        if front.common().draft && !drafts {
            draft_slugs.entry(kind).or_default().insert(slug.clone());
            draft_rels.insert(file.rel.clone());
            continue;
        }
        if !file.is_valid() {
            continue;
        }
        let path = match kind {
            Kind::Home => String::new(),
            Kind::Section(s) => format!("{}/", s.dir()),
            Kind::Exercise => format!("exercises/{slug}/"),
            Kind::Muscle => format!("muscles/{slug}/"),
            Kind::Equipment => format!("equipment/{slug}/"),
            Kind::Path => format!("paths/{slug}/"),
            Kind::Article => match file.rel.rsplit_once('/') {
                Some((dir, _)) => format!("{dir}/{slug}/"),
                None => format!("{slug}/"),
            },
        };
        entries.entry(kind).or_default().push(Entry {
            file,
            front,
            slug,
            path,
        });
    }
    for list in entries.values_mut() {
        list.sort_by_cached_key(Entry::sort_key);
    }
    let empty = Vec::new();
    let of = |k: Kind| entries.get(&k).unwrap_or(&empty);

    // 2. URL collisions between articles and generated pages.
    let mut url_owner: HashMap<String, String> = generated_paths()
        .into_iter()
        .map(|p| (p.to_string(), "a page movebook generates".to_string()))
        .collect();
    if !known
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
    for list in entries.values() {
        for e in list {
            links.insert(e.file.rel.clone(), e.path.clone());
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

    // 3. Indices by slug, in display order.
    let index_of = |k: Kind| -> HashMap<String, usize> {
        of(k)
            .iter()
            .enumerate()
            .map(|(i, e)| (e.slug.clone(), i))
            .collect()
    };
    let aka_of = |k: Kind| Aka::new(of(k));
    let (muscle_ix, equipment_ix, exercise_ix) = (
        index_of(Kind::Muscle),
        index_of(Kind::Equipment),
        index_of(Kind::Exercise),
    );
    let (muscle_aka, equipment_aka, exercise_aka) = (
        aka_of(Kind::Muscle),
        aka_of(Kind::Equipment),
        aka_of(Kind::Exercise),
    );
    let no_drafts = HashSet::default();
    let drafts_of = |k: Kind| draft_slugs.get(&k).unwrap_or(&no_drafts);
    let muscles_k = RefKind {
        noun: "muscle",
        folder: "muscles",
        index: &muscle_ix,
        drafts: drafts_of(Kind::Muscle),
        aka: &muscle_aka,
    };
    let equipment_k = RefKind {
        noun: "equipment",
        folder: "equipment",
        index: &equipment_ix,
        drafts: drafts_of(Kind::Equipment),
        aka: &equipment_aka,
    };
    let exercises_k = RefKind {
        noun: "exercise",
        folder: "exercises",
        index: &exercise_ix,
        drafts: drafts_of(Kind::Exercise),
        aka: &exercise_aka,
    };
    let none_known = HashSet::default();
    let all_known = |k: Kind| known.get(&k).unwrap_or(&none_known);
    let (known_m, known_q, known_x) = (
        all_known(Kind::Muscle),
        all_known(Kind::Equipment),
        all_known(Kind::Exercise),
    );

    // 4. Exercises: references and declared edges. Each exercise only reads shared
    //    indices, so they are resolved in parallel, then joined in display order.
    type Edges = Vec<graph::Edge<(usize, FieldPath)>>;
    let resolved: Vec<(Exercise, Edges, Diagnostics)> = of(Kind::Exercise)
        .par_iter()
        .enumerate()
        .filter_map(|(i, e)| {
            let Front::Exercise(f) = e.front else {
                return None;
            };
            let mut diags = Diagnostics::new();
            let mut edges: Edges = Vec::new();
            let refs = |list: &[Ref],
                        k: &RefKind,
                        known: &HashSet<String>,
                        diags: &mut Diagnostics|
             -> Vec<usize> { resolve_refs(e.file, list, k, known, diags) };
            let target_muscles = refs(&f.target_muscles, &muscles_k, known_m, &mut diags);
            let mut secondary_muscles = refs(&f.secondary_muscles, &muscles_k, known_m, &mut diags);
            secondary_muscles.retain(|m| !target_muscles.contains(m));
            let equipment = refs(&f.equipment, &equipment_k, known_q, &mut diags);
            for (list, is_harder) in [(&f.easier, false), (&f.harder, true)] {
                let resolved =
                    resolve_refs_with_paths(e.file, list, &exercises_k, known_x, &mut diags);
                for (j, r) in resolved {
                    if j == i {
                        let side = if is_harder { "harder" } else { "easier" };
                        let d = Diagnostic::error(
                            Code::SelfLink,
                            "",
                            format!("'{}' lists itself as {side}", e.slug),
                        )
                        .hint("remove it: an exercise cannot be easier or harder than itself");
                        diags.push(e.file.field_diagnostic(d, &r.path(), Target::Value));
                        continue;
                    }
                    let (easier, harder) = if is_harder { (i, j) } else { (j, i) };
                    edges.push(graph::Edge {
                        easier,
                        harder,
                        origin: (i, r.path()),
                    });
                }
            }
            let exercise = Exercise {
                page: e.base(),
                aka: f.aka.clone(),
                target_muscles,
                secondary_muscles,
                equipment,
                category: f.category,
                level: f.level,
                dose: f.dose,
                dose_text: f.dose.to_string(),
                common_errors: f.common_errors.clone(),
                cues: f.cues.clone(),
                stop_if: f.stop_if.clone(),
                easier: Vec::new(),
                harder: Vec::new(),
                paths: Vec::new(),
            };
            Some((exercise, edges, diags))
        })
        .collect();
    let mut exercises: Vec<Exercise> = Vec::with_capacity(resolved.len());
    let mut edges: Edges = Vec::new();
    for (exercise, mut own_edges, own_diags) in resolved {
        exercises.push(exercise);
        edges.append(&mut own_edges);
        diags.extend(own_diags.into_vec());
    }

    // Files with errors of their own are not in the site, but their references are still
    // checked so that one run reports every problem.
    for file in files.iter().filter(|f| !f.is_valid()) {
        match &file.front {
            Some(Front::Exercise(f)) => {
                check_unknown(file, &f.target_muscles, &muscles_k, known_m, &mut diags);
                check_unknown(file, &f.secondary_muscles, &muscles_k, known_m, &mut diags);
                check_unknown(file, &f.equipment, &equipment_k, known_q, &mut diags);
                check_unknown(file, &f.easier, &exercises_k, known_x, &mut diags);
                check_unknown(file, &f.harder, &exercises_k, known_x, &mut diags);
            }
            Some(Front::Path(f)) => {
                check_unknown(file, &f.steps, &exercises_k, known_x, &mut diags)
            }
            _ => {}
        }
    }

    // 5. The graph.
    let g = graph::build(exercises.len(), &edges);
    let ex_entries = of(Kind::Exercise);
    for c in &g.cycles {
        let names: Vec<&str> = c
            .nodes
            .iter()
            .map(|n| ex_entries[*n].slug.as_str())
            .collect();
        let (owner, path) = &c.closing;
        let d = Diagnostic::error(Code::ProgressionCycle, "", format!("progression cycle: {}", names.join(" -> ")))
            .hint("an exercise cannot be both easier and harder than another: remove one of the edges of the cycle");
        diags.push(
            ex_entries[*owner]
                .file
                .field_diagnostic(d, path, Target::Value),
        );
    }
    let order = |list: &[usize], exercises: &[Exercise]| -> Vec<usize> {
        let mut v = list.to_vec();
        v.sort_by_key(|&x| (exercises[x].level, x));
        v
    };
    let easier: Vec<Vec<usize>> = g.easier.iter().map(|l| order(l, &exercises)).collect();
    let harder: Vec<Vec<usize>> = g.harder.iter().map(|l| order(l, &exercises)).collect();
    for ((ex, easier), harder) in exercises.iter_mut().zip(easier).zip(harder) {
        ex.easier = easier;
        ex.harder = harder;
    }

    // 6. Paths.
    let mut paths = Vec::new();
    for (pi, e) in of(Kind::Path).iter().enumerate() {
        let Front::Path(f) = e.front else { continue };
        let resolved = resolve_refs_with_paths(e.file, &f.steps, &exercises_k, known_x, &mut diags);
        let mut steps: Vec<usize> = Vec::new();
        for (x, r) in &resolved {
            if let Some(first) = steps.iter().position(|s| s == x) {
                let d = Diagnostic::error(
                    Code::BadPath,
                    "",
                    format!("'{}' is already step {} of this path", r.slug, first + 1),
                )
                .hint("each exercise may appear once in a path; remove the repeat");
                diags.push(e.file.field_diagnostic(d, &r.path(), Target::Value));
            } else {
                steps.push(*x);
            }
        }
        let written = f.steps.len();
        if written < 2 {
            let d = Diagnostic::error(
                Code::BadPath,
                "",
                format!("a path needs at least two steps; this one has {}", written),
            )
            .hint("list two or more exercise slugs under 'steps:', easier first");
            diags.push(
                e.file
                    .field_diagnostic(d, &FieldPath::root().key("steps"), Target::Value),
            );
        }
        for (si, x) in steps.iter().enumerate() {
            exercises[*x].paths.push((pi, si));
        }
        paths.push(PathPage {
            page: e.base(),
            steps,
            advance_when: f.advance_when.clone(),
        });
    }

    // 7. Muscles and equipment with their exercises.
    let mut muscles: Vec<Muscle> = of(Kind::Muscle)
        .iter()
        .filter_map(|e| match e.front {
            Front::Muscle(f) => Some(Muscle {
                page: e.base(),
                aka: f.aka.clone(),
                region: f.region.clone(),
                map_region: f.map_region.clone(),
                primary: Vec::new(),
                secondary: Vec::new(),
            }),
            _ => None,
        })
        .collect();
    let mut equipment: Vec<Equipment> = of(Kind::Equipment)
        .iter()
        .filter_map(|e| match e.front {
            Front::Equipment(f) => Some(Equipment {
                page: e.base(),
                aka: f.aka.clone(),
                exercises: Vec::new(),
            }),
            _ => None,
        })
        .collect();
    let mut bodyweight = Vec::new();
    for (i, ex) in exercises.iter().enumerate() {
        for &m in &ex.target_muscles {
            muscles[m].primary.push(i);
        }
        for &m in &ex.secondary_muscles {
            muscles[m].secondary.push(i);
        }
        for &q in &ex.equipment {
            equipment[q].exercises.push(i);
        }
        if ex.equipment.is_empty() {
            bodyweight.push(i);
        }
    }
    let bodyweight_page = equipment_ix.get("bodyweight").copied();
    if let Some(b) = bodyweight_page {
        let mut all = equipment[b].exercises.clone();
        all.extend(&bodyweight);
        all.sort_unstable();
        all.dedup();
        equipment[b].exercises = all;
    }

    let single = |k: Kind| of(k).first().map(Entry::base);
    let mut sections = BTreeMap::new();
    for s in Section::ALL {
        if let Some(e) = of(Kind::Section(s)).first() {
            sections.insert(s, e.base());
        }
    }

    // 8. The safety page.
    let safety_path = match &config.safety_page {
        Some(rel) => {
            match links.get(rel.as_str()) {
                Some(p) => Some(p.clone()),
                None => {
                    let hint = crate::suggest::hint(rel, links.keys().map(String::as_str))
                    .unwrap_or_else(|| "give the path of a page under content/, e.g. safety_page = \"safety.md\"".into());
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
        }
        None => links.get("safety.md").cloned(),
    };

    let site = Site {
        config,
        home: single(Kind::Home),
        sections,
        exercises,
        muscles,
        equipment,
        paths,
        articles: of(Kind::Article).iter().map(Entry::base).collect(),
        bodyweight,
        bodyweight_page,
        safety_path,
        links,
        drafts,
    };

    // 9. Links in bodies.
    links::check(&site, files, &draft_rels, &mut diags);

    (site, diags)
}

/// Reports references to slugs that no file has (for files left out of the site).
fn check_unknown(
    file: &ParsedFile,
    list: &[Ref],
    k: &RefKind,
    known: &HashSet<String>,
    diags: &mut Diagnostics,
) {
    for r in list {
        if !known.contains(&r.slug) && !k.drafts.contains(&r.slug) {
            diags.push(unknown_ref(file, r, k, known));
        }
    }
}

/// An `unknown-ref` error for `r`, with the best hint we have: another name of a page,
/// a near miss, or where to add the missing page.
fn unknown_ref(file: &ParsedFile, r: &Ref, k: &RefKind, known: &HashSet<String>) -> Diagnostic {
    let by_aka = k
        .aka
        .get(&slugify(&r.slug))
        .map(|s| format!("did you mean '{s}'? ('{}' is another name for it)", r.slug));
    let sorted: std::collections::BTreeSet<&str> = known.iter().map(String::as_str).collect();
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

fn resolve_refs(
    file: &ParsedFile,
    list: &[Ref],
    k: &RefKind,
    known: &HashSet<String>,
    diags: &mut Diagnostics,
) -> Vec<usize> {
    resolve_refs_with_paths(file, list, k, known, diags)
        .into_iter()
        .map(|(i, _)| i)
        .collect()
}

/// Resolves a list of slugs, reporting unknown ones (with a hint), drafts left out of the
/// build (a warning), and repeats.
fn resolve_refs_with_paths<'r>(
    file: &ParsedFile,
    list: &'r [Ref],
    k: &RefKind,
    known: &HashSet<String>,
    diags: &mut Diagnostics,
) -> Vec<(usize, &'r Ref)> {
    let mut out: Vec<(usize, &Ref)> = Vec::new();
    for r in list {
        match k.index.get(&r.slug) {
            Some(&i) => {
                if out.iter().any(|(j, _)| *j == i) && !r.path().to_string().starts_with("steps") {
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
            None if known.contains(&r.slug) => {
                // The target exists but has errors of its own, reported there.
            }
            None => diags.push(unknown_ref(file, r, k, known)),
        }
    }
    out
}
