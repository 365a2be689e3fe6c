//! Settings of `site.toml` seen in what a build writes: `output_dir` decides where the site
//! lands, `language` is the `lang` of every page.

use std::path::Path;

use scraper::{Html, Selector};

use crate::harness::{TestSite, code, stderr, stdout};

const SITE_TOML: &str = "title = \"Minimal Guide\"\nbase_url = \"https://guide.example/\"\n";

/// Every HTML file under `dir`, relative to it.
fn html_files(dir: &Path) -> Vec<String> {
    let mut files: Vec<String> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| {
            e.path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/")
        })
        .collect();
    files.sort();
    files
}

/// The `lang` of the `<html>` element of each HTML file under `dir`.
fn languages(dir: &Path) -> Vec<(String, Option<String>)> {
    let html = Selector::parse("html").unwrap();
    html_files(dir)
        .into_iter()
        .map(|rel| {
            let text = std::fs::read_to_string(dir.join(&rel)).unwrap();
            let doc = Html::parse_document(&text);
            let lang = doc
                .select(&html)
                .next()
                .and_then(|e| e.value().attr("lang"))
                .map(str::to_string);
            (rel, lang)
        })
        .collect()
}

#[test]
fn output_dir_is_where_the_site_is_written() {
    let site = TestSite::minimal().file(
        "site.toml",
        &format!("{SITE_TOML}output_dir = \"dist/guide\"\n"),
    );
    // In-process, with no --output.
    movebook::build(&site.options()).unwrap_or_else(|_| panic!("the site builds"));
    let out = site.root().join("dist/guide");
    let h1 = Selector::parse("h1").unwrap();
    let page = std::fs::read_to_string(out.join("exercises/glute-bridge/index.html"))
        .expect("the exercise page is in output_dir");
    let doc = Html::parse_document(&page);
    let titles: Vec<String> = doc.select(&h1).map(|e| e.text().collect()).collect();
    assert_eq!(titles, ["Glute Bridge"]);
    assert!(out.join("index.html").is_file());
    assert!(out.join("sitemap.xml").is_file());
    assert!(
        !site.root().join("public").exists(),
        "nothing is written to the default folder"
    );

    // Through the binary: the same folder, named in the summary.
    std::fs::remove_dir_all(site.root().join("dist")).unwrap();
    let o = site.cli(&["build"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(stdout(&o).trim_end().ends_with("guide"), "{}", stdout(&o));
    assert!(out.join("exercises/glute-bridge/index.html").is_file());
    assert!(!site.root().join("public").exists());
}

#[test]
fn language_is_the_lang_of_every_page() {
    let site = TestSite::minimal().file("site.toml", &format!("{SITE_TOML}language = \"de-CH\"\n"));
    let built = site.build_ok();
    let langs = languages(&built.out);
    assert!(langs.len() > 10, "only {} pages: {langs:?}", langs.len());
    for (rel, lang) in &langs {
        assert_eq!(lang.as_deref(), Some("de-CH"), "{rel}");
    }

    // Without the setting, pages are in English.
    let site = TestSite::minimal().file("site.toml", SITE_TOML);
    let built = site.build_ok();
    let home = built.page("index.html");
    assert_eq!(home.attrs("html", "lang"), ["en"]);
}
