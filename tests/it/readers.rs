//! Reader-facing features of the default theme, checked in the built output: the search
//! index, the filters of the exercise index, progression diagrams, the body map, print
//! markup, page metadata, JSON-LD and the Atom feed. (The browser suite in
//! `tests/browser/` checks the same features running in Chromium.)

use std::collections::{BTreeSet, HashSet};

use serde_json::Value;

use crate::harness::{Page, TestSite, text_of};

fn exercise(title: &str, extra: &str) -> String {
    format!(
        "---\ntitle: {title}\nsummary: Summary of {title}.\ntarget_muscles: [gluteus-maximus]\ncategory: strength\nlevel: beginner\ncues: [c]\ncommon_errors: [{{error: e, fix: f}}]\n{extra}---\nBody.\n"
    )
}

fn search_index(built: &crate::harness::Built) -> Value {
    serde_json::from_slice(&built.bytes("search-index.json")).expect("the search index is JSON")
}

fn doc<'a>(index: &'a Value, kind: &str, title: &str) -> &'a Vec<Value> {
    index["docs"]
        .as_array()
        .expect("docs")
        .iter()
        .filter_map(Value::as_array)
        .find(|d| d[0] == kind && d[1] == title)
        .unwrap_or_else(|| panic!("no {kind} document titled {title}"))
}

#[test]
fn search_index_lists_every_page_kind_with_what_readers_search_for() {
    let site = TestSite::minimal();
    let built = site.build_ok();
    let index = search_index(&built);
    assert_eq!(index["version"], 2);
    let muscles: Vec<&str> = index["muscles"]
        .as_array()
        .expect("muscles")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert_eq!(
        muscles,
        vec!["Gluteus Maximus glute max glutes", "Hamstrings"]
    );
    let equipment: Vec<&str> = index["equipment"]
        .as_array()
        .expect("equipment")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert_eq!(equipment, vec!["Mini Band"]);

    let kinds: BTreeSet<&str> = index["docs"]
        .as_array()
        .expect("docs")
        .iter()
        .filter_map(|d| d[0].as_str())
        .collect();
    assert_eq!(kinds, BTreeSet::from(["a", "e", "m", "p", "q"]));
    assert_eq!(
        index["docs"].as_array().map(Vec::len),
        Some(3 + 2 + 1 + 1 + 1)
    );

    let bridge = doc(&index, "e", "Glute Bridge");
    assert_eq!(bridge[2], "exercises/glute-bridge/");
    assert_eq!(
        bridge[3],
        "Lift the hips from the floor to wake up the glutes."
    );
    // Target then secondary muscles, as indexes into the muscle names; no equipment.
    assert_eq!(bridge[5], serde_json::json!([0, 1]));
    assert_eq!(bridge[6], serde_json::json!([]));
    // Keywords come from the body, cues and common errors, without stopwords or words
    // already in the title and summary.
    let keywords: Vec<&str> = bridge[7].as_str().expect("keywords").split(' ').collect();
    assert!(keywords.contains(&"heels"), "{keywords:?}");
    assert!(keywords.contains(&"squeeze"), "from the cues: {keywords:?}");
    assert!(!keywords.contains(&"the") && !keywords.contains(&"glute"));
    assert!(keywords.len() <= 12);

    let banded = doc(&index, "e", "Banded Glute Bridge");
    assert_eq!(banded[6], serde_json::json!([0]));
    let muscle = doc(&index, "m", "Gluteus Maximus");
    assert_eq!(muscle[4], "glute max, glutes");
    assert!(
        muscle[7]
            .as_str()
            .expect("kw")
            .starts_with("back of the hip")
    );
    // A path is found by the exercises on it.
    let path = doc(&index, "p", "Bridge Ladder");
    assert!(path[7].as_str().expect("kw").contains("Hip Thrust"));
    doc(&index, "a", "When to Stop");
}

/// The values of a space-separated attribute, sorted.
fn words_of(value: Option<&str>) -> Vec<String> {
    let mut w: Vec<String> = value
        .unwrap_or("")
        .split_whitespace()
        .map(str::to_string)
        .collect();
    w.sort();
    w
}

#[test]
fn search_index_carries_what_the_filters_and_cards_of_every_exercise_need() {
    // Two exercises a page, under a base path: the index describes every exercise of the
    // site, in the order of the paginated exercise index, as its cards do.
    let site = TestSite::minimal().file(
        "site.toml",
        "title = \"Minimal Guide\"\nbase_url = \"https://guide.example/guide/\"\npage_size = 2\n",
    );
    let built = site.build_ok();
    let index = search_index(&built);
    assert_eq!(index["version"], 2);
    let strings = |key: &str| -> Vec<String> {
        index[key]
            .as_array()
            .unwrap_or_else(|| panic!("{key}"))
            .iter()
            .map(|v| v.as_str().expect("a string").to_string())
            .collect()
    };
    let muscle_slugs = strings("muscle_slugs");
    let equipment_slugs = strings("equipment_slugs");
    assert_eq!(muscle_slugs, vec!["gluteus-maximus", "hamstrings"]);
    assert_eq!(equipment_slugs, vec!["mini-band"]);
    assert_eq!(muscle_slugs.len(), strings("muscles").len());
    assert_eq!(equipment_slugs.len(), strings("equipment").len());

    // The cards of every page of the exercise index, in order.
    let first = built.page("exercises/index.html");
    assert_eq!(
        first.attrs("form#filters", "data-index"),
        vec!["/guide/search-index.json"]
    );
    assert_eq!(first.attrs("form#filters", "data-base"), vec!["/guide/"]);
    assert_eq!(first.attrs("form#filters", "data-total"), vec!["3"]);
    // Where filters.js shows the results: hidden, empty, after the form.
    assert_eq!(
        first
            .all("form#filters ~ section#filter-results[hidden] > ul.cards:empty")
            .len(),
        1
    );
    assert_eq!(
        first
            .all("section#filter-results > button.show-more[type=button][hidden]")
            .len(),
        1
    );
    let second = built.page("exercises/page/2/index.html");
    let pages = [first, second];
    let cards: Vec<_> = pages
        .iter()
        .flat_map(|p| p.all(".category-group .card"))
        .collect();
    assert_eq!(cards.len(), 3, "three exercises over two pages");

    let docs: Vec<&Vec<Value>> = index["docs"]
        .as_array()
        .expect("docs")
        .iter()
        .filter_map(Value::as_array)
        .filter(|d| d[0] == "e")
        .collect();
    assert_eq!(docs.len(), cards.len());
    for (doc, card) in docs.iter().zip(&cards) {
        let title = doc[1].as_str().expect("title");
        // Exercise documents have four more fields than the others (which keep eight).
        assert_eq!(doc.len(), 12, "{title}");
        let attr = |a: &str| card.value().attr(a);
        let inside = |css: &str| {
            card.select(&scraper::Selector::parse(css).expect("selector"))
                .next()
                .map(text_of)
        };
        let link = card
            .select(&scraper::Selector::parse("a.card-title").expect("selector"))
            .next()
            .expect("card title");
        assert_eq!(text_of(link), title, "same order as the cards");
        assert_eq!(
            link.value().attr("href"),
            Some(format!("/guide/{}", doc[2].as_str().expect("path")).as_str())
        );
        assert_eq!(doc[8].as_str(), attr("data-level"), "{title}: level");
        assert_eq!(doc[9].as_str(), attr("data-category"), "{title}: category");
        // Targets are the first muscles; the filter matches their slugs.
        let muscles: Vec<usize> = doc[5]
            .as_array()
            .expect("muscles")
            .iter()
            .filter_map(|m| m.as_u64().and_then(|m| usize::try_from(m).ok()))
            .collect();
        let targets = usize::try_from(doc[10].as_u64().expect("a count")).expect("usize");
        let mut target_slugs: Vec<String> = muscles[..targets]
            .iter()
            .map(|&m| muscle_slugs[m].clone())
            .collect();
        target_slugs.sort();
        assert_eq!(target_slugs, words_of(attr("data-muscles")), "{title}");
        let mut secondary: Vec<String> = muscles[targets..]
            .iter()
            .map(|&m| muscle_slugs[m].clone())
            .collect();
        secondary.sort();
        assert_eq!(secondary, words_of(attr("data-secondary")), "{title}");
        let mut equipment: Vec<String> = doc[6]
            .as_array()
            .expect("equipment")
            .iter()
            .filter_map(|q| q.as_u64().and_then(|q| usize::try_from(q).ok()))
            .map(|q| equipment_slugs[q].clone())
            .collect();
        if equipment.is_empty() {
            equipment.push("bodyweight".into());
        }
        equipment.sort();
        assert_eq!(equipment, words_of(attr("data-equipment")), "{title}");
        // The dose in the same words as the card.
        assert_eq!(
            doc[11].as_str().map(str::to_string),
            Some(inside(".dose").unwrap_or_default()),
            "{title}: dose"
        );
    }
    let bridge = doc(&index, "e", "Glute Bridge");
    assert_eq!(bridge[8], "beginner");
    assert_eq!(bridge[9], "activation");
    assert_eq!(bridge[10], 1);
    assert!(
        bridge[11]
            .as_str()
            .expect("dose")
            .starts_with("3 sets × 10"),
        "{:?}",
        bridge[11]
    );
    // Other documents keep the eight fields of version 1.
    for d in index["docs"].as_array().expect("docs") {
        if d[0] != "e" {
            assert_eq!(d.as_array().map(Vec::len), Some(8), "{d}");
        }
    }
}

#[test]
fn search_index_stays_small_on_long_bodies() {
    let long_body = "Pelvis heels ribs tempo breathing. ".repeat(2000);
    let site = TestSite::minimal().file(
        "content/exercises/long.md",
        &format!("{}{long_body}\n", exercise("Long One", "")),
    );
    let built = site.build_ok();
    let index = search_index(&built);
    let long = doc(&index, "e", "Long One");
    assert!(long[7].as_str().expect("kw").len() < 200);
    assert!(built.bytes("search-index.json").len() < 8_000);
}

#[test]
fn every_page_has_a_search_box_that_degrades_to_a_link() {
    let site = TestSite::minimal();
    let built = site.build_ok();
    for rel in [
        "index.html",
        "exercises/glute-bridge/index.html",
        "paths/bridge-ladder/index.html",
        "404.html",
    ] {
        let page = built.page(rel);
        let root = page.all(".site-search");
        assert_eq!(root.len(), 1, "{rel}");
        let root = root[0].value();
        assert_eq!(root.attr("data-index"), Some("/search-index.json"));
        assert_eq!(
            root.attr("data-engine"),
            Some("/vendor/minisearch/index.js")
        );
        // The box is in the page from the start (nothing moves when search.js runs);
        // without JavaScript a <noscript> style shows the link instead.
        assert_eq!(page.attrs("a.search-fallback", "href"), vec!["/exercises/"]);
        assert_eq!(page.attrs(".search-form", "action"), vec!["/exercises/"]);
        assert!(page.all(".search-form[hidden]").is_empty(), "{rel}");
        let html = String::from_utf8(built.bytes(rel)).expect("UTF-8");
        assert!(
            html.contains(
                "<noscript><style>.search-form { display: none; } .search-fallback { display: inline; }</style></noscript>"
            ),
            "{rel}"
        );
        assert_eq!(page.all("label[for=site-search]").len(), 1);
        assert_eq!(page.attrs("script[src]", "src")[0], "/search.js");
    }
    for rel in [
        "search.js",
        "filters.js",
        "bodymap.svg",
        "vendor/minisearch/index.js",
        "vendor/minisearch/LICENSE.txt",
    ] {
        assert!(built.has(rel), "{rel}");
    }
}

fn options(page: &Page, name: &str) -> Vec<(String, String)> {
    page.all(&format!("#filter-{name} option"))
        .into_iter()
        .map(|o| {
            (
                o.value().attr("value").unwrap_or("").to_string(),
                text_of(o),
            )
        })
        .collect()
}

#[test]
fn exercise_index_offers_filters_with_counts_and_card_data() {
    let site = TestSite::minimal();
    let built = site.build_ok();
    let page = built.page("exercises/index.html");
    // In the page from the start (nothing moves when filters.js runs: no layout shift), and
    // hidden without JavaScript by a <noscript> style.
    assert_eq!(page.all("form#filters").len(), 1);
    assert_eq!(page.all("form#filters[hidden]").len(), 0);
    let html = String::from_utf8(built.bytes("exercises/index.html")).expect("UTF-8");
    assert!(
        html.contains("<noscript><style>.filters { display: none; }</style></noscript>"),
        "no <noscript> style hides the filters"
    );
    assert_eq!(page.attrs("script[src$='filters.js']", "defer").len(), 1);
    assert_eq!(
        options(&page, "muscle"),
        vec![
            (String::new(), "Any".into()),
            ("gluteus-maximus".into(), "Gluteus Maximus (3)".into())
        ]
    );
    assert_eq!(
        options(&page, "equipment"),
        vec![
            (String::new(), "Any".into()),
            ("bodyweight".into(), "Bodyweight only (2)".into()),
            ("mini-band".into(), "Mini Band (1)".into())
        ]
    );
    assert_eq!(
        options(&page, "level"),
        vec![
            (String::new(), "Any".into()),
            ("beginner".into(), "Beginner (1)".into()),
            ("intermediate".into(), "Intermediate (1)".into()),
            ("advanced".into(), "Advanced (1)".into())
        ]
    );
    assert_eq!(
        options(&page, "category")
            .iter()
            .map(|o| o.1.as_str())
            .collect::<Vec<_>>(),
        vec!["Any", "Activation (1)", "Strength (2)"]
    );
    // Each card carries the values the filters match.
    let card = page
        .all(".category-group .card[data-slug='banded-glute-bridge']")
        .pop()
        .expect("card");
    let attr = |a: &str| card.value().attr(a).unwrap_or("").trim().to_string();
    assert_eq!(attr("data-muscles"), "gluteus-maximus");
    assert_eq!(attr("data-equipment"), "mini-band");
    assert_eq!(attr("data-level"), "intermediate");
    assert_eq!(attr("data-category"), "strength");
    let bridge = page
        .all(".card[data-slug='glute-bridge']")
        .pop()
        .expect("card");
    assert_eq!(bridge.value().attr("data-equipment"), Some("bodyweight"));
    assert_eq!(
        page.texts(".filter-count"),
        vec!["Showing 3 of 3 exercises"]
    );
    // Muscles nothing targets are not offered.
    assert!(!options(&page, "muscle").iter().any(|o| o.0 == "hamstrings"));
}

/// The node texts of the progression diagram on a page, and the current one.
fn diagram(page: &Page) -> (Vec<String>, Vec<String>) {
    let nodes = page.texts("figure.progression-diagram svg.pg .pg-node text");
    let current = page.texts("svg.pg .pg-current text");
    (nodes, current)
}

#[test]
fn exercises_with_neighbours_show_their_family_as_a_diagram() {
    let site = TestSite::minimal();
    let built = site.build_ok();
    let page = built.page("exercises/banded-glute-bridge/index.html");
    let (nodes, current) = diagram(&page);
    assert_eq!(
        nodes.iter().collect::<BTreeSet<_>>(),
        BTreeSet::from([
            &"Banded Glute Bridge".to_string(),
            &"Glute Bridge".to_string(),
            &"Hip Thrust".to_string()
        ])
    );
    assert_eq!(current, vec!["Banded Glute Bridge"]);
    // The others are links; the current one is not.
    let mut links = page.attrs("svg.pg a.pg-node", "href");
    links.sort();
    assert_eq!(
        links,
        vec!["/exercises/glute-bridge/", "/exercises/hip-thrust/"]
    );
    // One arrow per progression edge, drawn easier → harder.
    assert_eq!(page.all("svg.pg path.pg-edge[marker-end]").len(), 2);
    assert_eq!(page.all("svg.pg marker#pg-arrow").len(), 1);
    // The svg has an accessible name and a viewBox.
    let svg = page.all("svg.pg").pop().expect("svg");
    assert!(svg.value().attr("aria-label").is_some());
    assert!(svg.value().attr("viewBox").is_some());
    // Easier above harder.
    let y = |title: &str| -> f64 {
        let n = page
            .all("svg.pg .pg-node")
            .into_iter()
            .find(|n| text_of(*n) == title)
            .expect("node");
        let rect = n
            .children()
            .filter_map(scraper::ElementRef::wrap)
            .find(|c| c.value().name() == "rect")
            .expect("rect");
        rect.value()
            .attr("y")
            .and_then(|v| v.parse().ok())
            .expect("y")
    };
    assert!(y("Glute Bridge") < y("Banded Glute Bridge"));
    assert!(y("Banded Glute Bridge") < y("Hip Thrust"));
}

#[test]
fn exercises_without_neighbours_have_no_diagram() {
    let site = TestSite::minimal().file("content/exercises/alone.md", &exercise("Alone", ""));
    let built = site.build_ok();
    let page = built.page("exercises/alone/index.html");
    assert!(page.all("svg.pg").is_empty());
    assert!(page.all("nav.progression").is_empty());
}

/// Node titles of the diagram on a page, top to bottom.
fn top_to_bottom(page: &Page) -> Vec<String> {
    let mut nodes: Vec<(i64, String)> = page
        .all("svg.pg .pg-node")
        .into_iter()
        .map(|n| {
            let y = n
                .children()
                .filter_map(scraper::ElementRef::wrap)
                .find(|c| c.value().name() == "rect")
                .and_then(|r| r.value().attr("y"))
                .and_then(|y| y.parse().ok())
                .expect("rect y");
            (y, text_of(n))
        })
        .collect();
    nodes.sort();
    nodes.into_iter().map(|n| n.1).collect()
}

#[test]
fn path_pages_show_their_steps_in_order_as_a_diagram() {
    let site = TestSite::minimal();
    let built = site.build_ok();
    let page = built.page("paths/bridge-ladder/index.html");
    assert_eq!(
        top_to_bottom(&page),
        vec!["Glute Bridge", "Banded Glute Bridge", "Hip Thrust"]
    );
    assert!(diagram(&page).1.is_empty(), "no current exercise on a path");
    assert_eq!(page.all("svg.pg path.pg-edge").len(), 2);
}

#[test]
fn a_path_across_unlinked_exercises_is_drawn_in_its_own_order() {
    let site = TestSite::minimal()
        .file("content/exercises/a.md", &exercise("A", ""))
        .file("content/exercises/b.md", &exercise("B", ""))
        .file(
            "content/paths/mixed.md",
            "---\ntitle: Mixed\nsteps: [b, glute-bridge, a]\n---\n",
        );
    let built = site.build_ok();
    let page = built.page("paths/mixed/index.html");
    assert_eq!(top_to_bottom(&page), vec!["B", "Glute Bridge", "A"]);
    assert_eq!(page.all("svg.pg path.pg-edge").len(), 2);
}

#[test]
fn diagram_text_is_real_escaped_text() {
    let title = "Bridge <b>&amp; \"Co\"</b>";
    let site = TestSite::minimal().file(
        "content/exercises/odd.md",
        &exercise(
            &format!("'{title}'"),
            "progression:\n  easier: [hip-thrust]\n",
        ),
    );
    let built = site.build_ok();
    let page = built.page("exercises/odd/index.html");
    assert!(
        page.all("svg.pg b").is_empty(),
        "no markup from front matter"
    );
    let current = page.texts("svg.pg .pg-current text");
    assert_eq!(current, vec![title.to_string()]);
    // The neighbour's page shows the same title as text too.
    let hip = built.page("exercises/hip-thrust/index.html");
    assert!(
        hip.texts("svg.pg a.pg-node text")
            .contains(&title.to_string())
    );
}

#[test]
fn long_titles_wrap_and_keep_their_spaces() {
    let site = TestSite::minimal().file(
        "content/exercises/long-title.md",
        &exercise(
            "Single-Leg Romanian Deadlift With A Very Long Name",
            "progression:\n  easier: [hip-thrust]\n",
        ),
    );
    let built = site.build_ok();
    let page = built.page("exercises/long-title/index.html");
    let tspans = page.all("svg.pg .pg-current tspan");
    assert!(tspans.len() >= 2, "wrapped onto several lines");
    let joined: String = tspans
        .iter()
        .map(|t| t.text().collect::<String>())
        .collect();
    assert_eq!(joined, "Single-Leg Romanian Deadlift With A Very Long Name");
}

fn chain(site: TestSite, n: usize) -> TestSite {
    let mut site = site;
    for i in 0..n {
        let harder = if i + 1 < n {
            format!("progression:\n  harder: [step-{}]\n", i + 1)
        } else {
            String::new()
        };
        site = site.file(
            &format!("content/exercises/step-{i}.md"),
            &exercise(&format!("Step {i}"), &harder),
        );
    }
    site
}

#[test]
fn families_up_to_thirty_are_drawn_whole_and_larger_ones_around_the_page() {
    let site = chain(TestSite::minimal(), 30);
    let built = site.build_ok();
    let page = built.page("exercises/step-0/index.html");
    assert_eq!(diagram(&page).0.len(), 30);
    assert_eq!(page.all("svg.pg path.pg-edge").len(), 29);
    let last = built.page("exercises/step-29/index.html");
    assert_eq!(diagram(&last).0.len(), 30);
    assert_eq!(diagram(&last).1, vec!["Step 29"]);

    let site = chain(TestSite::minimal(), 45);
    let built = site.build_ok();
    let middle = built.page("exercises/step-20/index.html");
    let (nodes, current) = diagram(&middle);
    // Two steps either way.
    let mut nodes = nodes;
    nodes.sort();
    assert_eq!(
        nodes,
        vec!["Step 18", "Step 19", "Step 20", "Step 21", "Step 22"]
    );
    assert_eq!(current, vec!["Step 20"]);
}

#[test]
fn body_map_highlights_target_and_secondary_regions() {
    let site = TestSite::minimal()
        .file(
            "content/muscles/hamstrings.md",
            "---\ntitle: Hamstrings\nmap_region: hamstrings\nsummary: Back of the thigh.\n---\nText.\n",
        )
        .file(
            "content/muscles/deep-one.md",
            "---\ntitle: Deep One\nsummary: Not on the map.\n---\nText.\n",
        )
        .file(
            "content/exercises/x.md",
            &exercise(
                "X",
                "secondary_muscles: [hamstrings, deep-one, gluteus-maximus]\n",
            ),
        );
    let built = site.build_ok();
    let page = built.page("exercises/x/index.html");
    let svg = page.all("figure.bodymap svg.bodymap-svg");
    assert_eq!(svg.len(), 1);
    assert_eq!(svg[0].value().attr("role"), Some("img"));
    assert_eq!(svg[0].value().attr("aria-labelledby"), Some("muscle-map"));
    assert_eq!(
        page.attrs("use.bm-target", "href"),
        vec!["/bodymap.svg#gluteus-maximus"]
    );
    // A muscle that is also a target is not drawn twice; one with no region is not drawn.
    assert_eq!(
        page.attrs("use.bm-secondary", "href"),
        vec!["/bodymap.svg#hamstrings"]
    );
    assert_eq!(
        page.attrs("use.bm-outline", "href"),
        vec!["/bodymap.svg#outline"]
    );
    // The caption says the same in words.
    let caption = page.text("#muscle-map");
    assert!(caption.contains("Gluteus Maximus") && caption.contains("Hamstrings"));

    let muscle = built.page("muscles/gluteus-maximus/index.html");
    assert_eq!(
        muscle.attrs("use.bm-target", "href"),
        vec!["/bodymap.svg#gluteus-maximus"]
    );
    assert!(muscle.text("#muscle-map").contains("Gluteus Maximus"));
    let deep = built.page("muscles/deep-one/index.html");
    assert!(deep.all(".bodymap").is_empty(), "no region, no map");
}

#[test]
fn body_map_legend_names_only_muscles_whose_region_is_coloured() {
    // Issue #13: a push-up page coloured only the abdominals while its legend named the
    // pectorals and triceps. A muscle with no region, or one the body map lacks, is named
    // apart, as not on the map; a muscle page whose region the map lacks shows no map.
    let site = TestSite::minimal()
        .file(
            "content/muscles/hamstrings.md",
            "---\ntitle: Hamstrings\nmap_region: hamstrings\nsummary: Back of the thigh.\n---\nText.\n",
        )
        .file(
            "content/muscles/deep-one.md",
            "---\ntitle: Deep One\nsummary: Not on the map.\n---\nText.\n",
        )
        .file(
            "content/muscles/spleen-muscle.md",
            "---\ntitle: Spleen Muscle\nmap_region: spleen\nsummary: A region no map draws.\n---\nText.\n",
        )
        .file(
            "content/exercises/x.md",
            "---\ntitle: X\nsummary: Summary of X.\ntarget_muscles: [gluteus-maximus, spleen-muscle]\nsecondary_muscles: [hamstrings, deep-one]\ncategory: strength\nlevel: beginner\ncues: [c]\ncommon_errors: [{error: e, fix: f}]\n---\nBody.\n",
        )
        .file(
            "content/exercises/y.md",
            "---\ntitle: Y\nsummary: Summary of Y.\ntarget_muscles: [deep-one]\nsecondary_muscles: [hamstrings]\ncategory: strength\nlevel: beginner\ncues: [c]\ncommon_errors: [{error: e, fix: f}]\n---\nBody.\n",
        );
    let built = site.build_ok();
    let page = built.page("exercises/x/index.html");
    assert_eq!(
        page.attrs("use.bm-target", "href"),
        vec!["/bodymap.svg#gluteus-maximus"]
    );
    assert_eq!(
        page.attrs("use.bm-secondary", "href"),
        vec!["/bodymap.svg#hamstrings"]
    );
    let caption = page.text("#muscle-map");
    let (legend, apart) = caption
        .split_once("Not on the map:")
        .unwrap_or((caption.as_str(), ""));
    for name in ["Deep One", "Spleen Muscle"] {
        assert!(
            !legend.contains(name),
            "the legend names {name}, whose region is not coloured: {caption}"
        );
        assert!(
            apart.contains(name),
            "{name} is not named as off the map: {caption}"
        );
    }
    assert!(legend.contains("Gluteus Maximus") && legend.contains("Hamstrings"));
    // Every name in the legend points at a region the picture colours.
    let coloured = page.attrs(".bodymap use[data-region]", "data-region");
    let named = page.attrs("#muscle-map .bm-name", "data-region");
    assert_eq!(named, vec!["gluteus-maximus", "hamstrings"]);
    assert!(named.iter().all(|r| coloured.contains(r)));
    assert_eq!(page.texts("#muscle-map .bm-off-map").len(), 1);

    // Only a secondary muscle on the map: no "strong colour" in the legend.
    let y = built.page("exercises/y/index.html");
    assert!(y.all("use.bm-target").is_empty());
    let caption = y.text("#muscle-map");
    assert!(!caption.contains("strong colour"), "{caption}");
    assert!(caption.contains("Not on the map: Deep One."), "{caption}");

    let muscle = built.page("muscles/spleen-muscle/index.html");
    assert!(
        muscle.all(".bodymap").is_empty(),
        "a region the map lacks: no map, no caption saying it is highlighted"
    );
}

#[test]
fn body_map_legend_says_a_secondary_muscle_in_a_target_region_is_strongly_coloured() {
    // Issue #13: a secondary muscle whose region is also a target's is drawn in the target
    // colour (the region is coloured once, strongly), but the legend listed it under "light
    // colour".
    let site = TestSite::minimal()
        .file(
            "content/muscles/hamstrings.md",
            "---\ntitle: Hamstrings\nmap_region: hamstrings\nsummary: Back of the thigh.\n---\nText.\n",
        )
        .file(
            "content/muscles/upper-glute.md",
            "---\ntitle: Upper Glute Fibres\nmap_region: gluteus-maximus\nsummary: The top of the buttock.\n---\nText.\n",
        )
        .file(
            "content/exercises/x.md",
            &exercise("X", "secondary_muscles: [upper-glute, hamstrings]\n"),
        );
    let built = site.build_ok();
    let page = built.page("exercises/x/index.html");
    assert_eq!(
        page.attrs("use.bm-target", "href"),
        vec!["/bodymap.svg#gluteus-maximus"]
    );
    assert_eq!(
        page.attrs("use.bm-secondary", "href"),
        vec!["/bodymap.svg#hamstrings"]
    );
    let caption = page.text("#muscle-map");
    let (strong, light) = caption
        .split_once("light colour")
        .unwrap_or_else(|| panic!("no light colour: {caption}"));
    assert!(
        strong.contains("Gluteus Maximus") && strong.contains("Upper Glute Fibres"),
        "{caption}"
    );
    assert!(
        !light.contains("Upper Glute Fibres") && light.contains("Hamstrings"),
        "a muscle drawn in the strong colour is listed under the light one: {caption}"
    );
    // Every name still points at a coloured region.
    let coloured = page.attrs(".bodymap use[data-region]", "data-region");
    let named = page.attrs("#muscle-map .bm-name", "data-region");
    assert_eq!(named.len(), 3, "{caption}");
    assert!(named.iter().all(|r| coloured.contains(r)), "{caption}");
}

#[test]
fn body_map_file_draws_every_documented_region() {
    let svg = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/static/bodymap.svg"),
    )
    .expect("bodymap.svg");
    let doc = roxmltree::Document::parse(&svg).expect("bodymap.svg is XML");
    let ids: HashSet<&str> = doc
        .descendants()
        .filter_map(|n| n.attribute("id"))
        .collect();
    let contract = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/content-format.md"),
    )
    .expect("docs");
    let start = contract.find("its regions are").expect("region list");
    let end = contract[start..]
        .find("A muscle without")
        .map_or(contract.len(), |e| start + e);
    let list = &contract[start..end];
    let documented: Vec<&str> = list.split('`').skip(1).step_by(2).collect();
    assert_eq!(documented.len(), 29, "{documented:?}");
    // And every region the file draws is documented.
    for id in &ids {
        assert!(
            matches!(*id, "outline" | "regions") || documented.contains(id),
            "#{id} is not documented in content-format.md"
        );
    }
    for region in documented {
        assert!(ids.contains(region), "bodymap.svg has no #{region}");
        let g = doc
            .descendants()
            .find(|n| n.attribute("id") == Some(region))
            .expect("region");
        assert!(
            g.descendants().any(|n| n.has_tag_name("path")),
            "#{region} draws a shape"
        );
    }
    assert!(ids.contains("outline") && ids.contains("regions"));
}

#[test]
fn path_pages_carry_a_printable_workout_card() {
    let site = TestSite::minimal();
    let built = site.build_ok();
    let page = built.page("paths/bridge-ladder/index.html");
    let rows: Vec<Vec<String>> = page
        .all("table.workout-card tbody tr")
        .into_iter()
        .map(|tr| {
            tr.children()
                .filter_map(scraper::ElementRef::wrap)
                .map(text_of)
                .collect()
        })
        .collect();
    assert_eq!(rows.len(), 3);
    assert_eq!(
        rows[0][..3],
        [
            "1",
            "Glute Bridge",
            "3 sets × 10–15 reps · 2 s hold per rep · rest 60 s"
        ]
    );
    // Empty boxes to tick, one per session.
    assert_eq!(rows[0].len(), 3 + 8);
    assert!(rows[0][3..].iter().all(String::is_empty));
    assert_eq!(
        page.all("table.workout-card thead th[scope=col]").len(),
        3 + 8
    );
}

#[test]
fn pages_have_title_description_canonical_and_open_graph() {
    let site = TestSite::minimal();
    let built = site.build_ok();
    let page = built.page("exercises/glute-bridge/index.html");
    let meta = |sel: &str| page.attrs(sel, "content");
    assert_eq!(page.text("title"), "Glute Bridge · Minimal Guide");
    assert_eq!(
        meta("meta[name=description]"),
        vec!["Lift the hips from the floor to wake up the glutes."]
    );
    assert_eq!(
        page.attrs("link[rel=canonical]", "href"),
        vec!["https://guide.example/exercises/glute-bridge/"]
    );
    assert_eq!(meta("meta[property='og:title']"), vec!["Glute Bridge"]);
    assert_eq!(meta("meta[property='og:type']"), vec!["article"]);
    assert_eq!(
        meta("meta[property='og:url']"),
        vec!["https://guide.example/exercises/glute-bridge/"]
    );
    assert_eq!(
        meta("meta[property='og:description']"),
        vec!["Lift the hips from the floor to wake up the glutes."]
    );
    assert_eq!(meta("meta[property='og:site_name']"), vec!["Minimal Guide"]);
    let home = built.page("index.html");
    assert_eq!(
        home.attrs("meta[property='og:type']", "content"),
        vec!["website"]
    );
}

/// Properties schema.org defines for `ExercisePlan` (its own, and those it inherits from
/// `CreativeWork`, `PhysicalActivity`, `LifestyleModification`, `MedicalEntity` and
/// `Thing`) that movebook may use; and those of the nested types.
const EXERCISE_PLAN_PROPERTIES: &[&str] = &[
    "@context",
    "@type",
    "name",
    "description",
    "url",
    "alternateName",
    "exerciseType",
    "educationalLevel",
    "associatedAnatomy",
    "repetitions",
    "restPeriods",
    "additionalVariable",
    "activityDuration",
    "datePublished",
    "inLanguage",
    "isPartOf",
    "workload",
    "intensity",
    "activityFrequency",
    "category",
];
const MUSCLE_PROPERTIES: &[&str] = &["@type", "name", "url"];
const QUANTITATIVE_VALUE_PROPERTIES: &[&str] = &[
    "@type", "value", "minValue", "maxValue", "unitCode", "unitText",
];
const WEBSITE_PROPERTIES: &[&str] = &["@type", "name", "url"];

fn json_ld(page: &Page) -> Value {
    let scripts = page.all("script[type='application/ld+json']");
    assert_eq!(scripts.len(), 1);
    let text: String = scripts[0].text().collect();
    serde_json::from_str(&text).expect("JSON-LD parses as JSON")
}

fn keys_within(v: &Value, allowed: &[&str], what: &str) {
    for k in v.as_object().expect("object").keys() {
        assert!(allowed.contains(&k.as_str()), "{what} has no property {k}");
    }
}

#[test]
fn exercise_pages_describe_the_exercise_as_schema_org_json_ld() {
    let site = TestSite::minimal();
    let built = site.build_ok();
    let v = json_ld(&built.page("exercises/glute-bridge/index.html"));
    keys_within(&v, EXERCISE_PLAN_PROPERTIES, "ExercisePlan");
    assert_eq!(v["@context"], "https://schema.org");
    assert_eq!(v["@type"], "ExercisePlan");
    assert_eq!(v["name"], "Glute Bridge");
    assert_eq!(v["url"], "https://guide.example/exercises/glute-bridge/");
    assert_eq!(v["exerciseType"], "Activation");
    assert_eq!(v["educationalLevel"], "Beginner");
    assert_eq!(
        v["repetitions"],
        serde_json::json!({"@type": "QuantitativeValue", "minValue": 10, "maxValue": 15})
    );
    keys_within(
        &v["repetitions"],
        QUANTITATIVE_VALUE_PROPERTIES,
        "QuantitativeValue",
    );
    assert_eq!(v["restPeriods"]["value"], 60);
    assert_eq!(v["restPeriods"]["unitCode"], "SEC");
    keys_within(
        &v["restPeriods"],
        QUANTITATIVE_VALUE_PROPERTIES,
        "QuantitativeValue",
    );
    assert_eq!(
        v["additionalVariable"],
        "3 sets × 10–15 reps · 2 s hold per rep · rest 60 s"
    );
    let anatomy = v["associatedAnatomy"].as_array().expect("muscles");
    assert_eq!(anatomy.len(), 2);
    for m in anatomy {
        assert_eq!(m["@type"], "Muscle");
        keys_within(m, MUSCLE_PROPERTIES, "Muscle");
    }
    assert_eq!(anatomy[0]["name"], "Gluteus Maximus");
    keys_within(&v["isPartOf"], WEBSITE_PROPERTIES, "WebSite");
    // A single number of reps is a number.
    let thrust = json_ld(&built.page("exercises/hip-thrust/index.html"));
    assert_eq!(thrust["repetitions"], 8);
    // Other pages have none.
    assert!(
        built
            .page("muscles/gluteus-maximus/index.html")
            .all("script[type='application/ld+json']")
            .is_empty()
    );
}

#[test]
fn json_ld_cannot_break_out_of_its_script() {
    let title = "Evil </script><script>alert(1)</script> & <!-- Bridge";
    let site = TestSite::minimal().file(
        "content/exercises/evil.md",
        &exercise(&format!("'{title}'"), ""),
    );
    let built = site.build_ok();
    let page = built.page("exercises/evil/index.html");
    assert_eq!(page.all("script[type='application/ld+json']").len(), 1);
    assert!(page.all("script:not([src]):not([type])").is_empty());
    assert_eq!(json_ld(&page)["name"], title);
    assert_eq!(page.text("h1"), title);
}

fn dated(site: TestSite) -> TestSite {
    site.file(
        "content/news.md",
        "---\ntitle: News & <Notes>\nsummary: What changed.\ndate: 2026-03-01\n---\nText.\n",
    )
    .file(
        "content/older.md",
        "---\ntitle: Older\ndate: 2025-12-24T08:30\n---\nText.\n",
    )
    .file(
        "content/exercises/dated.md",
        &exercise("Dated", "date: 2026-01-15\n"),
    )
}

#[test]
fn atom_feed_lists_dated_pages_newest_first() {
    let site = dated(TestSite::minimal());
    let built = site.build_ok();
    let xml = String::from_utf8(built.bytes("atom.xml")).expect("utf-8");
    let doc = roxmltree::Document::parse(&xml).expect("the feed is well-formed XML");
    let feed = doc.root_element();
    const ATOM: &str = "http://www.w3.org/2005/Atom";
    assert_eq!(feed.tag_name().namespace(), Some(ATOM));
    assert_eq!(feed.tag_name().name(), "feed");
    let child = |n: roxmltree::Node<'_, '_>, name: &str| -> Vec<String> {
        n.children()
            .filter(|c| c.has_tag_name((ATOM, name)))
            .map(|c| c.text().unwrap_or("").to_string())
            .collect()
    };
    // Required feed elements (RFC 4287 §4.1.1).
    assert_eq!(child(feed, "title"), vec!["Minimal Guide"]);
    assert_eq!(child(feed, "id"), vec!["https://guide.example/"]);
    assert_eq!(child(feed, "updated"), vec!["2026-03-01T00:00:00Z"]);
    assert_eq!(child(feed, "author").len(), 1);
    let self_link = feed
        .children()
        .find(|c| c.has_tag_name((ATOM, "link")) && c.attribute("rel") == Some("self"))
        .expect("self link");
    assert_eq!(
        self_link.attribute("href"),
        Some("https://guide.example/atom.xml")
    );
    let entries: Vec<_> = feed
        .children()
        .filter(|c| c.has_tag_name((ATOM, "entry")))
        .collect();
    let titles: Vec<String> = entries.iter().flat_map(|e| child(*e, "title")).collect();
    assert_eq!(titles, vec!["News & <Notes>", "Dated", "Older"]);
    for e in &entries {
        assert_eq!(child(*e, "id").len(), 1);
        assert_eq!(child(*e, "updated").len(), 1);
        assert!(e.children().any(|c| c.has_tag_name((ATOM, "link"))));
    }
    assert_eq!(child(entries[2], "updated"), vec!["2025-12-24T08:30:00Z"]);
    assert_eq!(child(entries[0], "summary"), vec!["What changed."]);
    // Every page links the feed.
    let page = built.page("exercises/glute-bridge/index.html");
    assert_eq!(
        page.attrs("link[rel=alternate][type='application/atom+xml']", "href"),
        vec!["/atom.xml"]
    );
}

#[test]
fn dates_are_read_strictly_with_a_located_error_and_the_accepted_forms() {
    // Each was accepted before: the first wrote its text unescaped into atom.xml.
    for written in [
        "\"2026-11-21T08:30</updated><x>\"",
        "2026-+1-21",
        "\"+2026-11-21\"",
        "2026-11-21T08:30:00.5Z",
        "2026-11-21T08:30+2",
        "2026-11-21T08:30junk",
        "2026-11-21t08:30",
        "2026-11-21T24:00",
        "2026-11-21T8:30",
        "2026-02-30",
        "\"2026-11-21\\u0000\"",
    ] {
        let site = TestSite::minimal().file(
            "content/news.md",
            &format!("---\ntitle: News\ndate: {written}\n---\nText.\n"),
        );
        let errors: Vec<_> = site
            .diagnostics()
            .into_iter()
            .filter(movebook::Diagnostic::is_error)
            .collect();
        assert_eq!(errors.len(), 1, "{written}: {errors:?}");
        let e = &errors[0];
        assert_eq!(e.code.name(), "bad-value", "{written}: {e}");
        assert_eq!(e.file, "content/news.md", "{e}");
        assert_eq!(e.start.map(|p| p.line), Some(3), "{e}");
        let hint = e.hint.as_deref().unwrap_or("");
        assert!(
            hint.contains("YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS]") && hint.contains("+02:00"),
            "{written}: {e}"
        );
    }
    // The accepted forms, as the feed and the sitemap write them.
    for (written, updated) in [
        ("2026-11-21", "2026-11-21T00:00:00Z"),
        ("2026-11-21T08:30", "2026-11-21T08:30:00Z"),
        ("\"2026-11-21 08:30\"", "2026-11-21T08:30:00Z"),
        ("2026-11-21T08:30:15", "2026-11-21T08:30:15Z"),
        ("2026-11-21T08:30Z", "2026-11-21T08:30:00Z"),
        ("\"2026-11-21T08:30:15+02:00\"", "2026-11-21T08:30:15+02:00"),
        ("2026-11-21T23:30-05:30", "2026-11-21T23:30:00-05:30"),
        ("\" 2026-11-21T08:30Z \"", "2026-11-21T08:30:00Z"),
    ] {
        let site = TestSite::minimal().file(
            "content/news.md",
            &format!("---\ntitle: News\ndate: {written}\n---\nText.\n"),
        );
        let built = site.build_ok();
        let xml = String::from_utf8(built.bytes("atom.xml")).expect("utf-8");
        let doc = roxmltree::Document::parse(&xml).expect("the feed is well-formed XML");
        let updated_texts: Vec<&str> = doc
            .descendants()
            .filter(|n| n.has_tag_name("updated"))
            .filter_map(|n| n.text())
            .collect();
        assert_eq!(updated_texts, vec![updated, updated], "{written}");
        let sitemap = String::from_utf8(built.bytes("sitemap.xml")).expect("utf-8");
        assert!(
            sitemap.contains("<lastmod>2026-11-21</lastmod>"),
            "{written}: {sitemap}"
        );
        // The date in words of the site's language, the day as data for machines.
        let page = built.page("news/index.html");
        assert_eq!(page.text("time"), "21 November 2026", "{written}");
        assert_eq!(page.attrs("time", "datetime"), ["2026-11-21"], "{written}");
    }
}

#[test]
fn no_dated_pages_means_no_feed() {
    let site = TestSite::minimal();
    let built = site.build_ok();
    assert!(!built.has("atom.xml"));
    assert!(
        built
            .page("index.html")
            .all("link[type='application/atom+xml']")
            .is_empty()
    );
}

#[test]
fn a_static_file_may_not_replace_the_search_index_or_the_feed() {
    let site = dated(TestSite::minimal())
        .file("static/search-index.json", "{}")
        .file("static/atom.xml", "<feed/>");
    let errors = site.error_lines();
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert!(errors.iter().all(|e| e.contains("url-conflict")));
}

#[test]
fn body_headings_never_take_an_id_the_templates_use() {
    // The home template has a "Start with a path" section; a body heading of the same
    // name used to give the page a duplicate id.
    let site = TestSite::minimal().file(
        "content/_index.md",
        "---\ntitle: Home\n---\n## Start with a path\n\n## Browse the guide\n\n## Site search\n",
    );
    let built = site.build_ok();
    let page = built.page("index.html");
    let ids = page.attrs("[id]", "id");
    let unique: HashSet<&String> = ids.iter().collect();
    assert_eq!(unique.len(), ids.len(), "duplicate ids: {ids:?}");
    assert!(ids.contains(&"start-with-a-path-1".to_string()));
}

#[test]
fn the_shipped_guide_has_every_reader_feature() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = tempfile::tempdir().expect("tempdir");
    let opts = movebook::BuildOptions {
        root: root.to_path_buf(),
        output: Some(out.path().join("public")),
        drafts: false,
        base_url: None,
        background_cleanup: false,
    };
    let report = movebook::build(&opts).expect("the shipped guide builds");
    let public = out.path().join("public");
    let read = |rel: &str| {
        let text = std::fs::read_to_string(public.join(rel)).expect(rel);
        Page {
            html: scraper::Html::parse_document(&text),
            source: text,
        }
    };
    assert!(report.stats.exercises > 20);
    for entry in walkdir::WalkDir::new(&public) {
        let entry = entry.expect("walk");
        let rel = entry
            .path()
            .strip_prefix(&public)
            .expect("prefix")
            .to_string_lossy()
            .replace('\\', "/");
        if !rel.ends_with(".html") {
            continue;
        }
        let page = read(&rel);
        let ids = page.attrs("[id]", "id");
        let unique: HashSet<&String> = ids.iter().collect();
        assert_eq!(unique.len(), ids.len(), "{rel}: duplicate ids");
        assert_eq!(page.all(".site-search").len(), 1, "{rel}: search box");
        if rel.starts_with("exercises/") && rel != "exercises/index.html" {
            assert!(
                !page.all("use.bm-target").is_empty(),
                "{rel}: every exercise shows its target muscles on the map"
            );
            assert_eq!(
                page.all("script[type='application/ld+json']").len(),
                1,
                "{rel}: JSON-LD"
            );
            let on_path = !page.all("nav.paths").is_empty();
            let has_neighbours = !page.all("nav.progression").is_empty();
            assert!(on_path || has_neighbours, "{rel}: on a ladder");
            assert_eq!(
                page.all("svg.pg").len(),
                usize::from(has_neighbours),
                "{rel}: diagram"
            );
        }
        if rel.starts_with("paths/") && rel != "paths/index.html" {
            assert_eq!(page.all("svg.pg").len(), 1, "{rel}: path diagram");
        }
    }
    // Every muscle of the guide names a region the default body map draws.
    let svg = std::fs::read_to_string(public.join("bodymap.svg")).expect("bodymap");
    for entry in std::fs::read_dir(public.join("muscles")).expect("muscles") {
        let dir = entry.expect("entry").path();
        if !dir.is_dir() {
            continue;
        }
        let page = read(&format!(
            "muscles/{}/index.html",
            dir.file_name().expect("name").to_string_lossy()
        ));
        for href in page.attrs("use.bm-target", "href") {
            let id = href.rsplit('#').next().expect("fragment");
            assert!(
                svg.contains(&format!("id=\"{id}\"")),
                "bodymap.svg lacks {id}"
            );
        }
    }
}
