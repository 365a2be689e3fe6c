//! The `---` front-matter block: splitting it from the body, parsing its YAML, and finding
//! where any field sits in the file.
//!
//! This is one of the two files that call serde_yaml (the other is `model/yaml.rs`), so a
//! change of YAML library touches only them.
//!
//! Positions come from the YAML parser itself. [`locate`] replays the parse with a
//! deserializer seed that fails on purpose when it reaches the wanted node; serde_yaml marks
//! that error with the node's line and column. This costs one extra parse per diagnostic, and
//! only for files that have a problem, and it is exact for every YAML style (block, flow,
//! quoted, multi-line) without a hand-written scanner.

// User data flows through here: no indexing or slicing that could panic on it (tests may).
#![cfg_attr(not(test), warn(clippy::indexing_slicing, clippy::string_slice))]

use std::cell::RefCell;
use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

use crate::diagnostic::Pos;
use crate::source::LineIndex;

// Messages too long to sit inside a statement (rustfmt leaves such statements unformatted).
const HINT_THE_FIRST_LINE_MUST_BE: &str =
    "the first line must be '---', followed by lines like 'title: ...' and a closing '---' line";
const HINT_KEYS_AT_THE_SAME_LEVEL: &str = "keys at the same level must start in the same column; list items start with '- ' at the same indentation";
const HINT_CLOSE_THE_LIST_ON_THE: &str = "close the list on the same line and put ', ' between items, e.g. cues: [Ribs down, Breathe out]";

/// The YAML value type the model reads from.
pub(crate) type Value = serde_yaml::Value;

/// One step of a path into the front matter.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Seg {
    /// A key of a mapping.
    Key(String),
    /// An item of a list (0-based).
    Index(usize),
}

/// A path to a front-matter node, displayed the way authors read it:
/// `progression.harder[1]`, `common_errors[0].fix`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) struct FieldPath(pub Vec<Seg>);

impl FieldPath {
    /// The empty path (the whole front matter).
    pub(crate) fn root() -> Self {
        FieldPath(Vec::new())
    }

    /// This path plus a key.
    pub(crate) fn key(&self, k: &str) -> Self {
        let mut p = self.clone();
        p.0.push(Seg::Key(k.to_string()));
        p
    }

    /// This path plus a list index.
    pub(crate) fn index(&self, i: usize) -> Self {
        let mut p = self.clone();
        p.0.push(Seg::Index(i));
        p
    }

    /// True for the root path.
    pub(crate) fn is_root(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Display for FieldPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, seg) in self.0.iter().enumerate() {
            match seg {
                Seg::Key(k) if i == 0 => f.write_str(k)?,
                Seg::Key(k) => write!(f, ".{k}")?,
                Seg::Index(n) => write!(f, "[{n}]")?,
            }
        }
        Ok(())
    }
}

/// A Markdown file cut into its front matter and its body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Split<'a> {
    /// The YAML between the fences (may be empty).
    pub yaml: &'a str,
    /// The file line of the first YAML line (the line after the opening `---`).
    pub yaml_first_line: u32,
    /// Everything after the closing fence.
    pub body: &'a str,
    /// The file line where the body starts.
    pub body_first_line: u32,
}

/// Why a file could not be split.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SplitError {
    /// The file line to point at.
    pub line: u32,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub hint: String,
}

fn is_fence(line: &str) -> bool {
    line.trim_end() == "---"
}

/// Splits `text` (already without BOM, with `\n` line ends) at its `---` fences.
pub fn split(text: &str) -> Result<Split<'_>, SplitError> {
    if text.trim().is_empty() {
        return Err(SplitError {
            line: 1,
            message: "the file is empty".into(),
            hint: "start the file with a '---' line, a 'title: ...' line and a closing '---' line"
                .into(),
        });
    }
    let first_end = text.find('\n').unwrap_or(text.len());
    if !is_fence(text.get(..first_end).unwrap_or(text)) {
        return Err(SplitError {
            line: 1,
            message: "the file does not start with front matter".into(),
            hint: HINT_THE_FIRST_LINE_MUST_BE.into(),
        });
    }
    let yaml_start = (first_end + 1).min(text.len());
    let mut offset = yaml_start;
    let mut line_no = 2u32;
    while offset < text.len() {
        let end = text
            .get(offset..)
            .and_then(|rest| rest.find('\n'))
            .map_or(text.len(), |i| offset + i);
        if is_fence(text.get(offset..end).unwrap_or("")) {
            let body_start = (end + 1).min(text.len());
            return Ok(Split {
                yaml: text.get(yaml_start..offset).unwrap_or(""),
                yaml_first_line: 2,
                body: text.get(body_start..).unwrap_or(""),
                body_first_line: line_no + 1,
            });
        }
        offset = end + 1;
        line_no += 1;
    }
    Err(SplitError {
        line: 1,
        message: "the front matter is not closed".into(),
        hint: "add a line with only '---' after the last front-matter line".into(),
    })
}

/// A YAML syntax problem, located in the YAML text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    /// Position in the YAML text (line 1 is the first YAML line), when known.
    pub pos: Option<Pos>,
    /// Where the offending text ends (same coordinates), when known.
    pub end: Option<Pos>,
    /// What is wrong, in plain words.
    pub message: String,
    /// How to fix it.
    pub hint: Option<String>,
}

/// The `visit_*` methods of a visitor that walks a value tree for its maps and sequences:
/// scalars are leaves (nothing to do), `Some` and `!tagged` values are looked inside.
macro_rules! leaf_values {
    () => {
        fn visit_bool<E: de::Error>(self, _: bool) -> Result<(), E> {
            Ok(())
        }
        fn visit_i64<E: de::Error>(self, _: i64) -> Result<(), E> {
            Ok(())
        }
        fn visit_u64<E: de::Error>(self, _: u64) -> Result<(), E> {
            Ok(())
        }
        fn visit_i128<E: de::Error>(self, _: i128) -> Result<(), E> {
            Ok(())
        }
        fn visit_u128<E: de::Error>(self, _: u128) -> Result<(), E> {
            Ok(())
        }
        fn visit_f64<E: de::Error>(self, _: f64) -> Result<(), E> {
            Ok(())
        }
        fn visit_str<E: de::Error>(self, _: &str) -> Result<(), E> {
            Ok(())
        }
        fn visit_unit<E: de::Error>(self) -> Result<(), E> {
            Ok(())
        }
        fn visit_none<E: de::Error>(self) -> Result<(), E> {
            Ok(())
        }
        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
            d.deserialize_any(self)
        }
        fn visit_enum<A: de::EnumAccess<'de>>(self, data: A) -> Result<(), A::Error> {
            // A `!tagged` value: look inside it.
            let (_, variant) = data.variant::<IgnoredAny>()?;
            de::VariantAccess::newtype_variant_seed(variant, self)
        }
    };
}

/// Parses the front-matter YAML into a value tree.
pub fn parse(yaml: &str) -> Result<Value, YamlError> {
    parse_at(yaml, 1)
}

/// [`parse`] for YAML whose first line is line `first_line` of its file: a line named in a
/// message or hint (where a repeated key first appears) is a file line. The error's `pos`
/// and `end` stay in YAML coordinates, as for [`parse`].
pub(crate) fn parse_at(yaml: &str, first_line: u32) -> Result<Value, YamlError> {
    serde_yaml::from_str::<Value>(yaml).map_err(|e| {
        let pos = e.location().map(|l| Pos {
            line: l.line() as u32,
            column: l.column() as u32,
        });
        let index = e.location().map(|l| l.index());
        let raw = e.to_string();
        if let Some(found) = pos.and_then(|p| mistake_before(&raw, yaml, p.line)) {
            return found;
        }
        if raw.contains("duplicate entry")
            && let Some(found) = repeated_key(yaml, first_line)
        {
            return found;
        }
        let (message, hint) = explain_syntax_error(&raw, yaml, index);
        YamlError {
            pos,
            end: None,
            message,
            hint,
        }
    })
}

/// A front-matter line, cut up for [`mistake_before`].
struct Line<'a> {
    /// 1-based line number in the YAML text.
    no: u32,
    /// The whole line.
    text: &'a str,
    /// Bytes of leading spaces.
    indent: usize,
}

impl<'a> Line<'a> {
    /// The text after the indentation, without a trailing ` # comment`.
    fn content(&self) -> &'a str {
        let rest = self.text.get(self.indent..).unwrap_or("");
        let cut = rest
            .char_indices()
            .find(|&(i, c)| {
                c == '#'
                    && (i == 0
                        || rest
                            .get(..i)
                            .is_some_and(|h| h.ends_with(char::is_whitespace)))
            })
            .map_or(rest.len(), |(i, _)| i);
        rest.get(..cut).unwrap_or(rest).trim_end()
    }

    fn is_blank(&self) -> bool {
        self.content().is_empty()
    }

    /// A list item line (`- x`, or a lone `-`).
    fn is_item(&self) -> bool {
        let c = self.content();
        c == "-" || c.starts_with("- ")
    }

    /// `key: value` or `- key: value`: the key's byte column, the key, and whether a value
    /// follows on the line. Only plain one-word keys, as the format has.
    fn key(&self) -> Option<(usize, &'a str, bool)> {
        let content = self.content();
        let (col, rest) = match content.strip_prefix("- ") {
            Some(r) => {
                let after = r.trim_start_matches(' ');
                (self.indent + content.len() - after.len(), after)
            }
            None => (self.indent, content),
        };
        let colon = rest.char_indices().find(|&(i, c)| {
            c == ':'
                && rest
                    .get(i + 1..)
                    .is_some_and(|t| t.is_empty() || t.starts_with(' '))
        })?;
        let key = rest.get(..colon.0)?;
        let keyish = !key.is_empty()
            && key
                .chars()
                .all(|c| c.is_alphanumeric() || c == '_' || c == '-');
        let has_value = rest
            .get(colon.0 + 1..)
            .is_some_and(|v| !v.trim().is_empty());
        keyish.then_some((col, key, has_value))
    }

    /// A 1-based position on this line from a byte column.
    fn pos(&self, byte: usize) -> Pos {
        let column = self.text.get(..byte).map_or(0, |h| h.chars().count()) as u32 + 1;
        Pos {
            line: self.no,
            column,
        }
    }
}

/// The mistake an author most likely made when libyaml stops at `line` without a key's
/// ':' ("could not find expected ':'") or at a ':' it did not expect ("mapping values are
/// not allowed"): libyaml reads on past the wrong line, so its own position is the line
/// after it. Looks back for a key written without ':' (`sets 3`), a list item without a
/// space (`-push-up`) and a key indented more than the key above it.
fn mistake_before(raw: &str, yaml: &str, line: u32) -> Option<YamlError> {
    let missing_colon = raw.contains("could not find expected ':'");
    let stray_colon = raw.contains("mapping values are not allowed");
    if !missing_colon && !stray_colon {
        return None;
    }
    let lines: Vec<Line> = yaml
        .split('\n')
        .zip(1u32..)
        .map(|(text, no)| Line {
            no,
            text,
            indent: text.len() - text.trim_start_matches(' ').len(),
        })
        .collect();
    let at = line.saturating_sub(1) as usize;
    // Lines that are neither keys nor list items, going up from the line before `at`,
    // then the key or item line above them (the owner of a value they might continue).
    let mut run: Vec<&Line> = Vec::new();
    let mut owner: Option<&Line> = None;
    for l in lines.get(..at.min(lines.len())).unwrap_or(&[]).iter().rev() {
        if l.is_blank() {
            continue;
        }
        if l.key().is_some() || l.is_item() {
            owner = Some(l);
            break;
        }
        run.push(l);
    }
    // A line of the run that cannot continue the owner's value is one the author meant
    // as a key or an item.
    let owner_col = owner.map(|o| o.key().map_or(o.indent, |(c, _, _)| c));
    let owner_open = owner.is_none_or(|o| o.key().map_or(o.content() == "-", |(_, _, v)| !v));
    let wrong = run
        .iter()
        .rev()
        .find(|l| owner_open || owner_col.is_some_and(|c| l.indent <= c));
    if let Some(l) = wrong {
        // After a key with a value, a line of several words may be that value wrapped.
        let may_continue = !owner_open && l.content().split_whitespace().count() > 2;
        return missing_colon_or_space(l, may_continue);
    }
    if !stray_colon {
        return None;
    }
    let here = lines.get(at)?;
    let (col, key, _) = here.key()?;
    let (above_col, above, has_value) = owner?.key()?;
    if !has_value || col <= above_col {
        return None;
    }
    Some(YamlError {
        pos: Some(here.pos(col)),
        end: Some(here.pos(col + key.len() + 1)),
        message: format!("'{key}:' is indented more than '{above}:' above it"),
        hint: Some(format!(
            "start '{key}:' in column {}, under '{above}:'",
            above_col + 1
        )),
    })
}

/// The error for a line meant as `key: value` or `- item` (or, when `may_continue`, as
/// more of the value above it).
fn missing_colon_or_space(l: &Line, may_continue: bool) -> Option<YamlError> {
    let content = l.content();
    let start = l.pos(l.indent);
    if let Some(item) = content.strip_prefix('-') {
        if item.is_empty() || item.starts_with(['-', ' ']) {
            return None;
        }
        return Some(YamlError {
            pos: Some(start),
            end: Some(l.pos(l.indent + content.len())),
            message: "a list item has no space after '-'".into(),
            hint: Some(format!("write '- {item}' with a space after the dash")),
        });
    }
    let word = content.split(' ').next().unwrap_or(content);
    if word.is_empty()
        || !word
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '-')
    {
        return None;
    }
    let value = content.get(word.len()..).unwrap_or("").trim();
    let mut hint = if value.is_empty() {
        format!("add ': ' after '{word}'")
    } else {
        format!("add ': ' after '{word}': {word}: {value}")
    };
    if may_continue {
        hint.push_str("; or, if it continues the text above, indent it");
    }
    Some(YamlError {
        pos: Some(start),
        end: Some(l.pos(l.indent + word.len())),
        message: format!("'{word}' is not followed by ':'"),
        hint: Some(hint),
    })
}

/// The error for a key that appears twice in one mapping, at its second occurrence (the
/// YAML library reports the start of the mapping), with the line of the first in the hint.
/// `None` when the walk finds no repeated key (the caller then keeps the library's place).
/// `first_line` is the file line of the YAML's first line.
fn repeated_key(yaml: &str, first_line: u32) -> Option<YamlError> {
    let walk = |mode: RepeatMode| {
        let state = RefCell::new(RepeatState {
            mode,
            maps: 0,
            found: None,
        });
        let err = Repeats {
            state: &state,
            path: FieldPath::root(),
        }
        .deserialize(serde_yaml::Deserializer::from_str(yaml))
        .err()?;
        let found = state.into_inner().found?;
        let loc = err.location()?;
        Some((found, loc))
    };
    let (second, at) = walk(RepeatMode::Second)?;
    let (_, first) = walk(RepeatMode::First {
        map: second.map,
        key: second.key.clone(),
    })?;
    let ix = LineIndex::new(yaml);
    let start = ix.pos(yaml, at.index());
    let end = ix.pos(yaml, key_end(yaml, at.index()));
    let name = &second.name;
    let place = if second.path.is_root() {
        String::new()
    } else {
        format!(" in {}", second.path)
    };
    Some(YamlError {
        pos: Some(start),
        end: Some(end),
        message: format!("the key '{name}' appears twice{place}"),
        hint: Some(format!(
            "the first '{name}' is on line {}: keep one of them, as each key may appear only once",
            (first.line() as u32).saturating_add(first_line.saturating_sub(1))
        )),
    })
}

/// Where the mapping key that starts at byte `start` ends: after its closing quote, or
/// before the `:` that ends a plain key.
fn key_end(yaml: &str, start: usize) -> usize {
    let line = yaml
        .get(start..)
        .and_then(|rest| rest.split('\n').next())
        .unwrap_or("");
    if line.starts_with(['"', '\'']) {
        return node_end(yaml, start);
    }
    let colon = line.char_indices().find(|&(i, c)| {
        c == ':'
            && line
                .get(i + 1..)
                .is_none_or(|t| t.is_empty() || t.starts_with([' ', '\t', ',', '}']))
    });
    match colon {
        Some((i, _)) => start + line.get(..i).unwrap_or("").trim_end().len().max(1),
        None => node_end(yaml, start),
    }
}

/// Which occurrence of a repeated key [`Repeats`] stops at.
enum RepeatMode {
    /// The first key that repeats a key before it in the same mapping.
    Second,
    /// The first occurrence of `key` in the `map`-th mapping (counted in reading order).
    First { map: usize, key: String },
}

/// A repeated key, as [`Repeats`] found it.
struct Repeat {
    /// The mapping it is in (counted in reading order).
    map: usize,
    /// The key with its kind (`12` and `"12"` are different keys).
    key: String,
    /// The key as written.
    name: String,
    /// The path of the mapping.
    path: FieldPath,
}

struct RepeatState {
    mode: RepeatMode,
    /// Mappings entered so far.
    maps: usize,
    found: Option<Repeat>,
}

/// Walks the whole front matter and fails on purpose at the key [`RepeatMode`] asks for,
/// so that the YAML library's error carries that key's position.
struct Repeats<'s> {
    state: &'s RefCell<RepeatState>,
    path: FieldPath,
}

impl<'de> DeserializeSeed<'de> for Repeats<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Repeats<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any value")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let number = {
            let mut state = self.state.borrow_mut();
            state.maps += 1;
            state.maps
        };
        let mut seen: Vec<String> = Vec::new();
        while let Some(key) = map.next_key_seed(RepeatKey {
            state: self.state,
            map: number,
            seen: &seen,
            path: &self.path,
        })? {
            let path = match &key {
                Some((_, name)) => self.path.key(name),
                None => self.path.clone(),
            };
            map.next_value_seed(Repeats {
                state: self.state,
                path,
            })?;
            if let Some((key, _)) = key {
                seen.push(key);
            }
        }
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let mut i = 0;
        while seq
            .next_element_seed(Repeats {
                state: self.state,
                path: self.path.index(i),
            })?
            .is_some()
        {
            i += 1;
        }
        Ok(())
    }

    leaf_values!();
}

/// Reads a key of the `map`-th mapping as `(key with its kind, key as written)` (`None` for
/// a list or mapping used as a key), failing when it is the key [`RepeatMode`] asks for.
struct RepeatKey<'s> {
    state: &'s RefCell<RepeatState>,
    map: usize,
    seen: &'s [String],
    path: &'s FieldPath,
}

impl RepeatKey<'_> {
    fn key<E: de::Error>(self, kind: char, name: &str) -> Result<Option<(String, String)>, E> {
        let key = format!("{kind}{name}");
        let mut state = self.state.borrow_mut();
        let stop = match &state.mode {
            RepeatMode::Second => self.seen.contains(&key),
            RepeatMode::First { map, key: want } => *map == self.map && *want == key,
        };
        if stop {
            state.found = Some(Repeat {
                map: self.map,
                key,
                name: name.to_string(),
                path: self.path.clone(),
            });
            return Err(E::custom(FOUND));
        }
        Ok(Some((key, name.to_string())))
    }
}

impl<'de> DeserializeSeed<'de> for RepeatKey<'_> {
    type Value = Option<(String, String)>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for RepeatKey<'_> {
    type Value = Option<(String, String)>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a key")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        self.key('s', v)
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        self.key('b', &v.to_string())
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        self.key('n', &v.to_string())
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        self.key('n', &v.to_string())
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        self.key('f', &v.to_string())
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        self.key('0', "null")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(None)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(None)
    }
}

/// Turns libyaml's messages into the author's words.
fn explain_syntax_error(raw: &str, yaml: &str, index: Option<usize>) -> (String, Option<String>) {
    // serde_yaml appends " at line L column C" (and sometimes ", while ..."); we show the
    // position separately.
    let core = raw.split(" at line ").next().unwrap_or(raw).trim();
    let at = index
        .and_then(|i| yaml.get(i..))
        .and_then(|s| s.chars().next());
    let line_text = index.map_or("", |i| {
        let start = yaml
            .get(..i.min(yaml.len()))
            .and_then(|head| head.rfind('\n'))
            .map_or(0, |p| p + 1);
        let end = yaml
            .get(start..)
            .and_then(|rest| rest.find('\n'))
            .map_or(yaml.len(), |p| start + p);
        yaml.get(start..end).unwrap_or("")
    });
    if at == Some('\t') || (core.contains("cannot start any token") && line_text.contains('\t')) {
        return (
            "a tab character is used for indentation".into(),
            Some("YAML only allows spaces for indentation: replace the tab with spaces".into()),
        );
    }
    if core.contains("mapping values are not allowed") {
        return (
            "a value contains ': ', which YAML reads as a new key".into(),
            Some("put the whole value in double quotes, e.g. summary: \"Hold: then lower\"".into()),
        );
    }
    if core.contains("did not find expected key") || core.contains("did not find expected '-'") {
        return (
            "this line is not indented like the lines around it".into(),
            Some(HINT_KEYS_AT_THE_SAME_LEVEL.into()),
        );
    }
    if core.contains("did not find expected ',' or ']'")
        || core.contains("did not find expected ',' or '}'")
    {
        return (
            "a list in brackets is not closed, or its items are not separated by commas".into(),
            Some(HINT_CLOSE_THE_LIST_ON_THE.into()),
        );
    }
    if core.contains("could not find expected ':'") {
        return (
            "a line in the front matter is not of the form 'key: value'".into(),
            Some("write 'key: value', or quote a long text that wraps onto the next line".into()),
        );
    }
    if core.contains("duplicate entry") || core.contains("duplicate key") {
        let key = core.split('"').nth(1).unwrap_or("a key");
        return (
            format!("the key '{key}' appears twice"),
            Some("keep one of them: each key may appear only once".into()),
        );
    }
    if core.contains("as u128") || core.contains("as i128") || core.contains("out of range") {
        let number = core.split('`').nth(1).unwrap_or("a number");
        return (
            format!("the number {number} is too large"),
            Some("write a smaller number; no field of the format needs numbers this large".into()),
        );
    }
    if core.contains("recursion limit") {
        return (
            "the front matter is nested too deeply".into(),
            Some(
                "front matter needs at most three levels (e.g. common_errors → item → fix)".into(),
            ),
        );
    }
    if core.contains("found undefined alias") || core.contains("unknown anchor") {
        return (
            "a '*name' alias refers to an anchor that is not defined".into(),
            Some("define '&name' before using '*name', or write the value out".into()),
        );
    }
    if core.contains("found unexpected end of stream") || core.contains("found unexpected end") {
        return (
            "a quote or bracket is opened but never closed".into(),
            Some("close every '\"', '[' and '{' on the line where it starts".into()),
        );
    }
    if core.contains("cannot start any token") {
        let c = at.map(|c| format!(" '{c}'")).unwrap_or_default();
        return (
            format!("a value starts with the character{c}, which YAML reserves"),
            Some("put the value in double quotes".into()),
        );
    }
    if core.contains("invalid value:") || core.contains("invalid type:") {
        // Only an explicit tag (`!!int x`) makes the YAML value tree itself refuse a value.
        return (
            "a value does not fit the type its '!!' tag asks for".into(),
            Some("remove the '!!...' tag: front matter needs no YAML tags".into()),
        );
    }
    (
        format!("the front matter is not valid YAML: {core}"),
        Some("check the quotes, colons and indentation of this line".into()),
    )
}

/// Which part of a node to locate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Target {
    /// The key of the last path segment (for unknown keys).
    Key,
    /// The value at the path.
    Value,
}

const FOUND: &str = "\u{0}movebook-located\u{0}";

/// Finds where `path` sits in `yaml`: its position (line 1 = first YAML line) and byte offset.
pub(crate) fn locate(yaml: &str, path: &FieldPath, target: Target) -> Option<(Pos, usize)> {
    let seed = Locate {
        path: &path.0,
        target,
    };
    let err = match seed.deserialize(serde_yaml::Deserializer::from_str(yaml)) {
        Ok(()) => return None,
        Err(e) => e,
    };
    if !err.to_string().contains(FOUND) {
        return None;
    }
    let loc = err.location()?;
    Some((
        Pos {
            line: loc.line() as u32,
            column: loc.column() as u32,
        },
        loc.index(),
    ))
}

/// Where the YAML node that starts at byte `start` ends (exclusive), on the same line:
/// a quoted string to its closing quote, a flow list item to the next `,` or `]`, a plain
/// value to the end of the line without its comment.
pub(crate) fn node_end(yaml: &str, start: usize) -> usize {
    let Some(rest) = yaml.get(start..) else {
        return yaml.len();
    };
    let line = rest.split('\n').next().unwrap_or(rest);
    let line_start = yaml
        .get(..start)
        .and_then(|head| head.rfind('\n'))
        .map_or(0, |i| i + 1);
    let before = yaml.get(line_start..start).unwrap_or("");
    let in_flow = before.matches(['[', '{']).count() > before.matches([']', '}']).count();
    let mut chars = line.char_indices();
    let end = match chars.next() {
        Some((_, q @ ('"' | '\''))) => {
            let mut prev_escape = false;
            let mut end = line.len();
            for (i, c) in chars {
                if c == q && !prev_escape {
                    end = i + 1;
                    break;
                }
                prev_escape = q == '"' && c == '\\' && !prev_escape;
            }
            end
        }
        Some((_, '[' | '{')) => flow_end(line),
        _ => {
            let mut end = line.len();
            let bytes = line.as_bytes();
            for (i, c) in line.char_indices() {
                let comment =
                    c == '#' && i > 0 && bytes.get(i - 1).is_some_and(u8::is_ascii_whitespace);
                if comment || (in_flow && matches!(c, ',' | ']' | '}')) {
                    end = i;
                    break;
                }
            }
            end
        }
    };
    start
        + line
            .get(..end)
            .unwrap_or(line)
            .trim_end()
            .len()
            .max(1.min(line.len()))
}

/// Where a flow list or mapping that starts `line` ends: after its closing bracket, or, when
/// it is not closed on the line, before a trailing comment.
fn flow_end(line: &str) -> usize {
    let mut depth = 0usize;
    let mut quote: Option<char> = None;
    let mut prev_space = false;
    let mut comment = line.len();
    for (i, c) in line.char_indices() {
        match (quote, c) {
            (Some(q), _) if c == q => quote = None,
            (None, '"' | '\'') => quote = Some(c),
            (None, '[' | '{') => depth += 1,
            (None, ']' | '}') => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return i + 1;
                }
            }
            (None, '#') if prev_space => {
                comment = i;
                break;
            }
            _ => {}
        }
        prev_space = c.is_whitespace();
    }
    comment
}

/// Locates `path` and converts it to file positions: `(start, end)` where the YAML starts at
/// file line `yaml_first_line`.
pub(crate) fn locate_in_file(
    yaml: &str,
    yaml_first_line: u32,
    path: &FieldPath,
    target: Target,
) -> Option<(Pos, Pos)> {
    let (_, index) = locate(yaml, path, target)?;
    let ix = LineIndex::new(yaml);
    let start = ix.pos(yaml, index);
    let end = match target {
        // A key ends at its `:` (its value is not part of it).
        Target::Key => key_end(yaml, index),
        Target::Value => node_end(yaml, index),
    };
    let end = ix.pos(yaml, end);
    let shift = |p: Pos| Pos {
        line: p.line + yaml_first_line - 1,
        column: p.column,
    };
    Some((shift(start), shift(end)))
}

struct Locate<'p> {
    path: &'p [Seg],
    target: Target,
}

impl<'de> DeserializeSeed<'de> for Locate<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        if self.path.is_empty() {
            d.deserialize_any(Fail)
        } else {
            d.deserialize_any(self)
        }
    }
}

impl<'de> Visitor<'de> for Locate<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any value")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let Some(Seg::Key(want)) = self.path.first() else {
            while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
            return Ok(());
        };
        let fail_on_key = self.path.len() == 1 && self.target == Target::Key;
        while let Some(key) = map.next_key_seed(KeySeed {
            fail_on: fail_on_key.then_some(want.as_str()),
        })? {
            if key.as_deref() == Some(want.as_str()) {
                map.next_value_seed(Locate {
                    path: self.path.get(1..).unwrap_or(&[]),
                    target: self.target,
                })?;
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let Some(&Seg::Index(want)) = self.path.first() else {
            while seq.next_element::<IgnoredAny>()?.is_some() {}
            return Ok(());
        };
        let mut i = 0;
        loop {
            if i == want {
                let found = seq.next_element_seed(Locate {
                    path: self.path.get(1..).unwrap_or(&[]),
                    target: self.target,
                })?;
                if found.is_none() {
                    return Ok(());
                }
            } else if seq.next_element::<IgnoredAny>()?.is_none() {
                return Ok(());
            }
            i += 1;
        }
    }

    leaf_values!();
}

/// A visitor that fails on whatever it is given, so the error carries the node's mark.
struct Fail;

impl<'de> Visitor<'de> for Fail {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("nothing")
    }
    fn visit_map<A: MapAccess<'de>>(self, _: A) -> Result<(), A::Error> {
        Err(de::Error::custom(FOUND))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, _: A) -> Result<(), A::Error> {
        Err(de::Error::custom(FOUND))
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<(), E> {
        Err(E::custom(FOUND))
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<(), E> {
        Err(E::custom(FOUND))
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<(), E> {
        Err(E::custom(FOUND))
    }
    fn visit_i128<E: de::Error>(self, _: i128) -> Result<(), E> {
        Err(E::custom(FOUND))
    }
    fn visit_u128<E: de::Error>(self, _: u128) -> Result<(), E> {
        Err(E::custom(FOUND))
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<(), E> {
        Err(E::custom(FOUND))
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<(), E> {
        Err(E::custom(FOUND))
    }
    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        Err(E::custom(FOUND))
    }
    fn visit_none<E: de::Error>(self) -> Result<(), E> {
        Err(E::custom(FOUND))
    }
    fn visit_some<D: Deserializer<'de>>(self, _: D) -> Result<(), D::Error> {
        Err(de::Error::custom(FOUND))
    }
    fn visit_enum<A: de::EnumAccess<'de>>(self, _: A) -> Result<(), A::Error> {
        Err(de::Error::custom(FOUND))
    }
}

/// Reads a mapping key as text (non-text keys become `None`), failing when it equals
/// `fail_on` so that the error points at the key.
struct KeySeed<'a> {
    fail_on: Option<&'a str>,
}

impl<'de> DeserializeSeed<'de> for KeySeed<'_> {
    type Value = Option<String>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Option<String>, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for KeySeed<'_> {
    type Value = Option<String>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a key")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Option<String>, E> {
        if self.fail_on == Some(v) {
            return Err(E::custom(FOUND));
        }
        Ok(Some(v.to_string()))
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Option<String>, E> {
        self.visit_str(&v.to_string())
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Option<String>, E> {
        self.visit_str(&v.to_string())
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Option<String>, E> {
        self.visit_str(&v.to_string())
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Option<String>, E> {
        self.visit_str(&v.to_string())
    }
    fn visit_unit<E: de::Error>(self) -> Result<Option<String>, E> {
        self.visit_str("null")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Option<String>, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(None)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Option<String>, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &[&str]) -> FieldPath {
        FieldPath(
            s.iter()
                .map(|x| match x.parse::<usize>() {
                    Ok(n) => Seg::Index(n),
                    Err(_) => Seg::Key(x.to_string()),
                })
                .collect(),
        )
    }

    #[test]
    fn splits_front_matter_and_body() {
        let s = split("---\ntitle: A\n---\nBody\n").unwrap();
        assert_eq!(s.yaml, "title: A\n");
        assert_eq!(s.body, "Body\n");
        assert_eq!(s.body_first_line, 4);
        let s = split("---\n---").unwrap();
        assert_eq!(s.yaml, "");
        assert_eq!(s.body, "");
    }

    #[test]
    fn a_repeated_key_is_located_at_its_second_occurrence() {
        let at = |yaml: &str| {
            let e = parse_at(yaml, 2).unwrap_err();
            let (p, end) = (e.pos.unwrap(), e.end.unwrap());
            (p.line, p.column, end.column, e.message, e.hint.unwrap())
        };
        let (line, col, end, message, hint) = at("a: 1\nb: 2\na: 3\n");
        assert_eq!((line, col, end), (3, 1, 2));
        assert_eq!(message, "the key 'a' appears twice");
        assert!(hint.starts_with("the first 'a' is on line 2:"), "{hint}");
        // 12 and "12" are different keys; 12 and 12 are not.
        let (line, col, end, _, hint) = at("12: x\n\"12\": y\n  # c\n12: z\n");
        assert_eq!((line, col, end), (4, 1, 3));
        assert!(hint.starts_with("the first '12' is on line 2:"), "{hint}");
        // A quoted key is underlined with its quotes; a key in a flow mapping up to its ':'.
        let (line, col, end, _, _) = at("a: 1\n'a': 2\n");
        assert_eq!((line, col, end), (2, 1, 4));
        let (line, col, end, message, _) = at("m: {x: 1, y: 2, x: 3}\n");
        assert_eq!((line, col, end), (1, 17, 18));
        assert_eq!(message, "the key 'x' appears twice in m");
        // A duplicate in a mapping reached through an alias, and keys YAML tags: still the
        // library's message, wherever it can be placed, and no panic.
        for yaml in ["a: &x {k: 1, k: 2}\nb: *x\n", "!t a: 1\n!t a: 2\n"] {
            let e = parse(yaml).unwrap_err();
            assert!(e.message.contains("appears twice"), "{yaml:?}: {e:?}");
        }
    }

    #[test]
    fn reports_missing_and_unclosed_fences() {
        assert_eq!(split("").unwrap_err().message, "the file is empty");
        assert_eq!(
            split("---").unwrap_err().message,
            "the front matter is not closed"
        );
        assert_eq!(
            split("---\ntitle: x\n").unwrap_err().message,
            "the front matter is not closed"
        );
        assert!(
            split("title: x\n---\n")
                .unwrap_err()
                .message
                .contains("does not start")
        );
    }

    #[test]
    fn locates_keys_values_and_items_in_every_style() {
        let yaml = "title: Bridge\ntarget_muscles: [gluteus-maximus, glute-max]\nprogression:\n  harder:\n    - a\n    - \"b\"\ncommon_errors:\n  - error: x\n    fix: y\n";
        let cases: &[(&[&str], Target, (u32, u32))] = &[
            (&["title"], Target::Key, (1, 1)),
            (&["title"], Target::Value, (1, 8)),
            (&["target_muscles", "1"], Target::Value, (2, 35)),
            (&["progression", "harder", "1"], Target::Value, (6, 7)),
            (&["common_errors", "0", "fix"], Target::Key, (9, 5)),
        ];
        for (path, target, (line, column)) in cases {
            let (pos, _) = locate(yaml, &p(path), *target).unwrap_or_else(|| panic!("{path:?}"));
            assert_eq!((pos.line, pos.column), (*line, *column), "{path:?}");
        }
        assert!(locate(yaml, &p(&["nope"]), Target::Key).is_none());
        assert!(locate(yaml, &p(&["target_muscles", "9"]), Target::Value).is_none());
    }

    #[test]
    fn node_end_covers_the_offending_text() {
        let yaml = "a: [x, glute-max]\nb: \"quoted: text\" # c\nc: plain words # comment\n";
        let s = yaml.find("glute-max").unwrap();
        assert_eq!(&yaml[s..node_end(yaml, s)], "glute-max");
        let s = yaml.find('"').unwrap();
        assert_eq!(&yaml[s..node_end(yaml, s)], "\"quoted: text\"");
        let s = yaml.find("plain").unwrap();
        assert_eq!(&yaml[s..node_end(yaml, s)], "plain words");
        // Regression: a list or mapping in brackets was underlined up to the line's end,
        // across its comment.
        let yaml = "cues: [[a], \"b # ]\"]   # comment\nstop_if: {a: b}  # c\nx: [open, # c\n";
        for (at, want) in [
            ("[[", "[[a], \"b # ]\"]"),
            ("{a", "{a: b}"),
            ("[open", "[open,"),
        ] {
            let s = yaml.find(at).unwrap();
            assert_eq!(&yaml[s..node_end(yaml, s)], want);
        }
    }

    type At = Option<(u32, u32)>;

    fn syntax(yaml: &str) -> (At, At, String, String) {
        let e = parse(yaml).unwrap_err();
        (
            e.pos.map(|p| (p.line, p.column)),
            e.end.map(|p| (p.line, p.column)),
            e.message,
            e.hint.unwrap_or_default(),
        )
    }

    #[test]
    fn a_key_without_its_colon_is_reported_on_its_own_line() {
        // Regression: libyaml stops on the line after, and that line was reported.
        let cases: &[(&str, u32, &str)] = &[
            ("title: T\nsets 3\nreps: 10\n", 2, "sets"),
            ("title: T\ncategory strength\n", 2, "category"),
            ("rest 90s\ntitle: T\n", 1, "rest"),
            (
                "title: T\n\nrest 90s   # a comment\n\n  # another\nlevel: beginner\n",
                3,
                "rest",
            ),
            ("progression:\n  harder [a]\n  easier: [b]\n", 2, "harder"),
        ];
        for (yaml, line, key) in cases {
            let (pos, end, message, hint) = syntax(yaml);
            let indent = u32::from(key == &"harder") * 2;
            assert_eq!(pos, Some((*line, 1 + indent)), "{yaml:?}");
            assert_eq!(
                end,
                Some((*line, 1 + indent + key.len() as u32)),
                "{yaml:?}"
            );
            assert_eq!(
                message,
                format!("'{key}' is not followed by ':'"),
                "{yaml:?}"
            );
            assert!(
                hint.starts_with(&format!("add ': ' after '{key}'")),
                "{hint}"
            );
        }
        assert_eq!(
            syntax("title: T\nsets 3\nreps: 10\n").3,
            "add ': ' after 'sets': sets: 3"
        );
        // A wrapped text is more likely than a key of several words.
        assert_eq!(
            syntax("summary: Lift the hips\nfrom the floor\nlevel: beginner\n").3,
            "add ': ' after 'from': from: the floor; or, if it continues the text above, indent it"
        );
    }

    #[test]
    fn a_list_item_without_a_space_after_the_dash_is_reported_on_its_own_line() {
        for (yaml, line) in [
            ("steps:\n  - a\n  -push-up\n  - c\n", 3),
            ("steps:\n  - a\n  - b\n  -push-up\n", 4),
            ("steps:\n- a\n-push-up\n- c\n", 3),
        ] {
            let (pos, _, message, hint) = syntax(yaml);
            assert_eq!(pos.map(|p| p.0), Some(line), "{yaml:?}");
            assert_eq!(message, "a list item has no space after '-'");
            assert_eq!(hint, "write '- push-up' with a space after the dash");
        }
    }

    #[test]
    fn a_key_indented_too_far_is_an_indentation_mistake() {
        // Regression: this was "a value contains ': '" with a hint to add quotes, and adding
        // them changed nothing.
        for fix in ["fix: y", "fix: \"y\""] {
            let yaml = format!("title: T\ncommon_errors:\n  - error: x\n      {fix}\n");
            let (pos, end, message, hint) = syntax(&yaml);
            assert_eq!(pos, Some((4, 7)));
            assert_eq!(end, Some((4, 11)));
            assert_eq!(message, "'fix:' is indented more than 'error:' above it");
            assert_eq!(hint, "start 'fix:' in column 5, under 'error:'");
        }
        // A ': ' inside a value is still explained as such.
        let (_, _, message, _) = syntax("title: T\nsummary: Hold: then lower\n");
        assert_eq!(
            message,
            "a value contains ': ', which YAML reads as a new key"
        );
        let (_, _, message, _) = syntax("summary: A long\n  text that wraps: here\n");
        assert_eq!(
            message,
            "a value contains ': ', which YAML reads as a new key"
        );
    }

    #[test]
    fn explains_tabs_and_colons() {
        let e = parse("title: a\n\tsummary: b\n").unwrap_err();
        assert!(e.message.contains("tab"), "{e:?}");
        let e = parse("summary: Hold: then lower\n").unwrap_err();
        assert!(e.message.contains("': '"), "{e:?}");
        assert_eq!(e.pos.map(|p| p.line), Some(1));
    }

    #[test]
    fn displays_field_paths() {
        assert_eq!(
            p(&["progression", "harder", "1"]).to_string(),
            "progression.harder[1]"
        );
        assert_eq!(
            p(&["common_errors", "0", "fix"]).to_string(),
            "common_errors[0].fix"
        );
    }
}
