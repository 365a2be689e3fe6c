//! What the cursor is on, read from the live text of a page (which may be half-typed and not
//! valid YAML): a front-matter key, a front-matter value (with the keys above it), an `@/`
//! link, or the body.
//!
//! Front matter here is read line by line, by indentation, the way the format writes it
//! (block mappings, block lists, one-line `[a, b]` lists); the model's YAML reader is what
//! decides whether the text is valid, this only has to know where the cursor is.

/// One key of the path to a front-matter node; `"[]"` stands for "an item of the list".
pub(crate) const ITEM: &str = "[]";

/// What is under the cursor. Byte ranges are within the cursor's line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Context {
    /// Where a front-matter key is written: the keys of the mappings above it, the key as
    /// typed so far and its whole extent.
    Key {
        parents: Vec<String>,
        typed: String,
        start: usize,
        end: usize,
    },
    /// A front-matter value (a scalar, or one item of a list) of the node at `path`.
    Value {
        path: Vec<String>,
        token: String,
        /// The token up to the cursor.
        typed: String,
        start: usize,
        end: usize,
    },
    /// An `@/` link (in the body or in a front-matter text).
    Link {
        /// What follows `@/`, up to `#` (`exercises/glute-bridge.md`).
        target: String,
        anchor: Option<String>,
        /// Byte of the `@`.
        start: usize,
        /// Byte of the `#`, when there is one.
        hash: Option<usize>,
        end: usize,
        /// The cursor is after the `#`.
        in_anchor: bool,
    },
    /// Anywhere else in the body.
    Body,
    /// Nowhere useful (a fence line, a comment).
    Nothing,
}

/// The line numbers (0-based) of the front matter's fences: `(first YAML line, closing
/// fence)`; the closing fence is the end of the text when it is not written yet.
pub(crate) fn front_matter(lines: &[&str]) -> Option<(usize, usize)> {
    let first = lines.first()?.trim_start_matches('\u{feff}').trim_end();
    if first != "---" {
        return None;
    }
    let close = lines
        .iter()
        .enumerate()
        .skip(1)
        .find(|(_, l)| l.trim_end() == "---")
        .map_or(lines.len(), |(i, _)| i);
    Some((1, close))
}

/// A front-matter line, cut up.
#[derive(Debug, Clone, Default)]
pub(crate) struct YamlLine<'a> {
    /// Bytes of the `- ` markers that start it.
    pub dashes: Vec<usize>,
    /// Where its content (a key, or a value) starts.
    pub content: usize,
    /// The key, when the content is `key:`.
    pub key: Option<&'a str>,
    /// The byte after the key's `:`.
    pub after_colon: usize,
    /// No value after the `:` (a mapping or a list follows on the next lines).
    pub opens_block: bool,
    /// Blank or a comment.
    pub blank: bool,
}

impl YamlLine<'_> {
    /// The column of its first token (a dash or the content).
    pub(crate) fn first(&self) -> usize {
        self.dashes.first().copied().unwrap_or(self.content)
    }
}

/// Cuts one front-matter line up.
pub(crate) fn yaml_line(text: &str) -> YamlLine<'_> {
    let mut y = YamlLine::default();
    let bytes = text.as_bytes();
    let mut i = text.len() - text.trim_start_matches(' ').len();
    let rest = text.get(i..).unwrap_or("");
    if rest.trim().is_empty() || rest.starts_with('#') {
        y.blank = true;
        y.content = i;
        return y;
    }
    while bytes.get(i) == Some(&b'-') && matches!(bytes.get(i + 1), None | Some(b' ')) {
        y.dashes.push(i);
        i += 1;
        while bytes.get(i) == Some(&b' ') {
            i += 1;
        }
    }
    y.content = i;
    let content = text.get(i..).unwrap_or("");
    let key_len = content
        .bytes()
        .take_while(|b| b.is_ascii_alphanumeric() || *b == b'_' || *b == b'-')
        .count();
    if key_len > 0
        && content.as_bytes().get(key_len) == Some(&b':')
        && matches!(
            content.as_bytes().get(key_len + 1),
            None | Some(b' ' | b'\t')
        )
    {
        y.key = content.get(..key_len);
        y.after_colon = i + key_len + 1;
        let value = text.get(y.after_colon..).unwrap_or("").trim();
        y.opens_block = value.is_empty() || value.starts_with('#');
    }
    y
}

/// The keys of the mappings that hold the node starting at line `l` — a key at column
/// `col`, or, when `item_dash` is set, an item of a list whose dash is at that column.
fn parents(lines: &[YamlLine], l: usize, col: usize, item_dash: Option<usize>) -> Vec<String> {
    enum Want {
        /// The parent of a key at this column.
        Key(usize),
        /// The parent of a list item whose dash is at this column.
        Item(usize),
    }
    let mut rev: Vec<String> = Vec::new();
    let mut want = match item_dash {
        Some(d) => {
            rev.push(ITEM.into());
            Want::Item(d)
        }
        None => Want::Key(col),
    };
    for y in lines.iter().take(l).rev() {
        if y.blank {
            continue;
        }
        match want {
            Want::Key(c) => {
                if c == 0 {
                    break;
                }
                if y.first() >= c {
                    continue;
                }
                if let Some(&d) = y.dashes.last()
                    && y.content == c
                {
                    rev.push(ITEM.into());
                    want = Want::Item(d);
                } else if let (Some(k), true) = (y.key, y.opens_block) {
                    rev.push(k.into());
                    match y.dashes.last() {
                        Some(&d) => {
                            rev.push(ITEM.into());
                            want = Want::Item(d);
                        }
                        None => want = Want::Key(y.content),
                    }
                } else {
                    break;
                }
            }
            Want::Item(d) => {
                if y.first() > d || y.dashes.first() == Some(&d) {
                    continue;
                }
                match (y.key, y.opens_block, y.dashes.is_empty()) {
                    (Some(k), true, true) => {
                        rev.push(k.into());
                        want = Want::Key(y.content);
                    }
                    _ => break,
                }
            }
        }
    }
    rev.reverse();
    rev
}

/// The value (or list item) under the cursor in `text[from..]`: a one-line `[a, b]` list's
/// item, or the scalar, without quotes. `(token, start, end)`.
fn value_token(text: &str, from: usize, cursor: usize) -> (String, usize, usize) {
    let rest = text.get(from..).unwrap_or("");
    let lead = rest.len() - rest.trim_start().len();
    let v0 = from + lead;
    let unquote = |s: &str, a: usize| -> (String, usize, usize) {
        let t = s.trim();
        let a = a + (s.len() - s.trim_start().len());
        let inner = t
            .strip_prefix(['"', '\''])
            .map(|x| x.strip_suffix(['"', '\'']).unwrap_or(x));
        match inner {
            Some(i) => (i.to_string(), a + 1, a + 1 + i.len()),
            None => (t.to_string(), a, a + t.len()),
        }
    };
    if text.as_bytes().get(v0) == Some(&b'[') {
        let mut start = v0 + 1;
        let mut quote: Option<char> = None;
        for (i, c) in text.get(v0 + 1..).unwrap_or("").char_indices() {
            let at = v0 + 1 + i;
            match (quote, c) {
                (Some(q), _) if c == q => quote = None,
                (None, '"' | '\'') => quote = Some(c),
                (None, ',' | ']') => {
                    if cursor <= at {
                        return unquote(text.get(start..at).unwrap_or(""), start);
                    }
                    if c == ']' {
                        return (String::new(), cursor, cursor);
                    }
                    start = at + 1;
                }
                _ => {}
            }
        }
        return unquote(text.get(start..).unwrap_or(""), start);
    }
    // A scalar: up to a ` #` comment.
    let body = text.get(v0..).unwrap_or("");
    let cut = body.find(" #").unwrap_or(body.len());
    unquote(body.get(..cut).unwrap_or(""), v0)
}

/// The `@/` link around byte `cursor` of `text`, if any.
fn link_at(text: &str, cursor: usize) -> Option<Context> {
    let mut from = 0;
    while let Some(found) = text.get(from..).and_then(|t| t.find("@/")) {
        let start = from + found;
        let end = text
            .get(start..)
            .and_then(|t| t.find([')', ' ', '\t', '"', '\'', ']', '>', ',', '<']))
            .map_or(text.len(), |e| start + e);
        if (start..=end).contains(&cursor) && cursor > start {
            let link = text.get(start + 2..end).unwrap_or("");
            let (target, anchor, hash) = match link.split_once('#') {
                Some((t, a)) => (t, Some(a.to_string()), Some(start + 2 + t.len())),
                None => (link, None, None),
            };
            return Some(Context::Link {
                target: target.to_string(),
                anchor,
                start,
                hash,
                end,
                in_anchor: hash.is_some_and(|h| cursor > h),
            });
        }
        from = end.max(start + 2);
    }
    None
}

/// What is at byte `cursor` of line `line` (0-based) of a page's `lines`.
pub(crate) fn at(lines: &[&str], line: usize, cursor: usize) -> Context {
    let Some(text) = lines.get(line).copied() else {
        return Context::Nothing;
    };
    if let Some(link) = link_at(text, cursor) {
        return link;
    }
    let Some((first, close)) = front_matter(lines) else {
        return Context::Body;
    };
    if line > close {
        return Context::Body;
    }
    if line < first || line == close {
        return Context::Nothing;
    }
    let parsed: Vec<YamlLine> = lines
        .get(first..=line)
        .unwrap_or(&[])
        .iter()
        .map(|t| yaml_line(t))
        .collect();
    let l = parsed.len() - 1;
    let Some(y) = parsed.last() else {
        return Context::Nothing;
    };
    if y.blank && !text.trim().is_empty() {
        // A comment line.
        return Context::Nothing;
    }
    let item = y.dashes.last().copied();
    // The value of the node at `path`, written from byte `from`.
    let value = |path: Vec<String>, from: usize| {
        let (token, start, end) = value_token(text, from, cursor);
        let typed = text.get(start..cursor.max(start)).unwrap_or("").to_string();
        Context::Value {
            path,
            token,
            typed,
            start,
            end,
        }
    };
    match y.key {
        Some(k) if cursor >= y.after_colon => {
            let mut path = parents(&parsed, l, y.content, item);
            path.push(k.to_string());
            value(path, y.after_colon)
        }
        Some(k) => Context::Key {
            parents: parents(&parsed, l, y.content, item),
            typed: text
                .get(y.content..cursor.max(y.content))
                .unwrap_or("")
                .to_string(),
            start: y.content,
            end: y.content + k.len(),
        },
        None if item.is_some() => {
            // `- value`: an item of a list (or the first key of a list item's mapping).
            value(parents(&parsed, l, y.content, item), y.content)
        }
        None => {
            let content = if y.blank { cursor } else { y.content };
            // Blank line: the cursor's column says which mapping the key goes in.
            let col = if y.blank {
                cursor.min(text.len())
            } else {
                content
            };
            let end = text.trim_end().len().max(content);
            Context::Key {
                parents: parents(&parsed, l, col, None),
                typed: text
                    .get(content..cursor.max(content))
                    .unwrap_or("")
                    .to_string(),
                start: content,
                end,
            }
        }
    }
}

/// The last key of `path` (list items skipped): the field a value belongs to.
pub(crate) fn field(path: &[String]) -> Option<&str> {
    path.iter().rev().map(String::as_str).find(|s| *s != ITEM)
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = "---
title: Glute Bridge
target_muscles: [gluteus-maximus, hams]
progression:
  harder:
    - banded-glute-bridge
    - hip
  eas
steps:
  - exercise: glute-bridge
    sets: 3
  - section: Warm-up
cat
---
See [this](@/exercises/hip-thrust.md#how-to) and @/paths/
";

    fn ctx(line: usize, needle: &str, after: usize) -> Context {
        let lines: Vec<&str> = PAGE.lines().collect();
        let col = lines[line].find(needle).unwrap() + after;
        at(&lines, line, col)
    }

    fn path(c: &Context) -> Vec<String> {
        match c {
            Context::Value { path, .. } => path.clone(),
            Context::Key { parents, .. } => parents.clone(),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn values_and_their_paths() {
        let c = ctx(2, "hams", 2);
        assert_eq!(path(&c), ["target_muscles"]);
        let Context::Value { token, typed, .. } = &c else {
            panic!()
        };
        assert_eq!((token.as_str(), typed.as_str()), ("hams", "ha"));
        let c = ctx(2, "gluteus", 0);
        let Context::Value { token, .. } = &c else {
            panic!()
        };
        assert_eq!(token, "gluteus-maximus");
        assert_eq!(path(&ctx(6, "hip", 3)), ["progression", "harder", ITEM]);
        assert_eq!(path(&ctx(9, "glute", 1)), ["steps", ITEM, "exercise"]);
        assert_eq!(path(&ctx(1, "Glute", 0)), ["title"]);
    }

    #[test]
    fn keys_and_their_parents() {
        let c = ctx(7, "eas", 3);
        assert_eq!(
            c,
            Context::Key {
                parents: vec!["progression".into()],
                typed: "eas".into(),
                start: 2,
                end: 5
            }
        );
        assert_eq!(path(&ctx(10, "sets", 2)), ["steps", ITEM]);
        assert_eq!(path(&ctx(11, "section", 1)), ["steps", ITEM]);
        assert_eq!(path(&ctx(12, "cat", 3)), Vec::<String>::new());
        assert_eq!(path(&ctx(8, "steps", 1)), Vec::<String>::new());
    }

    #[test]
    fn links() {
        let c = ctx(14, "hip-thrust", 2);
        let Context::Link {
            target,
            anchor,
            in_anchor,
            ..
        } = c
        else {
            panic!()
        };
        assert_eq!(target, "exercises/hip-thrust.md");
        assert_eq!(anchor.as_deref(), Some("how-to"));
        assert!(!in_anchor);
        let Context::Link { in_anchor, .. } = ctx(14, "how-to", 1) else {
            panic!()
        };
        assert!(in_anchor);
        let Context::Link { target, .. } = ctx(14, "@/paths/", 8) else {
            panic!()
        };
        assert_eq!(target, "paths/");
        assert_eq!(ctx(14, "See", 1), Context::Body);
        assert_eq!(ctx(0, "---", 1), Context::Nothing);
    }
}
