//! Progression diagrams: the graph of easier → harder exercises as inline SVG.
//!
//! The layout (ranks, order within a rank, coordinates, edge curves) comes from the
//! `layout-rs` crate (a Sugiyama-style layered layout, as in Graphviz's `dot`); this module
//! only chooses which exercises to draw and turns the positions into SVG with our own
//! classes, links and real, escaped `<text>`. Colours come from the stylesheet, so the
//! diagram follows dark mode and print.
//!
//! Cost: a layout is computed once per *family* (connected group of exercises), lazily, the
//! first time a page of the family needs it, and kept split into pieces so that each page
//! only concatenates strings, marking its own node as current. Families larger than
//! [`MAX_NODES`] are drawn per page as the neighbourhood of the exercise instead.

use std::fmt::Write as _;
use std::sync::{Arc, OnceLock};

use layout::core::base::Orientation;
use layout::core::color::Color;
use layout::core::format::{ClipHandle, RenderBackend};
use layout::core::geometry::{Point, Position};
use layout::core::style::StyleAttr;
use layout::std_shapes::shapes::{Arrow, Element, ShapeKind};
use layout::topo::layout::VisualGraph;

use crate::html::escape;
use crate::model::Site;
use crate::render::views::Urls;

/// Families up to this many exercises are drawn whole; larger ones as the neighbourhood
/// (up to [`RADIUS`] steps away) of the page's exercise.
pub(crate) const MAX_NODES: usize = 30;
/// How far the neighbourhood of an exercise in a very large family reaches.
pub(crate) const RADIUS: usize = 2;

const FONT_PX: f64 = 13.0;
const LINE_PX: f64 = 16.0;
/// Average advance of a character at [`FONT_PX`] in a system sans-serif (a slight
/// overestimate, so that text stays inside its box).
const CHAR_PX: f64 = 7.4;
const WRAP_CHARS: usize = 20;
const PAD_X: f64 = 12.0;
const PAD_Y: f64 = 8.0;
/// Space around each box that the layout keeps free (half the gap between boxes).
const HALO: f64 = 16.0;
const MARGIN: f64 = 4.0;

/// A node to draw.
struct NodeSpec {
    /// Index into `site.exercises`.
    exercise: usize,
    /// Text lines of the label.
    lines: Vec<String>,
}

/// A laid-out diagram, split so that any one node can be drawn as "current".
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Prerendered {
    head: String,
    /// Per node: the exercise it shows, its SVG as a link, and as the current page.
    nodes: Vec<(usize, String, String)>,
}

impl Prerendered {
    /// The SVG with the node of `current` (an exercise index) marked, or none marked.
    pub(crate) fn svg(&self, current: Option<usize>) -> String {
        let mut out = String::with_capacity(
            self.head.len() + self.nodes.iter().map(|n| n.1.len() + 8).sum::<usize>() + 8,
        );
        out.push_str(&self.head);
        for (exercise, link, here) in &self.nodes {
            out.push_str(if Some(*exercise) == current {
                here
            } else {
                link
            });
        }
        out.push_str("</svg>");
        out
    }
}

/// Every family of a site, with lazily computed diagrams.
pub(crate) struct Diagrams {
    /// Family index of each exercise (`usize::MAX` for exercises with no neighbours).
    family_of: Vec<usize>,
    /// Members of each family, in display order.
    families: Vec<Vec<usize>>,
    cache: Vec<OnceLock<Option<Arc<Prerendered>>>>,
    /// A path that is exactly a family shares the family's diagram.
    path_cache: Vec<OnceLock<Option<Arc<Prerendered>>>>,
    /// Per family: a hash of everything its layout is drawn from (see [`Diagrams::exercise_key`]).
    family_keys: Vec<OnceLock<u64>>,
}

/// The words of `site` for the family and neighbourhood diagrams' labels.
fn family_label(site: &Site) -> &str {
    site.language.strings.get("names.diagram_family")
}

fn neighbourhood_label(site: &Site) -> &str {
    site.language.strings.get("names.diagram_neighbourhood")
}
fn path_label(site: &Site) -> &str {
    site.language.strings.get("names.diagram_path")
}

/// A hash of what [`lay_out`] draws for `members` with `label`: each node's exercise,
/// title and URL, and the edges (`harder` links within `members`; for a path, its steps in
/// order, which `members` then lists).
fn nodes_key(site: &Site, urls: &Urls, members: &[usize], label: &str, path: bool) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    (label, path, members.len()).hash(&mut h);
    for &x in members {
        let e = &site.exercises[x];
        (x, &e.page.title, urls.url(&e.page.path)).hash(&mut h);
        if !path {
            for y in &e.harder {
                if members.binary_search(y).is_ok() {
                    y.hash(&mut h);
                }
            }
            usize::MAX.hash(&mut h);
        }
    }
    h.finish()
}

/// Splits a title into lines of about [`WRAP_CHARS`] characters (at most three; a longer
/// title keeps its words on the last line).
fn wrap(title: &str) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for word in title.split_whitespace() {
        let full = lines.len() >= 3;
        match lines.last_mut() {
            Some(last) if full || last.chars().count() + 1 + word.chars().count() <= WRAP_CHARS => {
                last.push(' ');
                last.push_str(word);
            }
            _ => lines.push(word.to_string()),
        }
    }
    if lines.is_empty() {
        lines.push(String::new());
    }
    lines
}

fn box_size(lines: &[String]) -> Point {
    let chars = lines.iter().map(|l| l.chars().count()).max().unwrap_or(1);
    Point::new(
        (chars.max(4) as f64 * CHAR_PX + 2.0 * PAD_X).round(),
        (lines.len() as f64 * LINE_PX + 2.0 * PAD_Y).round(),
    )
}

/// Collects what layout-rs draws: boxes (identified by their `properties`, the node's
/// index) and edge curves.
#[derive(Default)]
struct Collector {
    rects: Vec<(usize, Point, Point)>,
    curves: Vec<Curve>,
}

/// An edge as layout-rs draws it: Bézier segments, and whether it has an arrow head at
/// its start and at its end.
type Curve = (Vec<(Point, Point)>, bool, bool);

impl RenderBackend for Collector {
    fn draw_rect(
        &mut self,
        xy: Point,
        size: Point,
        _look: &StyleAttr,
        properties: Option<String>,
        _clip: Option<ClipHandle>,
    ) {
        if let Some(n) = properties.and_then(|p| p.parse().ok()) {
            self.rects.push((n, xy, size));
        }
    }
    fn draw_line(&mut self, _: Point, _: Point, _: &StyleAttr, _: Option<String>) {}
    fn draw_circle(&mut self, _: Point, _: Point, _: &StyleAttr, _: Option<String>) {}
    fn draw_text(&mut self, _: Point, _: &str, _: &StyleAttr) {}
    fn draw_arrow(
        &mut self,
        path: &[(Point, Point)],
        _dashed: bool,
        head: (bool, bool),
        _look: &StyleAttr,
        _properties: Option<String>,
        _text: &str,
    ) {
        if path.len() >= 2 {
            self.curves.push((path.to_vec(), head.0, head.1));
        }
    }
    fn create_clip(&mut self, _: Point, _: Point, _: usize) -> ClipHandle {
        0
    }
}

/// Lays out `nodes` with `edges` (`(easier, harder)` positions in `nodes`) and renders
/// the pieces. `None` when the layout fails (it never should for an acyclic graph).
fn lay_out(
    nodes: &[NodeSpec],
    edges: &[(usize, usize)],
    urls_of: &dyn Fn(usize) -> String,
    label: &str,
) -> Option<Prerendered> {
    let look = StyleAttr::new(Color::fast("black"), 1, None, 0, FONT_PX as usize);
    let collected = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let mut graph = VisualGraph::new(Orientation::TopToBottom);
        let handles: Vec<_> = nodes
            .iter()
            .enumerate()
            .map(|(i, n)| {
                let size = box_size(&n.lines);
                let mut element = Element::create_with_properties(
                    ShapeKind::Box(String::new()),
                    look.clone(),
                    Orientation::TopToBottom,
                    size,
                    i.to_string(),
                );
                element.pos = Position::new(Point::zero(), size, Point::zero(), Point::splat(HALO));
                graph.add_node(element)
            })
            .collect();
        for &(a, b) in edges {
            graph.add_edge(Arrow::simple(""), handles[a], handles[b]);
        }
        let mut collector = Collector::default();
        graph.do_it(false, false, false, &mut collector);
        collector
    }))
    .ok()?;
    if collected.rects.len() != nodes.len() {
        return None;
    }

    // Bounds of everything drawn, to translate the drawing to the origin.
    let (mut x0, mut y0, mut x1, mut y1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
    let mut grow = |p: Point| {
        x0 = x0.min(p.x);
        y0 = y0.min(p.y);
        x1 = x1.max(p.x);
        y1 = y1.max(p.y);
    };
    for (_, xy, size) in &collected.rects {
        grow(*xy);
        grow(xy.add(*size));
    }
    for (path, _, _) in &collected.curves {
        for (a, b) in path {
            grow(*a);
            grow(*b);
        }
    }
    if !(x0.is_finite() && y0.is_finite() && x1.is_finite() && y1.is_finite()) {
        return None;
    }
    let dx = MARGIN - x0;
    let dy = MARGIN - y0;
    let width = (x1 - x0 + 2.0 * MARGIN).ceil();
    let height = (y1 - y0 + 2.0 * MARGIN).ceil();
    // Whole pixels: smaller pages, and no visible difference.
    let f = |v: f64| v.round() as i64;

    let mut head = String::with_capacity(512 + 120 * edges.len());
    let _ = write!(
        head,
        "<svg class=\"pg\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" role=\"group\" aria-label=\"{}\">\
<defs><marker id=\"pg-arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"8\" markerHeight=\"8\" orient=\"auto-start-reverse\"><path class=\"pg-head\" d=\"M0 0L10 5L0 10z\"/></marker></defs>",
        escape(label)
    );
    for (path, start, end) in &collected.curves {
        let p = |pt: &Point| format!("{} {}", f(pt.x + dx), f(pt.y + dy));
        let _ = write!(
            head,
            "<path class=\"pg-edge\" d=\"M{}C{} {} {}",
            p(&path[0].0),
            p(&path[0].1),
            p(&path[1].0),
            p(&path[1].1)
        );
        for seg in &path[2..] {
            let _ = write!(head, "S{} {}", p(&seg.0), p(&seg.1));
        }
        head.push('"');
        if *start {
            head.push_str(" marker-start=\"url(#pg-arrow)\"");
        }
        if *end {
            head.push_str(" marker-end=\"url(#pg-arrow)\"");
        }
        head.push_str("/>");
    }

    let mut rects = collected.rects;
    rects.sort_by_key(|r| r.0);
    let mut pieces = Vec::with_capacity(nodes.len());
    for (n, xy, size) in rects {
        let spec = nodes.get(n)?;
        let (x, y, w, h) = (f(xy.x + dx), f(xy.y + dy), f(size.x), f(size.y));
        let cx = x + w / 2;
        let text_top =
            y as f64 + (h as f64 - spec.lines.len() as f64 * LINE_PX) / 2.0 + LINE_PX * 0.75;
        let mut shape = format!(
            "<rect x=\"{x}\" y=\"{y}\" width=\"{w}\" height=\"{h}\" rx=\"6\"/><text x=\"{cx}\" y=\"{}\">",
            f(text_top)
        );
        // A line ends in a space, so that the text reads as words ("Resistance Band
        // Kickback", not "Resistance BandKickback") when copied or read aloud.
        let last = spec.lines.len().saturating_sub(1);
        for (k, line) in spec.lines.iter().enumerate() {
            let space = if k < last { " " } else { "" };
            if k == 0 {
                let _ = write!(shape, "<tspan>{}{space}</tspan>", escape(line));
            } else {
                let _ = write!(
                    shape,
                    "<tspan x=\"{cx}\" dy=\"{LINE_PX}\">{}{space}</tspan>",
                    escape(line)
                );
            }
        }
        shape.push_str("</text>");
        let link = format!(
            "<a class=\"pg-node\" href=\"{}\">{shape}</a>",
            escape(&urls_of(spec.exercise))
        );
        let here = format!("<g class=\"pg-node pg-current\">{shape}</g>");
        pieces.push((spec.exercise, link, here));
    }
    Some(Prerendered {
        head,
        nodes: pieces,
    })
}

impl Diagrams {
    /// Finds the families of `site` (nothing is laid out yet).
    pub(crate) fn new(site: &Site) -> Self {
        let n = site.exercises.len();
        let mut family_of = vec![usize::MAX; n];
        let mut families: Vec<Vec<usize>> = Vec::new();
        for start in 0..n {
            let e = &site.exercises[start];
            if family_of[start] != usize::MAX || (e.easier.is_empty() && e.harder.is_empty()) {
                continue;
            }
            let id = families.len();
            let mut members = vec![start];
            family_of[start] = id;
            let mut k = 0;
            while let Some(&x) = members.get(k) {
                k += 1;
                let x = &site.exercises[x];
                for &y in x.easier.iter().chain(&x.harder) {
                    if family_of[y] == usize::MAX {
                        family_of[y] = id;
                        members.push(y);
                    }
                }
            }
            members.sort_unstable();
            families.push(members);
        }
        let cache = families.iter().map(|_| OnceLock::new()).collect();
        let family_keys = families.iter().map(|_| OnceLock::new()).collect();
        let path_cache = site.paths.iter().map(|_| OnceLock::new()).collect();
        Diagrams {
            family_of,
            families,
            cache,
            path_cache,
            family_keys,
        }
    }

    /// A hash of everything [`Diagrams::exercise_svg`] draws for exercise `i`, without
    /// laying anything out: what `serve`'s page memo keys the diagram by.
    pub(crate) fn exercise_key(&self, site: &Site, urls: &Urls, i: usize) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut h = xxhash_rust::xxh3::Xxh3::new();
        i.hash(&mut h);
        match self.family_of.get(i).map(|&f| (f, self.families.get(f))) {
            Some((f, Some(members))) if members.len() <= MAX_NODES => {
                self.family_key(site, urls, f).hash(&mut h);
            }
            Some((_, Some(_))) => {
                let near = neighbourhood(site, i);
                nodes_key(site, urls, &near, neighbourhood_label(site), false).hash(&mut h);
            }
            _ => 0u64.hash(&mut h),
        }
        h.finish()
    }

    /// A hash of everything [`Diagrams::path_svg`] draws for path `p`.
    pub(crate) fn path_key(&self, site: &Site, urls: &Urls, p: usize) -> u64 {
        let Some(path) = site.paths.get(p) else {
            return 0;
        };
        match self.same_family(site, &path.steps) {
            Some(family) => self.family_key(site, urls, family),
            None => nodes_key(site, urls, &path.steps, path_label(site), true),
        }
    }

    fn family_key(&self, site: &Site, urls: &Urls, family: usize) -> u64 {
        match (self.family_keys.get(family), self.families.get(family)) {
            (Some(key), Some(members)) => {
                *key.get_or_init(|| nodes_key(site, urls, members, family_label(site), false))
            }
            _ => 0,
        }
    }

    /// Number of families (connected groups of two or more exercises).
    #[cfg(test)]
    pub(crate) fn family_count(&self) -> usize {
        self.families.len()
    }

    /// The diagram of exercise `i`'s family (or neighbourhood) with `i` marked as current;
    /// `None` when the exercise has no easier or harder neighbour.
    pub(crate) fn exercise_svg(&self, site: &Site, urls: &Urls, i: usize) -> Option<String> {
        let family = *self.family_of.get(i)?;
        let members = self.families.get(family)?;
        if members.len() <= MAX_NODES {
            let pre = self
                .cache
                .get(family)?
                .get_or_init(|| graph_of(site, urls, members, family_label(site)).map(Arc::new));
            return pre.as_ref().map(|p| p.svg(Some(i)));
        }
        let near = neighbourhood(site, i);
        graph_of(site, urls, &near, neighbourhood_label(site)).map(|p| p.svg(Some(i)))
    }

    /// The diagram of path `p`: its steps in order, easier first. When the steps are
    /// exactly a family whose only links are the path's steps one after the other (the
    /// usual case), the family's layout is reused.
    pub(crate) fn path_svg(&self, site: &Site, urls: &Urls, p: usize) -> Option<String> {
        let path = site.paths.get(p)?;
        let pre = self.path_cache.get(p)?.get_or_init(|| {
            if let Some(family) = self.same_family(site, &path.steps) {
                let members = &self.families[family];
                return self.cache[family]
                    .get_or_init(|| graph_of(site, urls, members, family_label(site)).map(Arc::new))
                    .clone();
            }
            let nodes: Vec<NodeSpec> = path
                .steps
                .iter()
                .map(|&x| NodeSpec {
                    exercise: x,
                    lines: wrap(&site.exercises[x].page.title),
                })
                .collect();
            let edges: Vec<(usize, usize)> = (1..nodes.len()).map(|k| (k - 1, k)).collect();
            lay_out(
                &nodes,
                &edges,
                &|x| urls.url(&site.exercises[x].page.path),
                path_label(site),
            )
            .map(Arc::new)
        });
        pre.as_ref().map(|d| d.svg(None))
    }

    /// The family whose members are exactly `steps` and whose only edges join consecutive
    /// steps, easier first.
    fn same_family(&self, site: &Site, steps: &[usize]) -> Option<usize> {
        let family = *self.family_of.get(*steps.first()?)?;
        let members = self.families.get(family)?;
        if members.len() != steps.len() || members.len() > MAX_NODES {
            return None;
        }
        let mut sorted = steps.to_vec();
        sorted.sort_unstable();
        if sorted != *members {
            return None;
        }
        let edges: usize = members
            .iter()
            .map(|&x| site.exercises[x].harder.len())
            .sum();
        let chain = steps
            .windows(2)
            .all(|w| site.exercises[w[0]].harder.contains(&w[1]));
        (chain && edges == steps.len() - 1).then_some(family)
    }
}

/// Exercises at most [`RADIUS`] edges from `i` (either direction), at most [`MAX_NODES`],
/// nearest first, then in display order.
fn neighbourhood(site: &Site, i: usize) -> Vec<usize> {
    let mut seen = vec![i];
    let mut frontier = vec![i];
    for _ in 0..RADIUS {
        let mut next = Vec::new();
        for &x in &frontier {
            let e = &site.exercises[x];
            for &y in e.easier.iter().chain(&e.harder) {
                if !seen.contains(&y) && seen.len() < MAX_NODES {
                    seen.push(y);
                    next.push(y);
                }
            }
        }
        frontier = next;
    }
    seen.sort_unstable();
    seen
}

/// The progression graph induced on `members` (exercise indices, sorted).
fn graph_of(site: &Site, urls: &Urls, members: &[usize], label: &str) -> Option<Prerendered> {
    let nodes: Vec<NodeSpec> = members
        .iter()
        .map(|&x| NodeSpec {
            exercise: x,
            lines: wrap(&site.exercises[x].page.title),
        })
        .collect();
    let mut edges = Vec::new();
    for (a, &x) in members.iter().enumerate() {
        for y in &site.exercises[x].harder {
            if let Ok(b) = members.binary_search(y) {
                edges.push((a, b));
            }
        }
    }
    lay_out(
        &nodes,
        &edges,
        &|x| urls.url(&site.exercises[x].page.path),
        label,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_long_titles_on_word_boundaries() {
        assert_eq!(wrap("Glute Bridge"), vec!["Glute Bridge"]);
        assert_eq!(
            wrap("Single-Leg Romanian Deadlift"),
            vec!["Single-Leg Romanian", "Deadlift"]
        );
        assert_eq!(wrap(""), vec![""]);
        // Never more than three lines.
        assert_eq!(wrap(&"word ".repeat(40)).len(), 3);
    }

    fn spec(n: usize) -> Vec<NodeSpec> {
        (0..n)
            .map(|i| NodeSpec {
                exercise: i,
                lines: vec![format!("<Node {i}> & co")],
            })
            .collect()
    }

    #[test]
    fn lays_out_a_chain_top_to_bottom_with_escaped_text() {
        let d = lay_out(
            &spec(3),
            &[(0, 1), (1, 2)],
            &|x| format!("/e/{x}/?a=1&b=2"),
            "L",
        )
        .expect("layout");
        let svg = d.svg(Some(1));
        assert!(svg.contains("&lt;Node 0&gt; &amp; co"), "{svg}");
        assert!(!svg.contains("<Node"));
        assert!(svg.contains("href=\"/e/0/?a=1&amp;b=2\""));
        assert_eq!(svg.matches("class=\"pg-edge\"").count(), 2);
        assert_eq!(svg.matches("pg-current").count(), 1);
        assert_eq!(svg.matches("<a ").count(), 2);
        // Easier above harder.
        let y = |k: usize| -> f64 {
            let at = svg.find(&format!("&lt;Node {k}&gt;")).expect("node");
            let rect = svg[..at].rfind("<rect").expect("rect");
            let tail = &svg[rect..];
            let v = tail.split("y=\"").nth(1).expect("y");
            v[..v.find('"').expect("quote")].parse().expect("number")
        };
        assert!(y(0) < y(1) && y(1) < y(2));
    }

    #[test]
    fn lays_out_thirty_nodes_with_branches() {
        let n = 30;
        let edges: Vec<(usize, usize)> = (1..n).map(|k| ((k - 1) / 2, k)).collect();
        let d = lay_out(&spec(n), &edges, &|x| format!("/e/{x}/"), "L").expect("layout");
        let svg = d.svg(None);
        assert_eq!(svg.matches("<rect").count(), n);
        assert_eq!(svg.matches("class=\"pg-edge\"").count(), n - 1);
    }

    /// A copy of the minimal fixture (one family of three exercises, on one path) with a
    /// second, unrelated family of two exercises on a path of their own, and an exercise
    /// with no neighbours.
    fn two_families() -> tempfile::TempDir {
        let from = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/minimal");
        let dir = tempfile::tempdir().expect("tempdir");
        for entry in walkdir::WalkDir::new(&from) {
            let entry = entry.expect("walk");
            let dest = dir
                .path()
                .join(entry.path().strip_prefix(&from).expect("prefix"));
            if entry.file_type().is_dir() {
                std::fs::create_dir_all(&dest).expect("mkdir");
            } else {
                std::fs::copy(entry.path(), &dest).expect("copy");
            }
        }
        let exercise = |slug: &str, title: &str, extra: &str| {
            let text = format!(
                "---\ntitle: {title}\nsummary: S.\ntarget_muscles: [hamstrings]\ncategory: stability\nlevel: beginner\n{extra}---\nBody.\n"
            );
            std::fs::write(
                dir.path().join(format!("content/exercises/{slug}.md")),
                text,
            )
            .expect("write");
        };
        exercise(
            "dead-bug",
            "Dead Bug",
            "progression:\n  harder: [bird-dog]\n",
        );
        exercise("bird-dog", "Bird Dog", "");
        exercise("side-plank", "Side Plank", "");
        std::fs::write(
            dir.path().join("content/paths/core-ladder.md"),
            "---\ntitle: Core ladder\nsteps: [dead-bug, bird-dog]\n---\n",
        )
        .expect("write");
        dir
    }

    #[test]
    fn keys_follow_what_the_diagrams_draw() {
        let fixture = two_families();
        let opts = crate::pipeline::BuildOptions {
            root: fixture.path().to_path_buf(),
            ..Default::default()
        };
        let Ok(prepared) = crate::pipeline::prepare(&opts) else {
            panic!("the fixture prepares")
        };
        let mut site = prepared.site.clone();
        let keys = |site: &Site| {
            let (d, urls) = (Diagrams::new(site), Urls::new(site));
            let exercises: Vec<u64> = (0..site.exercises.len())
                .map(|i| d.exercise_key(site, &urls, i))
                .collect();
            let paths: Vec<u64> = (0..site.paths.len())
                .map(|p| d.path_key(site, &urls, p))
                .collect();
            (exercises, paths)
        };
        let index = |slug: &str| {
            site.exercises
                .iter()
                .position(|e| e.page.slug == slug)
                .unwrap_or_else(|| panic!("no exercise {slug}"))
        };
        let (bridge, dead_bug, bird_dog, side_plank) = (
            index("glute-bridge"),
            index("dead-bug"),
            index("bird-dog"),
            index("side-plank"),
        );
        assert_eq!(Diagrams::new(&site).family_count(), 2, "two families");
        let path = |slug: &str| {
            site.paths
                .iter()
                .position(|p| p.page.slug == slug)
                .unwrap_or_else(|| panic!("no path {slug}"))
        };
        let (bridge_ladder, core_ladder) = (path("bridge-ladder"), path("core-ladder"));

        let before = keys(&site);
        assert_eq!(before, keys(&site), "keys are stable");
        let distinct: std::collections::HashSet<u64> = before.0.iter().copied().collect();
        assert_eq!(
            distinct.len(),
            site.exercises.len(),
            "each page marks its own node"
        );

        // A title drawn in the diagram changes the key of every page that draws it, and only
        // of those: the other family and the exercise without a diagram keep theirs.
        assert!(!site.exercises[bridge].harder.is_empty());
        site.exercises[bridge].page.title.push_str(" (new)");
        let after = keys(&site);
        let mut kept = Vec::new();
        for (x, e) in site.exercises.iter().enumerate() {
            let drawn = d_contains(&site, x, bridge);
            assert_eq!(before.0[x] != after.0[x], drawn, "{}", e.page.slug);
            if !drawn {
                kept.push(e.page.slug.as_str());
            }
        }
        kept.sort_unstable();
        assert_eq!(kept, ["bird-dog", "dead-bug", "side-plank"]);
        for x in [dead_bug, bird_dog, side_plank] {
            assert_eq!(before.0[x], after.0[x], "{}", site.exercises[x].page.slug);
        }
        assert_ne!(before.1[bridge_ladder], after.1[bridge_ladder]);
        assert_eq!(before.1[core_ladder], after.1[core_ladder]);

        // A change the diagrams do not draw keeps the keys.
        site.exercises[bridge].page.summary = Some("Another summary.".into());
        assert_eq!(keys(&site), after);

        // A title in the other family changes that family's keys only.
        site.exercises[bird_dog].page.title.push_str(" (new)");
        let other = keys(&site);
        for (x, e) in site.exercises.iter().enumerate() {
            let drawn = x == dead_bug || x == bird_dog;
            assert_eq!(other.0[x] != after.0[x], drawn, "{}", e.page.slug);
        }
        assert_eq!(other.1[bridge_ladder], after.1[bridge_ladder]);
        assert_ne!(other.1[core_ladder], after.1[core_ladder]);
    }

    /// Whether exercise `x`'s diagram draws exercise `i`.
    fn d_contains(site: &Site, x: usize, i: usize) -> bool {
        let urls = Urls::new(site);
        Diagrams::new(site)
            .exercise_svg(site, &urls, x)
            .is_some_and(|svg| svg.contains(&urls.url(&site.exercises[i].page.path)) || x == i)
    }
}
