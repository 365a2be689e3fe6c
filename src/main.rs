use clap::Parser;

/// mimalloc: the build allocates many short-lived strings on every thread at once, where
/// it is markedly faster than the system allocator (see bench/README.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    movebook::alloc::configure();
    movebook::cli::run(movebook::cli::Cli::parse())
}
