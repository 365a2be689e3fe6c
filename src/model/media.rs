//! Pictures and videos as front matter names them: `media:` on exercises, `image:` on every
//! other kind. This module reads them (every problem at its field) and says what a `src`
//! is: a file of the page's bundle or of `static/` (by its extension), or a video hosted on
//! YouTube or Vimeo. Whether a file exists is the resolver's question (`resolve::media`);
//! decoding is `media`'s.

use std::borrow::Cow;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::Serialize;

use crate::diagnostic::Code;
use crate::frontmatter::{FieldPath, Value};
use crate::model::yaml::{Object, Reader};

/// What a picture or video shows in the sequence of an exercise.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub(crate) enum MediaRole {
    /// The start position.
    Start,
    /// The end position.
    End,
    /// One step of a sequence (numbered in order).
    Step,
    /// Anything else: a demonstration, a detail (the default).
    #[default]
    Demo,
}

impl MediaRole {
    /// Every role, in the order the contract lists them.
    pub(crate) const ALL: [MediaRole; 4] = [
        MediaRole::Start,
        MediaRole::End,
        MediaRole::Step,
        MediaRole::Demo,
    ];

    /// The word authors write.
    pub(crate) fn word(self) -> &'static str {
        match self {
            MediaRole::Start => "start",
            MediaRole::End => "end",
            MediaRole::Step => "step",
            MediaRole::Demo => "demo",
        }
    }
}

/// One entry of an exercise's `media:` list, as written.
#[derive(Debug, Clone, PartialEq, Eq, Hash, JsonSchema)]
#[schemars(deny_unknown_fields, inline)]
pub(crate) struct MediaItem {
    /// A file of the page's bundle (start.jpg), a file under static/ (/images/x.jpg), or a YouTube or Vimeo URL. Pictures: JPEG, PNG, WebP, GIF, SVG; videos: MP4, WebM.
    #[schemars(with = "MediaSrc")]
    pub src: String,
    /// What the picture shows the reader (the position, not the file): required, not empty.
    #[schemars(with = "crate::model::raw::RequiredText")]
    pub alt: String,
    /// A caption shown under the picture.
    #[schemars(with = "Option<crate::model::raw::Text>")]
    pub caption: Option<String>,
    /// start, end, step or demo (the default): start and end are shown side by side, steps as a numbered sequence.
    #[schemars(with = "Option<RoleWord>")]
    pub role: MediaRole,
    /// Videos only: a still picture shown before the video plays (a file, like src).
    #[schemars(with = "Option<crate::model::raw::Text>")]
    pub poster: Option<String>,
    /// Video files only: a WebVTT captions file (.vtt) of the bundle or static/.
    #[schemars(with = "Option<crate::model::raw::Text>")]
    pub captions: Option<String>,
    /// Position in the list (for messages: `media[1].src`).
    #[schemars(skip)]
    pub index: usize,
}

/// `image:` of a page other than an exercise: its picture in lists and when shared.
#[derive(Debug, Clone, PartialEq, Eq, Hash, JsonSchema)]
#[schemars(deny_unknown_fields, inline)]
pub(crate) struct ImageRef {
    /// A picture of the page's bundle (cover.jpg) or under static/ (/images/x.jpg): JPEG, PNG, WebP, GIF or SVG.
    #[schemars(with = "crate::model::raw::RequiredText")]
    pub src: String,
    /// What the picture shows the reader: required, not empty.
    #[schemars(with = "crate::model::raw::RequiredText")]
    pub alt: String,
}

/// The schema of `role`: one of the role words, in any letter case (as the reader takes it).
pub(crate) struct RoleWord;

impl JsonSchema for RoleWord {
    fn inline_schema() -> bool {
        true
    }
    fn schema_name() -> Cow<'static, str> {
        "RoleWord".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        let any_case: Vec<String> = MediaRole::ALL
            .iter()
            .map(|r| {
                r.word().chars().fold(String::new(), |mut out, c| {
                    out.push('[');
                    out.push(c);
                    out.push(c.to_ascii_uppercase());
                    out.push(']');
                    out
                })
            })
            .collect();
        json_schema!({
            "type": "string",
            "pattern": format!("^\\s*(?:{})\\s*$", any_case.join("|")),
            "examples": ["start", "end", "step", "demo"],
            "description": "start, end, step or demo (the default)."
        })
    }
}

/// The schema of a `src`: text naming a file or a hosted video.
pub(crate) struct MediaSrc;

impl JsonSchema for MediaSrc {
    fn inline_schema() -> bool {
        true
    }
    fn schema_name() -> Cow<'static, str> {
        "MediaSrc".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "minLength": 1,
            "examples": ["start.jpg", "/images/bridge.png", "https://www.youtube.com/watch?v=VIDEO_ID"]
        })
    }
}

/// What kind of file a `src` names, by its extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum FileKind {
    /// JPEG, PNG, WebP or GIF: processed (resized, re-encoded, metadata removed).
    Raster,
    /// SVG: published as it is.
    Svg,
    /// MP4 or WebM: published as it is.
    Video,
    /// A WebVTT captions track.
    Captions,
}

impl FileKind {
    /// The kind of the file `path` names, by its extension (any letter case).
    pub(crate) fn of(path: &str) -> Option<FileKind> {
        let ext = path.rsplit_once('.')?.1.to_ascii_lowercase();
        Some(match ext.as_str() {
            "jpg" | "jpeg" | "png" | "webp" | "gif" => FileKind::Raster,
            "svg" => FileKind::Svg,
            "mp4" | "webm" => FileKind::Video,
            "vtt" => FileKind::Captions,
            _ => return None,
        })
    }

    /// True for pictures.
    pub(crate) fn is_picture(self) -> bool {
        matches!(self, FileKind::Raster | FileKind::Svg)
    }
}

/// A video service a reader's browser contacts only once they ask to play.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Provider {
    /// youtube.com, youtu.be (played from youtube-nocookie.com).
    YouTube,
    /// vimeo.com (played with Vimeo's do-not-track setting).
    Vimeo,
}

/// A video on YouTube or Vimeo.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct Hosted {
    /// The service.
    pub provider: Provider,
    /// The video's id on that service (letters, digits, `-` and `_` only).
    pub id: String,
}

impl Hosted {
    /// The page that plays the video on its service (the link for readers without JavaScript).
    pub(crate) fn watch_url(&self) -> String {
        match self.provider {
            Provider::YouTube => format!("https://www.youtube.com/watch?v={}", self.id),
            Provider::Vimeo => format!("https://vimeo.com/{}", self.id),
        }
    }

    /// The player the facade loads when the reader clicks: the privacy-enhanced host.
    pub(crate) fn embed_url(&self) -> String {
        match self.provider {
            Provider::YouTube => format!(
                "https://www.youtube-nocookie.com/embed/{}?autoplay=1&rel=0",
                self.id
            ),
            Provider::Vimeo => format!(
                "https://player.vimeo.com/video/{}?autoplay=1&dnt=1",
                self.id
            ),
        }
    }
}

/// True when `src` is written as a URL with a scheme (`https://…`, `//host/…`), not a path.
pub(crate) fn is_remote(src: &str) -> bool {
    src.starts_with("//")
        || src.split_once(':').is_some_and(|(scheme, _)| {
            !scheme.is_empty() && !scheme.contains(['/', '.']) && scheme.len() > 1
        })
}

/// The hosted video a URL names: YouTube (`youtube.com/watch?v=ID`, `youtu.be/ID`,
/// `youtube.com/shorts/ID`, `youtube.com/embed/ID`, `youtube-nocookie.com/embed/ID`) or
/// Vimeo (`vimeo.com/ID`, `player.vimeo.com/video/ID`). `None` for anything else.
pub(crate) fn hosted(url: &str) -> Option<Hosted> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))?;
    let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
    let host = host.to_ascii_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host);
    let host = host.strip_prefix("m.").unwrap_or(host);
    let (path, query) = path.split_once('?').unwrap_or((path, ""));
    let path = path.split('#').next().unwrap_or(path);
    let valid = |id: &str| {
        (!id.is_empty()
            && id.len() <= 64
            && id
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'))
        .then(|| id.to_string())
    };
    let (provider, id) = match host {
        "youtube.com" | "youtube-nocookie.com" => {
            let id = if path == "watch" {
                query
                    .split('&')
                    .find_map(|kv| kv.strip_prefix("v="))
                    .map(|v| v.split('#').next().unwrap_or(v))
            } else {
                ["shorts/", "embed/", "live/"]
                    .iter()
                    .find_map(|p| path.strip_prefix(p))
            };
            (Provider::YouTube, valid(id?.trim_end_matches('/'))?)
        }
        "youtu.be" => (Provider::YouTube, valid(path.trim_end_matches('/'))?),
        "vimeo.com" | "player.vimeo.com" => {
            let id = path.strip_prefix("video/").unwrap_or(path);
            let id = id.split('/').next().unwrap_or(id);
            if !id.chars().all(|c| c.is_ascii_digit()) {
                return None;
            }
            (Provider::Vimeo, valid(id)?)
        }
        _ => return None,
    };
    Some(Hosted { provider, id })
}

/// Why a local `src` can never name a publishable file, whatever exists on disk: `..`
/// segments, backslashes, a drive letter. `None` when it may.
pub(crate) fn path_problem(src: &str) -> Option<&'static str> {
    if src.contains('\\') {
        Some("uses '\\': write paths with '/'")
    } else if src.split('/').any(|seg| seg == "..") {
        Some("leaves its folder with '..': put the file in the page's bundle or in static/")
    } else if src.len() > 1 && src.as_bytes().get(1) == Some(&b':') {
        Some("is a path on your computer: copy the file into the page's bundle")
    } else {
        None
    }
}

const PICTURE_TYPES: &str = "JPEG, PNG, WebP, GIF or SVG";

/// Reads the `src`-like key `key` of `item` (a file, or with `hosted_ok` a hosted video),
/// recording its problems. `allowed` says which file kinds may be named there.
fn read_src(
    r: &mut Reader,
    item: &Object,
    key: &str,
    required: bool,
    allowed: &[FileKind],
    hosted_ok: bool,
) -> Option<String> {
    let src = if required {
        r.required_text(item, key, "start.jpg")?
    } else {
        r.optional_text(item, key)?
    };
    let src = src.trim().to_string();
    let path = item.path(key);
    if is_remote(&src) {
        if hosted_ok && hosted(&src).is_some() {
            return Some(src);
        }
        let hint = if hosted_ok {
            "a video may be a YouTube or Vimeo URL; a picture must be a file of the page's bundle or of static/ (download it and name the file)"
        } else {
            "name a file of the page's bundle or of static/: a picture from another host would be loaded from there by every reader (download it and add it to the bundle)"
        };
        r.problem(
            &path,
            Code::RemoteImage,
            format!("{key} '{src}' is on another host"),
            Some(hint.into()),
        );
        return None;
    }
    if let Some(why) = path_problem(&src) {
        r.problem(
            &path,
            Code::BadValue,
            format!("{key} '{src}' {why}"),
            Some(
                "name a file of the page's bundle (start.jpg) or under static/ (/images/start.jpg)"
                    .into(),
            ),
        );
        return None;
    }
    match FileKind::of(&src) {
        Some(k) if allowed.contains(&k) => Some(src),
        found => {
            let expected = match allowed {
                [FileKind::Captions] => "a WebVTT captions file (.vtt)".to_string(),
                a if a.contains(&FileKind::Video) => {
                    format!("a picture ({PICTURE_TYPES}) or a video (MP4 or WebM)")
                }
                _ => format!("a picture ({PICTURE_TYPES})"),
            };
            let what = match found {
                Some(FileKind::Video) => "is a video".to_string(),
                Some(FileKind::Captions) => "is a captions file".to_string(),
                Some(_) => "is a picture".to_string(),
                None => match src.rsplit_once('.') {
                    Some((_, ext)) if !ext.contains('/') => {
                        format!("has the unsupported type .{ext}")
                    }
                    _ => "has no file extension".to_string(),
                },
            };
            r.problem(
                &path,
                Code::BadValue,
                format!("{key} '{src}' {what}"),
                Some(format!("{key} must name {expected}")),
            );
            None
        }
    }
}

/// Reads `alt`, required and not empty.
fn read_alt(r: &mut Reader, item: &Object, example: &str) -> Option<String> {
    let alt = r.required_text(item, "alt", example)?;
    let alt = alt.trim().to_string();
    if alt.is_empty() {
        r.problem(
            &item.path("alt"),
            Code::MissingField,
            "alt is empty",
            Some(format!(
                "say what the picture shows a reader who cannot see it, e.g. alt: {example}"
            )),
        );
        return None;
    }
    Some(alt)
}

const ALT_EXAMPLE: &str = "On your back, knees bent, feet flat on the floor.";

/// Reads an exercise's `media:` list. Items with problems are left out (and the problems
/// recorded, which leaves the page out of the site).
pub(crate) fn read_media(r: &mut Reader, obj: &Object) -> Vec<MediaItem> {
    r.list(obj, "media", "pictures and videos", |r, v, path| {
        let index = match path.0.last() {
            Some(crate::frontmatter::Seg::Index(i)) => *i,
            _ => 0,
        };
        let item = r.object(
            v,
            path,
            &["src", "alt", "caption", "role", "poster", "captions"],
            "a picture or video",
        )?;
        let src = read_src(
            r,
            &item,
            "src",
            true,
            &[FileKind::Raster, FileKind::Svg, FileKind::Video],
            true,
        );
        let alt = read_alt(r, &item, ALT_EXAMPLE);
        let caption = r.optional_text(&item, "caption");
        let role = match item.get("role") {
            None => Some(MediaRole::Demo),
            Some(_) => r.parsed(&item, "role", |raw| {
                let w = raw.trim().to_ascii_lowercase();
                MediaRole::ALL
                    .into_iter()
                    .find(|role| role.word() == w)
                    .ok_or_else(|| crate::model::units::ValueProblem {
                        message: format!("role '{}' is not a role", raw.trim()),
                        hint: Some("write one of start, end, step, demo".into()),
                    })
            }),
        };
        let is_video = src.as_deref().is_some_and(|s| {
            is_remote(s) || FileKind::of(s) == Some(FileKind::Video)
        });
        let poster = read_src(r, &item, "poster", false, &[FileKind::Raster, FileKind::Svg], false);
        let captions = read_src(r, &item, "captions", false, &[FileKind::Captions], false);
        let mut ok = true;
        if src.is_some() && !is_video {
            for key in ["poster", "captions"] {
                if item.get(key).is_some() {
                    ok = false;
                    r.problem(
                        &item.path(key),
                        Code::BadValue,
                        format!("{key} is for videos, and this src is a picture"),
                        Some(format!("remove '{key}:' here")),
                    );
                }
            }
        }
        if src.as_deref().is_some_and(is_remote) && item.get("captions").is_some() {
            ok = false;
            r.problem(
                &item.path("captions"),
                Code::BadValue,
                "captions are for video files: a hosted video's captions are set on YouTube or Vimeo",
                Some("remove 'captions:' here".into()),
            );
        }
        let _ = path;
        Some(MediaItem {
            src: src?,
            alt: alt?,
            caption,
            role: role?,
            poster,
            captions,
            index,
        })
        .filter(|_| ok)
    })
}

/// Reads `image:` (every kind but exercises).
pub(crate) fn read_image(r: &mut Reader, obj: &Object) -> Option<ImageRef> {
    let v: &Value = obj.get("image")?;
    let path: FieldPath = obj.path("image");
    let item = r.object(v, &path, &["src", "alt"], "a picture")?;
    let src = read_src(
        r,
        &item,
        "src",
        true,
        &[FileKind::Raster, FileKind::Svg],
        false,
    );
    let alt = read_alt(r, &item, "A mini band around both legs, above the knees.");
    Some(ImageRef {
        src: src?,
        alt: alt?,
    })
}

/// A file pages publish: a picture, a video or a captions track of a bundle or of
/// `static/`. Found by `resolve::media`; made ready (processed, hashed) by the pipeline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Asset {
    /// The file as the author knows it: `content/exercises/x/start.jpg`, `static/images/x.jpg`.
    pub display: String,
    /// The file on disk.
    pub abs: std::path::PathBuf,
    /// What it is.
    pub kind: FileKind,
    /// The URL folder its published files go in (`exercises/x/`, `images/`).
    pub out_dir: String,
    /// The start of its published names: its file name without extension, as a slug.
    pub stem: String,
    /// What publishing needs, once the file has been processed or read.
    pub ready: Option<Ready>,
    /// Where pages name it (for messages about the file).
    pub uses: Vec<AssetUse>,
}

/// An asset after processing: what its published files are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Ready {
    /// A picture resized and re-encoded (JPEG, PNG, WebP, GIF).
    Image(std::sync::Arc<crate::media::Processed>),
    /// A file published as it is (SVG, video, captions): a hash of its bytes, and for an
    /// SVG its size.
    Copy {
        /// xxh3 of the bytes (published names carry it).
        key: u64,
        /// Width and height of an SVG (from its root element), else 0.
        size: (u32, u32),
    },
}

/// Where a page names an asset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct AssetUse {
    /// The page's source path (relative to `content/`).
    pub rel: String,
    /// The field (`media[1].src`) or the body line.
    pub at: UseAt,
}

/// A front-matter field or a body line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum UseAt {
    /// A front-matter field.
    Field(FieldPath),
    /// A line of the file (a Markdown image).
    Line(u32),
}

/// One picture or video of a page, resolved: what the theme shows.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct Media {
    /// What it shows the reader.
    pub alt: String,
    /// Caption, if any.
    pub caption: Option<String>,
    /// Its place in the sequence.
    pub role: MediaRole,
    /// The file(s) or the hosted video.
    pub show: Show,
}

/// What a [`Media`] is made of (indices into [`crate::model::Site::assets`]).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) enum Show {
    /// A picture.
    Picture(usize),
    /// A video file with its optional poster and captions.
    Video {
        /// The video.
        file: usize,
        /// A still shown before it plays.
        poster: Option<usize>,
        /// A WebVTT track.
        captions: Option<usize>,
    },
    /// A video on YouTube or Vimeo, loaded only when the reader asks.
    Hosted {
        /// The video.
        video: Hosted,
        /// A still of our own shown on the facade (never the host's thumbnail).
        poster: Option<usize>,
    },
}

impl Media {
    /// The asset of its picture (or its video's poster), if it has one.
    pub(crate) fn picture(&self) -> Option<usize> {
        match &self.show {
            Show::Picture(a) => Some(*a),
            Show::Video { poster, .. } | Show::Hosted { poster, .. } => *poster,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_hosted_videos() {
        let yt = |u| hosted(u).map(|h| (h.provider, h.id));
        let id = |p, s: &str| Some((p, s.to_string()));
        assert_eq!(
            yt("https://www.youtube.com/watch?v=abc_DEF-12&t=3"),
            id(Provider::YouTube, "abc_DEF-12")
        );
        assert_eq!(
            yt("https://youtu.be/abc123"),
            id(Provider::YouTube, "abc123")
        );
        assert_eq!(
            yt("https://m.youtube.com/shorts/xyz"),
            id(Provider::YouTube, "xyz")
        );
        assert_eq!(
            yt("https://vimeo.com/76979871"),
            id(Provider::Vimeo, "76979871")
        );
        assert_eq!(
            yt("https://player.vimeo.com/video/76979871"),
            id(Provider::Vimeo, "76979871")
        );
        assert_eq!(yt("https://example.com/watch?v=abc"), None);
        assert_eq!(yt("https://www.youtube.com/watch?v=a\"b"), None);
        assert_eq!(yt("https://vimeo.com/channels/staff"), None);
    }

    #[test]
    fn tells_paths_from_urls() {
        assert!(is_remote("https://example.com/x.jpg"));
        assert!(is_remote("//cdn.example.com/x.jpg"));
        assert!(!is_remote("start.jpg"));
        assert!(!is_remote("/images/x.jpg"));
        assert!(!is_remote("img/a:b.jpg"));
        assert!(path_problem("../other/x.jpg").is_some());
        assert!(path_problem("a/../../x.jpg").is_some());
        assert!(path_problem("C:\\photos\\x.jpg").is_some());
        assert!(path_problem("photos/x.jpg").is_none());
        assert_eq!(FileKind::of("A.JPG"), Some(FileKind::Raster));
        assert_eq!(FileKind::of("a.svg"), Some(FileKind::Svg));
        assert_eq!(FileKind::of("a.mov"), None);
    }
}
