use clap::Parser;

// Rendering and rebuilding allocate many small strings from several threads; mimalloc
// spends a fraction of glibc malloc's time on them (measured on serve rebuilds).
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    movebook::cli::run(movebook::cli::Cli::parse())
}
