//! Rendering a resolved [`Site`] into output files.
//!
//! [`render_site`] is pure apart from the [`Sink`] it writes into: the same site and theme
//! give the same bytes, whatever the sink (a folder on disk for `build`, memory for
//! `serve`, nothing for `check`). Pages render in parallel (rayon) over the immutable site;
//! no locks are taken while rendering.
//!
//! A sink may memoise pages ([`Sink::memo`], used by `serve`): each page's output is a pure
//! function of the compiled templates ([`Theme::fingerprint`]), the global `site` view and
//! its [`PageContext`], so a hash of those three is a key for its bytes. Anything a template
//! can see must therefore go through `PageContext` or the globals hashed in
//! [`render_site`]; the serve equivalence test (tests/it/serve.rs) checks this holds.

pub(crate) mod diagram;
pub(crate) mod highlight;
pub(crate) mod markdown;
pub(crate) mod meta;
pub(crate) mod offline;
mod pages;
pub(crate) mod search;
pub(crate) mod sitemap;
pub(crate) mod views;

use std::collections::BTreeMap;
use std::hash::Hash;

use rayon::prelude::*;
use serde::Serialize;

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::model::Site;
use crate::model::body::SourceChanged;
use crate::theme::{Origin, Theme};
use pages::{Counted, Emit, Job, PageSpec};
use views::Shared;

/// Where rendered files go. Implementations must be usable from many threads at once.
pub trait Sink: Sync {
    /// Writes one output file at `rel` (`/`-separated, e.g. `exercises/x/index.html`).
    fn write(&self, rel: &str, bytes: &[u8]) -> anyhow::Result<()>;

    /// Publishes the file `from` at `rel`: a processed picture from the cache
    /// (`shareable`: the sink may hard-link it instead of copying, since nothing ever
    /// writes into a cache file), or a file of the site published as it is. The default
    /// reads it and [`Sink::write`]s it.
    fn copy_file(&self, rel: &str, from: &std::path::Path, shareable: bool) -> anyhow::Result<()> {
        let _ = shareable;
        let bytes =
            std::fs::read(from).map_err(|e| anyhow::anyhow!("reading {}: {e}", from.display()))?;
        self.write(rel, &bytes)
    }

    /// A sink that remembers pages by a hash of their inputs returns itself here; pages
    /// then go through [`PageMemo`] instead of [`Sink::write`]. `None` (the default) means
    /// no keys are computed at all.
    fn memo(&self) -> Option<&dyn PageMemo> {
        None
    }
}

/// Memoised pages (see the module docs). `key` is a 128-bit hash of everything the page
/// is rendered from.
pub trait PageMemo: Sync {
    /// Called before rendering `rel`: when the sink already holds the page rendered from
    /// `key` and keeps it, the xxh3-128 hash of the bytes it keeps, and the page is not
    /// rendered.
    fn reuse(&self, rel: &str, key: u128) -> Option<u128>;
    /// Stores a page rendered from `key`.
    fn write_page(&self, rel: &str, key: u128, html: String) -> anyhow::Result<()>;
}

/// A sink that keeps nothing (for `check`).
pub struct NullSink;

impl Sink for NullSink {
    fn write(&self, _: &str, _: &[u8]) -> anyhow::Result<()> {
        Ok(())
    }

    fn copy_file(&self, _: &str, _: &std::path::Path, _: bool) -> anyhow::Result<()> {
        Ok(())
    }
}

/// Counts of what a render produced.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct RenderStats {
    /// Exercise pages.
    pub exercises: usize,
    /// Muscle pages.
    pub muscles: usize,
    /// Equipment pages (including the bodyweight page).
    pub equipment: usize,
    /// Path pages.
    pub paths: usize,
    /// Routine pages.
    pub routines: usize,
    /// Articles.
    pub articles: usize,
    /// Home and list pages.
    pub other: usize,
    /// Static files copied.
    pub static_files: usize,
    /// Files of pictures, videos and captions published.
    pub media_files: usize,
    /// Languages the pages were rendered in (the counts above are of all of them).
    pub languages: usize,
}

impl RenderStats {
    /// HTML pages in all (the 404 page is not counted: it is not a page of the site).
    pub fn pages(&self) -> usize {
        self.exercises
            + self.muscles
            + self.equipment
            + self.paths
            + self.routines
            + self.articles
            + self.other
    }
}

/// Why rendering stopped: failures of the environment, never problems of the site (those
/// come back as diagnostics).
#[derive(Debug)]
pub enum RenderError {
    /// The sink could not take a file (a full disk, a folder that vanished).
    Sink(anyhow::Error),
    /// A content file changed between reading and rendering.
    SourceChanged(SourceChanged),
}

impl std::fmt::Display for RenderError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RenderError::Sink(e) => write!(f, "{e:#}"),
            RenderError::SourceChanged(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for RenderError {}

impl From<anyhow::Error> for RenderError {
    fn from(e: anyhow::Error) -> Self {
        RenderError::Sink(e)
    }
}

/// How many files [`render_site`] writes for `site` (pages, generated files, static files):
/// the length of a progress bar. Counted from the lists the render writes from.
pub(crate) fn planned_files(site: &Site, others: &[Site], theme: &Theme) -> usize {
    let sites: Vec<&Site> = std::iter::once(site).chain(others).collect();
    let languages = views::Languages::new(&sites);
    let pages: usize = sites
        .iter()
        .map(|s| {
            Job::all(s)
                .into_iter()
                .filter(|j| {
                    j.page(s)
                        .is_none_or(|p| languages.publishes(s.language.index, &p.path))
                })
                .count()
        })
        .sum();
    // The search index and the feed are written once per language.
    let per_language = Generated::of(site, theme)
        .iter()
        .filter(|g| matches!(g, Generated::SearchIndex | Generated::Feed))
        .count();
    pages
        + Generated::of(site, theme).len()
        + per_language * others.len()
        + theme.static_files.len()
        + views::media::output_count(site)
}

/// The paths of everything [`render_site`] writes for `site`, relative to the output
/// folder: each page's URL path (`exercises/x/`, `""` for the home page, `404.html`), the
/// generated files and the static files. What a root-relative URL in a page may name.
pub(crate) fn published_paths(site: &Site, theme: &Theme) -> rustc_hash::FxHashSet<String> {
    let mut out: rustc_hash::FxHashSet<String> = Job::all(site)
        .into_iter()
        .map(|job| job.path(site).into_owned())
        .collect();
    out.extend(
        Generated::of(site, theme)
            .into_iter()
            .map(|g| g.rel().to_string()),
    );
    out.extend(theme.static_files.iter().map(|f| f.rel.clone()));
    out
}

/// A rendered page: where it goes, and whether it was rendered (into the job's buffer) or
/// the memo kept it.
struct Rendered {
    rel: String,
    rendered: bool,
    key: Option<u128>,
    /// When the memo kept the page: the hash of the bytes it kept.
    kept: u128,
}

/// The variables of one page template besides the globals: the whole Tera context of the
/// page, and (hashed) part of its memo key. Add a template variable here (and to
/// [`PageSpec`]), never with a separate `insert`, so that it is part of the key.
#[derive(Serialize, Hash)]
struct PageContext<'a, V: Serialize + Hash> {
    kind: &'a str,
    page: &'a V,
    title: &'a str,
    description: Option<&'a str>,
    url: String,
    permalink: String,
    /// The page's picture when shared (`og:image`), or null.
    image: Option<&'a views::ImageView>,
    /// The page in every language of the site (empty for a site in one language).
    alternates: Vec<views::AlternateView>,
    /// `"page"` when the page has no translation in its language (its text is the
    /// default language's), `"partly"` when its translation leaves some text to the
    /// default language, else null.
    untranslated: Option<&'static str>,
    /// The language of the page's text.
    text_lang: &'a str,
}

/// A page that could not be rendered: the template error and the page it broke.
struct PageFailed {
    error: tera::Error,
    page: String,
}

/// Renders pages, or skips those the sink's memo already holds.
struct Emitter<'a> {
    tera: &'a tera::Tera,
    urls: &'a views::Urls,
    /// The site being rendered (its language).
    site: &'a Site,
    /// Every language of the render.
    languages: &'a views::Languages,
    /// The memo and the hash of the templates and globals, when the sink memoises.
    memo: Option<(&'a dyn PageMemo, u128)>,
}

/// An [`Emitter`] with the buffer of the thread rendering the page.
struct Into<'e, 'o> {
    emitter: &'e Emitter<'e>,
    out: &'o mut Vec<u8>,
}

impl Emit<Result<Rendered, PageFailed>> for Into<'_, '_> {
    /// Renders the page into `out` (cleared first). The caller reuses `out` from page to
    /// page (one buffer per batch of pages a thread takes, see `map_init` in
    /// [`render_site`]), so a page costs no output allocation of its own.
    fn emit<V: Serialize + Hash>(self, spec: PageSpec<'_, V>) -> Result<Rendered, PageFailed> {
        let Into { emitter, out } = self;
        let rel = format!("{}{}", emitter.urls.prefix(), spec.output_file());
        let template = spec.template.name();
        let lang = &emitter.site.language;
        let (untranslated, text_lang) = match spec.page {
            Some(p) if !lang.is_default() => match &p.translation {
                None => (Some("page"), emitter.site.config.language.as_str()),
                Some(t) if !t.fallback.is_empty() => (Some("partly"), lang.code.as_str()),
                Some(_) => (None, lang.code.as_str()),
            },
            _ => (None, lang.code.as_str()),
        };
        let own_path = spec.page.map_or(spec.path.as_ref(), |p| p.path.as_str());
        let pc = PageContext {
            alternates: emitter
                .languages
                .alternates(&spec.path, own_path, lang.index),
            untranslated,
            text_lang,
            kind: spec.kind,
            page: &spec.view,
            title: &spec.title,
            description: spec.description.as_deref(),
            url: emitter.urls.url(&spec.path),
            permalink: emitter.urls.permalink(&spec.path),
            image: spec.image.as_ref(),
        };
        let mut key = None;
        if let Some((memo, globals)) = emitter.memo {
            let mut h = xxhash_rust::xxh3::Xxh3::new();
            globals.hash(&mut h);
            template.hash(&mut h);
            pc.hash(&mut h);
            let k = h.digest128();
            if let Some(kept) = memo.reuse(&rel, k) {
                return Ok(Rendered {
                    rel,
                    rendered: false,
                    key: None,
                    kept,
                });
            }
            key = Some(k);
        }
        let failed = |error| PageFailed {
            error,
            page: spec.source.clone(),
        };
        let ctx = tera::Context::from_serialize(&pc).map_err(failed)?;
        out.clear();
        emitter
            .tera
            .render_to(template, &ctx, &mut *out)
            .map_err(failed)?;
        Ok(Rendered {
            rel,
            rendered: true,
            key,
            kept: 0,
        })
    }
}

/// The files a render generates besides pages, in the order they are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Generated {
    Sitemap,
    HighlightCss,
    SearchIndex,
    /// Only when some page has a date.
    Feed,
    /// Only when the theme and the site have no `static/robots.txt`.
    Robots,
    /// The web app manifest (`[offline] enabled`).
    Manifest,
    /// The script that registers the service worker (`[offline] enabled`).
    OfflineScript,
    /// The service worker, written last (its version hashes every other file): the
    /// offline copy with `[offline] enabled`, else one that removes an earlier one, unless
    /// the site has a `static/sw.js` of its own.
    ServiceWorker,
}

impl Generated {
    /// The generated files of `site` with `theme`.
    fn of(site: &Site, theme: &Theme) -> Vec<Generated> {
        let mut all = vec![
            Generated::Sitemap,
            Generated::HighlightCss,
            Generated::SearchIndex,
        ];
        if meta::has_feed(site) {
            all.push(Generated::Feed);
        }
        if !theme.static_files.iter().any(|s| s.rel == "robots.txt") {
            all.push(Generated::Robots);
        }
        if site.config.offline.enabled {
            all.extend([
                Generated::Manifest,
                Generated::OfflineScript,
                Generated::ServiceWorker,
            ]);
        } else if !theme.static_files.iter().any(|s| s.rel == offline::WORKER) {
            all.push(Generated::ServiceWorker);
        }
        all
    }

    fn rel(self) -> &'static str {
        match self {
            Generated::Sitemap => "sitemap.xml",
            Generated::HighlightCss => "highlight.css",
            Generated::SearchIndex => search::INDEX_PATH,
            Generated::Feed => meta::FEED_PATH,
            Generated::Robots => "robots.txt",
            Generated::Manifest => offline::MANIFEST,
            Generated::OfflineScript => offline::SCRIPT,
            Generated::ServiceWorker => offline::WORKER,
        }
    }
}

/// Renders the pages of one language's `site` into `sink`, then its search index and
/// feed (under its prefix): adds what it wrote to `written` (and, with `[offline]
/// enabled`, a hash of each file to `hashes`). Returns template problems and the counts.
fn render_language(
    site: &Site,
    body_map: Option<Vec<String>>,
    languages: &views::Languages,
    theme: &Theme,
    sink: &dyn Sink,
    written: &mut Vec<String>,
    hashes: &mut Vec<u128>,
) -> Result<(Diagnostics, RenderStats), RenderError> {
    let shared = Shared::with_languages(site, body_map, languages);
    let words = &site.language.strings;
    let mut tera = theme.localized(words);
    crate::theme::register_tr(&mut tera, site.language.strings.clone());
    // The globals: whatever is inserted here must also be hashed into `globals` below.
    // Left out when they are the scripts' own English words.
    let json = |section: &str| {
        words
            .client_words(section)
            .map(|v| v.to_string())
            .unwrap_or_default()
    };
    let labels = Labels {
        search: json("search"),
        filters: json("filters"),
    };
    tera.global_context().insert("site", &shared.site);
    tera.global_context().insert("t", words.tera_value());
    tera.global_context().insert("labels", &labels);
    let memo = sink.memo().map(|m| {
        let mut h = xxhash_rust::xxh3::Xxh3::new();
        theme.fingerprint.hash(&mut h);
        shared.site.hash(&mut h);
        words.fingerprint().hash(&mut h);
        (m, h.digest128())
    });
    let li = site.language.index;
    let emitter = Emitter {
        tera: &tera,
        urls: &shared.urls,
        site,
        languages,
        memo,
    };

    /// What became of one page.
    enum Outcome {
        /// The page's path and, with `[offline] enabled`, a hash of its bytes.
        Written(String, u128),
        Failed(PageFailed),
        SinkFailed(anyhow::Error),
    }
    let hash_pages = site.config.offline.enabled;
    let jobs: Vec<Job> = Job::all(site)
        .into_iter()
        .filter(|j| {
            j.page(site)
                .is_none_or(|p| languages.publishes(li, &p.path))
        })
        .collect();
    let outcomes: Vec<Outcome> = jobs
        .par_iter()
        .map_init(Vec::new, |out, &job| {
            let r = match job.describe(
                site,
                &shared,
                Into {
                    emitter: &emitter,
                    out,
                },
            ) {
                Ok(r) => r,
                Err(failed) => return Outcome::Failed(failed),
            };
            let hash = match (hash_pages, r.rendered) {
                (false, _) => 0,
                (true, true) => xxhash_rust::xxh3::xxh3_128(out),
                (true, false) => r.kept,
            };
            let written = match (r.rendered, r.key, memo) {
                (false, _, _) => Ok(()),
                (true, Some(key), Some((m, _))) => {
                    m.write_page(&r.rel, key, String::from_utf8_lossy(out).into_owned())
                }
                (true, _, _) => sink.write(&r.rel, out),
            };
            match written {
                Ok(()) => Outcome::Written(r.rel, hash),
                Err(e) => Outcome::SinkFailed(e),
            }
        })
        .collect();
    // A content file that changed since it was read is not a template problem.
    if let Some(changed) = shared.take_changed() {
        return Err(RenderError::SourceChanged(changed));
    }

    let mut diags = Diagnostics::new();
    let mut seen: BTreeMap<(String, Option<u32>), usize> = BTreeMap::new();
    for outcome in outcomes {
        match outcome {
            Outcome::Written(rel, hash) => {
                written.push(rel);
                if hash_pages {
                    hashes.push(hash);
                }
            }
            Outcome::SinkFailed(e) => return Err(RenderError::Sink(e)),
            Outcome::Failed(PageFailed { error, page }) => {
                for d in crate::theme::template_diagnostics(&error, &theme.sources, Some(&page)) {
                    let key = (d.file.clone(), d.start.map(|p| p.line));
                    *seen.entry(key.clone()).or_default() += 1;
                    if seen[&key] == 1 {
                        diags.push(d);
                    }
                }
            }
        }
    }
    // One diagnostic per template error, saying how many pages it broke.
    let mut out = Diagnostics::new();
    for mut d in diags {
        let n = seen
            .get(&(d.file.clone(), d.start.map(|p| p.line)))
            .copied()
            .unwrap_or(1);
        if n > 1 {
            d.message = format!("{} (and {} other pages)", d.message, n - 1);
        }
        out.push(d);
    }
    if out.has_errors() {
        return Ok((out, RenderStats::default()));
    }

    let mut stats = RenderStats::default();
    for job in &jobs {
        match job.counted() {
            Counted::Exercise => stats.exercises += 1,
            Counted::Muscle => stats.muscles += 1,
            Counted::Equipment => stats.equipment += 1,
            Counted::Path => stats.paths += 1,
            Counted::Routine => stats.routines += 1,
            Counted::Article => stats.articles += 1,
            Counted::Other => stats.other += 1,
            Counted::Uncounted => {}
        }
    }

    // The language's search index and feed. The cards and diagrams of `shared` are not
    // needed any more: freeing them first lowers the peak memory of very large sites.
    let feed = if meta::has_feed(site) {
        meta::atom_feed(site, &shared)
    } else {
        None
    };
    let prefix = site.language.prefix();
    drop(tera);
    drop(shared);
    let keep = |path: &str| languages.publishes(li, path);
    let mut files = vec![(
        format!("{prefix}{}", search::INDEX_PATH),
        search::index(site, &keep).into_bytes(),
    )];
    if let Some(feed) = feed {
        files.push((format!("{prefix}{}", meta::FEED_PATH), feed.into_bytes()));
    }
    for (rel, bytes) in files {
        sink.write(&rel, &bytes)?;
        if hash_pages {
            hashes.push(xxhash_rust::xxh3::xxh3_128(&bytes));
        }
        written.push(rel);
    }
    Ok((out, stats))
}

/// The labels of the theme's client scripts (`labels` in templates): JSON objects of the
/// `[search]` and `[filters]` sections of the language's words, or empty when they are
/// the built-in English words (the scripts' own).
#[derive(Serialize, Hash)]
struct Labels {
    search: String,
    filters: String,
}

/// Renders every page of `site` (the default language) and of `others` (the same site in
/// each other language, published under `/<lang>/`) with `theme` into `sink`, then the
/// sitemap, the generated files and the static files. Returns template problems as
/// diagnostics; `Err` is a failure of the environment (the sink, or a content file
/// changed while rendering).
pub(crate) fn render_site(
    site: &Site,
    others: &[Site],
    theme: &Theme,
    sink: &dyn Sink,
) -> Result<(RenderStats, Diagnostics), RenderError> {
    let sites: Vec<&Site> = std::iter::once(site).chain(others).collect();
    let languages = views::Languages::new(&sites);
    // The theme's body map is read once for every language.
    let body_map = theme.body_map_regions();
    // The service worker's version hashes every page (see `offline`).
    let hash_pages = site.config.offline.enabled;
    let mut written: Vec<String> = Vec::new();
    let mut hashes: Vec<u128> = Vec::new();
    let mut stats = RenderStats::default();
    let mut out = Diagnostics::new();
    for s in &sites {
        let (d, st) = render_language(
            s,
            body_map.clone(),
            &languages,
            theme,
            sink,
            &mut written,
            &mut hashes,
        )?;
        out.extend(d);
        stats.exercises += st.exercises;
        stats.muscles += st.muscles;
        stats.equipment += st.equipment;
        stats.paths += st.paths;
        stats.routines += st.routines;
        stats.articles += st.articles;
        stats.other += st.other;
        stats.languages += 1;
    }
    if out.has_errors() {
        return Ok((RenderStats::default(), out));
    }

    // Generated files shared by all languages.
    let generated = Generated::of(site, theme);
    let prefixes: Vec<(String, String)> = sites
        .iter()
        .map(|s| (s.language.code.clone(), s.language.prefix()))
        .collect();
    let mut sitemaps = Some(sitemap::sitemaps(site, &written, &prefixes));
    for file in generated {
        let bytes = match file {
            Generated::Sitemap => {
                // `sitemap.xml` (or the index of the parts) below, the parts here.
                let mut files = sitemaps.take().unwrap_or_default().into_iter();
                let first = files.next().map(|(_, text)| text).unwrap_or_default();
                for (rel, text) in files {
                    sink.write(&rel, text.as_bytes())?;
                    if hash_pages {
                        hashes.push(xxhash_rust::xxh3::xxh3_128(text.as_bytes()));
                    }
                    written.push(rel);
                }
                first.into_bytes()
            }
            Generated::HighlightCss => highlight::stylesheet().into_bytes(),
            // Written with each language's pages.
            Generated::SearchIndex | Generated::Feed => continue,
            Generated::Robots => format!(
                "User-agent: *\nAllow: /\n\nSitemap: {}sitemap.xml\n",
                site.config.base_url
            )
            .into_bytes(),
            Generated::Manifest => offline::manifest(site, theme).into_bytes(),
            Generated::OfflineScript => offline::REGISTER.as_bytes().to_vec(),
            Generated::ServiceWorker if hash_pages => {
                let files: Vec<offline::Hashed<'_>> = written
                    .iter()
                    .map(String::as_str)
                    .zip(hashes.iter().copied())
                    .collect();
                offline::service_worker(site, others, theme, &files)?.into_bytes()
            }
            Generated::ServiceWorker => offline::REMOVER.as_bytes().to_vec(),
        };
        sink.write(file.rel(), &bytes)?;
        if hash_pages {
            hashes.push(xxhash_rust::xxh3::xxh3_128(&bytes));
        }
        written.push(file.rel().to_string());
    }

    // Static files may not replace generated files.
    let generated_set: std::collections::HashSet<&str> =
        written.iter().map(String::as_str).collect();
    for file in &theme.static_files {
        if generated_set.contains(file.rel.as_str()) {
            let shown = match &file.origin {
                Origin::Disk(p) => p.display().to_string(),
                Origin::Embedded(_) => format!("(built-in) static/{}", file.rel),
            };
            out.push(
                Diagnostic::error(
                    crate::diagnostic::Code::UrlConflict,
                    shown,
                    format!("the static file would replace the generated /{}", file.rel),
                )
                .hint("rename or move the static file"),
            );
        }
    }
    if out.has_errors() {
        return Ok((RenderStats::default(), out));
    }
    for file in &theme.static_files {
        let bytes = file.bytes()?;
        // A photo in static/ is published as it is, but never with its metadata (a
        // phone's GPS position, the camera's serial number).
        let format = std::path::Path::new(&file.rel)
            .extension()
            .and_then(|e| e.to_str())
            .and_then(crate::media::Format::from_ext);
        match format {
            Some(f) if matches!(file.origin, Origin::Disk(_)) => {
                match crate::media::strip_metadata(&bytes, f) {
                    Ok(clean) => sink.write(&file.rel, &clean)?,
                    Err(e) => out.push(
                        Diagnostic::error(
                            crate::diagnostic::Code::BadImage,
                            format!("static/{}", file.rel),
                            format!("static/{} {e}", file.rel),
                        )
                        .hint("save the picture again as JPEG, PNG, WebP or GIF, or remove it"),
                    ),
                }
            }
            _ => sink.write(&file.rel, &bytes)?,
        }
        stats.static_files += 1;
    }
    if out.has_errors() {
        return Ok((RenderStats::default(), out));
    }
    // Pictures, videos and captions: many small files (four per photo), linked or copied
    // in parallel.
    let media = views::media::outputs(site);
    media
        .par_iter()
        .try_for_each(|(rel, from, processed)| sink.copy_file(rel, from, *processed))?;
    stats.media_files = media.len();
    Ok((stats, out))
}

#[cfg(test)]
mod tests {
    use std::sync::Mutex;

    use super::*;

    /// Remembers the path of every file written.
    #[derive(Default)]
    struct Paths(Mutex<Vec<String>>);

    impl Sink for Paths {
        fn write(&self, rel: &str, _: &[u8]) -> anyhow::Result<()> {
            self.0
                .lock()
                .map_err(|_| anyhow::anyhow!("poisoned"))?
                .push(rel.to_string());
            Ok(())
        }
    }

    #[test]
    fn planned_files_counts_exactly_the_files_written() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        // The shipped guide has dated pages (a feed) and no robots.txt of its own; the
        // minimal fixture has neither dates nor articles.
        for site_root in [root.to_path_buf(), root.join("tests/fixtures/minimal")] {
            let opts = crate::pipeline::BuildOptions {
                root: site_root.clone(),
                ..Default::default()
            };
            let Ok(prepared) = crate::pipeline::prepare(&opts) else {
                panic!("{} prepares", site_root.display())
            };
            let sink = Paths::default();
            let (stats, diags) =
                render_site(&prepared.site, &prepared.languages, &prepared.theme, &sink)
                    .expect("renders");
            assert!(!diags.has_errors());
            let written = sink.0.into_inner().expect("paths");
            assert_eq!(
                written.len(),
                planned_files(&prepared.site, &prepared.languages, &prepared.theme),
                "{}: {written:?}",
                site_root.display()
            );
            let generated = Generated::of(&prepared.site, &prepared.theme);
            for file in &generated {
                assert!(
                    written.iter().any(|w| w == file.rel()),
                    "{file:?} not written"
                );
            }
            assert_eq!(stats.static_files, prepared.theme.static_files.len());
        }
    }
}
