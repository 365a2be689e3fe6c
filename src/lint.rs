//! Warnings: things a careful editor would want to know, that do not stop a build.
//!
//! Runs only on a site without errors. Each warning has its own code, so a site can
//! silence it in site.toml (`[warnings] allow = ["orphan-page"]`).

use std::collections::{HashMap, HashSet};

use crate::diagnostic::{Code, Diagnostic, Diagnostics};
use crate::frontmatter::{FieldPath, Target};
use crate::model::parse::ParsedFile;
use crate::model::{PageBase, Site};

// Messages too long to sit inside a statement (rustfmt leaves such statements unformatted).
const HINT_LINK_IT_WITH_PROGRESSION: &str = "link it with 'progression: {easier: [...], harder: [...]}' or add it to a path, so readers can find where it fits";
const HINT_KEEP_THE_SUMMARY_TO_ONE: &str = "keep the summary to one sentence (it is shown in lists and search results); move the rest to the body";
const HINT_NAME_IT_IN_AN_EXERCISE: &str =
    "name it in an exercise's target_muscles or secondary_muscles, or link it with @/";
const HINT_ORDER_THE_STEPS_FROM_EASIER: &str =
    "order the steps from easier to harder, or fix the exercises' progression links";

/// Abbreviations whose full stop does not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "e.g.", "i.e.", "etc.", "vs.", "approx.", "dr.", "mr.", "mrs.", "ms.", "no.", "st.", "min.",
    "sec.",
];

/// Counts the sentences of a one-line text.
pub(crate) fn sentence_count(text: &str) -> usize {
    let words: Vec<&str> = text.split_whitespace().collect();
    let mut count = 0;
    for (i, w) in words.iter().enumerate() {
        let ends = w.ends_with(['.', '!', '?']) || w.ends_with(".\"") || w.ends_with(".)");
        if !ends || ABBREVIATIONS.contains(&w.to_lowercase().as_str()) {
            continue;
        }
        // The last word always closes a sentence; inside, the next word must start like one.
        match words.get(i + 1) {
            None => count += 1,
            Some(next)
                if next
                    .starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit() || c == '"') =>
            {
                count += 1;
            }
            Some(_) => {}
        }
    }
    count.max(usize::from(!text.trim().is_empty()))
}

/// All warnings of a resolved site. `map_regions` are the region ids of the body map the
/// site uses ([`crate::theme::Theme::body_map_regions`]), `None` when it has none.
pub(crate) fn lint(
    site: &Site,
    files: &[&ParsedFile],
    map_regions: Option<&[String]>,
) -> Diagnostics {
    let mut out = Diagnostics::new();
    let by_rel: HashMap<&str, &ParsedFile> = files.iter().map(|f| (f.rel.as_str(), *f)).collect();
    let at_field = |rel: &str, d: Diagnostic, key: &str| -> Diagnostic {
        match by_rel.get(rel) {
            Some(f) => f.field_diagnostic(d, &FieldPath::root().key(key), Target::Key),
            None => d,
        }
    };

    // Pages some body links to with `@/`.
    let linked: HashSet<&str> = site
        .pages()
        .flat_map(|p| p.body.links.iter().map(|l| l.target.as_str()))
        .collect();

    for page in site.pages() {
        if let Some(h) = page.body.headings.iter().find(|h| h.level == 1) {
            out.push(
                Diagnostic::warning(
                    Code::BodyH1,
                    page.display(),
                    format!(
                        "the heading '# {}' repeats the page's main heading level",
                        h.text
                    ),
                )
                .at_line(h.line)
                .hint("the title is already the page's heading: start body headings at '##'"),
            );
        }
        if let Some(s) = &page.summary
            && sentence_count(s) > 1
        {
            out.push(at_field(
                &page.rel,
                Diagnostic::warning(
                    Code::LongSummary,
                    page.display(),
                    "the summary is longer than one sentence",
                )
                .hint(HINT_KEEP_THE_SUMMARY_TO_ONE),
                "summary",
            ));
        }
    }

    for e in &site.exercises {
        let rel = e.page.rel.as_str();
        if e.common_errors.is_empty() {
            out.push(at_field(
                rel,
                Diagnostic::warning(
                    Code::NoCommonErrors,
                    e.page.display(),
                    format!("'{}' lists no common errors", e.page.slug),
                )
                .hint("add 'common_errors:' with at least one '- error: ...' and 'fix: ...' pair"),
                "title",
            ));
        }
        if e.cues.is_empty() {
            out.push(at_field(
                rel,
                Diagnostic::warning(
                    Code::NoCues,
                    e.page.display(),
                    format!("'{}' has no cues", e.page.slug),
                )
                .hint("add 'cues: [...]' with one or two short coaching cues"),
                "title",
            ));
        }
        if e.easier.is_empty() && e.harder.is_empty() && e.paths.is_empty() {
            out.push(at_field(
                rel,
                Diagnostic::warning(
                    Code::Isolated,
                    e.page.display(),
                    format!(
                        "'{}' has no easier or harder exercise and is on no path",
                        e.page.slug
                    ),
                )
                .hint(HINT_LINK_IT_WITH_PROGRESSION),
                "title",
            ));
        }
    }

    for m in &site.muscles {
        if m.primary.is_empty() && m.secondary.is_empty() && !linked.contains(m.page.rel.as_str()) {
            out.push(
                Diagnostic::warning(
                    Code::Orphan,
                    m.page.display(),
                    format!("no page links to the muscle '{}'", m.page.slug),
                )
                .at_line(1)
                .hint(HINT_NAME_IT_IN_AN_EXERCISE),
            );
        }
    }
    // A map_region the body map does not have: the muscle is never highlighted.
    for (m, region) in site
        .muscles
        .iter()
        .filter_map(|m| Some((m, m.map_region.as_deref()?)))
    {
        let Some(regions) = map_regions else { break };
        if regions.iter().any(|r| r == region) {
            continue;
        }
        let hint = crate::suggest::hint(region, regions.iter().map(String::as_str))
            .unwrap_or_else(|| {
                if regions.is_empty() {
                    "the theme's bodymap.svg has no regions: remove map_region or add the region to the theme".into()
                } else {
                    format!("the theme's body map draws: {}", regions.join(", "))
                }
            });
        let d = Diagnostic::warning(
            Code::UnknownMapRegion,
            m.page.display(),
            format!(
                "'{region}' is not a region of the theme's body map, so the muscle is not highlighted on any map"
            ),
        )
        .hint(hint);
        out.push(match by_rel.get(m.page.rel.as_str()) {
            Some(f) => f.field_diagnostic(d, &FieldPath::root().key("map_region"), Target::Value),
            None => d,
        });
    }
    for q in &site.equipment {
        if q.exercises.is_empty() && !linked.contains(q.page.rel.as_str()) {
            out.push(
                Diagnostic::warning(
                    Code::Orphan,
                    q.page.display(),
                    format!("no page links to the equipment '{}'", q.page.slug),
                )
                .at_line(1)
                .hint("name it in an exercise's equipment list, or link it with @/"),
            );
        }
    }

    // The same title on two pages of one kind: a copied file, or two pages readers cannot
    // tell apart in lists and search. Compared without case and extra spaces.
    let kinds: [(&str, Vec<&PageBase>); 6] = [
        ("exercise", site.exercises.iter().map(|e| &e.page).collect()),
        ("muscle", site.muscles.iter().map(|m| &m.page).collect()),
        (
            "equipment",
            site.equipment.iter().map(|q| &q.page).collect(),
        ),
        ("path", site.paths.iter().map(|p| &p.page).collect()),
        ("routine", site.routines.iter().map(|r| &r.page).collect()),
        ("page", site.articles.iter().collect()),
    ];
    for (noun, mut pages) in kinds {
        pages.sort_by(|a, b| a.rel.cmp(&b.rel));
        let mut first: HashMap<String, &PageBase> = HashMap::new();
        for page in pages {
            let key = page
                .title
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .to_lowercase();
            let Some(other) = first.get(&key) else {
                first.insert(key, page);
                continue;
            };
            out.push(at_field(
                &page.rel,
                Diagnostic::warning(
                    Code::DuplicateTitle,
                    page.display(),
                    format!(
                        "the title '{}' is also the title of the {noun} {}",
                        page.title,
                        other.display()
                    ),
                )
                .hint(format!(
                    "give each {noun} a title of its own (or remove the copy), so readers can tell them apart"
                )),
                "title",
            ));
        }
    }

    // Path order: a later step must not be easier than an earlier one in the graph.
    for p in &site.paths {
        for (j, &later) in p.steps.iter().enumerate() {
            for (i, &earlier) in p.steps.iter().enumerate().take(j) {
                if reaches(site, later, earlier) {
                    let d = Diagnostic::warning(
                        Code::PathOrder,
                        p.page.display(),
                        format!(
                            "step {} '{}' is easier than step {} '{}' in the progression graph",
                            j + 1,
                            site.exercises[later].page.slug,
                            i + 1,
                            site.exercises[earlier].page.slug
                        ),
                    )
                    .hint(HINT_ORDER_THE_STEPS_FROM_EASIER);
                    let d = match by_rel.get(p.page.rel.as_str()) {
                        Some(f) => f.field_diagnostic(
                            d,
                            &FieldPath::root().key("steps").index(j),
                            Target::Value,
                        ),
                        None => d,
                    };
                    out.push(d);
                    break;
                }
            }
        }
    }
    out
}

/// True when `to` is harder than `from` through one or more `harder` edges.
fn reaches(site: &Site, from: usize, to: usize) -> bool {
    // A set, not a vector as long as the site: this runs for every pair of path steps.
    let mut seen = HashSet::new();
    let mut stack = vec![from];
    while let Some(n) = stack.pop() {
        for &h in &site.exercises[n].harder {
            if h == to {
                return true;
            }
            if seen.insert(h) {
                stack.push(h);
            }
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::sentence_count;

    #[test]
    fn counts_sentences_not_abbreviations() {
        assert_eq!(sentence_count("Lift the hips to wake up the glutes."), 1);
        assert_eq!(sentence_count("Lift the hips. Then lower them."), 2);
        assert_eq!(
            sentence_count("Use a band, e.g. a mini band, above the knees."),
            1
        );
        assert_eq!(sentence_count("Hold 2.5 s at the top"), 1);
        assert_eq!(sentence_count("Why? Because it works."), 2);
        assert_eq!(sentence_count(""), 0);
    }
}
