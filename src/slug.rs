//! Slugs: URL-safe names made from titles and headings.

/// Turns a title or heading into a slug: accents transliterated (`Étirement` → `etirement`),
/// lowercase ASCII letters and digits kept, every other run of characters one `-`.
/// An apostrophe inside a word is dropped (`Runner's` → `runners`).
pub(crate) fn slugify(text: &str) -> String {
    let ascii = deunicode::deunicode(text);
    let mut out = String::with_capacity(ascii.len());
    let mut pending_dash = false;
    for c in ascii.chars() {
        if c.is_ascii_alphanumeric() {
            if pending_dash && !out.is_empty() {
                out.push('-');
            }
            pending_dash = false;
            out.push(c.to_ascii_lowercase());
        } else if c != '\'' {
            pending_dash = true;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::slugify;

    #[test]
    fn slugifies_titles_with_accents_and_punctuation() {
        let cases = [
            ("Single-Leg Glute Bridge", "single-leg-glute-bridge"),
            ("Étirement du piriforme", "etirement-du-piriforme"),
            ("Bird-Dog (Quadruped)", "bird-dog-quadruped"),
            ("Runner's Stretch!", "runners-stretch"),
            (
                "  Why it helps your low back?  ",
                "why-it-helps-your-low-back",
            ),
            ("90/90 Hip Switch", "90-90-hip-switch"),
            ("Straße", "strasse"),
            ("!!!", ""),
        ];
        for (input, want) in cases {
            assert_eq!(slugify(input), want, "{input}");
        }
    }
}
