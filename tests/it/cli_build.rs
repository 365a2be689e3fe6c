//! The command line through the real binary: `build` and the general flags (exit codes,
//! --help, --version, --root, --output, --drafts, --base-url), template errors.

use crate::harness::{TestSite, stderr, stdout};

#[test]
fn build_exits_0_and_says_what_it_built() {
    let site = TestSite::minimal();
    let out = site.cli(&["build"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let line = stdout(&out);
    assert!(
        line.starts_with("Built 14 pages from 9 files in "),
        "{line}"
    );
    assert!(
        line.contains(
            "(3 exercises, 2 muscles, 2 equipment pages, 1 path, 1 article, 5 index pages)"
        ),
        "{line}"
    );
    assert!(site.root().join("public/index.html").is_file());
}

#[test]
fn build_exits_1_on_site_errors_and_prints_every_one() {
    let site = TestSite::minimal()
        .file("content/exercises/a.md", "---\ntitle: A\nsummary: S.\ntarget_muscles: [glute-max]\ncategory: strength\nlevel: beginner\nreps: 15-10\n---\n");
    let out = site.cli(&["build"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("content/exercises/a.md:4:18: error[unknown-ref]: target_muscles[0]: unknown muscle 'glute-max'"), "{err}");
    assert!(
        err.contains("hint: did you mean 'gluteus-maximus'?"),
        "{err}"
    );
    assert!(err.contains("content/exercises/a.md:7:7: error[bad-value]: reps: reps '15-10': the first number must not be larger than the second"), "{err}");
    assert!(err.contains("2 errors in 1 file"), "{err}");
    assert!(!site.root().join("public").exists(), "nothing is written");
}

#[test]
fn build_exits_2_when_it_cannot_run() {
    let site = TestSite::minimal();
    std::fs::create_dir_all(site.root().join("public")).unwrap();
    std::fs::write(site.root().join("public/notes.txt"), "mine").unwrap();
    let out = site.cli(&["build"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).starts_with("error: refusing to replace"),
        "{}",
        stderr(&out)
    );

    let out = site.cli(&["build", "--root", "does-not-exist"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("does-not-exist is not a folder"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn bad_flags_exit_2() {
    let site = TestSite::minimal();
    let out = site.cli(&["build", "--no-such-flag"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--no-such-flag"));
    let out = site.cli(&["frobnicate"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn help_and_version() {
    let site = TestSite::empty();
    let out = site.cli(&["--help"]);
    assert_eq!(out.status.code(), Some(0));
    let help = stdout(&out);
    for word in ["build", "check", "Usage"] {
        assert!(help.contains(word), "{help}");
    }
    let out = site.cli(&["build", "--help"]);
    for flag in ["--root", "--output", "--drafts", "--base-url"] {
        assert!(stdout(&out).contains(flag), "{}", stdout(&out));
    }
    let out = site.cli(&["--version"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        stdout(&out).trim(),
        format!("movebook {}", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn build_flags_output_root_base_url_and_drafts() {
    let site =
        TestSite::minimal().file("content/later.md", "---\ntitle: Later\ndraft: true\n---\n");
    let root = site.root().to_string_lossy().into_owned();
    let out_dir = site.root().join("elsewhere");
    let out = TestSite::empty().cli(&[
        "build",
        "--root",
        &root,
        "--output",
        &out_dir.to_string_lossy(),
        "--drafts",
        "--base-url",
        "https://other.example/sub/",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        out_dir.join("later/index.html").is_file(),
        "--drafts publishes drafts"
    );
    let html = std::fs::read_to_string(out_dir.join("index.html")).unwrap();
    assert!(
        html.contains("href=\"https://other.example/sub/\""),
        "canonical uses --base-url"
    );
    assert!(html.contains("href=\"/sub/style.css\""));
}

#[test]
fn check_writes_nothing() {
    let site = TestSite::minimal();
    let out = site.cli(&["check"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).starts_with("Checked 14 pages"));
    assert!(!site.root().join("public").exists());
}

#[test]
fn check_catches_template_errors() {
    let site = TestSite::minimal().file(
        "templates/muscle.html",
        "{% extends \"base.html\" %}{% block main %}{{ page.title | nope }}{% endblock main %}",
    );
    let out = site.cli(&["check"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("templates/muscle.html:1:"), "{err}");
    assert!(err.contains("error[template]"), "{err}");
}

#[test]
fn template_runtime_errors_name_the_template_the_page_and_the_cause() {
    let site = TestSite::minimal().file(
        "templates/muscle.html",
        "{% extends \"base.html\" %}{% block main %}\n<h1>{{ page.title }}</h1>\n{{ page.no_such_field.deeper }}\n{% endblock main %}",
    );
    let out = site.cli(&["build"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("templates/muscle.html:3:"), "{err}");
    assert!(err.contains("while rendering content/muscles/"), "{err}");
    assert!(
        err.contains("and 1 other page"),
        "the same mistake is reported once: {err}"
    );
}
