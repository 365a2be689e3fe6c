//! The command line: arguments (clap) and one function per command. No logic of the
//! generator lives here; each arm calls the library and maps the outcome to an exit code.

use std::fmt::Write as _;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::model::schema::{self, SchemaKind};
use crate::pipeline::{self, BuildError, BuildOptions, BuildReport};
use crate::report::{self, Display};
use crate::scaffold::{self, NewKind};

/// Exit code: the site was built (or checked) without errors.
pub const EXIT_OK: u8 = 0;
/// Exit code: the site has errors (or warnings, with `check --deny-warnings`).
pub const EXIT_INVALID: u8 = 1;
/// Exit code: the command could not run (I/O, bad flags, a file that may not be replaced).
pub const EXIT_ENV: u8 = 2;

/// movebook: a static site generator for exercise guides.
#[derive(Debug, Parser)]
#[command(name = "movebook", version, about, long_about = None)]
pub struct Cli {
    /// The command to run.
    #[command(subcommand)]
    pub command: Command,
    /// Print only problems: no summary line, no progress bar.
    #[arg(long, short, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Also print what each stage did and how long it took.
    #[arg(long, short, global = true)]
    pub verbose: bool,
    /// Colour in messages: auto (when stderr is a terminal and NO_COLOR is not set),
    /// always, never.
    #[arg(long, global = true, value_name = "WHEN", default_value = "auto")]
    pub color: ColorChoice,
}

/// When to colour messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// When stderr is a terminal and NO_COLOR is not set.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

/// How problems are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// For people: each problem with its source line underlined and a hint (stderr).
    Human,
    /// For editors and CI: one JSON object per problem and line (stdout).
    Json,
}

/// `--root`, shared by `build`, `check` and `serve`.
#[derive(Debug, Args, Clone)]
pub struct RootArg {
    /// The site folder (the one holding site.toml).
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub root: PathBuf,
}

/// `--drafts`, shared by `build`, `check` and `serve`.
#[derive(Debug, Args, Clone)]
pub struct DraftsArg {
    /// Include pages marked `draft: true`.
    #[arg(long)]
    pub drafts: bool,
}

/// Options shared by commands that read a site.
#[derive(Debug, Args, Clone)]
pub struct SiteArgs {
    #[command(flatten)]
    pub root: RootArg,
    #[command(flatten)]
    pub drafts: DraftsArg,
    /// Use this base URL instead of site.toml's `base_url`.
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
    /// How to print problems: human or json.
    #[arg(long, value_name = "FORMAT", default_value = "human")]
    pub format: Format,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Render the site into its output folder (public/ by default).
    Build {
        #[command(flatten)]
        site: SiteArgs,
        /// Output folder (default: output_dir from site.toml, relative to the site).
        #[arg(long, short, value_name = "DIR")]
        output: Option<PathBuf>,
    },
    /// Run every check of `build` (templates and links included) without writing anything.
    Check {
        #[command(flatten)]
        site: SiteArgs,
        /// Fail (exit 1) on warnings too.
        #[arg(long)]
        deny_warnings: bool,
    },
    /// Serve the site on a local address, rebuild it on every change and reload the browser.
    Serve {
        #[command(flatten)]
        root: RootArg,
        /// Port to listen on; 0 picks a free one (the address is printed).
        #[arg(long, short, default_value_t = 1111)]
        port: u16,
        /// Address to listen on. Other than a loopback address, the site can be read from
        /// other machines.
        #[arg(long, value_name = "ADDR", default_value = "127.0.0.1", value_parser = crate::serve::parse_bind)]
        bind: std::net::IpAddr,
        /// Open the site in the default web browser.
        #[arg(long)]
        open: bool,
        #[command(flatten)]
        drafts: DraftsArg,
    },
    /// Run the language server (for editors) on stdin and stdout: problems as you type,
    /// completion, hover, go to definition, references, code actions, rename.
    Lsp {
        /// The site folder (default: the editor's workspace folder, or the nearest folder
        /// above it holding site.toml).
        #[arg(long, value_name = "DIR")]
        root: Option<PathBuf>,
    },
    /// Write a new page with every field present and explained; never overwrites.
    New {
        /// What to create.
        kind: NewKind,
        /// The page title, e.g. "Single-Leg Glute Bridge" (the file name is made from it).
        title: String,
        /// The site folder.
        #[arg(long, value_name = "DIR", default_value = ".")]
        root: PathBuf,
        /// Use this file name (without .md) instead of one made from the title.
        #[arg(long, value_name = "SLUG")]
        slug: Option<String>,
        /// Write the page as a bundle, <slug>/index.md, with room for its pictures beside it.
        #[arg(long)]
        bundle: bool,
    },
    /// Create a new, working site in DIR (which must be empty or not exist yet).
    Init {
        /// The folder to create the site in.
        dir: PathBuf,
        /// The site title (default: made from the folder name).
        #[arg(long)]
        title: Option<String>,
    },
    /// Print the JSON Schema (draft 2020-12) of front matter, for editors.
    Schema {
        /// One page kind; without it, every kind in one document.
        kind: Option<SchemaKindArg>,
        /// Write one file per kind (exercise.json, ...) into DIR instead of printing.
        #[arg(long, value_name = "DIR", conflicts_with = "kind")]
        out: Option<PathBuf>,
    },
    /// Internal: delete a previous output that `build` moved aside (run detached by `build`).
    #[command(name = "__remove-output", hide = true)]
    RemoveOutput {
        /// The moved-aside folder.
        dir: PathBuf,
    },
}

/// The page kinds `movebook schema` knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SchemaKindArg {
    /// content/exercises/*.md
    Exercise,
    /// content/muscles/*.md
    Muscle,
    /// content/equipment/*.md
    Equipment,
    /// content/paths/*.md
    Path,
    /// content/routines/*.md
    Routine,
    /// every other page (articles)
    Page,
    /// content/_index.md and content/<section>/_index.md
    Index,
}

impl From<SchemaKindArg> for SchemaKind {
    fn from(k: SchemaKindArg) -> SchemaKind {
        match k {
            SchemaKindArg::Exercise => SchemaKind::Exercise,
            SchemaKindArg::Muscle => SchemaKind::Muscle,
            SchemaKindArg::Equipment => SchemaKind::Equipment,
            SchemaKindArg::Path => SchemaKind::Path,
            SchemaKindArg::Routine => SchemaKind::Routine,
            SchemaKindArg::Page => SchemaKind::Page,
            SchemaKindArg::Index => SchemaKind::Index,
        }
    }
}

/// How this run talks: decided once from the flags and the terminal.
#[derive(Debug, Clone, Copy)]
struct Ui {
    quiet: bool,
    verbose: bool,
    /// Colour on stderr.
    color: bool,
    /// Draw a progress bar on stderr for long runs.
    bar: bool,
}

impl Ui {
    /// What commands that print through the library (`serve`) are told.
    fn display(self) -> Display {
        Display {
            color: self.color,
            quiet: self.quiet,
            verbose: self.verbose,
        }
    }

    fn new(cli: &Cli) -> Ui {
        let terminal = std::io::stderr().is_terminal();
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        let dumb = std::env::var_os("TERM").is_some_and(|t| t == "dumb");
        let color = match cli.color {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => terminal && !no_color && !dumb,
        };
        Ui {
            quiet: cli.quiet,
            verbose: cli.verbose,
            color,
            bar: terminal && !cli.quiet,
        }
    }
}

fn options(site: &SiteArgs, output: Option<PathBuf>) -> BuildOptions {
    BuildOptions {
        root: site.root.root.clone(),
        output,
        drafts: site.drafts.drafts,
        base_url: site.base_url.clone(),
        background_cleanup: true,
    }
}

/// Prints diagnostics in the chosen format: human on stderr, JSON Lines on stdout.
fn print_diagnostics(ui: Ui, format: Format, root: &Path, diags: &crate::Diagnostics) {
    match format {
        Format::Human => {
            let _ = report::human(&mut std::io::stderr().lock(), root, diags, ui.color);
        }
        Format::Json => {
            let mut out = std::io::stdout().lock();
            let _ = report::json::write_lines(&mut out, diags);
            let _ = out.flush();
            if !diags.is_empty() && !ui.quiet {
                eprintln!("{}", diags.summary());
            }
        }
    }
}

/// Runs `build` or `check` with a progress watcher and reports the outcome.
fn run_site(
    ui: Ui,
    site: &SiteArgs,
    output: Option<PathBuf>,
    check: bool,
    deny_warnings: bool,
) -> ExitCode {
    let opts = options(site, output);
    let watcher = report::progress::Reporter::new(ui.bar);
    let result = if check {
        pipeline::check_observed(&opts, &watcher)
    } else {
        pipeline::build_observed(&opts, &watcher)
    };
    let timings = watcher.finish();
    if ui.verbose {
        let mode = if opts.drafts {
            "drafts included"
        } else {
            "drafts left out"
        };
        eprintln!("site: {} ({mode})", opts.root.display());
        for t in &timings {
            eprintln!("  {}", t.describe());
        }
    }
    let verb = if check { "Checked" } else { "Built" };
    match result {
        Ok(r) => {
            print_diagnostics(ui, site.format, &opts.root, &r.warnings);
            if !ui.quiet {
                let line = summary_line(verb, &r);
                match site.format {
                    Format::Human => println!("{line}"),
                    Format::Json => eprintln!("{line}"),
                }
            }
            // Translation coverage: `check` is where a translator looks.
            if check {
                for c in &r.coverage {
                    match site.format {
                        Format::Human if !ui.quiet => println!("{}", c.summary()),
                        Format::Human => {}
                        Format::Json => {
                            eprintln!("{}", c.summary());
                            for m in &c.missing {
                                if let Ok(line) = serde_json::to_string(&serde_json::json!({
                                    "translation_missing": m,
                                })) {
                                    println!("{line}");
                                }
                            }
                        }
                    }
                }
            }
            if deny_warnings && !r.warnings.is_empty() {
                eprintln!(
                    "error: {} and --deny-warnings was given",
                    crate::diagnostic::plural(r.warnings.len(), "warning")
                );
                return ExitCode::from(EXIT_INVALID);
            }
            ExitCode::from(EXIT_OK)
        }
        Err(BuildError::Invalid(diags)) => {
            print_diagnostics(ui, site.format, &opts.root, &diags);
            ExitCode::from(EXIT_INVALID)
        }
        Err(BuildError::Env(e)) => {
            eprintln!("error: {e:#}");
            ExitCode::from(EXIT_ENV)
        }
    }
}

fn summary_line(verb: &str, r: &BuildReport) -> String {
    let mut line = report::summary(verb, r);
    if let Some(out) = &r.output {
        let _ = write!(line, " into {}", out.display());
    }
    line
}

fn run_new(
    ui: Ui,
    kind: NewKind,
    title: &str,
    root: &Path,
    slug: Option<&str>,
    bundle: bool,
) -> ExitCode {
    match scaffold::new_page(root, kind, title, slug, bundle) {
        Ok(created) => {
            println!("{}", created.path.display());
            if !ui.quiet {
                for note in &created.notes {
                    eprintln!("note: {note}");
                }
            }
            ExitCode::from(EXIT_OK)
        }
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(EXIT_ENV)
        }
    }
}

fn run_init(ui: Ui, dir: &Path, title: Option<&str>) -> ExitCode {
    match scaffold::init_site(dir, title) {
        Ok(files) => {
            if ui.verbose {
                for f in &files {
                    eprintln!("  created {}", f.display());
                }
            }
            if !ui.quiet {
                println!(
                    "Created a new site in {} ({} files). Next:\n  cd {}\n  movebook check\n  movebook build\n  movebook new exercise \"Your Exercise\"",
                    dir.display(),
                    files.len(),
                    dir.display()
                );
            }
            ExitCode::from(EXIT_OK)
        }
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(EXIT_ENV)
        }
    }
}

fn run_schema(ui: Ui, kind: Option<SchemaKindArg>, out: Option<&Path>) -> ExitCode {
    if let Some(dir) = out {
        match schema::write_files(dir) {
            Ok(written) => {
                if !ui.quiet {
                    for f in &written {
                        println!("{}", f.display());
                    }
                }
                ExitCode::from(EXIT_OK)
            }
            Err(e) => {
                eprintln!("error: {e:#}");
                ExitCode::from(EXIT_ENV)
            }
        }
    } else {
        let value = match kind {
            Some(k) => schema::schema(k.into()),
            None => schema::bundle(),
        };
        print!("{}", schema::to_text(&value));
        ExitCode::from(EXIT_OK)
    }
}

/// Runs the parsed command line.
pub fn run(cli: Cli) -> ExitCode {
    let ui = Ui::new(&cli);
    match &cli.command {
        Command::Build { site, output } => run_site(ui, site, output.clone(), false, false),
        Command::Check {
            site,
            deny_warnings,
        } => run_site(ui, site, None, true, *deny_warnings),
        Command::New {
            kind,
            title,
            root,
            slug,
            bundle,
        } => run_new(ui, *kind, title, root, slug.as_deref(), *bundle),
        Command::Init { dir, title } => run_init(ui, dir, title.as_deref()),
        Command::Schema { kind, out } => run_schema(ui, *kind, out.as_deref()),
        Command::RemoveOutput { dir } => match crate::output::remove_moved_output(dir) {
            Ok(()) => ExitCode::from(EXIT_OK),
            Err(e) => {
                eprintln!("error: {e:#}");
                ExitCode::from(EXIT_ENV)
            }
        },
        Command::Lsp { root } => {
            let opts = crate::lsp::LspOptions { root: root.clone() };
            match crate::lsp::run(&opts) {
                Ok(()) => ExitCode::from(EXIT_OK),
                Err(e) => {
                    eprintln!("error: {e:#}");
                    ExitCode::from(EXIT_ENV)
                }
            }
        }
        Command::Serve {
            root,
            port,
            bind,
            open,
            drafts,
        } => {
            let opts = crate::serve::ServeOptions {
                root: root.root.clone(),
                port: *port,
                bind: *bind,
                open: *open,
                drafts: drafts.drafts,
            };
            // serve returns only once stopped: Ctrl+C is a clean stop, and every error
            // (an unreadable site folder, a port in use, ...) means it could not run. A
            // site with errors is no error here: serve shows them and keeps watching.
            match crate::serve::run(opts, ui.display()) {
                Ok(()) => ExitCode::from(EXIT_OK),
                Err(e) => {
                    eprintln!("error: {e:#}");
                    ExitCode::from(EXIT_ENV)
                }
            }
        }
    }
}
