//! The command line: arguments (clap) and one function per command. No logic of the
//! generator lives here; each arm calls the library and maps the outcome to an exit code.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

use crate::pipeline::{self, BuildError, BuildOptions};
use crate::report;

/// Exit code: the site was built (or checked) without errors.
pub const EXIT_OK: u8 = 0;
/// Exit code: the site has errors.
pub const EXIT_INVALID: u8 = 1;
/// Exit code: the command could not run (I/O, bad flags).
pub const EXIT_ENV: u8 = 2;

/// movebook: a static site generator for exercise guides.
#[derive(Debug, Parser)]
#[command(name = "movebook", version, about, long_about = None)]
pub struct Cli {
    /// The command to run.
    #[command(subcommand)]
    pub command: Command,
}

/// Options shared by commands that read a site.
#[derive(Debug, Args, Clone)]
pub struct SiteArgs {
    /// The site folder (the one holding site.toml).
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub root: PathBuf,
    /// Include pages marked `draft: true`.
    #[arg(long)]
    pub drafts: bool,
    /// Use this base URL instead of site.toml's `base_url`.
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
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
    },
    /// Serve the site on a local address, rebuild it on every change and reload the browser.
    Serve {
        /// The site folder (the one holding site.toml).
        #[arg(long, value_name = "DIR", default_value = ".")]
        root: PathBuf,
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
        /// Include pages marked `draft: true`.
        #[arg(long)]
        drafts: bool,
    },
}

fn options(site: &SiteArgs, output: Option<PathBuf>) -> BuildOptions {
    BuildOptions {
        root: site.root.clone(),
        output,
        drafts: site.drafts,
        base_url: site.base_url.clone(),
    }
}

fn finish(result: Result<pipeline::BuildReport, BuildError>, verb: &str) -> ExitCode {
    let mut err = std::io::stderr().lock();
    match result {
        Ok(r) => {
            let _ = report::diagnostics(&mut err, &r.warnings);
            let mut line = report::summary(verb, &r);
            if let Some(out) = &r.output {
                line.push_str(&format!(" into {}", out.display()));
            }
            println!("{line}");
            ExitCode::from(EXIT_OK)
        }
        Err(BuildError::Invalid(diags)) => {
            let _ = report::diagnostics(&mut err, &diags);
            ExitCode::from(EXIT_INVALID)
        }
        Err(BuildError::Env(e)) => {
            use std::io::Write;
            let _ = writeln!(err, "error: {e:#}");
            ExitCode::from(EXIT_ENV)
        }
    }
}

/// Runs the parsed command line.
pub fn run(cli: Cli) -> ExitCode {
    match cli.command {
        Command::Build { site, output } => {
            finish(pipeline::build(&options(&site, output)), "Built")
        }
        Command::Check { site } => finish(pipeline::check(&options(&site, None)), "Checked"),
        Command::Serve {
            root,
            port,
            bind,
            open,
            drafts,
        } => crate::serve::run(crate::serve::ServeOptions {
            root,
            port,
            bind,
            open,
            drafts,
        }),
    }
}
