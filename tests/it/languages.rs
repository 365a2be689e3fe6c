//! Languages: the theme's words in the site's language, translations beside their pages
//! with per-field fallback, one site in several languages (URL layout, alternates in heads
//! and the sitemap, per-language lists, search and feed), translation problems located in
//! the translation file, and `check`'s coverage report.

use crate::harness::{TestSite, code, only, stderr, stdout};

/// The bilingual fixture: the minimal site with `[languages.sv]` and Swedish translations
/// of the home page, the safety page, the glute bridge (title, summary, cues, stop signals
/// and body; its common errors fall back), the bridge ladder (title, advance_when, body)
/// and the gluteus maximus (title and aka; its body and summary fall back).
fn bilingual() -> TestSite {
    TestSite::fixture("bilingual")
}

#[test]
fn each_language_has_its_pages_under_its_prefix() {
    let site = bilingual();
    let built = site.build_ok();
    for rel in [
        "index.html",
        "exercises/glute-bridge/index.html",
        "exercises/hip-thrust/index.html",
        "404.html",
        "search-index.json",
    ] {
        assert!(built.has(rel), "{rel}");
        assert!(built.has(&format!("sv/{rel}")), "sv/{rel}");
    }
    // Each language has its own feed, in its language.
    let feed = String::from_utf8(built.bytes("sv/atom.xml")).expect("utf-8");
    assert!(feed.contains("xml:lang=\"sv\""), "{feed}");
    assert!(
        feed.contains("<id>https://guide.example/sv/</id>"),
        "{feed}"
    );
    // Files every language shares are written once.
    assert!(built.has("style.css") && !built.has("sv/style.css"));
    assert!(built.has("sitemap.xml") && !built.has("sv/sitemap.xml"));
    assert_eq!(built.report.stats.languages, 2);
    assert_eq!(built.report.stats.exercises, 6);
    let en = built.page("exercises/glute-bridge/index.html");
    let sv = built.page("sv/exercises/glute-bridge/index.html");
    assert_eq!(en.attrs("html", "lang"), ["en"]);
    assert_eq!(sv.attrs("html", "lang"), ["sv"]);
    // Links to pages stay in the language; files are shared.
    let hrefs = sv.hrefs("main");
    assert!(
        hrefs
            .iter()
            .any(|h| h == "/sv/exercises/banded-glute-bridge/"),
        "{hrefs:?}"
    );
    assert!(
        hrefs
            .iter()
            .filter(|h| h.starts_with("/exercises/") || h.starts_with("/muscles/"))
            .count()
            == 0,
        "{hrefs:?}"
    );
    assert_eq!(sv.attrs("link[rel=stylesheet]", "href")[0], "/style.css");
    // The site's title in Swedish (`[languages.sv] title`).
    assert_eq!(sv.text(".site-title"), "Minimal guide");
}

#[test]
fn a_translation_gives_text_and_the_rest_falls_back_field_by_field() {
    let site = bilingual();
    let built = site.build_ok();
    let sv = built.page("sv/exercises/glute-bridge/index.html");
    assert_eq!(sv.text("h1"), "Bäckenlyft");
    assert_eq!(
        sv.text(".lead"),
        "Lyft höfterna från golvet för att väcka sätesmusklerna."
    );
    assert_eq!(
        sv.texts(".cues li"),
        [
            "Spänn sätesmusklerna innan höfterna lämnar golvet",
            "Revbenen ned"
        ]
    );
    assert_eq!(sv.texts(".stop li"), ["Smärtan strålar ut nedanför knät"]);
    assert!(
        sv.text("#how-to").starts_with("Så gör du"),
        "{}",
        sv.text("#how-to")
    );
    // Left out: the common errors come from the English page.
    assert_eq!(
        sv.texts(".error-fix dt"),
        ["Hamstrings cramp", "The thighs burn instead of the glutes"]
    );
    // Structured data is the default page's: the dose, the muscles, the progression.
    assert_eq!(
        sv.attrs("#muscles a", "href"),
        ["/sv/muscles/gluteus-maximus/"]
    );
    assert_eq!(sv.text("#muscles a"), "Stora sätesmuskeln");
    // A partly translated page says so; a page without translation is the default
    // language's text, marked as such.
    assert!(sv.all(".untranslated-note").len() == 1, "{}", sv.source);
    // An untranslated neighbour's card marks its English title.
    assert_eq!(
        sv.attrs(".progression .card-title", "lang"),
        ["en"],
        "{}",
        sv.source
    );
    assert!(sv.source.contains("\"inLanguage\":\"sv\""), "{}", sv.source);
    let hip = built.page("sv/exercises/hip-thrust/index.html");
    assert_eq!(hip.text("h1"), "Hip Thrust");
    // Structured data says the text is English.
    assert!(
        hip.source.contains("\"inLanguage\":\"en\""),
        "{}",
        hip.source
    );
    assert_eq!(hip.attrs("article", "lang"), ["en"]);
    assert_eq!(hip.all(".untranslated-note").len(), 1);
    // English pages carry no note.
    let en = built.page("exercises/glute-bridge/index.html");
    assert!(en.all(".untranslated-note").is_empty());
    // The muscle's body falls back to English; its Swedish title shows on the exercise.
    let m = built.page("sv/muscles/gluteus-maximus/index.html");
    assert_eq!(m.text("h1"), "Stora sätesmuskeln");
    assert!(m.text(".prose").contains("It extends the hip"));
}

#[test]
fn heads_and_the_sitemap_list_every_language_of_a_page() {
    let site = bilingual();
    let built = site.build_ok();
    for (rel, lang) in [
        ("exercises/glute-bridge/index.html", "en"),
        ("sv/exercises/glute-bridge/index.html", "sv"),
    ] {
        let p = built.page(rel);
        let alt = |l: &str| p.attrs(&format!("link[rel=alternate][hreflang=\"{l}\"]"), "href");
        assert_eq!(
            alt("en"),
            ["https://guide.example/exercises/glute-bridge/"],
            "{rel}"
        );
        assert_eq!(
            alt("sv"),
            ["https://guide.example/sv/exercises/glute-bridge/"],
            "{rel}"
        );
        assert_eq!(
            alt("x-default"),
            ["https://guide.example/exercises/glute-bridge/"],
            "{rel}"
        );
        let locale = p.attrs("meta[property=\"og:locale\"]", "content");
        assert_eq!(
            locale,
            [if lang == "en" { "en_US" } else { "sv_SE" }],
            "{rel}"
        );
        // The switcher leads to the same page in the other language.
        let other = if lang == "en" { "sv" } else { "en" };
        let to = p.attrs(
            &format!(".language-switcher a[hreflang=\"{other}\"]"),
            "href",
        );
        let want = if lang == "en" {
            "/sv/exercises/glute-bridge/"
        } else {
            "/exercises/glute-bridge/"
        };
        assert_eq!(to, [want], "{rel}");
    }
    let sitemap = String::from_utf8(built.bytes("sitemap.xml")).expect("utf-8");
    assert!(sitemap.contains("xmlns:xhtml=\"http://www.w3.org/1999/xhtml\""));
    assert!(sitemap.contains(
        "<loc>https://guide.example/sv/exercises/glute-bridge/</loc>\n    <xhtml:link rel=\"alternate\" hreflang=\"en\" href=\"https://guide.example/exercises/glute-bridge/\"/>\n    <xhtml:link rel=\"alternate\" hreflang=\"sv\" href=\"https://guide.example/sv/exercises/glute-bridge/\"/>\n    <xhtml:link rel=\"alternate\" hreflang=\"x-default\" href=\"https://guide.example/exercises/glute-bridge/\"/>"
    ), "{sitemap}");
    // Every page of both languages is listed once.
    assert_eq!(
        sitemap.matches("<loc>").count(),
        2 * sitemap.matches("<loc>https://guide.example/sv/").count()
    );
}

#[test]
fn omit_leaves_untranslated_pages_out_and_links_to_the_default_language() {
    let site = bilingual();
    let toml = std::fs::read_to_string(site.root().join("site.toml")).expect("site.toml");
    site.write(
        "site.toml",
        format!("untranslated = \"omit\"\n{toml}").as_bytes(),
    );
    let built = site.build_ok();
    assert!(built.has("sv/exercises/glute-bridge/index.html"));
    assert!(!built.has("sv/exercises/hip-thrust/index.html"));
    // Lists and home pages are always there.
    assert!(built.has("sv/exercises/index.html") && built.has("sv/index.html"));
    let list = built.page("sv/exercises/index.html");
    let hrefs = list.attrs(".card-title", "href");
    assert!(
        hrefs.contains(&"/sv/exercises/glute-bridge/".to_string()),
        "{hrefs:?}"
    );
    assert!(
        hrefs.contains(&"/exercises/hip-thrust/".to_string()),
        "{hrefs:?}"
    );
    // The English page has no Swedish alternate.
    let en = built.page("exercises/hip-thrust/index.html");
    assert!(en.attrs("link[hreflang=sv]", "href").is_empty());
    let index = String::from_utf8(built.bytes("sv/search-index.json")).expect("utf-8");
    assert!(index.contains("\"sv/exercises/glute-bridge/\""), "{index}");
    assert!(index.contains("\"exercises/hip-thrust/\""), "{index}");
}

#[test]
fn translation_problems_are_errors_at_the_translation_files_lines() {
    let site = bilingual()
        .file(
            "content/exercises/hip-thrust.sv.md",
            "---\ntitle: Höftlyft\nsets: 5\ntarget_muscles: [hamstrings]\nsumary: x\ncues: 3\n---\n",
        )
        .file("content/exercises/dead-bug.sv.md", "---\ntitle: Död insekt\n---\n")
        .file("content/exercises/glute-bridge.fr.md", "---\ntitle: Pont fessier\n---\n");
    let out = site.cli(&["check"]);
    assert_eq!(code(&out), 1);
    let err = stderr(&out);
    for want in [
        "content/exercises/hip-thrust.sv.md:3:1: error[translation-differs]: sets: differs from content/exercises/hip-thrust.md",
        "content/exercises/hip-thrust.sv.md:4:1: error[translation-differs]: target_muscles: differs",
        "content/exercises/hip-thrust.sv.md:5:1: error[unknown-key]: sumary",
        "content/exercises/hip-thrust.sv.md:6:7: error[wrong-type]: cues",
        "content/exercises/dead-bug.sv.md:1:1: error[bad-translation]: this translation has no default-language page",
        "content/exercises/glute-bridge.fr.md:1:1: error[bad-translation]: this is a translation into 'fr', a language the site does not list",
    ] {
        assert!(err.contains(want), "missing {want:?} in:\n{err}");
    }
    assert!(err.contains("did you mean 'summary'?"), "{err}");
    // Every problem in one run, and none reported twice.
    assert!(err.contains("6 errors"), "{err}");
}

#[test]
fn check_reports_translation_coverage() {
    let site = bilingual();
    let out = site.cli(&["check"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains("sv: 1 of 3 exercises, 1 of 2 muscles, 0 of 1 equipment pages, 1 of 1 paths, 2 of 2 pages translated; 5 fields fall back"),
        "{text}"
    );
    let out = site.cli(&["check", "--format", "json"]);
    assert_eq!(code(&out), 0);
    let lines: Vec<serde_json::Value> = stdout(&out)
        .lines()
        .filter_map(|l| serde_json::from_str(l).ok())
        .filter(|v: &serde_json::Value| v.get("translation_missing").is_some())
        .map(|v| v["translation_missing"].clone())
        .collect();
    let hip = lines
        .iter()
        .find(|m| m["file"] == "content/exercises/hip-thrust.md")
        .expect("hip thrust listed");
    assert_eq!(hip["lang"], "sv");
    assert_eq!(hip["translation"], "content/exercises/hip-thrust.sv.md");
    assert_eq!(hip["fields"], serde_json::json!([]));
    let bridge = lines
        .iter()
        .find(|m| m["file"] == "content/exercises/glute-bridge.md")
        .expect("glute bridge listed");
    assert_eq!(bridge["fields"], serde_json::json!(["common_errors"]));
}

#[test]
fn languages_settings_are_checked() {
    let cases = [
        (
            "languages = [\"sv\", \"de\"]\n",
            "site.toml:4:13: error[bad-value]: languages: languages does not include the site's language 'en'",
        ),
        (
            "languages = [\"en\", \"sv\", \"sv\"]\n",
            "error[bad-value]: languages: 'sv' is listed twice",
        ),
        (
            "languages = [\"en\", \"swedish!\"]\n",
            "error[bad-value]: languages: 'swedish!' is not a language tag",
        ),
        (
            "[languages.sv]\ntitel = \"x\"\n",
            "error[unknown-key]: languages.sv.titel: unknown setting 'languages.sv.titel'",
        ),
        (
            "untranslated = \"hide\"\n",
            "error[bad-value]: untranslated: untranslated 'hide' is not a choice",
        ),
    ];
    for (extra, want) in cases {
        let site = TestSite::minimal();
        let toml = std::fs::read_to_string(site.root().join("site.toml")).expect("site.toml");
        site.write("site.toml", format!("{toml}{extra}").as_bytes());
        let lines = site.error_lines();
        assert!(
            lines.iter().any(|l| l.contains(want)),
            "{extra}: want {want:?} in {lines:#?}"
        );
    }
}

#[test]
fn a_language_without_a_table_warns_and_a_site_table_overrides_words() {
    let site = TestSite::minimal();
    let toml = std::fs::read_to_string(site.root().join("site.toml")).expect("site.toml");
    site.write("site.toml", format!("{toml}language = \"pt\"\n").as_bytes());
    let w = site.warnings();
    let d = only(&w, "missing-translation");
    assert_eq!(d.file, "i18n/pt.toml");
    assert!(
        d.message.contains("have no 'pt' translation"),
        "{}",
        d.message
    );
    // The site's table: any word, with typos caught.
    let site = site.file(
        "i18n/pt.toml",
        "[page]\nstop_if = \"Pare se\"\n[dose]\neach_sid = \"cada lado\"\n",
    );
    let w = site.warnings();
    let typo = only(&w, "unknown-key");
    assert_eq!(typo.file, "i18n/pt.toml");
    assert_eq!(typo.start.map(|p| p.line), Some(4));
    assert_eq!(typo.hint.as_deref(), Some("did you mean 'dose.each_side'?"));
    let built = site.build_ok();
    let page = built.page("exercises/glute-bridge/index.html");
    assert_eq!(page.attrs("html", "lang"), ["pt"]);
    assert_eq!(page.text("#stop-signals"), "Pare se");
}

#[test]
fn doses_and_durations_use_the_words_and_plurals_of_each_shipped_language() {
    // (language, 1 set × 1 rep, 3 sets × 10–15 reps with a 2 s hold, each side, rest 90 s,
    // the routine's estimated duration of one minute)
    let cases = [
        (
            "en",
            "1 set × 1 rep",
            "3 sets × 10–15 reps · 2 s hold per rep · each side · rest 90 s",
        ),
        (
            "sv",
            "1 set × 1 repetition",
            "3 set × 10–15 repetitioner · håll 2 s per repetition · varje sida · vila 90 s",
        ),
        (
            "de",
            "1 Satz × 1 Wiederholung",
            "3 Sätze × 10–15 Wiederholungen · pro Wiederholung 2 s halten · pro Seite · 90 s Pause",
        ),
        (
            "fr",
            "1 série × 1 répétition",
            "3 séries × 10–15 répétitions · 2 s de maintien par répétition · de chaque côté · repos 90 s",
        ),
        (
            "es",
            "1 serie × 1 repetición",
            "3 series × 10–15 repeticiones · mantener 2 s en cada repetición · cada lado · descanso de 90 s",
        ),
    ];
    for (lang, one, many) in cases {
        let site = TestSite::minimal()
            .file(
                "content/exercises/one.md",
                "---\ntitle: One\nsummary: One.\ntarget_muscles: [gluteus-maximus]\ncategory: strength\nlevel: beginner\nsets: 1\nreps: 1\ncues: [c]\ncommon_errors: [{error: e, fix: f}]\n---\n",
            )
            .file(
                "content/exercises/many.md",
                "---\ntitle: Many\nsummary: Many.\ntarget_muscles: [gluteus-maximus]\ncategory: strength\nlevel: beginner\nsets: 3\nreps: 10-15\nhold: 2s\nper_side: true\nrest: 90s\ncues: [c]\ncommon_errors: [{error: e, fix: f}]\n---\n",
            );
        let toml = std::fs::read_to_string(site.root().join("site.toml")).expect("site.toml");
        site.write(
            "site.toml",
            format!("{toml}language = \"{lang}\"\n").as_bytes(),
        );
        let w = site.warnings();
        assert!(
            !w.iter().any(|d| d.code.name() == "missing-translation"),
            "{lang}: the shipped table is complete: {w:?}"
        );
        let built = site.build_ok();
        assert_eq!(
            built.page("exercises/one/index.html").text(".dose"),
            one,
            "{lang}"
        );
        assert_eq!(
            built.page("exercises/many/index.html").text(".dose"),
            many,
            "{lang}"
        );
    }
}
