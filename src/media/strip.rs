//! Lossless metadata removal for images published as they are (files of `static/`): the
//! container is walked and the metadata blocks are left out; the image data is copied byte
//! for byte.
//!
//! - JPEG: APP1..APP15 (EXIF, XMP, IPTC, maker data) except APP14 "Adobe" (it says how
//!   to read the colours) and the APP2 ICC profile (the colours themselves), and COM. Anything after EOI (phones append secondary images
//!   there) is dropped too.
//! - PNG: `tEXt`, `zTXt`, `iTXt` (XMP lives there), `eXIf`, `tIME`; anything after IEND.
//! - WebP: `EXIF` and `XMP ` chunks, and their VP8X flags.
//! - GIF: comment extensions and application extensions except the looping one
//!   (`NETSCAPE2.0`, and its older twin `ANIMEXTS1.0`); anything after the trailer.

use super::sniff::{self, JpegSegments};
use super::{Format, ImageError};

/// `bytes` without their metadata (see the module documentation). `Unsupported` when the
/// bytes are not `format` at all, `Undecodable` when its structure is broken; never panics.
pub(crate) fn strip_metadata(bytes: &[u8], format: Format) -> Result<Vec<u8>, ImageError> {
    match sniff::sniff(bytes) {
        Ok(found) if found == format => {}
        Ok(found) => {
            return Err(ImageError::Unsupported(format!(
                "is a {} image, not a {}: give it the extension `.{}`",
                found.name(),
                format.name(),
                found.ext()
            )));
        }
        Err(e) => return Err(e),
    }
    match format {
        Format::Jpeg => strip_jpeg(bytes),
        Format::Png => strip_png(bytes),
        Format::Webp => strip_webp(bytes),
        Format::Gif => strip_gif(bytes),
    }
}

fn broken(what: &str) -> ImageError {
    ImageError::Undecodable(what.to_string())
}

fn strip_jpeg(bytes: &[u8]) -> Result<Vec<u8>, ImageError> {
    let mut out = Vec::with_capacity(bytes.len());
    for segment in JpegSegments::new(bytes) {
        let segment = segment.map_err(sniff::JpegError::into_image_error)?;
        let data = bytes
            .get(segment.start..segment.end)
            .ok_or_else(|| broken("a JPEG segment runs past the end of the file"))?;
        let drop = match segment.marker {
            0xEE => data.get(4..9).is_none_or(|id| id != b"Adobe"),
            // The colour profile is kept: it is not about the person or the place, and
            // without it a wide-gamut photo shows the wrong colours.
            0xE2 => data.get(4..16).is_none_or(|id| id != b"ICC_PROFILE\0"),
            0xE1..=0xEF | 0xFE => true,
            _ => false,
        };
        if !drop {
            out.extend_from_slice(data);
        }
    }
    Ok(out)
}

fn strip_png(bytes: &[u8]) -> Result<Vec<u8>, ImageError> {
    let mut out = Vec::with_capacity(bytes.len());
    out.extend_from_slice(bytes.get(..8).unwrap_or_default());
    let mut ended = false;
    for chunk in sniff::png_chunks(bytes) {
        let chunk = chunk.map_err(broken)?;
        let drop = matches!(&chunk.kind, b"tEXt" | b"zTXt" | b"iTXt" | b"eXIf" | b"tIME");
        if !drop {
            let data = bytes
                .get(chunk.start..chunk.end)
                .ok_or_else(|| broken("a PNG chunk runs past the end of the file"))?;
            out.extend_from_slice(data);
        }
        ended = &chunk.kind == b"IEND";
    }
    if !ended {
        return Err(broken("the PNG file ends before its IEND chunk"));
    }
    Ok(out)
}

/// VP8X flags: ICC (0x20), alpha (0x10), EXIF (0x08), XMP (0x04), animation (0x02).
const VP8X_EXIF: u8 = 0x08;
const VP8X_XMP: u8 = 0x04;

fn strip_webp(bytes: &[u8]) -> Result<Vec<u8>, ImageError> {
    let mut out = Vec::with_capacity(bytes.len());
    out.extend_from_slice(b"RIFF\0\0\0\0WEBP");
    let mut any = false;
    for chunk in sniff::riff_chunks(bytes) {
        let chunk = chunk.map_err(broken)?;
        any = true;
        if matches!(&chunk.fourcc, b"EXIF" | b"XMP ") {
            continue;
        }
        let data = bytes
            .get(chunk.start..chunk.end)
            .ok_or_else(|| broken("a WebP chunk runs past the end of the file"))?;
        let at = out.len();
        out.extend_from_slice(data);
        // A last chunk of odd size may lack its padding byte: add it.
        let size = sniff::le32(data, 4).unwrap_or(0) as usize;
        if data.len() < 8 + size + (size & 1) {
            out.push(0);
        }
        if &chunk.fourcc == b"VP8X"
            && let Some(flags) = out.get_mut(at + 8)
        {
            *flags &= !(VP8X_EXIF | VP8X_XMP);
        }
    }
    if !any {
        return Err(broken("the WebP file has no chunks"));
    }
    let riff_size = u32::try_from(out.len() - 8)
        .map_err(|_| broken("the WebP file is larger than RIFF allows"))?;
    if let Some(size) = out.get_mut(4..8) {
        size.copy_from_slice(&riff_size.to_le_bytes());
    }
    Ok(out)
}

fn strip_gif(bytes: &[u8]) -> Result<Vec<u8>, ImageError> {
    let cut = || broken("the GIF file is truncated");
    let mut out = Vec::with_capacity(bytes.len());
    // Header (6) and logical screen descriptor (7), then the global colour table.
    let flags = *bytes.get(10).ok_or_else(cut)?;
    let mut pos = 13 + color_table_len(flags);
    out.extend_from_slice(bytes.get(..pos).ok_or_else(cut)?);
    loop {
        match *bytes.get(pos).ok_or_else(cut)? {
            0x3B => {
                out.push(0x3B);
                return Ok(out);
            }
            0x21 => {
                let label = *bytes.get(pos + 1).ok_or_else(cut)?;
                let end = sub_blocks_end(bytes, pos + 2).ok_or_else(cut)?;
                let keep = match label {
                    0xFE => false,
                    0xFF => {
                        // The first sub-block is the 11-byte application identifier.
                        let id = bytes.get(pos + 2..pos + 14);
                        id == Some(b"\x0bNETSCAPE2.0") || id == Some(b"\x0bANIMEXTS1.0")
                    }
                    _ => true,
                };
                if keep {
                    out.extend_from_slice(bytes.get(pos..end).ok_or_else(cut)?);
                }
                pos = end;
            }
            0x2C => {
                // Image descriptor (10 with the separator), local colour table, LZW minimum
                // code size, then the data sub-blocks.
                let flags = *bytes.get(pos + 9).ok_or_else(cut)?;
                let data = pos + 10 + color_table_len(flags) + 1;
                let end = sub_blocks_end(bytes, data).ok_or_else(cut)?;
                out.extend_from_slice(bytes.get(pos..end).ok_or_else(cut)?);
                pos = end;
            }
            other => {
                return Err(ImageError::Undecodable(format!(
                    "the GIF file has an unknown block (0x{other:02X})"
                )));
            }
        }
    }
}

/// The byte length of the colour table a GIF flags byte announces.
fn color_table_len(flags: u8) -> usize {
    if flags & 0x80 == 0 {
        0
    } else {
        3 << ((flags & 0x07) + 1)
    }
}

/// The end (exclusive) of the sub-blocks starting at `pos`, after their 0 terminator.
fn sub_blocks_end(bytes: &[u8], mut pos: usize) -> Option<usize> {
    loop {
        let len = usize::from(*bytes.get(pos)?);
        pos += 1;
        if len == 0 {
            return Some(pos);
        }
        pos += len;
        if pos > bytes.len() {
            return None;
        }
    }
}
