//! movebook: a static site generator for exercise guides.
//!
//! The pipeline (see `pipeline`) reads a site folder (`site.toml`, `content/`, `themes/`,
//! `templates/`, `static/`), validates every page against the content contract
//! (`docs/content-format.md`), resolves the references between pages into an immutable
//! [`model::Site`], renders it with Tera templates, and writes the result atomically.

pub mod alloc;
pub mod cli;
pub mod config;
pub mod diagnostic;
pub mod frontmatter;
pub mod html;
pub mod lint;
pub mod model;
pub mod output;
pub mod pipeline;
pub mod render;
pub mod report;
pub mod resolve;
pub mod scaffold;
pub mod serve;
pub mod slug;
pub mod source;
pub mod suggest;
pub mod theme;

pub use diagnostic::{Code, Diagnostic, Diagnostics, Severity};
pub use pipeline::{BuildError, BuildOptions, BuildReport, build, check};
