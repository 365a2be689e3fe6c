//! What a successful build writes: URLs, pages and the links between them.

use crate::harness::{TestSite, only};

#[test]
fn writes_clean_urls_for_every_page_kind() {
    let site = TestSite::minimal();
    let built = site.build_ok();
    for rel in [
        "index.html",
        "exercises/index.html",
        "exercises/glute-bridge/index.html",
        "exercises/banded-glute-bridge/index.html",
        "muscles/index.html",
        "muscles/gluteus-maximus/index.html",
        "equipment/index.html",
        "equipment/mini-band/index.html",
        "equipment/bodyweight/index.html",
        "paths/index.html",
        "paths/bridge-ladder/index.html",
        "safety/index.html",
        "404.html",
        "sitemap.xml",
        "style.css",
        "highlight.css",
        "robots.txt",
    ] {
        assert!(built.has(rel), "missing {rel}");
    }
    assert_eq!(built.report.stats.exercises, 3);
}

#[test]
fn exercise_page_shows_every_field() {
    let site = TestSite::minimal();
    let built = site.build_ok();
    let page = built.page("exercises/glute-bridge/index.html");
    assert_eq!(page.all("h1").len(), 1);
    assert_eq!(page.text("h1"), "Glute Bridge");
    assert_eq!(
        page.text(".lead"),
        "Lift the hips from the floor to wake up the glutes."
    );
    assert_eq!(
        page.text(".facts .dose"),
        "3 sets × 10–15 reps · 2 s hold per rep · rest 60 s"
    );
    assert_eq!(
        page.texts(".cues li"),
        vec![
            "Squeeze the glutes before the hips leave the floor",
            "Ribs down"
        ]
    );
    assert_eq!(
        page.texts(".error-fix dt"),
        vec!["Hamstrings cramp", "The thighs burn instead of the glutes"]
    );
    assert_eq!(
        page.texts(".error-fix dd")[0],
        "Fix: Bring the heels closer to the hips and drive through them."
    );
    assert_eq!(page.texts(".stop li"), vec!["Pain spreads below the knee"]);
    // Stop signals link the safety page.
    assert!(page.hrefs(".stop").contains(&"/safety/".to_string()));
    // Muscles and equipment, linked.
    let facts = page.links(".facts");
    assert!(facts.contains(&("Gluteus Maximus".into(), "/muscles/gluteus-maximus/".into())));
    assert!(facts.contains(&("Hamstrings".into(), "/muscles/hamstrings/".into())));
    assert!(facts.contains(&("Bodyweight".into(), "/equipment/bodyweight/".into())));
    // Body with heading ids.
    assert_eq!(
        page.attrs(".prose h2", "id"),
        vec!["how-to-do-it", "why-it-helps-your-low-back"]
    );
}

#[test]
fn dose_is_written_in_words() {
    let cases = [
        (
            "sets: 3\nreps: 10-15\nhold: 2s\nper_side: true\nrest: 60s\n",
            "3 sets × 10–15 reps · 2 s hold per rep · each side · rest 60 s",
        ),
        ("sets: 1\nreps: 1\n", "1 set × 1 rep"),
        ("hold: 30-60s\nper_side: true\n", "30–60 s hold · each side"),
        ("sets: 2-3\nreps: 8\n", "2–3 sets × 8 reps"),
        ("reps: 12\nrest: 2m\n", "12 reps · rest 2 min"),
        // Without reps, the hold is the whole set; with reps, it is at each rep.
        ("sets: 5\nhold: 10–30 s\n", "5 sets × 10–30 s hold"),
        ("sets: 1\nhold: 30s\n", "1 set × 30 s hold"),
        ("reps: 5\nhold: 10s\n", "5 reps · 10 s hold per rep"),
    ];
    for (dose, want) in cases {
        let site = TestSite::minimal().file(
            "content/exercises/x.md",
            &format!("---\ntitle: X\nsummary: X.\ntarget_muscles: [hamstrings]\ncategory: strength\nlevel: beginner\n{dose}cues: [c]\ncommon_errors: [{{error: e, fix: f}}]\n---\n"),
        );
        let built = site.build_ok();
        assert_eq!(
            built.page("exercises/x/index.html").text(".facts .dose"),
            want,
            "for {dose:?}"
        );
    }
}

#[test]
fn dose_words_show_max_reps_load_and_tempo() {
    let cases = [
        ("sets: 3\nreps: max\n", "3 sets × as many reps as possible"),
        (
            "reps: max\nhold: 2s\nrest: 90s\n",
            "as many reps as possible · 2 s hold per rep · rest 90 s",
        ),
        (
            "sets: 3\nreps: 10\nper_side: true\nrest: 60s\nload: 5 kg dumbbell\ntempo: 3-1-1\n",
            "3 sets × 10 reps · each side · rest 60 s · load: 5 kg dumbbell · tempo 3-1-1",
        ),
        ("load: \" light band \"\n", "load: light band"),
        ("tempo: 2-0-x-1\n", "tempo 2-0-X-1"),
    ];
    for (dose, want) in cases {
        let site = TestSite::minimal().file(
            "content/exercises/x.md",
            &format!("---\ntitle: X\nsummary: X.\ntarget_muscles: [hamstrings]\ncategory: strength\nlevel: beginner\n{dose}cues: [c]\ncommon_errors: [{{error: e, fix: f}}]\n---\n"),
        );
        let built = site.build_ok();
        let index = built.page("exercises/index.html");
        assert_eq!(index.text(".card[data-slug=x] .dose"), want, "for {dose:?}");
    }
}

#[test]
fn exercise_page_shows_load_and_tempo_in_the_facts() {
    let site = TestSite::minimal().file(
        "content/exercises/x.md",
        "---\ntitle: X\nsummary: X.\ntarget_muscles: [hamstrings]\ncategory: strength\nlevel: beginner\nsets: 3\nreps: 8-10\nload: 5 kg dumbbell\ntempo: 3-1-X-0\ncues: [c]\ncommon_errors: [{error: e, fix: f}]\n---\n",
    );
    let built = site.build_ok();
    let page = built.page("exercises/x/index.html");
    // The dose row keeps sets and reps; load and tempo have rows of their own.
    assert_eq!(page.text(".facts .dose"), "3 sets × 8–10 reps");
    assert_eq!(page.text(".facts .load"), "5 kg dumbbell");
    assert_eq!(
        page.text(".facts .tempo"),
        "3-1-X-0: 3 s lowering, 1 s pause, lifting as fast as you can, no pause before the next rep"
    );
    let labels = page.texts(".facts dt");
    assert_eq!(labels[..3], ["Dose", "Load", "Tempo"], "{labels:?}");
    // Without load and tempo the facts have neither row (and the page is unchanged).
    let bridge = built.page("exercises/glute-bridge/index.html");
    assert!(bridge.all(".facts .load, .facts .tempo").is_empty());
    assert_eq!(bridge.texts(".facts dt")[0], "Dose");
    // An exercise with only a load has no empty dose row.
    let site = TestSite::minimal().file(
        "content/exercises/x.md",
        "---\ntitle: X\nsummary: X.\ntarget_muscles: [hamstrings]\ncategory: strength\nlevel: beginner\nload: light band\ncues: [c]\ncommon_errors: [{error: e, fix: f}]\n---\n",
    );
    let built = site.build_ok();
    let page = built.page("exercises/x/index.html");
    assert!(page.all(".facts .dose").is_empty());
    assert_eq!(page.text(".facts .load"), "light band");
}

#[test]
fn progression_edges_are_symmetric() {
    let site = TestSite::minimal();
    let built = site.build_ok();
    // glute-bridge says `harder: [banded-glute-bridge]`; the banded page shows it as easier.
    let banded = built.page("exercises/banded-glute-bridge/index.html");
    let progression = banded.links(".progression");
    assert!(
        progression.contains(&("Glute Bridge".into(), "/exercises/glute-bridge/".into())),
        "{progression:?}"
    );
    // hip-thrust says `easier: [banded-glute-bridge]`; the banded page shows it as harder.
    assert!(
        progression.contains(&("Hip Thrust".into(), "/exercises/hip-thrust/".into())),
        "{progression:?}"
    );
    let headings = banded.texts(".progression h3");
    assert_eq!(headings, vec!["Easier", "Harder"]);
    // And the declared sides.
    let bridge = built.page("exercises/glute-bridge/index.html");
    assert_eq!(
        bridge.attrs(".progression .card-title", "href"),
        vec!["/exercises/banded-glute-bridge/"]
    );
    let thrust = built.page("exercises/hip-thrust/index.html");
    assert_eq!(
        thrust.attrs(".progression .card-title", "href"),
        vec!["/exercises/banded-glute-bridge/"]
    );
}

#[test]
fn muscle_pages_list_primary_before_secondary_with_level_and_dose() {
    let site = TestSite::minimal();
    let built = site.build_ok();
    let glutes = built.page("muscles/gluteus-maximus/index.html");
    let sections = glutes.all("section");
    assert_eq!(sections.len(), 1, "glutes are only a target");
    assert_eq!(
        glutes.texts("#primary + .cards .card-title"),
        vec!["Glute Bridge", "Banded Glute Bridge", "Hip Thrust"]
    );
    assert_eq!(
        glutes.texts(".card .dose")[0],
        "3 sets × 10–15 reps · 2 s hold per rep · rest 60 s"
    );
    assert_eq!(glutes.texts(".card .badge")[0], "Beginner");
    let hams = built.page("muscles/hamstrings/index.html");
    assert!(
        hams.texts("#primary + p").len() == 1,
        "no exercise targets the hamstrings"
    );
    assert_eq!(
        hams.texts("#secondary + .cards .card-title"),
        vec!["Glute Bridge", "Hip Thrust"]
    );
}

#[test]
fn equipment_and_bodyweight_pages_list_their_exercises() {
    let site = TestSite::minimal();
    let built = site.build_ok();
    let band = built.page("equipment/mini-band/index.html");
    assert_eq!(band.texts(".card-title"), vec!["Banded Glute Bridge"]);
    let bw = built.page("equipment/bodyweight/index.html");
    assert_eq!(bw.texts(".card-title"), vec!["Glute Bridge", "Hip Thrust"]);
    let list = built.page("equipment/index.html");
    assert_eq!(list.texts(".card-title"), vec!["Mini Band", "Bodyweight"]);
}

#[test]
fn index_pages_group_and_list_everything() {
    let site = TestSite::minimal();
    let built = site.build_ok();
    let ex = built.page("exercises/index.html");
    assert_eq!(
        ex.texts(".category-group h2"),
        vec!["Activation (1)", "Strength (2)"]
    );
    assert_eq!(
        ex.texts(".category-group[data-category=strength] .card-title"),
        vec!["Banded Glute Bridge", "Hip Thrust"]
    );
    assert!(
        ex.texts(".card .dose")
            .contains(&"3 sets × 8 reps · 1 s hold per rep".to_string())
    );
    let muscles = built.page("muscles/index.html");
    assert_eq!(
        muscles.texts(".card-title"),
        vec!["Gluteus Maximus", "Hamstrings"]
    );
    let paths = built.page("paths/index.html");
    assert_eq!(paths.texts("h2"), vec!["Bridge Ladder"]);
    assert_eq!(
        paths.texts(".inline-steps li"),
        vec!["Glute Bridge", "Banded Glute Bridge", "Hip Thrust"]
    );
}

#[test]
fn path_pages_and_exercise_pages_navigate_the_path() {
    let site = TestSite::minimal();
    let built = site.build_ok();
    let path = built.page("paths/bridge-ladder/index.html");
    assert_eq!(
        path.texts(".steps .card-title"),
        vec!["Glute Bridge", "Banded Glute Bridge", "Hip Thrust"]
    );
    assert_eq!(path.texts(".steps .dose")[1], "3 sets × 10–15 reps");
    assert_eq!(
        path.text(".advance p"),
        "You can do every set with a 2 s squeeze and no low-back ache."
    );

    let middle = built.page("exercises/banded-glute-bridge/index.html");
    let nav = middle.text(".paths li");
    assert!(nav.starts_with("Bridge Ladder: step 2 of 3"), "{nav}");
    assert_eq!(
        middle.attrs(".paths a[rel=prev]", "href"),
        vec!["/exercises/glute-bridge/"]
    );
    assert_eq!(
        middle.attrs(".paths a[rel=next]", "href"),
        vec!["/exercises/hip-thrust/"]
    );
    let first = built.page("exercises/glute-bridge/index.html");
    assert!(first.all(".paths a[rel=prev]").is_empty());
    let last = built.page("exercises/hip-thrust/index.html");
    assert!(last.all(".paths a[rel=next]").is_empty());
}

#[test]
fn home_links_into_everything() {
    let site = TestSite::minimal();
    let built = site.build_ok();
    let home = built.page("index.html");
    assert_eq!(home.text("h1"), "Minimal Guide");
    let hrefs = home.hrefs("main");
    for want in [
        "/paths/bridge-ladder/",
        "/exercises/",
        "/muscles/",
        "/equipment/",
        "/paths/",
        "/safety/",
        "/safety/#red-flags",
    ] {
        assert!(
            hrefs.contains(&want.to_string()),
            "home lacks {want}: {hrefs:?}"
        );
    }
}

#[test]
fn front_matter_is_html_escaped() {
    let site = TestSite::minimal().file(
        "content/exercises/x.md",
        "---\ntitle: \"<script>alert(1)</script> & Co\"\nsummary: \"Quotes \\\" and <b>tags</b>\"\ntarget_muscles: [hamstrings]\ncategory: strength\nlevel: beginner\ncues: [\"<img src=x onerror=alert(1)>\"]\ncommon_errors: [{error: \"<i>e</i>\", fix: f}]\nstop_if: [\"</aside><script>\"]\n---\n",
    );
    let built = site.build_ok();
    let page = built.page("exercises/x/index.html");
    assert!(page.all("main script").is_empty());
    assert!(page.all("main img").is_empty());
    assert!(page.all(".error-fix i").is_empty());
    assert_eq!(page.text("h1"), "<script>alert(1)</script> & Co");
    assert_eq!(page.texts(".cues li"), vec!["<img src=x onerror=alert(1)>"]);
    assert_eq!(page.texts(".stop li"), vec!["</aside><script>"]);
    assert!(page.source.contains("&lt;script&gt;"));
    // In lists too.
    let list = built.page("exercises/index.html");
    assert!(list.all("main script").is_empty());
}

#[test]
fn drafts_are_left_out_unless_asked_for() {
    let draft = "---\ntitle: Draft Move\nsummary: Not ready.\ntarget_muscles: [hamstrings]\ncategory: strength\nlevel: beginner\ncues: [c]\ncommon_errors: [{error: e, fix: f}]\ndraft: true\n---\n";
    let site = TestSite::minimal().file("content/exercises/draft-move.md", draft);
    let built = site.build_ok();
    assert!(!built.has("exercises/draft-move/index.html"));
    assert!(
        !built
            .page("exercises/index.html")
            .texts(".card-title")
            .contains(&"Draft Move".to_string())
    );
    let sitemap = String::from_utf8(built.bytes("sitemap.xml")).unwrap();
    assert!(!sitemap.contains("draft-move"));

    let mut opts = site.options();
    opts.drafts = true;
    let built = site.build_ok_with(&opts);
    assert!(built.has("exercises/draft-move/index.html"));
}

#[test]
fn files_starting_with_underscore_or_dot_are_not_published() {
    let page = "---\ntitle: Hidden\n---\n";
    let site = TestSite::minimal()
        .file("content/_notes.md", page)
        .file("content/.secret.md", page)
        .file("content/_drafts/thing.md", page);
    let built = site.build_ok();
    for rel in [
        "_notes/index.html",
        ".secret/index.html",
        "_drafts/thing/index.html",
        "notes/index.html",
    ] {
        assert!(!built.has(rel), "{rel} was published");
    }
}

#[test]
fn a_site_template_overrides_the_theme_template_by_name() {
    let site = TestSite::minimal().file(
        "templates/article.html",
        "{% extends \"base.html\" %}{% block main %}<h1 class=\"custom\">Custom: {{ page.title }}</h1>{% endblock main %}",
    );
    let built = site.build_ok();
    assert_eq!(
        built.page("safety/index.html").text("h1.custom"),
        "Custom: When to Stop"
    );
    // Other templates are untouched.
    assert_eq!(
        built.page("exercises/glute-bridge/index.html").text("h1"),
        "Glute Bridge"
    );
}

#[test]
fn a_site_can_pick_a_theme_that_inherits_missing_templates() {
    let site = TestSite::minimal()
        .file("site.toml", "title = \"T\"\nbase_url = \"https://guide.example/\"\ntheme = \"plain\"\n")
        .file("themes/plain/templates/muscle.html", "<!DOCTYPE html><html lang=\"en\"><head><title>{{ title }}</title></head><body><main><h1 class=\"plain\">{{ page.title }}</h1></main></body></html>")
        .file("themes/plain/static/style.css", "/* plain */");
    let built = site.build_ok();
    assert_eq!(
        built.page("muscles/hamstrings/index.html").text("h1.plain"),
        "Hamstrings"
    );
    assert_eq!(built.bytes("style.css"), b"/* plain */");
    assert_eq!(
        built.page("exercises/glute-bridge/index.html").text("h1"),
        "Glute Bridge"
    );
}

#[test]
fn static_files_of_the_site_go_over_the_theme() {
    let site = TestSite::minimal()
        .file("static/style.css", "/* site */")
        .file(
            "static/img/bridge.svg",
            "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
        )
        .file("themes/default/static/extra.txt", "theme");
    let built = site.build_ok();
    assert_eq!(built.bytes("style.css"), b"/* site */");
    assert!(built.has("img/bridge.svg"));
    assert_eq!(built.bytes("extra.txt"), b"theme");
    assert!(
        built.has("favicon.svg"),
        "built-in files the site does not override stay"
    );
}

#[test]
fn a_site_without_themes_folder_uses_the_built_in_theme() {
    let site = TestSite::minimal();
    assert!(!site.root().join("themes").exists());
    let built = site.build_ok();
    let css = String::from_utf8(built.bytes("style.css")).unwrap();
    assert!(css.contains("prefers-color-scheme: dark"));
}

#[test]
fn builds_are_byte_for_byte_deterministic() {
    let site = TestSite::fixture("minimal");
    let collect = |out: &std::path::Path| -> Vec<(String, Vec<u8>)> {
        let mut files: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(out)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                (
                    e.path().strip_prefix(out).unwrap().display().to_string(),
                    std::fs::read(e.path()).unwrap(),
                )
            })
            .collect();
        files.sort();
        files
    };
    let mut a = site.options();
    a.output = Some(site.root().join("out-a"));
    let mut b = site.options();
    b.output = Some(site.root().join("out-b"));
    site.build_ok_with(&a);
    site.build_ok_with(&b);
    let (fa, fb) = (
        collect(&site.root().join("out-a")),
        collect(&site.root().join("out-b")),
    );
    assert!(fa.len() > 15);
    assert_eq!(fa, fb);
}

#[test]
fn sitemap_lists_every_page_with_absolute_urls() {
    let site = TestSite::minimal();
    let built = site.build_ok();
    let xml = String::from_utf8(built.bytes("sitemap.xml")).unwrap();
    let locs: Vec<&str> = xml
        .lines()
        .filter_map(|l| l.trim().strip_prefix("<loc>"))
        .map(|l| l.trim_end_matches("</loc>"))
        .collect();
    assert!(locs.contains(&"https://guide.example/"));
    assert!(locs.contains(&"https://guide.example/exercises/glute-bridge/"));
    assert!(locs.contains(&"https://guide.example/equipment/bodyweight/"));
    assert!(!xml.contains("404"));
    // Home, 4 lists, 3 exercises, 2 muscles, 2 equipment (with bodyweight), 1 path, 1 article.
    assert_eq!(locs.len(), 14);
    let mut sorted = locs.clone();
    sorted.sort_unstable();
    assert_eq!(locs, sorted);
}

#[test]
fn base_url_with_a_path_prefixes_every_link() {
    let site = TestSite::minimal();
    let mut opts = site.options();
    opts.base_url = Some("https://host.example/guide".into());
    let built = site.build_ok_with(&opts);
    let page = built.page("exercises/glute-bridge/index.html");
    assert!(
        page.attrs("link[rel=stylesheet]", "href")
            .contains(&"/guide/style.css".to_string())
    );
    assert_eq!(
        page.attrs("link[rel=canonical]", "href"),
        vec!["https://host.example/guide/exercises/glute-bridge/"]
    );
    for href in page.hrefs("body") {
        assert!(
            href.starts_with("/guide/") || href.starts_with('#'),
            "{href}"
        );
    }
}

#[test]
fn a_404_page_is_written() {
    let site = TestSite::minimal();
    let built = site.build_ok();
    let page = built.page("404.html");
    assert_eq!(page.text("h1"), "Page not found");
    assert!(page.hrefs("main").contains(&"/".to_string()));
}

#[test]
fn section_intro_pages_give_list_pages_a_title_and_text() {
    let site = TestSite::minimal().file(
        "content/exercises/_index.md",
        "---\ntitle: All the moves\n---\nPick one.\n",
    );
    let built = site.build_ok();
    let page = built.page("exercises/index.html");
    assert_eq!(page.text("h1"), "All the moves");
    assert_eq!(page.text(".prose p"), "Pick one.");
}

#[test]
fn markdown_extensions_render() {
    let site = TestSite::minimal().file(
        "content/extras.md",
        "---\ntitle: Extras\n---\n| a | b |\n|---|---|\n| 1 | 2 |\n\n~~old~~ text[^n]\n\n[^n]: A note.\n\n- [x] done\n- [ ] todo\n\n```yaml\nsets: 3\n```\n",
    );
    let built = site.build_ok();
    let page = built.page("extras/index.html");
    assert_eq!(page.all("table").len(), 1);
    assert_eq!(page.all("del").len(), 1);
    assert_eq!(page.all("input[type=checkbox]").len(), 2);
    assert!(!page.all(".footnote-definition").is_empty());
    assert!(
        !page.all("pre.code span[class^=hl-]").is_empty(),
        "code is highlighted with classes"
    );
    assert!(page.all("pre [style]").is_empty(), "no inline styles");
    let css = String::from_utf8(built.bytes("highlight.css")).unwrap();
    assert!(css.contains(".hl-") && css.contains("prefers-color-scheme: dark"));
}

#[test]
fn build_reports_counts_per_page_kind() {
    let site = TestSite::minimal();
    let built = site.build_ok();
    let s = &built.report.stats;
    assert_eq!(
        (s.exercises, s.muscles, s.equipment, s.paths, s.articles),
        (3, 2, 2, 1, 1)
    );
    assert_eq!(built.report.source_files, 9);
}

#[test]
fn non_markdown_files_in_content_are_reported_not_published() {
    let site = TestSite::minimal().file("content/exercises/photo.jpg", "jpeg");
    let warnings = site.warnings();
    let w = only(&warnings, "ignored-file");
    assert_eq!(w.file, "content/exercises/photo.jpg");
    assert!(w.hint.as_deref().unwrap().contains("static/"));
}
