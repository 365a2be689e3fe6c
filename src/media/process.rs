//! One image's bytes to encoded outputs, in memory (the cache names and writes them).
//!
//! The pipeline of docs/design/media-spike.md: format from the bytes; header size checked
//! against [`MAX_PIXELS`] before decoding; decoder limits; a byte budget around the decode;
//! EXIF orientation; ICC profile → sRGB; alpha kept only if some pixel uses it; Lanczos3 with
//! fast_image_resize to each width, never enlarging; WebP with libwebp at the configured
//! quality and method; a JPEG (jpeg-encoder) or PNG fallback. Everything is encoded from raw
//! pixels, so no output carries EXIF, GPS, XMP, ICC or comments.
//!
//! Resizing happens before orientation: the source is resized to the unrotated size of each
//! output and only the small result is rotated, which saves a full-size copy.

use std::io::Cursor;
use std::num::NonZeroU64;
use std::sync::Arc;

use fast_image_resize as fr;
use image::codecs::gif::GifDecoder;
use image::codecs::jpeg::JpegDecoder;
use image::codecs::png::{CompressionType, FilterType, PngDecoder, PngEncoder};
use image::codecs::webp::WebPDecoder;
use image::metadata::Orientation;
use image::{DynamicImage, ImageBuffer, ImageDecoder, ImageEncoder, Limits};

use super::budget::Budget;
use super::sniff::{self, Header};
use super::{Format, ImageError, MAX_PIXELS, MAX_SIDE, Settings};

/// The largest side libwebp encodes.
const WEBP_MAX_SIDE: u32 = 16_383;

/// The most a decoder may allocate: a 100-megapixel RGBA 16-bit PNG (800 MB) still decodes.
const MAX_ALLOC: u64 = 1024 * 1024 * 1024;

/// One encoded output, not yet written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Encoded {
    pub width: u32,
    pub height: u32,
    pub format: Format,
    pub data: Vec<u8>,
}

/// An image's outputs and facts, before the cache names and writes them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Rendered {
    pub width: u32,
    pub height: u32,
    pub source: Format,
    pub webp: Vec<Encoded>,
    pub fallback: Encoded,
    pub animated: bool,
    pub first_frame_only: bool,
}

/// Processes one image. A panic in a decoder or encoder (they parse user data) becomes
/// `Undecodable` instead of taking the build down.
pub(super) fn render(
    bytes: &[u8],
    settings: &Settings,
    budget: &Budget,
) -> Result<Rendered, ImageError> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        render_unguarded(bytes, settings, budget)
    }))
    .unwrap_or_else(|panic| {
        let why = panic
            .downcast_ref::<&str>()
            .map(ToString::to_string)
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "the decoder failed".to_string());
        Err(ImageError::Undecodable(why))
    })
}

fn render_unguarded(
    bytes: &[u8],
    settings: &Settings,
    budget: &Budget,
) -> Result<Rendered, ImageError> {
    let format = sniff::sniff(bytes)?;
    let header = sniff::header(bytes, format)?;
    check_size(header.width, header.height)?;
    let cursor = Cursor::new(bytes);
    match format {
        Format::Jpeg => {
            sniff::jpeg_complete(bytes)?;
            let decoder = JpegDecoder::new(cursor).map_err(undecodable)?;
            still(decoder, format, header, settings, budget)
        }
        Format::Png => {
            let decoder = PngDecoder::new(cursor).map_err(undecodable)?;
            still(decoder, format, header, settings, budget)
        }
        Format::Webp => {
            let decoder = WebPDecoder::new(cursor).map_err(undecodable)?;
            still(decoder, format, header, settings, budget)
        }
        Format::Gif => {
            if let Some(animation) = animated_gif(bytes, header, budget)? {
                return Ok(animation);
            }
            let decoder = GifDecoder::new(cursor).map_err(undecodable)?;
            still(decoder, format, header, settings, budget)
        }
    }
}

/// `TooLarge` over [`MAX_PIXELS`] or [`MAX_SIDE`]; `Undecodable` for an empty image.
fn check_size(width: u32, height: u32) -> Result<(), ImageError> {
    if u64::from(width) * u64::from(height) > MAX_PIXELS || width > MAX_SIDE || height > MAX_SIDE {
        return Err(ImageError::TooLarge { width, height });
    }
    if width == 0 || height == 0 {
        return Err(ImageError::Undecodable(format!(
            "its header gives a size of {width}×{height} pixels"
        )));
    }
    Ok(())
}

fn undecodable(e: impl std::fmt::Display) -> ImageError {
    ImageError::Undecodable(e.to_string())
}

fn encoding_failed(what: &str, e: impl std::fmt::Debug) -> ImageError {
    ImageError::Io(std::io::Error::other(format!(
        "{what} encoding failed: {e:?}"
    )))
}

/// Decoded pixels, 8-bit RGB or RGBA (RGBA only when some alpha < 255).
struct Pixels {
    width: u32,
    height: u32,
    alpha: bool,
    data: Vec<u8>,
}

impl Pixels {
    fn from_image(image: DynamicImage) -> Pixels {
        let (width, height) = (image.width(), image.height());
        if image.color().has_alpha() {
            let rgba = image.into_rgba8();
            let used = rgba.as_raw().iter().skip(3).step_by(4).any(|&a| a < 255);
            if used {
                return Pixels {
                    width,
                    height,
                    alpha: true,
                    data: rgba.into_raw(),
                };
            }
            return Pixels {
                width,
                height,
                alpha: false,
                data: DynamicImage::ImageRgba8(rgba).into_rgb8().into_raw(),
            };
        }
        Pixels {
            width,
            height,
            alpha: false,
            data: image.into_rgb8().into_raw(),
        }
    }

    fn pixel_type(&self) -> fr::PixelType {
        if self.alpha {
            fr::PixelType::U8x4
        } else {
            fr::PixelType::U8x3
        }
    }
}

/// Whether an orientation swaps width and height.
fn swaps(orientation: Orientation) -> bool {
    matches!(
        orientation,
        Orientation::Rotate90
            | Orientation::Rotate270
            | Orientation::Rotate90FlipH
            | Orientation::Rotate270FlipH
    )
}

/// The size of an output `target` pixels wide, for an (oriented) source of `width`×`height`:
/// never wider than the source, at least 1 pixel high, within libwebp's 16383 on each side.
pub(super) fn output_size(width: u32, height: u32, target: u32) -> (u32, u32) {
    let scale = |of: u32, num: u32, den: u32| -> u32 {
        // round(of × num / den), at least 1.
        let v = (u64::from(of) * u64::from(num) * 2 + u64::from(den)) / (2 * u64::from(den));
        u32::try_from(v).unwrap_or(u32::MAX).max(1)
    };
    let mut w = target.min(width).max(1);
    let mut h = scale(height, w, width);
    if h > WEBP_MAX_SIDE {
        h = WEBP_MAX_SIDE;
        w = scale(width, h, height).min(width);
    }
    if w > WEBP_MAX_SIDE {
        w = WEBP_MAX_SIDE;
        h = scale(height, w, width).min(WEBP_MAX_SIDE);
    }
    (w, h)
}

/// The WebP sizes for an oriented source (ascending, deduplicated) and the fallback's size
/// (one of them).
pub(super) fn plan(width: u32, height: u32, settings: &Settings) -> (Vec<(u32, u32)>, (u32, u32)) {
    let mut sizes: Vec<(u32, u32)> = settings
        .widths
        .iter()
        .map(|&w| output_size(width, height, w))
        .collect();
    sizes.sort_unstable();
    sizes.dedup_by_key(|s| s.0);
    let fallback = output_size(width, height, settings.fallback_width());
    (sizes, fallback)
}

fn still<D: ImageDecoder>(
    mut decoder: D,
    source: Format,
    header: Header,
    settings: &Settings,
    budget: &Budget,
) -> Result<Rendered, ImageError> {
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_ALLOC);
    decoder.set_limits(limits).map_err(undecodable)?;
    let (width, height) = decoder.dimensions();
    check_size(width, height)?;
    // `from_decoder` does not reserve against `max_alloc`: check the size here.
    let decoded = decoder.total_bytes();
    if decoded > MAX_ALLOC {
        return Err(ImageError::TooLarge { width, height });
    }
    // A broken EXIF block or ICC profile is not worth refusing the image for.
    let orientation = decoder.orientation().unwrap_or(Orientation::NoTransforms);
    let icc = decoder.icc_profile().ok().flatten();
    let converted = match decoder.color_type() {
        image::ColorType::Rgb8 | image::ColorType::Rgba8 => 0,
        _ => u64::from(width) * u64::from(height) * 4,
    };
    let permit = budget.acquire(decoded + converted);
    let image = DynamicImage::from_decoder(decoder).map_err(undecodable)?;
    let pixels = Pixels::from_image(image);
    let to_srgb = icc
        .as_deref()
        .and_then(|icc| srgb_transform(icc, pixels.alpha));

    let (ow, oh) = if swaps(orientation) {
        (height, width)
    } else {
        (width, height)
    };
    let (sizes, fallback_size) = plan(ow, oh, settings);
    let mut resizer = fr::Resizer::new();
    let mut resized = Vec::with_capacity(sizes.len());
    for &(tw, th) in &sizes {
        let (rw, rh) = if swaps(orientation) {
            (th, tw)
        } else {
            (tw, th)
        };
        let data = if (rw, rh) == (width, height) {
            pixels.data.clone()
        } else {
            resize(&mut resizer, &pixels, rw, rh)?
        };
        let mut data = orient(data, rw, rh, pixels.alpha, orientation)?;
        if let Some(transform) = &to_srgb {
            let mut out = vec![0; data.len()];
            if transform.transform(&data, &mut out).is_ok() {
                data = out;
            }
        }
        resized.push((tw, th, data));
    }
    let alpha = pixels.alpha;
    // The source is no longer needed: let the next decode in.
    drop(pixels);
    drop(permit);

    let mut webp = Vec::with_capacity(resized.len());
    for (w, h, data) in &resized {
        webp.push(Encoded {
            width: *w,
            height: *h,
            format: Format::Webp,
            data: encode_webp(data, *w, *h, alpha, settings)?,
        });
    }
    let (fw, fh) = fallback_size;
    let fallback_pixels = resized
        .iter()
        .find(|(w, h, _)| (*w, *h) == (fw, fh))
        .map(|(_, _, data)| data)
        .ok_or_else(|| encoding_failed("fallback", "no output at the fallback size"))?;
    let fallback = if alpha {
        Encoded {
            width: fw,
            height: fh,
            format: Format::Png,
            data: encode_png(fallback_pixels, fw, fh)?,
        }
    } else {
        Encoded {
            width: fw,
            height: fh,
            format: Format::Jpeg,
            data: encode_jpeg(fallback_pixels, fw, fh, settings.quality)?,
        }
    };
    Ok(Rendered {
        width: ow,
        height: oh,
        source,
        webp,
        fallback,
        animated: false,
        first_frame_only: header.animated,
    })
}

fn resize(
    resizer: &mut fr::Resizer,
    pixels: &Pixels,
    width: u32,
    height: u32,
) -> Result<Vec<u8>, ImageError> {
    let src = fr::images::ImageRef::new(
        pixels.width,
        pixels.height,
        &pixels.data,
        pixels.pixel_type(),
    )
    .map_err(|e| encoding_failed("resize", e))?;
    let mut dst = fr::images::Image::new(width, height, pixels.pixel_type());
    let options =
        fr::ResizeOptions::new().resize_alg(fr::ResizeAlg::Convolution(fr::FilterType::Lanczos3));
    resizer
        .resize(&src, &mut dst, &options)
        .map_err(|e| encoding_failed("resize", e))?;
    Ok(dst.into_vec())
}

/// Applies `orientation` to `width`×`height` pixels.
fn orient(
    data: Vec<u8>,
    width: u32,
    height: u32,
    alpha: bool,
    orientation: Orientation,
) -> Result<Vec<u8>, ImageError> {
    if orientation == Orientation::NoTransforms {
        return Ok(data);
    }
    let bad = || encoding_failed("orientation", "a buffer of the wrong size");
    let mut image = if alpha {
        DynamicImage::ImageRgba8(ImageBuffer::from_raw(width, height, data).ok_or_else(bad)?)
    } else {
        DynamicImage::ImageRgb8(ImageBuffer::from_raw(width, height, data).ok_or_else(bad)?)
    };
    image.apply_orientation(orientation);
    Ok(image.into_bytes())
}

/// A transform from an embedded ICC profile to sRGB, or `None` when there is nothing to do:
/// the profile is not an RGB one moxcms reads, or it already is sRGB (probed: the transform
/// moves no colour of a 6×6×6 grid by more than 1).
fn srgb_transform(icc: &[u8], alpha: bool) -> Option<Arc<moxcms::Transform8BitExecutor>> {
    let profile = moxcms::ColorProfile::new_from_slice(icc).ok()?;
    if profile.color_space != moxcms::DataColorSpace::Rgb {
        return None;
    }
    let layout = if alpha {
        moxcms::Layout::Rgba
    } else {
        moxcms::Layout::Rgb
    };
    let srgb = moxcms::ColorProfile::new_srgb();
    let transform = profile
        .create_transform_8bit(layout, &srgb, layout, moxcms::TransformOptions::default())
        .ok()?;
    let channels = if alpha { 4 } else { 3 };
    let mut probe = Vec::with_capacity(216 * channels);
    for r in 0..6u8 {
        for g in 0..6u8 {
            for b in 0..6u8 {
                probe.extend_from_slice(&[r * 51, g * 51, b * 51]);
                if alpha {
                    probe.push(255);
                }
            }
        }
    }
    let mut out = vec![0; probe.len()];
    transform.transform(&probe, &mut out).ok()?;
    let identity = probe.iter().zip(&out).all(|(a, b)| a.abs_diff(*b) <= 1);
    if identity { None } else { Some(transform) }
}

fn encode_webp(
    data: &[u8],
    width: u32,
    height: u32,
    alpha: bool,
    settings: &Settings,
) -> Result<Vec<u8>, ImageError> {
    let channels = if alpha { 4 } else { 3 };
    if width == 0 || height == 0 || data.len() != width as usize * height as usize * channels {
        return Err(encoding_failed("WebP", "a buffer of the wrong size"));
    }
    let encoder = if alpha {
        webp::Encoder::from_rgba(data, width, height)
    } else {
        webp::Encoder::from_rgb(data, width, height)
    };
    let mut config =
        webp::WebPConfig::new().map_err(|()| encoding_failed("WebP", "libwebp's configuration"))?;
    config.quality = f32::from(settings.quality);
    config.method = i32::from(settings.method);
    let memory = encoder
        .encode_advanced(&config)
        .map_err(|e| encoding_failed("WebP", e))?;
    Ok(memory.to_vec())
}

fn encode_jpeg(data: &[u8], width: u32, height: u32, quality: u8) -> Result<Vec<u8>, ImageError> {
    let (Ok(w), Ok(h)) = (u16::try_from(width), u16::try_from(height)) else {
        return Err(encoding_failed("JPEG", "a size over 65535"));
    };
    let mut out = Vec::new();
    jpeg_encoder::Encoder::new(&mut out, quality)
        .encode(data, w, h, jpeg_encoder::ColorType::Rgb)
        .map_err(|e| encoding_failed("JPEG", e))?;
    Ok(out)
}

fn encode_png(data: &[u8], width: u32, height: u32) -> Result<Vec<u8>, ImageError> {
    let mut out = Vec::new();
    PngEncoder::new_with_quality(&mut out, CompressionType::Default, FilterType::Adaptive)
        .write_image(data, width, height, image::ExtendedColorType::Rgba8)
        .map_err(|e| encoding_failed("PNG", e))?;
    Ok(out)
}

/// An animated GIF (more than one frame) re-encoded frame by frame: the frames' indexed
/// pixels, palettes, positions, delays, disposal and transparency, and the loop count, and
/// nothing else (comments, XMP and other application extensions are dropped). `None` for a
/// GIF with one frame (processed as a still).
fn animated_gif(
    bytes: &[u8],
    header: Header,
    budget: &Budget,
) -> Result<Option<Rendered>, ImageError> {
    let canvas = u64::from(header.width) * u64::from(header.height);
    let _permit = budget.acquire(canvas * 2);
    let mut options = gif::DecodeOptions::new();
    options.set_color_output(gif::ColorOutput::Indexed);
    if let Some(limit) = NonZeroU64::new(MAX_PIXELS * 2) {
        options.set_memory_limit(gif::MemoryLimit::Bytes(limit));
    }
    let mut decoder = options.read_info(Cursor::new(bytes)).map_err(undecodable)?;
    let Some(first) = decoder.read_next_frame().map_err(undecodable)?.cloned() else {
        return Err(ImageError::Undecodable(
            "the GIF file has no image".to_string(),
        ));
    };
    let Some(second) = decoder.read_next_frame().map_err(undecodable)?.cloned() else {
        return Ok(None);
    };
    let (width, height) = (decoder.width(), decoder.height());
    let global = decoder
        .global_palette()
        .map(<[u8]>::to_vec)
        .unwrap_or_default();
    let mut out = Vec::with_capacity(bytes.len());
    {
        // Writing into a `Vec` cannot fail: an error is a frame the source got wrong (no
        // palette at all, say).
        let failed = |e: gif::EncodingError| undecodable(format!("a GIF frame is invalid: {e}"));
        let mut encoder = gif::Encoder::new(&mut out, width, height, &global).map_err(failed)?;
        encoder.set_repeat(decoder.repeat()).map_err(failed)?;
        encoder.write_frame(&first).map_err(failed)?;
        encoder.write_frame(&second).map_err(failed)?;
        while let Some(frame) = decoder.read_next_frame().map_err(undecodable)? {
            encoder.write_frame(frame).map_err(failed)?;
        }
    }
    let (width, height) = (u32::from(width), u32::from(height));
    Ok(Some(Rendered {
        width,
        height,
        source: Format::Gif,
        webp: Vec::new(),
        fallback: Encoded {
            width,
            height,
            format: Format::Gif,
            data: out,
        },
        animated: true,
        first_frame_only: false,
    }))
}
