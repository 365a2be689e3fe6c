//! Memoisation by content, for rebuilds that are fast without tracking dependencies.
//!
//! Every rebuild runs the whole pipeline; these caches only make its pure steps cheap when
//! their inputs have not changed:
//!
//! * [`ContentCache`]: a content file's [`ParsedFile`] (typed front matter and rendered
//!   Markdown), keyed by its path and a 128-bit hash of its bytes. [`parse_file`] is a pure
//!   function of those two, so a hit is exactly what parsing again would give.
//! * [`ThemeCache`]: the compiled theme, keyed by a hash of every template's text and the
//!   list of static files (the only things [`theme::load`] reads).
//!
//! Reading 12,000 files to hash them costs more than the rest of a small rebuild, so the
//! content cache first compares each file's metadata (size, modification and change times,
//! inode) with what it saw when it last read the file. A match is trusted only when:
//! the watcher did not report the path since (reported paths are always read again), and
//! the file had not been modified within [`RACY`] of that read. The second rule is git's
//! "racily clean" rule: file times have a coarse granularity, so a second write of the
//! same size within the same tick would keep the metadata; such recently written files are
//! read again at every rebuild until they are old enough to be trusted.

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use anyhow::Context as _;
use walkdir::WalkDir;

use crate::diagnostic::Diagnostics;
use crate::model::parse::{ParsedFile, parse_file};
use crate::source::SourcePath;
use crate::theme::{self, Theme};

/// A file modified less than this long before it was read is read again at the next
/// rebuild whatever its metadata says.
pub(crate) const RACY: Duration = Duration::from_secs(2);

/// The metadata compared before trusting a cached read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Stamp {
    len: u64,
    modified: Option<SystemTime>,
    #[cfg(unix)]
    ctime: (i64, i64),
    #[cfg(unix)]
    inode: (u64, u64),
}

impl Stamp {
    fn of(meta: &std::fs::Metadata) -> Stamp {
        #[cfg(unix)]
        use std::os::unix::fs::MetadataExt as _;
        Stamp {
            len: meta.len(),
            modified: meta.modified().ok(),
            #[cfg(unix)]
            ctime: (meta.ctime(), meta.ctime_nsec()),
            #[cfg(unix)]
            inode: (meta.dev(), meta.ino()),
        }
    }
}

struct Cached {
    /// The metadata at the last read, when it may be trusted next time.
    stamp: Option<Stamp>,
    hash: u128,
    parsed: Arc<ParsedFile>,
    /// The last rebuild that used this entry.
    round: u64,
}

/// Counters of one rebuild, for the terminal and the benchmark.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct ContentStats {
    /// Files whose metadata was trusted (not read).
    pub trusted: usize,
    /// Files read and hashed.
    pub read: usize,
    /// Files parsed (their bytes were new).
    pub parsed: usize,
}

/// Parsed content files by path and hash of their bytes.
#[derive(Default)]
pub(crate) struct ContentCache {
    files: Mutex<HashMap<String, Cached>>,
    round: u64,
    reported: HashSet<String>,
    stats: Mutex<ContentStats>,
}

impl ContentCache {
    /// An empty cache.
    pub(crate) fn new() -> Self {
        Self::default()
    }

    /// Starts a rebuild: `reported` are the content paths (relative to `content/`) the
    /// watcher saw change since the last one.
    pub(crate) fn begin(&mut self, reported: HashSet<String>) {
        self.round += 1;
        self.reported = reported;
        if let Ok(mut s) = self.stats.lock() {
            *s = ContentStats::default();
        }
    }

    /// Ends a rebuild: forgets files that no longer exist; returns the counters.
    pub(crate) fn finish(&mut self) -> ContentStats {
        let round = self.round;
        if let Ok(files) = self.files.get_mut() {
            files.retain(|_, c| c.round == round);
        }
        self.reported.clear();
        self.stats.lock().map(|s| *s).unwrap_or_default()
    }

    fn count(&self, f: impl FnOnce(&mut ContentStats)) {
        if let Ok(mut s) = self.stats.lock() {
            f(&mut s);
        }
    }

    /// The parsed form of `p`: from the cache when its metadata (or, failing that, its
    /// bytes) are unchanged, else read and parsed.
    pub(crate) fn load(&self, p: &SourcePath) -> anyhow::Result<Arc<ParsedFile>> {
        let lock_err = || anyhow::anyhow!("the content cache is poisoned");
        // Metadata first, then the bytes: a write between the two leaves a stamp older
        // than the bytes, which only causes one more read next time.
        let meta =
            std::fs::metadata(&p.abs).with_context(|| format!("reading {}", p.abs.display()))?;
        let stamp = Stamp::of(&meta);
        if !self.reported.contains(&p.rel) {
            let mut files = self.files.lock().map_err(|_| lock_err())?;
            if let Some(c) = files.get_mut(&p.rel)
                && c.stamp == Some(stamp)
            {
                c.round = self.round;
                self.count(|s| s.trusted += 1);
                return Ok(c.parsed.clone());
            }
        }
        let read_at = SystemTime::now();
        let bytes =
            std::fs::read(&p.abs).with_context(|| format!("reading {}", p.abs.display()))?;
        let hash = xxhash_rust::xxh3::xxh3_128(&bytes);
        // Trust the stamp next time only if the file was last written well before this read.
        let settled = stamp
            .modified
            .and_then(|m| read_at.duration_since(m).ok())
            .is_some_and(|age| age >= RACY);
        let stamp = settled.then_some(stamp);
        let hit = {
            let mut files = self.files.lock().map_err(|_| lock_err())?;
            match files.get_mut(&p.rel) {
                Some(c) if c.hash == hash => {
                    c.stamp = stamp;
                    c.round = self.round;
                    Some(c.parsed.clone())
                }
                _ => None,
            }
        };
        self.count(|s| s.read += 1);
        if let Some(parsed) = hit {
            return Ok(parsed);
        }
        let parsed = Arc::new(parse_file(&p.rel, &bytes));
        self.count(|s| s.parsed += 1);
        self.files.lock().map_err(|_| lock_err())?.insert(
            p.rel.clone(),
            Cached {
                stamp,
                hash,
                parsed: parsed.clone(),
                round: self.round,
            },
        );
        Ok(parsed)
    }
}

/// The compiled theme, loaded again only when a template or the set of static files
/// changes.
#[derive(Default)]
pub(crate) struct ThemeCache {
    last: Option<(u128, Result<Arc<Theme>, Diagnostics>)>,
    /// How many times the theme was compiled.
    pub loads: u64,
}

impl ThemeCache {
    /// An empty cache.
    pub(crate) fn new() -> Self {
        Self::default()
    }

    /// [`theme::load`], memoised by [`theme_key`].
    pub(crate) fn load(&mut self, root: &Path, name: &str) -> crate::pipeline::ThemeResult {
        let key = theme_key(root, name)?;
        if let Some((k, theme)) = &self.last
            && *k == key
        {
            return Ok(theme.clone());
        }
        let theme = theme::load(root, name)?.map(Arc::new);
        self.loads += 1;
        self.last = Some((key, theme.clone()));
        Ok(theme)
    }
}

/// A hash of everything [`theme::load`] reads for theme `name` of the site at `root`: the
/// name, the text of every file of `themes/<name>/` outside its `static/` and of
/// `templates/` and `i18n/`, the names of the static files (their bytes are read at render time, not
/// held by the theme), and the names in `themes/` (listed when the theme is missing).
/// Hidden and editor files are included: a superset only costs a reload.
pub(crate) fn theme_key(root: &Path, name: &str) -> anyhow::Result<u128> {
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    let mut feed = |bytes: &[u8]| {
        h.update(&(bytes.len() as u64).to_le_bytes());
        h.update(bytes);
    };
    feed(name.as_bytes());
    let theme_dir = root.join("themes").join(name);
    for (dir, with_bytes) in [
        (theme_dir.join("static"), false),
        (root.join("static"), false),
        (theme_dir.clone(), true),
        (root.join("templates"), true),
        (root.join("i18n"), true),
    ] {
        feed(dir.as_os_str().as_encoded_bytes());
        if !dir.is_dir() {
            feed(b"-");
            continue;
        }
        for entry in WalkDir::new(&dir).sort_by_file_name() {
            let entry = entry.with_context(|| format!("reading folder {}", dir.display()))?;
            let path = entry.path();
            if with_bytes && dir == theme_dir && path.starts_with(theme_dir.join("static")) {
                continue;
            }
            feed(path.as_os_str().as_encoded_bytes());
            feed(&[
                u8::from(entry.file_type().is_file()),
                u8::from(entry.file_type().is_dir()),
            ]);
            if with_bytes && entry.file_type().is_file() {
                let bytes =
                    std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
                feed(&bytes);
            }
        }
    }
    if let Ok(rd) = std::fs::read_dir(root.join("themes")) {
        let mut names: Vec<_> = rd
            .filter_map(Result::ok)
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        for n in names {
            feed(n.as_bytes());
        }
    }
    Ok(h.digest128())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(dir: &Path, rel: &str) -> SourcePath {
        SourcePath {
            rel: rel.to_string(),
            abs: dir.join(rel),
        }
    }

    const PAGE: &str = "---\ntitle: A\n---\nBody one\n";

    #[test]
    fn reported_paths_are_read_again_even_with_identical_metadata() {
        let dir = tempfile::tempdir().expect("tempdir");
        let p = page(dir.path(), "a.md");
        std::fs::write(&p.abs, PAGE).expect("write");
        let mut cache = ContentCache::new();
        cache.begin(HashSet::new());
        let first = cache.load(&p).expect("load");
        cache.finish();
        // Same length, and (on a coarse clock) possibly the same times.
        std::fs::write(&p.abs, PAGE.replace("one", "two")).expect("write");
        cache.begin(HashSet::from(["a.md".to_string()]));
        let second = cache.load(&p).expect("load");
        let stats = cache.finish();
        assert!(
            crate::render::markdown::render(&first.body, "/", &|_| None, false)
                .unwrap()
                .html
                .contains("one")
        );
        assert!(
            crate::render::markdown::render(&second.body, "/", &|_| None, false)
                .unwrap()
                .html
                .contains("two")
        );
        assert_eq!(stats.read, 1);
        assert_eq!(stats.parsed, 1);
    }

    #[test]
    fn recently_written_files_are_not_trusted_by_metadata() {
        let dir = tempfile::tempdir().expect("tempdir");
        let p = page(dir.path(), "a.md");
        std::fs::write(&p.abs, PAGE).expect("write");
        let mut cache = ContentCache::new();
        cache.begin(HashSet::new());
        cache.load(&p).expect("load");
        cache.finish();
        // Not reported by a watcher, same length: only the racy rule catches this.
        std::fs::write(&p.abs, PAGE.replace("one", "two")).expect("write");
        cache.begin(HashSet::new());
        let again = cache.load(&p).expect("load");
        cache.finish();
        assert!(
            crate::render::markdown::render(&again.body, "/", &|_| None, false)
                .unwrap()
                .html
                .contains("two")
        );
    }

    #[test]
    fn old_unchanged_files_are_trusted_and_same_bytes_are_not_parsed_again() {
        let dir = tempfile::tempdir().expect("tempdir");
        let p = page(dir.path(), "a.md");
        std::fs::write(&p.abs, PAGE).expect("write");
        let old = SystemTime::now() - Duration::from_mins(1);
        std::fs::File::options()
            .write(true)
            .open(&p.abs)
            .and_then(|f| f.set_modified(old))
            .expect("set mtime");
        let mut cache = ContentCache::new();
        cache.begin(HashSet::new());
        let a = cache.load(&p).expect("load");
        cache.finish();
        cache.begin(HashSet::new());
        let b = cache.load(&p).expect("load");
        assert_eq!(cache.finish().trusted, 1);
        assert!(Arc::ptr_eq(&a, &b));
        // Reported but byte-identical: read, not parsed.
        cache.begin(HashSet::from(["a.md".to_string()]));
        let c = cache.load(&p).expect("load");
        let stats = cache.finish();
        assert_eq!((stats.read, stats.parsed), (1, 0));
        assert!(Arc::ptr_eq(&a, &c));
    }

    #[test]
    fn forgets_files_that_are_gone() {
        let dir = tempfile::tempdir().expect("tempdir");
        let p = page(dir.path(), "a.md");
        std::fs::write(&p.abs, PAGE).expect("write");
        let mut cache = ContentCache::new();
        cache.begin(HashSet::new());
        cache.load(&p).expect("load");
        cache.finish();
        cache.begin(HashSet::new());
        cache.finish();
        assert!(cache.files.lock().expect("lock").is_empty());
    }

    #[test]
    fn theme_key_changes_with_templates_and_static_names_only() {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path();
        let k0 = theme_key(root, "default").expect("key");
        std::fs::create_dir_all(root.join("templates")).expect("mkdir");
        std::fs::write(root.join("templates/exercise.html"), "a").expect("write");
        let k1 = theme_key(root, "default").expect("key");
        std::fs::write(root.join("templates/exercise.html"), "b").expect("write");
        let k2 = theme_key(root, "default").expect("key");
        std::fs::create_dir_all(root.join("static")).expect("mkdir");
        std::fs::write(root.join("static/x.css"), "a").expect("write");
        let k3 = theme_key(root, "default").expect("key");
        std::fs::write(root.join("static/x.css"), "bb").expect("write");
        let k4 = theme_key(root, "default").expect("key");
        assert!(
            k0 != k1 && k1 != k2 && k2 != k3,
            "templates and new static files count"
        );
        assert_eq!(
            k3, k4,
            "static bytes are read at render time, not by the theme"
        );
    }
}
