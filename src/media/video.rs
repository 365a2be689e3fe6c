//! Whether a video carries the place it was filmed: phones write it into the MP4/QuickTime
//! container (`moov/udta/©xyz` on Android and older iPhones, the QuickTime metadata key
//! `com.apple.quicktime.location.ISO6709` in `moov/meta` on iPhones). Videos are published as
//! they are, so the integrator can warn.

/// Whether `bytes` (an MP4, MOV or M4V file) carry a GPS position in `moov/udta/©xyz`, or a
/// location key in `moov/meta` or `moov/udta/meta`. Anything unreadable is `false`.
pub(crate) fn video_has_location(bytes: &[u8]) -> bool {
    boxes(bytes).filter(|b| &b.kind == b"moov").any(|moov| {
        boxes(moov.body).any(|child| match &child.kind {
            b"udta" => boxes(child.body).any(|b| match &b.kind {
                b"\xA9xyz" => true,
                b"meta" => meta_has_location(b.body),
                _ => false,
            }),
            b"meta" => meta_has_location(child.body),
            _ => false,
        })
    })
}

/// A QuickTime `meta` box (no version/flags) or an ISO one (4 bytes of version/flags first)
/// whose `keys` (or, for iTunes-style `ilst`, any item) name a location.
fn meta_has_location(body: &[u8]) -> bool {
    let iso = body
        .get(4..8)
        .is_some_and(|k| k != b"hdlr" && k != b"keys" && k != b"ilst");
    let body = if iso {
        body.get(4..).unwrap_or_default()
    } else {
        body
    };
    boxes(body).any(|b| match &b.kind {
        b"keys" => contains(b.body, b"location"),
        b"ilst" => boxes(b.body).any(|item| &item.kind == b"\xA9xyz"),
        _ => false,
    })
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    memchr::memmem::find(haystack, needle).is_some()
}

/// One box: its type and its body (after the header).
struct Mp4Box<'a> {
    kind: [u8; 4],
    body: &'a [u8],
}

/// The boxes of `bytes`, in order; a box that runs past the end ends the walk.
fn boxes(bytes: &[u8]) -> impl Iterator<Item = Mp4Box<'_>> {
    let mut pos = 0usize;
    std::iter::from_fn(move || {
        let head: [u8; 8] = bytes.get(pos..pos + 8)?.try_into().ok()?;
        let (size, kind) = head.split_at(4);
        let size = u64::from(u32::from_be_bytes(size.try_into().ok()?));
        let kind: [u8; 4] = kind.try_into().ok()?;
        let (header, size) = match size {
            // To the end of the enclosing data.
            0 => (8, (bytes.len() - pos) as u64),
            1 => {
                let large: [u8; 8] = bytes.get(pos + 8..pos + 16)?.try_into().ok()?;
                (16, u64::from_be_bytes(large))
            }
            n => (8, n),
        };
        let end = pos.checked_add(usize::try_from(size).ok()?)?;
        let body = bytes.get(pos + header..end)?;
        pos = end;
        Some(Mp4Box { kind, body })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mp4_box(kind: &[u8; 4], body: &[u8]) -> Vec<u8> {
        let mut out = u32::try_from(8 + body.len())
            .unwrap()
            .to_be_bytes()
            .to_vec();
        out.extend_from_slice(kind);
        out.extend_from_slice(body);
        out
    }

    fn file(moov_children: &[u8]) -> Vec<u8> {
        let mut out = mp4_box(b"ftyp", b"isom\0\0\x02\0isomiso2mp41");
        out.extend(mp4_box(b"mdat", &[0; 32]));
        out.extend(mp4_box(b"moov", moov_children));
        out
    }

    #[test]
    fn android_xyz_in_udta_is_a_location() {
        let xyz = mp4_box(b"\xA9xyz", b"\0\x12\x15\xc7+48.8584+002.2945/");
        let moov = [mp4_box(b"mvhd", &[0; 100]), mp4_box(b"udta", &xyz)].concat();
        assert!(video_has_location(&file(&moov)));
    }

    #[test]
    fn iphone_location_key_in_moov_meta_is_a_location() {
        let keys = mp4_box(
            b"keys",
            b"\0\0\0\0\0\0\0\x01\0\0\0\x2bmdtacom.apple.quicktime.location.ISO6709",
        );
        let meta = [mp4_box(b"hdlr", &[0; 25]), keys].concat();
        let moov = [mp4_box(b"mvhd", &[0; 100]), mp4_box(b"meta", &meta)].concat();
        assert!(video_has_location(&file(&moov)));
    }

    #[test]
    fn a_video_without_location_or_not_a_video_is_false() {
        let name = mp4_box(b"\xA9nam", b"title");
        let moov = [mp4_box(b"mvhd", &[0; 100]), mp4_box(b"udta", &name)].concat();
        assert!(!video_has_location(&file(&moov)));
        assert!(!video_has_location(b""));
        assert!(!video_has_location(b"not a video at all"));
        // A box claiming more than the file holds.
        assert!(!video_has_location(b"\xff\xff\xff\xffmoov\0\0\0\x10udta"));
    }
}
