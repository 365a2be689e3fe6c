//! `movebook new` and `movebook init`: pages and sites that build as written.
//!
//! Both only ever create files (`create_new`): `new` refuses a file that exists or a slug
//! another file of the same kind already has; `init` refuses a folder that holds anything
//! but hidden entries (`.git`). Both write the JSON Schema files into the site
//! ([`SCHEMA_DIR`]) and point each page's `# yaml-language-server: $schema=` comment at
//! them with a path relative to the page, so editors work offline.

mod templates;

use std::io::Write as _;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, bail};

use crate::model::front::{Front, Kind, is_url_safe};
use crate::model::parse::parse_file;
use crate::model::schema::{SCHEMA_DIR, SchemaKind, write_files};
use crate::slug::slugify;

// Messages too long to sit inside a statement (rustfmt leaves such statements unformatted).
const MSG_THE_SITE_HAS_NO_MUSCLE: &str = "the site has no muscle pages yet: create one with `movebook new muscle \"Gluteus Maximus\"` and name it in target_muscles";
const MSG_A_PATH_NEEDS_AT_LEAST: &str = "a path needs at least two exercises, and the site has fewer: add exercises with `movebook new exercise`, then list them under steps";
const MSG_A_ROUTINE_NEEDS_AN_EXERCISE: &str = "a routine needs at least one exercise step and the site has no exercise yet: add one under steps: as '- exercise: <slug>' before publishing";
const MSG_THE_PAGE_IS_A_DRAFT: &str = "the page is a draft: set 'draft: false' when it is ready (`movebook build --drafts` previews it)";

/// What `movebook new` can create.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum NewKind {
    /// content/exercises/<slug>.md
    Exercise,
    /// content/muscles/<slug>.md
    Muscle,
    /// content/equipment/<slug>.md
    Equipment,
    /// content/paths/<slug>.md
    Path,
    /// content/routines/<slug>.md
    Routine,
    /// content/<slug>.md (an article)
    Page,
}

impl NewKind {
    /// The folder under `content/` (empty for articles).
    fn folder(self) -> &'static str {
        match self {
            NewKind::Exercise => "exercises",
            NewKind::Muscle => "muscles",
            NewKind::Equipment => "equipment",
            NewKind::Path => "paths",
            NewKind::Routine => "routines",
            NewKind::Page => "",
        }
    }

    fn kind(self) -> Kind {
        match self {
            NewKind::Exercise => Kind::Exercise,
            NewKind::Muscle => Kind::Muscle,
            NewKind::Equipment => Kind::Equipment,
            NewKind::Path => Kind::Path,
            NewKind::Routine => Kind::Routine,
            NewKind::Page => Kind::Article,
        }
    }
}

/// A page `new` wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Created {
    /// The new file.
    pub path: PathBuf,
    /// Things the author should know (the page is a draft, a placeholder to replace).
    pub notes: Vec<String>,
}

/// A page of the site as `new` sees it: its slug and what it links to.
#[derive(Debug, Clone, Default)]
pub(crate) struct Known {
    pub slug: String,
    pub draft: bool,
    pub harder: Vec<String>,
    pub easier: Vec<String>,
}

/// The pages of one kind in `content/<folder>/`, read leniently (broken files still count
/// with their file name).
fn known_pages(content: &Path, kind: Kind) -> Vec<Known> {
    let mut out = Vec::new();
    let Ok(found) = crate::source::discover(content) else {
        return out;
    };
    for page in found.pages {
        if Kind::of(&page.rel) != kind {
            continue;
        }
        let Ok(bytes) = std::fs::read(&page.abs) else {
            continue;
        };
        let parsed = parse_file(&page.rel, &bytes);
        // A bundle (`x/index.md`) is named by its folder.
        let named = crate::source::bundle_dir(&page.rel).unwrap_or(&page.rel);
        let stem = named
            .rsplit('/')
            .next()
            .unwrap_or(named)
            .trim_end_matches(".md")
            .to_string();
        let mut k = Known {
            slug: stem,
            ..Known::default()
        };
        if let Some(front) = &parsed.front {
            if let Some(s) = &front.common().slug {
                k.slug.clone_from(s);
            }
            k.draft = front.common().draft;
            if let Front::Exercise(e) = front {
                k.harder = e.harder.iter().map(|r| r.slug.clone()).collect();
                k.easier = e.easier.iter().map(|r| r.slug.clone()).collect();
            }
        }
        out.push(k);
    }
    out.sort_by(|a, b| a.slug.cmp(&b.slug));
    out
}

/// `../..` from `rel_dir` (a folder relative to the root) back to the root.
fn up_to_root(rel_dir: &Path) -> String {
    let depth = rel_dir.components().count();
    if depth == 0 {
        ".".to_string()
    } else {
        vec![".."; depth].join("/")
    }
}

/// The modeline that points editors at the schema of `kind`, for a page in `rel_dir`.
pub(crate) fn schema_modeline(rel_dir: &Path, kind: SchemaKind) -> String {
    format!(
        "# yaml-language-server: $schema={}/{SCHEMA_DIR}/{}",
        up_to_root(rel_dir),
        kind.file_name()
    )
}

/// `movebook new KIND TITLE`: writes a page with every key present and explained, valid as
/// written, as a draft. Refuses to overwrite a file or to reuse a slug.
pub(crate) fn new_page(
    root: &Path,
    kind: NewKind,
    title: &str,
    slug: Option<&str>,
    bundle: bool,
) -> anyhow::Result<Created> {
    if !root.join("site.toml").is_file() {
        bail!(
            "{} is not a movebook site (it has no site.toml): run this in the site folder, give it with --root, or create a site with `movebook init DIR`",
            root.display()
        );
    }
    let title = title.trim();
    if title.is_empty() {
        bail!(
            "the title is empty: give the page a title, e.g. movebook new exercise \"Glute Bridge\""
        );
    }
    let slug = match slug {
        Some(s) => s.trim().to_string(),
        None => slugify(title),
    };
    if slug.is_empty() {
        bail!(
            "cannot make a file name from the title '{title}': give one with --slug, e.g. --slug my-page"
        );
    }
    if !is_url_safe(&slug) {
        bail!(
            "'{slug}' cannot be used as a file name in a URL: use lowercase letters, digits and hyphens, e.g. --slug {}",
            slugify(&slug)
        );
    }
    if kind == NewKind::Page
        && ["exercises", "muscles", "equipment", "paths"].contains(&slug.as_str())
    {
        bail!("'/{slug}/' is the URL of a generated list page: pick another title or --slug");
    }
    let content = root.join("content");
    let kind_dir = Path::new("content").join(kind.folder());
    // A bundle is a folder for the page and its pictures: `<slug>/index.md`.
    let (rel_dir, rel) = if bundle {
        let dir = kind_dir.join(&slug);
        let rel = dir.join("index.md");
        (dir, rel)
    } else {
        (kind_dir.clone(), kind_dir.join(format!("{slug}.md")))
    };
    let path = root.join(&rel);
    // The page as a plain file or as a bundle: either one already there is this page.
    for existing in [
        kind_dir.join(format!("{slug}.md")),
        kind_dir.join(&slug).join("index.md"),
    ] {
        if root.join(&existing).exists() {
            bail!(
                "{} already exists; movebook new never overwrites a file: pick another title or --slug",
                existing.display()
            );
        }
    }
    let same_kind = known_pages(&content, kind.kind());
    if kind != NewKind::Page && same_kind.iter().any(|k| k.slug == slug) {
        bail!(
            "another file in content/{}/ already uses the slug '{slug}': pick another title or --slug",
            kind.folder()
        );
    }

    let mut notes = Vec::new();
    let schema_kind = SchemaKind::of(kind.kind());
    let mut page = templates::Page::new(schema_modeline(&rel_dir, schema_kind), title);
    match kind {
        NewKind::Exercise => {
            let muscles = known_pages(&content, Kind::Muscle);
            // A published muscle, else a draft one: the new page is a draft too, so the
            // reference resolves in `--drafts` builds and the page is valid as written.
            let muscle = muscles
                .iter()
                .find(|m| !m.draft)
                .or_else(|| muscles.first())
                .map(|m| m.slug.clone());
            if muscle.is_none() {
                notes.push(MSG_THE_SITE_HAS_NO_MUSCLE.into());
            }
            let names: Vec<String> = muscles.iter().map(|m| m.slug.clone()).collect();
            templates::exercise(&mut page, muscle.as_deref(), &names);
        }
        NewKind::Muscle => templates::muscle(&mut page),
        NewKind::Equipment => templates::equipment(&mut page),
        NewKind::Path => {
            let exercises: Vec<Known> = known_pages(&content, Kind::Exercise)
                .into_iter()
                .filter(|e| !e.draft)
                .collect();
            let steps = pick_steps(&exercises);
            if steps.len() < 2 {
                notes.push(MSG_A_PATH_NEEDS_AT_LEAST.into());
            }
            templates::path(&mut page, &steps);
        }
        NewKind::Routine => {
            let exercises: Vec<String> = known_pages(&content, Kind::Exercise)
                .into_iter()
                .filter(|e| !e.draft)
                .map(|e| e.slug)
                .take(2)
                .collect();
            if exercises.is_empty() {
                notes.push(MSG_A_ROUTINE_NEEDS_AN_EXERCISE.into());
            }
            templates::routine(&mut page, &exercises);
        }
        NewKind::Page => templates::article(&mut page),
    }
    let text = page.finish();

    std::fs::create_dir_all(root.join(&rel_dir))
        .with_context(|| format!("creating {}", rel_dir.display()))?;
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .with_context(|| format!("creating {} (movebook new never overwrites)", rel.display()))?;
    file.write_all(text.as_bytes())
        .with_context(|| format!("writing {}", rel.display()))?;
    let schema_files = write_files(&root.join(SCHEMA_DIR))?;
    if !schema_files.is_empty() {
        notes.push(format!(
            "wrote the front-matter schema for editors into {SCHEMA_DIR}/"
        ));
    }
    notes.push(MSG_THE_PAGE_IS_A_DRAFT.into());
    Ok(Created { path: rel, notes })
}

/// Two steps for a new path: an existing easier → harder pair if there is one, else the
/// first two exercises.
fn pick_steps(exercises: &[Known]) -> Vec<String> {
    let exists = |s: &str| exercises.iter().any(|e| e.slug == s);
    for e in exercises {
        if let Some(h) = e.harder.iter().find(|h| exists(h)) {
            return vec![e.slug.clone(), h.clone()];
        }
        if let Some(easier) = e.easier.iter().find(|h| exists(h)) {
            return vec![easier.clone(), e.slug.clone()];
        }
    }
    exercises.iter().take(2).map(|e| e.slug.clone()).collect()
}

/// The files of a new site: path relative to the site root, text. `{title}` is replaced.
const SITE: &[(&str, &str)] = &[
    ("site.toml", include_str!("site/site.toml")),
    ("content/_index.md", include_str!("site/content/_index.md")),
    ("content/safety.md", include_str!("site/content/safety.md")),
    (
        "content/muscles/gluteus-maximus.md",
        include_str!("site/content/muscles/gluteus-maximus.md"),
    ),
    (
        "content/muscles/gluteus-medius.md",
        include_str!("site/content/muscles/gluteus-medius.md"),
    ),
    (
        "content/equipment/mini-band.md",
        include_str!("site/content/equipment/mini-band.md"),
    ),
    (
        "content/exercises/glute-bridge.md",
        include_str!("site/content/exercises/glute-bridge.md"),
    ),
    (
        "content/exercises/banded-glute-bridge.md",
        include_str!("site/content/exercises/banded-glute-bridge.md"),
    ),
    (
        "content/exercises/clamshell.md",
        include_str!("site/content/exercises/clamshell.md"),
    ),
    (
        "content/paths/bridge-basics.md",
        include_str!("site/content/paths/bridge-basics.md"),
    ),
    (
        "content/routines/first-session.md",
        include_str!("site/content/routines/first-session.md"),
    ),
    (".gitignore", "/public/\n"),
];

/// A title made from a folder name: `my-hip-guide` → `My hip guide`.
fn title_from_dir(dir: &Path) -> String {
    let name = dir
        .canonicalize()
        .ok()
        .and_then(|d| d.file_name().map(|n| n.to_string_lossy().into_owned()))
        .or_else(|| dir.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_default();
    let words = name.replace(['-', '_'], " ");
    let words = words.trim();
    let mut chars = words.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => "My Exercise Guide".to_string(),
    }
}

/// `movebook init DIR`: a new site with one page of every kind, which builds with no
/// errors and no warnings. Refuses a folder with anything in it but hidden entries, and
/// never overwrites a file. Returns the files created, relative to `dir`.
pub(crate) fn init_site(dir: &Path, title: Option<&str>) -> anyhow::Result<Vec<PathBuf>> {
    if dir.exists() {
        if !dir.is_dir() {
            bail!("{} exists and is not a folder", dir.display());
        }
        let mut visible: Vec<String> = std::fs::read_dir(dir)
            .with_context(|| format!("reading {}", dir.display()))?
            .filter_map(Result::ok)
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| !n.starts_with('.'))
            .collect();
        visible.sort();
        if !visible.is_empty() {
            bail!(
                "{} is not empty (it has {}): movebook init only creates a site in a new or empty folder, so that nothing of yours is overwritten",
                dir.display(),
                visible
                    .iter()
                    .take(3)
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(", ")
                    + if visible.len() > 3 { ", ..." } else { "" }
            );
        }
    }
    let title = match title.map(str::trim) {
        Some(t) if !t.is_empty() => t.to_string(),
        _ => title_from_dir(dir),
    };
    // A JSON string is also a valid TOML basic string and YAML double-quoted string.
    let quoted = serde_json::to_string(&title).context("quoting the title")?;
    let mut files: Vec<(PathBuf, String)> = SITE
        .iter()
        .map(|(rel, text)| (PathBuf::from(rel), text.replace("\"{title}\"", &quoted)))
        .collect();
    for kind in SchemaKind::ALL {
        files.push((
            Path::new(SCHEMA_DIR).join(kind.file_name()),
            crate::model::schema::to_text(&crate::model::schema::schema(kind)),
        ));
    }
    if let Some((rel, _)) = files.iter().find(|(rel, _)| dir.join(rel).exists()) {
        bail!(
            "{} already exists; movebook init never overwrites a file",
            dir.join(rel).display()
        );
    }
    let mut created = Vec::new();
    for (rel, text) in files {
        let path = dir.join(&rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("creating {}", parent.display()))?;
        }
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
            .with_context(|| format!("creating {}", path.display()))?;
        file.write_all(text.as_bytes())
            .with_context(|| format!("writing {}", path.display()))?;
        created.push(rel);
    }
    Ok(created)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn modelines_are_relative_to_the_page() {
        assert_eq!(
            schema_modeline(Path::new("content/exercises"), SchemaKind::Exercise),
            "# yaml-language-server: $schema=../../.movebook/schema/exercise.json"
        );
        assert_eq!(
            schema_modeline(Path::new("content"), SchemaKind::Page),
            "# yaml-language-server: $schema=../.movebook/schema/page.json"
        );
    }

    #[test]
    fn picks_an_easier_then_harder_pair_for_a_new_path() {
        let ex = |slug: &str, harder: &[&str]| Known {
            slug: slug.into(),
            harder: harder
                .iter()
                .map(std::string::ToString::to_string)
                .collect(),
            ..Known::default()
        };
        let list = [ex("a", &[]), ex("b", &["missing", "c"]), ex("c", &[])];
        assert_eq!(pick_steps(&list), ["b", "c"]);
        assert_eq!(pick_steps(&[ex("a", &[]), ex("z", &[])]), ["a", "z"]);
        assert_eq!(pick_steps(&[ex("a", &[])]), ["a"]);
    }

    #[test]
    fn titles_come_from_folder_names() {
        assert_eq!(
            title_from_dir(Path::new("/tmp/my-hip_guide")),
            "My hip guide"
        );
    }
}
