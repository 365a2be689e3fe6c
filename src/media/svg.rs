//! The size of an SVG drawing, for the `width` and `height` of its `<img>` (SVG files are
//! published as they are).

/// Width and height of an SVG from its root element's `width`/`height` attributes (unitless
/// or `px`), else its `viewBox`; one of the two attributes with a `viewBox` gives the other
/// by the `viewBox`'s ratio. `None` if the bytes are not an SVG root element or give no
/// usable size (`%`, `em`, `cm`, … and no `viewBox`).
pub(crate) fn svg_size(bytes: &[u8]) -> Option<(u32, u32)> {
    let text = std::str::from_utf8(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)).ok()?;
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        nodes_limit: 1_000_000,
        ..roxmltree::ParsingOptions::default()
    };
    let doc = roxmltree::Document::parse_with_options(text, options).ok()?;
    let root = doc.root_element();
    if root.tag_name().name() != "svg" {
        return None;
    }
    let width = root.attribute("width").and_then(length);
    let height = root.attribute("height").and_then(length);
    let view_box = root.attribute("viewBox").and_then(view_box);
    let (w, h) = match (width, height, view_box) {
        (Some(w), Some(h), _) => (w, h),
        (Some(w), None, Some((vw, vh))) => (w, w * vh / vw),
        (None, Some(h), Some((vw, vh))) => (h * vw / vh, h),
        (_, _, Some((vw, vh))) => (vw, vh),
        _ => return None,
    };
    Some((pixels(w)?, pixels(h)?))
}

/// A positive length in user units: a number, optionally followed by `px`.
fn length(value: &str) -> Option<f64> {
    let value = value.trim();
    let number = value.strip_suffix("px").unwrap_or(value).trim_end();
    let v: f64 = number.parse().ok()?;
    (v.is_finite() && v > 0.0).then_some(v)
}

/// The width and height of a `viewBox` ("min-x min-y width height", by spaces or commas).
fn view_box(value: &str) -> Option<(f64, f64)> {
    let numbers: Vec<f64> = value
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|s| !s.is_empty())
        .map(str::parse)
        .collect::<Result<_, _>>()
        .ok()?;
    match numbers.as_slice() {
        [_, _, w, h] if w.is_finite() && h.is_finite() && *w > 0.0 && *h > 0.0 => Some((*w, *h)),
        _ => None,
    }
}

/// Whole pixels, at least 1 (a 0.4-px-wide icon is still drawn).
fn pixels(v: f64) -> Option<u32> {
    if !v.is_finite() || v <= 0.0 || v > f64::from(u32::MAX) {
        return None;
    }
    Some((v.round() as u32).max(1))
}
