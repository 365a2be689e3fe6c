//! Pictures and videos: every `src`, `poster` and `captions` of `media:` and `image:`, and
//! every Markdown image, resolved to a file of the page's bundle or of `static/`
//! ([`resolve_media`]). The result is the site's asset table ([`Site::assets`]) and each
//! page's resolved [`Media`]; the pipeline then processes the assets (`media`).
//!
//! Runs after [`super::resolve`], when the pipeline knows which files exist
//! ([`Files`]): the resolver itself does no I/O.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::PathBuf;

use crate::diagnostic::{Code, Diagnostic, Diagnostics};
use crate::frontmatter::FieldPath;
use crate::model::front::Front;
use crate::model::media::{
    Asset, AssetUse, FileKind, Media, MediaItem, MediaRole, Show, UseAt, hosted, is_remote,
    path_problem,
};
use crate::model::parse::ParsedFile;
use crate::model::{PageBase, Site};
use crate::source::bundle_dir;

/// The files pages may name: bundle files and `static/` files, found by the pipeline.
#[derive(Debug, Default, Clone)]
pub(crate) struct Files {
    /// Files of page bundles by path relative to `content/` (`exercises/x/start.jpg`).
    pub bundle: BTreeMap<String, PathBuf>,
    /// Files under the site's (and the theme's) `static/` on disk, by path relative to it
    /// (`images/x.jpg`).
    pub statics: BTreeMap<String, PathBuf>,
}

/// Resolves the pictures and videos of every published page into `site` (its assets and
/// each page's media), reporting missing files, files outside the bundle and `static/`,
/// pictures from other hosts and bundle files no page uses.
pub(crate) fn resolve_media(
    site: &mut Site,
    files: &[&ParsedFile],
    index: &Files,
    diags: &mut Diagnostics,
) {
    let by_rel: HashMap<&str, &ParsedFile> = files.iter().map(|f| (f.rel.as_str(), *f)).collect();
    let mut assets = Assets::default();
    let base_path = site.config.base_path().to_string();
    let mut resolve = |page: &mut PageBase| {
        let Some(file) = by_rel.get(page.rel.as_str()).copied() else {
            return;
        };
        (page.media, page.body_images) =
            resolve_page(file, &page.path, index, &base_path, &mut assets, diags);
    };
    if let Some(home) = site.home.as_mut() {
        resolve(home);
    }
    for s in site.sections.values_mut() {
        resolve(s);
    }
    for e in &mut site.exercises {
        resolve(&mut e.page);
    }
    for m in &mut site.muscles {
        resolve(&mut m.page);
    }
    for q in &mut site.equipment {
        resolve(&mut q.page);
    }
    for p in &mut site.paths {
        resolve(&mut p.page);
    }
    for r in &mut site.routines {
        resolve(&mut r.page);
    }
    for a in &mut site.articles {
        resolve(a);
    }
    unused_bundle_files(site, index, &assets, diags);
    site.assets = assets.list;
    // Pages left out for problems of their own: their files are checked too (into a table
    // that is thrown away), so that one run reports everything.
    let mut scratch = Assets::default();
    for file in files.iter().filter(|f| !f.is_valid()) {
        resolve_page(file, "", index, &base_path, &mut scratch, diags);
    }
}

/// The media and the body's pictures of the page of `file`, published at `page_path`,
/// their files added to `assets`.
fn resolve_page(
    file: &ParsedFile,
    page_path: &str,
    index: &Files,
    base_path: &str,
    assets: &mut Assets,
    diags: &mut Diagnostics,
) -> (Vec<Media>, Vec<(String, usize)>) {
    let mut cx = PageCx {
        file,
        page_path,
        index,
        base_path,
        assets,
        diags,
    };
    let media = match &file.front {
        Some(Front::Exercise(e)) => e.media.iter().filter_map(|m| cx.media_item(m)).collect(),
        Some(front) => match &front.common().image {
            Some(image) => {
                let path = FieldPath::root().key("image").key("src");
                let kinds = [FileKind::Raster, FileKind::Svg];
                cx.file(&image.src, &UseAt::Field(path), &kinds)
                    .map(|a| Media {
                        alt: image.alt.clone(),
                        caption: None,
                        role: MediaRole::Demo,
                        show: Show::Picture(a),
                    })
                    .into_iter()
                    .collect()
            }
            None => Vec::new(),
        },
        None => Vec::new(),
    };
    let body_images = cx.body_images();
    (media, body_images)
}

/// The asset table being built: each file once, by its path on disk.
#[derive(Default)]
struct Assets {
    list: Vec<Asset>,
    by_file: HashMap<PathBuf, usize>,
}

/// Resolving the files one page names.
struct PageCx<'a> {
    file: &'a ParsedFile,
    page_path: &'a str,
    index: &'a Files,
    base_path: &'a str,
    assets: &'a mut Assets,
    diags: &'a mut Diagnostics,
}

impl PageCx<'_> {
    /// A problem at `at` in this page's file.
    fn report(&mut self, d: Diagnostic, at: &UseAt) {
        self.diags.push(self.file.diagnostic_at(d, at));
    }

    /// One item of `media:`.
    fn media_item(&mut self, m: &MediaItem) -> Option<Media> {
        let item = FieldPath::root().key("media").index(m.index);
        let src_path = UseAt::Field(item.key("src"));
        let poster_path = UseAt::Field(item.key("poster"));
        let captions_path = UseAt::Field(item.key("captions"));
        let poster = match &m.poster {
            Some(p) => Some(self.file(p, &poster_path, &[FileKind::Raster, FileKind::Svg])?),
            None => None,
        };
        let show = if is_remote(&m.src) {
            Show::Hosted {
                video: hosted(&m.src)?,
                poster,
            }
        } else {
            let kind = FileKind::of(&m.src)?;
            let file = self.file(&m.src, &src_path, &[kind])?;
            if kind == FileKind::Video {
                let captions = match &m.captions {
                    Some(c) => Some(self.file(c, &captions_path, &[FileKind::Captions])?),
                    None => None,
                };
                Show::Video {
                    file,
                    poster,
                    captions,
                }
            } else {
                Show::Picture(file)
            }
        };
        Some(Media {
            alt: m.alt.clone(),
            caption: m.caption.clone(),
            role: m.role,
            show,
        })
    }

    /// The Markdown images of the body that name files: each resolved, in order.
    fn body_images(&mut self) -> Vec<(String, usize)> {
        let body = self.file.body.clone();
        let mut out = Vec::new();
        for img in &body.images {
            let at = &UseAt::Line(img.line);
            let url = img.url.trim();
            if url.starts_with("data:") || url.starts_with('#') || url.is_empty() {
                continue;
            }
            if is_remote(url) {
                let d = Diagnostic::error(
                    Code::RemoteImage,
                    "",
                    format!("the image '{url}' is on another host"),
                )
                .hint("every reader's browser would fetch it from there: download the picture, put it in the page's bundle and write its file name");
                self.report(d, at);
                continue;
            }
            let path = url.split(['?', '#']).next().unwrap_or(url);
            let mut decoded = crate::model::body::percent_decode(path);
            let root_relative = decoded.starts_with('/');
            // A URL written with the site's base path (`/guide/images/x.jpg`) names the
            // same file as one without it.
            if root_relative
                && self.base_path != "/"
                && let Some(rest) = decoded.strip_prefix(self.base_path)
            {
                decoded = format!("/{rest}");
            }
            if root_relative
                && !self
                    .index
                    .statics
                    .contains_key(decoded.trim_start_matches('/'))
            {
                // Not a file of static/: the root-relative URL check reports it if the
                // build writes nothing there.
                continue;
            }
            match FileKind::of(&decoded) {
                Some(k) if k.is_picture() => {
                    if let Some(a) = self.file(&decoded, at, &[FileKind::Raster, FileKind::Svg]) {
                        out.push((img.url.clone(), a));
                    }
                }
                _ if root_relative => {}
                _ => {
                    let d = Diagnostic::error(
                        Code::BadValue,
                        "",
                        format!("the image '{url}' is not a picture movebook can publish"),
                    )
                    .hint("use a JPEG, PNG, WebP, GIF or SVG file");
                    self.report(d, at);
                    continue;
                }
            }
            if img.alt.trim().is_empty() {
                let d = Diagnostic::warning(
                    Code::ImageNoAlt,
                    "",
                    format!("the image '{url}' has no alt text"),
                )
                .hint("describe what it shows between the brackets: ![On your back, knees bent](start.jpg); leave it empty only for a purely decorative picture");
                self.report(d, at);
            }
        }
        out
    }

    /// The asset `src` names (a file of the page's bundle, or `/…` under static/), added to
    /// the table; `None` (reported) when it does not exist or may not be named.
    fn file(&mut self, src: &str, at: &UseAt, kinds: &[FileKind]) -> Option<usize> {
        let src = src.trim();
        if let Some(why) = path_problem(src) {
            let d = Diagnostic::error(Code::BadValue, "", format!("'{src}' {why}"));
            self.report(d, at);
            return None;
        }
        let kind = FileKind::of(src).filter(|k| kinds.contains(k))?;
        let (display, abs, out_dir) = if let Some(rel) = src.strip_prefix('/') {
            let rel = rel.trim_start_matches('/');
            let Some(abs) = self.index.statics.get(rel) else {
                let mut d = Diagnostic::error(
                    Code::MissingFile,
                    "",
                    format!("'{src}' is not a file of static/"),
                );
                let same_kind = self
                    .index
                    .statics
                    .keys()
                    .filter(|k| FileKind::of(k).is_some_and(|f| kinds.contains(&f)));
                d = d.hint(match crate::suggest::did_you_mean(rel, same_kind.map(String::as_str)) {
                    Some(c) => format!("did you mean '/{c}'?"),
                    None => "a path starting with '/' names a file under static/; a file of the page's bundle is written without '/'".into(),
                });
                self.report(d, at);
                return None;
            };
            let out_dir = rel
                .rsplit_once('/')
                .map_or(String::new(), |(d, _)| format!("{d}/"));
            (format!("static/{rel}"), abs.clone(), out_dir)
        } else {
            let Some(dir) = bundle_dir(&self.file.rel) else {
                let index_page =
                    self.file.rel == "_index.md" || self.file.rel.ends_with("/_index.md");
                let hint = if index_page {
                    // The home page and section intros are never bundles.
                    format!("put the file in static/ and write '/{src}'")
                } else {
                    format!(
                        "make the page a bundle: move {} to content/{}/index.md and put {src} in that folder; or put the file in static/ and write '/{src}'",
                        self.file.display(),
                        self.file.rel.trim_end_matches(".md")
                    )
                };
                let d = Diagnostic::error(
                    Code::MissingFile,
                    "",
                    format!("'{src}' names a file beside the page, and this page is not a bundle"),
                )
                .hint(hint);
                self.report(d, at);
                return None;
            };
            let rel = format!("{dir}/{}", src.trim_start_matches("./"));
            let Some(abs) = self.index.bundle.get(&rel) else {
                let prefix = format!("{dir}/");
                let in_bundle: Vec<&str> = self
                    .index
                    .bundle
                    .keys()
                    .filter_map(|k| k.strip_prefix(&prefix))
                    .collect();
                let hint = match crate::suggest::did_you_mean(src, in_bundle.iter().copied()) {
                    Some(c) => format!("did you mean '{c}'?"),
                    None if in_bundle.is_empty() => {
                        format!("put the file in content/{dir}/, beside index.md")
                    }
                    None => format!(
                        "the files of this bundle are: {}",
                        in_bundle
                            .iter()
                            .take(8)
                            .copied()
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                };
                let d = Diagnostic::error(
                    Code::MissingFile,
                    "",
                    format!("'{src}' is not in the page's bundle (content/{dir}/)"),
                )
                .hint(hint);
                self.report(d, at);
                return None;
            };
            (
                format!("content/{rel}"),
                abs.clone(),
                self.page_path.to_string(),
            )
        };
        let use_at = AssetUse {
            rel: self.file.rel.clone(),
            at: at.clone(),
        };
        if let Some(&i) = self.assets.by_file.get(&abs) {
            if let Some(a) = self.assets.list.get_mut(i) {
                a.uses.push(use_at);
            }
            return Some(i);
        }
        let name = display.rsplit('/').next().unwrap_or(&display);
        let stem = name.rsplit_once('.').map_or(name, |(s, _)| s);
        let mut stem = crate::slug::slugify(stem);
        if stem.is_empty() {
            stem = "file".into();
        }
        let i = self.assets.list.len();
        self.assets.by_file.insert(abs.clone(), i);
        self.assets.list.push(Asset {
            display,
            abs,
            kind,
            out_dir,
            stem,
            ready: None,
            uses: vec![use_at],
        });
        Some(i)
    }
}

/// Warns about each file of a published page's bundle that the page does not use: it is
/// not published.
fn unused_bundle_files(site: &Site, index: &Files, assets: &Assets, diags: &mut Diagnostics) {
    let published: BTreeSet<&str> = site.pages().filter_map(|p| bundle_dir(&p.rel)).collect();
    for (rel, abs) in &index.bundle {
        let Some(owner) = published
            .iter()
            .rev()
            .find(|d| rel.starts_with(&format!("{d}/")))
        else {
            continue;
        };
        if assets.by_file.contains_key(abs) {
            continue;
        }
        let d = Diagnostic::warning(
            Code::UnusedFile,
            format!("content/{rel}"),
            format!("content/{owner}/index.md does not use this file, so it is not published"),
        )
        .hint("name it in the page's media: or image:, or in a Markdown image ![alt](file); or move it out of content/");
        diags.push(d);
    }
}
