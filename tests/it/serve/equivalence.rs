//! The proof that memoisation is sound: after each of a sequence of random edits (bodies,
//! same-size edits, titles, progression edges, deleted and restored files, new pages,
//! broken front matter, templates, static files, site.toml, translations: the fixture is
//! the minimal site in English and Swedish), what the server holds for
//! every path equals what a clean `movebook build` with the same base URL writes, byte for
//! byte; and when the site is broken, the server shows exactly the diagnostics the
//! command line prints while still serving the last good build.
//!
//! The sequence is reproducible: set `MOVEBOOK_SERVE_SEED` to replay another one, and
//! `MOVEBOOK_SERVE_STEPS` to make it longer.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use super::client::Server;
use crate::harness::TestSite;

/// xorshift64*: small, deterministic, good enough to pick edits.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a, T>(&mut self, v: &'a [T]) -> Option<&'a T> {
        (!v.is_empty()).then(|| &v[self.below(v.len())])
    }
}

fn env_u64(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Every file under `dir`, by `/`-separated path.
fn files_under(dir: &Path) -> Vec<String> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            e.path()
                .strip_prefix(dir)
                .expect("prefix")
                .to_string_lossy()
                .replace('\\', "/")
        })
        .collect()
}

/// A clean build with the real binary: the files, or the diagnostics as printed.
fn reference(root: &Path, url: &str, out: &Path) -> Result<BTreeMap<String, Vec<u8>>, String> {
    let run = Command::new(env!("CARGO_BIN_EXE_movebook"))
        .args(["build", "--base-url", url, "--root"])
        .arg(root)
        .arg("--output")
        .arg(out)
        .env("NO_COLOR", "1")
        .output()
        .expect("run movebook build");
    match run.status.code() {
        Some(0) => Ok(files_under(out)
            .into_iter()
            .filter(|rel| rel != ".movebook-output")
            .map(|rel| {
                let bytes = fs::read(out.join(&rel)).expect("read output");
                (rel, bytes)
            })
            .collect()),
        Some(1) => Err(String::from_utf8_lossy(&run.stderr).into_owned()),
        other => panic!(
            "build could not run ({other:?}): {}",
            String::from_utf8_lossy(&run.stderr)
        ),
    }
}

fn hashes(files: &BTreeMap<String, Vec<u8>>) -> BTreeMap<String, String> {
    files
        .iter()
        .map(|(k, v)| {
            (
                k.clone(),
                format!("{:032x}", xxhash_rust::xxh3::xxh3_128(v)),
            )
        })
        .collect()
}

/// The errors the server shows, as the command line prints them.
fn served_errors(server: &Server) -> Option<String> {
    let s = server.status();
    let e = &s["errors"];
    if e.is_null() {
        return None;
    }
    let mut text = String::new();
    // As `movebook check` prints them: each diagnostic, then a blank line.
    for d in e["diagnostics"].as_array().expect("diagnostics") {
        text.push_str(d.as_str().expect("text"));
        text.push_str("\n\n");
    }
    text.push_str(e["summary"].as_str().expect("summary"));
    text.push('\n');
    Some(text)
}

struct Editor {
    root: PathBuf,
    fixture: PathBuf,
    rng: Rng,
    n: u64,
}

impl Editor {
    fn content_pages(&self) -> Vec<String> {
        files_under(&self.root.join("content"))
            .into_iter()
            .filter(|r| r.ends_with(".md"))
            .collect()
    }

    fn exercises(&self) -> Vec<String> {
        self.content_pages()
            .into_iter()
            .filter(|r| r.starts_with("exercises/"))
            .collect()
    }

    fn read(&self, rel: &str) -> String {
        fs::read_to_string(self.root.join(rel)).expect("read")
    }

    fn write(&self, rel: &str, text: &str) {
        let path = self.root.join(rel);
        fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        fs::write(path, text).expect("write");
    }

    /// Puts back one fixture file that was edited or deleted, so that broken states do not
    /// last forever.
    fn repair(&mut self) -> String {
        let changed: Vec<String> = files_under(&self.fixture.join("content"))
            .into_iter()
            .map(|p| format!("content/{p}"))
            .filter(|rel| {
                fs::read(self.root.join(rel)).ok() != fs::read(self.fixture.join(rel)).ok()
            })
            .collect();
        let Some(rel) = self.rng.pick(&changed).cloned() else {
            return "nothing to repair".into();
        };
        let text = fs::read_to_string(self.fixture.join(&rel)).expect("read");
        self.write(&rel, &text);
        format!("restore {rel}")
    }

    /// Applies one random edit and says what it was. After a broken step, half of the
    /// steps are repairs.
    fn step(&mut self, broken: bool) -> String {
        self.n += 1;
        let n = self.n;
        if broken && self.rng.below(2) == 0 {
            return self.repair();
        }
        let pages = self.content_pages();
        let exercises = self.exercises();
        match self.rng.below(13) {
            0..=2 => {
                let Some(p) = self.rng.pick(&pages).cloned() else {
                    return "nothing to edit".into();
                };
                let text = self.read(&format!("content/{p}"));
                self.write(
                    &format!("content/{p}"),
                    &format!("{text}\nEdit number {n}.\n"),
                );
                format!("append to the body of {p}")
            }
            3 | 4 => {
                // Same length, same file: only the bytes can tell.
                let Some(p) = self.rng.pick(&pages).cloned() else {
                    return "nothing to edit".into();
                };
                let rel = format!("content/{p}");
                let path = self.root.join(&rel);
                let before = fs::metadata(&path).and_then(|m| m.modified()).ok();
                let text = self.read(&rel);
                let body_at = text.rfind("\n---\n").map_or(0, |i| i + 5);
                let letters: Vec<usize> = text[body_at..]
                    .char_indices()
                    .filter(|(_, c)| c.is_ascii_lowercase())
                    .map(|(i, _)| body_at + i)
                    .collect();
                let Some(&at) = self.rng.pick(&letters) else {
                    return format!("no letter to change in {p}");
                };
                let old = text.as_bytes()[at];
                let new = if old == b'z' { b'a' } else { old + 1 };
                let mut bytes = text.into_bytes();
                bytes[at] = new;
                fs::write(&path, &bytes).expect("write");
                // Put the old modification time back, as a second save within the same
                // clock tick would leave it.
                if let Some(t) = before {
                    let _ = fs::File::options()
                        .write(true)
                        .open(&path)
                        .and_then(|f| f.set_modified(t));
                }
                format!("same-size edit in {p} ({} -> {})", old as char, new as char)
            }
            5 => {
                let candidates: Vec<String> = pages
                    .iter()
                    .filter(|p| p.starts_with("exercises/") || p.starts_with("muscles/"))
                    .cloned()
                    .collect();
                let Some(p) = self.rng.pick(&candidates).cloned() else {
                    return "no page to retitle".into();
                };
                let rel = format!("content/{p}");
                let text = self.read(&rel);
                let new: String = text
                    .lines()
                    .map(|l| {
                        if l.starts_with("title:") {
                            format!("title: Title {n}")
                        } else {
                            l.to_string()
                        }
                    })
                    .collect::<Vec<_>>()
                    .join("\n");
                self.write(&rel, &format!("{new}\n"));
                format!("retitle {p}")
            }
            6 => {
                let Some(p) = self.rng.pick(&exercises).cloned() else {
                    return "no exercise".into();
                };
                let rel = format!("content/{p}");
                let text = self.read(&rel);
                if text.contains("progression:\n") {
                    let mut out = Vec::new();
                    let mut skipping = false;
                    for l in text.lines() {
                        if l == "progression:" {
                            skipping = true;
                            continue;
                        }
                        if skipping && l.starts_with("  ") {
                            continue;
                        }
                        skipping = false;
                        out.push(l);
                    }
                    self.write(&rel, &(out.join("\n") + "\n"));
                    format!("remove the progression edges of {p}")
                } else {
                    let others: Vec<String> = exercises
                        .iter()
                        .filter(|e| **e != p)
                        .map(|e| {
                            e.trim_start_matches("exercises/")
                                .trim_end_matches(".md")
                                .to_string()
                        })
                        .collect();
                    let Some(target) = self.rng.pick(&others).cloned() else {
                        return "no other exercise".into();
                    };
                    let side = if self.rng.below(2) == 0 {
                        "harder"
                    } else {
                        "easier"
                    };
                    let new = text.replacen(
                        "\ncommon_errors:",
                        &format!("\nprogression:\n  {side}: [{target}]\ncommon_errors:"),
                        1,
                    );
                    self.write(&rel, &new);
                    format!("add {p} {side} {target}")
                }
            }
            7 => {
                let Some(p) = self.rng.pick(&pages).cloned() else {
                    return "nothing to delete".into();
                };
                fs::remove_file(self.root.join(format!("content/{p}"))).expect("remove");
                format!("delete {p}")
            }
            8 | 9 => self.repair(),
            10 => {
                let rel = "templates/exercise.html";
                if self.root.join(rel).exists() {
                    fs::remove_file(self.root.join(rel)).expect("remove");
                    "remove the exercise template override".into()
                } else {
                    let default = fs::read_to_string(
                        Path::new(env!("CARGO_MANIFEST_DIR"))
                            .join("themes/default/templates/exercise.html"),
                    )
                    .expect("read default template");
                    let text = default.replacen("<h1>", &format!("<h1 data-variant=\"{n}\">"), 1);
                    self.write(rel, &text);
                    "override the exercise template".into()
                }
            }
            11 => match self.rng.below(3) {
                0 => {
                    self.write("static/extra.css", &format!("body {{ --n: {n}; }}\n"));
                    "write static/extra.css".into()
                }
                1 => {
                    let _ = fs::remove_file(self.root.join("static/extra.css"));
                    "delete static/extra.css".into()
                }
                _ => {
                    let text = self.read("site.toml");
                    let new: String = text
                        .lines()
                        .map(|l| {
                            if l.starts_with("title =") {
                                format!("title = \"Guide {n}\"")
                            } else {
                                l.to_string()
                            }
                        })
                        .collect::<Vec<_>>()
                        .join("\n");
                    self.write("site.toml", &format!("{new}\n"));
                    "retitle the site".into()
                }
            },
            _ => {
                let roll = self.rng.below(4);
                if roll == 3 {
                    // A new translation, or a translated word of the theme.
                    let defaults: Vec<String> = exercises
                        .iter()
                        .filter(|e| !e.ends_with(".sv.md"))
                        .cloned()
                        .collect();
                    if self.rng.below(2) == 0 {
                        self.write(
                            "i18n/sv.toml",
                            &format!("[page]\nstop_if = \"Avbryt om ({n})\"\n"),
                        );
                        return "write i18n/sv.toml".into();
                    }
                    let Some(p) = self.rng.pick(&defaults).cloned() else {
                        return "no exercise to translate".into();
                    };
                    let rel = format!("content/{}", p.replace(".md", ".sv.md"));
                    self.write(
                        &rel,
                        &format!("---\ntitle: Övning {n}\n---\nSvensk text {n}.\n"),
                    );
                    return format!("translate {p}");
                }
                if roll == 0 {
                    let Some(p) = self.rng.pick(&pages).cloned() else {
                        return "nothing to break".into();
                    };
                    let rel = format!("content/{p}");
                    let text = self.read(&rel);
                    self.write(
                        &rel,
                        &text.replacen("\n---\n", "\nlevel: [unclosed\n---\n", 1),
                    );
                    format!("break the front matter of {p}")
                } else {
                    let slug = format!("new-exercise-{n}");
                    self.write(
                    &format!("content/exercises/{slug}.md"),
                    &format!(
                        "---\ntitle: New Exercise {n}\nsummary: A new exercise.\ntarget_muscles: [gluteus-maximus]\ncategory: strength\nlevel: beginner\ncues: [Breathe]\ncommon_errors:\n  - error: Rushing\n    fix: Slow down.\n---\n## How to do it\n\nSlowly, number {n}.\n"
                    ),
                );
                    format!("create exercises/{slug}.md")
                }
            }
        }
    }
}

#[test]
fn served_output_equals_a_clean_build_after_random_edits() {
    let seed = env_u64("MOVEBOOK_SERVE_SEED", 0x5eed_1234_abcd);
    let steps = env_u64("MOVEBOOK_SERVE_STEPS", 60);
    let site = TestSite::fixture("bilingual");
    let out_dir = tempfile::tempdir().expect("tempdir");
    let out = out_dir.path().join("public");
    let server = Server::start(site.root(), &[]);
    let events = server.events();
    let mut editor = Editor {
        root: site.root().to_path_buf(),
        fixture: crate::harness_fixture("bilingual"),
        rng: Rng(seed | 1),
        n: 0,
    };
    let mut log: Vec<String> = Vec::new();
    let mut last_good = reference(site.root(), &server.url, &out).expect("the fixture builds");
    let (mut good, mut bad) = (0, 0);
    let mut broken = false;
    for step in 0..=steps {
        if step > 0 {
            log.push(editor.step(broken));
        }
        let context = || format!("seed {seed:#x}, after:\n  {}", log.join("\n  "));
        match reference(site.root(), &server.url, &out) {
            Ok(files) => {
                good += 1;
                let want = hashes(&files);
                server.eventually(&events, &format!("the clean build ({})", context()), || {
                    served_errors(&server).is_none() && server.manifest() == want
                });
                // Byte for byte, every file, as served (before script injection).
                for (rel, bytes) in &files {
                    let r = server.raw(&format!("/{rel}"));
                    assert_eq!(r.status, 200, "{rel}; {}", context());
                    assert!(r.body == *bytes, "{rel} differs; {}", context());
                }
                last_good = files;
                broken = false;
            }
            Err(cli) => {
                bad += 1;
                broken = true;
                let want = hashes(&last_good);
                server.eventually(&events, &format!("the errors ({})", context()), || {
                    served_errors(&server).as_deref() == Some(cli.as_str())
                        && server.manifest() == want
                });
            }
        }
    }
    // The sequence must have exercised both good and broken states.
    assert!(
        good > 10 && bad > 3,
        "good {good}, bad {bad}: {}",
        log.join("\n")
    );
}
