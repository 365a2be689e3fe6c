//! Reading typed front matter out of a YAML value tree while collecting every problem.
//!
//! serde's derive stops at the first problem and speaks in Rust terms ("invalid type: map,
//! expected a sequence"). Authors need every problem of a file at once, each in their own
//! words and pinned to a field. [`Reader`] walks a parsed [`Value`] instead: each accessor
//! checks the shape it expects, records a [`Problem`] with the field path when the shape is
//! wrong, and goes on with the next field. The page structs in `raw.rs` are built only from
//! these accessors, so this file and `frontmatter.rs` are the only ones that see YAML.

use crate::diagnostic::{Code, Severity};
use crate::frontmatter::{FieldPath, Target, Value};
use crate::model::units::ValueProblem;

/// One problem found while reading front matter, located by field path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Problem {
    /// The field.
    pub path: FieldPath,
    /// Whether the key or the value is at fault (for positions).
    pub target: Target,
    /// The kind of problem.
    pub code: Code,
    /// Errors leave the page out; warnings are only reported.
    pub severity: Severity,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub hint: Option<String>,
}

/// Collects problems while typed values are read out of a YAML tree.
#[derive(Debug, Default)]
pub(crate) struct Reader {
    /// Everything found so far, in reading order.
    pub problems: Vec<Problem>,
}

/// How a YAML value looks, in plain words.
fn describe(v: &Value) -> &'static str {
    match v {
        Value::Null => "nothing",
        Value::Bool(_) => "yes/no",
        Value::Number(_) => "a number",
        Value::String(s) if s.contains(char::is_whitespace) => "text",
        Value::String(_) => "a single word",
        Value::Sequence(_) => "a list",
        Value::Mapping(_) => "a set of 'key: value' lines",
        Value::Tagged(_) => "a tagged value",
    }
}

/// A front-matter mapping whose keys have been checked against the known keys.
pub(crate) struct Object<'v> {
    path: FieldPath,
    entries: Vec<(&'v str, &'v Value)>,
}

impl<'v> Object<'v> {
    /// The value of `key`, or `None` when absent or written as nothing (`key:`).
    pub(crate) fn get(&self, key: &str) -> Option<&'v Value> {
        self.entries
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, v)| *v)
            .filter(|v| !v.is_null())
    }

    /// The path of `key` in this object.
    pub(crate) fn path(&self, key: &str) -> FieldPath {
        self.path.key(key)
    }
}

impl Reader {
    /// A reader with no problems yet.
    pub(crate) fn new() -> Self {
        Reader::default()
    }

    /// Records a problem with a value.
    pub(crate) fn problem(
        &mut self,
        path: &FieldPath,
        code: Code,
        message: impl Into<String>,
        hint: Option<String>,
    ) {
        self.problems.push(Problem {
            path: path.clone(),
            target: Target::Value,
            code,
            severity: Severity::Error,
            message: message.into(),
            hint,
        });
    }

    /// Records a warning about a value: the page is still read and published.
    pub(crate) fn warning(
        &mut self,
        path: &FieldPath,
        code: Code,
        message: impl Into<String>,
        hint: Option<String>,
    ) {
        self.problems.push(Problem {
            path: path.clone(),
            target: Target::Value,
            code,
            severity: Severity::Warning,
            message: message.into(),
            hint,
        });
    }

    fn value_problem(&mut self, path: &FieldPath, p: ValueProblem) {
        self.problem(path, Code::BadValue, p.message, p.hint);
    }

    fn wrong_type(&mut self, path: &FieldPath, expected: &str, v: &Value, hint: Option<String>) {
        let name = path.to_string();
        let message = if name.is_empty() {
            format!("expected {expected}, found {}", describe(v))
        } else {
            format!("{name}: expected {expected}, found {}", describe(v))
        };
        self.problem(path, Code::WrongType, message, hint);
    }

    /// Reads a mapping, reporting keys that are not in `known` (with a "did you mean").
    pub(crate) fn object<'v>(
        &mut self,
        v: &'v Value,
        path: &FieldPath,
        known: &[&str],
        what: &str,
    ) -> Option<Object<'v>> {
        let map = match v {
            Value::Mapping(m) => m,
            other => {
                let hint = if path.is_root() {
                    Some(format!(
                        "front matter is a set of 'key: value' lines, for example 'title: {what}'"
                    ))
                } else {
                    Some(format!("write the {path} as indented 'key: value' lines"))
                };
                self.wrong_type(path, "a set of 'key: value' lines", other, hint);
                return None;
            }
        };
        let mut entries = Vec::with_capacity(map.len());
        for (k, val) in map {
            let key = match k {
                Value::String(s) => s.as_str(),
                other => {
                    let shown = match other {
                        Value::Number(n) => n.to_string(),
                        Value::Bool(b) => b.to_string(),
                        _ => describe(other).to_string(),
                    };
                    self.problems.push(Problem {
                        path: path.clone(),
                        target: Target::Value,
                        code: Code::UnknownKey,
                        severity: Severity::Error,
                        message: format!("'{shown}' is not a key {what} can have"),
                        hint: Some(format!("the keys are: {}", known.join(", "))),
                    });
                    continue;
                }
            };
            if known.contains(&key) {
                entries.push((key, val));
            } else {
                let hint = match crate::suggest::did_you_mean(key, known.iter().copied()) {
                    Some(k) => format!("did you mean '{k}'?"),
                    None => format!("the keys {what} can have are: {}", known.join(", ")),
                };
                self.problems.push(Problem {
                    path: path.key(key),
                    target: Target::Key,
                    code: Code::UnknownKey,
                    severity: Severity::Error,
                    message: format!("unknown key '{key}'"),
                    hint: Some(hint),
                });
            }
        }
        Some(Object {
            path: path.clone(),
            entries,
        })
    }

    /// Reads text. Numbers and yes/no are accepted as the text they were written as.
    pub(crate) fn text(&mut self, v: &Value, path: &FieldPath) -> Option<String> {
        match v {
            Value::String(s) => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            Value::Bool(b) => Some(b.to_string()),
            Value::Null => Some(String::new()),
            Value::Tagged(t) => self.text(&t.value, path),
            other => {
                let hint = match other {
                    Value::Sequence(_) => {
                        Some("write the text on one line after the key, without '- '".to_string())
                    }
                    _ => Some(
                        "put the text in double quotes on the same line as the key".to_string(),
                    ),
                };
                self.wrong_type(path, "text", other, hint);
                None
            }
        }
    }

    /// Reads required text: absent, empty or blank is a `missing-field` problem.
    pub(crate) fn required_text(
        &mut self,
        obj: &Object,
        key: &str,
        example: &str,
    ) -> Option<String> {
        match obj.get(key) {
            None => {
                self.problem(
                    &obj.path.key(key),
                    Code::MissingField,
                    format!("'{key}' is missing"),
                    Some(format!("add a line such as '{key}: {example}'")),
                );
                None
            }
            Some(v) => {
                let t = self.text(v, &obj.path(key))?;
                if t.trim().is_empty() {
                    self.problem(
                        &obj.path(key),
                        Code::MissingField,
                        format!("'{key}' is empty"),
                        Some(format!("write it out, e.g. '{key}: {example}'")),
                    );
                    return None;
                }
                Some(t.trim().to_string())
            }
        }
    }

    /// Reads optional text, trimmed; empty text counts as absent.
    pub(crate) fn optional_text(&mut self, obj: &Object, key: &str) -> Option<String> {
        let v = obj.get(key)?;
        let t = self.text(v, &obj.path(key))?;
        let t = t.trim();
        (!t.is_empty()).then(|| t.to_string())
    }

    /// Reads a list. A single word or text where a list is expected is a problem with a
    /// hint that shows the list form (`[gluteus-maximus]`); `key:` with nothing is an empty list.
    pub(crate) fn list<T>(
        &mut self,
        obj: &Object,
        key: &str,
        items_are: &str,
        mut item: impl FnMut(&mut Self, &Value, &FieldPath) -> Option<T>,
    ) -> Vec<T> {
        let Some(v) = obj.get(key) else {
            return Vec::new();
        };
        let path = obj.path(key);
        match v {
            Value::Sequence(seq) => seq
                .iter()
                .enumerate()
                .filter_map(|(i, x)| item(self, x, &path.index(i)))
                .collect(),
            Value::String(s) if dash_without_space(s).is_some() => {
                let item = dash_without_space(s).unwrap_or_default();
                self.problem(
                    &path,
                    Code::WrongType,
                    format!("{path}: a list item has no space after '-'"),
                    Some(format!("write '- {item}' with a space after the dash")),
                );
                Vec::new()
            }
            Value::String(s) if s.contains(',') => {
                let items: Vec<String> = s
                    .split(',')
                    .map(str::trim)
                    .filter(|i| !i.is_empty())
                    .map(flow_item)
                    .collect();
                self.problem(
                    &path,
                    Code::WrongType,
                    format!(
                        "{path}: expected a list of {items_are}, found items separated by commas"
                    ),
                    Some(format!(
                        "put the items in square brackets: {key}: [{}]",
                        items.join(", ")
                    )),
                );
                Vec::new()
            }
            Value::String(s) if !s.trim().contains(char::is_whitespace) => {
                self.problem(
                    &path,
                    Code::WrongType,
                    format!("expected a list of {items_are}, found a single word; write [{s}]"),
                    Some(format!(
                        "a list is written in square brackets: {key}: [{s}]"
                    )),
                );
                Vec::new()
            }
            other => {
                let shown = match other {
                    Value::String(s) => format!("{key}: [\"{s}\"]"),
                    _ => format!("{key}: [first, second]"),
                };
                self.wrong_type(
                    &path,
                    &format!("a list of {items_are}"),
                    other,
                    Some(format!(
                        "write a list in square brackets, e.g. {shown}, or one '- item' per line"
                    )),
                );
                Vec::new()
            }
        }
    }

    /// Reads a list of non-empty texts.
    pub(crate) fn text_list(&mut self, obj: &Object, key: &str, items_are: &str) -> Vec<String> {
        self.list(obj, key, items_are, |r, v, p| {
            let t = r.text(v, p)?;
            if t.trim().is_empty() {
                r.problem(
                    p,
                    Code::MissingField,
                    format!("{p} is empty"),
                    Some("remove the empty item or write it out".into()),
                );
                return None;
            }
            Some(t.trim().to_string())
        })
    }

    /// Reads a yes/no flag (`true`/`false`, also `yes`/`no`).
    pub(crate) fn flag(&mut self, obj: &Object, key: &str) -> bool {
        match obj.get(key) {
            None => false,
            Some(Value::Bool(b)) => *b,
            Some(Value::String(s))
                if matches!(s.to_lowercase().as_str(), "yes" | "true" | "on") =>
            {
                true
            }
            Some(Value::String(s))
                if matches!(s.to_lowercase().as_str(), "no" | "false" | "off") =>
            {
                false
            }
            Some(other) => {
                self.wrong_type(
                    &obj.path(key),
                    "true or false",
                    other,
                    Some(format!("write '{key}: true' or '{key}: false'")),
                );
                false
            }
        }
    }

    /// Reads a whole number in `min..=max`.
    pub(crate) fn integer(&mut self, obj: &Object, key: &str, min: i64, max: i64) -> Option<i64> {
        let v = obj.get(key)?;
        let path = obj.path(key);
        let n = match v {
            Value::Number(n) => n.as_i64(),
            Value::String(s) => s.trim().parse::<i64>().ok(),
            _ => None,
        };
        match n {
            Some(n) if (min..=max).contains(&n) => Some(n),
            Some(n) => {
                self.problem(
                    &path,
                    Code::BadValue,
                    format!("{key} {n} is out of range"),
                    Some(format!("write a whole number from {min} to {max}")),
                );
                None
            }
            None if matches!(v, Value::Number(_)) => {
                self.problem(
                    &path,
                    Code::BadValue,
                    format!(
                        "{key} {} is not a whole number in range",
                        describe_number(v)
                    ),
                    Some(format!("write a whole number from {min} to {max}")),
                );
                None
            }
            None => {
                self.wrong_type(
                    &path,
                    "a whole number",
                    v,
                    Some(format!("write e.g. '{key}: 10'")),
                );
                None
            }
        }
    }

    /// Reads a scalar and parses it with `parse`, recording its problem.
    pub(crate) fn parsed<T>(
        &mut self,
        obj: &Object,
        key: &str,
        parse: impl FnOnce(&str) -> Result<T, ValueProblem>,
    ) -> Option<T> {
        let v = obj.get(key)?;
        let path = obj.path(key);
        let raw = match v {
            Value::String(s) => s.clone(),
            Value::Number(_) => describe_number(v),
            Value::Bool(_)
            | Value::Sequence(_)
            | Value::Mapping(_)
            | Value::Tagged(_)
            | Value::Null => {
                self.wrong_type(
                    &path,
                    "a single value",
                    v,
                    Some(format!("write it on one line, e.g. '{key}: ...'")),
                );
                return None;
            }
        };
        match parse(&raw) {
            Ok(t) => Some(t),
            Err(p) => {
                self.value_problem(&path, p);
                None
            }
        }
    }

    /// Reads a nested object under `key`.
    pub(crate) fn nested<'v>(
        &mut self,
        obj: &Object<'v>,
        key: &str,
        known: &[&str],
        what: &str,
    ) -> Option<Object<'v>> {
        let v = obj.get(key)?;
        self.object(v, &obj.path(key), known, what)
    }
}

/// The first item of text that reads like a list item without the space after its dash
/// (`-push-up`, which YAML reads as text).
fn dash_without_space(s: &str) -> Option<&str> {
    let rest = s.trim_start().strip_prefix('-')?;
    let item = rest.split(char::is_whitespace).next().unwrap_or(rest);
    (!item.is_empty() && !item.starts_with('-')).then_some(item)
}

/// An item as it can stand in a `[...]` list: quoted when YAML would read it otherwise.
fn flow_item(item: &str) -> String {
    let special = item.starts_with(['-', '?', '!', '&', '*', '|', '>', '%', '@', '`', '\'', '"'])
        || item.contains(['[', ']', '{', '}', '#', '"'])
        || item.contains(": ");
    if special {
        format!("\"{}\"", item.replace('\\', "\\\\").replace('"', "\\\""))
    } else {
        item.to_string()
    }
}

fn describe_number(v: &Value) -> String {
    match v {
        Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                i.to_string()
            } else if let Some(u) = n.as_u64() {
                u.to_string()
            } else {
                n.to_string()
            }
        }
        _ => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::frontmatter::parse;

    fn read(yaml: &str) -> (Reader, Value) {
        (Reader::new(), parse(yaml).unwrap())
    }

    #[test]
    fn reports_unknown_keys_with_suggestions() {
        let (mut r, v) = read("titel: x\nsummary: y\n");
        let obj = r
            .object(&v, &FieldPath::root(), &["title", "summary"], "a page")
            .unwrap();
        assert_eq!(r.problems.len(), 1);
        assert_eq!(r.problems[0].code, Code::UnknownKey);
        assert_eq!(r.problems[0].hint.as_deref(), Some("did you mean 'title'?"));
        assert!(obj.get("summary").is_some());
    }

    #[test]
    fn single_word_where_a_list_is_expected() {
        let (mut r, v) = read("target_muscles: gluteus-maximus\n");
        let obj = r
            .object(&v, &FieldPath::root(), &["target_muscles"], "an exercise")
            .unwrap();
        let list = r.text_list(&obj, "target_muscles", "muscle names");
        assert!(list.is_empty());
        assert_eq!(
            r.problems[0].message,
            "expected a list of muscle names, found a single word; write [gluteus-maximus]"
        );
    }

    #[test]
    fn items_separated_by_commas_get_a_list_in_brackets() {
        // Regression: the hint was `["pectoralis-major, triceps-brachii"]`, one item.
        for key in [
            "target_muscles",
            "equipment",
            "aka",
            "cues",
            "stop_if",
            "steps",
        ] {
            for yaml in [
                format!("{key}: pectoralis-major, triceps-brachii\n"),
                format!("{key}: pectoralis-major,triceps-brachii\n"),
            ] {
                let (mut r, v) = read(&yaml);
                let obj = r.object(&v, &FieldPath::root(), &[key], "a page").unwrap();
                assert!(r.text_list(&obj, key, "items").is_empty());
                assert_eq!(
                    r.problems[0].message,
                    format!("{key}: expected a list of items, found items separated by commas")
                );
                assert_eq!(
                    r.problems[0].hint.as_deref(),
                    Some(format!("put the items in square brackets: {key}: [pectoralis-major, triceps-brachii]").as_str())
                );
            }
        }
        let (mut r2, v2) = read("cues: 'a [b], c'\n");
        let obj2 = r2
            .object(&v2, &FieldPath::root(), &["cues"], "a page")
            .unwrap();
        r2.text_list(&obj2, "cues", "cues");
        assert_eq!(
            r2.problems[0].hint.as_deref(),
            Some("put the items in square brackets: cues: [\"a [b]\", c]")
        );
    }

    #[test]
    fn a_first_item_without_a_space_after_the_dash() {
        // `steps:\n  -a\n  - b` is the text "-a - b" to YAML.
        let (mut r, v) = read("steps:\n  -glute-bridge\n  - hip-thrust\n");
        let obj = r
            .object(&v, &FieldPath::root(), &["steps"], "a path")
            .unwrap();
        assert!(r.text_list(&obj, "steps", "exercise names").is_empty());
        assert_eq!(
            r.problems[0].message,
            "steps: a list item has no space after '-'"
        );
        assert_eq!(
            r.problems[0].hint.as_deref(),
            Some("write '- glute-bridge' with a space after the dash")
        );
    }

    #[test]
    fn map_where_a_list_is_expected_is_in_plain_words() {
        let (mut r, v) = read("cues:\n  a: b\n");
        let obj = r
            .object(&v, &FieldPath::root(), &["cues"], "an exercise")
            .unwrap();
        r.text_list(&obj, "cues", "cues");
        assert_eq!(
            r.problems[0].message,
            "cues: expected a list of cues, found a set of 'key: value' lines"
        );
        assert!(!r.problems[0].message.contains("sequence"));
    }

    #[test]
    fn front_matter_that_is_a_list() {
        let (mut r, v) = read("- a\n- b\n");
        assert!(
            r.object(&v, &FieldPath::root(), &["title"], "a page")
                .is_none()
        );
        assert_eq!(
            r.problems[0].message,
            "expected a set of 'key: value' lines, found a list"
        );
    }

    #[test]
    fn integers_are_bounded() {
        let (mut r, v) = read("weight: 99999\n");
        let obj = r
            .object(&v, &FieldPath::root(), &["weight"], "a page")
            .unwrap();
        assert_eq!(r.integer(&obj, "weight", -1000, 1000), None);
        assert_eq!(r.problems.len(), 1);
        let huge = parse("weight: 99999999999999999999999\n").unwrap_err();
        assert_eq!(
            huge.message,
            "the number 99999999999999999999999 is too large"
        );
    }
}
