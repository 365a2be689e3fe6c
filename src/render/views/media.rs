//! Pictures and videos as templates see them ([`ImageView`], [`MediaView`],
//! [`GalleryView`]), and the names their files are published under ([`outputs`]).
//!
//! Published names carry a hash of what the file is made from (cache-forever on any host):
//! `start.1a2b3c4d-480.webp` for each width of a processed picture, `start.1a2b3c4d-960.jpg`
//! for its fallback, `start.1a2b3c4d.svg` for a file published as it is. They sit in the
//! page's folder for a bundle's file (`/exercises/glute-bridge/start.…`) and in the file's
//! own folder for a file of `static/`.

use std::hash::Hash;
use std::path::PathBuf;

use serde::Serialize;

use super::Urls;
use crate::model::Site;
use crate::model::media::{Asset, FileKind, Media, MediaRole, Provider, Ready, Show};

/// The hash part of a published name.
fn short(key: u64) -> String {
    format!("{:08x}", key >> 32)
}

/// The source's extension, lower case (`mp4`, `vtt`, `svg`).
fn ext_of(asset: &Asset) -> String {
    asset
        .display
        .rsplit_once('.')
        .map_or(String::new(), |(_, e)| e.to_ascii_lowercase())
}

/// One published file of an asset.
struct Out {
    rel: String,
    width: u32,
    height: u32,
    from: PathBuf,
}

/// The files an asset publishes: for a processed picture, its WebP widths (ascending) and
/// then its fallback; for another file, the file itself.
fn files_of(asset: &Asset) -> Vec<Out> {
    let dir = &asset.out_dir;
    let stem = &asset.stem;
    match &asset.ready {
        None => Vec::new(),
        Some(Ready::Image(p)) => {
            let h = short(p.key);
            let mut out: Vec<Out> = p
                .webp
                .iter()
                .map(|o| Out {
                    rel: format!("{dir}{stem}.{h}-{}.webp", o.width),
                    width: o.width,
                    height: o.height,
                    from: o.path.clone(),
                })
                .collect();
            let f = &p.fallback;
            let rel = if p.animated {
                format!("{dir}{stem}.{h}.{}", f.format.ext())
            } else {
                format!("{dir}{stem}.{h}-{}.{}", f.width, f.format.ext())
            };
            out.push(Out {
                rel,
                width: f.width,
                height: f.height,
                from: f.path.clone(),
            });
            out
        }
        Some(Ready::Copy { key, size }) => vec![Out {
            rel: format!("{dir}{stem}.{}.{}", short(*key), ext_of(asset)),
            width: size.0,
            height: size.1,
            from: asset.abs.clone(),
        }],
    }
}

/// Every file the site's assets publish: (path in the output, file to copy it from, true
/// when that file is a processed one in the cache rather than the author's own).
pub(crate) fn outputs(site: &Site) -> Vec<(String, PathBuf, bool)> {
    let mut seen = std::collections::HashSet::new();
    site.assets
        .iter()
        .flat_map(|a| {
            let processed = matches!(a.ready, Some(Ready::Image(_)));
            files_of(a).into_iter().map(move |o| (o, processed))
        })
        .filter(|(o, _)| seen.insert(o.rel.clone()))
        .map(|(o, processed)| (o.rel, o.from, processed))
        .collect()
}

/// How many files the site's assets publish (for the progress bar: [`outputs`] without
/// formatting their names; files two assets would both publish are counted twice).
pub(crate) fn output_count(site: &Site) -> usize {
    site.assets
        .iter()
        .map(|a| match &a.ready {
            None => 0,
            Some(Ready::Image(p)) => p.webp.len() + 1,
            Some(Ready::Copy { .. }) => 1,
        })
        .sum()
}

/// A picture, ready for `<picture>` / `<img>`.
#[derive(Debug, Clone, Default, Serialize, Hash, PartialEq, Eq)]
pub(crate) struct ImageView {
    /// What it shows (the `alt` attribute).
    pub alt: String,
    /// The `<img src>`: the fallback (JPEG or PNG at the middle width, the GIF of an
    /// animation) or the SVG.
    pub src: String,
    /// Width of `src` in pixels (set it on `<img>`: no layout shift).
    pub width: u32,
    /// Height of `src` in pixels.
    pub height: u32,
    /// The WebP files for `<source type="image/webp" srcset>`: `url 480w, url 960w`
    /// (empty for an SVG or an animated GIF).
    pub srcset: String,
    /// The smallest published file (a thumbnail for cards and search results).
    pub thumb: String,
    /// Its width.
    pub thumb_width: u32,
    /// Its height.
    pub thumb_height: u32,
    /// The largest published file, as an absolute URL (`og:image`).
    pub large: String,
    /// Its width.
    pub large_width: u32,
    /// Its height.
    pub large_height: u32,
    /// True for an SVG (drawn at any size).
    pub vector: bool,
    /// True for an animated GIF.
    pub animated: bool,
}

/// The picture of asset `a` (without alt text: [`Pictures::image`] adds it), or `None` when
/// it is not a ready picture.
fn image(urls: &Urls, site: &Site, a: usize) -> Option<ImageView> {
    let asset = site.assets.get(a)?;
    if !matches!(asset.kind, FileKind::Raster | FileKind::Svg) {
        return None;
    }
    let files = files_of(asset);
    let animated = matches!(&asset.ready, Some(Ready::Image(p)) if p.animated);
    let (webp, fallback) = match &asset.ready {
        Some(Ready::Image(_)) => {
            let (last, rest) = files.split_last()?;
            (rest, last)
        }
        Some(Ready::Copy { .. }) => (&[][..], files.first()?),
        None => return None,
    };
    let srcset = webp
        .iter()
        .map(|o| format!("{} {}w", urls.asset(&o.rel), o.width))
        .collect::<Vec<_>>()
        .join(", ");
    let thumb = webp.first().unwrap_or(fallback);
    let large = webp.last().unwrap_or(fallback);
    Some(ImageView {
        alt: String::new(),
        src: urls.asset(&fallback.rel),
        width: fallback.width,
        height: fallback.height,
        srcset,
        thumb: urls.asset(&thumb.rel),
        thumb_width: thumb.width,
        thumb_height: thumb.height,
        large: urls.asset_permalink(&large.rel),
        large_width: large.width,
        large_height: large.height,
        vector: asset.kind == FileKind::Svg,
        animated,
    })
}

/// Every asset's picture view (without alt) and every copied file's URL, built once per
/// render: a picture is shown on its page, on every card, as `og:image` and in JSON-LD, and
/// its file names need formatting only once.
#[derive(Debug, Default)]
pub(crate) struct Pictures {
    views: Vec<Option<ImageView>>,
    copies: Vec<Option<String>>,
}

impl Pictures {
    /// The table of `site`'s assets.
    pub(crate) fn new(urls: &Urls, site: &Site) -> Pictures {
        Pictures {
            views: (0..site.assets.len())
                .map(|a| image(urls, site, a))
                .collect(),
            copies: (0..site.assets.len())
                .map(|a| copy_url(urls, site, a))
                .collect(),
        }
    }

    /// The picture of asset `a` with `alt`, or `None` when it is not a ready picture.
    pub(crate) fn image(&self, a: usize, alt: &str) -> Option<ImageView> {
        let mut view = self.views.get(a)?.clone()?;
        alt.clone_into(&mut view.alt);
        Some(view)
    }

    /// The URL of asset `a` published as it is (a video, captions).
    fn copy(&self, a: usize) -> Option<String> {
        self.copies.get(a)?.clone()
    }
}

/// A video file.
#[derive(Debug, Clone, Serialize, Hash)]
pub(crate) struct VideoView {
    /// Its URL.
    pub src: String,
    /// `video/mp4` or `video/webm`.
    pub mime: &'static str,
    /// URL of its WebVTT captions, or null.
    pub captions: Option<String>,
    /// The captions' language: the site's `language`.
    pub captions_lang: String,
}

/// A video on YouTube or Vimeo, shown as a facade until the reader asks to play it.
#[derive(Debug, Clone, Serialize, Hash)]
pub(crate) struct HostedView {
    /// `youtube` or `vimeo`.
    pub provider: Provider,
    /// `YouTube` or `Vimeo`, for readers.
    pub provider_name: &'static str,
    /// The video's id.
    pub id: String,
    /// Its page on the service (the link for readers without JavaScript).
    pub watch_url: String,
    /// The player the facade loads on click (youtube-nocookie.com, Vimeo with dnt=1).
    pub embed_url: String,
}

/// One entry of an exercise's `media:` (or another page's `image:`).
#[derive(Debug, Clone, Serialize, Hash)]
pub(crate) struct MediaView {
    /// `picture`, `video` or `hosted`.
    pub kind: &'static str,
    /// `start`, `end`, `step` or `demo`.
    pub role: &'static str,
    /// A label for the role: `Start position`, `End position`, `Step 2`, or null.
    pub label: Option<String>,
    /// What it shows.
    pub alt: String,
    /// Caption, or null.
    pub caption: Option<String>,
    /// The picture, or a video's poster, or null.
    pub image: Option<ImageView>,
    /// The video file, or null.
    pub video: Option<VideoView>,
    /// The hosted video, or null.
    pub hosted: Option<HostedView>,
    /// True for the page's first picture (load it at once, `fetchpriority="high"`);
    /// every other picture loads lazily.
    pub eager: bool,
}

/// The media of an exercise page, grouped the way the default theme lays them out.
#[derive(Debug, Clone, Default, Serialize, Hash)]
pub(crate) struct GalleryView {
    /// The first `role: start`, or null.
    pub start: Option<MediaView>,
    /// The first `role: end`, or null.
    pub end: Option<MediaView>,
    /// `role: step` entries in order (numbered by `label`).
    pub steps: Vec<MediaView>,
    /// Everything else, in order (demos, further starts and ends).
    pub other: Vec<MediaView>,
    /// True when some entry is a hosted video (the theme then loads its facade script).
    pub has_hosted: bool,
}

/// The URL of the one file of a file published as it is.
fn copy_url(urls: &Urls, site: &Site, a: usize) -> Option<String> {
    let asset = site.assets.get(a)?;
    files_of(asset).first().map(|o| urls.asset(&o.rel))
}

/// The view of one media entry; `step` is its number among the steps.
pub(crate) fn media(
    p: &Pictures,
    language: &str,
    w: &crate::i18n::Strings,
    m: &Media,
    step: usize,
) -> MediaView {
    let (kind, image, video, hosted) = match &m.show {
        Show::Picture(a) => ("picture", p.image(*a, &m.alt), None, None),
        Show::Video {
            file,
            poster,
            captions,
        } => {
            let src = p.copy(*file).unwrap_or_default();
            let mime = if src.ends_with(".webm") {
                "video/webm"
            } else {
                "video/mp4"
            };
            let video = VideoView {
                src,
                mime,
                captions: captions.and_then(|c| p.copy(c)),
                captions_lang: language.to_string(),
            };
            (
                "video",
                poster.and_then(|a| p.image(a, &m.alt)),
                Some(video),
                None,
            )
        }
        Show::Hosted { video, poster } => (
            "hosted",
            poster.and_then(|a| p.image(a, &m.alt)),
            None,
            Some(HostedView {
                provider: video.provider,
                provider_name: match video.provider {
                    Provider::YouTube => "YouTube",
                    Provider::Vimeo => "Vimeo",
                },
                id: video.id.clone(),
                watch_url: video.watch_url(),
                embed_url: video.embed_url(),
            }),
        ),
    };
    let label = match m.role {
        MediaRole::Start => Some(w.get("names.start_position").to_string()),
        MediaRole::End => Some(w.get("names.end_position").to_string()),
        MediaRole::Step => Some(w.fmt("names.step", &[("n", &w.number(step as u64))])),
        MediaRole::Demo => None,
    };
    MediaView {
        kind,
        role: m.role.word(),
        label,
        alt: m.alt.clone(),
        caption: m.caption.clone(),
        image,
        video,
        hosted,
        eager: false,
    }
}

/// A page's media grouped for the page (see [`GalleryView`]).
pub(crate) fn gallery(
    p: &Pictures,
    language: &str,
    w: &crate::i18n::Strings,
    list: &[Media],
) -> GalleryView {
    let mut g = GalleryView::default();
    let mut steps = 0;
    for m in list {
        if m.role == MediaRole::Step {
            steps += 1;
        }
        let v = media(p, language, w, m, steps);
        match m.role {
            MediaRole::Start if g.start.is_none() => g.start = Some(v),
            MediaRole::End if g.end.is_none() => g.end = Some(v),
            MediaRole::Step => g.steps.push(v),
            _ => g.other.push(v),
        }
    }
    g.has_hosted = list.iter().any(|m| matches!(m.show, Show::Hosted { .. }));
    // The first picture in the order the page shows them loads at once.
    let first = g
        .start
        .iter_mut()
        .chain(g.end.iter_mut())
        .chain(g.steps.iter_mut())
        .chain(g.other.iter_mut())
        .find(|m| m.kind == "picture" && m.image.is_some());
    if let Some(m) = first {
        m.eager = true;
    }
    g
}

/// The first picture of a page's media (a video's poster counts): for cards, `og:image`
/// and JSON-LD.
pub(crate) fn first_image(p: &Pictures, list: &[Media]) -> Option<ImageView> {
    list.iter()
        .find_map(|m| m.picture().and_then(|a| p.image(a, &m.alt)))
}

/// The smallest published file of the first picture of `list`, relative to the base
/// path, with its width and height (search results show it).
pub(crate) fn thumb_rel(site: &Site, list: &[Media]) -> Option<(String, u32, u32)> {
    let a = list.iter().find_map(Media::picture)?;
    let o = files_of(site.assets.get(a)?).into_iter().next()?;
    Some((o.rel, o.width, o.height))
}

/// `<picture>` markup for a picture (what the default theme's `picture` component writes;
/// used for Markdown images in bodies). `eager` for the page's first picture.
pub(crate) fn picture_html(img: &ImageView, sizes: &str, eager: bool) -> String {
    use crate::html::escape;
    use std::fmt::Write as _;
    let mut out = String::from("<picture>");
    if !img.srcset.is_empty() {
        let _ = write!(
            out,
            "<source type=\"image/webp\" srcset=\"{}\" sizes=\"{}\">",
            escape(&img.srcset),
            escape(sizes)
        );
    }
    let loading = if eager {
        " fetchpriority=\"high\""
    } else {
        " loading=\"lazy\""
    };
    let _ = write!(
        out,
        "<img src=\"{}\" width=\"{}\" height=\"{}\" alt=\"{}\"{loading} decoding=\"async\"></picture>",
        escape(&img.src),
        img.width,
        img.height,
        escape(&img.alt)
    );
    out
}
