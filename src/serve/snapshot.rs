//! The built site in memory: what the server serves, replaced whole after each good build.
//!
//! A [`Snapshot`] maps each output path (`exercises/x/index.html`) to its bytes, exactly
//! what `movebook build` would write there (the live-reload script is added when a page is
//! served, not stored). Snapshots are immutable and shared (`Arc`); a rebuild writes a new
//! one through [`SnapshotSink`], which keeps the previous snapshot's bytes for every page
//! whose inputs hash to the same key (the render memo of `render`), and for every file
//! whose bytes did not change.

use std::collections::HashMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::SystemTime;

use axum::body::Bytes;

use crate::render::{PageMemo, Sink};

/// One output file.
#[derive(Debug, Clone)]
pub(crate) struct Entry {
    /// The bytes, as `build` writes them.
    pub bytes: Bytes,
    /// A 128-bit hash of the bytes (the ETag).
    pub hash: u128,
    /// For rendered pages: the hash of the page's inputs.
    pub key: Option<u128>,
    /// When these bytes first appeared (Last-Modified).
    pub modified: SystemTime,
}

/// A whole built site.
#[derive(Debug, Default)]
pub(crate) struct Snapshot {
    /// Counts good builds from 1; 0 is the empty snapshot served before the first one.
    pub build: u64,
    /// Output files by path.
    pub files: HashMap<String, Entry>,
    /// When the build finished.
    pub built_at: Option<SystemTime>,
}

impl Snapshot {
    /// The file at `rel`.
    pub(crate) fn get(&self, rel: &str) -> Option<&Entry> {
        self.files.get(rel)
    }
}

/// What changed between two snapshots.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Changes {
    /// Paths added or with new bytes, sorted.
    pub changed: Vec<String>,
    /// Paths gone, sorted.
    pub removed: Vec<String>,
}

impl Changes {
    /// True when nothing changed.
    pub(crate) fn is_empty(&self) -> bool {
        self.changed.is_empty() && self.removed.is_empty()
    }

    /// True when every change is to a stylesheet (browsers can swap it without a reload).
    pub(crate) fn css_only(&self) -> bool {
        !self.is_empty()
            && self.removed.is_empty()
            && self.changed.iter().all(|p| p.ends_with(".css"))
    }

    /// Compares `next` with `prev`. The service worker movebook writes is left out: the
    /// server answers its own instead (see `http::offline_override`), and a new one comes
    /// with every change of any other file.
    pub(crate) fn between(prev: &Snapshot, next: &HashMap<String, Entry>) -> Changes {
        let mut changed: Vec<String> = next
            .iter()
            .filter(|(rel, e)| {
                !(rel.as_str() == crate::render::offline::WORKER
                    && e.bytes
                        .starts_with(crate::render::offline::MARKER.as_bytes()))
            })
            .filter(|(rel, e)| prev.files.get(*rel).is_none_or(|p| p.hash != e.hash))
            .map(|(rel, _)| rel.clone())
            .collect();
        let mut removed: Vec<String> = prev
            .files
            .keys()
            .filter(|rel| !next.contains_key(*rel))
            .cloned()
            .collect();
        changed.sort_unstable();
        removed.sort_unstable();
        Changes { changed, removed }
    }
}

/// The URL path a browser shows for an output file: `exercises/x/index.html` →
/// `/exercises/x/`.
pub(crate) fn url_of(rel: &str) -> String {
    match rel.strip_suffix("index.html") {
        Some(dir) if dir.is_empty() || dir.ends_with('/') => format!("/{dir}"),
        _ => format!("/{rel}"),
    }
}

/// A sink that builds the next snapshot, reusing the bytes of `prev`.
pub(crate) struct SnapshotSink<'a> {
    prev: &'a Snapshot,
    now: SystemTime,
    files: Mutex<HashMap<String, Entry>>,
    reused: AtomicUsize,
}

impl<'a> SnapshotSink<'a> {
    /// A sink for the build after `prev`.
    pub(crate) fn new(prev: &'a Snapshot) -> Self {
        SnapshotSink {
            prev,
            now: SystemTime::now(),
            files: Mutex::new(HashMap::with_capacity(prev.files.len())),
            reused: AtomicUsize::new(0),
        }
    }

    /// How many pages were kept from the previous snapshot without rendering.
    pub(crate) fn reused(&self) -> usize {
        self.reused.load(Ordering::Relaxed)
    }

    /// The files written.
    pub(crate) fn into_files(self) -> HashMap<String, Entry> {
        self.files
            .into_inner()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn put(&self, rel: &str, bytes: Bytes, key: Option<u128>) -> anyhow::Result<()> {
        let hash = xxhash_rust::xxh3::xxh3_128(&bytes);
        let entry = match self.prev.files.get(rel) {
            // Same bytes: keep the old allocation and date.
            Some(p) if p.hash == hash => Entry { key, ..p.clone() },
            _ => Entry {
                bytes,
                hash,
                key,
                modified: self.now,
            },
        };
        self.files
            .lock()
            .map_err(|_| anyhow::anyhow!("the output store is poisoned"))?
            .insert(rel.to_string(), entry);
        Ok(())
    }
}

impl Sink for SnapshotSink<'_> {
    fn write(&self, rel: &str, bytes: &[u8]) -> anyhow::Result<()> {
        self.put(rel, Bytes::copy_from_slice(bytes), None)
    }

    fn memo(&self) -> Option<&dyn PageMemo> {
        Some(self)
    }
}

impl PageMemo for SnapshotSink<'_> {
    fn reuse(&self, rel: &str, key: u128) -> Option<u128> {
        let prev = self.prev.files.get(rel).filter(|p| p.key == Some(key))?;
        let mut files = self.files.lock().ok()?;
        files.insert(rel.to_string(), prev.clone());
        self.reused.fetch_add(1, Ordering::Relaxed);
        Some(prev.hash)
    }

    fn write_page(&self, rel: &str, key: u128, html: String) -> anyhow::Result<()> {
        self.put(rel, Bytes::from(html), Some(key))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_of_output_paths() {
        for (rel, url) in [
            ("index.html", "/"),
            ("exercises/x/index.html", "/exercises/x/"),
            ("404.html", "/404.html"),
            ("style.css", "/style.css"),
            ("notindex.html", "/notindex.html"),
        ] {
            assert_eq!(url_of(rel), url, "{rel}");
        }
    }

    #[test]
    fn sink_reuses_memoised_pages_and_unchanged_bytes() {
        let empty = Snapshot::default();
        let first = SnapshotSink::new(&empty);
        first
            .write_page("a/index.html", 1, "A".into())
            .expect("write");
        first.write("style.css", b"body{}").expect("write");
        let prev = Snapshot {
            build: 1,
            files: first.into_files(),
            built_at: None,
        };
        let next = SnapshotSink::new(&prev);
        assert_eq!(
            next.reuse("a/index.html", 1),
            Some(xxhash_rust::xxh3::xxh3_128(b"A")),
            "a hit returns the hash of the bytes kept"
        );
        assert_eq!(next.reuse("a/index.html", 2), None, "another key is a miss");
        assert_eq!(
            next.reuse("b/index.html", 1),
            None,
            "another page is a miss"
        );
        next.write("style.css", b"body{}").expect("write");
        next.write("new.css", b"x").expect("write");
        let files = next.into_files();
        assert_eq!(
            files["style.css"].bytes.as_ptr(),
            prev.files["style.css"].bytes.as_ptr(),
            "unchanged bytes share the old allocation"
        );
        let changes = Changes::between(&prev, &files);
        assert_eq!(changes.changed, vec!["new.css".to_string()]);
        assert!(changes.css_only());
        let mut gone = files.clone();
        gone.remove("a/index.html");
        let changes = Changes::between(&prev, &gone);
        assert_eq!(changes.removed, vec!["a/index.html".to_string()]);
        assert!(!changes.css_only());
    }
}
