//! `sitemap.xml` (sitemaps.org protocol 0.9): every published HTML page except 404, with
//! `<lastmod>` where the page has a date. Sorted by URL so the file is deterministic.

use std::collections::HashMap;
use std::fmt::Write as _;

use crate::html::escape;
use crate::model::Site;

/// Builds the sitemap from the output paths that were written (`x/index.html`).
pub(crate) fn sitemap(site: &Site, written: &[String]) -> String {
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
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for path in paths {
        out.push_str("  <url>\n    <loc>");
        out.push_str(&escape(&format!("{}{}", site.config.base_url, path)));
        out.push_str("</loc>\n");
        if let Some(d) = dates.get(path) {
            let _ = writeln!(out, "    <lastmod>{}</lastmod>", escape(d));
        }
        out.push_str("  </url>\n");
    }
    out.push_str("</urlset>\n");
    out
}
