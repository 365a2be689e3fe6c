//! Images of pages (issue 14): processing (resize, re-encode, orientation, sRGB, no
//! metadata), the processed-image cache of a site, metadata removal for files published as
//! they are, SVG sizes.
//!
//! Layer 3: from the rest of the crate it imports only `[images]`'s settings
//! (`config::ImageConfig`). The pipeline decides which files are images and names them in
//! its diagnostics; this module only turns bytes into outputs
//! and says, in one sentence without the file name, what is wrong with an image
//! ([`ImageError`]).
//!
//! - `sniff`: the format from the bytes, and the header facts read without decoding
//!   (dimensions, animation).
//! - `process`: one image's bytes to encoded outputs (WebP at each width, a JPEG or PNG
//!   fallback, an animated GIF re-encoded), with a byte budget so that decodes are bounded
//!   by memory, not by the number of images.
//! - `cache`: [`Cache`], `<site>/.movebook/cache/images/`: a stat-keyed manifest, outputs
//!   named by content key, atomic writes, pruning.
//! - `strip`: [`strip_metadata`], lossless metadata removal (JPEG, PNG, WebP, GIF).
//! - `svg`: [`svg_size`].
//! - `video`: [`video_has_location`] (MP4/MOV boxes that carry a phone's GPS position).

#![cfg_attr(not(test), warn(clippy::indexing_slicing, clippy::string_slice))]
// Until the integrator wires media into the build (issue 14), nothing outside this module
// calls it.

mod budget;
mod cache;
mod process;
mod sniff;
mod strip;
mod svg;
mod video;

use std::fmt;
use std::path::PathBuf;

pub(crate) use cache::Cache;

/// True when the picture's EXIF (JPEG, PNG, WebP) says it is stored turned or mirrored:
/// published as it is without its metadata, it would show turned.
pub(crate) fn is_turned(bytes: &[u8]) -> bool {
    use image::ImageDecoder as _;
    let Ok(reader) = image::ImageReader::new(std::io::Cursor::new(bytes)).with_guessed_format()
    else {
        return false;
    };
    reader
        .into_decoder()
        .ok()
        .and_then(|mut d| d.orientation().ok())
        .is_some_and(|o| o != image::metadata::Orientation::NoTransforms)
}
pub(crate) use strip::strip_metadata;
pub(crate) use svg::svg_size;
pub(crate) use video::video_has_location;

/// The largest image accepted, in pixels (width × height), checked from the header before
/// decoding.
pub(crate) const MAX_PIXELS: u64 = 100_000_000;

/// The longest side accepted, in pixels (JPEG's and GIF's own limit), checked with
/// [`MAX_PIXELS`]: it only refuses extreme strips such as 200000×10.
pub(crate) const MAX_SIDE: u32 = 65_535;

/// Bumped whenever the outputs for the same bytes and settings would differ (a new encoder,
/// a fixed bug): it is part of every cache key, so old entries are redone and pruned.
pub(crate) const PIPELINE_VERSION: u32 = 1;

/// Processing settings, from site.toml `[images]` (the integrator builds it).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct Settings {
    /// Output widths in pixels: ascending, deduplicated, non-empty (a source narrower than a
    /// width is never enlarged).
    pub widths: Vec<u32>,
    /// WebP and JPEG quality, 1..=100.
    pub quality: u8,
    /// libwebp's `method`, 0 (fast) ..= 6 (small); 2 by default (docs/design/media-spike.md).
    pub method: u8,
}

impl From<&crate::config::ImageConfig> for Settings {
    /// The settings of site.toml's `[images]`.
    fn from(c: &crate::config::ImageConfig) -> Self {
        Settings {
            widths: c.widths.clone(),
            quality: c.quality,
            method: c.effort,
        }
    }
}

impl Default for Settings {
    /// `[images]`'s defaults (one place says what they are: `config::ImageConfig`).
    fn default() -> Self {
        Settings::from(&crate::config::ImageConfig::default())
    }
}

impl Settings {
    /// The settings as processing uses them: widths sorted, deduplicated and non-zero (the
    /// defaults if none is left), quality clamped to 1..=100, method to 0..=6. The integrator
    /// validates site.toml; this only keeps a bad value from reaching an encoder.
    pub(crate) fn normalized(&self) -> Settings {
        let mut widths: Vec<u32> = self.widths.iter().copied().filter(|&w| w > 0).collect();
        widths.sort_unstable();
        widths.dedup();
        if widths.is_empty() {
            widths = Settings::default().widths;
        }
        Settings {
            widths,
            quality: self.quality.clamp(1, 100),
            method: self.method.min(6),
        }
    }

    /// The width of the `<img src>` fallback before clamping to the source: the middle
    /// configured width (the upper one of the two middles for an even count).
    pub(crate) fn fallback_width(&self) -> u32 {
        self.widths
            .get(self.widths.len() / 2)
            .copied()
            .unwrap_or(960)
    }

    /// A hash of everything in the settings that changes the outputs.
    pub(crate) fn fingerprint(&self) -> u64 {
        let mut bytes = Vec::with_capacity(16 + 4 * self.widths.len());
        bytes.extend_from_slice(b"movebook-images");
        bytes.extend_from_slice(&PIPELINE_VERSION.to_le_bytes());
        bytes.push(self.quality);
        bytes.push(self.method);
        for w in &self.widths {
            bytes.extend_from_slice(&w.to_le_bytes());
        }
        xxhash_rust::xxh3::xxh3_64(&bytes)
    }
}

/// An image format movebook reads and writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Format {
    Jpeg,
    Png,
    Webp,
    Gif,
}

impl Format {
    /// The file extension of outputs in this format (no dot).
    pub(crate) fn ext(self) -> &'static str {
        match self {
            Format::Jpeg => "jpg",
            Format::Png => "png",
            Format::Webp => "webp",
            Format::Gif => "gif",
        }
    }

    /// The media type (`type` of a `<source>`).
    #[cfg(test)]
    pub(crate) fn mime(self) -> &'static str {
        match self {
            Format::Jpeg => "image/jpeg",
            Format::Png => "image/png",
            Format::Webp => "image/webp",
            Format::Gif => "image/gif",
        }
    }

    /// The format an extension names (case-insensitive `jpg`, `jpeg`, `png`, `webp`, `gif`).
    /// Processing goes by the bytes, not by this.
    pub(crate) fn from_ext(ext: &str) -> Option<Format> {
        let ext = ext.to_ascii_lowercase();
        match ext.as_str() {
            "jpg" | "jpeg" => Some(Format::Jpeg),
            "png" => Some(Format::Png),
            "webp" => Some(Format::Webp),
            "gif" => Some(Format::Gif),
            _ => None,
        }
    }

    /// The name authors know the format by.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Format::Jpeg => "JPEG",
            Format::Png => "PNG",
            Format::Webp => "WebP",
            Format::Gif => "GIF",
        }
    }
}

/// One processed file in the cache.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Output {
    pub width: u32,
    pub height: u32,
    pub format: Format,
    /// Absolute path of the file in the cache (publish it by hard link or copy).
    pub path: PathBuf,
    /// Its size in bytes.
    pub bytes: u64,
}

/// An image after processing: what the page HTML needs, and the files to publish.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Processed {
    /// xxh3 of the source bytes combined with the settings fingerprint and
    /// [`PIPELINE_VERSION`]; output file names carry it (`<key hex>-<width>.<ext>`).
    pub key: u64,
    /// Size of the source after EXIF orientation.
    pub width: u32,
    pub height: u32,
    /// The format of the source bytes (whatever the file's name says).
    pub source: Format,
    /// WebP at ascending widths, never wider than the oriented source (widths at or above it
    /// collapse to one output at the source width); empty when `animated`.
    pub webp: Vec<Output>,
    /// For `<img src>`: at the middle configured width clamped to the source, JPEG for an
    /// opaque image, PNG when some alpha < 255. For an animated GIF: the whole animation
    /// re-encoded (frames, delays, loop count), not resized, without comments or XMP.
    pub fallback: Output,
    /// An animated GIF (more than one frame), published as a GIF.
    pub animated: bool,
    /// An animated WebP or PNG of which only the first frame is published (the integrator
    /// may warn).
    pub first_frame_only: bool,
}

impl Processed {
    /// Every file of this image (the WebP outputs, then the fallback).
    pub(crate) fn outputs(&self) -> impl Iterator<Item = &Output> {
        self.webp.iter().chain(std::iter::once(&self.fallback))
    }
}

/// Why an image cannot be published.
#[derive(Debug)]
pub(crate) enum ImageError {
    /// Not an image in a supported format (whatever its name), e.g. a text file named
    /// `.jpg`, or a HEIC photo. The text says what it is and what to do.
    Unsupported(String),
    /// A supported format that does not decode, e.g. a truncated JPEG (the decoder's words).
    Undecodable(String),
    /// More than [`MAX_PIXELS`] (or a side over [`MAX_SIDE`]), from the header.
    TooLarge { width: u32, height: u32 },
    /// Reading the source or writing the cache failed (the error names the cache file).
    Io(std::io::Error),
}

impl fmt::Display for ImageError {
    /// One sentence for the author, without the file name (the caller names the image and
    /// the page): "`hero.jpg` on page `glute-bridge` {this}".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ImageError::Unsupported(what) => f.write_str(what),
            ImageError::Undecodable(why) => write!(f, "cannot be decoded: {why}"),
            ImageError::TooLarge { width, height } => {
                let pixels = u64::from(*width) * u64::from(*height);
                if pixels > MAX_PIXELS {
                    write!(
                        f,
                        "is {width}×{height} pixels ({} megapixels); the limit is {} megapixels: \
                         resize it before adding it",
                        megapixels(pixels),
                        MAX_PIXELS / 1_000_000
                    )
                } else {
                    write!(
                        f,
                        "is {width}×{height} pixels; the limit is {MAX_SIDE} pixels on a side: \
                         resize it before adding it"
                    )
                }
            }
            ImageError::Io(e) => write!(f, "could not be processed: {e}"),
        }
    }
}

impl std::error::Error for ImageError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ImageError::Io(e) => Some(e),
            _ => None,
        }
    }
}

impl From<std::io::Error> for ImageError {
    fn from(e: std::io::Error) -> Self {
        ImageError::Io(e)
    }
}

/// `10000`, `100.02`, `0.5`: megapixels without trailing zeros (two decimals at most, so
/// that 100.02 is not shown as the limit itself).
fn megapixels(pixels: u64) -> String {
    let whole = pixels / 1_000_000;
    let hundredths = (pixels % 1_000_000).div_ceil(10_000);
    let (whole, hundredths) = if hundredths == 100 {
        (whole + 1, 0)
    } else {
        (whole, hundredths)
    };
    if hundredths == 0 {
        whole.to_string()
    } else {
        format!("{whole}.{hundredths:02}")
            .trim_end_matches('0')
            .to_string()
    }
}

#[cfg(test)]
mod tests;
