//! The one code path of `build`, `check` and `serve`:
//! settings → discover → read and parse every file (in parallel) → theme → resolve →
//! lint → render into a sink → (build only) swap the output into place.
//!
//! Nothing here prints or exits; a [`Progress`] watcher may follow a run through cheap
//! calls ([`build_observed`], [`check_observed`]), from which the CLI draws its progress
//! bar. Problems the author can fix come back as
//! [`BuildError::Invalid`] with every diagnostic of the run; failures of the environment
//! (unreadable files, a folder that may not be replaced) as [`BuildError::Env`].

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Context as _;
use rayon::prelude::*;

use crate::config::{self, SiteConfig};
use crate::diagnostic::{Code, Diagnostic, Diagnostics};
use crate::model::Site;
use crate::model::parse::{ParsedFile, parse_file};
use crate::output;
use crate::render::{self, RenderStats, Sink};
use crate::source::SourcePath;
use crate::theme::{self, Theme};

// Messages too long to sit inside a statement (rustfmt leaves such statements unformatted).
const HINT_CREATE_CONTENT_WITH_AN_INDEX: &str = "create content/ with an _index.md home page and exercises/, muscles/ and paths/ folders (or run `movebook init`)";

/// What to build.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// The site folder (holding site.toml).
    pub root: PathBuf,
    /// Output folder; `None` means `output_dir` from site.toml, relative to the root.
    pub output: Option<PathBuf>,
    /// Publish drafts too.
    pub drafts: bool,
    /// Replace site.toml's `base_url`.
    pub base_url: Option<String>,
    /// Delete the previous output in a detached process once the new one is in place, so
    /// the command returns without waiting for a large tree to be removed. The CLI sets
    /// this; library callers (tests) get the old output removed before `build` returns.
    pub background_cleanup: bool,
}

/// Why a build did not happen.
#[derive(Debug)]
pub enum BuildError {
    /// The site has errors (the list also holds any warnings).
    Invalid(Diagnostics),
    /// Something outside the site went wrong.
    Env(anyhow::Error),
}

impl From<render::RenderError> for BuildError {
    fn from(e: render::RenderError) -> Self {
        BuildError::Env(anyhow::Error::new(e))
    }
}

impl From<anyhow::Error> for BuildError {
    fn from(e: anyhow::Error) -> Self {
        BuildError::Env(e)
    }
}

/// Pictures of a run: processed now, or taken from the cache.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PictureCounts {
    /// Decoded, resized and encoded by this run.
    pub processed: usize,
    /// Taken from `.movebook/cache/` as they were.
    pub reused: usize,
}

/// How much of the site one language translates (`check` reports it).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Coverage {
    /// The language.
    pub lang: String,
    /// By kind of page (`exercises`, `muscles`, `equipment pages`, `paths`, `routines`,
    /// `pages`): how many have a translation, of how many.
    pub kinds: Vec<(&'static str, usize, usize)>,
    /// Text fields the translations leave to the default language.
    pub fallback_fields: usize,
    /// Every page that is not fully translated.
    pub missing: Vec<Untranslated>,
}

/// A page that a language does not translate, or not completely.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Untranslated {
    /// The language.
    pub lang: String,
    /// The default-language page (`content/exercises/x.md`).
    pub file: String,
    /// Its translation file, existing or to be written (`content/exercises/x.sv.md`).
    pub translation: String,
    /// The text fields that fall back (`cues`, `body`...); empty when the page has no
    /// translation at all.
    pub fields: Vec<String>,
}

impl Coverage {
    /// The coverage of `site` (a language other than the default).
    pub(crate) fn of(site: &Site) -> Coverage {
        let lang = site.language.code.clone();
        let mut c = Coverage {
            lang: lang.clone(),
            ..Coverage::default()
        };
        let groups: [(&'static str, Vec<&crate::model::PageBase>); 6] = [
            (
                "exercises",
                site.exercises.iter().map(|e| &e.page).collect(),
            ),
            ("muscles", site.muscles.iter().map(|m| &m.page).collect()),
            (
                "equipment pages",
                site.equipment.iter().map(|q| &q.page).collect(),
            ),
            ("paths", site.paths.iter().map(|p| &p.page).collect()),
            ("routines", site.routines.iter().map(|r| &r.page).collect()),
            (
                "pages",
                site.home
                    .iter()
                    .chain(site.sections.values())
                    .chain(&site.articles)
                    .collect(),
            ),
        ];
        for (noun, pages) in groups {
            if pages.is_empty() {
                continue;
            }
            let mut done = 0;
            for p in &pages {
                let translation = translation_path(&p.rel, &lang);
                match &p.translation {
                    Some(t) => {
                        done += 1;
                        c.fallback_fields += t.fallback.len();
                        if !t.fallback.is_empty() {
                            c.missing.push(Untranslated {
                                lang: lang.clone(),
                                file: format!("content/{}", p.rel),
                                translation,
                                fields: t.fallback.clone(),
                            });
                        }
                    }
                    None => c.missing.push(Untranslated {
                        lang: lang.clone(),
                        file: format!("content/{}", p.rel),
                        translation,
                        fields: Vec::new(),
                    }),
                }
            }
            c.kinds.push((noun, done, pages.len()));
        }
        c
    }

    /// `sv: 6 of 28 exercises, 1 of 8 paths translated; 14 fields fall back`.
    pub fn summary(&self) -> String {
        let kinds: Vec<String> = self
            .kinds
            .iter()
            .map(|(noun, done, total)| format!("{done} of {total} {noun}"))
            .collect();
        format!(
            "{}: {} translated; {} fall back",
            self.lang,
            kinds.join(", "),
            crate::diagnostic::plural(self.fallback_fields, "field")
        )
    }
}

/// Where the translation of `rel` into `lang` is (or would be) written.
fn translation_path(rel: &str, lang: &str) -> String {
    let stem = rel.strip_suffix(".md").unwrap_or(rel);
    format!("content/{stem}.{lang}.md")
}

/// What a successful build or check did.
#[derive(Debug, Clone)]
pub struct BuildReport {
    /// Pictures processed and reused.
    pub pictures: PictureCounts,
    /// Pages and files written.
    pub stats: RenderStats,
    /// Warnings (never errors).
    pub warnings: Diagnostics,
    /// Content files read.
    pub source_files: usize,
    /// Wall time.
    pub elapsed: Duration,
    /// Where the site went (`None` for check).
    pub output: Option<PathBuf>,
    /// How much of the site each language other than the default translates.
    pub coverage: Vec<Coverage>,
}

/// The stages of a run that a [`Progress`] watcher is told about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Stage {
    /// Reading and parsing content files, then resolving and checking the site. One step
    /// per file.
    Read,
    /// Rendering pages and writing them into the sink. One step per file written.
    Render,
    /// Swapping the finished output into place (build only).
    Write,
    /// Processing pictures (resizing, encoding), one step per picture; only when the site
    /// has pictures that are not in the cache yet... or at all.
    Images,
}

/// Follows a run. Calls come from many threads and must be cheap (counters, no I/O):
/// `step` is called once per file.
pub(crate) trait Progress: Sync {
    /// A stage starts; `total` is its number of steps when known in advance.
    fn stage(&self, _stage: Stage, _total: Option<usize>) {}
    /// One step of the current stage is done.
    fn step(&self) {}
}

/// A watcher that ignores everything.
pub(crate) struct Silent;

impl Progress for Silent {}

/// Passes writes on to a sink and counts them as steps.
struct CountingSink<'a> {
    inner: &'a dyn Sink,
    progress: &'a dyn Progress,
}

impl Sink for CountingSink<'_> {
    fn write(&self, rel: &str, bytes: &[u8]) -> anyhow::Result<()> {
        self.inner.write(rel, bytes)?;
        self.progress.step();
        Ok(())
    }

    fn copy_file(&self, rel: &str, from: &Path, shareable: bool) -> anyhow::Result<()> {
        self.inner.copy_file(rel, from, shareable)?;
        self.progress.step();
        Ok(())
    }
}

/// [`prepare`], telling `progress` about every file parsed.
fn prepare_observed(opts: &BuildOptions, progress: &dyn Progress) -> Result<Prepared, BuildError> {
    progress.stage(Stage::Read, None);
    let content = |p: &SourcePath| {
        let parsed = load_file(p)?;
        progress.step();
        Ok(parsed)
    };
    prepare_with(
        opts,
        Loaders {
            content: &content,
            theme: Loaders::FRESH.theme,
            progress,
        },
    )
}

/// [`render_into`], telling `progress` about every file written.
fn render_observed(
    prepared: &Prepared,
    sink: &dyn Sink,
    progress: &dyn Progress,
) -> Result<RenderStats, BuildError> {
    progress.stage(
        Stage::Render,
        Some(render::planned_files(
            &prepared.site,
            &prepared.languages,
            &prepared.theme,
        )),
    );
    render_into(
        prepared,
        &CountingSink {
            inner: sink,
            progress,
        },
    )
}

/// A site loaded, parsed and resolved, with its theme, ready to render.
pub struct Prepared {
    /// The resolved site (in the default language).
    pub site: Site,
    /// The same site in each other language of `languages`, in order.
    pub languages: Vec<Site>,
    /// Templates and static files.
    pub theme: Arc<Theme>,
    /// Warnings so far.
    pub warnings: Diagnostics,
    /// Content files read.
    pub source_files: usize,
    /// Pictures processed and reused.
    pub pictures: PictureCounts,
}

/// A loaded theme, or the problems that stop it from loading (see [`theme::load`]).
pub(crate) type ThemeResult = anyhow::Result<Result<Arc<Theme>, Diagnostics>>;

/// How [`prepare_with`] gets each content file's parsed form and the theme. `build` and
/// `check` read and parse everything ([`Loaders::FRESH`]); `serve` puts caches in front of
/// both, which is sound because [`parse_file`] and [`theme::load`] depend only on the files
/// they read.
#[derive(Clone, Copy)]
pub(crate) struct Loaders<'a> {
    /// Reads and parses one content file (see [`load_file`]).
    pub content: &'a (dyn Fn(&SourcePath) -> anyhow::Result<Arc<ParsedFile>> + Sync),
    /// Loads the theme `name` of the site at `root` (see [`theme::load`]).
    pub theme: &'a dyn Fn(&Path, &str) -> ThemeResult,
    /// Told about the pictures processed.
    pub progress: &'a dyn Progress,
}

impl Loaders<'static> {
    /// No caching: read and parse every file, load the theme.
    pub(crate) const FRESH: Loaders<'static> = Loaders {
        content: &load_file,
        theme: &load_theme,
        progress: &Silent,
    };
}

/// Reads and parses one content file.
///
/// The file's YAML and body stay on disk rather than in memory: they are read again for a
/// page's HTML and for a late diagnostic's position (and a file changed in between is
/// reported). `serve`, whose files can change at any moment, keeps them instead.
pub(crate) fn load_file(p: &SourcePath) -> anyhow::Result<Arc<ParsedFile>> {
    let bytes = std::fs::read(&p.abs).with_context(|| format!("reading {}", p.abs.display()))?;
    let mut parsed = parse_file(&p.rel, &bytes);
    parsed.keep_on_disk(&p.abs, read_back);
    Ok(Arc::new(parsed))
}

/// How a file left on disk by [`load_file`] is read again (see
/// [`crate::model::body::ReadBack`]): the only other place the pipeline reads content.
fn read_back(file: &Path) -> Option<Vec<u8>> {
    std::fs::read(file).ok()
}

fn load_theme(root: &Path, name: &str) -> ThemeResult {
    Ok(theme::load(root, name)?.map(Arc::new))
}

/// What [`read_content`] found: the parsed pages, the files that are not published, and
/// the files of page bundles.
pub(crate) struct Content {
    files: Vec<Arc<ParsedFile>>,
    ignored: Vec<String>,
    bundle_files: Vec<SourcePath>,
}

/// Reads and parses every content file under `content_dir` in parallel, through `load`.
pub(crate) fn read_content(
    content_dir: &Path,
    load: &(dyn Fn(&SourcePath) -> anyhow::Result<Arc<ParsedFile>> + Sync),
) -> anyhow::Result<Content> {
    let found = crate::source::discover(content_dir)?;
    let files = found
        .pages
        .par_iter()
        .map(load)
        .collect::<anyhow::Result<Vec<_>>>()?;
    Ok(Content {
        files,
        ignored: found.ignored,
        bundle_files: found.bundle_files,
    })
}

/// Processes the pictures pages name and reads the files published as they are (SVG,
/// video, captions): fills in each asset's [`Ready`](crate::model::media::Ready), reporting
/// a picture that cannot be published at every place that names it.
fn prepare_assets(
    root: &Path,
    site: &mut Site,
    files: &[&ParsedFile],
    progress: &dyn Progress,
    diags: &mut Diagnostics,
) -> PictureCounts {
    use crate::model::media::{FileKind, Ready};
    let mut counts = PictureCounts::default();
    if site.assets.is_empty() {
        return counts;
    }
    let by_rel: std::collections::HashMap<&str, &ParsedFile> =
        files.iter().map(|f| (f.rel.as_str(), *f)).collect();
    // A problem with asset `a`, at every place that names it.
    let mut report = |a: &crate::model::media::Asset, d: Diagnostic| {
        for u in &a.uses {
            let Some(file) = by_rel.get(u.rel.as_str()) else {
                continue;
            };
            diags.push(file.diagnostic_at(d.clone(), &u.at));
        }
    };
    let rasters: Vec<usize> = (0..site.assets.len())
        .filter(|&i| {
            site.assets
                .get(i)
                .is_some_and(|a| a.kind == FileKind::Raster)
        })
        .collect();
    if !rasters.is_empty() {
        let settings = crate::media::Settings::from(&site.config.images);
        let cache = crate::media::Cache::open(&root.join(".movebook").join("cache"), settings);
        let sources: Vec<PathBuf> = rasters
            .iter()
            .filter_map(|&i| site.assets.get(i).map(|a| a.abs.clone()))
            .collect();
        progress.stage(Stage::Images, Some(sources.len()));
        let results = cache.process(&sources, &|| progress.step());
        for (&i, result) in rasters.iter().zip(results) {
            let Some(asset) = site.assets.get_mut(i) else {
                continue;
            };
            match result {
                Ok(p) => {
                    if p.first_frame_only {
                        report(
                            asset,
                            Diagnostic::warning(
                                Code::BadImage,
                                "",
                                format!(
                                    "{} is an animated WebP: only its first frame is published",
                                    asset.display
                                ),
                            )
                            .hint(
                                "for a moving picture, use an animated GIF or a video (MP4, WebM)",
                            ),
                        );
                    }
                    asset.ready = Some(Ready::Image(p));
                }
                Err(e) => report(
                    asset,
                    Diagnostic::error(Code::BadImage, "", format!("{} {e}", asset.display))
                        .hint(image_hint(&e)),
                ),
            }
        }
        let stats = cache.stats();
        counts = PictureCounts {
            processed: stats.processed,
            reused: stats.hits,
        };
        // The cache is a convenience: failing to save it costs only time next run.
        let _ = cache.finish();
    }
    for asset in &mut site.assets {
        if asset.kind == FileKind::Raster {
            continue;
        }
        match std::fs::read(&asset.abs) {
            Ok(bytes) => {
                let size = if asset.kind == FileKind::Svg {
                    if let Some(size) = crate::media::svg_size(&bytes) {
                        size
                    } else {
                        // What a browser draws an <img> of a size-less SVG at.
                        let d = Diagnostic::warning(
                            Code::BadImage,
                            "",
                            format!(
                                "{} has no width, height or viewBox: browsers draw it at 300×150",
                                asset.display
                            ),
                        )
                        .hint("give the <svg> element width and height attributes, or a viewBox");
                        report(asset, d);
                        (300, 150)
                    }
                } else {
                    if asset.kind == FileKind::Video && crate::media::video_has_location(&bytes) {
                        let d = Diagnostic::error(
                            Code::BadImage,
                            "",
                            format!("{} carries the place where it was filmed (GPS)", asset.display),
                        )
                        .hint("movebook publishes videos as they are: export it without its location, e.g. ffmpeg -i in.mp4 -map_metadata -1 -c copy out.mp4");
                        report(asset, d);
                        continue;
                    }
                    (0, 0)
                };
                asset.ready = Some(Ready::Copy {
                    key: xxhash_rust::xxh3::xxh3_64(&bytes),
                    size,
                });
            }
            Err(e) => report(
                asset,
                Diagnostic::error(
                    Code::MissingFile,
                    "",
                    format!("{} cannot be read: {e}", asset.display),
                )
                .hint("check that the file exists and can be read"),
            ),
        }
    }
    counts
}

/// How to fix a picture that cannot be published.
fn image_hint(e: &crate::media::ImageError) -> &'static str {
    match e {
        crate::media::ImageError::TooLarge { .. } => {
            "resize it (a photo 4000 pixels wide is more than enough) and save it again"
        }
        crate::media::ImageError::Unsupported(_) => {
            "save the picture as JPEG, PNG, WebP or GIF (the file's content, not only its name)"
        }
        crate::media::ImageError::Undecodable(_) => {
            "the file is damaged or incomplete: export or copy it again"
        }
        crate::media::ImageError::Io(_) => "check that the file can be read",
    }
}

/// Checks the pictures of the site's `static/` (published as they are, without their
/// metadata): each must be what its name says (an error otherwise, so that no photo is
/// ever published with its metadata), and one stored turned gets a warning (its EXIF
/// orientation goes with the metadata).
fn check_static_pictures(theme: &Theme, diags: &mut Diagnostics) {
    for f in &theme.static_files {
        let theme::Origin::Disk(path) = &f.origin else {
            continue;
        };
        let Some(format) = Path::new(&f.rel)
            .extension()
            .and_then(|e| e.to_str())
            .and_then(crate::media::Format::from_ext)
        else {
            continue;
        };
        let Ok(bytes) = std::fs::read(path) else {
            continue;
        };
        let shown = format!("static/{}", f.rel);
        match crate::media::strip_metadata(&bytes, format) {
            Err(e) => diags.push(
                Diagnostic::error(Code::BadImage, shown.clone(), format!("{shown} {e}"))
                    .hint("save the picture again as what its name says, or remove it: photos in static/ are published without their metadata, which needs a readable file"),
            ),
            Ok(_) if crate::media::is_turned(&bytes) => diags.push(
                Diagnostic::warning(
                    Code::BadImage,
                    shown.clone(),
                    format!("{shown} is stored turned (its EXIF orientation), which is removed with its metadata: it will show turned"),
                )
                .hint("save it upright, or put it in a page bundle and name it in media: or image: (processed pictures are turned upright)"),
            ),
            Ok(_) => {}
        }
    }
}

/// The files pages may name: bundle files and static files on disk.
fn media_files(bundle_files: &[SourcePath], theme: &Theme) -> crate::resolve::media::Files {
    let mut index = crate::resolve::media::Files::default();
    for f in bundle_files {
        index.bundle.insert(f.rel.clone(), f.abs.clone());
    }
    for f in &theme.static_files {
        if let theme::Origin::Disk(path) = &f.origin {
            index.statics.insert(f.rel.clone(), path.clone());
        }
    }
    index
}

/// Loads and resolves the site at `opts.root`, getting files and the theme through `loaders`.
pub(crate) fn prepare_with(opts: &BuildOptions, loaders: Loaders) -> Result<Prepared, BuildError> {
    let a = analyze(opts, loaders)?;
    match (a.site, a.theme) {
        // Without a site or a theme there are errors (see `analyze`).
        (Some(site), Some(theme)) if !a.diags.has_errors() => Ok(Prepared {
            site,
            languages: a.languages,
            theme,
            warnings: a.diags,
            source_files: a.files.len(),
            pictures: a.pictures,
        }),
        _ => Err(BuildError::Invalid(a.diags)),
    }
}

/// Everything [`analyze`] learnt about a site, errors or not: what the language server
/// works from (a site with errors still has every valid page, slug and link).
pub(crate) struct Analysis {
    /// Every content file read, translations included, in walk order.
    pub files: Vec<Arc<ParsedFile>>,
    /// The resolved site in the default language (`None` when `site.toml` or the theme
    /// could not be read).
    pub site: Option<Site>,
    /// The same site in each other language.
    pub languages: Vec<Site>,
    /// The theme, when it loaded.
    pub theme: Option<Arc<Theme>>,
    /// Every problem, errors and warnings, silenced by `allow_warnings` and sorted.
    pub diags: Diagnostics,
    /// Pictures processed and reused.
    pub pictures: PictureCounts,
}

/// Loads and resolves the site at `opts.root` like [`prepare_with`], but keeps the site
/// and every problem whatever they are (only a failure of the environment is an `Err`).
pub(crate) fn analyze(opts: &BuildOptions, loaders: Loaders) -> anyhow::Result<Analysis> {
    let root = &opts.root;
    if !root.is_dir() {
        anyhow::bail!("{} is not a folder", root.display());
    }
    let mut diags = Diagnostics::new();
    let config = match config::load(root, opts.base_url.as_deref())? {
        Ok(c) => Some(c),
        Err(d) => {
            diags.extend(d);
            None
        }
    };
    let content_dir = root.join("content");
    if !content_dir.is_dir() {
        diags.push(
            Diagnostic::error(
                Code::MissingField,
                "content/",
                "the site has no content/ folder",
            )
            .hint(HINT_CREATE_CONTENT_WITH_AN_INDEX),
        );
    }
    let Content {
        files,
        ignored,
        bundle_files,
    } = read_content(&content_dir, loaders.content)?;
    for rel in ignored {
        let d = if rel.to_ascii_lowercase().ends_with(".md") {
            Diagnostic::warning(
                Code::IgnoredFile,
                format!("content/{rel}"),
                "this Markdown file is inside a page bundle: it is not a page and is not published",
            )
            .hint("a bundle's page is its index.md; move other pages out of the bundle's folder")
        } else {
            Diagnostic::warning(
                Code::IgnoredFile,
                format!("content/{rel}"),
                "this file is not a Markdown page and is not published",
            )
            .hint("pages end in .md; put a page's pictures in its bundle (a folder with index.md) or in static/")
        };
        diags.push(d);
    }
    for f in &files {
        diags.extend(f.diagnostics.iter().cloned());
    }
    let theme_name = config.as_ref().map_or("default", |c| c.theme.as_str());
    let theme = match (loaders.theme)(root, theme_name)? {
        Ok(t) => Some(t),
        Err(d) => {
            diags.extend(d);
            None
        }
    };
    let (Some(config), Some(theme)) = (config, theme.clone()) else {
        diags.sort();
        return Ok(Analysis {
            files,
            site: None,
            languages: Vec::new(),
            theme,
            diags,
            pictures: PictureCounts::default(),
        });
    };
    let allowed = config.allowed_warnings.clone();
    // Translation files (`x.sv.md`) join their default-language pages; the site is first
    // resolved from the default-language files alone.
    let (translations, defaults): (Vec<&Arc<ParsedFile>>, Vec<&Arc<ParsedFile>>) = files
        .iter()
        .partition(|f| crate::source::translation_of(&f.rel).is_some());
    let refs: Vec<&ParsedFile> = defaults.iter().map(|f| &***f).collect();
    let mut words: Vec<Arc<crate::i18n::Strings>> = config
        .languages
        .iter()
        .map(|l| Arc::new(theme.strings(&l.code, &mut diags)))
        .collect();
    let localized = localize_all(&config, &refs, &translations, &mut diags);
    let other_languages: Vec<(usize, String)> = config
        .languages
        .iter()
        .enumerate()
        .skip(1)
        .map(|(i, l)| (i, l.code.clone()))
        .collect();
    let language = crate::model::Language {
        code: config.language.clone(),
        index: 0,
        strings: words.remove(0),
    };
    let (mut site, resolve_diags) = crate::resolve::resolve(config, &refs, opts.drafts, language);
    diags.extend(resolve_diags);
    // Another language's pages live under `/<lang>/`: no page of the site may be there.
    for (_, code) in &other_languages {
        let prefix = format!("{code}/");
        for p in site.pages().filter(|p| p.path.starts_with(&prefix)) {
            diags.push(
                Diagnostic::error(
                    Code::UrlConflict,
                    p.display(),
                    format!("this page's URL /{} is where the site's '{code}' pages are published", p.path),
                )
                .at_line(1)
                .hint(format!("give the page another slug (slug: ... in its front matter) or rename its file: /{prefix} belongs to the language '{code}'")),
            );
        }
    }
    check_static_pictures(&theme, &mut diags);
    let media_index = media_files(&bundle_files, &theme);
    crate::resolve::media::resolve_media(&mut site, &refs, &media_index, &mut diags);
    let pictures = prepare_assets(root, &mut site, &refs, loaders.progress, &mut diags);
    // Root-relative URLs in pages (`/images/x.svg`) must name something the build writes.
    if crate::resolve::links::has_site_urls(&refs) {
        let published = render::published_paths(&site, &theme);
        crate::resolve::links::check_site_urls(&site, &refs, &published, &mut diags);
    }
    if !diags.has_errors() {
        let regions = theme.body_map_regions();
        diags.extend(crate::lint::lint(&site, &refs, regions.as_deref()));
    }
    // Every other language: the same site with each page's translation in place of the
    // default-language file. Only problems of the translation files are reported (the
    // others were, above).
    let mut languages = Vec::with_capacity(other_languages.len());
    for ((index, code), strings) in other_languages.into_iter().zip(words) {
        let own: Vec<&ParsedFile> = localized
            .iter()
            .filter(|(i, _)| *i == index)
            .map(|(_, f)| f)
            .collect();
        let by_rel: rustc_hash::FxHashMap<&str, &ParsedFile> =
            own.iter().map(|f| (f.rel.as_str(), *f)).collect();
        let files_l: Vec<&ParsedFile> = refs
            .iter()
            .map(|f| by_rel.get(f.rel.as_str()).copied().unwrap_or(f))
            .collect();
        let own_files: rustc_hash::FxHashSet<String> = own.iter().map(|f| f.display()).collect();
        let mut ld = Diagnostics::new();
        let language = crate::model::Language {
            code,
            index,
            strings,
        };
        let (mut site_l, d) =
            crate::resolve::resolve(site.config.clone(), &files_l, opts.drafts, language);
        ld.extend(d);
        crate::resolve::media::resolve_media(&mut site_l, &files_l, &media_index, &mut ld);
        prepare_assets(root, &mut site_l, &files_l, &Silent, &mut ld);
        if crate::resolve::links::has_site_urls(&files_l) {
            let published = render::published_paths(&site_l, &theme);
            crate::resolve::links::check_site_urls(&site_l, &files_l, &published, &mut ld);
        }
        if !ld.has_errors() {
            let regions = theme.body_map_regions();
            ld.extend(crate::lint::lint(&site_l, &files_l, regions.as_deref()));
        }
        diags.extend(ld.into_iter().filter(|d| own_files.contains(&d.file)));
        languages.push(site_l);
    }
    diags.silence(&allowed);
    diags.sort();
    Ok(Analysis {
        files,
        site: Some(site),
        languages,
        theme: Some(theme),
        diags,
        pictures,
    })
}

/// Joins each translation file with its default-language page (in parallel): `(index of
/// the language in `languages`, the joined file)`. A translation in a language the site
/// does not list, or without its page, is an error; so is each problem of its own.
fn localize_all(
    config: &SiteConfig,
    defaults: &[&ParsedFile],
    translations: &[&Arc<ParsedFile>],
    diags: &mut Diagnostics,
) -> Vec<(usize, ParsedFile)> {
    if translations.is_empty() {
        return Vec::new();
    }
    let by_rel: rustc_hash::FxHashMap<&str, &ParsedFile> =
        defaults.iter().map(|f| (f.rel.as_str(), *f)).collect();
    let listed: Vec<&str> = config.languages.iter().map(|l| l.code.as_str()).collect();
    /// A translation joined with its page (and its language's index), with its problems.
    type Joined = (Option<(usize, ParsedFile)>, Vec<Diagnostic>);
    let results: Vec<Joined> = translations
        .par_iter()
        .map(|t| {
            let Some(p) = &t.pending else {
                return (None, Vec::new());
            };
            let index = listed.iter().position(|l| *l == p.lang);
            match (index, by_rel.get(p.base_rel.as_str())) {
                (Some(0) | None, _) => {
                    let hint = if listed.len() > 1 {
                        format!(
                            "the site's languages are {} (languages in site.toml); add '{}' there, or rename the file if it is not a translation",
                            listed.join(", "),
                            p.lang
                        )
                    } else {
                        format!(
                            "add languages = [\"{}\", \"{}\"] to site.toml to publish the site in '{}' too, or rename the file if it is not a translation",
                            config.language, p.lang, p.lang
                        )
                    };
                    let what = if index == Some(0) {
                        format!("'{}' is the site's default language: its pages are the files without a language in their name", p.lang)
                    } else {
                        format!("this is a translation into '{}', a language the site does not list", p.lang)
                    };
                    let d = Diagnostic::error(Code::BadTranslation, t.display(), what)
                        .at_line(1)
                        .hint(if index == Some(0) { format!("rename it to content/{}", p.base_rel) } else { hint });
                    (None, vec![d])
                }
                (Some(_), None) => {
                    // `x.sv.md` beside a bundle `x/index.md` belongs in the bundle.
                    let bundle = p.base_rel.strip_suffix(".md").map(|s| format!("{s}/index.md"));
                    if let Some(b) = bundle.filter(|b| by_rel.contains_key(b.as_str())) {
                        let to = b.replace("/index.md", &format!("/index.{}.md", p.lang));
                        let d = Diagnostic::error(
                            Code::BadTranslation,
                            t.display(),
                            format!("this translation has no default-language page: the page is the bundle content/{b}"),
                        )
                        .at_line(1)
                        .hint(format!("move it into the bundle: content/{to}"));
                        return (None, vec![d]);
                    }
                    let d = Diagnostic::error(
                        Code::BadTranslation,
                        t.display(),
                        format!("this translation has no default-language page: content/{} does not exist", p.base_rel),
                    )
                    .at_line(1)
                    .hint(format!("a translation sits beside its page with the same name: write content/{} first, or rename this file after the page it translates", p.base_rel));
                    (None, vec![d])
                }
                (Some(i), Some(base)) => match crate::model::translate::localize(base, t) {
                    Some(mut f) => {
                        let d = std::mem::take(&mut f.diagnostics);
                        let ok = !d.iter().any(Diagnostic::is_error);
                        // A translation with errors is left out like any page with errors.
                        (ok.then_some((i, f)), d)
                    }
                    None => (None, Vec::new()),
                },
            }
        })
        .collect();
    let mut out = Vec::new();
    for (f, d) in results {
        diags.extend(d);
        out.extend(f);
    }
    out
}

/// [`prepare_with`] without a cache.
pub fn prepare(opts: &BuildOptions) -> Result<Prepared, BuildError> {
    prepare_with(opts, Loaders::FRESH)
}

/// Renders a prepared site into `sink`.
pub fn render_into(prepared: &Prepared, sink: &dyn Sink) -> Result<RenderStats, BuildError> {
    let (stats, diags) =
        render::render_site(&prepared.site, &prepared.languages, &prepared.theme, sink)?;
    if diags.has_errors() {
        let mut all = prepared.warnings.clone();
        all.extend(diags);
        all.sort();
        return Err(BuildError::Invalid(all));
    }
    Ok(stats)
}

/// The output folder of a build.
pub(crate) fn output_dir(opts: &BuildOptions, config: &SiteConfig) -> PathBuf {
    opts.output
        .clone()
        .unwrap_or_else(|| opts.root.join(&config.output_dir))
}

/// `movebook build`: renders the site and swaps it into the output folder. On any error the
/// previous output is left untouched.
pub fn build(opts: &BuildOptions) -> Result<BuildReport, BuildError> {
    build_observed(opts, &Silent)
}

/// [`build`], followed by `progress`.
pub(crate) fn build_observed(
    opts: &BuildOptions,
    progress: &dyn Progress,
) -> Result<BuildReport, BuildError> {
    let start = Instant::now();
    let prepared = prepare_observed(opts, progress)?;
    let target = output_dir(opts, &prepared.site.config);
    let staging = output::prepare(&opts.root, &target, opts.background_cleanup)?;
    let sink = output::DiskSink::new(staging.dir.clone());
    // On an error (or a panic) `staging` is dropped, which deletes the staging folder.
    let stats = render_observed(&prepared, &sink, progress)?;
    progress.stage(Stage::Write, None);
    staging.commit(opts.background_cleanup)?;
    Ok(BuildReport {
        stats,
        warnings: prepared.warnings,
        source_files: prepared.source_files,
        pictures: prepared.pictures,
        elapsed: start.elapsed(),
        output: Some(target),
        coverage: prepared.languages.iter().map(Coverage::of).collect(),
    })
}

/// `movebook check`: everything `build` does, templates included, without writing.
pub fn check(opts: &BuildOptions) -> Result<BuildReport, BuildError> {
    check_observed(opts, &Silent)
}

/// [`check`], followed by `progress`.
pub(crate) fn check_observed(
    opts: &BuildOptions,
    progress: &dyn Progress,
) -> Result<BuildReport, BuildError> {
    let start = Instant::now();
    let prepared = prepare_observed(opts, progress)?;
    let stats = render_observed(&prepared, &render::NullSink, progress)?;
    Ok(BuildReport {
        stats,
        warnings: prepared.warnings,
        source_files: prepared.source_files,
        pictures: prepared.pictures,
        elapsed: start.elapsed(),
        output: None,
        coverage: prepared.languages.iter().map(Coverage::of).collect(),
    })
}
