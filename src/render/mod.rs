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

pub mod diagram;
pub mod highlight;
pub mod markdown;
pub mod meta;
pub mod search;
pub mod sitemap;
pub mod views;

use std::collections::BTreeMap;
use std::hash::Hash;
use std::sync::Mutex;

use rayon::prelude::*;
use serde::Serialize;

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::model::Site;
use crate::model::front::Section;
use crate::theme::{Origin, Theme};
use views::Shared;

/// Where rendered files go. Implementations must be usable from many threads at once.
pub trait Sink: Sync {
    /// Writes one output file at `rel` (`/`-separated, e.g. `exercises/x/index.html`).
    fn write(&self, rel: &str, bytes: &[u8]) -> anyhow::Result<()>;

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
    /// Called before rendering `rel`: true when the sink already holds the page rendered
    /// from `key` and keeps it, in which case the page is not rendered.
    fn reuse(&self, rel: &str, key: u128) -> bool;
    /// Stores a page rendered from `key`.
    fn write_page(&self, rel: &str, key: u128, html: String) -> anyhow::Result<()>;
}

/// A sink that keeps nothing (for `check`).
pub struct NullSink;

impl Sink for NullSink {
    fn write(&self, _: &str, _: &[u8]) -> anyhow::Result<()> {
        Ok(())
    }
}

/// A sink that keeps every file in memory, sorted by path.
#[derive(Default)]
pub struct MemorySink {
    /// The files written so far.
    pub files: Mutex<BTreeMap<String, Vec<u8>>>,
}

impl Sink for MemorySink {
    fn write(&self, rel: &str, bytes: &[u8]) -> anyhow::Result<()> {
        self.files
            .lock()
            .map_err(|_| anyhow::anyhow!("output store poisoned"))?
            .insert(rel.to_string(), bytes.to_vec());
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
    /// Articles.
    pub articles: usize,
    /// Home and list pages.
    pub other: usize,
    /// Static files copied.
    pub static_files: usize,
}

impl RenderStats {
    /// HTML pages in all (the 404 page is not counted: it is not a page of the site).
    pub fn pages(&self) -> usize {
        self.exercises + self.muscles + self.equipment + self.paths + self.articles + self.other
    }
}

/// One page to render.
#[derive(Debug, Clone, Copy)]
enum Job {
    Home,
    List(Section),
    Exercise(usize),
    Muscle(usize),
    Equipment(usize),
    Bodyweight,
    Path(usize),
    Article(usize),
    NotFound,
}

impl Job {
    fn all(site: &Site) -> Vec<Job> {
        let mut jobs = vec![Job::Home];
        jobs.extend(Section::ALL.iter().map(|s| Job::List(*s)));
        jobs.extend((0..site.exercises.len()).map(Job::Exercise));
        jobs.extend((0..site.muscles.len()).map(Job::Muscle));
        jobs.extend((0..site.equipment.len()).map(Job::Equipment));
        if site.bodyweight_page.is_none() {
            jobs.push(Job::Bodyweight);
        }
        jobs.extend((0..site.paths.len()).map(Job::Path));
        jobs.extend((0..site.articles.len()).map(Job::Article));
        jobs.push(Job::NotFound);
        jobs
    }
}

/// How many files [`render_site`] writes for `site` (pages, generated files, static files):
/// the length of a progress bar.
pub fn planned_files(site: &Site, theme: &Theme) -> usize {
    let robots = !theme.static_files.iter().any(|s| s.rel == "robots.txt");
    Job::all(site).len() + 2 + usize::from(robots) + theme.static_files.len()
}

/// A rendered page: where it goes, and whether it was rendered (into the job's buffer) or
/// the memo kept it.
struct Rendered {
    rel: String,
    rendered: bool,
    key: Option<u128>,
}

/// The variables of one page template besides the globals: the whole Tera context of the
/// page, and (hashed) part of its memo key. Add a template variable here, never with a
/// separate `insert`, so that it is part of the key.
#[derive(Serialize, Hash)]
struct PageContext<'a, V: Serialize + Hash> {
    kind: &'a str,
    page: &'a V,
    title: &'a str,
    description: Option<&'a str>,
    url: String,
    permalink: String,
}

fn page_context<'a, V: Serialize + Hash>(
    kind: &'a str,
    view: &'a V,
    title: &'a str,
    description: Option<&'a str>,
    url: String,
    permalink: String,
) -> PageContext<'a, V> {
    PageContext {
        kind,
        page: view,
        title,
        description,
        url,
        permalink,
    }
}

/// Renders pages, or skips those the sink's memo already holds.
struct Emitter<'a> {
    tera: &'a tera::Tera,
    /// The memo and the hash of the templates and globals, when the sink memoises.
    memo: Option<(&'a dyn PageMemo, u128)>,
}

impl Emitter<'_> {
    /// Renders `template` into `out` (cleared first). The caller reuses `out` from page to
    /// page (one buffer per batch of pages a thread takes, see `map_init` in
    /// [`render_site`]), so a page costs no output allocation of its own.
    fn page<V: Serialize + Hash>(
        &self,
        template: &str,
        rel: String,
        pc: PageContext<'_, V>,
        source: String,
        out: &mut Vec<u8>,
    ) -> Result<Rendered, (tera::Error, String)> {
        let mut key = None;
        if let Some((memo, globals)) = self.memo {
            let mut h = xxhash_rust::xxh3::Xxh3::new();
            globals.hash(&mut h);
            template.hash(&mut h);
            pc.hash(&mut h);
            let k = h.digest128();
            if memo.reuse(&rel, k) {
                return Ok(Rendered {
                    rel,
                    rendered: false,
                    key: None,
                });
            }
            key = Some(k);
        }
        let ctx = tera::Context::from_serialize(&pc).map_err(|e| (e, source.clone()))?;
        out.clear();
        match self.tera.render_to(template, &ctx, &mut *out) {
            Ok(()) => Ok(Rendered {
                rel,
                rendered: true,
                key,
            }),
            Err(e) => Err((e, source)),
        }
    }
}

fn render_job(
    job: Job,
    site: &Site,
    shared: &Shared,
    emit: &Emitter,
    out: &mut Vec<u8>,
) -> Result<Rendered, (tera::Error, String)> {
    let urls = &shared.urls;
    match job {
        Job::Home => {
            let v = views::home(shared, site);
            let desc = v
                .summary
                .clone()
                .or_else(|| site.config.description.clone());
            let source = site
                .home
                .as_ref()
                .map_or("the home page".into(), |h| h.display());
            emit.page(
                "home.html",
                "index.html".into(),
                page_context(
                    "home",
                    &v,
                    &site.config.title,
                    desc.as_deref(),
                    urls.url(""),
                    urls.permalink(""),
                ),
                source,
                out,
            )
        }
        Job::List(section) => {
            let v = views::list(shared, site, section);
            let path = format!("{}/", section.dir());
            let template = match section {
                Section::Exercises => "exercises.html",
                Section::Muscles => "muscles.html",
                Section::Equipment => "equipment_list.html",
                Section::Paths => "paths.html",
            };
            let desc = site.sections.get(&section).and_then(|p| p.summary.clone());
            emit.page(
                template,
                format!("{path}index.html"),
                page_context(
                    "list",
                    &v,
                    &v.title,
                    desc.as_deref(),
                    urls.url(&path),
                    urls.permalink(&path),
                ),
                format!("the {} list page", section.dir()),
                out,
            )
        }
        Job::Exercise(i) => {
            let e = &site.exercises[i];
            let v = views::exercise(shared, site, i);
            emit.page(
                "exercise.html",
                format!("{}index.html", e.page.path),
                page_context(
                    "exercise",
                    &v,
                    &e.page.title,
                    e.page.summary.as_deref(),
                    urls.url(&e.page.path),
                    urls.permalink(&e.page.path),
                ),
                e.page.display(),
                out,
            )
        }
        Job::Muscle(i) => {
            let m = &site.muscles[i];
            let v = views::muscle(shared, site, i);
            emit.page(
                "muscle.html",
                format!("{}index.html", m.page.path),
                page_context(
                    "muscle",
                    &v,
                    &m.page.title,
                    m.page.summary.as_deref(),
                    urls.url(&m.page.path),
                    urls.permalink(&m.page.path),
                ),
                m.page.display(),
                out,
            )
        }
        Job::Equipment(i) => {
            let q = &site.equipment[i];
            let v = views::equipment(shared, site, i);
            emit.page(
                "equipment.html",
                format!("{}index.html", q.page.path),
                page_context(
                    "equipment",
                    &v,
                    &q.page.title,
                    q.page.summary.as_deref(),
                    urls.url(&q.page.path),
                    urls.permalink(&q.page.path),
                ),
                q.page.display(),
                out,
            )
        }
        Job::Bodyweight => {
            let v = views::bodyweight(shared, site);
            let path = views::BODYWEIGHT_PATH;
            emit.page(
                "equipment.html",
                format!("{path}index.html"),
                page_context(
                    "equipment",
                    &v,
                    "Bodyweight",
                    v.summary.as_deref(),
                    urls.url(path),
                    urls.permalink(path),
                ),
                "the bodyweight page".into(),
                out,
            )
        }
        Job::Path(i) => {
            let p = &site.paths[i];
            let v = views::path(shared, site, i);
            emit.page(
                "path.html",
                format!("{}index.html", p.page.path),
                page_context(
                    "path",
                    &v,
                    &p.page.title,
                    p.page.summary.as_deref(),
                    urls.url(&p.page.path),
                    urls.permalink(&p.page.path),
                ),
                p.page.display(),
                out,
            )
        }
        Job::Article(i) => {
            let a = &site.articles[i];
            let v = views::article(shared, site, a);
            emit.page(
                "article.html",
                format!("{}index.html", a.path),
                page_context(
                    "article",
                    &v,
                    &a.title,
                    a.summary.as_deref(),
                    urls.url(&a.path),
                    urls.permalink(&a.path),
                ),
                a.display(),
                out,
            )
        }
        Job::NotFound => {
            let ctx = page_context(
                "404",
                &(),
                "Page not found",
                None,
                urls.url("404.html"),
                urls.permalink("404.html"),
            );
            emit.page(
                "404.html",
                "404.html".into(),
                ctx,
                "the 404 page".into(),
                out,
            )
        }
    }
}

/// Renders every page of `site` with `theme` into `sink`, then the sitemap, the generated
/// stylesheet and the static files. Returns template problems as diagnostics; `Err` is an
/// environment failure of the sink.
pub fn render_site(
    site: &Site,
    theme: &Theme,
    sink: &dyn Sink,
) -> anyhow::Result<(RenderStats, Diagnostics)> {
    let shared = Shared::new(site);
    let mut tera = theme.tera.clone();
    // The globals: whatever is inserted here must also be hashed into `globals` below.
    tera.global_context().insert("site", &shared.site);
    let memo = sink.memo().map(|m| {
        let mut h = xxhash_rust::xxh3::Xxh3::new();
        theme.fingerprint.hash(&mut h);
        shared.site.hash(&mut h);
        (m, h.digest128())
    });
    let emit = Emitter { tera: &tera, memo };

    let jobs = Job::all(site);
    let results: Vec<Result<Option<String>, (tera::Error, String)>> = jobs
        .par_iter()
        .map_init(Vec::new, |out, &job| {
            match render_job(job, site, &shared, &emit, out) {
                Ok(r) => {
                    let written = match (r.rendered, r.key, memo) {
                        (false, _, _) => Ok(()),
                        (true, Some(key), Some((m, _))) => {
                            m.write_page(&r.rel, key, String::from_utf8_lossy(out).into_owned())
                        }
                        (true, _, _) => sink.write(&r.rel, out),
                    };
                    match written {
                        Ok(()) => Ok(Some(r.rel)),
                        Err(e) => Ok(Some(format!("\u{0}{e:#}"))),
                    }
                }
                Err(e) => Err(e),
            }
        })
        .collect();

    let mut diags = Diagnostics::new();
    let mut seen: BTreeMap<(String, Option<u32>), usize> = BTreeMap::new();
    let mut written: Vec<String> = Vec::with_capacity(results.len());
    for r in results {
        match r {
            Ok(Some(rel)) if rel.starts_with('\u{0}') => anyhow::bail!("{}", &rel[1..]),
            Ok(Some(rel)) => written.push(rel),
            Ok(None) => {}
            Err((e, page)) => {
                // A content file that changed since it was read is not a template problem.
                let text = format!("{e:#}");
                if text.contains(markdown::CHANGED_DURING_BUILD) {
                    anyhow::bail!(
                        "{page} {}: run the build again",
                        markdown::CHANGED_DURING_BUILD
                    );
                }
                for d in crate::theme::template_diagnostics(&e, &theme.sources, Some(&page)) {
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
        return Ok((RenderStats::default(), out));
    }

    let mut stats = RenderStats::default();
    for job in &jobs {
        match job {
            Job::Exercise(_) => stats.exercises += 1,
            Job::Muscle(_) => stats.muscles += 1,
            Job::Equipment(_) | Job::Bodyweight => stats.equipment += 1,
            Job::Path(_) => stats.paths += 1,
            Job::Article(_) => stats.articles += 1,
            Job::NotFound => {}
            Job::Home | Job::List(_) => stats.other += 1,
        }
    }

    // Generated files other than pages. The cards and diagrams of `shared` are not needed
    // any more: freeing them first lowers the peak memory of very large sites.
    let feed = meta::atom_feed(site, &shared);
    drop(tera);
    drop(shared);
    let (sitemap, index) = rayon::join(|| sitemap::sitemap(site, &written), || search::index(site));
    let mut generated: Vec<(String, Vec<u8>)> = vec![
        ("sitemap.xml".into(), sitemap.into_bytes()),
        ("highlight.css".into(), highlight::stylesheet().into_bytes()),
        (search::INDEX_PATH.into(), index.into_bytes()),
    ];
    if let Some(feed) = feed {
        generated.push((meta::FEED_PATH.into(), feed.into_bytes()));
    }
    let has_robots = theme.static_files.iter().any(|s| s.rel == "robots.txt");
    if !has_robots {
        generated.push((
            "robots.txt".into(),
            format!(
                "User-agent: *\nAllow: /\n\nSitemap: {}sitemap.xml\n",
                site.config.base_url
            )
            .into_bytes(),
        ));
    }
    for (rel, bytes) in &generated {
        sink.write(rel, bytes)?;
        written.push(rel.clone());
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
        sink.write(&file.rel, &file.bytes()?)?;
        stats.static_files += 1;
    }
    Ok((stats, out))
}
