//! "Did you mean ...?": the single source of near-miss hints for keys and slugs.

/// The candidate closest to `input`, if it is close enough to be a plausible typo.
///
/// Closeness is the Damerau-Levenshtein distance (a swapped pair of letters counts once),
/// allowed to grow with the length of the input so that `glute-brige` finds
/// `glute-bridge` but `plank` does not find `clamshell`. A candidate that merely contains
/// the input, or is contained in it, as a whole word also counts (`glute-max` finds
/// `gluteus-maximus` through the prefix rule below). Ties go to the first candidate in
/// sorted order so hints are deterministic.
pub(crate) fn did_you_mean<'a, I>(input: &str, candidates: I) -> Option<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    let input_l = input.to_lowercase();
    let mut best: Option<(usize, bool, &'a str)> = None;
    for cand in candidates {
        let cand_l = cand.to_lowercase();
        if cand_l == input_l {
            return Some(cand);
        }
        let distance = strsim::damerau_levenshtein(&input_l, &cand_l);
        let allowed = match input_l.chars().count() {
            0..=3 => 1,
            4..=7 => 2,
            _ => 3,
        };
        let score = if distance <= allowed {
            Some(distance)
        } else if abbreviates(&input_l, &cand_l) {
            // An abbreviation ranks after every real typo.
            Some(allowed + 1)
        } else {
            None
        };
        if let Some(score) = score {
            // Among equally close candidates, prefer one that extends the input
            // (`how-to-do` → `how-to-do-it`), then the first in sorted order.
            let rank = (score, !cand_l.starts_with(&input_l), cand);
            if best.is_none_or(|b| rank < b) {
                best = Some(rank);
            }
        }
    }
    best.map(|(_, _, c)| c)
}

/// True when each `-`/space separated word of `short` is a prefix of the matching word of
/// `long`, with the same number of words: `glute-max` abbreviates `gluteus-maximus`,
/// `rdl` does not abbreviate `romanian-deadlift`.
fn abbreviates(short: &str, long: &str) -> bool {
    let split = |s: &str| -> Vec<String> {
        s.split(['-', ' ', '_'])
            .filter(|w| !w.is_empty())
            .map(str::to_string)
            .collect()
    };
    let (a, b) = (split(short), split(long));
    if a.is_empty() || a.len() != b.len() || short.len() < 3 {
        return false;
    }
    a.iter()
        .zip(&b)
        .all(|(x, y)| y.starts_with(x.as_str()) && x.len() >= 3.min(y.len()))
}

/// Formats a hint for a near miss, or `None` when nothing is close.
pub(crate) fn hint<'a, I>(input: &str, candidates: I) -> Option<String>
where
    I: IntoIterator<Item = &'a str>,
{
    did_you_mean(input, candidates).map(|c| format!("did you mean '{c}'?"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_typos_and_abbreviations() {
        let slugs = [
            "glute-bridge",
            "gluteus-maximus",
            "gluteus-medius",
            "hamstrings",
            "clamshell",
        ];
        let cases = [
            ("glute-brige", Some("glute-bridge")),
            ("glute-max", Some("gluteus-maximus")),
            ("gluteus-medus", Some("gluteus-medius")),
            ("hamstring", Some("hamstrings")),
            ("plank", None),
            ("x", None),
            ("Clamshell", Some("clamshell")),
        ];
        for (input, want) in cases {
            assert_eq!(did_you_mean(input, slugs), want, "input {input}");
        }
    }

    #[test]
    fn finds_key_typos() {
        let keys = ["target_muscles", "secondary_muscles", "title", "summary"];
        assert_eq!(did_you_mean("trget_muscles", keys), Some("target_muscles"));
        assert_eq!(did_you_mean("titel", keys), Some("title"));
        assert_eq!(did_you_mean("colour", keys), None);
    }
}
