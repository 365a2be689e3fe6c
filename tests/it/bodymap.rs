//! The default theme's body map as geometry (issue #13: gluteus minimus was drawn under
//! gluteus medius and maximus, so a page that coloured it showed nothing, while the legend
//! named it).
//!
//! A page draws the map as `<use>` elements: the outline, every region faintly, then the
//! coloured regions one after the other (secondary, then target, in the order of the
//! exercise's lists). A later region hides whatever of an earlier one it covers, and a
//! page may colour any two regions together. So the check is that no two regions overlap:
//! then any order leaves every coloured region wholly visible. It is made on the shapes
//! themselves: each path is flattened into polygons (`M`, `L`, `H`, `V`, `C`, `Z`; any
//! other command fails the test, so a new drawing cannot slip past it), each region is
//! sampled on a fine grid, and no sample of one region may lie inside another. Each region
//! must also lie inside the body's outline, in the view(s) docs/theming.md gives it, and be
//! big enough to see.

use std::collections::BTreeMap;
use std::path::Path;

type Pt = (f64, f64);

/// The grid step of the sampling, in viewBox units (the map is 400 × 480).
const STEP: f64 = 0.5;
/// Straight pieces per cubic curve when flattening.
const PIECES: usize = 12;
/// Overlap or overhang allowed for the flattening of curves, in square units (a sample is
/// STEP² = 0.25).
const SLACK: f64 = 1.0;
/// The least area of a region in each view it is drawn in: about 6 × 6 units, a few pixels
/// across where the page draws the map smallest (15rem for 400 units).
const MIN_AREA: f64 = 36.0;

/// A filled shape: its closed polygons (each subpath one area; the map has no holes).
#[derive(Debug, Default)]
struct Shape {
    polys: Vec<Vec<Pt>>,
}

impl Shape {
    fn contains(&self, p: Pt) -> bool {
        self.polys.iter().any(|poly| inside(poly, p))
    }

    fn bbox(&self) -> (f64, f64, f64, f64) {
        let mut b = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
        for &(x, y) in self.polys.iter().flatten() {
            b = (b.0.min(x), b.1.min(y), b.2.max(x), b.3.max(y));
        }
        b
    }

    /// The centres of the grid cells inside the shape.
    fn samples(&self) -> Vec<Pt> {
        let (x0, y0, x1, y1) = self.bbox();
        let mut out = Vec::new();
        let mut y = (y0 / STEP).floor() * STEP + STEP / 2.0;
        while y < y1 {
            let mut x = (x0 / STEP).floor() * STEP + STEP / 2.0;
            while x < x1 {
                if self.contains((x, y)) {
                    out.push((x, y));
                }
                x += STEP;
            }
            y += STEP;
        }
        out
    }
}

/// Even-odd point in polygon.
fn inside(poly: &[Pt], (x, y): Pt) -> bool {
    let mut odd = false;
    let mut j = poly.len().wrapping_sub(1);
    for (i, &(xi, yi)) in poly.iter().enumerate() {
        let (xj, yj) = poly[j];
        if (yi > y) != (yj > y) && x < (xj - xi) * (y - yi) / (yj - yi) + xi {
            odd = !odd;
        }
        j = i;
    }
    odd
}

/// The numbers and command letters of a path's `d`.
fn tokens(d: &str) -> Vec<Result<f64, char>> {
    let mut out = Vec::new();
    let mut num = String::new();
    let flush = |num: &mut String, out: &mut Vec<Result<f64, char>>| {
        if !num.is_empty() {
            out.push(Ok(num
                .parse()
                .unwrap_or_else(|_| panic!("bad number {num:?}"))));
            num.clear();
        }
    };
    for c in d.chars() {
        match c {
            '0'..='9' | '.' => {
                // A second '.' starts a new number (`.5.5`).
                if c == '.' && num.contains('.') && !num.contains(['e', 'E']) {
                    flush(&mut num, &mut out);
                }
                num.push(c);
            }
            '-' | '+' if !num.ends_with(['e', 'E']) => {
                flush(&mut num, &mut out);
                num.push(c);
            }
            '-' | '+' | 'e' | 'E' => num.push(c),
            c if c.is_ascii_alphabetic() => {
                flush(&mut num, &mut out);
                out.push(Err(c));
            }
            _ => flush(&mut num, &mut out),
        }
    }
    flush(&mut num, &mut out);
    out
}

/// A path's subpaths as polygons, curves flattened.
fn path_polygons(d: &str) -> Vec<Vec<Pt>> {
    let mut polys: Vec<Vec<Pt>> = Vec::new();
    let mut cur: Vec<Pt> = Vec::new();
    let mut pen: Pt = (0.0, 0.0);
    let mut start: Pt = (0.0, 0.0);
    let mut cmd = ' ';
    let mut nums: Vec<f64> = Vec::new();
    let toks = tokens(d);
    let mut i = 0;
    let close = |cur: &mut Vec<Pt>, polys: &mut Vec<Vec<Pt>>| {
        if cur.len() > 2 {
            polys.push(std::mem::take(cur));
        }
        cur.clear();
    };
    while i < toks.len() {
        if let Err(c) = toks[i] {
            cmd = c;
            i += 1;
            if matches!(c, 'Z' | 'z') {
                close(&mut cur, &mut polys);
                pen = start;
            }
            continue;
        }
        let rel = cmd.is_ascii_lowercase();
        let arity = match cmd.to_ascii_uppercase() {
            'M' | 'L' => 2,
            'H' | 'V' => 1,
            'C' => 6,
            other => panic!(
                "bodymap.svg: the path command {other:?} is not read by this test; draw with M, L, H, V, C and Z"
            ),
        };
        nums.clear();
        for _ in 0..arity {
            match toks.get(i) {
                Some(Ok(n)) => nums.push(*n),
                _ => panic!("bodymap.svg: {cmd} needs {arity} numbers in {d:?}"),
            }
            i += 1;
        }
        let (ox, oy) = if rel { pen } else { (0.0, 0.0) };
        match cmd.to_ascii_uppercase() {
            'M' => {
                close(&mut cur, &mut polys);
                pen = (ox + nums[0], oy + nums[1]);
                start = pen;
                cur.push(pen);
                // Numbers after a moveto are linetos.
                cmd = if rel { 'l' } else { 'L' };
            }
            'L' => {
                pen = (ox + nums[0], oy + nums[1]);
                cur.push(pen);
            }
            'H' => {
                pen = (if rel { pen.0 } else { 0.0 } + nums[0], pen.1);
                cur.push(pen);
            }
            'V' => {
                pen = (pen.0, if rel { pen.1 } else { 0.0 } + nums[0]);
                cur.push(pen);
            }
            _ => {
                let p0 = pen;
                let c1 = (ox + nums[0], oy + nums[1]);
                let c2 = (ox + nums[2], oy + nums[3]);
                let p3 = (ox + nums[4], oy + nums[5]);
                for k in 1..=PIECES {
                    let t = k as f64 / PIECES as f64;
                    let u = 1.0 - t;
                    let (a, b, c, e) = (u * u * u, 3.0 * u * u * t, 3.0 * u * t * t, t * t * t);
                    cur.push((
                        a * p0.0 + b * c1.0 + c * c2.0 + e * p3.0,
                        a * p0.1 + b * c1.1 + c * c2.1 + e * p3.1,
                    ));
                }
                pen = p3;
            }
        }
    }
    close(&mut cur, &mut polys);
    polys
}

/// An ellipse as a polygon.
fn ellipse(cx: f64, cy: f64, rx: f64, ry: f64) -> Vec<Pt> {
    (0..72)
        .map(|k| {
            let a = f64::from(k) * std::f64::consts::TAU / 72.0;
            (cx + rx * a.cos(), cy + ry * a.sin())
        })
        .collect()
}

/// The filled shapes under `node` (shapes with `fill="none"` are lines, not areas).
fn shape_of(node: roxmltree::Node) -> Shape {
    let mut shape = Shape::default();
    for n in node.descendants().filter(roxmltree::Node::is_element) {
        assert!(
            n.attribute("transform").is_none(),
            "bodymap.svg: a transform moves shapes this test reads in place"
        );
        if n.attribute("fill") == Some("none") {
            continue;
        }
        let num = |a: &str| -> f64 {
            n.attribute(a)
                .unwrap_or_else(|| panic!("<{}> without {a}", n.tag_name().name()))
                .parse()
                .expect("a number")
        };
        match n.tag_name().name() {
            "g" => {}
            "path" => shape
                .polys
                .extend(path_polygons(n.attribute("d").expect("d"))),
            "circle" => shape
                .polys
                .push(ellipse(num("cx"), num("cy"), num("r"), num("r"))),
            "ellipse" => shape
                .polys
                .push(ellipse(num("cx"), num("cy"), num("rx"), num("ry"))),
            other => panic!("bodymap.svg: <{other}> is not read by this test; use path"),
        }
    }
    shape
}

/// The views docs/theming.md gives each region: `front`, `back` or `both`.
fn documented_views() -> BTreeMap<String, String> {
    let doc =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/theming.md"))
            .expect("docs/theming.md");
    let mut views = BTreeMap::new();
    for line in doc.lines() {
        for view in ["front", "back", "both"] {
            if let Some(rest) = line.strip_prefix(&format!("| {view} |")) {
                for id in rest.split('`').skip(1).step_by(2) {
                    views.insert(id.to_string(), view.to_string());
                }
            }
        }
    }
    views
}

#[test]
fn every_region_of_the_body_map_stays_visible_whatever_is_coloured_with_it() {
    let svg = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/static/bodymap.svg"),
    )
    .expect("bodymap.svg");
    let doc = roxmltree::Document::parse(&svg).expect("bodymap.svg is XML");
    let by_id = |id: &str| {
        doc.descendants()
            .find(|n| n.attribute("id") == Some(id))
            .unwrap_or_else(|| panic!("bodymap.svg has no #{id}"))
    };
    let outline = shape_of(by_id("outline"));
    let regions: Vec<(String, Shape)> = by_id("regions")
        .descendants()
        .filter_map(|n| Some((n.attribute("id")?.to_string(), n)))
        .filter(|(id, _)| id != "regions")
        .map(|(id, n)| (id, shape_of(n)))
        .collect();
    let views = documented_views();
    assert_eq!(regions.len(), 29, "the map's regions");
    assert_eq!(views.len(), 29, "the regions of docs/theming.md's table");

    let mut problems: Vec<String> = Vec::new();
    let boxes: Vec<_> = regions.iter().map(|(_, s)| s.bbox()).collect();
    for (i, (id, shape)) in regions.iter().enumerate() {
        let samples = shape.samples();
        let area = |n: usize| n as f64 * STEP * STEP;
        // Inside the outline: the outline is one body per view with no holes, so a
        // region is inside it when its edge is.
        let out = shape
            .polys
            .iter()
            .flatten()
            .filter(|&&p| !outline.contains(p))
            .count();
        if out > 0 {
            problems.push(format!(
                "#{id}: {out} points of its edge lie outside the body's outline"
            ));
        }
        // In its documented views, big enough to see in each.
        let front = samples.iter().filter(|p| p.0 < 200.0).count();
        let back = samples.len() - front;
        let (want_front, want_back) = match views.get(id).map(String::as_str) {
            Some("front") => (true, false),
            Some("back") => (false, true),
            Some("both") => (true, true),
            _ => {
                problems.push(format!("#{id} is not in docs/theming.md's table"));
                continue;
            }
        };
        for (view, want, n) in [("front", want_front, front), ("back", want_back, back)] {
            if want && area(n) < MIN_AREA {
                problems.push(format!(
                    "#{id}: {:.1} square units in the {view} view, too small to see",
                    area(n)
                ));
            }
            if !want && n > 0 {
                problems.push(format!(
                    "#{id} is drawn in the {view} view, which docs/theming.md does not give it"
                ));
            }
        }
        // Under no other region.
        for (j, (other, shape2)) in regions.iter().enumerate() {
            if i == j {
                continue;
            }
            let (x0, y0, x1, y1) = boxes[j];
            let covered = samples
                .iter()
                .filter(|&&(x, y)| x >= x0 && x <= x1 && y >= y0 && y <= y1)
                .filter(|&&p| shape2.contains(p))
                .count();
            if area(covered) > SLACK {
                problems.push(format!(
                    "#{id}: {:.0}% of it ({:.1} of {:.1} square units) is under #{other}, \
                     so a page that colours both may hide it",
                    100.0 * covered as f64 / samples.len().max(1) as f64,
                    area(covered),
                    area(samples.len())
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_path_reader_of_this_test_reads_what_it_says() {
    // A unit square written three ways, and a curve that bulges out of its chord.
    for d in [
        "M0 0L10 0L10 10L0 10Z",
        "m0 0h10v10h-10z",
        "M0,0 10,0 10,10 0,10z",
    ] {
        let polys = path_polygons(d);
        assert_eq!(polys.len(), 1, "{d}");
        let s = Shape { polys };
        assert!(s.contains((5.0, 5.0)) && !s.contains((11.0, 5.0)), "{d}");
        assert_eq!(s.samples().len(), 400, "{d}");
    }
    let s = Shape {
        polys: path_polygons("M0 0C0 -10 10 -10 10 0Z"),
    };
    assert!(s.contains((5.0, -5.0)) && !s.contains((5.0, 1.0)));
    assert_eq!(path_polygons("M0 0L1 0L1 1ZM5 5L6 5L6 6Z").len(), 2);
    assert_eq!(tokens("1.5.5-2e-1"), vec![Ok(1.5), Ok(0.5), Ok(-0.2)]);
}
