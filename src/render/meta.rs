//! Machine-readable descriptions of pages: schema.org JSON-LD for exercises and the Atom
//! feed of dated pages.

use serde::Serialize;
use std::fmt::Write as _;

use crate::html::escape;
use crate::model::Site;
use crate::model::units::{CountRange, DurationRange, Reps};
use crate::render::views::Shared;

/// Where the Atom feed is written.
pub(crate) const FEED_PATH: &str = "atom.xml";

/// A number, or a schema.org `QuantitativeValue` (a range, or a value with a unit).
#[derive(Serialize)]
#[serde(untagged)]
enum Quantity {
    Number(u32),
    Value {
        #[serde(rename = "@type")]
        kind: &'static str,
        #[serde(skip_serializing_if = "Option::is_none")]
        value: Option<u32>,
        #[serde(rename = "minValue", skip_serializing_if = "Option::is_none")]
        min: Option<u32>,
        #[serde(rename = "maxValue", skip_serializing_if = "Option::is_none")]
        max: Option<u32>,
        #[serde(rename = "unitCode", skip_serializing_if = "Option::is_none")]
        unit_code: Option<&'static str>,
        #[serde(rename = "unitText", skip_serializing_if = "Option::is_none")]
        unit_text: Option<&'static str>,
    },
}

fn quantity(min: u32, max: u32, unit: Option<(&'static str, &'static str)>) -> Quantity {
    if min == max && unit.is_none() {
        return Quantity::Number(min);
    }
    let (value, min, max) = if min == max {
        (Some(min), None, None)
    } else {
        (None, Some(min), Some(max))
    };
    Quantity::Value {
        kind: "QuantitativeValue",
        value,
        min,
        max,
        unit_code: unit.map(|u| u.0),
        unit_text: unit.map(|u| u.1),
    }
}

fn count(c: CountRange) -> Quantity {
    quantity(c.min, c.max, None)
}

fn seconds(d: DurationRange) -> Quantity {
    quantity(d.min.seconds, d.max.seconds, Some(("SEC", "s")))
}

/// A named thing with a URL (`Muscle`, `WebSite`).
#[derive(Serialize)]
struct Named<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    name: &'a str,
    url: String,
}

/// A schema.org `ImageObject`: the exercise's first picture.
#[derive(Serialize)]
struct ImageObject {
    #[serde(rename = "@type")]
    kind: &'static str,
    url: String,
    width: u32,
    height: u32,
    caption: String,
}

/// The first picture of `page`, as structured data names it.
fn image_object(shared: &Shared, page: &crate::model::PageBase) -> Option<ImageObject> {
    crate::render::views::media::first_image(&shared.pictures, &page.media).map(|i| ImageObject {
        kind: "ImageObject",
        url: i.large,
        width: i.large_width,
        height: i.large_height,
        caption: i.alt,
    })
}

/// What a page's JSON-LD starts with: the vocabulary, its type, and what the page is.
#[derive(Serialize)]
struct About<'a> {
    #[serde(rename = "@context")]
    context: &'static str,
    #[serde(rename = "@type")]
    kind: &'static str,
    name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<&'a str>,
    url: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    image: Option<ImageObject>,
}

/// What a page's JSON-LD ends with: when, in which language and on which site.
#[derive(Serialize)]
struct Published<'a> {
    #[serde(rename = "datePublished", skip_serializing_if = "Option::is_none")]
    date_published: Option<&'a str>,
    #[serde(rename = "inLanguage")]
    in_language: &'a str,
    #[serde(rename = "isPartOf")]
    is_part_of: Named<'a>,
}

/// The start and end of the JSON-LD of `page`, a schema.org `kind`.
fn about_and_published<'a>(
    shared: &Shared,
    site: &'a Site,
    kind: &'static str,
    page: &'a crate::model::PageBase,
) -> (About<'a>, Published<'a>) {
    let about = About {
        context: "https://schema.org",
        kind,
        name: &page.title,
        description: page.summary.as_deref(),
        url: shared.urls.permalink(&page.path),
        image: image_object(shared, page),
    };
    let published = Published {
        date_published: page.date.as_ref().map(crate::model::front::Date::day),
        // The language of the page's text: the default language's for a page shown
        // untranslated.
        in_language: if page.translation.is_none() {
            &site.config.language
        } else {
            &site.language.code
        },
        is_part_of: Named {
            kind: "WebSite",
            name: site.title(),
            url: shared.urls.permalink(""),
        },
    };
    (about, published)
}

/// A schema.org `ExercisePlan`: only properties the vocabulary defines for it.
#[derive(Serialize)]
struct ExercisePlan<'a> {
    #[serde(flatten)]
    about: About<'a>,
    #[serde(rename = "alternateName", skip_serializing_if = "<[_]>::is_empty")]
    alternate_name: &'a [String],
    #[serde(rename = "exerciseType")]
    exercise_type: &'a str,
    #[serde(rename = "educationalLevel")]
    educational_level: &'a str,
    #[serde(rename = "associatedAnatomy")]
    associated_anatomy: Vec<Named<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    repetitions: Option<Quantity>,
    #[serde(rename = "restPeriods", skip_serializing_if = "Option::is_none")]
    rest_periods: Option<Quantity>,
    #[serde(rename = "additionalVariable", skip_serializing_if = "Option::is_none")]
    additional_variable: Option<String>,
    #[serde(flatten)]
    published: Published<'a>,
}

/// The exercise `site.exercises[i]` as a schema.org `ExercisePlan` (a `CreativeWork` and a
/// `PhysicalActivity`), serialized and safe to insert in a `<script>` element.
pub(crate) fn exercise_json_ld(shared: &Shared, site: &Site, i: usize) -> String {
    let e = &site.exercises[i];
    let urls = &shared.urls;
    let (about, published) = about_and_published(shared, site, "ExercisePlan", &e.page);
    let plan = ExercisePlan {
        about,
        alternate_name: &e.aka,
        exercise_type: e.category.label_in(&site.language.strings),
        educational_level: e.level.label_in(&site.language.strings),
        associated_anatomy: e
            .target_muscles
            .iter()
            .chain(&e.secondary_muscles)
            .map(|&m| {
                let m = &site.muscles[m].page;
                Named {
                    kind: "Muscle",
                    name: &m.title,
                    url: urls.permalink(&m.path),
                }
            })
            .collect(),
        repetitions: e.dose.reps.and_then(Reps::count).map(count),
        rest_periods: e.dose.rest.map(seconds),
        additional_variable: (!e.dose.is_empty()).then(|| e.dose_text.clone()),
        published,
    };
    // Serializing plain strings and numbers cannot fail.
    crate::html::script_safe(&serde_json::to_string(&plan).unwrap_or_default())
}

/// One exercise of a routine in its `ExercisePlan`: the exercise with the routine's dose.
#[derive(Serialize)]
struct PlanPart<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    position: usize,
    name: &'a str,
    url: String,
    #[serde(rename = "exerciseType")]
    exercise_type: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    repetitions: Option<Quantity>,
    #[serde(rename = "restPeriods", skip_serializing_if = "Option::is_none")]
    rest_periods: Option<Quantity>,
    #[serde(rename = "additionalVariable", skip_serializing_if = "Option::is_none")]
    additional_variable: Option<&'a str>,
}

/// A routine as a schema.org `ExercisePlan` whose parts are its exercises.
#[derive(Serialize)]
struct RoutinePlan<'a> {
    #[serde(flatten)]
    about: About<'a>,
    #[serde(rename = "activityDuration")]
    activity_duration: String,
    #[serde(rename = "activityFrequency", skip_serializing_if = "Option::is_none")]
    activity_frequency: Option<String>,
    #[serde(rename = "hasPart")]
    has_part: Vec<PlanPart<'a>>,
    #[serde(flatten)]
    published: Published<'a>,
}

/// The routine `site.routines[i]` as a schema.org `ExercisePlan` with one `hasPart` per
/// exercise (position, dose), serialized and safe to insert in a `<script>` element.
pub(crate) fn routine_json_ld(shared: &Shared, site: &Site, i: usize) -> String {
    let r = &site.routines[i];
    let urls = &shared.urls;
    let (about, published) = about_and_published(shared, site, "ExercisePlan", &r.page);
    let plan = RoutinePlan {
        about,
        activity_duration: crate::model::routine::iso_duration(r.seconds),
        activity_frequency: r
            .when
            .as_deref()
            .map(|w| crate::model::inline::plain(w).into_owned()),
        has_part: r
            .steps
            .iter()
            .enumerate()
            .map(|(n, s)| {
                let e = &site.exercises[s.exercise];
                PlanPart {
                    kind: "ExercisePlan",
                    position: n + 1,
                    name: &e.page.title,
                    url: urls.permalink(&e.page.path),
                    exercise_type: e.category.label_in(&site.language.strings),
                    repetitions: s.dose.reps.and_then(Reps::count).map(count),
                    rest_periods: s.dose.rest.map(seconds),
                    additional_variable: (!s.dose.is_empty()).then_some(s.dose_text.as_str()),
                }
            })
            .collect(),
        published,
    };
    // Serializing plain strings and numbers cannot fail.
    crate::html::script_safe(&serde_json::to_string(&plan).unwrap_or_default())
}

/// True when the site has an Atom feed: some page has a date.
pub(crate) fn has_feed(site: &Site) -> bool {
    site.pages().any(|p| p.date.is_some())
}

/// The Atom feed (RFC 4287) of every page with a `date`, newest first; `None` when no page
/// has one.
pub(crate) fn atom_feed(site: &Site, shared: &Shared) -> Option<String> {
    let mut dated: Vec<_> = site
        .pages()
        .filter_map(|p| p.date.as_ref().map(|d| (d.rfc3339(), p)))
        .collect();
    if dated.is_empty() {
        return None;
    }
    // Newest first; equal dates by title, so the file is deterministic.
    dated.sort_by(|a, b| b.0.cmp(a.0).then_with(|| a.1.title.cmp(&b.1.title)));
    let urls = &shared.urls;
    let updated = escape(dated[0].0);
    let author = site
        .config
        .author
        .clone()
        .unwrap_or_else(|| site.config.title.clone());
    let mut out = String::with_capacity(512 + dated.len() * 400);
    out.push_str(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\"",
    );
    let _ = writeln!(out, " xml:lang=\"{}\">", escape(&site.language.code));
    let _ = writeln!(out, "  <title>{}</title>", escape(site.title()));
    if let Some(d) = site.description() {
        let _ = writeln!(out, "  <subtitle>{}</subtitle>", escape(d));
    }
    let _ = write!(
        out,
        "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n  <id>{}</id>\n  <updated>{updated}</updated>\n  <author><name>{}</name></author>\n  <generator version=\"{}\">movebook</generator>\n",
        escape(&urls.permalink(FEED_PATH)),
        escape(&urls.permalink("")),
        escape(&urls.permalink("")),
        escape(&author),
        escape(env!("CARGO_PKG_VERSION")),
    );
    for (date, page) in dated {
        let link = escape(&urls.permalink(&page.path));
        let _ = write!(
            out,
            "  <entry>\n    <title>{}</title>\n    <link rel=\"alternate\" type=\"text/html\" href=\"{link}\"/>\n    <id>{link}</id>\n    <updated>{}</updated>\n",
            escape(&page.title),
            escape(date),
        );
        if let Some(s) = &page.summary {
            let _ = writeln!(out, "    <summary>{}</summary>", escape(s));
        }
        out.push_str("  </entry>\n");
    }
    out.push_str("</feed>\n");
    Some(out)
}
