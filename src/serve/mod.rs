//! `movebook serve`: build the site into memory, serve it over HTTP, rebuild on every
//! change and tell the open pages to reload.
//!
//! Three threads of control, sharing no mutable state:
//! * the rebuild thread owns the [`watch::Watcher`] and the [`rebuild::Builder`] (with its
//!   caches); after each rebuild it publishes a new immutable [`state::Published`] through a
//!   `tokio::sync::watch` channel;
//! * the HTTP server ([`http`], axum on a tokio runtime) reads the latest `Published` for
//!   each request and streams changes to the pages (server-sent events);
//! * the main thread starts both and waits for Ctrl+C.
//!
//! Nothing is written to disk: the output lives in memory, so serve cannot damage a folder.
//! When a rebuild fails, the last good snapshot stays online and the diagnostics go to the
//! terminal (once per rebuild) and to every open page (an overlay).

pub(crate) mod cache;
pub(crate) mod http;
pub(crate) mod inject;
pub(crate) mod rebuild;
pub(crate) mod snapshot;
pub(crate) mod state;
pub(crate) mod watch;

use std::collections::HashSet;
use std::io::Write as _;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;

use anyhow::Context as _;

use crate::diagnostic::Diagnostics;
use crate::pipeline::{BuildError, BuildOptions};
use crate::report::{self, Display};
use rebuild::{Builder, Outcome};
use state::{Problems, Published};

/// What to serve, and where.
#[derive(Debug, Clone)]
pub(crate) struct ServeOptions {
    /// The site folder.
    pub root: PathBuf,
    /// Port; 0 picks a free one.
    pub port: u16,
    /// Address to listen on.
    pub bind: IpAddr,
    /// Open the site in a browser once it is served.
    pub open: bool,
    /// Publish drafts.
    pub drafts: bool,
}

/// Parses `--bind`: an IP address, or `localhost`.
pub(crate) fn parse_bind(s: &str) -> Result<IpAddr, String> {
    if s.eq_ignore_ascii_case("localhost") {
        return Ok(IpAddr::V4(Ipv4Addr::LOCALHOST));
    }
    s.parse()
        .map_err(|_| format!("'{s}' is not an IP address (e.g. 127.0.0.1, ::1 or 0.0.0.0)"))
}

/// The base URL pages are built with: the address the server listens on (loopback when it
/// listens on every address).
fn base_url(addr: SocketAddr) -> String {
    let ip = match addr.ip() {
        IpAddr::V4(ip) if ip.is_unspecified() => IpAddr::V4(Ipv4Addr::LOCALHOST),
        IpAddr::V6(ip) if ip.is_unspecified() => IpAddr::V6(Ipv6Addr::LOCALHOST),
        ip => ip,
    };
    match ip {
        IpAddr::V4(ip) => format!("http://{ip}:{}/", addr.port()),
        IpAddr::V6(ip) => format!("http://[{ip}]:{}/", addr.port()),
    }
}

fn bind_error(e: std::io::Error, addr: SocketAddr) -> anyhow::Error {
    match e.kind() {
        std::io::ErrorKind::AddrInUse => anyhow::anyhow!(
            "port {} on {} is already in use (is another `movebook serve` running?); choose another port with --port, or --port 0 to pick a free one",
            addr.port(),
            addr.ip()
        ),
        std::io::ErrorKind::PermissionDenied => anyhow::anyhow!(
            "not allowed to listen on port {} of {}: ports below 1024 need special rights; choose another with --port",
            addr.port(),
            addr.ip()
        ),
        std::io::ErrorKind::AddrNotAvailable => anyhow::anyhow!(
            "cannot listen on {}: this machine has no such address; check --bind",
            addr.ip()
        ),
        _ => anyhow::Error::new(e).context(format!("listening on {addr}")),
    }
}

/// Runs the server until Ctrl+C, printing as `display` says (with `quiet`, only problems
/// and the address). `Ok` once stopped by Ctrl+C; an error when it could not start (an
/// unreadable site folder, a port in use, ...) or stopped serving. A site with errors is
/// no error: the server shows them and keeps watching.
pub(crate) fn run(opts: ServeOptions, display: Display) -> anyhow::Result<()> {
    let root = std::fs::canonicalize(&opts.root)
        .with_context(|| format!("the site folder {} cannot be opened", opts.root.display()))?;
    anyhow::ensure!(root.is_dir(), "{} is not a folder", root.display());
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .thread_name("movebook-http")
        .build()
        .context("starting the HTTP runtime")?;
    let want = SocketAddr::new(opts.bind, opts.port);
    let listener = runtime
        .block_on(tokio::net::TcpListener::bind(want))
        .map_err(|e| bind_error(e, want))?;
    let addr = listener
        .local_addr()
        .context("reading the server address")?;
    if !opts.bind.is_loopback() {
        eprintln!(
            "warning: listening on {}: anyone who can reach this machine on port {} can read the site (use --bind 127.0.0.1 to keep it local)",
            addr.ip(),
            addr.port()
        );
    }
    let url = base_url(addr);

    // Watch before the first build, so that nothing saved during it is missed.
    let watcher = watch::Watcher::new(&root)?;
    let mut builder = Builder::new(BuildOptions {
        root: root.clone(),
        output: None,
        drafts: opts.drafts,
        base_url: Some(url.clone()),
        // serve never writes an output folder.
        background_cleanup: false,
    });
    let mut term = Terminal::new(&root, display);
    if display.verbose {
        let mode = if opts.drafts {
            "drafts included"
        } else {
            "drafts left out"
        };
        eprintln!("site: {} ({mode})", root.display());
    }
    let first = builder.rebuild_or_report(HashSet::new());
    term.first(&first);
    let published = publish(&root, &Published::default(), &first);
    // The outcome holds the whole resolved site: free it now, not when serve stops.
    drop(first);
    let (tx, rx) = tokio::sync::watch::channel(Arc::new(published));

    let app = Arc::new(http::App {
        server: server_id(),
        state: rx,
        local_only: opts.bind.is_loopback(),
    });
    if display.quiet {
        // The address is what this command gives (with --port 0, the only way to know it).
        println!("{url}");
    } else {
        println!("Serving {} at {url}", root.display());
        println!(
            "Watching content/, themes/, templates/, static/, i18n/ and site.toml for changes; press Ctrl+C to stop"
        );
    }
    std::thread::Builder::new()
        .name("movebook-rebuild".into())
        .spawn(move || rebuild_loop(root, watcher, builder, tx, term))
        .context("starting the rebuild thread")?;
    if opts.open
        && let Err(e) = opener::open_browser(&url)
    {
        eprintln!("warning: could not open a browser: {e}");
    }

    let result = runtime.block_on(async move {
        tokio::select! {
            r = axum::serve(listener, http::router(app)) => r.context("serving HTTP"),
            r = tokio::signal::ctrl_c() => {
                if !display.quiet {
                    println!("Stopped.");
                }
                r.context("waiting for Ctrl+C")
            }
        }
    });
    // Open event streams never end by themselves: do not wait for them.
    runtime.shutdown_background();
    result
}

/// An identifier of this server process, so that pages from an earlier run reload.
fn server_id() -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos() as u64);
    format!("{:x}", nanos ^ (u64::from(std::process::id()) << 32))
}

/// The state after `outcome`, following `prev`.
fn publish(root: &std::path::Path, prev: &Published, outcome: &Outcome) -> Published {
    match &outcome.result {
        Ok(built) => {
            let changed = built.snapshot.build != prev.snapshot.build;
            Published {
                seq: prev.seq + 1,
                snapshot: built.snapshot.clone(),
                errors: None,
                from_build: if changed {
                    prev.snapshot.build
                } else {
                    prev.from_build
                },
                changes: if changed {
                    Arc::new(built.changes.clone())
                } else {
                    prev.changes.clone()
                },
            }
        }
        Err(e) => Published {
            seq: prev.seq + 1,
            snapshot: prev.snapshot.clone(),
            errors: Some(Arc::new(match e {
                BuildError::Invalid(d) => Problems::invalid(root, d),
                BuildError::Env(e) => Problems::env(e),
            })),
            from_build: prev.from_build,
            changes: prev.changes.clone(),
        },
    }
}

fn rebuild_loop(
    root: PathBuf,
    mut watcher: watch::Watcher,
    mut builder: Builder,
    tx: tokio::sync::watch::Sender<Arc<Published>>,
    mut term: Terminal,
) {
    while let Some(batch) = watcher.next_batch() {
        for note in &batch.notes {
            eprintln!("warning: {note}");
        }
        let outcome = builder.rebuild_or_report(batch.content.clone());
        if outcome.result.is_err() && watcher.has_pending() {
            // The files changed again while we read them (a save in several steps, a
            // storm of saves): this failure may be a half-written state. The next batch
            // rebuilds from the final one.
            term.pending.extend(batch.shown);
            continue;
        }
        term.rebuilt(&root, &batch, &outcome);
        let next = publish(&root, &tx.borrow(), &outcome);
        tx.send_replace(Arc::new(next));
    }
}

/// "Changed a.md, b.md; removed c.md" for the paths of a batch: existing paths changed,
/// the others were removed (editors' temp files without an extension are left out).
fn describe(root: &std::path::Path, paths: &[String]) -> String {
    let list = |v: &[&String]| match v.len() {
        1..=3 => v.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", "),
        n => format!("{}, {} and {} more", v[0], v[1], n - 2),
    };
    let (changed, gone): (Vec<&String>, Vec<&String>) =
        paths.iter().partition(|p| root.join(p).exists());
    let removed: Vec<&String> = gone
        .into_iter()
        .filter(|p| std::path::Path::new(p).extension().is_some())
        .collect();
    match (changed.is_empty(), removed.is_empty()) {
        (true, true) => "The site changed".to_string(),
        (false, true) => format!("Changed {}", list(&changed)),
        (true, false) => format!("Removed {}", list(&removed)),
        (false, false) => format!("Changed {}; removed {}", list(&changed), list(&removed)),
    }
}

/// What the terminal was last told, so that each rebuild prints its news once.
#[derive(Default)]
struct Terminal {
    /// The site folder (diagnostics show its source lines).
    root: std::path::PathBuf,
    /// Colour, quiet, verbose: as the command line decided.
    display: Display,
    warnings: Option<Diagnostics>,
    failing: bool,
    /// Changed paths of rebuilds that were skipped.
    pending: std::collections::BTreeSet<String>,
}

impl Terminal {
    fn new(root: &std::path::Path, display: Display) -> Terminal {
        Terminal {
            root: root.to_path_buf(),
            display,
            ..Terminal::default()
        }
    }

    /// Prints a line on stdout unless quiet.
    fn say(&self, line: std::fmt::Arguments) {
        if !self.display.quiet {
            println!("{line}");
        }
    }

    fn first(&mut self, outcome: &Outcome) {
        match &outcome.result {
            Ok(built) => {
                self.warnings(&built.report.warnings);
                self.say(format_args!("{}", report::summary("Built", &built.report)));
            }
            Err(e) => {
                self.failure(e);
                self.say(format_args!(
                    "The site has errors: the pages show them until they are fixed (the server keeps watching)"
                ));
            }
        }
    }

    fn warnings(&mut self, warnings: &Diagnostics) {
        if self.warnings.as_ref() != Some(warnings) {
            let _ = report::human(
                &mut std::io::stderr().lock(),
                &self.root,
                warnings,
                self.display.color,
            );
            self.warnings = Some(warnings.clone());
        }
    }

    fn failure(&mut self, e: &BuildError) {
        self.failing = true;
        let mut err = std::io::stderr().lock();
        match e {
            BuildError::Invalid(d) => {
                let _ = report::human(&mut err, &self.root, d, self.display.color);
            }
            BuildError::Env(e) => {
                let _ = writeln!(err, "error: {e:#}");
            }
        }
        // Warnings are printed again with the next good build.
        self.warnings = None;
    }

    fn rebuilt(&mut self, root: &std::path::Path, batch: &watch::Batch, outcome: &Outcome) {
        let mut paths: Vec<String> = std::mem::take(&mut self.pending)
            .into_iter()
            .chain(batch.shown.iter().cloned())
            .collect();
        paths.sort();
        paths.dedup();
        let what = describe(root, &paths);
        let ms = outcome.elapsed.as_secs_f64() * 1000.0;
        match &outcome.result {
            Ok(built) => {
                self.warnings(&built.report.warnings);
                let fixed = if std::mem::replace(&mut self.failing, false) {
                    "; the errors are fixed"
                } else {
                    ""
                };
                let n = built.changes.changed.len() + built.changes.removed.len();
                self.say(format_args!(
                    "{what}: rebuilt in {ms:.0} ms, {} updated ({} read, {} parsed, {} pages kept){fixed}",
                    crate::diagnostic::plural(n, "file"),
                    crate::diagnostic::plural(outcome.content.read, "file"),
                    outcome.content.parsed,
                    outcome.reused,
                ));
                if self.display.verbose {
                    for path in &built.changes.changed {
                        eprintln!("  updated {path}");
                    }
                    for path in &built.changes.removed {
                        eprintln!("  removed {path}");
                    }
                }
            }
            Err(e) => {
                self.say(format_args!(
                    "{what}: the site has errors; still serving the last good build"
                ));
                self.failure(e);
            }
        }
    }
}
