//! Joining a translation file (`x.sv.md`) with its default-language page.
//!
//! A translation gives text; everything it leaves out comes from the default-language page,
//! field by field. Structured data (muscles, equipment, category, level, dose, progression,
//! steps, media files, weight, date...) is shared: a translation may repeat it, but only
//! as the default page has it (it may differ in the text inside it: a routine step's
//! `note` and `section`, a picture's `alt` and `caption`, a video's `captions` file).
//! [`localize`] merges the two front matters key by key and reads the result with the
//! same reader as any page, so a translated field is checked like any other; problems
//! are located in the translation file.

use std::sync::Arc;

use serde_yaml::Value;

use crate::diagnostic::{Code, Diagnostic};
use crate::frontmatter::{self, FieldPath, Seg, Target};
use crate::model::parse::{ParsedFile, push_problems};
use crate::model::yaml::Reader;
use crate::model::{Translation, front, inline, keywords};

/// Top-level keys whose value is text: a translation gives its own, and what it leaves
/// out falls back to the default language.
pub(crate) const TEXT_KEYS: &[&str] = &[
    "title",
    "summary",
    "aka",
    "load",
    "cues",
    "stop_if",
    "common_errors",
    "advance_when",
    "when",
    "region",
];

/// Keys of text inside structured values (a routine step's note and heading, a picture's
/// alt text and caption, a video's captions file).
const NESTED_TEXT_KEYS: &[&str] = &["note", "section", "alt", "caption", "captions"];

/// `v` without the text inside it: what must be the same in every language.
fn structure(v: &Value) -> Value {
    match v {
        Value::Mapping(m) => Value::Mapping(
            m.iter()
                .filter(|(k, _)| k.as_str().is_none_or(|k| !NESTED_TEXT_KEYS.contains(&k)))
                .map(|(k, v)| (k.clone(), structure(v)))
                .collect(),
        ),
        Value::Sequence(items) => Value::Sequence(items.iter().map(structure).collect()),
        Value::Tagged(t) => structure(&t.value),
        other => other.clone(),
    }
}

/// The text fields a page of this front matter could have (for the fallback list): the
/// text keys the default page gives, in the format's order.
fn text_keys_of(v: &Value) -> Vec<&'static str> {
    TEXT_KEYS
        .iter()
        .copied()
        .filter(|k| v.get(k).is_some_and(|v| !v.is_null()))
        .collect()
}

/// The translation `tr` (read by `parse_file`, with `pending` set) joined with its
/// default-language page `base`. `None` when `base` has errors of its own (they are
/// reported at `base`; the translation waits for them to be fixed). The result's
/// `diagnostics` are the translation's problems only.
pub(crate) fn localize(base: &ParsedFile, tr: &ParsedFile) -> Option<ParsedFile> {
    let pending = tr.pending.as_ref()?;
    if !base.is_valid() {
        return None;
    }
    let base_yaml = base.yaml_text()?;
    let base_value = frontmatter::parse_at(&base_yaml, base.yaml_first_line).ok()?;
    let Value::Mapping(base_map) = &base_value else {
        return None;
    };
    let mut out = ParsedFile {
        rel: base.rel.clone(),
        kind: base.kind,
        front: None,
        yaml: tr.yaml.clone(),
        yaml_first_line: tr.yaml_first_line,
        body: tr.body.clone(),
        body_first_line: tr.body_first_line,
        text_urls: Vec::new(),
        diagnostics: Vec::new(),
        pending: None,
        translation: Some(Arc::new(Translation {
            lang: pending.lang.clone(),
            rel: tr.rel.clone(),
            fallback: Vec::new(),
        })),
    };
    let Value::Mapping(tr_map) = &pending.value else {
        out.diagnostics.push(
            Diagnostic::error(
                Code::WrongType,
                out.display(),
                "expected a set of 'key: value' lines",
            )
            .at_line(tr.yaml_first_line)
            .hint("write the translated text as key: value lines, e.g. title: ..."),
        );
        return Some(out);
    };
    let allowed = base.kind.keys();
    let mut merged = base_map.clone();
    let mut given: Vec<String> = Vec::new();
    for (k, v) in tr_map {
        let Some(key) = k.as_str() else { continue };
        let path = FieldPath(vec![Seg::Key(key.to_string())]);
        if !allowed.contains(&key) {
            let hint = crate::suggest::hint(key, allowed.iter().copied()).unwrap_or_else(|| {
                format!(
                    "the keys of {} are: {}",
                    base.kind.noun(),
                    allowed.join(", ")
                )
            });
            let d = Diagnostic::error(
                Code::UnknownKey,
                String::new(),
                format!("unknown key '{key}' for {}", base.kind.noun()),
            )
            .hint(hint);
            out.diagnostics
                .push(out.field_diagnostic(d, &path, Target::Key));
            continue;
        }
        if !TEXT_KEYS.contains(&key) {
            let same = base_map
                .get(k)
                .is_some_and(|b| structure(b) == structure(v));
            if !same {
                let what = if base_map.contains_key(k) {
                    format!("differs from {}", base.display())
                } else {
                    format!("is not on {}", base.display())
                };
                let d = Diagnostic::error(
                    Code::TranslationDiffers,
                    String::new(),
                    format!("{what}: a translation shares the structured data of its default-language page"),
                )
                .hint(format!(
                    "remove '{key}' from this file (it comes from {}), or change it there",
                    base.display()
                ));
                out.diagnostics
                    .push(out.field_diagnostic(d, &path, Target::Key));
                continue;
            }
        }
        merged.insert(k.clone(), v.clone());
        given.push(key.to_string());
    }
    let merged = Value::Mapping(merged);
    let mut reader = Reader::new();
    out.front = front::read(&mut reader, &merged, base.kind);
    // Problems of the keys the translation gives are its own; those of the others are the
    // default page's (reported there).
    push_problems(
        &mut out,
        std::mem::take(&mut reader.problems),
        |p| matches!(p.0.first(), Some(Seg::Key(k)) if given.contains(k)),
    );
    let mut fallback: Vec<String> = text_keys_of(&base_value)
        .into_iter()
        .filter(|k| !given.iter().any(|g| g == k))
        .map(str::to_string)
        .collect();
    let empty_body = tr.body.with_text(|t| t.trim().is_empty()).unwrap_or(false);
    let base_has_body = base
        .body
        .with_text(|t| !t.trim().is_empty())
        .unwrap_or(false);
    if empty_body {
        out.body = base.body.clone();
        out.body_first_line = base.body_first_line;
        if base_has_body {
            fallback.push("body".into());
        }
    }
    if let Some(t) = out.translation.as_mut() {
        Arc::make_mut(t).fallback = fallback;
    }
    if let Some(f) = &out.front {
        out.text_urls = inline::front_urls(f);
        let mut kw = keywords::page_keywords(f, &pending.search_text);
        if empty_body {
            kw.push(' ');
            kw.push_str(&base.body.keywords);
        }
        Arc::make_mut(&mut out.body).keywords = kw;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::parse::parse_file;

    const BASE: &str = "---\ntitle: Glute Bridge\nsummary: Lift the hips.\ntarget_muscles: [gluteus-maximus]\ncategory: strength\nlevel: beginner\nsets: 3\nreps: 10\ncues: [Squeeze, Breathe]\nstop_if: [Pain]\n---\nEnglish body.\n";

    fn localized(tr: &str) -> ParsedFile {
        let base = parse_file("exercises/glute-bridge.md", BASE.as_bytes());
        assert!(base.is_valid(), "{:?}", base.diagnostics);
        let t = parse_file("exercises/glute-bridge.sv.md", tr.as_bytes());
        assert!(t.pending.is_some());
        localize(&base, &t).expect("localized")
    }

    fn messages(f: &ParsedFile) -> Vec<String> {
        f.diagnostics.iter().map(ToString::to_string).collect()
    }

    #[test]
    fn text_falls_back_field_by_field() {
        let f = localized("---\ntitle: Höftlyft\ncues: [Spänn, Andas]\n---\n");
        assert!(messages(&f).is_empty(), "{:?}", messages(&f));
        let Some(front::Front::Exercise(e)) = &f.front else {
            panic!("an exercise")
        };
        assert_eq!(e.common.title, "Höftlyft");
        assert_eq!(e.common.summary.as_deref(), Some("Lift the hips."));
        assert_eq!(&*e.cues, &["Spänn".to_string(), "Andas".to_string()]);
        let t = f.translation.as_ref().expect("translation");
        assert_eq!(t.fallback, ["summary", "stop_if", "body"]);
        assert_eq!(f.rel, "exercises/glute-bridge.md");
        assert_eq!(f.display(), "content/exercises/glute-bridge.sv.md");
        assert!(f.body.with_text(|b| b.contains("English body")).unwrap());
    }

    #[test]
    fn structured_data_must_match_and_problems_are_located_in_the_translation() {
        let f = localized(
            "---\ntitle: Höftlyft\nsets: 3\nreps: 12\ntarget_muscles: [gluteus-medius]\ncues: 5\nlevle: beginner\n---\nSvensk text.\n",
        );
        let m = messages(&f);
        assert!(m.iter().any(|d| d.starts_with("content/exercises/glute-bridge.sv.md:4:1: error[translation-differs]: reps: differs from content/exercises/glute-bridge.md")), "{m:#?}");
        assert!(m.iter().any(|d| d.starts_with("content/exercises/glute-bridge.sv.md:5:1: error[translation-differs]: target_muscles")), "{m:#?}");
        assert!(
            m.iter()
                .any(|d| d.starts_with("content/exercises/glute-bridge.sv.md:6:")
                    && d.contains("cues")),
            "{m:#?}"
        );
        assert!(
            m.iter().any(|d| d
                .starts_with("content/exercises/glute-bridge.sv.md:7:1: error[unknown-key]")
                && d.contains("level")),
            "{m:#?}"
        );
        // `sets: 3` is the same as the default page's: accepted.
        assert!(!m.iter().any(|d| d.contains("sets ")), "{m:#?}");
        assert_eq!(m.len(), 4, "{m:#?}");
    }
}
