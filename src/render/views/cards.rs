//! Exercise and path cards: built once per render, borrowed by every list that shows them.

use std::hash::Hash;

use serde::Serialize;

use super::{LinkView, Urls, WordView};
use crate::model::{Exercise, Site};
use crate::render::views::shared::link;

/// An exercise as shown in lists: the documented shape of a card (docs/theming.md). Cards
/// are built by `CardParts` with parts shared between cards; a test holds them equal to
/// this struct's serialization.
#[derive(Debug, Clone, Serialize, Hash)]
#[cfg_attr(not(test), allow(dead_code))]
pub(crate) struct CardView {
    /// Title.
    pub title: String,
    /// Root-relative URL.
    pub url: String,
    /// Slug.
    pub slug: String,
    /// One-sentence summary.
    pub summary: String,
    /// Level.
    pub level: WordView,
    /// Category.
    pub category: WordView,
    /// Dose in words (may be empty).
    pub dose: String,
    /// Target muscles.
    pub target_muscles: Vec<LinkView>,
    /// Secondary muscles.
    pub secondary_muscles: Vec<LinkView>,
    /// Equipment (empty when bodyweight).
    pub equipment: Vec<LinkView>,
    /// True when no equipment is needed.
    pub bodyweight: bool,
    /// The first picture of its `media:` (use `thumb` on cards), or null.
    pub image: Option<super::ImageView>,
    /// The language of its title and summary when it is not the page's (an exercise
    /// without a translation, shown in another language: put it in a `lang` attribute on
    /// them), or null.
    pub lang: Option<String>,
}

/// An exercise card as lists use it: the template value of its [`CardView`], built once.
/// Tera passes a `tera::Value` met during serialization through as a reference-counted
/// copy, so a list of a thousand cards costs a thousand reference counts instead of a
/// thousand serializations. The links to muscles and equipment and the level and category
/// words inside it are themselves values built once per site ([`CardParts`]) and shared by
/// every card, which keeps a card small (this matters at 50,000 exercises). For `serve`'s
/// page memo a card hashes as a digest of its view, computed once.
#[derive(Debug, Clone)]
pub(crate) struct Card {
    /// The card, as a template value.
    value: tera::Value,
    /// A hash of its [`CardView`].
    digest: u64,
}

impl Serialize for Card {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.value.serialize(s)
    }
}

impl std::hash::Hash for Card {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.digest.hash(state);
    }
}

/// The values every card shares: one per muscle, piece of equipment, level and category,
/// with a digest of each muscle and equipment link.
pub(super) struct CardParts {
    muscles: Vec<tera::Value>,
    equipment: Vec<tera::Value>,
    levels: Vec<tera::Value>,
    categories: Vec<tera::Value>,
    muscle_digests: Vec<u64>,
    equipment_digests: Vec<u64>,
    /// The default language, in a site of another language (where an exercise without a
    /// translation has its text).
    fallback_lang: Option<String>,
}

/// A digest of anything hashable.
fn digest_of(x: &impl Hash) -> u64 {
    use std::hash::Hasher;
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    x.hash(&mut h);
    h.finish()
}

impl CardParts {
    pub(super) fn new(urls: &Urls, site: &Site) -> Self {
        let words = |w: WordView| tera::Value::from_serializable(&w);
        let muscle_links: Vec<LinkView> =
            site.muscles.iter().map(|m| link(urls, &m.page)).collect();
        let equipment_links: Vec<LinkView> =
            site.equipment.iter().map(|q| link(urls, &q.page)).collect();
        CardParts {
            muscles: muscle_links
                .iter()
                .map(tera::Value::from_serializable)
                .collect(),
            equipment: equipment_links
                .iter()
                .map(tera::Value::from_serializable)
                .collect(),
            levels: crate::model::units::Level::ALL
                .iter()
                .map(|l| {
                    words(WordView {
                        word: l.word(),
                        label: l.label_in(&site.language.strings).to_string(),
                    })
                })
                .collect(),
            categories: crate::model::units::Category::ALL
                .iter()
                .map(|c| {
                    words(WordView {
                        word: c.word(),
                        label: c.label_in(&site.language.strings).to_string(),
                    })
                })
                .collect(),
            muscle_digests: muscle_links.iter().map(digest_of).collect(),
            equipment_digests: equipment_links.iter().map(digest_of).collect(),
            fallback_lang: (!site.language.is_default()).then(|| site.config.language.clone()),
        }
    }

    /// The card of exercise `e`: the same fields as [`CardView`], with shared parts.
    pub(super) fn card(
        &self,
        urls: &Urls,
        pictures: &super::media::Pictures,
        e: &Exercise,
    ) -> Card {
        #[derive(Serialize)]
        struct Fields<'a> {
            title: &'a str,
            url: String,
            slug: &'a str,
            summary: &'a str,
            level: &'a tera::Value,
            category: &'a tera::Value,
            dose: &'a str,
            target_muscles: Vec<&'a tera::Value>,
            secondary_muscles: Vec<&'a tera::Value>,
            equipment: Vec<&'a tera::Value>,
            bodyweight: bool,
            image: Option<super::ImageView>,
            lang: Option<&'a str>,
        }
        let fields = Fields {
            title: &e.page.title,
            url: urls.url(&e.page.path),
            slug: &e.page.slug,
            summary: e.page.summary.as_deref().unwrap_or_default(),
            // `ALL` lists the words in declaration order, so a word's value is its index.
            level: &self.levels[e.level as usize],
            category: &self.categories[e.category as usize],
            dose: &e.dose_text,
            target_muscles: e.target_muscles.iter().map(|&m| &self.muscles[m]).collect(),
            secondary_muscles: e
                .secondary_muscles
                .iter()
                .map(|&m| &self.muscles[m])
                .collect(),
            equipment: e.equipment.iter().map(|&q| &self.equipment[q]).collect(),
            bodyweight: e.equipment.is_empty(),
            image: super::media::first_image(pictures, &e.page.media),
            lang: self
                .fallback_lang
                .as_deref()
                .filter(|_| e.page.translation.is_none()),
        };
        let value = tera::Value::from_serializable(&fields);
        // Everything the value is made of: its own fields and the digests of the shared parts.
        let digest = digest_of(&(
            (
                fields.title,
                &fields.url,
                fields.slug,
                fields.summary,
                e.level,
                e.category,
                fields.dose,
            ),
            e.target_muscles
                .iter()
                .map(|&m| self.muscle_digests[m])
                .collect::<Vec<_>>(),
            e.secondary_muscles
                .iter()
                .map(|&m| self.muscle_digests[m])
                .collect::<Vec<_>>(),
            e.equipment
                .iter()
                .map(|&q| self.equipment_digests[q])
                .collect::<Vec<_>>(),
            fields.bodyweight,
            &fields.image,
            fields.lang,
        ));
        Card { value, digest }
    }
}

/// A path as listed on the home page and the path index.
#[derive(Debug, Clone, Serialize, Hash)]
pub(crate) struct PathCard {
    /// Title.
    pub title: String,
    /// URL.
    pub url: String,
    /// Summary, or null.
    pub summary: Option<String>,
    /// When to advance, as HTML (inline Markdown; insert with `| safe`), or null.
    pub advance_when: Option<String>,
    /// The steps, in order.
    pub steps: Vec<LinkView>,
}

/// The plain [`CardView`] of an exercise: the reference that [`CardParts::card`] must
/// serialize like (a test holds the two equal).
#[cfg(test)]
pub(super) fn card(urls: &Urls, site: &Site, e: &Exercise) -> CardView {
    CardView {
        title: e.page.title.clone(),
        url: urls.url(&e.page.path),
        slug: e.page.slug.clone(),
        summary: e.page.summary.clone().unwrap_or_default(),
        level: WordView {
            word: e.level.word(),
            label: e.level.label_in(&site.language.strings).to_string(),
        },
        category: WordView {
            word: e.category.word(),
            label: e.category.label_in(&site.language.strings).to_string(),
        },
        dose: e.dose_text.clone(),
        target_muscles: e
            .target_muscles
            .iter()
            .map(|&m| link(urls, &site.muscles[m].page))
            .collect(),
        secondary_muscles: e
            .secondary_muscles
            .iter()
            .map(|&m| link(urls, &site.muscles[m].page))
            .collect(),
        equipment: e
            .equipment
            .iter()
            .map(|&q| link(urls, &site.equipment[q].page))
            .collect(),
        bodyweight: e.equipment.is_empty(),
        image: super::media::first_image(&super::media::Pictures::new(urls, site), &e.page.media),
        lang: (!site.language.is_default() && e.page.translation.is_none())
            .then(|| site.config.language.clone()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::views::Shared;

    #[test]
    fn cards_with_shared_parts_serialize_like_the_documented_card_view() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        for site_root in [root.to_path_buf(), root.join("tests/fixtures/minimal")] {
            let opts = crate::pipeline::BuildOptions {
                root: site_root,
                ..Default::default()
            };
            let Ok(prepared) = crate::pipeline::prepare(&opts) else {
                panic!("the site prepares")
            };
            for site in std::iter::once(&prepared.site).chain(&prepared.languages) {
                let shared = Shared::new(site, prepared.theme.body_map_regions());
                assert_eq!(shared.cards.len(), site.exercises.len());
                for (i, e) in site.exercises.iter().enumerate() {
                    let want = serde_json::to_value(tera::Value::from_serializable(&card(
                        &shared.urls,
                        site,
                        e,
                    )))
                    .unwrap();
                    let got = serde_json::to_value(&shared.cards[i].value).unwrap();
                    assert_eq!(got, want, "card of {}", e.page.slug);
                }
            }
        }
    }
}
