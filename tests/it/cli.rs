//! The command line through the real binary: `check` and `build` flags, output formats,
//! exit codes, `--quiet`, `--verbose`, colour.

use crate::harness::{TestSite, code, stderr, stdout};

/// The minimal site with one exercise full of the mistakes a new author makes.
fn site_with_mistakes() -> TestSite {
    TestSite::minimal()
        .file(
            "content/exercises/hip-hinge.md",
            "---\ntitle: Hip Hinge\nsummary: Bend at the hips, not the back.\ntrget_muscles: [hamstrings]\ntarget_muscles: [glute-max]\ncategory: strenght\nlevel: beginner\nreps: 15-10\nhold: 30\nprogression:\n  harder: [glute-brige]\ncues: [Push the hips back]\ncommon_errors:\n  - error: The back rounds\n---\nBody.\n",
        )
        .file(
            "content/paths/hinge-path.md",
            "---\ntitle: Hinge path\nsteps: [glute-bridge, hip-thrusts]\n---\n",
        )
}

/// A valid site with exactly one warning: a muscle nothing links to.
fn site_with_a_warning() -> TestSite {
    TestSite::minimal().file(
        "content/muscles/piriformis.md",
        "---\ntitle: Piriformis\nsummary: A deep hip rotator.\n---\n",
    )
}

#[test]
fn check_exits_0_on_a_clean_site_with_a_summary_per_page_kind() {
    let o = TestSite::minimal().cli(&["check"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.starts_with("Checked "), "{out}");
    assert!(out.contains(" pages from 9 files in "), "{out}");
    assert!(out.contains("3 exercises, 2 muscles"), "{out}");
    assert_eq!(stderr(&o), "");
}

#[test]
fn check_reports_every_mistake_in_one_run_with_source_and_hints() {
    let o = site_with_mistakes().cli(&["check"]);
    assert_eq!(code(&o), 1);
    assert_eq!(stdout(&o), "", "nothing on stdout when the site is invalid");
    insta::assert_snapshot!(stderr(&o));
}

#[test]
fn check_json_prints_one_object_per_diagnostic() {
    let o = site_with_mistakes().cli(&["check", "--format", "json"]);
    assert_eq!(code(&o), 1);
    let out = stdout(&o);
    let names = [
        "file",
        "line",
        "column",
        "end_line",
        "end_column",
        "severity",
        "code",
        "field",
        "message",
        "hint",
    ];
    for line in out.lines() {
        let v: serde_json::Value = serde_json::from_str(line).expect("each line is JSON");
        assert_eq!(v.as_object().unwrap().len(), names.len(), "{line}");
        // Every field is always there, in this order.
        let at: Vec<usize> = names
            .iter()
            .map(|n| line.find(&format!("\"{n}\":")).expect(n))
            .collect();
        assert!(at.windows(2).all(|w| w[0] < w[1]), "{line}");
    }
    insta::assert_snapshot!(out);
    assert_eq!(stderr(&o), "8 errors in 2 files\n");
}

#[test]
fn json_warnings_go_to_stdout_and_the_summary_to_stderr() {
    let o = site_with_a_warning().cli(&["check", "--format", "json"]);
    assert_eq!(code(&o), 0);
    let out = stdout(&o);
    assert_eq!(out.lines().count(), 1, "{out}");
    let v: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
    assert_eq!(v["code"], "orphan-page");
    assert_eq!(v["severity"], "warning");
    assert_eq!(v["file"], "content/muscles/piriformis.md");
    assert_eq!(v["line"], 1);
    assert!(v["end_line"].is_null());
    assert!(stderr(&o).contains("Checked "), "{}", stderr(&o));
}

#[test]
fn build_speaks_json_too() {
    let site = site_with_mistakes();
    let o = site.cli(&["build", "--format", "json"]);
    assert_eq!(code(&o), 1);
    let out = stdout(&o);
    let lines: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect();
    assert_eq!(lines.len(), 8, "{out}");
    for v in &lines {
        assert_eq!(v["severity"], "error", "{v}");
        assert!(v["code"].as_str().is_some_and(|c| !c.is_empty()), "{v}");
        assert!(v["message"].as_str().is_some_and(|m| !m.is_empty()), "{v}");
        assert!(v["line"].as_u64().is_some_and(|l| l >= 1), "{v}");
        assert!(v["column"].as_u64().is_some_and(|c| c >= 1), "{v}");
    }
    // The same diagnostics as `check --format json`, file by file.
    let files: Vec<&str> = lines.iter().filter_map(|v| v["file"].as_str()).collect();
    assert_eq!(
        files,
        [
            vec!["content/exercises/hip-hinge.md"; 7],
            vec!["content/paths/hinge-path.md"]
        ]
        .concat()
    );
    let check = site.cli(&["check", "--format", "json"]);
    let check: Vec<serde_json::Value> = stdout(&check)
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON"))
        .collect();
    assert_eq!(lines, check);
    assert!(lines.iter().any(|v| v["code"] == "unknown-key"
        && v["field"] == "trget_muscles"
        && v["line"] == 4
        && v["column"] == 1));
    assert_eq!(stderr(&o), "8 errors in 2 files\n");
    assert!(!site.root().join("public").exists());
}

#[test]
fn deny_warnings_turns_warnings_into_exit_1() {
    let site = site_with_a_warning();
    let o = site.cli(&["check"]);
    assert_eq!(code(&o), 0);
    assert!(
        stderr(&o).contains("warning[orphan-page]"),
        "{}",
        stderr(&o)
    );
    let o = site.cli(&["check", "--deny-warnings"]);
    assert_eq!(code(&o), 1);
    assert!(
        stderr(&o).contains("error: 1 warning and --deny-warnings was given"),
        "{}",
        stderr(&o)
    );
    // Silenced warnings do not count.
    let site = site.file(
        "site.toml",
        "title = \"T\"\nbase_url = \"https://x.example/\"\n[warnings]\nallow = [\"orphan-page\"]\n",
    );
    assert_eq!(code(&site.cli(&["check", "--deny-warnings"])), 0);
}

#[test]
fn exit_2_when_the_command_cannot_run() {
    let site = TestSite::minimal();
    let o = site.cli(&["check", "--root", "no-such-folder"]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).starts_with("error: "), "{}", stderr(&o));
    let o = site.cli(&["check", "--no-such-flag"]);
    assert_eq!(code(&o), 2);
    let o = site.cli(&["check", "--format", "xml"]);
    assert_eq!(code(&o), 2);
    // A build that would replace a folder it did not create.
    site.write("public/precious.txt", b"mine");
    let o = site.cli(&["build"]);
    assert_eq!(code(&o), 2, "{}", stderr(&o));
    assert_eq!(
        std::fs::read(site.root().join("public/precious.txt")).unwrap(),
        b"mine"
    );
}

#[test]
fn quiet_prints_only_problems() {
    let o = TestSite::minimal().cli(&["check", "--quiet"]);
    assert_eq!(code(&o), 0);
    assert_eq!(stdout(&o), "");
    assert_eq!(stderr(&o), "");
    let o = site_with_a_warning().cli(&["-q", "build"]);
    assert_eq!(code(&o), 0);
    assert_eq!(stdout(&o), "");
    assert!(stderr(&o).contains("warning[orphan-page]"));
    let o = site_with_mistakes().cli(&["check", "--quiet"]);
    assert_eq!(code(&o), 1);
    assert!(stderr(&o).contains("error[unknown-key]"));
}

#[test]
fn verbose_tells_what_each_stage_did() {
    let o = TestSite::minimal().cli(&["build", "--verbose"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains("(drafts left out)"), "{err}");
    assert!(err.contains("  read and checked 9 files in "), "{err}");
    assert!(err.contains("  rendered "), "{err}");
    assert!(err.contains("  replaced the output folder in "), "{err}");
    assert!(stdout(&o).starts_with("Built "));
    assert!(stdout(&o).trim_end().ends_with("public"), "{}", stdout(&o));
    assert_eq!(
        code(&TestSite::minimal().cli(&["check", "--quiet", "--verbose"])),
        2,
        "--quiet and --verbose conflict"
    );
}

#[test]
fn colour_only_on_request_or_on_a_terminal() {
    let site = site_with_mistakes();
    // Tests run without a terminal: no colour, no progress bar, even when neither NO_COLOR
    // nor TERM=dumb asks for none.
    let plain = site
        .command(&["check"])
        .env_remove("NO_COLOR")
        .env("TERM", "xterm-256color")
        .output()
        .expect("run movebook");
    assert_eq!(code(&plain), 1);
    assert!(
        stderr(&plain).contains("error[unknown-key]"),
        "{}",
        stderr(&plain)
    );
    assert!(!stderr(&plain).contains('\u{1b}'), "{}", stderr(&plain));
    assert!(!stderr(&plain).contains('\r'));
    let forced = site.cli(&["check", "--color", "always"]);
    assert!(stderr(&forced).contains("\u{1b}["));
    let never = site.cli(&["check", "--color", "never"]);
    assert_eq!(stderr(&never), stderr(&plain));
}

#[test]
fn the_first_line_of_each_diagnostic_is_the_plain_one_line_form() {
    let site = site_with_mistakes();
    let plain: Vec<String> = site
        .diagnostics()
        .iter()
        .map(|d| d.to_string().lines().next().unwrap().to_string())
        .collect();
    let err = stderr(&site.cli(&["check"]));
    let headers: Vec<&str> = err.lines().filter(|l| l.starts_with("content/")).collect();
    assert_eq!(headers, plain);
}

#[test]
fn a_diagnostic_whose_file_cannot_be_shown_falls_back_to_the_plain_form() {
    // site.toml problems point into site.toml; a missing content/ folder has no line.
    let site = TestSite::minimal().file(
        "site.toml",
        "title = \"T\"\nbase_url = \"https://x.example/\"\nthem = \"x\"\n",
    );
    std::fs::remove_dir_all(site.root().join("content")).unwrap();
    let o = site.cli(&["check"]);
    assert_eq!(code(&o), 1);
    insta::assert_snapshot!(stderr(&o));
}

#[test]
fn root_and_drafts_read_the_same_in_build_check_and_serve() {
    let site = TestSite::minimal();
    for cmd in ["build", "check", "serve"] {
        let o = site.cli(&[cmd, "--help"]);
        assert_eq!(code(&o), 0);
        let help = stdout(&o);
        let lines: Vec<&str> = help.lines().map(str::trim).collect();
        let after = |flag: &str| {
            let at = lines.iter().position(|l| *l == flag).expect(flag);
            lines[at + 1]
        };
        assert_eq!(
            after("--root <DIR>"),
            "The site folder (the one holding site.toml)",
            "{cmd}"
        );
        assert_eq!(
            after("--drafts"),
            "Include pages marked `draft: true`",
            "{cmd}"
        );
    }
    // serve lists its options in the order it always did.
    let help = stdout(&site.cli(&["serve", "--help"]));
    let order: Vec<usize> = [
        "--root", "--port", "--bind", "--open", "--drafts", "--quiet",
    ]
    .iter()
    .map(|f| {
        help.find(&format!("{f} "))
            .or(help.find(&format!("{f}\n")))
            .expect(f)
    })
    .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{help}");
    // The flags work where they did, before or after the others.
    let o = site.cli(&["check", "--drafts", "--root", ".", "-q"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
}
