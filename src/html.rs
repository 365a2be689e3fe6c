//! HTML and script escaping: the one place that turns text into markup-safe text.
//!
//! Everything the build writes into HTML, SVG, XML (sitemap, feed) or a `<script>` element
//! goes through these functions; no other module escapes by hand.

/// Escapes text for HTML element content or a double-quoted attribute (also valid XML):
/// `&`, `<`, `>` and `"`. Characters XML 1.0 forbids even as references (control
/// characters other than tab and line breaks, U+FFFE, U+FFFF) become U+FFFD, so that a
/// stray control character in front matter cannot make the feed or sitemap unreadable.
pub(crate) fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 16);
    let bytes = s.as_bytes();
    // Plain runs are copied whole; only the bytes that may need a change are looked at.
    let mut run_start = 0;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if !SPECIAL[usize::from(b)] {
            i += 1;
            continue;
        }
        let (replacement, len): (&str, usize) = match b {
            b'&' => ("&amp;", 1),
            b'<' => ("&lt;", 1),
            b'>' => ("&gt;", 1),
            b'"' => ("&quot;", 1),
            // U+FFFE and U+FFFF (EF BF BE, EF BF BF); other characters starting with EF stay.
            0xEF if matches!(bytes.get(i + 1..i + 3), Some([0xBF, 0xBE | 0xBF])) => ("\u{fffd}", 3),
            0xEF => {
                i += 1;
                continue;
            }
            // Control characters other than tab and line breaks.
            _ => ("\u{fffd}", 1),
        };
        out.push_str(&s[run_start..i]);
        out.push_str(replacement);
        i += len;
        run_start = i;
    }
    out.push_str(&s[run_start..]);
    out
}

/// The bytes [`escape`] looks at: `&<>"`, control characters but tab and line breaks, and
/// 0xEF (the first byte of U+FFFE and U+FFFF).
static SPECIAL: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 0x20 {
        t[b] = !matches!(b, 0x09 | 0x0A | 0x0D);
        b += 1;
    }
    t[b'&' as usize] = true;
    t[b'<' as usize] = true;
    t[b'>' as usize] = true;
    t[b'"' as usize] = true;
    t[0xEF] = true;
    t
};

/// Undoes the entity escapes pulldown-cmark and [`escape`] write (`&amp;`, `&quot;`,
/// `&#39;`, `&lt;`, `&gt;`): what an attribute value in generated HTML means.
pub(crate) fn unescape(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    s.replace("&amp;", "&")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
}

/// Makes JSON text safe inside a `<script>` element: no `</script>` or `<!--` can appear.
pub(crate) fn script_safe(json: &str) -> String {
    json.replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_unescapes_markup() {
        let raw = r#"a & "b" <c>"#;
        assert_eq!(escape(raw), "a &amp; &quot;b&quot; &lt;c&gt;");
        assert_eq!(unescape(&escape(raw)), raw);
        assert_eq!(unescape("it&#39;s"), "it's");
    }

    #[test]
    fn characters_xml_forbids_are_replaced() {
        assert_eq!(escape("a\u{1}b\u{ffff}\tc\n"), "a\u{fffd}b\u{fffd}\tc\n");
        // Other characters whose UTF-8 starts with 0xEF stay, next to replaced ones.
        assert_eq!(
            escape("\u{f000}\u{fffe}\u{fffd}\u{ff21}\r\u{1f}é"),
            "\u{f000}\u{fffd}\u{fffd}\u{ff21}\r\u{fffd}é"
        );
    }

    #[test]
    fn escape_agrees_with_a_character_by_character_reference() {
        let reference = |s: &str| -> String {
            s.chars()
                .map(|c| match c {
                    '&' => "&amp;".to_string(),
                    '<' => "&lt;".to_string(),
                    '>' => "&gt;".to_string(),
                    '"' => "&quot;".to_string(),
                    '\t' | '\n' | '\r' => c.to_string(),
                    '\u{0}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}' => "\u{fffd}".to_string(),
                    _ => c.to_string(),
                })
                .collect()
        };
        let pieces = [
            "a", "&", "<", ">", "\"", "\u{0}", "\t", "\u{ef}", "\u{fffe}", "\u{ffff}", "\u{feff}",
            "日", "💪", "\u{1f}", "\u{7f}",
        ];
        // Every string of up to three pieces.
        for a in pieces {
            for b in pieces {
                for c in pieces {
                    let s = format!("{a}{b}{c}");
                    assert_eq!(escape(&s), reference(&s), "{s:?}");
                }
            }
        }
    }

    #[test]
    fn json_cannot_close_its_script() {
        let safe = script_safe(r#"{"a":"</script><!--&"}"#);
        assert!(!safe.contains('<') && !safe.contains('>') && !safe.contains('&'));
    }
}
