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
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\t' | '\n' | '\r' => out.push(c),
            '\u{0}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}' => out.push('\u{fffd}'),
            _ => out.push(c),
        }
    }
    out
}

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
    }

    #[test]
    fn json_cannot_close_its_script() {
        let safe = script_safe(r#"{"a":"</script><!--&"}"#);
        assert!(!safe.contains('<') && !safe.contains('>') && !safe.contains('&'));
    }
}
