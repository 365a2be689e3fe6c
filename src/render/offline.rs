//! The offline copy (`[offline]` in site.toml): the web app manifest, the script that
//! registers the service worker, and the service worker itself.
//!
//! The service worker (`sw.js`, at the base path, its scope) precaches the app shell, every
//! routine page, the exercise pages those routines use and the picture files those pages
//! show; it caches other pages as they are visited (see the comments of
//! `offline/sw.js`). Its cache is named by a version: a hash of every file the build
//! writes (pages by their bytes, static files by theirs, published media by their names,
//! which carry a hash of their content), so the version changes whenever anything the
//! worker may serve changes, and two builds of the same input write the same `sw.js`.
//!
//! With `[offline] enabled = false` the build writes no manifest and no registration
//! script, and pages do not link them; `sw.js` is then a worker that only removes itself
//! and the caches of an earlier movebook worker ([`REMOVER`]), so that readers who
//! installed the site before are not left with an old copy forever. `serve` answers
//! `sw.js` with that same remover and the registration script with [`SERVE_SCRIPT`].

use std::hash::Hash;

use serde::Serialize;

use crate::html::escape;
use crate::model::media::Show;
use crate::model::{PageBase, Site};
use crate::theme::Theme;

/// The web app manifest.
pub(crate) const MANIFEST: &str = "manifest.webmanifest";
/// The script that registers the service worker.
pub(crate) const SCRIPT: &str = "offline.js";
/// The service worker, at the site's base path.
pub(crate) const WORKER: &str = "sw.js";
/// How every service worker movebook writes begins (and how `serve` tells them from a
/// site's own `static/sw.js`).
pub(crate) const MARKER: &str = "// movebook service worker";
/// The registration script.
pub(crate) const REGISTER: &str = include_str!("offline/register.js");
/// A service worker that deletes the caches of a movebook worker of its scope, unregisters
/// itself and reloads the pages it controlled.
pub(crate) const REMOVER: &str = include_str!("offline/remove.js");
/// What `serve` answers for [`SCRIPT`]: removes any service worker and movebook cache of
/// the preview's address.
pub(crate) const SERVE_SCRIPT: &str = include_str!("offline/serve.js");
/// The service worker's code; `/*BUILD*/` is replaced by the build's data.
const WORKER_JS: &str = include_str!("offline/sw.js");

/// The colours of the default theme: the page background (splash screen) and the header
/// (the window's title bar when installed).
const BACKGROUND_COLOR: &str = "#ffffff";
const THEME_COLOR: &str = "#f4f6f5";

/// The icons the manifest lists when the theme (or the site's `static/`) has them: file,
/// `sizes`, `purpose`.
const ICONS: &[(&str, &str, &str)] = &[
    ("icon-192.png", "192x192", "any"),
    ("icon-512.png", "512x512", "any"),
    ("icon-maskable-512.png", "512x512", "maskable"),
    ("favicon.svg", "any", "any"),
];

/// Static files of the app shell besides scripts, stylesheets and fonts.
const SHELL_FILES: &[&str] = &["favicon.svg", "bodymap.svg"];

/// Extensions of static files that belong to the app shell.
const SHELL_EXTENSIONS: &[&str] = &["css", "js", "mjs", "woff", "woff2"];

/// The 404 page (`Job::NotFound`), shown offline for a page that is not saved.
const FALLBACK: &str = "404.html";

/// At most this many routines are offered as shortcuts of the installed app.
const MAX_SHORTCUTS: usize = 4;

#[derive(Serialize)]
struct Manifest<'a> {
    id: &'a str,
    name: &'a str,
    short_name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<&'a str>,
    lang: &'a str,
    start_url: &'a str,
    scope: &'a str,
    display: &'static str,
    background_color: &'static str,
    theme_color: &'static str,
    icons: Vec<Icon>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    shortcuts: Vec<Shortcut>,
}

#[derive(Serialize)]
struct Icon {
    src: String,
    sizes: &'static str,
    #[serde(rename = "type")]
    mime: &'static str,
    purpose: &'static str,
}

#[derive(Serialize)]
struct Shortcut {
    name: String,
    url: String,
}

/// `manifest.webmanifest`: the site's name, the base path as start URL and scope, the
/// theme's colours and icons, and the first routines as shortcuts.
pub(super) fn manifest(site: &Site, theme: &Theme) -> String {
    let base = site.config.base_path();
    let icons = ICONS
        .iter()
        .filter(|(file, ..)| theme.static_files.iter().any(|s| s.rel == *file))
        .map(|&(file, sizes, purpose)| Icon {
            src: format!("{base}{file}"),
            sizes,
            mime: if file.ends_with(".svg") {
                "image/svg+xml"
            } else {
                "image/png"
            },
            purpose,
        })
        .collect();
    let m = Manifest {
        id: base,
        name: &site.config.title,
        short_name: &site.config.title,
        description: site.config.description.as_deref(),
        lang: &site.config.language,
        start_url: base,
        scope: base,
        display: "standalone",
        background_color: BACKGROUND_COLOR,
        theme_color: THEME_COLOR,
        icons,
        shortcuts: site
            .routines
            .iter()
            .take(MAX_SHORTCUTS)
            .map(|r| Shortcut {
                name: r.page.title.clone(),
                url: format!("{base}{}", r.page.path),
            })
            .collect(),
    };
    let mut out = serde_json::to_string_pretty(&m).unwrap_or_default();
    out.push('\n');
    out
}

/// What `sw.js` is told about the build.
#[derive(Serialize)]
struct BuildData {
    /// The cache version.
    version: String,
    /// `[path relative to the base path, hash of its bytes]`; the hash is empty for files
    /// whose name carries it (published pictures).
    precache: Vec<(String, String)>,
    /// The page shown for a page that is not saved, offline (the 404 page).
    fallback: &'static str,
    /// Its `<title>` and what replaces its `<main>` content (HTML).
    title: String,
    note: String,
    /// The same for each other language of the site (pages under its prefix).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    languages: Vec<LanguageData>,
}

/// What the worker shows offline for an unsaved page of one language.
#[derive(Serialize)]
struct LanguageData {
    /// The language's pages start with it, below the base path (`sv/`).
    prefix: String,
    /// Its 404 page.
    fallback: String,
    /// The `<title>` and the note (HTML) in its words.
    title: String,
    note: String,
}

/// The offline page's title (escaped) and note (HTML) in the language of `site`.
fn offline_note(site: &Site, base: &str) -> (String, String) {
    let w = &site.language.strings;
    let home = format!("{base}{}", site.language.prefix());
    let mut links = vec![format!(
        "<li><a href=\"{}\">{}</a></li>",
        escape(&home),
        escape(w.get("offline.home"))
    )];
    if !site.routines.is_empty() {
        links.insert(
            0,
            format!(
                "<li><a href=\"{}routines/\">{}</a></li>",
                escape(&home),
                escape(w.get("offline.routines"))
            ),
        );
    }
    let note = format!(
        "<article class=\"not-found offline-note\">\n  <header class=\"page-header\">\n    <h1>{}</h1>\n    <p class=\"lead\">{}</p>\n  </header>\n  <ul>\n    {}\n  </ul>\n</article>\n",
        escape(w.get("offline.heading")),
        escape(w.get("offline.lead")),
        links.join("\n    ")
    );
    let title = escape(&w.fmt("offline.title", &[("site", site.title())]));
    (title, note)
}

/// The precache list: `(URL relative to the base path, revision)`, each URL once, in the
/// order first added.
#[derive(Default)]
struct Precache {
    list: Vec<(String, String)>,
    urls: rustc_hash::FxHashSet<String>,
}

impl Precache {
    fn push(&mut self, url: String, rev: String) {
        if self.urls.insert(url.clone()) {
            self.list.push((url, rev));
        }
    }
}

/// The output file of a page at `path` (`x/` → `x/index.html`).
fn page_file(path: &str) -> String {
    format!("{path}index.html")
}

/// The URL of an output file relative to the base path (`x/index.html` → `x/`,
/// `index.html` → `./`).
fn url_of(rel: &str) -> String {
    match rel.strip_suffix("index.html") {
        Some("") => "./".to_string(),
        Some(dir) if dir.ends_with('/') => dir.to_string(),
        _ => rel.to_string(),
    }
}

/// The files written so far: each output path with a hash of its bytes.
pub(super) type Hashed<'a> = (&'a str, u128);

/// `sw.js` for `site`, given every page and generated file written before it (`written`,
/// with the hash of their bytes).
pub(super) fn service_worker(
    site: &Site,
    others: &[Site],
    theme: &Theme,
    written: &[Hashed<'_>],
) -> anyhow::Result<String> {
    let base = site.config.base_path();
    // The version: every output, by path and content.
    let mut all: Vec<(String, u128)> = written.iter().map(|&(r, h)| (r.to_string(), h)).collect();
    for file in &theme.static_files {
        all.push((
            file.rel.clone(),
            xxhash_rust::xxh3::xxh3_128(&file.bytes()?),
        ));
    }
    let media = super::views::media::outputs(site);
    all.extend(media.iter().map(|(rel, ..)| (rel.clone(), 0)));
    all.sort_unstable();
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    env!("CARGO_PKG_VERSION").hash(&mut h);
    WORKER_JS.hash(&mut h);
    all.hash(&mut h);
    let version = format!("{:016x}", h.digest());

    let rev = |rel: &str| {
        all.binary_search_by(|(r, _)| r.as_str().cmp(rel))
            .ok()
            .map(|i| format!("{:08x}", all[i].1 >> 96))
    };
    // The precache list, in order, and the URLs in it.
    let mut precache = Precache::default();
    let add = |rel: &str, precache: &mut Precache| {
        if let Some(r) = rev(rel) {
            precache.push(url_of(rel), r);
        }
    };
    // The shell: home, 404, scripts, stylesheets, the search index, the manifest.
    add("index.html", &mut precache);
    add(FALLBACK, &mut precache);
    for (rel, _) in written {
        let generated_shell = *rel == "highlight.css"
            || *rel == super::search::INDEX_PATH
            || *rel == MANIFEST
            || *rel == SCRIPT;
        if generated_shell {
            add(rel, &mut precache);
        }
    }
    for file in &theme.static_files {
        let ext = file.rel.rsplit_once('.').map_or("", |(_, e)| e);
        if SHELL_FILES.contains(&file.rel.as_str()) || SHELL_EXTENSIONS.contains(&ext) {
            add(&file.rel, &mut precache);
        }
    }
    // Every page under routines/ (the routines and their list), then the exercises they use.
    for (rel, _) in written {
        if rel.starts_with("routines/") && rel.ends_with("index.html") {
            add(rel, &mut precache);
        }
    }
    let mut pages: Vec<&PageBase> = site.routines.iter().map(|r| &r.page).collect();
    let mut exercises: Vec<usize> = Vec::new();
    let mut seen = rustc_hash::FxHashSet::default();
    for r in &site.routines {
        for s in &r.steps {
            if seen.insert(s.exercise) {
                let e = &site.exercises[s.exercise].page;
                add(&page_file(&e.path), &mut precache);
                pages.push(e);
                exercises.push(s.exercise);
            }
        }
    }
    // The pictures those pages show: their own, and the thumbnails of the cards they show
    // (a routine's card, an exercise's easier and harder ones).
    let urls = super::views::Urls::new(site);
    let pictures = super::views::media::Pictures::new(&urls, site);
    let first = |media| super::views::media::first_image(&pictures, media);
    let mut thumbs: Vec<String> = Vec::new();
    for r in &site.routines {
        let image = first(&r.page.media).or_else(|| {
            let s = r.steps.first()?;
            first(&site.exercises[s.exercise].page.media)
        });
        thumbs.extend(image.map(|i| i.thumb));
    }
    for &e in &exercises {
        let e = &site.exercises[e];
        for &x in e.easier.iter().chain(&e.harder) {
            thumbs.extend(first(&site.exercises[x].page.media).map(|i| i.thumb));
        }
    }
    for url in thumbs {
        if let Some(rel) = url.strip_prefix(base) {
            precache.push(rel.to_string(), String::new());
        }
    }
    for page in pages {
        let assets = page
            .media
            .iter()
            .flat_map(|m| match &m.show {
                Show::Picture(a) => vec![*a],
                Show::Video {
                    poster, captions, ..
                } => poster.iter().chain(captions.iter()).copied().collect(),
                Show::Hosted { poster, .. } => poster.iter().copied().collect(),
            })
            .chain(page.body_images.iter().map(|&(_, a)| a));
        for a in assets {
            for url in picture_files(&pictures, a) {
                if let Some(rel) = url.strip_prefix(base) {
                    precache.push(rel.to_string(), String::new());
                }
            }
        }
    }

    // Each other language: its shell, its routine pages and the exercises they use (the
    // pictures are the same files), and its own offline note.
    let mut languages = Vec::new();
    for other in others {
        let prefix = other.language.prefix();
        add(&format!("{prefix}index.html"), &mut precache);
        add(&format!("{prefix}{FALLBACK}"), &mut precache);
        add(
            &format!("{prefix}{}", super::search::INDEX_PATH),
            &mut precache,
        );
        let routines = format!("{prefix}routines/");
        for (rel, _) in written {
            if rel.starts_with(&routines) && rel.ends_with("index.html") {
                add(rel, &mut precache);
            }
        }
        for &e in &exercises {
            let path = &site.exercises[e].page.path;
            add(&format!("{prefix}{}", page_file(path)), &mut precache);
        }
        let (title, note) = offline_note(other, base);
        languages.push(LanguageData {
            prefix,
            fallback: format!("{}{FALLBACK}", other.language.prefix()),
            title,
            note,
        });
    }
    let (title, note) = offline_note(site, base);
    let data = BuildData {
        version,
        precache: precache.list,
        fallback: FALLBACK,
        title,
        note,
        languages,
    };
    let json = serde_json::to_string(&data)?;
    Ok(WORKER_JS.replacen("/*BUILD*/", &json, 1))
}

/// The files of picture `a` worth saving for offline reading: an SVG or GIF as it is; for
/// a processed picture, the WebP at the middle width (the `src` width, what a phone asks
/// for) and the smallest (cards, search results). Offline, the worker answers a width that
/// is not saved with one that is.
fn picture_files(pictures: &super::views::media::Pictures, a: usize) -> Vec<String> {
    let Some(view) = pictures.image(a, "") else {
        return Vec::new();
    };
    if view.srcset.is_empty() {
        return vec![view.src];
    }
    let widths: Vec<(&str, u32)> = view
        .srcset
        .split(", ")
        .filter_map(|c| {
            let (url, w) = c.rsplit_once(' ')?;
            Some((url, w.strip_suffix('w')?.parse().ok()?))
        })
        .collect();
    let middle = widths
        .iter()
        .filter(|(_, w)| *w <= view.width)
        .max_by_key(|(_, w)| *w)
        .or(widths.first());
    let mut out: Vec<String> = middle.iter().map(|(u, _)| (*u).to_string()).collect();
    if let Some((smallest, _)) = widths.first()
        && !out.iter().any(|u| u == smallest)
    {
        out.push((*smallest).to_string());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_of_output_files() {
        for (rel, url) in [
            ("index.html", "./"),
            ("routines/a/index.html", "routines/a/"),
            ("404.html", "404.html"),
            ("style.css", "style.css"),
            ("notindex.html", "notindex.html"),
        ] {
            assert_eq!(url_of(rel), url, "{rel}");
        }
    }

    #[test]
    fn the_worker_code_has_one_place_for_the_build() {
        assert_eq!(WORKER_JS.matches("/*BUILD*/").count(), 1);
        for js in [WORKER_JS, REMOVER] {
            assert!(js.starts_with(MARKER), "{js}");
        }
    }
}
