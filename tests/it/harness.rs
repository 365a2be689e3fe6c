//! Test harness: fixture sites in temporary folders, built in-process or through the real
//! binary, with the output inspected by an HTML parser.
//!
//! ```ignore
//! let site = TestSite::fixture("minimal").file("content/exercises/x.md", "...");
//! let page = site.build_ok().page("exercises/x/index.html");
//! assert_eq!(page.text("h1"), "X");
//! ```

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use movebook::{BuildError, BuildOptions, BuildReport, Diagnostic};
use scraper::{ElementRef, Html, Selector};
use tempfile::TempDir;

/// A site folder in a temporary directory.
pub(crate) struct TestSite {
    dir: TempDir,
}

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.expect("walk fixture");
        let rel = entry.path().strip_prefix(from).expect("prefix");
        let dest = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&dest).expect("mkdir");
        } else {
            std::fs::copy(entry.path(), &dest).expect("copy");
        }
    }
}

impl TestSite {
    /// An empty folder.
    pub(crate) fn empty() -> Self {
        TestSite {
            dir: tempfile::tempdir().expect("tempdir"),
        }
    }

    /// A copy of `tests/fixtures/<name>`.
    pub(crate) fn fixture(name: &str) -> Self {
        let site = TestSite::empty();
        copy_dir(&fixtures().join(name), site.root());
        site
    }

    /// A copy of the minimal fixture: every page kind, three exercises on one path.
    pub(crate) fn minimal() -> Self {
        TestSite::fixture("minimal")
    }

    /// The site folder.
    pub(crate) fn root(&self) -> &Path {
        self.dir.path()
    }

    /// Writes a file (creating folders), replacing any previous one.
    pub(crate) fn file(self, rel: &str, text: &str) -> Self {
        self.write(rel, text.as_bytes());
        self
    }

    /// Writes raw bytes.
    pub(crate) fn write(&self, rel: &str, bytes: &[u8]) {
        let path = self.root().join(rel);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, bytes).expect("write");
    }

    /// Removes a file.
    pub(crate) fn remove(self, rel: &str) -> Self {
        std::fs::remove_file(self.root().join(rel)).expect("remove");
        self
    }

    /// Build options for this site, output in `<root>/public`.
    pub(crate) fn options(&self) -> BuildOptions {
        BuildOptions {
            root: self.root().to_path_buf(),
            output: None,
            drafts: false,
            base_url: None,
            background_cleanup: false,
        }
    }

    /// Builds in-process.
    #[expect(
        clippy::unused_self,
        reason = "read as site.build_with(...) next to the other builders"
    )]
    pub(crate) fn build_with(&self, opts: &BuildOptions) -> Result<BuildReport, BuildError> {
        movebook::build(opts)
    }

    /// Builds and panics with the diagnostics if the build fails.
    pub(crate) fn build_ok(&self) -> Built<'_> {
        self.build_ok_with(&self.options())
    }

    /// Builds with options and panics if the build fails.
    pub(crate) fn build_ok_with(&self, opts: &BuildOptions) -> Built<'_> {
        match self.build_with(opts) {
            Ok(report) => Built {
                site: self,
                out: opts
                    .output
                    .clone()
                    .unwrap_or_else(|| self.root().join("public")),
                report,
            },
            Err(BuildError::Invalid(d)) => panic!(
                "build failed:\n{}",
                d.iter()
                    .map(std::string::ToString::to_string)
                    .collect::<Vec<_>>()
                    .join("\n")
            ),
            Err(BuildError::Env(e)) => panic!("build could not run: {e:#}"),
        }
    }

    /// Builds expecting the site to be invalid; returns every diagnostic.
    pub(crate) fn diagnostics(&self) -> Vec<Diagnostic> {
        match self.build_with(&self.options()) {
            Ok(_) => panic!("the build succeeded but errors were expected"),
            Err(BuildError::Invalid(d)) => d.into_vec(),
            Err(BuildError::Env(e)) => panic!("build could not run: {e:#}"),
        }
    }

    /// The errors of a failing build, one line each (`file:line:col: error[code]: ...`,
    /// without hints).
    pub(crate) fn error_lines(&self) -> Vec<String> {
        self.diagnostics()
            .iter()
            .filter(|d| d.is_error())
            .map(|d| d.to_string().lines().next().unwrap_or("").to_string())
            .collect()
    }

    /// Warnings of a successful check.
    pub(crate) fn warnings(&self) -> Vec<Diagnostic> {
        match movebook::check(&self.options()) {
            Ok(r) => r.warnings.into_vec(),
            Err(BuildError::Invalid(d)) => panic!(
                "check failed:\n{}",
                d.iter()
                    .map(std::string::ToString::to_string)
                    .collect::<Vec<_>>()
                    .join("\n")
            ),
            Err(BuildError::Env(e)) => panic!("check could not run: {e:#}"),
        }
    }

    /// The real binary, to run in the site folder with `args` (no `NO_COLOR` set, the
    /// environment of the tests otherwise).
    pub(crate) fn command(&self, args: &[&str]) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_movebook"));
        c.args(args).current_dir(self.root());
        c
    }

    /// Runs the real binary in the site folder with `args`, with `NO_COLOR=1`.
    pub(crate) fn cli(&self, args: &[&str]) -> Output {
        self.command(args)
            .env("NO_COLOR", "1")
            .output()
            .expect("run movebook")
    }
}

/// What a run of the binary printed on stdout.
pub(crate) fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// What a run of the binary printed on stderr.
pub(crate) fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The exit code of a run of the binary (-1 when it was killed by a signal).
pub(crate) fn code(o: &Output) -> i32 {
    o.status.code().unwrap_or(-1)
}

/// The single diagnostic with `code`; panics when there is not exactly one.
pub(crate) fn only<'a>(diags: &'a [Diagnostic], code: &str) -> &'a Diagnostic {
    let found: Vec<&Diagnostic> = diags.iter().filter(|d| d.code.name() == code).collect();
    assert_eq!(
        found.len(),
        1,
        "expected one [{code}] in:\n{}",
        diags
            .iter()
            .map(std::string::ToString::to_string)
            .collect::<Vec<_>>()
            .join("\n")
    );
    found[0]
}

/// A successful build.
pub(crate) struct Built<'a> {
    /// The site.
    pub site: &'a TestSite,
    /// The output folder.
    pub out: PathBuf,
    /// What the build reported.
    pub report: BuildReport,
}

impl Built<'_> {
    /// Parses an output HTML file.
    pub(crate) fn page(&self, rel: &str) -> Page {
        let path = self.out.join(rel);
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("reading {}: {e}", path.display()));
        Page {
            html: Html::parse_document(&text),
            source: text,
        }
    }

    /// An output file's bytes.
    pub(crate) fn bytes(&self, rel: &str) -> Vec<u8> {
        std::fs::read(self.out.join(rel)).unwrap_or_else(|e| panic!("reading {rel}: {e}"))
    }

    /// True when the output has the file.
    pub(crate) fn has(&self, rel: &str) -> bool {
        self.out.join(rel).is_file()
    }
}

/// A parsed HTML page.
pub(crate) struct Page {
    /// The document.
    pub html: Html,
    /// The raw text.
    pub source: String,
}

fn sel(css: &str) -> Selector {
    Selector::parse(css).unwrap_or_else(|e| panic!("bad selector {css}: {e:?}"))
}

/// Text of an element with whitespace collapsed.
pub(crate) fn text_of(e: ElementRef) -> String {
    e.text()
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

impl Page {
    /// All elements matching `css`.
    pub(crate) fn all(&self, css: &str) -> Vec<ElementRef<'_>> {
        self.html.select(&sel(css)).collect()
    }

    /// The text of the single element matching `css` (panics unless exactly one).
    pub(crate) fn text(&self, css: &str) -> String {
        let found = self.all(css);
        assert_eq!(
            found.len(),
            1,
            "expected one match for {css}, found {}",
            found.len()
        );
        text_of(found[0])
    }

    /// Texts of every element matching `css`.
    pub(crate) fn texts(&self, css: &str) -> Vec<String> {
        self.all(css).into_iter().map(text_of).collect()
    }

    /// The `attr` of every element matching `css`.
    pub(crate) fn attrs(&self, css: &str, attr: &str) -> Vec<String> {
        self.all(css)
            .into_iter()
            .filter_map(|e| e.value().attr(attr).map(str::to_string))
            .collect()
    }

    /// `(text, href)` of every link inside `css`.
    pub(crate) fn links(&self, css: &str) -> Vec<(String, String)> {
        let a = sel("a[href]");
        self.all(css)
            .into_iter()
            .flat_map(|e| {
                e.select(&a)
                    .map(|l| (text_of(l), l.value().attr("href").unwrap_or("").to_string()))
                    .collect::<Vec<_>>()
            })
            .collect()
    }

    /// Hrefs of every link inside `css`.
    pub(crate) fn hrefs(&self, css: &str) -> Vec<String> {
        self.links(css).into_iter().map(|(_, h)| h).collect()
    }
}
