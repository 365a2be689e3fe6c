//! movebook: a static site generator for exercise guides.
//!
//! The pipeline (see `pipeline`) reads a site folder (`site.toml`, `content/`, `themes/`,
//! `templates/`, `static/`), validates every page against the content contract
//! (`docs/content-format.md`), resolves the references between pages into an immutable
//! [`model::Site`], renders it with Tera templates, and writes the result atomically.

// The binary uses `cli` and `alloc`; the integration tests use the re-exports below. Every
// other module is private to the crate (see ARCHITECTURE.md for their layers).
pub mod alloc;
pub mod cli;
pub(crate) mod config;
pub(crate) mod diagnostic;
pub(crate) mod frontmatter;
pub(crate) mod html;
pub(crate) mod i18n;
pub(crate) mod lint;
pub(crate) mod lsp;
pub(crate) mod media;
pub(crate) mod model;
pub(crate) mod output;
pub(crate) mod pipeline;
pub(crate) mod render;
pub(crate) mod report;
pub(crate) mod resolve;
pub(crate) mod scaffold;
pub(crate) mod serve;
pub(crate) mod slug;
pub(crate) mod source;
pub(crate) mod suggest;
pub(crate) mod theme;

pub use diagnostic::{Code, Diagnostic, Diagnostics, Severity};
pub use output::MARKER;
pub use pipeline::{
    BuildError, BuildOptions, BuildReport, PictureCounts, build, check, prepare, render_into,
};
pub use render::NullSink;

/// The front-matter contract for tests and tools: splitting and parsing a page's front
/// matter, and the JSON Schema of each page kind.
pub mod contract {
    pub use crate::frontmatter::{parse, split};
    pub use crate::model::front::Kind;
    pub use crate::model::schema::{SchemaKind, schema};
}
