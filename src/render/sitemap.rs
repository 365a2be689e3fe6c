//! `sitemap.xml` (sitemaps.org protocol 0.9): every published HTML page except 404, with
//! `<lastmod>` where the page has a date. Sorted by URL so the files are deterministic.
//!
//! The protocol allows 50,000 URLs in one file. A larger site gets a sitemap index at
//! `sitemap.xml` that lists `sitemap-1.xml`, `sitemap-2.xml`... of at most that many URLs
//! each, so `robots.txt` and search consoles keep pointing at the same address.

use std::collections::HashMap;
use std::fmt::Write as _;

use crate::html::escape;
use crate::model::Site;

/// URLs one sitemap file may list (the protocol's limit).
pub(crate) const MAX_URLS: usize = 50_000;

/// The sitemap files for the output paths that were written (`x/index.html`): `(path,
/// text)`, `sitemap.xml` first. `languages` are the site's languages with their prefixes
/// (`("sv", "sv/")`, the default's empty); with more than one, each URL lists the page
/// in every language (`xhtml:link` alternates, Google's format for multilingual sites).
pub(crate) fn sitemaps(
    site: &Site,
    written: &[String],
    languages: &[(String, String)],
) -> Vec<(String, String)> {
    split(site, written, languages, MAX_URLS)
}

/// The page path of `path` in the default language and the index of its language.
fn unprefixed<'p>(path: &'p str, languages: &[(String, String)]) -> (&'p str, usize) {
    for (i, (_, prefix)) in languages.iter().enumerate().skip(1) {
        if let Some(rest) = path.strip_prefix(prefix.as_str()) {
            return (rest, i);
        }
    }
    (path, 0)
}

/// [`sitemaps`] with at most `limit` URLs per file.
fn split(
    site: &Site,
    written: &[String],
    languages: &[(String, String)],
    limit: usize,
) -> Vec<(String, String)> {
    let dates: HashMap<&str, String> = site
        .pages()
        .filter_map(|p| {
            p.date
                .as_ref()
                .map(|d| (p.path.as_str(), d.day().to_string()))
        })
        .collect();
    let mut paths: Vec<&str> = written
        .iter()
        .filter_map(|rel| rel.strip_suffix("index.html"))
        .collect();
    paths.sort_unstable();
    let base = &site.config.base_url;
    // For each page path of the default language, the languages it is published in.
    let multilingual = languages.len() > 1;
    let mut versions: HashMap<&str, Vec<usize>> = HashMap::new();
    if multilingual {
        for p in &paths {
            let (page, li) = unprefixed(p, languages);
            versions.entry(page).or_default().push(li);
        }
        for v in versions.values_mut() {
            v.sort_unstable();
        }
    }
    let urlset = |paths: &[&str]| {
        let mut out = String::from(if multilingual {
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n"
        } else {
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n"
        });
        for path in paths {
            out.push_str("  <url>\n    <loc>");
            out.push_str(&escape(&format!("{base}{path}")));
            out.push_str("</loc>\n");
            let (page, _) = unprefixed(path, languages);
            if let Some(d) = dates.get(page) {
                let _ = writeln!(out, "    <lastmod>{}</lastmod>", escape(d));
            }
            if let Some(v) = versions.get(page).filter(|v| v.len() > 1) {
                for &li in v {
                    let (code, prefix) = &languages[li];
                    let _ = writeln!(
                        out,
                        "    <xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{}\"/>",
                        escape(code),
                        escape(&format!("{base}{prefix}{page}"))
                    );
                }
                let _ = writeln!(
                    out,
                    "    <xhtml:link rel=\"alternate\" hreflang=\"x-default\" href=\"{}\"/>",
                    escape(&format!("{base}{page}"))
                );
            }
            out.push_str("  </url>\n");
        }
        out.push_str("</urlset>\n");
        out
    };
    let limit = limit.max(1);
    if paths.len() <= limit {
        return vec![("sitemap.xml".to_string(), urlset(&paths))];
    }
    let parts: Vec<(String, String)> = paths
        .chunks(limit)
        .enumerate()
        .map(|(i, chunk)| (format!("sitemap-{}.xml", i + 1), urlset(chunk)))
        .collect();
    let mut index = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for (name, _) in &parts {
        let _ = writeln!(
            index,
            "  <sitemap>\n    <loc>{}</loc>\n  </sitemap>",
            escape(&format!("{base}{name}"))
        );
    }
    index.push_str("</sitemapindex>\n");
    let mut out = vec![("sitemap.xml".to_string(), index)];
    out.extend(parts);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::SiteConfig;

    fn site() -> Site {
        Site {
            config: SiteConfig::minimal("T", "https://example.org/guide/"),
            home: None,
            sections: std::collections::BTreeMap::new(),
            exercises: Vec::new(),
            muscles: Vec::new(),
            equipment: Vec::new(),
            paths: Vec::new(),
            routines: Vec::new(),
            articles: Vec::new(),
            bodyweight: Vec::new(),
            bodyweight_page: None,
            safety_path: None,
            links: std::collections::BTreeMap::new(),
            drafts: false,
            assets: Vec::new(),
            language: crate::model::Language::english(),
        }
    }

    #[test]
    fn one_file_up_to_the_limit() {
        let written: Vec<String> = (0..3).map(|i| format!("p{i}/index.html")).collect();
        let files = split(&site(), &written, &[], 3);
        assert_eq!(files.len(), 1);
        assert_eq!(files[0].0, "sitemap.xml");
        assert_eq!(files[0].1.matches("<url>").count(), 3);
    }

    #[test]
    fn past_the_limit_an_index_lists_the_parts() {
        let mut written: Vec<String> = (0..7).map(|i| format!("p{i}/index.html")).collect();
        written.push("404.html".into());
        let files = split(&site(), &written, &[], 3);
        let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(
            names,
            [
                "sitemap.xml",
                "sitemap-1.xml",
                "sitemap-2.xml",
                "sitemap-3.xml"
            ]
        );
        let index = &files[0].1;
        assert!(index.contains("<sitemapindex"), "{index}");
        assert!(index.contains("<loc>https://example.org/guide/sitemap-3.xml</loc>"));
        let counts: Vec<usize> = files[1..]
            .iter()
            .map(|(_, t)| t.matches("<url>").count())
            .collect();
        assert_eq!(counts, [3, 3, 1]);
        assert!(
            files[1]
                .1
                .contains("<loc>https://example.org/guide/p0/</loc>")
        );
    }
}
