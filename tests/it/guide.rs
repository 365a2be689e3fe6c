//! The guide shipped in this repository (site.toml + content/ at the root): it builds with
//! no errors and no warnings, it has every page the guide must have, every internal link in
//! the output resolves, and every exercise is within three clicks of the home page.

use std::collections::{BTreeSet, HashMap, HashSet, VecDeque};
use std::path::{Path, PathBuf};

use movebook::BuildOptions;
use scraper::{Html, Selector};

const EXERCISES: &[&str] = &[
    "glute-bridge",
    "banded-glute-bridge",
    "single-leg-glute-bridge",
    "wall-single-leg-glute-bridge",
    "hip-thrust",
    "machine-hip-thrust",
    "clamshell",
    "banded-clamshell",
    "side-lying-leg-raise",
    "side-plank-with-clamshell",
    "banded-lateral-walk",
    "band-side-step",
    "band-front-step",
    "band-squat",
    "bodyweight-squat",
    "reverse-lunge",
    "banded-hip-hinge",
    "romanian-deadlift",
    "single-leg-romanian-deadlift",
    "bird-dog",
    "plank",
    "prone-frogger",
    "resistance-band-kickback",
    "glute-foam-rolling",
    "tennis-ball-glute-release",
    "seated-glute-stretch",
    "piriformis-stretch",
    "knee-to-chest-stretch",
];
const MUSCLES: &[&str] = &[
    "gluteus-maximus",
    "gluteus-medius",
    "gluteus-minimus",
    "hamstrings",
    "quadriceps",
    "hip-flexors",
    "tensor-fasciae-latae",
    "piriformis",
    "erector-spinae",
    "quadratus-lumborum",
    "transverse-abdominis",
    "rectus-abdominis",
];
const PATHS: &[&str] = &[
    "bridge-ladder",
    "side-hip-ladder",
    "hinge-ladder",
    "squat-and-lunge-ladder",
    "band-walk-ladder",
    "core-stability",
    "release-and-stretch",
];
const ARTICLES: &[&str] = &[
    "glutes-and-low-back",
    "self-assessment",
    "activation-routine",
    "daily-habits",
    "consistency",
    "safety",
    "faq",
    "sources",
];

fn build_guide() -> (tempfile::TempDir, PathBuf, movebook::BuildReport) {
    build_guide_at(None)
}

/// The shipped guide built with `base_url` instead of site.toml's.
fn build_guide_at(base_url: Option<&str>) -> (tempfile::TempDir, PathBuf, movebook::BuildReport) {
    let tmp = tempfile::tempdir().expect("tempdir");
    let out = tmp.path().join("site");
    let opts = BuildOptions {
        root: PathBuf::from(env!("CARGO_MANIFEST_DIR")),
        output: Some(out.clone()),
        drafts: false,
        base_url: base_url.map(str::to_string),
        background_cleanup: false,
    };
    match movebook::build(&opts) {
        Ok(report) => (tmp, out, report),
        Err(movebook::BuildError::Invalid(d)) => {
            panic!(
                "the shipped guide has errors:\n{}",
                d.iter()
                    .map(std::string::ToString::to_string)
                    .collect::<Vec<_>>()
                    .join("\n")
            )
        }
        Err(movebook::BuildError::Env(e)) => panic!("{e:#}"),
    }
}

/// The output file a root-relative URL path names.
fn file_for(out: &Path, path: &str) -> PathBuf {
    let rel = path.trim_start_matches('/');
    if rel.is_empty() || rel.ends_with('/') {
        out.join(rel).join("index.html")
    } else {
        out.join(rel)
    }
}

#[test]
fn the_shipped_guide_builds_with_no_errors_and_no_warnings() {
    let (_tmp, _out, report) = build_guide();
    let warnings: Vec<String> = report
        .warnings
        .iter()
        .map(std::string::ToString::to_string)
        .collect();
    assert!(warnings.is_empty(), "warnings:\n{}", warnings.join("\n"));
    assert!(report.stats.exercises >= EXERCISES.len());
}

#[test]
fn the_guide_has_every_exercise_muscle_path_and_article() {
    let (_tmp, out, _) = build_guide();
    for (folder, slugs) in [
        ("exercises", EXERCISES),
        ("muscles", MUSCLES),
        ("paths", PATHS),
    ] {
        for slug in slugs {
            assert!(
                out.join(folder).join(slug).join("index.html").is_file(),
                "missing {folder}/{slug}"
            );
        }
    }
    for slug in ARTICLES {
        assert!(
            out.join(slug).join("index.html").is_file(),
            "missing article {slug}"
        );
    }
}

#[test]
fn every_internal_link_and_anchor_in_the_output_resolves() {
    let (_tmp, out, _) = build_guide();
    let broken = broken_links(&out, "/");
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
}

#[test]
fn under_a_subpath_every_url_the_site_emits_stays_under_it() {
    let (_tmp, out, _) = build_guide_at(Some("https://example.org/guide/"));
    let broken = broken_links(&out, "/guide/");
    assert!(
        broken.is_empty(),
        "broken links under /guide/:\n{}",
        broken.join("\n")
    );
}

/// Every root-relative `href` and `src` of every page (links, stylesheets, scripts, images,
/// the search index's and body map's data attributes) that does not resolve to a file of
/// `out` served at `base_path`, or whose `#fragment` is not an id of its page.
pub(crate) fn broken_links(out: &Path, base_path: &str) -> Vec<String> {
    let urls = Selector::parse("[href], [src], [data-index], [data-engine]").unwrap();
    let ids = Selector::parse("[id]").unwrap();
    let mut anchors: HashMap<PathBuf, HashSet<String>> = HashMap::new();
    let mut broken = Vec::new();
    let pages = html_files(out);
    let mut links: Vec<(PathBuf, String)> = Vec::new();
    for page in &pages {
        let html = Html::parse_document(&std::fs::read_to_string(page).unwrap());
        anchors.insert(
            page.clone(),
            html.select(&ids)
                .filter_map(|e| e.value().attr("id").map(str::to_string))
                .collect(),
        );
        for l in html.select(&urls) {
            for attr in ["href", "src", "data-index", "data-engine"] {
                let Some(url) = l.value().attr(attr) else {
                    continue;
                };
                // `<use href="#…">` and other same-page fragments are not files.
                if url.starts_with('/') && !url.starts_with("//") {
                    links.push((page.clone(), url.to_string()));
                }
            }
        }
    }
    for (page, href) in links {
        let (path, fragment) = href
            .split_once('#')
            .map_or((href.as_str(), None), |(p, f)| (p, Some(f)));
        let Some(rel) = path.strip_prefix(base_path) else {
            broken.push(format!(
                "{} -> {href} (not under {base_path})",
                page.display()
            ));
            continue;
        };
        let target = file_for(out, &format!("/{rel}"));
        if !target.is_file() {
            broken.push(format!("{} -> {href}", page.display()));
            continue;
        }
        if let Some(f) = fragment.filter(|f| !f.is_empty())
            && target.extension().is_some_and(|x| x == "html")
            && !anchors.get(&target).is_some_and(|ids| ids.contains(f))
        {
            broken.push(format!("{} -> {href} (no #{f})", page.display()));
        }
    }
    broken
}

#[test]
fn every_exercise_is_within_three_clicks_of_the_home_page() {
    let (_tmp, out, _) = build_guide();
    let a = Selector::parse("main a[href], header a[href]").unwrap();
    let mut depth: HashMap<String, usize> = HashMap::from([("/".to_string(), 0)]);
    let mut queue = VecDeque::from(["/".to_string()]);
    while let Some(url) = queue.pop_front() {
        let d = depth[&url];
        if d == 3 {
            continue;
        }
        let Ok(text) = std::fs::read_to_string(file_for(&out, &url)) else {
            continue;
        };
        for l in Html::parse_document(&text).select(&a) {
            let href = l.value().attr("href").unwrap_or("");
            let path = href.split('#').next().unwrap_or("").to_string();
            if path.starts_with('/') && path.ends_with('/') && !depth.contains_key(&path) {
                depth.insert(path.clone(), d + 1);
                queue.push_back(path);
            }
        }
    }
    let unreachable: Vec<&&str> = EXERCISES
        .iter()
        .filter(|s| !depth.contains_key(&format!("/exercises/{s}/")))
        .collect();
    assert!(
        unreachable.is_empty(),
        "more than three clicks from home: {unreachable:?}"
    );
}

#[test]
fn every_exercise_is_on_a_path_or_has_a_neighbour_and_shows_how_to_stop() {
    let (_tmp, out, _) = build_guide();
    let sel = |s: &str| Selector::parse(s).unwrap();
    let mut on_paths: BTreeSet<String> = BTreeSet::new();
    for entry in std::fs::read_dir(out.join("exercises"))
        .unwrap()
        .filter_map(Result::ok)
    {
        let page = entry.path().join("index.html");
        if !page.is_file() {
            continue;
        }
        let slug = entry.file_name().to_string_lossy().into_owned();
        let html = Html::parse_document(&std::fs::read_to_string(&page).unwrap());
        let has_neighbour = html.select(&sel(".progression")).next().is_some();
        let on_path = html.select(&sel(".paths")).next().is_some();
        assert!(
            has_neighbour || on_path,
            "{slug} has no neighbour and is on no path"
        );
        if on_path {
            on_paths.insert(slug.clone());
        }
        assert!(
            html.select(&sel(".stop li")).count() >= 1,
            "{slug} shows no stop signal"
        );
        assert!(
            html.select(&sel(".stop a[href='/safety/']")).count() == 1,
            "{slug} does not link the safety page"
        );
        assert!(
            html.select(&sel(".cues li")).count() >= 2,
            "{slug} has fewer than two cues"
        );
        assert!(
            html.select(&sel(".error-fix .pair")).count() >= 2,
            "{slug} has fewer than two common errors"
        );
    }
    assert!(
        on_paths.len() >= EXERCISES.len() - 2,
        "most exercises are on a path: {on_paths:?}"
    );
}

#[test]
fn the_home_page_links_every_path_and_carries_a_disclaimer() {
    let (_tmp, out, _) = build_guide();
    let html = Html::parse_document(&std::fs::read_to_string(out.join("index.html")).unwrap());
    let hrefs: HashSet<String> = html
        .select(&Selector::parse("main a[href]").unwrap())
        .filter_map(|a| a.value().attr("href").map(str::to_string))
        .collect();
    for p in PATHS {
        assert!(
            hrefs.contains(&format!("/paths/{p}/")),
            "home does not link path {p}"
        );
    }
    assert!(hrefs.contains("/safety/"));
    let text: String = html
        .root_element()
        .text()
        .collect::<String>()
        .to_lowercase();
    assert!(
        text.contains("not a diagnosis") || text.contains("not a substitute"),
        "no disclaimer on the home page"
    );
}

#[test]
fn every_page_has_a_meta_description_and_says_when_to_stop_once() {
    let (_tmp, out, _report) = build_guide();
    let mut pages = Vec::new();
    for entry in html_files(&out) {
        let html = std::fs::read_to_string(&entry).expect("a page");
        let doc = scraper::Html::parse_document(&html);
        let sel = scraper::Selector::parse("meta[name=description]").expect("selector");
        let content: Vec<&str> = doc
            .select(&sel)
            .filter_map(|m| m.value().attr("content"))
            .collect();
        let rel = entry
            .strip_prefix(&out)
            .expect("under out")
            .display()
            .to_string();
        assert_eq!(content.len(), 1, "{rel}: one meta description");
        assert!(
            content[0].len() >= 20,
            "{rel}: description too short: {content:?}"
        );
        // A path page ends with the theme's safety note ('Stop and read ...'); its body does not
        // repeat it.
        if rel.starts_with("paths/") && rel != "paths/index.html" {
            let main = scraper::Selector::parse("main").expect("selector");
            let text: String = doc.select(&main).flat_map(|m| m.text()).collect();
            let times = text.matches("Stop and read").count();
            assert_eq!(times, 1, "{rel}: 'Stop and read' {times} times");
        }
        pages.push(rel);
    }
    for must in [
        "index.html",
        "exercises/index.html",
        "muscles/index.html",
        "equipment/index.html",
        "paths/index.html",
        "404.html",
    ] {
        assert!(pages.iter().any(|p| p == must), "{must} was not checked");
    }
}

/// Every HTML file under `out`, sorted by path.
fn html_files(out: &Path) -> Vec<PathBuf> {
    walkdir::WalkDir::new(out)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .map(walkdir::DirEntry::into_path)
        .filter(|p| p.extension().is_some_and(|x| x == "html"))
        .collect()
}

#[test]
fn every_exercise_shows_a_start_and_an_end_illustration_that_says_what_the_position_is() {
    let (_tmp, out, _) = build_guide();
    let figure = Selector::parse(".positions figure").expect("selector");
    let img = Selector::parse("img").expect("selector");
    for slug in EXERCISES {
        let html = std::fs::read_to_string(out.join(format!("exercises/{slug}/index.html")))
            .expect("exercise page");
        let doc = Html::parse_document(&html);
        let figures: Vec<_> = doc.select(&figure).collect();
        assert_eq!(figures.len(), 2, "{slug}: a start and an end picture");
        for (f, role) in figures.iter().zip(["start", "end"]) {
            assert!(
                f.value()
                    .attr("class")
                    .is_some_and(|c| c.contains(&format!("media-{role}")))
            );
            let i = f.select(&img).next().expect("a picture");
            let src = i.value().attr("src").expect("src");
            assert!(file_for(&out, src).is_file(), "{slug}: {src} is published");
            let alt = i.value().attr("alt").unwrap_or("");
            // Says what the position is, not what the file is.
            assert!(
                alt.len() > 20 && !alt.contains(".svg") && !alt.to_lowercase().starts_with("image"),
                "{slug}: alt {alt:?}"
            );
            assert!(i.value().attr("width").is_some() && i.value().attr("height").is_some());
        }
    }
}
