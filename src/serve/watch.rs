//! Watching the site folder for changes (notify: inotify on Linux, FSEvents on macOS,
//! ReadDirectoryChangesW on Windows).
//!
//! The watcher only decides *when* to rebuild and which content files must be read again
//! whatever their metadata says; *what* to rebuild is never derived from events (every
//! rebuild walks the whole site, see `cache`). So an editor's save pattern only has to
//! produce some event under a watched folder, and the rebuild after the events stop sees the
//! final state of the disk:
//!
//! * events are collected until none arrives for [`QUIET`], so the temp-file-then-rename of
//!   an atomic save, vim's rename-write-delete, or a storm of saves make one batch;
//! * the site root is watched on its own (not recursively) for `site.toml` and for the
//!   watched folders being created, deleted or replaced, which are then watched again;
//! * `content/`, `themes/`, `templates/`, `static/` and `i18n/` are watched recursively; notify adds
//!   folders created or moved into them.

use std::collections::{BTreeSet, HashSet};
use std::path::{Component, Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

use anyhow::Context as _;
use notify::event::{AccessKind, AccessMode};
use notify::{EventKind, RecursiveMode, Watcher as _};

/// The folders of a site that are watched recursively.
pub(crate) const FOLDERS: [&str; 5] = ["content", "themes", "templates", "static", "i18n"];

/// How long the events must stop before a rebuild starts.
pub(crate) const QUIET: Duration = Duration::from_millis(10);

/// What a changed path is, for the build.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Change {
    /// `site.toml`.
    Config,
    /// A file under `content/`, by its path relative to `content/` (`exercises/x.md`).
    Content(String),
    /// A file of the theme: `themes/`, `templates/`, `static/` or `i18n/` (the site's
    /// translation tables).
    Theme,
}

/// Classifies a path relative to the site root. `None`: not an input of the site (the
/// output folder, `.git`, editor backup and swap files).
pub(crate) fn classify(rel: &Path) -> Option<Change> {
    let parts: Vec<String> = rel
        .components()
        .map(|c| match c {
            Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect::<Option<Vec<_>>>()?;
    let (first, rest) = parts.split_first()?;
    let name = parts.last()?;
    if rest.is_empty() {
        return (first == crate::config::FILE).then_some(Change::Config);
    }
    // The pipeline skips these files itself; their churn (vim writes its swap file every
    // few seconds) must not cause rebuilds.
    if crate::source::is_editor_temp(name) || name.starts_with('.') {
        return None;
    }
    match first.as_str() {
        "content" => Some(Change::Content(rest.join("/"))),
        "themes" | "templates" | "static" | "i18n" => Some(Change::Theme),
        _ => None,
    }
}

/// Changes collected since the last rebuild.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct Batch {
    /// Content files to read again, relative to `content/`.
    pub content: HashSet<String>,
    /// Paths to show in the terminal, relative to the root.
    pub shown: BTreeSet<String>,
    /// Something other than content changed (settings, theme, a watched folder itself), or
    /// the watcher lost events: rebuild even if `content` is empty.
    pub other: bool,
    /// Problems of the watcher itself, to print.
    pub notes: Vec<String>,
}

impl Batch {
    /// True when nothing calls for a rebuild.
    pub(crate) fn is_empty(&self) -> bool {
        self.content.is_empty() && !self.other
    }
}

/// The file-system watcher of one site.
pub(crate) struct Watcher {
    root: PathBuf,
    inner: notify::RecommendedWatcher,
    rx: mpsc::Receiver<notify::Result<notify::Event>>,
    carry: Batch,
}

impl Watcher {
    /// Starts watching the site at `root` (an absolute, canonical path).
    pub(crate) fn new(root: &Path) -> anyhow::Result<Watcher> {
        let (tx, rx) = mpsc::channel();
        let inner = notify::recommended_watcher(move |res| {
            // The receiver is gone only when serve is stopping.
            let _ = tx.send(res);
        })
        .context("starting the file watcher")?;
        let mut w = Watcher {
            root: root.to_path_buf(),
            inner,
            rx,
            carry: Batch::default(),
        };
        w.inner
            .watch(root, RecursiveMode::NonRecursive)
            .with_context(|| format!("watching {}", root.display()))?;
        for name in FOLDERS {
            w.rewatch(name)?;
        }
        Ok(w)
    }

    /// (Re)watches a top-level folder after it appeared, vanished or was replaced.
    fn rewatch(&mut self, name: &str) -> anyhow::Result<()> {
        let dir = self.root.join(name);
        let _ = self.inner.unwatch(&dir);
        if dir.is_dir() {
            self.inner
                .watch(&dir, RecursiveMode::Recursive)
                .with_context(|| format!("watching {}", dir.display()))?;
        }
        Ok(())
    }

    fn absorb(&mut self, res: notify::Result<notify::Event>) {
        let ev = match res {
            Ok(ev) => ev,
            Err(e) => {
                self.carry.other = true;
                self.carry
                    .notes
                    .push(format!("the file watcher reported: {e}"));
                return;
            }
        };
        if ev.need_rescan() {
            // Events were lost. Every rebuild re-checks every file anyway, so a rebuild
            // is all it takes.
            self.carry.other = true;
        }
        match ev.kind {
            // Opening and reading (ours included) change nothing.
            EventKind::Access(AccessKind::Close(AccessMode::Write)) => {}
            EventKind::Access(_) => return,
            _ => {}
        }
        for path in &ev.paths {
            let Ok(rel) = path.strip_prefix(&self.root) else {
                continue;
            };
            let mut comps = rel.components();
            if let (Some(Component::Normal(top)), None) = (comps.next(), comps.next())
                && let Some(name) = FOLDERS.iter().find(|f| **f == top)
            {
                if let Err(e) = self.rewatch(name) {
                    self.carry.notes.push(format!("{e:#}"));
                }
                self.carry.other = true;
                self.carry.shown.insert(format!("{name}/"));
                continue;
            }
            match classify(rel) {
                Some(Change::Content(r)) => {
                    self.carry.content.insert(r);
                }
                Some(_) => self.carry.other = true,
                None => continue,
            }
            self.carry
                .shown
                .insert(rel.to_string_lossy().replace('\\', "/"));
        }
    }

    /// Waits for changes, then for [`QUIET`] without events, and returns them. `None` when
    /// the watcher stopped.
    pub(crate) fn next_batch(&mut self) -> Option<Batch> {
        while self.carry.is_empty() {
            let res = self.rx.recv().ok()?;
            self.absorb(res);
        }
        loop {
            match self.rx.recv_timeout(QUIET) {
                Ok(res) => self.absorb(res),
                Err(mpsc::RecvTimeoutError::Timeout) => break,
                Err(mpsc::RecvTimeoutError::Disconnected) => return None,
            }
        }
        Some(std::mem::take(&mut self.carry))
    }

    /// True when changes arrived since the last batch (they are kept for the next one).
    pub(crate) fn has_pending(&mut self) -> bool {
        while let Ok(res) = self.rx.try_recv() {
            self.absorb(res);
        }
        !self.carry.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_paths_of_a_site() {
        let content = |s: &str| Some(Change::Content(s.to_string()));
        for (rel, want) in [
            ("site.toml", Some(Change::Config)),
            ("content/exercises/x.md", content("exercises/x.md")),
            ("content/_index.md", content("_index.md")),
            ("content/guides", content("guides")),
            ("templates/exercise.html", Some(Change::Theme)),
            ("i18n/sv.toml", Some(Change::Theme)),
            ("themes/dark/static/style.css", Some(Change::Theme)),
            ("static/img/a.png", Some(Change::Theme)),
            ("content/exercises/.x.md.swp", None),
            ("content/exercises/x.md~", None),
            ("content/exercises/4913", None),
            ("templates/#exercise.html#", None),
            ("public/index.html", None),
            (".git/index", None),
            ("site.toml~", None),
            ("README.md", None),
            ("../outside/content/x.md", None),
        ] {
            assert_eq!(classify(Path::new(rel)), want, "{rel}");
        }
    }
}
