//! The output folder: atomic replacement and the safety of other people's files.

use std::collections::BTreeMap;
use std::path::Path;

use movebook::BuildError;

use crate::harness::TestSite;

fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path().strip_prefix(dir).unwrap().display().to_string(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

#[test]
fn a_failed_build_leaves_the_previous_output_byte_identical() {
    let site = TestSite::minimal();
    site.build_ok();
    let out = site.root().join("public");
    let before = snapshot(&out);
    assert!(before.len() > 10);

    // A content error.
    site.write(
        "content/exercises/glute-bridge.md",
        b"---\ntitle: Broken\nreps: 9-1\n---\n",
    );
    assert!(matches!(
        site.build_with(&site.options()),
        Err(BuildError::Invalid(_))
    ));
    assert_eq!(snapshot(&out), before);

    // A template error that only shows while rendering.
    site.write(
        "content/exercises/glute-bridge.md",
        &std::fs::read(crate::harness_fixture(
            "minimal/content/exercises/glute-bridge.md",
        ))
        .unwrap(),
    );
    site.write("templates/exercise.html", b"{% extends \"base.html\" %}{% block main %}{{ page.title | no_such_filter }}{% endblock main %}");
    assert!(matches!(
        site.build_with(&site.options()),
        Err(BuildError::Invalid(_))
    ));
    assert_eq!(snapshot(&out), before);

    // No staging folders are left behind.
    let leftovers: Vec<String> = std::fs::read_dir(site.root())
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("movebook-"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn a_successful_rebuild_replaces_the_output_completely() {
    let site = TestSite::minimal();
    site.build_ok();
    let out = site.root().join("public");
    assert!(out.join("exercises/hip-thrust/index.html").is_file());
    std::fs::remove_file(site.root().join("content/exercises/hip-thrust.md")).unwrap();
    site.write(
        "content/exercises/banded-glute-bridge.md",
        &std::fs::read(crate::harness_fixture(
            "minimal/content/exercises/banded-glute-bridge.md",
        ))
        .unwrap(),
    );
    site.write(
        "content/paths/bridge-ladder.md",
        b"---\ntitle: Bridge Ladder\nsteps: [glute-bridge, banded-glute-bridge]\n---\n",
    );
    site.build_ok();
    assert!(
        !out.join("exercises/hip-thrust/index.html").exists(),
        "a removed page disappears"
    );
    assert!(out.join(movebook::MARKER).is_file());
}

#[test]
fn refuses_to_replace_a_folder_it_did_not_make() {
    let site = TestSite::minimal();
    let foreign = site.root().join("my-files");
    std::fs::create_dir_all(&foreign).unwrap();
    std::fs::write(foreign.join("thesis.docx"), b"precious").unwrap();
    let mut opts = site.options();
    opts.output = Some(foreign.clone());
    match site.build_with(&opts) {
        Err(BuildError::Env(e)) => {
            let msg = format!("{e:#}");
            assert!(
                msg.contains("refusing to replace") && msg.contains("not made by movebook"),
                "{msg}"
            );
        }
        other => panic!("expected a refusal, got {:?}", other.map(|_| ())),
    }
    assert_eq!(
        std::fs::read(foreign.join("thesis.docx")).unwrap(),
        b"precious"
    );
    assert_eq!(std::fs::read_dir(&foreign).unwrap().count(), 1);
}

#[test]
fn refuses_to_write_into_the_site_or_its_sources() {
    let site = TestSite::minimal();
    for target in [".", "content", "content/out", "static/out"] {
        let mut opts = site.options();
        opts.output = Some(site.root().join(target));
        let result = site.build_with(&opts);
        assert!(
            matches!(result, Err(BuildError::Env(_))),
            "{target} was accepted"
        );
    }
    assert!(
        site.root()
            .join("content/exercises/glute-bridge.md")
            .is_file()
    );
    assert!(!site.root().join("content/out").exists());
}

#[test]
fn an_empty_folder_may_be_used_and_a_file_may_not() {
    let site = TestSite::minimal();
    let empty = site.root().join("empty");
    std::fs::create_dir(&empty).unwrap();
    let mut opts = site.options();
    opts.output = Some(empty.clone());
    site.build_ok_with(&opts);
    assert!(empty.join("index.html").is_file());

    let file = site.root().join("a-file");
    std::fs::write(&file, b"x").unwrap();
    opts.output = Some(file.clone());
    assert!(matches!(site.build_with(&opts), Err(BuildError::Env(_))));
    assert_eq!(std::fs::read(&file).unwrap(), b"x");
}

#[test]
fn leftovers_of_a_killed_build_are_cleaned_up() {
    let site = TestSite::minimal();
    let stale = site.root().join(".public.movebook-new-999999");
    std::fs::create_dir_all(&stale).unwrap();
    std::fs::write(stale.join(movebook::MARKER), b"x").unwrap();
    let not_ours = site.root().join(".public.movebook-notes");
    std::fs::create_dir_all(&not_ours).unwrap();
    site.build_ok();
    assert!(!stale.exists());
    assert!(
        not_ours.exists(),
        "a folder without the marker is not ours to delete"
    );
}

#[test]
fn the_cli_removes_the_previous_output_in_the_background() {
    let site = TestSite::minimal();
    for _ in 0..2 {
        let out = site.cli(&["build"]);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    assert!(site.root().join("public/index.html").is_file());
    // The detached remover finishes on its own; wait for it (bounded), do not sleep blindly.
    let deadline = std::time::Instant::now() + std::time::Duration::from_mins(1);
    let leftovers = || -> Vec<String> {
        std::fs::read_dir(site.root())
            .unwrap()
            .filter_map(Result::ok)
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.contains(".movebook-"))
            .collect()
    };
    while !leftovers().is_empty() && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    assert!(leftovers().is_empty(), "{:?}", leftovers());
}

#[cfg(unix)]
#[test]
fn the_cli_leaves_the_removal_to_the_detached_remover() {
    // Removing in the background means the build hands the old output to a separate
    // `movebook __remove-output` process, which checks again that the folder carries the
    // marker. Here the old output's marker is a symbolic link into `public/` itself: it
    // resolves while the old output is `public/`, and no longer once it has been moved
    // aside and the new output is in place. So the remover refuses, and the old output
    // stays; a build that deleted it itself (without the second check) would leave nothing.
    // Either way the outcome does not depend on when the remover runs.
    let site = TestSite::minimal();
    site.write("public/index.html", b"old site");
    site.write("public/.real-marker", b"x");
    std::os::unix::fs::symlink(
        "../public/.real-marker",
        site.root().join("public").join(movebook::MARKER),
    )
    .unwrap();
    let out = site.cli(&["build"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let new = std::fs::read_to_string(site.root().join("public/index.html")).unwrap();
    assert!(new.contains("Minimal Guide"), "the new output is in place");
    let old: Vec<std::path::PathBuf> = std::fs::read_dir(site.root())
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with(".public.movebook-old-"))
        })
        .collect();
    assert_eq!(
        old.len(),
        1,
        "the build removed the old output itself instead of leaving it to the remover"
    );
    assert_eq!(
        std::fs::read(old[0].join("index.html")).unwrap(),
        b"old site"
    );
}

#[test]
fn the_remover_refuses_folders_that_are_not_moved_aside_outputs() {
    let site = TestSite::minimal();
    let mine = site.root().join("notes");
    std::fs::create_dir_all(&mine).unwrap();
    std::fs::write(mine.join("a.txt"), b"keep").unwrap();
    let hidden = site.root().join(".public.movebook-old-1");
    std::fs::create_dir_all(&hidden).unwrap();
    std::fs::write(hidden.join("a.txt"), b"keep").unwrap();
    for dir in [&mine, &hidden] {
        let out = site.cli(&["__remove-output", &dir.to_string_lossy()]);
        assert_eq!(out.status.code(), Some(2));
        assert!(dir.join("a.txt").is_file());
    }
}

#[test]
fn a_file_changed_between_reading_and_rendering_fails_cleanly() {
    // build and check keep bodies on disk and read them again to render; a file edited in
    // between must not produce a page from text that was never checked.
    let site = TestSite::minimal();
    let Ok(prepared) = movebook::prepare(&site.options()) else {
        panic!("the fixture prepares")
    };
    site.write(
        "content/exercises/hip-thrust.md",
        b"---\ntitle: Hip Thrust\nsummary: S.\ntarget_muscles: [gluteus-maximus]\ncategory: strength\nlevel: advanced\n---\nA [new link](@/nowhere.md).\n",
    );
    match movebook::render_into(&prepared, &movebook::NullSink) {
        Err(BuildError::Env(e)) => {
            let msg = format!("{e:#}");
            assert!(
                msg.contains(
                    "content/exercises/hip-thrust.md changed while the site was being built"
                ),
                "{msg}"
            );
            assert!(msg.contains("run the build again"), "{msg}");
        }
        Err(BuildError::Invalid(d)) => panic!("expected an environment error, got {d:?}"),
        Ok(_) => panic!("expected the changed file to be noticed"),
    }
    // Untouched files render fine, and a new build sees the new text.
    assert!(matches!(
        site.build_with(&site.options()),
        Err(BuildError::Invalid(_))
    ));
}
