//! What an image is, from its bytes alone: the format (never the file name), and the facts of
//! its header (dimensions, animation) read without decoding, so that a 100000×100000 image is
//! refused before a byte of it is decompressed.

use super::{Format, ImageError};

/// The format of `bytes`, or `Unsupported` with a sentence saying what the bytes are instead.
pub(super) fn sniff(bytes: &[u8]) -> Result<Format, ImageError> {
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        return Ok(Format::Jpeg);
    }
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        return Ok(Format::Png);
    }
    if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
        return Ok(Format::Gif);
    }
    if bytes.starts_with(b"RIFF") && bytes.get(8..12) == Some(b"WEBP") {
        return Ok(Format::Webp);
    }
    Err(ImageError::Unsupported(other_format(bytes)))
}

/// A sentence for bytes that are not JPEG, PNG, WebP or GIF: the formats authors meet
/// (phone photos in HEIC, scans in TIFF) get a hint.
fn other_format(bytes: &[u8]) -> String {
    let convert = |name: &str| {
        format!(
            "is a {name} image, which browsers cannot all show: convert it to JPEG, PNG or WebP"
        )
    };
    if bytes.get(4..8) == Some(b"ftyp") {
        let brand = bytes.get(8..12).unwrap_or_default();
        return match brand {
            b"heic" | b"heix" | b"hevc" | b"hevx" | b"heim" | b"heis" | b"mif1" | b"msf1" => {
                convert("HEIC")
            }
            b"avif" | b"avis" => {
                "is an AVIF image, which movebook cannot process yet: convert it to JPEG, PNG or WebP"
                    .to_string()
            }
            _ => "is a video or other media file, not an image (JPEG, PNG, WebP or GIF)"
                .to_string(),
        };
    }
    if bytes.starts_with(b"II*\0") || bytes.starts_with(b"MM\0*") {
        return convert("TIFF");
    }
    if bytes.starts_with(b"BM") {
        return convert("BMP");
    }
    if bytes.starts_with(b"8BPS") {
        return convert("Photoshop (PSD)");
    }
    if bytes.starts_with(b"%PDF") {
        return "is a PDF document, not an image (JPEG, PNG, WebP or GIF)".to_string();
    }
    if bytes.is_empty() {
        return "is empty (0 bytes), not an image".to_string();
    }
    let text = bytes
        .iter()
        .take(512)
        .skip_while(|b| b.is_ascii_whitespace());
    let head: Vec<u8> = text.take(256).copied().collect();
    let head = String::from_utf8_lossy(&head);
    if head.starts_with("<svg") || (head.starts_with("<?xml") && head.contains("<svg")) {
        return "is an SVG drawing with the extension of another format: name it `.svg`"
            .to_string();
    }
    "is not an image: its content is not JPEG, PNG, WebP or GIF, whatever its name says".to_string()
}

/// The facts of an image's header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Header {
    /// As stored (before EXIF orientation).
    pub width: u32,
    pub height: u32,
    /// An animated WebP (VP8X animation flag) or PNG (`acTL` before the image data). GIF
    /// animation is only known by counting frames (see `process`).
    pub animated: bool,
}

fn be16(bytes: &[u8], at: usize) -> Option<u32> {
    let b: [u8; 2] = bytes.get(at..at + 2)?.try_into().ok()?;
    Some(u32::from(u16::from_be_bytes(b)))
}

fn be32(bytes: &[u8], at: usize) -> Option<u32> {
    let b: [u8; 4] = bytes.get(at..at + 4)?.try_into().ok()?;
    Some(u32::from_be_bytes(b))
}

fn le16(bytes: &[u8], at: usize) -> Option<u32> {
    let b: [u8; 2] = bytes.get(at..at + 2)?.try_into().ok()?;
    Some(u32::from(u16::from_le_bytes(b)))
}

pub(super) fn le24(bytes: &[u8], at: usize) -> Option<u32> {
    let b = bytes.get(at..at + 3)?;
    Some(u32::from_le_bytes([
        b.first().copied()?,
        b.get(1).copied()?,
        b.get(2).copied()?,
        0,
    ]))
}

pub(super) fn le32(bytes: &[u8], at: usize) -> Option<u32> {
    let b: [u8; 4] = bytes.get(at..at + 4)?.try_into().ok()?;
    Some(u32::from_le_bytes(b))
}

fn malformed(what: &str) -> ImageError {
    ImageError::Undecodable(what.to_string())
}

/// The header of `bytes`, already known to be `format`.
pub(super) fn header(bytes: &[u8], format: Format) -> Result<Header, ImageError> {
    match format {
        Format::Jpeg => jpeg_header(bytes),
        Format::Png => png_header(bytes),
        Format::Gif => {
            let (Some(width), Some(height)) = (le16(bytes, 6), le16(bytes, 8)) else {
                return Err(malformed("the GIF header is cut short"));
            };
            Ok(Header {
                width,
                height,
                animated: false,
            })
        }
        Format::Webp => webp_header(bytes),
    }
}

fn png_header(bytes: &[u8]) -> Result<Header, ImageError> {
    if bytes.get(12..16) != Some(b"IHDR") {
        return Err(malformed(
            "the PNG file does not start with its IHDR header",
        ));
    }
    let (Some(width), Some(height)) = (be32(bytes, 16), be32(bytes, 20)) else {
        return Err(malformed("the PNG header is cut short"));
    };
    // An APNG has `acTL` before the first `IDAT`; walking the chunk headers costs nothing.
    let mut animated = false;
    for chunk in png_chunks(bytes) {
        let Ok(chunk) = chunk else { break };
        match &chunk.kind {
            b"acTL" => animated = true,
            b"IDAT" | b"IEND" => break,
            _ => {}
        }
    }
    Ok(Header {
        width,
        height,
        animated,
    })
}

fn webp_header(bytes: &[u8]) -> Result<Header, ImageError> {
    let cut = || malformed("the WebP header is cut short");
    let first = bytes.get(12..16).ok_or_else(cut)?;
    match first {
        b"VP8X" => {
            let flags = bytes.get(20).copied().ok_or_else(cut)?;
            let width = le24(bytes, 24).ok_or_else(cut)? + 1;
            let height = le24(bytes, 27).ok_or_else(cut)? + 1;
            Ok(Header {
                width,
                height,
                animated: flags & 0x02 != 0,
            })
        }
        b"VP8 " => {
            // Frame tag (3 bytes), start code 9d 01 2a, then 14-bit width and height.
            if bytes.get(23..26) != Some(&[0x9d, 0x01, 0x2a]) {
                return Err(malformed("the WebP (VP8) header has no start code"));
            }
            let width = le16(bytes, 26).ok_or_else(cut)? & 0x3fff;
            let height = le16(bytes, 28).ok_or_else(cut)? & 0x3fff;
            Ok(Header {
                width,
                height,
                animated: false,
            })
        }
        b"VP8L" => {
            if bytes.get(20) != Some(&0x2f) {
                return Err(malformed("the WebP (VP8L) header has no signature"));
            }
            let bits = le32(bytes, 21).ok_or_else(cut)?;
            Ok(Header {
                width: (bits & 0x3fff) + 1,
                height: ((bits >> 14) & 0x3fff) + 1,
                animated: false,
            })
        }
        _ => Err(malformed(
            "the WebP file has no VP8, VP8L or VP8X chunk first",
        )),
    }
}

fn jpeg_header(bytes: &[u8]) -> Result<Header, ImageError> {
    for segment in JpegSegments::new(bytes) {
        let segment = segment.map_err(JpegError::into_image_error)?;
        // SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC).
        if matches!(segment.marker, 0xC0..=0xCF) && !matches!(segment.marker, 0xC4 | 0xC8 | 0xCC) {
            // FF Cn, length (2), precision (1), height (2), width (2).
            let (Some(height), Some(width)) = (
                be16(bytes, segment.start + 5),
                be16(bytes, segment.start + 7),
            ) else {
                return Err(malformed("the JPEG frame header is cut short"));
            };
            return Ok(Header {
                width,
                height,
                animated: false,
            });
        }
        if segment.marker == 0xDA {
            break;
        }
    }
    Err(malformed("the JPEG file has no frame header (SOF)"))
}

/// Whether a JPEG's segments run to its end-of-image marker: zune-jpeg decodes a truncated
/// file without complaint (filling the rest with grey), which would publish a broken photo.
pub(super) fn jpeg_complete(bytes: &[u8]) -> Result<(), ImageError> {
    for segment in JpegSegments::new(bytes) {
        if let Err(e) = segment {
            return Err(e.into_image_error());
        }
    }
    Ok(())
}

/// A problem in a JPEG's structure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum JpegError {
    NotJpeg,
    Truncated,
    Malformed(&'static str),
}

impl JpegError {
    pub(super) fn into_image_error(self) -> ImageError {
        match self {
            JpegError::NotJpeg => ImageError::Unsupported(
                "is not a JPEG image: its content does not start like one".to_string(),
            ),
            JpegError::Truncated => malformed(
                "the file is truncated (it ends before the JPEG end-of-image marker); \
                 was it copied completely?",
            ),
            JpegError::Malformed(what) => malformed(what),
        }
    }
}

/// One JPEG segment: `bytes[start..end]`, from its `FF xx` marker to the next segment. For
/// SOS (`DA`) it includes the entropy-coded data that follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Segment {
    pub marker: u8,
    pub start: usize,
    pub end: usize,
}

/// The segments of a JPEG, ending with EOI (`D9`); anything after EOI is not walked (phones
/// append secondary images and trailers there). An error ends the walk.
pub(super) struct JpegSegments<'a> {
    bytes: &'a [u8],
    pos: usize,
    done: bool,
}

impl<'a> JpegSegments<'a> {
    pub(super) fn new(bytes: &'a [u8]) -> Self {
        JpegSegments {
            bytes,
            pos: 0,
            done: false,
        }
    }

    fn step(&mut self) -> Result<Segment, JpegError> {
        let bytes = self.bytes;
        if self.pos == 0 {
            if !bytes.starts_with(&[0xFF, 0xD8]) {
                return Err(JpegError::NotJpeg);
            }
            self.pos = 2;
            return Ok(Segment {
                marker: 0xD8,
                start: 0,
                end: 2,
            });
        }
        // Bytes between segments that are not a marker are skipped (libjpeg warns and goes
        // on); fill bytes (FF FF ...) before a marker too.
        let rest = bytes.get(self.pos..).ok_or(JpegError::Truncated)?;
        let ff = memchr::memchr(0xFF, rest).ok_or(JpegError::Truncated)?;
        let mut start = self.pos + ff;
        while bytes.get(start + 1) == Some(&0xFF) {
            start += 1;
        }
        let marker = *bytes.get(start + 1).ok_or(JpegError::Truncated)?;
        match marker {
            0x00 => return Err(JpegError::Malformed("a JPEG marker is missing")),
            0xD9 => {
                self.done = true;
                return Ok(Segment {
                    marker,
                    start,
                    end: start + 2,
                });
            }
            0x01 | 0xD0..=0xD8 => {
                self.pos = start + 2;
                return Ok(Segment {
                    marker,
                    start,
                    end: start + 2,
                });
            }
            _ => {}
        }
        let len = be16(bytes, start + 2).ok_or(JpegError::Truncated)? as usize;
        if len < 2 {
            return Err(JpegError::Malformed("a JPEG segment has an invalid length"));
        }
        let mut end = start + 2 + len;
        if end > bytes.len() {
            return Err(JpegError::Truncated);
        }
        if marker == 0xDA {
            end = scan_end(bytes, end)?;
        }
        self.pos = end;
        Ok(Segment { marker, start, end })
    }
}

/// The end of the entropy-coded data starting at `from`: the next `FF` that starts a marker
/// other than a restart marker (`FF 00` is a stuffed byte).
fn scan_end(bytes: &[u8], from: usize) -> Result<usize, JpegError> {
    let mut at = from;
    loop {
        let rest = bytes.get(at..).ok_or(JpegError::Truncated)?;
        let ff = at + memchr::memchr(0xFF, rest).ok_or(JpegError::Truncated)?;
        match bytes.get(ff + 1) {
            None => return Err(JpegError::Truncated),
            Some(0x00 | 0xD0..=0xD7 | 0xFF) => at = ff + 1,
            Some(_) => return Ok(ff),
        }
    }
}

impl Iterator for JpegSegments<'_> {
    type Item = Result<Segment, JpegError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        let item = self.step();
        if item.is_err() {
            self.done = true;
        }
        Some(item)
    }
}

/// One PNG chunk: `bytes[start..end]` is length, type, data and CRC.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Chunk {
    pub kind: [u8; 4],
    pub start: usize,
    pub end: usize,
}

/// The chunks of a PNG after its signature, up to and including IEND. An error (a chunk that
/// runs past the end, no IEND) ends the walk.
pub(super) fn png_chunks(bytes: &[u8]) -> impl Iterator<Item = Result<Chunk, &'static str>> + '_ {
    let mut pos = 8;
    let mut done = !bytes.starts_with(b"\x89PNG\r\n\x1a\n");
    std::iter::from_fn(move || {
        if done {
            return None;
        }
        let chunk = (|| {
            let len = be32(bytes, pos).ok_or("the PNG file ends before its IEND chunk")?;
            let kind: [u8; 4] = bytes
                .get(pos + 4..pos + 8)
                .and_then(|k| k.try_into().ok())
                .ok_or("the PNG file ends inside a chunk header")?;
            let end = (pos + 12)
                .checked_add(len as usize)
                .filter(|&end| end <= bytes.len())
                .ok_or("the PNG file is truncated: a chunk runs past its end")?;
            Ok(Chunk {
                kind,
                start: pos,
                end,
            })
        })();
        match chunk {
            Ok(c) => {
                pos = c.end;
                done = &c.kind == b"IEND";
            }
            Err(_) => done = true,
        }
        Some(chunk)
    })
}

/// One RIFF chunk of a WebP: `bytes[start..end]` is fourcc, size, data and padding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct RiffChunk {
    pub fourcc: [u8; 4],
    pub start: usize,
    pub end: usize,
}

/// The chunks of a WebP after `RIFF size WEBP`, within the RIFF size. An error ends the walk.
pub(super) fn riff_chunks(
    bytes: &[u8],
) -> impl Iterator<Item = Result<RiffChunk, &'static str>> + '_ {
    let riff_end = le32(bytes, 4).map_or(0, |size| (size as usize).saturating_add(8));
    let riff_end = riff_end.min(bytes.len());
    let mut pos = 12;
    let mut done = !(bytes.starts_with(b"RIFF") && bytes.get(8..12) == Some(b"WEBP"));
    std::iter::from_fn(move || {
        if done || pos >= riff_end {
            return None;
        }
        let chunk = (|| {
            let fourcc: [u8; 4] = bytes
                .get(pos..pos + 4)
                .and_then(|k| k.try_into().ok())
                .ok_or("the WebP file ends inside a chunk header")?;
            let size = le32(bytes, pos + 4).ok_or("the WebP file ends inside a chunk header")?;
            let padded = (size as usize).saturating_add(size as usize & 1);
            let end = (pos + 8)
                .checked_add(padded)
                .ok_or("a WebP chunk has an impossible size")?;
            // The last chunk's padding byte is often missing; the data must be there.
            let data_end = pos + 8 + size as usize;
            if data_end > riff_end {
                return Err("the WebP file is truncated: a chunk runs past its end");
            }
            Ok(RiffChunk {
                fourcc,
                start: pos,
                end: end.min(riff_end),
            })
        })();
        match chunk {
            Ok(c) => pos = c.end,
            Err(_) => done = true,
        }
        Some(chunk)
    })
}
