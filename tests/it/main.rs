//! Integration tests: one binary, one module per feature. Fixture sites live in
//! `tests/fixtures/`; each test copies one into a temporary folder.

mod bodymap;
mod build;
mod cli;
mod cli_build;
mod contract;
mod guide;
mod harness;
mod languages;
mod layers;
mod links;
mod lists;
mod lsp;
mod media;
mod messages;
mod offline;
mod output;
mod readers;
mod robustness;
mod routines;
mod scaffold;
mod schema;
mod serve;
mod settings;
mod warnings;

/// Path of a file under `tests/fixtures/`.
pub fn harness_fixture(rel: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(rel)
}
