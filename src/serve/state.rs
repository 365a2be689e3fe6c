//! What the rebuild thread publishes to the HTTP side after each rebuild.

use std::sync::Arc;

use serde::Serialize;

use super::snapshot::{Changes, Snapshot};
use crate::diagnostic::Diagnostics;

/// The server's state after a rebuild. Replaced whole (through a `tokio::sync::watch`
/// channel); never mutated.
#[derive(Debug, Default)]
pub(crate) struct Published {
    /// Rebuilds finished so far (good or not).
    pub seq: u64,
    /// The last good build: what is served, even while the site has errors.
    pub snapshot: Arc<Snapshot>,
    /// The problems of the last rebuild when it failed.
    pub errors: Option<Arc<Problems>>,
    /// The build that `changes` lead from (to `snapshot.build`).
    pub from_build: u64,
    /// What the last good build changed.
    pub changes: Arc<Changes>,
}

/// Why the last rebuild failed, as shown in the browser overlay.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct Problems {
    /// "2 errors in 1 file".
    pub summary: String,
    /// Each diagnostic exactly as `movebook check` prints it (the one-line form, then the
    /// source line with the offending part underlined and the hint), in the same order; or
    /// the one-line error of a failure of the environment.
    pub diagnostics: Vec<String>,
}

impl Problems {
    /// From the diagnostics of a site with errors, in the order the terminal prints them,
    /// with the source lines read from the site at `root`.
    pub(crate) fn invalid(root: &std::path::Path, diags: &Diagnostics) -> Problems {
        let mut sources = crate::report::snippet::Sources::new(root);
        Problems {
            summary: diags.summary(),
            diagnostics: diags
                .iter()
                .map(|d| crate::report::snippet::render(d, sources.get(&d.file), false))
                .collect(),
        }
    }

    /// From a failure of the environment (an unreadable file, ...).
    pub(crate) fn env(error: &anyhow::Error) -> Problems {
        Problems {
            summary: "the site could not be read".to_string(),
            diagnostics: vec![format!("error: {error:#}")],
        }
    }
}
