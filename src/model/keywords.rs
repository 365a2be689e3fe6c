//! Search keywords of a page, drawn from its own file when it is read.
//!
//! For an exercise, the first telling words of its cues, stop signals, common errors and
//! body (in that order); for other pages, the words their body uses most. They depend only
//! on the file, so they are computed in parallel when files are read (and once per edit in
//! `serve`, whose cache keeps parsed files); `render::search` only assembles the index.

use std::borrow::Cow;
use std::collections::HashMap;

use crate::model::front::{Common, Front, Kind};
use crate::model::inline;

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

fn is_stopword(w: &str) -> bool {
    // Stopwords are 3 to 9 bytes long: most words are ruled out by their length.
    (3..=9).contains(&w.len()) && STOPWORDS.binary_search(&w).is_ok()
}

/// How many keywords each kind of page gets. Articles are few and long, and found mostly
/// through their words, so they get more.
const EXERCISE_KEYWORDS: usize = 12;
const PAGE_KEYWORDS: usize = 20;
const ARTICLE_KEYWORDS: usize = 80;

/// The first `n` distinct words of `texts` that say something: no stopwords, numbers,
/// words of fewer than three letters or words in `skip`. Cheap (it stops after `n` words),
/// for the many exercise pages of a large site.
pub(crate) fn first_words<'t>(
    texts: impl IntoIterator<Item = Cow<'t, str>>,
    skip: &str,
    n: usize,
) -> String {
    let skip: Vec<Cow<'_, str>> = words(skip).collect();
    let mut found: Vec<Cow<'t, str>> = Vec::with_capacity(n);
    // Takes `w` if it says something; false once `n` words are found.
    let mut take = |w: Cow<'t, str>| {
        if found.len() >= n {
            return false;
        }
        if !(w.len() < 3
            || w.bytes().all(|b| b.is_ascii_digit())
            || found.contains(&w)
            || skip.contains(&w)
            || is_stopword(&w))
        {
            found.push(w);
        }
        true
    };
    'texts: for text in texts {
        match text {
            Cow::Borrowed(t) => {
                for w in words(t) {
                    if !take(w) {
                        break 'texts;
                    }
                }
            }
            // Words of an owned text (inline Markdown made plain) are copied.
            Cow::Owned(t) => {
                for w in words(&t) {
                    if !take(Cow::Owned(w.into_owned())) {
                        break 'texts;
                    }
                }
            }
        }
    }
    found.join(" ")
}

/// Only the first this many bytes of a page's texts are read for keywords: the words a
/// page uses most show early, and it bounds the cost on very long pages.
pub(crate) const SCAN_BYTES: usize = 2_500;

/// Bytes of an exercise's body text read for keywords. Exercise keywords are the first
/// useful words of its cues, stop signals and common errors, then of its body; this many
/// bytes of body are more than enough, and collecting less is cheaper on large sites.
pub(crate) const EXERCISE_BODY_BYTES: usize = 600;

/// How much body text [`crate::model::body::scan`] collects for the keywords of a page
/// of `kind` ([`page_keywords`]): none for home and list pages, which are not searched.
pub(crate) fn text_limit(kind: Kind) -> usize {
    match kind {
        Kind::Exercise => EXERCISE_BODY_BYTES,
        Kind::Home | Kind::Section(_) => 0,
        _ => SCAN_BYTES,
    }
}

/// The words of `texts` used most (ties: first used first), at most `n`, leaving out
/// stopwords, numbers, words of fewer than three letters and words in `skip`.
pub(crate) fn keywords<'t>(
    texts: impl IntoIterator<Item = &'t str>,
    skip: &str,
    n: usize,
) -> String {
    let skip: Vec<Cow<'_, str>> = words(skip).collect();
    let mut counts: HashMap<Cow<'t, str>, (u32, u32)> = HashMap::new();
    let mut order = 0;
    let mut budget = SCAN_BYTES;
    for text in texts {
        if budget == 0 {
            break;
        }
        let mut end = text.len().min(budget);
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        budget -= end;
        for w in words(text.get(..end).unwrap_or_default()) {
            if w.len() < 3 || w.bytes().all(|b| b.is_ascii_digit()) {
                continue;
            }
            order += 1;
            counts.entry(w).or_insert((0, order)).0 += 1;
        }
    }
    // Stopwords and words already indexed are dropped once per distinct word.
    counts.retain(|w, _| !is_stopword(w) && !skip.contains(w));
    let mut ranked: Vec<(Cow<'t, str>, (u32, u32))> = counts.into_iter().collect();
    ranked.sort_unstable_by(|a, b| b.1.0.cmp(&a.1.0).then(a.1.1.cmp(&b.1.1)));
    let mut out = String::new();
    for (w, _) in ranked.into_iter().take(n) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&w);
    }
    out
}

/// The words of `text`, lower-cased (borrowed when already lower case).
fn words(text: &str) -> impl Iterator<Item = Cow<'_, str>> + '_ {
    text.split(|c: char| !c.is_alphanumeric() && c != '\'')
        .map(|w| w.trim_matches('\''))
        .filter(|w| !w.is_empty())
        .map(|w| {
            if w.chars().any(char::is_uppercase) {
                Cow::Owned(w.to_lowercase())
            } else {
                Cow::Borrowed(w)
            }
        })
}

/// The keywords of one page, from its own file only: its front matter and `text`, the
/// start of its body without markup ([`crate::model::body::scan`]). Computed when the
/// file is read, so that the search index only assembles documents. Home and list pages are not
/// searched and get none.
pub(crate) fn page_keywords(front: &Front, text: &str) -> String {
    let seen = |c: &Common, aka: &[String]| {
        format!(
            "{} {} {}",
            c.title,
            c.summary.as_deref().unwrap_or_default(),
            aka.join(" ")
        )
    };
    match front {
        Front::Exercise(e) => {
            // Front matter first: it is short, and the body may use up the budget. Its
            // text fields may hold inline Markdown: only their words count.
            // Read lazily: the words are usually found before the last field.
            let texts = e
                .cues
                .iter()
                .chain(e.stop_if.iter())
                .chain(e.common_errors.iter().flat_map(|c| [&c.error, &c.fix]))
                .map(|t| inline::plain(t))
                .chain(std::iter::once(Cow::Borrowed(text)));
            first_words(texts, &seen(&e.common, &e.aka), EXERCISE_KEYWORDS)
        }
        Front::Path(p) => keywords(
            [
                text,
                &inline::plain(p.advance_when.as_deref().unwrap_or("")),
            ],
            &seen(&p.common, &[]),
            PAGE_KEYWORDS,
        ),
        Front::Muscle(m) => {
            let texts = [m.region.as_deref().unwrap_or(""), text];
            let kw = keywords(texts, &seen(&m.common, &m.aka), PAGE_KEYWORDS);
            match &m.region {
                Some(r) => format!("{r} {kw}").trim().to_string(),
                None => kw,
            }
        }
        Front::Equipment(q) => keywords([text], &seen(&q.common, &q.aka), PAGE_KEYWORDS),
        Front::Routine(r) => {
            let notes: Vec<Cow<str>> = r
                .steps
                .iter()
                .filter_map(|s| match s {
                    crate::model::front::RoutineStepFront::Section(t) => {
                        Some(Cow::Borrowed(t.as_str()))
                    }
                    crate::model::front::RoutineStepFront::Exercise(e) => {
                        e.note.as_deref().map(inline::plain)
                    }
                })
                .collect();
            let when = inline::plain(r.when.as_deref().unwrap_or(""));
            let mut texts: Vec<&str> = vec![&when, text];
            texts.extend(notes.iter().map(AsRef::as_ref));
            keywords(texts, &seen(&r.common, &[]), PAGE_KEYWORDS)
        }
        Front::Article(a) => keywords([text], &seen(a, &[]), ARTICLE_KEYWORDS),
        Front::Home(_) | Front::Section(_) => String::new(),
    }
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
    fn first_words_are_distinct_and_skip_noise() {
        let kw = first_words(
            [
                Cow::Borrowed("Squeeze the glutes"),
                Cow::Borrowed("Your hamstrings cramp: the hamstrings, 90 degrees"),
            ],
            "Glute bridge glutes",
            4,
        );
        assert_eq!(kw, "squeeze hamstrings cramp degrees");
        assert_eq!(first_words([Cow::Borrowed("a an the 12 345")], "", 3), "");
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
