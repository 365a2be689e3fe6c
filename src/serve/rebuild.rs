//! One rebuild: the whole pipeline of `build`, from the caches, into a new snapshot.
//!
//! There is no partial rebuild and no dependency tracking: each rebuild runs
//! `pipeline::prepare_with` and `pipeline::render_into` on the whole site, exactly as
//! `build` does, with caches keyed by content in front of the expensive pure steps (see
//! `cache`, and the page memo of [`SnapshotSink`]). The result is therefore the clean build
//! of the files on disk at that moment, which the equivalence test checks byte for byte.

use std::cell::RefCell;
use std::collections::HashSet;
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use super::cache::{ContentCache, ContentStats, ThemeCache};
use super::snapshot::{Changes, Snapshot, SnapshotSink};
use crate::pipeline::{self, BuildError, BuildOptions, BuildReport, Loaders, Prepared};

/// A good rebuild.
pub(crate) struct Built {
    /// The new snapshot (the previous one when nothing changed).
    pub snapshot: Arc<Snapshot>,
    /// What changed since the previous snapshot.
    pub changes: Changes,
    /// Counts and warnings, as `build` reports them.
    pub report: BuildReport,
    /// The resolved site, kept only so that it is freed after the new snapshot is
    /// published (freeing a large site takes a few milliseconds).
    #[expect(dead_code, reason = "held for when it is dropped, never read")]
    pub prepared: Prepared,
}

/// What a rebuild did.
pub(crate) struct Outcome {
    /// The new snapshot, or why there is none.
    pub result: Result<Built, BuildError>,
    /// Wall time.
    pub elapsed: Duration,
    /// Content files trusted, read and parsed.
    pub content: ContentStats,
    /// Pages kept from the previous snapshot without rendering.
    pub reused: usize,
}

/// Rebuilds one site again and again, keeping the caches and the last good snapshot.
pub(crate) struct Builder {
    opts: BuildOptions,
    content: ContentCache,
    theme: ThemeCache,
    current: Arc<Snapshot>,
}

impl Builder {
    /// A builder for `opts` (whose `output` is ignored: nothing is written).
    pub(crate) fn new(opts: BuildOptions) -> Self {
        Builder {
            opts,
            content: ContentCache::new(),
            theme: ThemeCache::new(),
            current: Arc::new(Snapshot::default()),
        }
    }

    /// The last good snapshot.
    #[cfg(test)]
    pub(crate) fn current(&self) -> &Arc<Snapshot> {
        &self.current
    }

    /// How many times the theme was compiled so far.
    #[cfg(test)]
    pub(crate) fn theme_loads(&self) -> u64 {
        self.theme.loads
    }

    /// [`Builder::rebuild`], turning a panic (a bug in movebook) into a failed rebuild, so
    /// that the server keeps running and serving the last good build. The caches are
    /// dropped, as the panic may have left them half-updated.
    pub(crate) fn rebuild_or_report(&mut self, reported: HashSet<String>) -> Outcome {
        let start = Instant::now();
        if let Ok(outcome) =
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| self.rebuild(reported)))
        {
            outcome
        } else {
            self.content = ContentCache::new();
            self.theme = ThemeCache::new();
            Outcome {
                result: Err(BuildError::Env(anyhow::anyhow!(
                    "movebook crashed while rebuilding (a bug: please report it with the message printed above); undo the last change or restart serve"
                ))),
                elapsed: start.elapsed(),
                content: ContentStats::default(),
                reused: 0,
            }
        }
    }

    /// Builds the site as it is on disk now. `reported`: content paths (relative to
    /// `content/`) the watcher saw change, which are read again whatever their metadata.
    pub(crate) fn rebuild(&mut self, reported: HashSet<String>) -> Outcome {
        let start = Instant::now();
        self.content.begin(reported);
        let (result, reused) = {
            let content = &self.content;
            let theme = RefCell::new(&mut self.theme);
            let loaders = Loaders {
                content: &|p| content.load(p),
                theme: &|root, name| theme.borrow_mut().load(root, name),
                progress: &pipeline::Silent,
            };
            run(&self.opts, loaders, &self.current, start)
        };
        let content = self.content.finish();
        if let Ok(built) = &result {
            self.current = built.snapshot.clone();
        }
        Outcome {
            result,
            elapsed: start.elapsed(),
            content,
            reused,
        }
    }
}

fn run(
    opts: &BuildOptions,
    loaders: Loaders,
    current: &Arc<Snapshot>,
    start: Instant,
) -> (Result<Built, BuildError>, usize) {
    let prepared = match pipeline::prepare_with(opts, loaders) {
        Ok(p) => p,
        Err(e) => return (Err(e), 0),
    };
    let sink = SnapshotSink::new(current);
    let stats = match pipeline::render_into(&prepared, &sink) {
        Ok(s) => s,
        Err(e) => return (Err(e), sink.reused()),
    };
    let reused = sink.reused();
    let files = sink.into_files();
    let changes = Changes::between(current, &files);
    // Even when no byte changed, the new memo keys are kept (a template edit that changes
    // no output still changes every key).
    let snapshot = Arc::new(if changes.is_empty() {
        Snapshot {
            build: current.build,
            files,
            built_at: current.built_at,
        }
    } else {
        Snapshot {
            build: current.build + 1,
            files,
            built_at: Some(SystemTime::now()),
        }
    });
    let report = BuildReport {
        stats,
        warnings: prepared.warnings.clone(),
        source_files: prepared.source_files,
        pictures: prepared.pictures,
        elapsed: start.elapsed(),
        output: None,
        coverage: prepared
            .languages
            .iter()
            .map(pipeline::Coverage::of)
            .collect(),
    };
    (
        Ok(Built {
            snapshot,
            changes,
            report,
            prepared,
        }),
        reused,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn minimal() -> tempfile::TempDir {
        let dir = tempfile::tempdir().expect("tempdir");
        let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/minimal");
        for entry in walkdir::WalkDir::new(&from) {
            let entry = entry.expect("walk");
            let to = dir
                .path()
                .join(entry.path().strip_prefix(&from).expect("prefix"));
            if entry.file_type().is_dir() {
                std::fs::create_dir_all(&to).expect("mkdir");
            } else {
                std::fs::copy(entry.path(), &to).expect("copy");
            }
        }
        dir
    }

    fn builder(root: &Path) -> Builder {
        Builder::new(BuildOptions {
            root: root.to_path_buf(),
            output: None,
            drafts: false,
            base_url: Some("http://127.0.0.1:1111/".into()),
            background_cleanup: false,
        })
    }

    fn built(o: &Outcome) -> &Built {
        match &o.result {
            Ok(b) => b,
            Err(e) => panic!("the rebuild failed: {e:?}"),
        }
    }

    #[test]
    fn templates_are_compiled_again_only_when_a_template_changes() {
        let site = minimal();
        let mut b = builder(site.path());
        let first = b.rebuild(HashSet::new());
        // Every rendered page: the site's pages and the 404 page (not counted as a page).
        let pages = built(&first).report.stats.pages() + 1;
        assert_eq!(b.theme_loads(), 1);

        // Nothing changed: nothing is rendered, the build number stays.
        let again = b.rebuild(HashSet::new());
        assert_eq!(again.reused, pages);
        assert!(built(&again).changes.is_empty());
        assert_eq!(built(&again).snapshot.build, 1);
        assert_eq!(b.theme_loads(), 1);

        // Content changes do not reload templates.
        let page = site.path().join("content/exercises/hip-thrust.md");
        let text = std::fs::read_to_string(&page).expect("read");
        std::fs::write(&page, text.replace("drive the hips up.", "drive up.")).expect("write");
        let edited = b.rebuild(HashSet::from(["exercises/hip-thrust.md".to_string()]));
        assert_eq!(b.theme_loads(), 1);
        // The page (and the service worker, whose cache version hashes every page, but
        // which the server never serves: see `Changes::between`).
        assert_eq!(
            built(&edited).changes.changed,
            vec!["exercises/hip-thrust/index.html".to_string()]
        );
        assert_eq!(edited.reused, pages - 1);

        // A template override reloads them, and re-renders the pages that use it.
        std::fs::create_dir_all(site.path().join("templates")).expect("mkdir");
        std::fs::write(
            site.path().join("templates/404.html"),
            "{% extends \"base.html\" %}{% block main %}<h1>Lost</h1>{% endblock main %}",
        )
        .expect("write");
        let themed = b.rebuild(HashSet::new());
        assert_eq!(b.theme_loads(), 2);
        assert!(
            built(&themed)
                .changes
                .changed
                .contains(&"404.html".to_string())
        );
        let four = &built(&themed).snapshot.files["404.html"];
        assert!(String::from_utf8_lossy(&four.bytes).contains("<h1>Lost</h1>"));
    }

    #[test]
    fn a_failed_rebuild_keeps_the_last_good_snapshot() {
        let site = minimal();
        let mut b = builder(site.path());
        b.rebuild(HashSet::new());
        let good = b.current().clone();
        std::fs::write(
            site.path().join("content/exercises/hip-thrust.md"),
            "no front matter",
        )
        .expect("write");
        let failed = b.rebuild(HashSet::new());
        assert!(matches!(failed.result, Err(BuildError::Invalid(_))));
        assert!(Arc::ptr_eq(b.current(), &good));
    }
}
