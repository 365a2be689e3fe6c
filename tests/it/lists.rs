//! Large guides: list pages cut into pages that work without JavaScript, and stay small.

use std::collections::{BTreeSet, VecDeque};

use crate::harness::{Built, TestSite};

const MUSCLES: [&str; 2] = ["gluteus-maximus", "hamstrings"];
const CATEGORIES: [&str; 3] = ["activation", "strength", "mobility"];
const LEVELS: [&str; 3] = ["beginner", "intermediate", "advanced"];

/// The minimal site plus `n` generated exercises (each with a summary, cues and common
/// errors like a real page) and paths of `path_len` steps over them, with `page_size`.
fn large_site(n: usize, page_size: usize, path_len: usize) -> TestSite {
    let mut site = TestSite::minimal().file(
        "site.toml",
        &format!(
            "title = \"Large Guide\"\nbase_url = \"https://guide.example/\"\npage_size = {page_size}\n"
        ),
    );
    for i in 0..n {
        let muscle = MUSCLES[i % 2];
        let other = MUSCLES[(i + 1) % 2];
        let equipment = if i % 3 == 0 { "[mini-band]" } else { "[]" };
        site = site.file(
            &format!("content/exercises/move-{i:04}.md"),
            &format!(
                "---\ntitle: Move {i:04}\nsummary: A generated exercise that trains the {muscle} with a long enough summary to look like a real one.\ntarget_muscles: [{muscle}]\nsecondary_muscles: [{other}]\nequipment: {equipment}\ncategory: {}\nlevel: {}\nsets: 3\nreps: 8-12\nrest: 60s\ncommon_errors:\n  - error: The hips drop\n    fix: Keep them level.\ncues: [Breathe out on the effort]\nstop_if: [Sharp pain]\n---\nBody of move {i}.\n",
                CATEGORIES[i % 3],
                LEVELS[i % 3]
            ),
        );
    }
    for p in 0..n / path_len.max(1) {
        let steps: Vec<String> = (0..path_len)
            .map(|k| format!("move-{:04}", p * path_len + k))
            .collect();
        site = site.file(
            &format!("content/paths/path-{p:04}.md"),
            &format!(
                "---\ntitle: Path {p:04}\nsummary: Generated steps.\nsteps: [{}]\nadvance_when: Every set feels easy.\n---\n",
                steps.join(", ")
            ),
        );
    }
    site
}

/// The root-relative paths of the links of `rel` (a page of the output) that start with
/// `prefix`.
fn links_under(built: &Built<'_>, rel: &str, prefix: &str) -> Vec<String> {
    built
        .page(rel)
        .attrs("a[href]", "href")
        .into_iter()
        .filter(|h| h.starts_with(prefix))
        .map(|h| h.split('#').next().unwrap_or("").to_string())
        .collect()
}

/// Every page reachable from `start` (a URL path) by links whose paths start with
/// `within`, following no others: what a reader without JavaScript can get to.
fn walk(built: &Built<'_>, start: &str, within: &str) -> BTreeSet<String> {
    let mut seen = BTreeSet::from([start.to_string()]);
    let mut queue = VecDeque::from([start.to_string()]);
    while let Some(url) = queue.pop_front() {
        let rel = format!("{}index.html", url.trim_start_matches('/'));
        for link in links_under(built, &rel, within) {
            if seen.insert(link.clone()) {
                queue.push_back(link);
            }
        }
    }
    seen
}

#[test]
fn a_long_list_is_cut_into_pages_linked_both_ways() {
    let site = large_site(12, 5, 3);
    let built = site.build_ok();
    // 15 exercises (3 of the fixture): pages of 5.
    for page in [
        "exercises/index.html",
        "exercises/page/2/index.html",
        "exercises/page/3/index.html",
    ] {
        assert!(built.has(page), "{page}");
    }
    assert!(!built.has("exercises/page/4/index.html"));
    let second = built.page("exercises/page/2/index.html");
    assert_eq!(second.attrs("link[rel=prev]", "href"), ["/exercises/"]);
    assert_eq!(
        second.attrs("link[rel=next]", "href"),
        ["/exercises/page/3/"]
    );
    assert_eq!(second.text("title"), "Exercises, page 2 of 3 · Large Guide");
    assert_eq!(second.all(".category-group .card").len(), 5);
    assert_eq!(
        second.attrs(".pagination a[aria-current=page]", "href"),
        ["/exercises/page/2/"]
    );
    assert_eq!(
        second.text(".pagination .page-of"),
        "Page 2 of 3 (6–10 of 15)"
    );
    let first = built.page("exercises/index.html");
    assert!(first.all("link[rel=prev]").is_empty());
    assert_eq!(first.text("title"), "Exercises · Large Guide");
    // Every page is in the sitemap.
    let sitemap = String::from_utf8(built.bytes("sitemap.xml")).expect("utf-8");
    assert!(sitemap.contains("<loc>https://guide.example/exercises/page/3/</loc>"));
    // Paths: 4 generated and the fixture's one, pages of 5: one page, no navigation.
    assert!(built.page("paths/index.html").all(".pagination").is_empty());
}

#[test]
fn without_javascript_every_exercise_is_reachable_from_the_exercise_index() {
    let site = large_site(40, 4, 4);
    let built = site.build_ok();
    let reached: BTreeSet<String> = walk(&built, "/exercises/", "/exercises/")
        .into_iter()
        .filter(|u| !u.starts_with("/exercises/page/") && u != "/exercises/")
        .collect();
    let mut all: BTreeSet<String> = (0..40)
        .map(|i| format!("/exercises/move-{i:04}/"))
        .collect();
    all.extend(
        ["glute-bridge", "banded-glute-bridge", "hip-thrust"].map(|s| format!("/exercises/{s}/")),
    );
    assert_eq!(reached, all);
    // The same holds for a muscle's pages: every exercise that works it, targets first.
    let muscle: BTreeSet<String> =
        walk(&built, "/muscles/hamstrings/", "/muscles/hamstrings/page/")
            .iter()
            .flat_map(|u| {
                let rel = format!("{}index.html", u.trim_start_matches('/'));
                links_under(&built, &rel, "/exercises/")
            })
            .filter(|u| u != "/exercises/")
            .collect();
    // The fixture's bridge and hip thrust work the hamstrings too; the banded bridge does not.
    let expected: BTreeSet<String> = all
        .iter()
        .filter(|u| !u.contains("banded"))
        .cloned()
        .collect();
    assert_eq!(muscle, expected);
    let first = built.page("muscles/hamstrings/index.html");
    assert_eq!(
        first.all("#primary ~ ul .card, #primary + ul .card").len(),
        4
    );
    assert!(first.all("#secondary").is_empty(), "targets come first");
    let last = built.page("muscles/hamstrings/page/10/index.html");
    assert!(last.all("#primary").is_empty() && !last.all("#secondary").is_empty());
}

#[test]
fn list_pages_stay_small_on_a_large_guide() {
    // 1,000 exercises and 250 paths with the default page size.
    let site = large_site(1000, 48, 4).file(
        "site.toml",
        "title = \"Large Guide\"\nbase_url = \"https://guide.example/\"\n",
    );
    let built = site.build_ok();
    let mut list_pages = vec![
        "index.html".to_string(),
        "muscles/index.html".into(),
        "equipment/index.html".into(),
        "equipment/bodyweight/index.html".into(),
        "muscles/hamstrings/index.html".into(),
        "equipment/mini-band/index.html".into(),
    ];
    for (dir, pages) in [("exercises", 21), ("paths", 6)] {
        list_pages.push(format!("{dir}/index.html"));
        list_pages.extend((2..=pages).map(|p| format!("{dir}/page/{p}/index.html")));
    }
    for rel in &list_pages {
        let size = built.bytes(rel).len();
        assert!(size < 150_000, "{rel} is {size} bytes");
    }
    assert!(!built.has("exercises/page/22/index.html"));
    // The home page shows a few paths and links to all of them.
    let home = built.page("index.html");
    assert_eq!(home.all(".home-paths .card").len(), 6);
    assert!(home.hrefs(".home-paths").contains(&"/paths/".to_string()));
    // And the muscles, most-trained first: the way in by muscle.
    assert_eq!(
        home.texts(".muscle-links a"),
        ["Gluteus Maximus", "Hamstrings"]
    );
}

#[test]
fn page_size_must_be_a_whole_number_in_range() {
    for (value, message) in [
        ("0", "page_size 0 is out of range"),
        ("5000", "page_size 5000 is out of range"),
        ("\"ten\"", "page_size must be a whole number, found text"),
    ] {
        let site = TestSite::minimal().file(
            "site.toml",
            &format!("title = \"T\"\nbase_url = \"https://guide.example/\"\npage_size = {value}\n"),
        );
        let ds = site.diagnostics();
        let d = ds
            .iter()
            .find(|d| d.field.as_deref() == Some("page_size"))
            .unwrap_or_else(|| panic!("no page_size error for {value}: {ds:?}"));
        assert_eq!(d.file, "site.toml");
        assert_eq!(d.start.map(|p| p.line), Some(3));
        assert_eq!(d.message, message);
        assert!(
            d.hint
                .as_deref()
                .is_some_and(|h| h.contains("page_size = 48")),
            "{d:?}"
        );
    }
}
