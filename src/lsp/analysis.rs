//! One analysis of the whole site, from the files on disk with the editor's unsaved buffers
//! in their place: the build's own pipeline (`pipeline::analyze`: read, parse, resolve,
//! lint), through the same memo `serve` uses, so that only the edited file is parsed again.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::diagnostic::Diagnostics;
use crate::model::parse::{ParsedFile, parse_file};
use crate::pipeline::{self, BuildOptions, Loaders};
use crate::serve::cache::{ContentCache, ThemeCache};
use crate::source::SourcePath;

use super::index::Index;

/// The unsaved text of the open pages, by path relative to `content/`, with the version the
/// editor gave it.
pub(crate) type Overlay = HashMap<String, (i32, Arc<str>)>;

/// What one analysis found.
pub(crate) struct Snapshot {
    /// Which edit it saw (analyses are numbered by the edits they include).
    pub generation: u64,
    /// The versions of the open documents it read, by path relative to `content/`.
    pub versions: HashMap<String, i32>,
    /// Every content file as parsed, by path relative to `content/` (translations too).
    pub files: HashMap<String, Arc<ParsedFile>>,
    /// Pages by file and slug.
    pub index: Index,
    /// Every problem.
    pub diags: Diagnostics,
    /// How long it took.
    pub elapsed: Duration,
}

impl Snapshot {
    /// An analysis of nothing (before the first one ends).
    pub(crate) fn empty() -> Snapshot {
        Snapshot {
            generation: 0,
            versions: HashMap::new(),
            files: HashMap::new(),
            index: Index::default(),
            diags: Diagnostics::new(),
            elapsed: Duration::ZERO,
        }
    }
}

/// Analyses one site again and again, keeping the memo of parsed files and the theme.
pub(crate) struct Analyzer {
    opts: BuildOptions,
    content: ContentCache,
    theme: ThemeCache,
    /// Parsed unsaved buffers by path, with the hash of their text.
    buffers: HashMap<String, (u128, Arc<ParsedFile>)>,
}

impl Analyzer {
    /// An analyzer of the site at `root`.
    pub(crate) fn new(root: PathBuf, drafts: bool) -> Analyzer {
        Analyzer {
            opts: BuildOptions {
                root,
                output: None,
                drafts,
                base_url: None,
                background_cleanup: false,
            },
            content: ContentCache::new(),
            theme: ThemeCache::new(),
            buffers: HashMap::new(),
        }
    }

    /// Analyses the site with `overlay` in place of the files on disk. `changed`: content
    /// paths saved or changed on disk since the last analysis (read again whatever their
    /// metadata says).
    pub(crate) fn run(
        &mut self,
        generation: u64,
        overlay: &Overlay,
        changed: HashSet<String>,
    ) -> Result<Snapshot, anyhow::Error> {
        let start = Instant::now();
        // Parse the buffers that changed (one at a time: usually one).
        for (rel, (_, text)) in overlay {
            let hash = xxhash_rust::xxh3::xxh3_128(text.as_bytes());
            if self.buffers.get(rel).is_none_or(|(h, _)| *h != hash) {
                let parsed = Arc::new(parse_file(rel, text.as_bytes()));
                self.buffers.insert(rel.clone(), (hash, parsed));
            }
        }
        self.buffers.retain(|rel, _| overlay.contains_key(rel));
        self.content.begin(changed);
        let result = {
            let content = &self.content;
            let buffers = &self.buffers;
            let theme = std::cell::RefCell::new(&mut self.theme);
            let load = |p: &SourcePath| match buffers.get(&p.rel) {
                Some((_, parsed)) => Ok(parsed.clone()),
                None => content.load(p),
            };
            let loaders = Loaders {
                content: &load,
                theme: &|root, name| theme.borrow_mut().load(root, name),
                progress: &pipeline::Silent,
            };
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                pipeline::analyze(&self.opts, loaders)
            }))
        };
        self.content.finish();
        let Ok(analysis) = result else {
            // A bug: forget the memo, which the panic may have left half-updated.
            self.content = ContentCache::new();
            self.theme = ThemeCache::new();
            self.buffers.clear();
            anyhow::bail!(
                "movebook crashed while analysing the site (a bug: please report it with the message above)"
            );
        };
        let analysis = analysis?;
        let index = analysis.site.as_ref().map(Index::of).unwrap_or_default();
        // As read: a translation's `rel` is its own file's until it is joined.
        let files = analysis
            .files
            .into_iter()
            .map(|f| (f.rel.clone(), f))
            .collect();
        Ok(Snapshot {
            generation,
            versions: overlay.iter().map(|(k, (v, _))| (k.clone(), *v)).collect(),
            files,
            index,
            diags: analysis.diags,
            elapsed: start.elapsed(),
        })
    }
}
