//! Integration tests: one binary, one module per feature. Fixture sites live in
//! `tests/fixtures/`; each test copies one into a temporary folder.

mod build;
mod contract;
mod harness;
mod links;
mod output;
mod serve;

/// Path of a file under `tests/fixtures/`.
pub fn harness_fixture(rel: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(rel)
}
