//! The search index: one JSON file of documents, built at build time, that the default
//! theme's `search.js` loads on first use and indexes in the browser with MiniSearch
//! (fuzzy and prefix matching).
//!
//! What goes in is what a reader searches for: titles and other names, summaries, muscles,
//! equipment, and a handful of keywords per page, the words its body (and, for exercises,
//! its cues, common errors and stop signals) uses most. Whole bodies are left out so that
//! the file stays small on large sites (about 250 bytes per exercise).
//!
//! Format (`/search-index.json`), positional to keep it small:
//!
//! ```json
//! {"version": 1,
//!  "muscles": ["Gluteus Maximus", ...],          // names, with other names after them
//!  "equipment": ["Mini Band loop band", ...],
//!  "docs": [["e", "Glute Bridge", "exercises/glute-bridge/", "summary", "hip bridge",
//!            [0, 3], [], "heels pelvis ..."], ...]}
//! ```
//!
//! Each document is `[kind, title, path, summary, other names, muscles, equipment,
//! keywords]`: kind is `e` exercise, `m` muscle, `q` equipment, `p` path, `a` article;
//! path is relative to the base path; muscles and equipment index the lists above (for
//! exercises: target then secondary muscles; no equipment means bodyweight).

use std::collections::HashMap;

use serde_json::{Value, json};

use crate::model::{PageBase, Site};

/// Where the index is written.
pub const INDEX_PATH: &str = "search-index.json";

/// Common English words that say nothing about a page.
const STOPWORDS: &[&str] = &[
    "about", "above", "after", "again", "against", "all", "also", "and", "any", "are", "around",
    "because", "been", "before", "being", "below", "between", "both", "but", "can", "could", "did",
    "does", "doing", "done", "down", "during", "each", "either", "enough", "even", "every", "few",
    "for", "from", "further", "get", "gets", "give", "goes", "going", "good", "had", "has", "have",
    "having", "her", "here", "hers", "him", "his", "how", "however", "into", "its", "itself",
    "just", "keep", "less", "let", "like", "make", "makes", "many", "may", "might", "more", "most",
    "much", "must", "near", "need", "never", "new", "next", "not", "now", "off", "once", "one",
    "only", "other", "others", "our", "out", "over", "own", "per", "put", "rather", "same", "see",
    "she", "should", "since", "so", "some", "still", "such", "than", "that", "the", "their",
    "them", "then", "there", "these", "they", "thing", "things", "this", "those", "through", "too",
    "two", "under", "until", "upon", "use", "used", "using", "very", "want", "was", "way", "well",
    "were", "what", "when", "where", "whether", "which", "while", "who", "whom", "why", "will",
    "with", "within", "without", "would", "yet", "you", "your", "yours", "yourself",
];

/// How many keywords each kind of page gets. Articles are few and long, and found mostly
/// through their words, so they get more.
const EXERCISE_KEYWORDS: usize = 12;
const PAGE_KEYWORDS: usize = 20;
const ARTICLE_KEYWORDS: usize = 80;

/// The words of `texts` used most (ties: first used first), at most `n`, leaving out
/// stopwords, numbers, words of fewer than three letters and words in `skip`.
pub fn keywords<'t>(texts: impl IntoIterator<Item = &'t str>, skip: &str, n: usize) -> String {
    let skip: Vec<String> = words(skip).collect();
    let mut counts: HashMap<String, (usize, usize)> = HashMap::new();
    let mut order = 0;
    for text in texts {
        for w in words(text) {
            if w.chars().count() < 3
                || w.chars().all(|c| c.is_ascii_digit())
                || STOPWORDS.binary_search(&w.as_str()).is_ok()
                || skip.contains(&w)
            {
                continue;
            }
            order += 1;
            counts.entry(w).or_insert((0, order)).0 += 1;
        }
    }
    let mut ranked: Vec<(String, (usize, usize))> = counts.into_iter().collect();
    ranked.sort_by(|a, b| b.1.0.cmp(&a.1.0).then(a.1.1.cmp(&b.1.1)));
    ranked
        .into_iter()
        .take(n)
        .map(|(w, _)| w)
        .collect::<Vec<_>>()
        .join(" ")
}

fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric() && c != '\'')
        .map(|w| w.trim_matches('\'').to_lowercase())
        .filter(|w| !w.is_empty())
}

fn name_with_aka(page: &PageBase, aka: &[String]) -> String {
    if aka.is_empty() {
        page.title.clone()
    } else {
        format!("{} {}", page.title, aka.join(" "))
    }
}

fn doc(
    kind: &str,
    page: &PageBase,
    aka: &[String],
    muscles: Vec<usize>,
    equipment: &[usize],
    keywords: String,
) -> Value {
    json!([
        kind,
        page.title,
        page.path,
        page.summary.as_deref().unwrap_or(""),
        aka.join(", "),
        muscles,
        equipment,
        keywords
    ])
}

/// The index of every published page of `site`, as JSON text.
pub fn index(site: &Site) -> String {
    let mut docs: Vec<Value> = Vec::with_capacity(
        site.exercises.len()
            + site.paths.len()
            + site.muscles.len()
            + site.equipment.len()
            + site.articles.len(),
    );
    let seen = |p: &PageBase| format!("{} {} ", p.title, p.summary.as_deref().unwrap_or_default());
    for e in &site.exercises {
        let errors = e
            .common_errors
            .iter()
            .flat_map(|c| [c.error.as_str(), c.fix.as_str()]);
        let texts = std::iter::once(e.page.body.text.as_str())
            .chain(e.cues.iter().map(String::as_str))
            .chain(e.stop_if.iter().map(String::as_str))
            .chain(errors);
        let skip = format!("{} {}", seen(&e.page), e.aka.join(" "));
        let muscles = e
            .target_muscles
            .iter()
            .chain(
                e.secondary_muscles
                    .iter()
                    .filter(|m| !e.target_muscles.contains(m)),
            )
            .copied()
            .collect();
        docs.push(doc(
            "e",
            &e.page,
            &e.aka,
            muscles,
            &e.equipment,
            keywords(texts, &skip, EXERCISE_KEYWORDS),
        ));
    }
    for p in &site.paths {
        let steps: Vec<&str> = p
            .steps
            .iter()
            .map(|&s| site.exercises[s].page.title.as_str())
            .collect();
        let texts = [
            p.page.body.text.as_str(),
            p.advance_when.as_deref().unwrap_or(""),
        ];
        let kw = keywords(texts, &seen(&p.page), PAGE_KEYWORDS);
        // A path is found by the exercises on it too.
        let kw = format!("{} {}", steps.join(" "), kw);
        docs.push(doc(
            "p",
            &p.page,
            &[],
            Vec::new(),
            &[],
            kw.trim().to_string(),
        ));
    }
    for m in &site.muscles {
        let texts = [m.region.as_deref().unwrap_or(""), m.page.body.text.as_str()];
        let skip = format!("{} {}", seen(&m.page), m.aka.join(" "));
        let kw = keywords(texts, &skip, PAGE_KEYWORDS);
        let kw = match &m.region {
            Some(r) => format!("{r} {kw}"),
            None => kw,
        };
        docs.push(doc(
            "m",
            &m.page,
            &m.aka,
            Vec::new(),
            &[],
            kw.trim().to_string(),
        ));
    }
    for q in &site.equipment {
        let skip = format!("{} {}", seen(&q.page), q.aka.join(" "));
        let kw = keywords([q.page.body.text.as_str()], &skip, PAGE_KEYWORDS);
        docs.push(doc("q", &q.page, &q.aka, Vec::new(), &[], kw));
    }
    for a in &site.articles {
        let kw = keywords([a.body.text.as_str()], &seen(a), ARTICLE_KEYWORDS);
        docs.push(doc("a", a, &[], Vec::new(), &[], kw));
    }
    let index = json!({
        "version": 1,
        "muscles": site.muscles.iter().map(|m| name_with_aka(&m.page, &m.aka)).collect::<Vec<_>>(),
        "equipment": site.equipment.iter().map(|q| name_with_aka(&q.page, &q.aka)).collect::<Vec<_>>(),
        "docs": docs,
    });
    index.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stopwords_are_sorted_for_binary_search() {
        let mut sorted = STOPWORDS.to_vec();
        sorted.sort_unstable();
        assert_eq!(sorted, STOPWORDS);
    }

    #[test]
    fn keywords_rank_by_use_and_skip_noise() {
        let kw = keywords(
            [
                "Your hamstrings cramp. The hamstrings cramp when the heels are far: 90 degrees.",
                "Heels down, ribs down.",
            ],
            "Glute bridge",
            3,
        );
        assert_eq!(kw, "hamstrings cramp heels");
        assert_eq!(keywords(["Glute glute bridge"], "glute bridge", 5), "");
    }
}
