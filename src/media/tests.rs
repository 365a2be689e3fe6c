//! Tests of media processing, the cache, metadata removal and SVG sizes, on the fixtures of
//! `tests/fixtures/media/` (see its README for how each was made).

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use super::budget::{Budget, DEFAULT_BUDGET};
use super::cache::CacheStats;
use super::process::{self, Encoded, Rendered, output_size, plan};
use super::sniff::{self, JpegSegments};
use super::*;

fn fixture_path(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/media")
        .join(name)
}

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(fixture_path(name)).expect("fixture exists")
}

fn render(bytes: &[u8]) -> Result<Rendered, ImageError> {
    process::render(bytes, &Settings::default(), &Budget::new(DEFAULT_BUDGET))
}

fn sizes(outputs: &[Encoded]) -> Vec<(u32, u32)> {
    outputs.iter().map(|o| (o.width, o.height)).collect()
}

/// The RIFF chunk types of a WebP, walked (never grepped).
fn riff_fourccs(bytes: &[u8]) -> Vec<String> {
    sniff::riff_chunks(bytes)
        .map(|c| String::from_utf8_lossy(&c.expect("a valid chunk").fourcc).into_owned())
        .collect()
}

/// An encoded WebP has only image chunks: no EXIF, XMP, ICC or anything else.
fn assert_clean_webp(bytes: &[u8]) {
    assert!(bytes.starts_with(b"RIFF") && bytes.get(8..12) == Some(b"WEBP"));
    let chunks = riff_fourccs(bytes);
    assert!(!chunks.is_empty());
    for c in &chunks {
        assert!(
            ["VP8 ", "VP8L", "VP8X", "ALPH"].contains(&c.as_str()),
            "unexpected chunk {c:?} in {chunks:?}"
        );
    }
}

/// The markers of a JPEG, walked segment by segment.
fn jpeg_markers(bytes: &[u8]) -> Vec<u8> {
    JpegSegments::new(bytes)
        .map(|s| s.expect("a valid segment").marker)
        .collect()
}

/// An encoded JPEG has no APP1 (EXIF/XMP), APP2 (ICC), APP13 (IPTC) or COM segment.
fn assert_clean_jpeg(bytes: &[u8]) {
    let markers = jpeg_markers(bytes);
    assert_eq!(markers.first(), Some(&0xD8));
    assert_eq!(markers.last(), Some(&0xD9));
    for m in [0xE1, 0xE2, 0xED, 0xFE] {
        assert!(!markers.contains(&m), "marker {m:02X} in {markers:02X?}");
    }
}

fn png_kinds(bytes: &[u8]) -> Vec<String> {
    sniff::png_chunks(bytes)
        .map(|c| String::from_utf8_lossy(&c.expect("a valid chunk").kind).into_owned())
        .collect()
}

/// A GIF's blocks: `("image", "")`, `("ext:F9", "")`, `("ext:FF", "NETSCAPE2.0")`, ...
fn gif_blocks(bytes: &[u8]) -> Vec<(String, String)> {
    let table = |flags: u8| {
        if flags & 0x80 == 0 {
            0
        } else {
            3usize << ((flags & 7) + 1)
        }
    };
    let skip_sub_blocks = |mut pos: usize| loop {
        let len = usize::from(bytes[pos]);
        pos += 1 + len;
        if len == 0 {
            return pos;
        }
    };
    let mut out = Vec::new();
    let mut pos = 13 + table(bytes[10]);
    loop {
        match bytes[pos] {
            0x3B => return out,
            0x21 => {
                let label = bytes[pos + 1];
                let app = if label == 0xFF {
                    String::from_utf8_lossy(&bytes[pos + 3..pos + 14]).into_owned()
                } else {
                    String::new()
                };
                out.push((format!("ext:{label:02X}"), app));
                pos = skip_sub_blocks(pos + 2);
            }
            0x2C => {
                out.push(("image".to_string(), String::new()));
                pos = skip_sub_blocks(pos + 10 + table(bytes[pos + 9]) + 1);
            }
            other => panic!("unknown GIF block {other:02X}"),
        }
    }
}

fn decode(bytes: &[u8]) -> image::DynamicImage {
    image::load_from_memory(bytes).expect("the output decodes")
}

// Processing.

#[test]
fn exif_orientation_is_applied_and_no_output_carries_metadata() {
    let r = render(&fixture("oriented.jpg")).unwrap();
    // 60×40 stored, Orientation 6: shown 40×60.
    assert_eq!((r.width, r.height), (40, 60));
    assert_eq!(r.source, Format::Jpeg);
    assert_eq!(sizes(&r.webp), [(40, 60)]);
    assert_eq!((r.fallback.width, r.fallback.height), (40, 60));
    assert_eq!(r.fallback.format, Format::Jpeg);
    for w in &r.webp {
        assert_clean_webp(&w.data);
        let img = decode(&w.data);
        assert_eq!((img.width(), img.height()), (40, 60));
    }
    assert_clean_jpeg(&r.fallback.data);
    // The red third was on the left; turned 90° clockwise it is at the top.
    let img = decode(&r.fallback.data).into_rgb8();
    let top = img.get_pixel(20, 5).0;
    let bottom = img.get_pixel(20, 55).0;
    assert!(top[0] > 200 && top[2] < 60, "top {top:?}");
    assert!(bottom[2] > 200 && bottom[0] < 60, "bottom {bottom:?}");
    assert!(!r.animated && !r.first_frame_only);
}

#[test]
fn a_transparent_png_gets_a_png_fallback_with_alpha() {
    let r = render(&fixture("alpha.png")).unwrap();
    assert_eq!((r.width, r.height), (64, 48));
    assert_eq!(r.fallback.format, Format::Png);
    assert_eq!(png_kinds(&r.fallback.data), ["IHDR", "IDAT", "IEND"]);
    let img = decode(&r.fallback.data);
    assert!(img.color().has_alpha());
    let rgba = img.into_rgba8();
    assert_eq!(rgba.get_pixel(0, 0).0[3], 0, "a corner stays transparent");
    assert_eq!(rgba.get_pixel(32, 24).0[3], 255, "the middle stays opaque");
    for w in &r.webp {
        assert_clean_webp(&w.data);
        assert!(riff_fourccs(&w.data).contains(&"ALPH".to_string()));
    }
}

#[test]
fn an_opaque_rgba_png_gets_a_jpeg_fallback_and_no_alpha() {
    let r = render(&fixture("opaque-rgba.png")).unwrap();
    assert_eq!(r.fallback.format, Format::Jpeg);
    assert_clean_jpeg(&r.fallback.data);
    for w in &r.webp {
        assert_eq!(riff_fourccs(&w.data), ["VP8 "]);
    }
}

#[test]
fn a_webp_source_is_processed_without_its_exif_and_xmp() {
    let r = render(&fixture("photo.webp")).unwrap();
    assert_eq!(r.source, Format::Webp);
    assert_eq!((r.width, r.height), (64, 48));
    assert_eq!(sizes(&r.webp), [(64, 48)]);
    assert_clean_webp(&r.webp[0].data);
    assert_clean_jpeg(&r.fallback.data);
    assert!(!r.first_frame_only);
}

#[test]
fn a_static_gif_is_processed_like_a_photo() {
    let r = render(&fixture("static.gif")).unwrap();
    assert_eq!(r.source, Format::Gif);
    assert!(!r.animated);
    assert_eq!(sizes(&r.webp), [(32, 32)]);
    assert_eq!(r.fallback.format, Format::Jpeg);
}

#[test]
fn an_animated_gif_keeps_its_frames_delays_and_loop_but_not_its_comment_or_xmp() {
    let source = fixture("animated.gif");
    // The fixture has what must go.
    let before = gif_blocks(&source);
    assert!(before.iter().any(|(k, _)| k == "ext:FE"));
    assert!(before.iter().any(|(_, app)| app == "XMP DataXMP"));

    let r = render(&source).unwrap();
    assert!(r.animated);
    assert!(r.webp.is_empty());
    assert_eq!(r.fallback.format, Format::Gif);
    assert_eq!((r.fallback.width, r.fallback.height), (24, 24));
    let blocks = gif_blocks(&r.fallback.data);
    assert_eq!(blocks.iter().filter(|(k, _)| k == "image").count(), 3);
    for (kind, app) in &blocks {
        assert!(kind != "ext:FE", "a comment is left");
        assert!(
            kind != "ext:FF" || app == "NETSCAPE2.0",
            "extension {app} is left"
        );
    }
    let mut options = gif::DecodeOptions::new();
    options.set_color_output(gif::ColorOutput::Indexed);
    let mut decoder = options.read_info(r.fallback.data.as_slice()).unwrap();
    let mut delays = Vec::new();
    while let Some(frame) = decoder.read_next_frame().unwrap() {
        delays.push(frame.delay);
    }
    assert_eq!(delays, [10, 20, 30]);
    assert_eq!(decoder.repeat(), gif::Repeat::Infinite);
}

#[test]
fn an_animated_webp_publishes_its_first_frame_and_says_so() {
    let r = render(&fixture("animated.webp")).unwrap();
    assert!(r.first_frame_only);
    assert!(!r.animated);
    assert_eq!(sizes(&r.webp), [(32, 24)]);
    let first = decode(&r.fallback.data).into_rgb8();
    let p = first.get_pixel(16, 12).0;
    assert!(p[0] > 200 && p[2] < 60, "the first frame is red: {p:?}");
}

#[test]
fn an_animated_png_publishes_its_first_frame_and_says_so() {
    let r = render(&fixture("animated.png")).unwrap();
    assert!(r.first_frame_only);
    assert_eq!(r.source, Format::Png);
    let first = decode(&r.fallback.data).into_rgb8();
    let p = first.get_pixel(8, 8).0;
    assert!(p[1] > 200 && p[0] < 60, "the first frame is green: {p:?}");
    // A still PNG is not flagged.
    assert!(
        !render(&fixture("opaque-rgba.png"))
            .unwrap()
            .first_frame_only
    );
}

#[test]
fn a_truncated_jpeg_is_undecodable() {
    // Cut in its headers.
    let err = render(&fixture("truncated.jpg")).unwrap_err();
    assert!(matches!(err, ImageError::Undecodable(_)), "{err:?}");
    // Cut in its image data: zune-jpeg alone would decode it, grey below the cut.
    let narrow = fixture("narrow.jpg");
    let cut = &narrow[..narrow.len() * 8 / 10];
    assert!(
        image::load_from_memory(cut).is_ok(),
        "zune-jpeg still accepts it"
    );
    let err = render(cut).unwrap_err();
    assert!(matches!(err, ImageError::Undecodable(_)), "{err:?}");
    assert_eq!(
        err.to_string(),
        "cannot be decoded: the file is truncated (it ends before the JPEG end-of-image \
         marker); was it copied completely?"
    );
}

#[test]
fn a_text_file_named_jpg_is_unsupported() {
    let err = render(&fixture("not-an-image.jpg")).unwrap_err();
    assert!(matches!(err, ImageError::Unsupported(_)), "{err:?}");
    assert_eq!(
        err.to_string(),
        "is not an image: its content is not JPEG, PNG, WebP or GIF, whatever its name says"
    );
}

#[test]
fn other_formats_get_a_hint() {
    let heic = b"\0\0\0\x18ftypheic\0\0\0\0mif1heic";
    let err = render(heic).unwrap_err();
    assert!(err.to_string().starts_with("is a HEIC image"), "{err}");
    let svg = b"<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\"/>";
    assert!(
        render(svg)
            .unwrap_err()
            .to_string()
            .contains("name it `.svg`")
    );
    assert!(render(b"").unwrap_err().to_string().contains("empty"));
}

#[test]
fn a_png_claiming_100000_by_100000_is_too_large_before_decoding() {
    let err = render(&fixture("huge.png")).unwrap_err();
    assert!(
        matches!(
            err,
            ImageError::TooLarge {
                width: 100_000,
                height: 100_000
            }
        ),
        "{err:?}"
    );
    assert_eq!(
        err.to_string(),
        "is 100000×100000 pixels (10000 megapixels); the limit is 100 megapixels: \
         resize it before adding it"
    );
}

#[test]
fn too_large_messages() {
    let e = ImageError::TooLarge {
        width: 10_001,
        height: 10_001,
    };
    assert!(
        e.to_string()
            .starts_with("is 10001×10001 pixels (100.03 megapixels);")
    );
    let e = ImageError::TooLarge {
        width: 70_000,
        height: 10,
    };
    assert_eq!(
        e.to_string(),
        "is 70000×10 pixels; the limit is 65535 pixels on a side: resize it before adding it"
    );
    assert_eq!(megapixels(12_000_000), "12");
    assert_eq!(megapixels(12_500_000), "12.5");
}

#[test]
fn a_narrow_source_is_never_enlarged() {
    let r = render(&fixture("narrow.jpg")).unwrap();
    assert_eq!((r.width, r.height), (300, 200));
    assert_eq!(sizes(&r.webp), [(300, 200)]);
    assert_eq!((r.fallback.width, r.fallback.height), (300, 200));
}

#[test]
fn output_sizes_follow_the_oriented_source() {
    let s = Settings::default();
    // A landscape photo: every width, the fallback at 960.
    let (webp, fallback) = plan(1600, 1067, &s);
    assert_eq!(webp, [(480, 320), (960, 640), (1600, 1067)]);
    assert_eq!(fallback, (960, 640));
    // A portrait one, 1067 wide: 1600 collapses to the source width.
    let (webp, fallback) = plan(1067, 1600, &s);
    assert_eq!(webp, [(480, 720), (960, 1440), (1067, 1600)]);
    assert_eq!(fallback, (960, 1440));
    // Narrower than the middle width: the fallback is the source.
    let (webp, fallback) = plan(700, 500, &s);
    assert_eq!(webp, [(480, 343), (700, 500)]);
    assert_eq!(fallback, (700, 500));
    // Never 0 pixels high, never over libwebp's 16383.
    assert_eq!(output_size(60_000, 10, 480), (480, 1));
    assert_eq!(output_size(100, 60_000, 480), (27, 16_383));
}

#[test]
fn settings_are_normalized_and_fingerprinted() {
    let s = Settings {
        widths: vec![960, 0, 480, 960],
        quality: 0,
        method: 9,
    }
    .normalized();
    assert_eq!(
        s,
        Settings {
            widths: vec![480, 960],
            quality: 1,
            method: 6
        }
    );
    assert_eq!(s.fallback_width(), 960);
    assert_eq!(
        Settings {
            widths: vec![],
            ..Settings::default()
        }
        .normalized()
        .widths,
        [480, 960, 1600]
    );
    let d = Settings::default();
    assert_eq!(d.fingerprint(), Settings::default().fingerprint());
    assert_ne!(
        d.fingerprint(),
        Settings {
            quality: 81,
            ..Settings::default()
        }
        .fingerprint()
    );
}

#[test]
fn formats_by_extension() {
    assert_eq!(Format::from_ext("JPG"), Some(Format::Jpeg));
    assert_eq!(Format::from_ext("jpeg"), Some(Format::Jpeg));
    assert_eq!(Format::from_ext("Png"), Some(Format::Png));
    assert_eq!(Format::from_ext("webp"), Some(Format::Webp));
    assert_eq!(Format::from_ext("GIF"), Some(Format::Gif));
    assert_eq!(Format::from_ext("svg"), None);
    assert_eq!(Format::Jpeg.ext(), "jpg");
    assert_eq!(Format::Webp.mime(), "image/webp");
}

/// A 16×16 PNG of one colour, RGBA with alpha 200 (so the fallback is a lossless PNG), with
/// `icc` embedded.
fn png_with_profile(rgb: [u8; 3], icc: Option<Vec<u8>>) -> Vec<u8> {
    use image::ImageEncoder;
    let mut out = Vec::new();
    let mut encoder = image::codecs::png::PngEncoder::new(&mut out);
    if let Some(icc) = icc {
        encoder.set_icc_profile(icc).unwrap();
    }
    let pixels: Vec<u8> = (0..256)
        .flat_map(|_| [rgb[0], rgb[1], rgb[2], 200])
        .collect();
    encoder
        .write_image(&pixels, 16, 16, image::ExtendedColorType::Rgba8)
        .unwrap();
    out
}

fn fallback_pixel(bytes: &[u8]) -> [u8; 4] {
    let r = render(bytes).unwrap();
    assert_eq!(r.fallback.format, Format::Png);
    decode(&r.fallback.data).into_rgba8().get_pixel(8, 8).0
}

#[test]
fn a_display_p3_image_is_converted_to_srgb_and_an_srgb_one_is_left_alone() {
    let colour = [200, 100, 50];
    let plain = fallback_pixel(&png_with_profile(colour, None));
    assert_eq!(plain, [200, 100, 50, 200]);

    let srgb = moxcms::ColorProfile::new_srgb().encode().unwrap();
    assert_eq!(fallback_pixel(&png_with_profile(colour, Some(srgb))), plain);

    let p3 = moxcms::ColorProfile::new_display_p3().encode().unwrap();
    let converted = fallback_pixel(&png_with_profile(colour, Some(p3)));
    // P3's red is more saturated than sRGB's: in sRGB the same colour has more red and less
    // green and blue.
    assert!(converted[0] > 205, "{converted:?}");
    assert!(converted[1] < 100 && converted[2] < 50, "{converted:?}");
    assert_eq!(converted[3], 200, "alpha is not touched");
}

#[test]
fn prefixes_of_every_fixture_never_panic() {
    for name in [
        "oriented.jpg",
        "alpha.png",
        "photo.webp",
        "static.gif",
        "animated.gif",
        "animated.webp",
        "animated.png",
    ] {
        let bytes = fixture(name);
        let step = (bytes.len() / 40).max(1);
        for n in (0..bytes.len()).step_by(step) {
            // Processing a cut file fails cleanly (or, for a few cut points, succeeds).
            let _ = render(&bytes[..n]);
        }
        for n in 0..bytes.len() {
            for format in [Format::Jpeg, Format::Png, Format::Webp, Format::Gif] {
                let _ = strip_metadata(&bytes[..n], format);
            }
        }
    }
}

// The cache.

/// A site in a temporary folder with the given fixtures under `content/`.
struct Site {
    dir: tempfile::TempDir,
}

impl Site {
    fn new(files: &[&str]) -> Site {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("content/ex")).unwrap();
        for f in files {
            std::fs::copy(fixture_path(f), dir.path().join("content/ex").join(f)).unwrap();
        }
        Site { dir }
    }

    fn source(&self, name: &str) -> PathBuf {
        self.dir.path().join("content/ex").join(name)
    }

    fn cache_dir(&self) -> PathBuf {
        self.dir.path().join(".movebook/cache")
    }

    fn images(&self) -> PathBuf {
        self.cache_dir().join("images")
    }

    fn open(&self) -> Cache {
        Cache::open(&self.cache_dir(), Settings::default())
    }

    /// Opens the cache, processes `names`, finishes; returns the results and the stats.
    fn build(&self, names: &[&str]) -> (Vec<Arc<Processed>>, CacheStats) {
        let cache = self.open();
        let sources: Vec<PathBuf> = names.iter().map(|n| self.source(n)).collect();
        let results = cache.process(&sources, &|| {});
        let stats = cache.stats();
        cache.finish().unwrap();
        let results = results.into_iter().map(|r| r.unwrap()).collect();
        (results, stats)
    }

    fn cache_files(&self) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(self.images())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }
}

fn mtimes(p: &Processed) -> Vec<std::time::SystemTime> {
    p.outputs()
        .map(|o| std::fs::metadata(&o.path).unwrap().modified().unwrap())
        .collect()
}

#[test]
fn a_second_build_finds_everything_in_the_cache_without_encoding() {
    let site = Site::new(&["oriented.jpg", "alpha.png", "animated.gif"]);
    let names = ["oriented.jpg", "alpha.png", "animated.gif"];
    let (first, stats) = site.build(&names);
    assert_eq!(
        stats,
        CacheStats {
            hits: 0,
            processed: 3,
            failed: 0
        }
    );
    for p in &first {
        for o in p.outputs() {
            assert!(o.path.is_absolute());
            assert!(o.path.starts_with(site.images()));
            assert_eq!(std::fs::metadata(&o.path).unwrap().len(), o.bytes);
            let name = o.path.file_name().unwrap().to_string_lossy().into_owned();
            assert_eq!(
                name,
                format!("{:016x}-{}.{}", p.key, o.width, o.format.ext())
            );
        }
    }
    let before: Vec<_> = first.iter().map(|p| mtimes(p)).collect();
    let manifest = site.images().join("manifest.json");
    let manifest_before = std::fs::metadata(&manifest).unwrap().modified().unwrap();

    let (second, stats) = site.build(&names);
    assert_eq!(
        stats,
        CacheStats {
            hits: 3,
            processed: 0,
            failed: 0
        }
    );
    assert_eq!(
        first.iter().map(AsRef::as_ref).collect::<Vec<&Processed>>(),
        second
            .iter()
            .map(AsRef::as_ref)
            .collect::<Vec<&Processed>>()
    );
    let after: Vec<_> = second.iter().map(|p| mtimes(p)).collect();
    assert_eq!(before, after, "no output was rewritten");
    let manifest_after = std::fs::metadata(&manifest).unwrap().modified().unwrap();
    assert_eq!(manifest_before, manifest_after, "nor the manifest");

    // Within one cache, a second `process` call hits too.
    let cache = site.open();
    let sources = [site.source("alpha.png")];
    let _ = cache.process(&sources, &|| {});
    let _ = cache.process(&sources, &|| {});
    assert_eq!(cache.stats().processed, 0);
    assert_eq!(cache.stats().hits, 2);
}

#[test]
fn results_come_in_input_order_and_done_is_called_once_per_source() {
    let site = Site::new(&[
        "oriented.jpg",
        "alpha.png",
        "not-an-image.jpg",
        "narrow.jpg",
    ]);
    let cache = site.open();
    let sources: Vec<PathBuf> = ["narrow.jpg", "not-an-image.jpg", "alpha.png", "narrow.jpg"]
        .iter()
        .map(|n| site.source(n))
        .collect();
    let calls = AtomicUsize::new(0);
    let results = cache.process(&sources, &|| {
        calls.fetch_add(1, Ordering::SeqCst);
    });
    assert_eq!(calls.load(Ordering::SeqCst), 4);
    assert_eq!(results.len(), 4);
    assert_eq!(results[0].as_ref().unwrap().width, 300);
    assert!(matches!(results[1], Err(ImageError::Unsupported(_))));
    assert_eq!(results[2].as_ref().unwrap().source, Format::Png);
    // The same path twice is processed once.
    assert!(Arc::ptr_eq(
        results[0].as_ref().unwrap(),
        results[3].as_ref().unwrap()
    ));
    assert_eq!(
        cache.stats(),
        CacheStats {
            hits: 0,
            processed: 2,
            failed: 1
        }
    );
    cache.finish().unwrap();
}

#[test]
fn a_killed_build_or_a_missing_output_is_never_trusted_and_is_redone() {
    let site = Site::new(&["oriented.jpg", "alpha.png"]);
    let (first, _) = site.build(&["oriented.jpg", "alpha.png"]);
    // A build killed while writing: the half-written file has its temporary name only
    // (outputs are renamed into place once whole), so the output itself is missing.
    let victim = &first[0].webp[0];
    let name = victim
        .path
        .file_name()
        .unwrap()
        .to_str()
        .unwrap()
        .to_string();
    let folder = victim.path.parent().unwrap();
    std::fs::remove_file(&victim.path).unwrap();
    std::fs::write(folder.join(format!(".{name}.4242-7.tmp")), b"half a pict").unwrap();
    // An output deleted by hand.
    std::fs::remove_file(&first[1].fallback.path).unwrap();

    let (second, stats) = site.build(&["oriented.jpg", "alpha.png"]);
    assert_eq!(stats.processed, 2);
    assert_eq!(stats.hits, 0);
    assert_eq!(std::fs::metadata(&victim.path).unwrap().len(), victim.bytes);
    assert!(second[1].fallback.path.exists());
    assert_eq!(first, second);
}

#[test]
fn a_touched_renamed_or_copied_source_is_found_by_content() {
    let site = Site::new(&["oriented.jpg"]);
    let (first, _) = site.build(&["oriented.jpg"]);
    // Same bytes, new mtime.
    let file = std::fs::File::options()
        .write(true)
        .open(site.source("oriented.jpg"))
        .unwrap();
    file.set_modified(std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1))
        .unwrap();
    drop(file);
    let (second, stats) = site.build(&["oriented.jpg"]);
    assert_eq!((stats.hits, stats.processed), (1, 0));
    assert_eq!(first[0], second[0]);
    // Same bytes, another name.
    std::fs::copy(site.source("oriented.jpg"), site.source("copy.jpg")).unwrap();
    let (third, stats) = site.build(&["copy.jpg"]);
    assert_eq!((stats.hits, stats.processed), (1, 0));
    assert_eq!(third[0].key, first[0].key);
    // Other bytes under the same name.
    std::fs::copy(fixture_path("narrow.jpg"), site.source("copy.jpg")).unwrap();
    let (fourth, stats) = site.build(&["copy.jpg"]);
    assert_eq!((stats.hits, stats.processed), (0, 1));
    assert_eq!(fourth[0].width, 300);
}

#[test]
fn finish_prunes_unused_entries_and_leaves_foreign_files_alone() {
    let site = Site::new(&["oriented.jpg", "alpha.png"]);
    let (first, _) = site.build(&["oriented.jpg", "alpha.png"]);
    std::fs::write(site.images().join("notes.txt"), "mine").unwrap();
    std::fs::write(site.images().join("0123456789abcdef.webp"), "mine too").unwrap();
    std::fs::write(site.cache_dir().join("other-tool.bin"), "not the cache's").unwrap();

    let (second, _) = site.build(&["oriented.jpg"]);
    assert_eq!(first[0], second[0]);
    for o in first[0].outputs() {
        assert!(o.path.exists(), "a used output stays");
    }
    for o in first[1].outputs() {
        assert!(
            !o.path.exists(),
            "an unused output goes: {}",
            o.path.display()
        );
    }
    let mut expected: Vec<String> = first[0]
        .outputs()
        .map(|o| o.path.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    expected
        .extend(["0123456789abcdef.webp", "manifest.json", "notes.txt"].map(ToString::to_string));
    expected.sort();
    assert_eq!(site.cache_files(), expected);
    assert!(site.cache_dir().join("other-tool.bin").exists());
}

#[test]
fn the_manifest_holds_site_relative_paths_and_a_corrupt_one_is_ignored() {
    let site = Site::new(&["narrow.jpg"]);
    site.build(&["narrow.jpg"]);
    let manifest = std::fs::read_to_string(site.images().join("manifest.json")).unwrap();
    assert!(manifest.contains("\"content/ex/narrow.jpg\""), "{manifest}");
    let root = site.dir.path().to_string_lossy().into_owned();
    assert!(!manifest.contains(&root), "{manifest}");

    std::fs::write(site.images().join("manifest.json"), "{ not json").unwrap();
    let (_, stats) = site.build(&["narrow.jpg"]);
    assert_eq!((stats.hits, stats.processed), (0, 1));
    // And it is rewritten.
    let (_, stats) = site.build(&["narrow.jpg"]);
    assert_eq!((stats.hits, stats.processed), (1, 0));
}

#[test]
fn the_cache_folder_may_be_deleted_at_any_time() {
    let site = Site::new(&["narrow.jpg", "alpha.png"]);
    let cache = site.open();
    let _ = cache.process(&[site.source("narrow.jpg")], &|| {});
    std::fs::remove_dir_all(site.cache_dir()).unwrap();
    let results = cache.process(&[site.source("alpha.png")], &|| {});
    assert!(results[0].is_ok());
    cache.finish().unwrap();
    assert!(site.images().join("manifest.json").exists());
    // The deleted entry is redone, the other is a hit.
    let (_, stats) = site.build(&["narrow.jpg", "alpha.png"]);
    assert_eq!((stats.hits, stats.processed), (1, 1));
}

#[test]
fn other_settings_make_other_outputs_and_the_old_ones_are_pruned() {
    let site = Site::new(&["narrow.jpg"]);
    let (first, _) = site.build(&["narrow.jpg"]);
    let cache = Cache::open(
        &site.cache_dir(),
        Settings {
            quality: 60,
            ..Settings::default()
        },
    );
    let results = cache.process(&[site.source("narrow.jpg")], &|| {});
    assert_eq!(cache.stats().processed, 1);
    let second = results[0].as_ref().unwrap();
    assert_ne!(second.key, first[0].key);
    cache.finish().unwrap();
    assert!(!first[0].fallback.path.exists());
    assert!(second.fallback.path.exists());
}

#[test]
fn no_folder_is_created_for_a_site_without_images() {
    let site = Site::new(&[]);
    site.open().finish().unwrap();
    assert!(!site.dir.path().join(".movebook").exists());
}

#[test]
fn temporary_and_output_names_are_recognized_strictly() {
    use super::cache::{is_output_name, is_temp_name};
    assert!(is_output_name("0123456789abcdef-480.webp"));
    assert!(is_output_name("0123456789abcdef-960.jpg"));
    assert!(!is_output_name("0123456789ABCDEF-960.jpg"));
    assert!(!is_output_name("0123456789abcdef-960.jpeg"));
    assert!(!is_output_name("0123456789abcdef.webp"));
    assert!(!is_output_name("notes.txt"));
    assert!(is_temp_name(".0123456789abcdef-480.webp.123-4.tmp"));
    assert!(is_temp_name(".manifest.json.123-4.tmp"));
    assert!(!is_temp_name(".notes.txt.123-4.tmp"));
    assert!(!is_temp_name("0123456789abcdef-480.webp.123-4.tmp"));
}

// Metadata removal.

#[test]
fn strip_jpeg_drops_exif_xmp_and_comments_and_keeps_the_image() {
    let source = fixture("oriented.jpg");
    let markers = jpeg_markers(&source);
    assert!(markers.contains(&0xE1) && markers.contains(&0xFE));
    let out = strip_metadata(&source, Format::Jpeg).unwrap();
    assert_clean_jpeg(&out);
    assert!(!jpeg_markers(&out).iter().any(|m| (0xE1..=0xEF).contains(m)));
    assert_eq!(decode(&out).to_rgb8(), decode(&source).to_rgb8());
}

#[test]
fn strip_jpeg_keeps_adobe_app14_and_drops_what_follows_eoi() {
    let source = fixture("narrow.jpg");
    let adobe = b"\xFF\xEE\x00\x0EAdobe\x00\x64\x00\x00\x00\x00\x01";
    let exif = b"\xFF\xE1\x00\x08Exif\x00\x00";
    let mut bytes = source[..2].to_vec();
    bytes.extend_from_slice(adobe);
    bytes.extend_from_slice(exif);
    bytes.extend_from_slice(&source[2..]);
    bytes.extend_from_slice(b"\xFF\xD8\xFF\xE1 trailing secondary image with GPS");
    let out = strip_metadata(&bytes, Format::Jpeg).unwrap();
    let markers = jpeg_markers(&out);
    assert!(markers.contains(&0xEE));
    assert!(!markers.contains(&0xE1));
    assert_eq!(markers.last(), Some(&0xD9));
    assert!(out.ends_with(b"\xFF\xD9"));
}

#[test]
fn strip_png_drops_text_time_and_exif_chunks() {
    let source = fixture("alpha.png");
    let kinds = png_kinds(&source);
    for k in ["tEXt", "zTXt", "iTXt", "eXIf", "tIME"] {
        assert!(kinds.contains(&k.to_string()), "the fixture has {k}");
    }
    let out = strip_metadata(&source, Format::Png).unwrap();
    assert_eq!(png_kinds(&out), ["IHDR", "IDAT", "IEND"]);
    assert_eq!(decode(&out).to_rgba8(), decode(&source).to_rgba8());
}

#[test]
fn strip_webp_drops_exif_and_xmp_chunks_and_flags() {
    let source = fixture("photo.webp");
    assert_eq!(riff_fourccs(&source), ["VP8X", "VP8 ", "EXIF", "XMP "]);
    let out = strip_metadata(&source, Format::Webp).unwrap();
    assert_eq!(riff_fourccs(&out), ["VP8X", "VP8 "]);
    assert_eq!(out[20] & 0x0C, 0, "the EXIF and XMP flags are cleared");
    assert_eq!(
        u32::from_le_bytes(out[4..8].try_into().unwrap()) as usize,
        out.len() - 8
    );
    assert_eq!(decode(&out).to_rgb8(), decode(&source).to_rgb8());
}

#[test]
fn strip_gif_drops_comments_and_application_extensions_but_not_looping() {
    let source = fixture("animated.gif");
    let out = strip_metadata(&source, Format::Gif).unwrap();
    let blocks = gif_blocks(&out);
    assert_eq!(blocks.iter().filter(|(k, _)| k == "image").count(), 3);
    assert!(blocks.iter().any(|(_, app)| app == "NETSCAPE2.0"));
    assert!(!blocks.iter().any(|(k, _)| k == "ext:FE"));
    assert!(!blocks.iter().any(|(_, app)| app == "XMP DataXMP"));

    let source = fixture("static.gif");
    assert!(gif_blocks(&source).iter().any(|(k, _)| k == "ext:FE"));
    let out = strip_metadata(&source, Format::Gif).unwrap();
    assert!(!gif_blocks(&out).iter().any(|(k, _)| k == "ext:FE"));
    assert_eq!(decode(&out).to_rgba8(), decode(&source).to_rgba8());
}

#[test]
fn strip_refuses_malformed_input() {
    let err = strip_metadata(&fixture("truncated.jpg"), Format::Jpeg).unwrap_err();
    assert!(matches!(err, ImageError::Undecodable(_)), "{err:?}");
    let err = strip_metadata(&fixture("not-an-image.jpg"), Format::Jpeg).unwrap_err();
    assert!(matches!(err, ImageError::Unsupported(_)), "{err:?}");
    let err = strip_metadata(&fixture("alpha.png"), Format::Jpeg).unwrap_err();
    assert_eq!(
        err.to_string(),
        "is a PNG image, not a JPEG: give it the extension `.png`"
    );
    let png = fixture("alpha.png");
    let err = strip_metadata(&png[..png.len() - 12], Format::Png).unwrap_err();
    assert!(matches!(err, ImageError::Undecodable(_)), "{err:?}");
}

// SVG sizes.

#[test]
fn svg_sizes() {
    let svg = |s: &str| svg_size(s.as_bytes());
    assert_eq!(
        svg(r#"<svg xmlns="http://www.w3.org/2000/svg" width="120" height="80"/>"#),
        Some((120, 80))
    );
    assert_eq!(
        svg(r#"<svg width="120px" height="80.4px"/>"#),
        Some((120, 80))
    );
    assert_eq!(svg(r#"<svg viewBox="0 0 300 150"/>"#), Some((300, 150)));
    assert_eq!(svg(r#"<svg viewBox="0,0,300,150"/>"#), Some((300, 150)));
    assert_eq!(
        svg(r#"<svg width="100%" height="100%" viewBox="0 0 300 150"/>"#),
        Some((300, 150))
    );
    assert_eq!(
        svg(r#"<svg width="600" viewBox="0 0 300 150"/>"#),
        Some((600, 300))
    );
    assert_eq!(
        svg(r#"<svg height="75" viewBox="0 0 300 150"/>"#),
        Some((150, 75))
    );
    assert_eq!(svg(r#"<svg width="10em" height="5em"/>"#), None);
    assert_eq!(svg("<svg/>"), None);
    assert_eq!(svg(r#"<html width="1" height="1"/>"#), None);
    assert_eq!(svg("not xml at all"), None);
    let with_doctype = "<?xml version=\"1.0\"?>\n<!DOCTYPE svg PUBLIC \"-//W3C//DTD SVG 1.1//EN\" \
        \"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd\">\n\
        <svg xmlns=\"http://www.w3.org/2000/svg\" width=\"24\" height=\"24\"><path d=\"M0 0\"/></svg>";
    assert_eq!(svg(with_doctype), Some((24, 24)));
    assert_eq!(
        svg_size(b"\xEF\xBB\xBF<svg width=\"2\" height=\"3\"/>"),
        Some((2, 3))
    );
}

// Measurement (not a test): processes every image under `$MEDIA_BENCH_SITE/content` into
// `$MEDIA_BENCH_SITE/.movebook/cache` and prints the time and the cache's counts; run it
// twice for cold and warm, under `/usr/bin/time -v` for the peak RSS:
// `MEDIA_BENCH_SITE=/tmp/site cargo test --lib media::tests::bench -- --ignored --nocapture`.
// `MEDIA_BENCH_BUDGET_MIB` sets the decode budget (default 160).
#[test]
#[ignore = "a measurement, run by hand"]
fn bench() {
    let Some(site) = std::env::var_os("MEDIA_BENCH_SITE").map(PathBuf::from) else {
        return;
    };
    let mut sources: Vec<PathBuf> = walkdir::WalkDir::new(site.join("content"))
        .into_iter()
        .filter_map(Result::ok)
        .map(walkdir::DirEntry::into_path)
        .filter(|p| {
            p.extension()
                .and_then(|e| e.to_str())
                .and_then(Format::from_ext)
                .is_some()
        })
        .collect();
    sources.sort();
    let start = std::time::Instant::now();
    let budget = std::env::var("MEDIA_BENCH_BUDGET_MIB")
        .ok()
        .and_then(|v| v.parse::<u64>().ok())
        .map_or(DEFAULT_BUDGET, |mib| mib * 1024 * 1024);
    let cache = Cache::with_budget(&site.join(".movebook/cache"), Settings::default(), budget);
    let opened = start.elapsed();
    let results = cache.process(&sources, &|| {});
    let processed = start.elapsed();
    let stats = cache.stats();
    let peak = cache.peak_decoded_bytes();
    cache.finish().unwrap();
    let finished = start.elapsed();
    let (mut webp, mut fallback) = (0u64, 0u64);
    for r in results.iter().flatten() {
        webp += r.webp.iter().map(|o| o.bytes).sum::<u64>();
        fallback += r.fallback.bytes;
    }
    println!(
        "{} sources: {stats:?}; open {opened:?}, process {:?}, finish {:?}, total {finished:?}; \
         WebP {webp} B, fallbacks {fallback} B; peak decoded {} MiB",
        sources.len(),
        processed.saturating_sub(opened),
        finished.saturating_sub(processed),
        peak / (1024 * 1024)
    );
}
