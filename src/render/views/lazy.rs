//! Values drawn only when their page is rendered: a page's body HTML and its progression
//! diagram. Each hashes as what it is made from, for `serve`'s page memo.

use std::hash::Hash;

use serde::Serialize;

use super::Shared;
use crate::model::body::SourceChanged;
use crate::model::{PageBase, Site};

/// A page's body as HTML, rendered when the page's template context is built and dropped
/// with it, so that a large site never holds every rendered body at once. It serializes
/// as the HTML string (empty when the page has no body). For `serve`'s page memo it hashes
/// as what the HTML is made from: the body's digest and the URL each of its `@/` links
/// resolves to.
#[derive(Clone, Copy)]
pub(crate) struct BodyHtml<'a> {
    shared: &'a Shared,
    site: &'a Site,
    page: Option<&'a PageBase>,
}

impl<'a> BodyHtml<'a> {
    /// The body of `page`, or an empty body.
    pub(crate) fn new(shared: &'a Shared, site: &'a Site, page: Option<&'a PageBase>) -> Self {
        BodyHtml { shared, site, page }
    }

    /// Renders the HTML.
    pub(crate) fn html(&self) -> Result<String, SourceChanged> {
        match self.page {
            Some(p) => self.shared.body(self.site, p),
            None => Ok(String::new()),
        }
    }
}

impl std::fmt::Debug for BodyHtml<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "BodyHtml({:?})", self.page.map(|p| &p.rel))
    }
}

impl Serialize for BodyHtml<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.html() {
            Ok(html) => s.serialize_str(&html),
            // Shared::body kept the typed cause for render_site.
            Err(e) => Err(serde::ser::Error::custom(e)),
        }
    }
}

impl Hash for BodyHtml<'_> {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        match self.page {
            None => 0u64.hash(state),
            Some(p) => {
                p.body.digest.hash(state);
                for l in &p.body.links {
                    self.shared.link_url(self.site, l).hash(state);
                }
                // Its pictures' published files (a replaced photo has new names).
                for (_, a) in &p.body_images {
                    self.shared.pictures.image(*a, "").hash(state);
                }
                p.media.is_empty().hash(state);
            }
        }
    }
}

/// A progression diagram, drawn when its page is rendered (never for a page `serve`'s
/// memo keeps). It serializes as the inline SVG, or null when there is no diagram; it
/// hashes as what the SVG is drawn from ([`Diagrams::exercise_key`], [`Diagrams::path_key`]).
#[derive(Clone, Copy)]
pub(crate) struct DiagramSvg<'a> {
    pub(super) shared: &'a Shared,
    pub(super) site: &'a Site,
    pub(super) of: DiagramOf,
}

#[derive(Debug, Clone, Copy)]
pub(super) enum DiagramOf {
    Exercise(usize),
    Path(usize),
}

impl DiagramSvg<'_> {
    /// The SVG, or `None` when there is no diagram.
    pub(crate) fn svg(&self) -> Option<String> {
        let d = &self.shared.diagrams;
        match self.of {
            DiagramOf::Exercise(i) => d.exercise_svg(self.site, &self.shared.urls, i),
            DiagramOf::Path(p) => d.path_svg(self.site, &self.shared.urls, p),
        }
    }
}

impl std::fmt::Debug for DiagramSvg<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "DiagramSvg({:?})", self.of)
    }
}

impl Serialize for DiagramSvg<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.svg() {
            Some(svg) => s.serialize_some(&svg),
            None => s.serialize_none(),
        }
    }
}

impl Hash for DiagramSvg<'_> {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        let d = &self.shared.diagrams;
        match self.of {
            DiagramOf::Exercise(i) => d.exercise_key(self.site, &self.shared.urls, i),
            DiagramOf::Path(p) => d.path_key(self.site, &self.shared.urls, p),
        }
        .hash(state);
    }
}
