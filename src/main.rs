use clap::Parser;

fn main() -> std::process::ExitCode {
    movebook::cli::run(movebook::cli::Cli::parse())
}
