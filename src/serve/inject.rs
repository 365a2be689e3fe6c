//! The live-reload script, added to HTML pages as they are served (never stored in the
//! snapshot, never written by `build`).

use crate::html::escape;

/// The browser side: listens to `/__movebook/events`, reloads, swaps stylesheets and shows
/// the error overlay.
pub(crate) const CLIENT_JS: &str = include_str!("client.js");

/// Served for every path while no build has succeeded yet; the script shows the errors.
pub(crate) const NO_BUILD_PAGE: &str = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>movebook: the site has errors</title>\n</head>\n<body>\n<h1>The site has errors</h1>\n<p>movebook could not build the site yet. The errors are listed in the terminal and over this page; fix them and this page reloads.</p>\n</body>\n</html>\n";

/// The tag added to a page: the script, told which server run and build the page comes
/// from and which URL it is.
pub(crate) fn tag(server: &str, build: u64, page: &str) -> String {
    format!(
        "<script src=\"/__movebook/client.js\" data-server=\"{}\" data-build=\"{build}\" data-page=\"{}\" defer></script>",
        escape(server),
        escape(page)
    )
}

/// `html` with the script tag inserted before the last `</body>` (any case), or appended
/// when there is none.
pub(crate) fn inject(html: &[u8], server: &str, build: u64, page: &str) -> Vec<u8> {
    let tag = tag(server, build, page);
    let needle = b"</body";
    let at = html
        .windows(needle.len())
        .rposition(|w| w.eq_ignore_ascii_case(needle))
        .unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + tag.len() + 1);
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(tag.as_bytes());
    out.push(b'\n');
    out.extend_from_slice(&html[at..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inserts_before_the_last_closing_body() {
        let t = tag("s", 3, "/x/");
        for (input, want) in [
            (
                "<html><body><p>x</p></body></html>",
                format!("<html><body><p>x</p>{t}\n</body></html>"),
            ),
            ("<BODY>a</BODY >", format!("<BODY>a{t}\n</BODY >")),
            (
                "<body><pre></body></pre></body>",
                format!("<body><pre></body></pre>{t}\n</body>"),
            ),
            ("no body at all", format!("no body at all{t}\n")),
            ("", format!("{t}\n")),
        ] {
            assert_eq!(
                String::from_utf8(inject(input.as_bytes(), "s", 3, "/x/")).expect("utf8"),
                want,
                "{input}"
            );
        }
    }

    #[test]
    fn escapes_the_page_url() {
        assert!(tag("s", 1, "/a\"b/").contains("data-page=\"/a&quot;b/\""));
    }
}
