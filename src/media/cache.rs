//! The processed-image cache of one site: `<site>/.movebook/cache/images/`.
//!
//! - `manifest.json` maps each source (its path relative to the site, size, mtime in ns,
//!   inode) to the xxh3 of its bytes, and each key (that hash with the settings) to the
//!   processed record, widths, heights and byte counts included. A warm build stats the
//!   sources and the outputs and reads nothing else (docs/design/media-spike.md, section 5).
//! - Outputs are `<key hex>-<width>.<ext>`, named by content and settings, so a renamed or
//!   copied photo is not processed twice and a change of settings never serves stale files.
//! - Every file is written to a temporary name unique to the process and the write, then
//!   renamed: a killed build leaves no truncated file under a real name, and two builds on
//!   the same cache do not write into each other's files. A hit is trusted only if each
//!   output exists with its recorded size; otherwise the image is redone.
//! - The folder may be deleted at any time (everything is redone) and may be committed (the
//!   manifest holds no absolute path for files inside the site).
//! - [`Cache::finish`] writes the manifest and deletes the outputs no `process` call of this
//!   cache used: only files named like outputs (or like its temporary files, after an
//!   hour), only in its own folder, and none written after the cache was opened (a
//!   concurrent build may be using them).

use std::collections::{HashMap, HashSet};
use std::fs;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, SystemTime};

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::budget::{Budget, DEFAULT_BUDGET};
use super::process::{self, Encoded, Rendered};
use super::{Format, ImageError, Output, PIPELINE_VERSION, Processed, Settings};

/// The cache's folder under the cache directory, and its manifest.
const FOLDER: &str = "images";
const MANIFEST: &str = "manifest.json";
/// Bumped when the manifest's shape changes (an older manifest is then ignored).
const MANIFEST_FORMAT: u32 = 1;
/// Temporary files older than this are left over by a killed build.
const STALE_TEMP: Duration = Duration::from_hours(1);

/// What the cache did so far (for progress lines and tests).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct CacheStats {
    /// Sources found in the cache (by stat, or by content after a stat change).
    pub hits: usize,
    /// Sources decoded and encoded.
    pub processed: usize,
    /// Sources that could not be processed.
    pub failed: usize,
}

/// The processed-image cache of one site (see the module documentation).
pub(crate) struct Cache {
    /// `<cache>/images`, absolute.
    folder: PathBuf,
    /// The site root that source paths are stored relative to (`<cache>/../..`).
    root: Option<PathBuf>,
    settings: Settings,
    fingerprint: u64,
    opened: SystemTime,
    budget: Budget,
    state: Mutex<State>,
    /// The names of the files in the cache folder, listed once on the first hit (and
    /// joined by the files this run writes): a hit needs its outputs to be there.
    present: Mutex<Option<HashSet<String>>>,
    hits: AtomicUsize,
    processed: AtomicUsize,
    failed: AtomicUsize,
}

/// A source's stat and the hash of its bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct SourceRecord {
    size: u64,
    mtime_ns: i64,
    inode: u64,
    hash: u64,
}

#[derive(Debug, Default)]
struct State {
    /// From the manifest, by stored path.
    sources: HashMap<String, SourceRecord>,
    /// From the manifest and from this run, by key.
    images: HashMap<u64, Arc<Processed>>,
    /// What this run used: written to the manifest by `finish`, everything else is pruned.
    used_sources: HashMap<String, SourceRecord>,
    used_keys: HashSet<u64>,
    /// The manifest as read (`finish` neither rewrites it nor prunes when nothing changed).
    read: Vec<u8>,
    /// A picture was processed or a source's record differs from the manifest's.
    changed: bool,
}

impl Cache {
    /// Opens the cache in `dir` (`<site>/.movebook/cache`; nothing is created until the
    /// first write). Never fails: a missing, unreadable or corrupt manifest is ignored, and
    /// everything is redone.
    pub(crate) fn open(dir: &Path, settings: Settings) -> Cache {
        Cache::with_budget(dir, settings, DEFAULT_BUDGET)
    }

    /// [`Cache::open`] with a byte budget for decodes in flight other than the default.
    pub(crate) fn with_budget(dir: &Path, settings: Settings, budget: u64) -> Cache {
        let dir = std::path::absolute(dir).unwrap_or_else(|_| dir.to_path_buf());
        let folder = dir.join(FOLDER);
        let root = dir.parent().and_then(Path::parent).map(Path::to_path_buf);
        let settings = settings.normalized();
        let fingerprint = settings.fingerprint();
        let state = read_manifest(&folder).unwrap_or_default();
        Cache {
            folder,
            root,
            settings,
            fingerprint,
            opened: SystemTime::now(),
            budget: Budget::new(budget),
            state: Mutex::new(state),
            present: Mutex::new(None),
            hits: AtomicUsize::new(0),
            processed: AtomicUsize::new(0),
            failed: AtomicUsize::new(0),
        }
    }

    /// What this cache did so far.
    pub(crate) fn stats(&self) -> CacheStats {
        CacheStats {
            hits: self.hits.load(Ordering::Relaxed),
            processed: self.processed.load(Ordering::Relaxed),
            failed: self.failed.load(Ordering::Relaxed),
        }
    }

    /// The most bytes of decoded images held at once so far (the byte budget's peak).
    #[cfg(test)]
    pub(crate) fn peak_decoded_bytes(&self) -> u64 {
        self.budget.peak()
    }

    /// Processes each source (or finds it in the cache), in parallel with rayon; results in
    /// input order; `done` is called once per source when it finishes. A path given twice is
    /// processed once.
    pub(crate) fn process(
        &self,
        sources: &[PathBuf],
        done: &(dyn Fn() + Sync),
    ) -> Vec<Result<Arc<Processed>, ImageError>> {
        let mut first: HashMap<&Path, usize> = HashMap::new();
        let mut unique: Vec<&Path> = Vec::new();
        let slots: Vec<usize> = sources
            .iter()
            .map(|p| {
                *first.entry(p.as_path()).or_insert_with(|| {
                    unique.push(p);
                    unique.len() - 1
                })
            })
            .collect();
        let results: Vec<Result<Arc<Processed>, ImageError>> = unique
            .par_iter()
            .map(|path| {
                let result = self.process_one(path);
                match &result {
                    Ok(_) => {}
                    Err(_) => {
                        self.failed.fetch_add(1, Ordering::Relaxed);
                    }
                }
                done();
                result
            })
            .collect();
        let mut seen = vec![false; results.len()];
        slots
            .into_iter()
            .map(|slot| {
                let again = seen.get(slot).copied().unwrap_or(true);
                if let Some(s) = seen.get_mut(slot) {
                    *s = true;
                }
                if again {
                    done();
                }
                match results.get(slot) {
                    Some(Ok(p)) => Ok(Arc::clone(p)),
                    Some(Err(e)) => Err(e.duplicate()),
                    None => Err(ImageError::Io(io::Error::other("lost result"))),
                }
            })
            .collect()
    }

    fn process_one(&self, path: &Path) -> Result<Arc<Processed>, ImageError> {
        let path = std::path::absolute(path)?;
        let name = self.stored_name(&path);
        let meta = fs::metadata(&path)?;
        if !meta.is_file() {
            return Err(ImageError::Io(io::Error::other("it is not a file")));
        }
        // By stat: no read, no hash.
        if let Some(name) = &name {
            let known = self.lock().sources.get(name).copied();
            if let Some(record) = known.filter(|r| r.matches(&meta))
                && let Some(hit) = self.hit(record.hash)
            {
                self.use_source(name, record);
                return Ok(hit);
            }
        }
        // By content: the stat and the bytes come from the same open file.
        let mut file = fs::File::open(&path)?;
        let meta = file.metadata()?;
        let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
        file.read_to_end(&mut bytes)?;
        drop(file);
        let hash = xxhash_rust::xxh3::xxh3_64(&bytes);
        let record = SourceRecord::new(&meta, hash);
        if let Some(hit) = self.hit(hash) {
            if let Some(name) = &name {
                self.use_source(name, record);
            }
            return Ok(hit);
        }
        let rendered = process::render(&bytes, &self.settings, &self.budget)?;
        drop(bytes);
        let key = self.key(hash);
        let processed = Arc::new(self.write(key, rendered)?);
        self.processed.fetch_add(1, Ordering::Relaxed);
        let mut state = self.lock();
        state.changed = true;
        state.images.insert(key, Arc::clone(&processed));
        state.used_keys.insert(key);
        if let Some(name) = name {
            state.used_sources.insert(name, record);
        }
        Ok(processed)
    }

    /// The cached record for content `hash` if every output file is there. Outputs are
    /// only ever created whole (written to a temporary name, then renamed), so a file under
    /// its final name is complete; one listing of the folder answers for every picture,
    /// where a `stat` per output would cost a warm build more than the rest of its work.
    fn hit(&self, hash: u64) -> Option<Arc<Processed>> {
        let key = self.key(hash);
        let processed = self.lock().images.get(&key).cloned()?;
        let intact = {
            let mut present = self.present.lock().unwrap_or_else(PoisonError::into_inner);
            let names = present.get_or_insert_with(|| list_names(&self.folder));
            processed.outputs().all(|o| {
                o.path
                    .file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| names.contains(n))
            })
        };
        if !intact {
            return None;
        }
        self.hits.fetch_add(1, Ordering::Relaxed);
        self.lock().used_keys.insert(key);
        Some(processed)
    }

    fn use_source(&self, name: &str, record: SourceRecord) {
        let mut state = self.lock();
        if state.sources.get(name) != Some(&record) {
            state.changed = true;
        }
        state.used_sources.insert(name.to_string(), record);
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The key of content `hash` under these settings.
    fn key(&self, hash: u64) -> u64 {
        let mut bytes = [0u8; 20];
        let (a, rest) = bytes.split_at_mut(8);
        let (b, c) = rest.split_at_mut(8);
        a.copy_from_slice(&hash.to_le_bytes());
        b.copy_from_slice(&self.fingerprint.to_le_bytes());
        c.copy_from_slice(&PIPELINE_VERSION.to_le_bytes());
        xxhash_rust::xxh3::xxh3_64(&bytes)
    }

    /// How a source is named in the manifest: relative to the site root with `/`, else the
    /// absolute path; `None` if it is not UTF-8 (it is then hashed on every build).
    fn stored_name(&self, path: &Path) -> Option<String> {
        let rel = self
            .root
            .as_deref()
            .and_then(|root| path.strip_prefix(root).ok());
        match rel {
            Some(rel) => {
                let parts: Option<Vec<&str>> =
                    rel.components().map(|c| c.as_os_str().to_str()).collect();
                Some(parts?.join("/"))
            }
            None => path.to_str().map(ToString::to_string),
        }
    }

    /// Writes a rendered image's outputs and returns its record.
    fn write(&self, key: u64, rendered: Rendered) -> Result<Processed, ImageError> {
        let Rendered {
            width,
            height,
            source,
            webp,
            fallback,
            animated,
            first_frame_only,
        } = rendered;
        let mut outputs = Vec::with_capacity(webp.len());
        for encoded in &webp {
            outputs.push(self.write_output(key, encoded)?);
        }
        let fallback = self.write_output(key, &fallback)?;
        Ok(Processed {
            key,
            width,
            height,
            source,
            webp: outputs,
            fallback,
            animated,
            first_frame_only,
        })
    }

    fn write_output(&self, key: u64, encoded: &Encoded) -> Result<Output, ImageError> {
        let name = output_name(key, encoded.width, encoded.format);
        write_atomic(&self.folder, &name, &encoded.data)?;
        if let Some(names) = self
            .present
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .as_mut()
        {
            names.insert(name.clone());
        }
        Ok(Output {
            width: encoded.width,
            height: encoded.height,
            format: encoded.format,
            path: self.folder.join(name),
            bytes: encoded.data.len() as u64,
        })
    }

    /// Writes the manifest atomically (temporary file + rename) and deletes the cache
    /// entries that no `process` call of this cache used (see the module documentation).
    /// Nothing is created for a site without images.
    pub(crate) fn finish(self) -> io::Result<()> {
        let state = std::mem::take(&mut *self.lock());
        if state.used_keys.is_empty() && !self.folder.exists() {
            return Ok(());
        }
        // Every entry of the manifest used as it was, nothing added: the warm build's case,
        // answered without writing the manifest out again to compare it.
        if !state.changed
            && !state.read.is_empty()
            && state.used_sources.len() == state.sources.len()
            && state.used_keys.len() == state.images.len()
        {
            return Ok(());
        }
        let mut keep: HashSet<String> = HashSet::new();
        let mut images = Vec::with_capacity(state.used_keys.len());
        let mut used: Vec<&u64> = state.used_keys.iter().collect();
        used.sort_unstable();
        for key in used {
            if let Some(p) = state.images.get(key) {
                for o in p.outputs() {
                    keep.insert(output_name(p.key, o.width, o.format));
                }
                images.push(ImageEntry::from(p.as_ref()));
            }
        }
        let mut sources: Vec<SourceEntry> = state
            .used_sources
            .iter()
            .map(|(path, r)| SourceEntry {
                path: path.clone(),
                size: r.size,
                mtime_ns: r.mtime_ns,
                inode: r.inode,
                hash: hex(r.hash),
            })
            .collect();
        sources.sort_by(|a, b| a.path.cmp(&b.path));
        let manifest = Manifest {
            format: MANIFEST_FORMAT,
            pipeline: PIPELINE_VERSION,
            sources,
            images,
        };
        let json = manifest.to_json()?;
        if json == state.read {
            // Every entry was used and none was added: nothing to write or prune (files left
            // by a killed build are pruned by the next build that changes something).
            return Ok(());
        }
        fs::create_dir_all(&self.folder)?;
        write_atomic(&self.folder, MANIFEST, &json)?;
        self.prune(&keep)
    }

    /// Deletes unused outputs and stale temporary files of this cache, and nothing else.
    fn prune(&self, keep: &HashSet<String>) -> io::Result<()> {
        let now = SystemTime::now();
        for entry in fs::read_dir(&self.folder)? {
            let entry = entry?;
            let Some(name) = entry.file_name().to_str().map(ToString::to_string) else {
                continue;
            };
            let output = is_output_name(&name);
            let temp = is_temp_name(&name);
            if !(output || temp) || keep.contains(&name) {
                continue;
            }
            let Ok(meta) = entry.metadata() else { continue };
            if !meta.is_file() {
                continue;
            }
            let modified = meta.modified().unwrap_or(now);
            let stale = if output {
                modified < self.opened
            } else {
                now.duration_since(modified)
                    .is_ok_and(|age| age > STALE_TEMP)
            };
            if stale {
                match fs::remove_file(entry.path()) {
                    Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(e),
                    _ => {}
                }
            }
        }
        Ok(())
    }
}

impl SourceRecord {
    fn new(meta: &fs::Metadata, hash: u64) -> SourceRecord {
        SourceRecord {
            size: meta.len(),
            mtime_ns: mtime_ns(meta),
            inode: inode(meta),
            hash,
        }
    }

    fn matches(&self, meta: &fs::Metadata) -> bool {
        self.mtime_ns != i64::MIN
            && self.size == meta.len()
            && self.mtime_ns == mtime_ns(meta)
            && self.inode == inode(meta)
    }
}

/// The modification time in ns since 1970 (`i64::MIN` when unknown: never matches).
fn mtime_ns(meta: &fs::Metadata) -> i64 {
    meta.modified()
        .ok()
        .and_then(|t| t.duration_since(SystemTime::UNIX_EPOCH).ok())
        .and_then(|d| i64::try_from(d.as_nanos()).ok())
        .unwrap_or(i64::MIN)
}

#[cfg(unix)]
fn inode(meta: &fs::Metadata) -> u64 {
    std::os::unix::fs::MetadataExt::ino(meta)
}

#[cfg(not(unix))]
fn inode(_meta: &fs::Metadata) -> u64 {
    0
}

/// The names of the files in `folder` (empty when it cannot be read).
fn list_names(folder: &Path) -> HashSet<String> {
    fs::read_dir(folder)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .filter_map(|e| e.file_name().into_string().ok())
                .collect()
        })
        .unwrap_or_default()
}

fn hex(v: u64) -> String {
    format!("{v:016x}")
}

/// `<key hex>-<width>.<ext>`.
fn output_name(key: u64, width: u32, format: Format) -> String {
    format!("{key:016x}-{width}.{}", format.ext())
}

/// Whether `name` is one of this cache's output names.
pub(super) fn is_output_name(name: &str) -> bool {
    let Some((stem, ext)) = name.rsplit_once('.') else {
        return false;
    };
    let Some((key, width)) = stem.split_once('-') else {
        return false;
    };
    key.len() == 16
        && key.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
        && !width.is_empty()
        && width.bytes().all(|b| b.is_ascii_digit())
        && matches!(ext, "webp" | "jpg" | "png" | "gif")
}

/// Whether `name` is one of this cache's temporary names: `.<name>.<pid>-<n>.tmp` where
/// `<name>` is an output name or the manifest's.
pub(super) fn is_temp_name(name: &str) -> bool {
    let Some(inner) = name.strip_prefix('.').and_then(|n| n.strip_suffix(".tmp")) else {
        return false;
    };
    let Some((target, unique)) = inner.rsplit_once('.') else {
        return false;
    };
    let unique_ok = unique.split_once('-').is_some_and(|(pid, n)| {
        !pid.is_empty()
            && !n.is_empty()
            && pid.bytes().all(|b| b.is_ascii_digit())
            && n.bytes().all(|b| b.is_ascii_digit())
    });
    unique_ok && (target == MANIFEST || is_output_name(target))
}

/// Writes `folder/name` through a temporary file unique to this process and write, then a
/// rename. Creates the folder if it is missing (it may be deleted at any time).
fn write_atomic(folder: &Path, name: &str, data: &[u8]) -> io::Result<()> {
    static WRITES: AtomicU64 = AtomicU64::new(0);
    let n = WRITES.fetch_add(1, Ordering::Relaxed);
    let temp = folder.join(format!(".{name}.{}-{n}.tmp", std::process::id()));
    let target = folder.join(name);
    let attempt = || -> io::Result<()> {
        let mut file = fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&temp)?;
        file.write_all(data)?;
        drop(file);
        fs::rename(&temp, &target)
    };
    let mut result = attempt();
    if result
        .as_ref()
        .is_err_and(|e| e.kind() == io::ErrorKind::NotFound)
    {
        let _ = fs::remove_file(&temp);
        result = fs::create_dir_all(folder).and_then(|()| attempt());
    }
    result.map_err(|e| {
        let _ = fs::remove_file(&temp);
        io::Error::new(e.kind(), format!("writing {}: {e}", target.display()))
    })
}

impl ImageError {
    /// The same error again, for a source given twice (`io::Error` is not `Clone`).
    fn duplicate(&self) -> ImageError {
        match self {
            ImageError::Unsupported(s) => ImageError::Unsupported(s.clone()),
            ImageError::Undecodable(s) => ImageError::Undecodable(s.clone()),
            ImageError::TooLarge { width, height } => ImageError::TooLarge {
                width: *width,
                height: *height,
            },
            ImageError::Io(e) => ImageError::Io(io::Error::new(e.kind(), e.to_string())),
        }
    }
}

// The manifest as stored: JSON with one source or image per line, so that a committed cache
// diffs readably.

#[derive(Debug, Serialize, Deserialize)]
struct Manifest {
    format: u32,
    pipeline: u32,
    sources: Vec<SourceEntry>,
    images: Vec<ImageEntry>,
}

#[derive(Debug, Serialize, Deserialize)]
struct SourceEntry {
    path: String,
    size: u64,
    mtime_ns: i64,
    inode: u64,
    hash: String,
}

#[derive(Debug, Serialize, Deserialize)]
struct ImageEntry {
    key: String,
    width: u32,
    height: u32,
    source: Format,
    animated: bool,
    first_frame_only: bool,
    webp: Vec<OutputEntry>,
    fallback: OutputEntry,
}

#[derive(Debug, Serialize, Deserialize)]
struct OutputEntry {
    width: u32,
    height: u32,
    format: Format,
    bytes: u64,
}

impl Manifest {
    fn to_json(&self) -> io::Result<Vec<u8>> {
        fn lines<T: Serialize>(out: &mut Vec<u8>, items: &[T]) -> io::Result<()> {
            out.push(b'[');
            for (i, item) in items.iter().enumerate() {
                out.extend_from_slice(if i == 0 { b"\n" } else { b",\n" });
                serde_json::to_writer(&mut *out, item).map_err(io::Error::other)?;
            }
            out.extend_from_slice(b"\n]");
            Ok(())
        }
        let mut out = Vec::with_capacity(256 * (self.sources.len() + self.images.len()));
        write!(
            out,
            "{{\"format\": {}, \"pipeline\": {},\n\"sources\": ",
            self.format, self.pipeline
        )?;
        lines(&mut out, &self.sources)?;
        out.extend_from_slice(b",\n\"images\": ");
        lines(&mut out, &self.images)?;
        out.extend_from_slice(b"}\n");
        Ok(out)
    }
}

impl From<&Processed> for ImageEntry {
    fn from(p: &Processed) -> Self {
        let entry = |o: &Output| OutputEntry {
            width: o.width,
            height: o.height,
            format: o.format,
            bytes: o.bytes,
        };
        ImageEntry {
            key: hex(p.key),
            width: p.width,
            height: p.height,
            source: p.source,
            animated: p.animated,
            first_frame_only: p.first_frame_only,
            webp: p.webp.iter().map(entry).collect(),
            fallback: entry(&p.fallback),
        }
    }
}

/// The manifest in `folder`, or `None` if there is none or it cannot be used.
fn read_manifest(folder: &Path) -> Option<State> {
    let bytes = fs::read(folder.join(MANIFEST)).ok()?;
    let manifest: Manifest = serde_json::from_slice(&bytes).ok()?;
    if manifest.format != MANIFEST_FORMAT || manifest.pipeline != PIPELINE_VERSION {
        return None;
    }
    let mut state = State {
        read: bytes,
        ..State::default()
    };
    for s in manifest.sources {
        let Ok(hash) = u64::from_str_radix(&s.hash, 16) else {
            continue;
        };
        state.sources.insert(
            s.path,
            SourceRecord {
                size: s.size,
                mtime_ns: s.mtime_ns,
                inode: s.inode,
                hash,
            },
        );
    }
    for i in manifest.images {
        let Ok(key) = u64::from_str_radix(&i.key, 16) else {
            continue;
        };
        let output = |o: &OutputEntry| Output {
            width: o.width,
            height: o.height,
            format: o.format,
            path: folder.join(output_name(key, o.width, o.format)),
            bytes: o.bytes,
        };
        let processed = Processed {
            key,
            width: i.width,
            height: i.height,
            source: i.source,
            webp: i.webp.iter().map(output).collect(),
            fallback: output(&i.fallback),
            animated: i.animated,
            first_frame_only: i.first_frame_only,
        };
        state.images.insert(key, Arc::new(processed));
    }
    Some(state)
}
