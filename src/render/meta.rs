//! Machine-readable descriptions of pages: schema.org JSON-LD for exercises and the Atom
//! feed of dated pages.

use serde_json::{Map, Value, json};

use crate::model::Site;
use crate::model::units::{CountRange, DurationRange};
use crate::render::markdown::escape_attr;
use crate::render::views::Shared;

/// Where the Atom feed is written.
pub const FEED_PATH: &str = "atom.xml";

fn count(c: CountRange) -> Value {
    if c.min == c.max {
        json!(c.min)
    } else {
        json!({"@type": "QuantitativeValue", "minValue": c.min, "maxValue": c.max})
    }
}

fn seconds(d: DurationRange) -> Value {
    let mut v = json!({"@type": "QuantitativeValue", "unitCode": "SEC", "unitText": "s"});
    if d.min.seconds == d.max.seconds {
        v["value"] = json!(d.min.seconds);
    } else {
        v["minValue"] = json!(d.min.seconds);
        v["maxValue"] = json!(d.max.seconds);
    }
    v
}

/// Makes JSON text safe inside a `<script>` element.
pub fn script_safe(json: &str) -> String {
    json.replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

/// The exercise `site.exercises[i]` as a schema.org `ExercisePlan` (a `CreativeWork` and a
/// `PhysicalActivity`), serialized and safe to insert in a `<script>` element.
pub fn exercise_json_ld(shared: &Shared, site: &Site, i: usize) -> String {
    let e = &site.exercises[i];
    let urls = &shared.urls;
    let mut v = Map::new();
    v.insert("@context".into(), json!("https://schema.org"));
    v.insert("@type".into(), json!("ExercisePlan"));
    v.insert("name".into(), json!(e.page.title));
    if let Some(s) = &e.page.summary {
        v.insert("description".into(), json!(s));
    }
    v.insert("url".into(), json!(urls.permalink(&e.page.path)));
    if !e.aka.is_empty() {
        v.insert("alternateName".into(), json!(e.aka));
    }
    v.insert("exerciseType".into(), json!(e.category.label()));
    v.insert("educationalLevel".into(), json!(e.level.label()));
    let muscles: Vec<Value> = e
        .target_muscles
        .iter()
        .chain(&e.secondary_muscles)
        .map(|&m| {
            let m = &site.muscles[m].page;
            json!({"@type": "Muscle", "name": m.title, "url": urls.permalink(&m.path)})
        })
        .collect();
    v.insert("associatedAnatomy".into(), Value::Array(muscles));
    if let Some(r) = e.dose.reps {
        v.insert("repetitions".into(), count(r));
    }
    if let Some(r) = e.dose.rest {
        v.insert("restPeriods".into(), seconds(r));
    }
    if !e.dose.is_empty() {
        v.insert("additionalVariable".into(), json!(e.dose.to_string()));
    }
    if let Some(d) = &e.page.date {
        v.insert("datePublished".into(), json!(d.day()));
    }
    v.insert("inLanguage".into(), json!(site.config.language));
    v.insert(
        "isPartOf".into(),
        json!({"@type": "WebSite", "name": site.config.title, "url": site.config.base_url}),
    );
    script_safe(&Value::Object(v).to_string())
}

/// The Atom feed (RFC 4287) of every page with a `date`, newest first; `None` when no page
/// has one.
pub fn atom_feed(site: &Site, shared: &Shared) -> Option<String> {
    let mut dated: Vec<_> = site
        .pages()
        .filter_map(|p| p.date.as_ref().map(|d| (d.rfc3339(), p)))
        .collect();
    if dated.is_empty() {
        return None;
    }
    // Newest first; equal dates by title, so the file is deterministic.
    dated.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.title.cmp(&b.1.title)));
    let urls = &shared.urls;
    let updated = &dated[0].0;
    let author = site
        .config
        .author
        .clone()
        .unwrap_or_else(|| site.config.title.clone());
    let mut out = String::with_capacity(512 + dated.len() * 400);
    out.push_str(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\"",
    );
    out.push_str(&format!(
        " xml:lang=\"{}\">\n",
        escape_attr(&site.config.language)
    ));
    out.push_str(&format!(
        "  <title>{}</title>\n",
        escape_attr(&site.config.title)
    ));
    if let Some(d) = &site.config.description {
        out.push_str(&format!("  <subtitle>{}</subtitle>\n", escape_attr(d)));
    }
    out.push_str(&format!(
        "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n  <id>{}</id>\n  <updated>{updated}</updated>\n  <author><name>{}</name></author>\n  <generator version=\"{}\">movebook</generator>\n",
        escape_attr(&urls.permalink(FEED_PATH)),
        escape_attr(&site.config.base_url),
        escape_attr(&site.config.base_url),
        escape_attr(&author),
        env!("CARGO_PKG_VERSION"),
    ));
    for (date, page) in dated {
        let link = escape_attr(&urls.permalink(&page.path));
        out.push_str(&format!(
            "  <entry>\n    <title>{}</title>\n    <link rel=\"alternate\" type=\"text/html\" href=\"{link}\"/>\n    <id>{link}</id>\n    <updated>{date}</updated>\n",
            escape_attr(&page.title)
        ));
        if let Some(s) = &page.summary {
            out.push_str(&format!("    <summary>{}</summary>\n", escape_attr(s)));
        }
        out.push_str("  </entry>\n");
    }
    out.push_str("</feed>\n");
    Some(out)
}
