//! Completion, hover, go to definition, references and symbols.

use std::fmt::Write as _;
use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

use lsp_types as lt;
use serde_json::Value;

use crate::frontmatter::Target;
use crate::model::front::Kind;
use crate::model::schema::{self, SchemaKind};

use super::View;
use super::context::{self, Context, ITEM};
use super::index::{self, Entry, SlugKind};
use super::text::{Encoding, Lines};

/// How many pages a completion or a symbol search lists at most.
const MAX_ITEMS: usize = 200;

/// The cursor in an open document: its text, the line and byte, and what is there.
pub(crate) struct Cursor {
    pub text: Arc<str>,
    pub line: usize,
    pub byte: usize,
    pub context: Context,
    /// The page kind (from the file's folder).
    pub kind: Kind,
    /// Path relative to `content/`, for a page.
    pub rel: Option<String>,
}

impl Cursor {
    pub(crate) fn lines(&self) -> Lines<'_> {
        Lines::new(&self.text)
    }

    /// The default-language page's path (a translation's page for a translation).
    pub(crate) fn page_rel(&self) -> Option<String> {
        let rel = self.rel.as_deref()?;
        Some(crate::source::translation_of(rel).map_or(rel.to_string(), |(b, _)| b))
    }

    /// The protocol range of bytes `start..end` of the cursor's line.
    pub(crate) fn range(&self, enc: Encoding, start: usize, end: usize) -> lt::Range {
        self.lines().range_in_line(enc, self.line, start, end)
    }
}

/// The cursor at `pos` of document `uri`.
pub(crate) fn cursor(view: &View, uri: &lt::Uri, pos: lt::Position) -> Option<Cursor> {
    let doc = view.doc(uri)?;
    let lines = Lines::new(&doc.text);
    let line = pos.line as usize;
    let byte = view.enc.byte_of(lines.get(line), pos.character);
    let context = context::at(lines.all(), line, byte);
    let kind = doc.rel.as_deref().map_or(Kind::Article, Kind::of);
    Some(Cursor {
        text: doc.text.clone(),
        line,
        byte,
        context,
        kind,
        rel: doc.rel.clone(),
    })
}

/// The JSON Schema of a kind's front matter (made once per kind).
fn schema_of(kind: Kind) -> &'static Value {
    static CACHE: OnceLock<Vec<(SchemaKind, Value)>> = OnceLock::new();
    let all = CACHE.get_or_init(|| {
        SchemaKind::ALL
            .iter()
            .map(|k| (*k, schema::schema(*k)))
            .collect()
    });
    let want = SchemaKind::of(kind);
    all.iter()
        .find(|(k, _)| *k == want)
        .map_or(&Value::Null, |(_, v)| v)
}

/// A schema node's alternatives (`anyOf`, `oneOf`), itself included.
fn alternatives(node: &Value) -> Vec<&Value> {
    let mut out = vec![node];
    for key in ["anyOf", "oneOf"] {
        if let Some(alts) = node.get(key).and_then(Value::as_array) {
            out.extend(alts.iter());
        }
    }
    out
}

/// The schema of the node at `path` (keys and [`ITEM`]s).
fn node_at<'a>(root: &'a Value, path: &[String]) -> Option<&'a Value> {
    let mut node = root;
    for seg in path {
        let next = alternatives(node).into_iter().find_map(|alt| {
            if seg == ITEM {
                alt.get("items")
            } else {
                alt.get("properties").and_then(|p| p.get(seg.as_str()))
            }
        });
        node = next?;
    }
    Some(node)
}

/// The keys a mapping node may have, with their schemas.
fn properties(node: &Value) -> Vec<(&str, &Value)> {
    let mut out: Vec<(&str, &Value)> = Vec::new();
    for alt in alternatives(node) {
        if let Some(props) = alt.get("properties").and_then(Value::as_object) {
            for (k, v) in props {
                if !out.iter().any(|(o, _)| o == k) {
                    out.push((k.as_str(), v));
                }
            }
        }
    }
    out
}

fn description(node: &Value) -> Option<&str> {
    alternatives(node)
        .into_iter()
        .find_map(|a| a.get("description").and_then(Value::as_str))
}

/// The words a value may be (`enum`), and `true`/`false` for a yes/no key.
fn allowed_words(node: &Value) -> Vec<String> {
    let mut out = Vec::new();
    for alt in alternatives(node) {
        if let Some(e) = alt.get("enum").and_then(Value::as_array) {
            out.extend(e.iter().filter_map(Value::as_str).map(str::to_string));
        }
        // A choice written as a pattern (a media entry's `role`, any case) lists its
        // words as examples.
        if alt.get("pattern").is_some()
            && let Some(e) = alt.get("examples").and_then(Value::as_array)
        {
            out.extend(e.iter().filter_map(Value::as_str).map(str::to_string));
        }
        let is_bool = match alt.get("type") {
            Some(Value::String(t)) => t == "boolean",
            Some(Value::Array(ts)) => ts.iter().any(|t| t == "boolean"),
            _ => false,
        };
        if is_bool && !out.iter().any(|w| w == "true") {
            out.extend(["true".to_string(), "false".to_string()]);
        }
    }
    out.dedup();
    out
}

fn markdown(text: String) -> lt::Documentation {
    lt::Documentation::MarkupContent(lt::MarkupContent {
        kind: lt::MarkupKind::Markdown,
        value: text,
    })
}

/// What a page's hover and completion documentation say about it.
fn describe(e: &Entry) -> String {
    let mut s = format!("**{}** ({} `{}`)", e.title, e.kind_name(), e.slug);
    if let Some(sum) = &e.summary {
        s.push_str("\n\n");
        s.push_str(sum);
    }
    if let Some(d) = &e.dose {
        s.push_str("\n\nDose: ");
        s.push_str(d);
    }
    if !e.aka.is_empty() {
        s.push_str("\n\nAlso called: ");
        s.push_str(&e.aka.join(", "));
    }
    let _ = write!(s, "\n\n`content/{}` → `/{}`", e.rel, e.url);
    s
}

/// The keys already written at the top of the front matter.
fn top_keys(text: &str) -> Vec<String> {
    let lines: Vec<&str> = text.lines().collect();
    let Some((first, close)) = context::front_matter(&lines) else {
        return Vec::new();
    };
    lines
        .get(first..close)
        .unwrap_or(&[])
        .iter()
        .filter(|l| !l.starts_with(' ') && !l.starts_with('-'))
        .filter_map(|l| context::yaml_line(l).key.map(str::to_string))
        .collect()
}

/// `textDocument/completion`.
pub(crate) fn completion(view: &View, p: &lt::CompletionParams) -> Option<lt::CompletionResponse> {
    let c = cursor(
        view,
        &p.text_document_position.text_document.uri,
        p.text_document_position.position,
    )?;
    let items = match &c.context {
        Context::Key {
            parents,
            typed,
            start,
            end,
        } => key_items(view, &c, parents, typed, *start, *end),
        Context::Value {
            path,
            typed,
            start,
            end,
            ..
        } => value_items(view, &c, path, typed, *start, *end),
        Context::Link {
            target,
            start,
            hash,
            end,
            in_anchor,
            ..
        } => link_items(view, &c, target, *start, *hash, *end, *in_anchor),
        Context::Body | Context::Nothing => return None,
    };
    Some(lt::CompletionResponse::List(lt::CompletionList {
        is_incomplete: true,
        items,
    }))
}

fn key_items(
    view: &View,
    c: &Cursor,
    parents: &[String],
    typed: &str,
    start: usize,
    end: usize,
) -> Vec<lt::CompletionItem> {
    let Some(node) = node_at(schema_of(c.kind), parents) else {
        return Vec::new();
    };
    let line = c.lines().get(c.line);
    // Keys already written are left out, except the one being edited.
    let own = context::yaml_line(line).key;
    let present: Vec<String> = if parents.is_empty() {
        top_keys(&c.text)
            .into_iter()
            .filter(|k| Some(k.as_str()) != own)
            .collect()
    } else {
        Vec::new()
    };
    let has_colon = line.get(end..).is_some_and(|r| r.starts_with(':'));
    let range = c.range(view.enc, start, end.max(c.byte));
    properties(node)
        .into_iter()
        .filter(|(k, _)| !present.iter().any(|p| p == k))
        .filter(|(k, _)| k.starts_with(typed.trim()))
        .map(|(k, v)| {
            let insert = if has_colon {
                k.to_string()
            } else {
                format!("{k}: ")
            };
            lt::CompletionItem {
                label: k.to_string(),
                kind: Some(lt::CompletionItemKind::PROPERTY),
                documentation: description(v).map(|d| markdown(d.to_string())),
                text_edit: Some(lt::CompletionTextEdit::Edit(lt::TextEdit::new(
                    range, insert,
                ))),
                ..Default::default()
            }
        })
        .collect()
}

fn value_items(
    view: &View,
    c: &Cursor,
    path: &[String],
    typed: &str,
    start: usize,
    end: usize,
) -> Vec<lt::CompletionItem> {
    let range = c.range(view.enc, start, end.max(c.byte));
    if let Some(kind) = index::slug_kind(c.kind, path) {
        // Filtered here, by slug, title and other names (`glute max`), so every item
        // shown matches what was typed: `filterText` is what was typed.
        return view
            .snap
            .index
            .of_kind(kind)
            .filter(|e| e.matches(typed))
            .take(MAX_ITEMS)
            .map(|e| lt::CompletionItem {
                label: e.slug.clone(),
                label_details: Some(lt::CompletionItemLabelDetails {
                    detail: None,
                    description: Some(e.title.clone()),
                }),
                kind: Some(lt::CompletionItemKind::REFERENCE),
                detail: Some(e.title.clone()),
                documentation: Some(markdown(describe(e))),
                filter_text: Some(if typed.is_empty() {
                    format!("{} {}", e.slug, e.title)
                } else {
                    typed.to_string()
                }),
                text_edit: Some(lt::CompletionTextEdit::Edit(lt::TextEdit::new(
                    range,
                    e.slug.clone(),
                ))),
                ..Default::default()
            })
            .collect();
    }
    if matches!(
        context::field(path),
        Some("src" | "poster" | "captions" | "image")
    ) && let Some(dir) = c.rel.as_deref().and_then(crate::source::bundle_dir)
    {
        return bundle_files(view, dir, typed, range);
    }
    let Some(node) = node_at(schema_of(c.kind), path) else {
        return Vec::new();
    };
    let words = allowed_words(node);
    if words.is_empty() && path.last().is_some_and(|s| s == ITEM) {
        // `- ` in a list of mappings (a routine's steps): the item's first key.
        let line = c.lines().get(c.line);
        let key_end = start + line.get(start..).map_or(0, |r| r.trim_end().len());
        return key_items(view, c, path, typed, start, key_end);
    }
    words
        .into_iter()
        .filter(|w| w.starts_with(&typed.to_lowercase()))
        .map(|w| lt::CompletionItem {
            label: w.clone(),
            kind: Some(lt::CompletionItemKind::ENUM_MEMBER),
            documentation: description(node).map(|d| markdown(d.to_string())),
            text_edit: Some(lt::CompletionTextEdit::Edit(lt::TextEdit::new(range, w))),
            ..Default::default()
        })
        .collect()
}

/// The files of a page bundle (pictures, videos, captions), for `src:` and the like.
fn bundle_files(view: &View, dir: &str, typed: &str, range: lt::Range) -> Vec<lt::CompletionItem> {
    let Ok(entries) = std::fs::read_dir(view.content_path(dir)) else {
        return Vec::new();
    };
    let mut names: Vec<String> = entries
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .filter_map(|e| e.file_name().to_str().map(str::to_string))
        .filter(|n| !n.ends_with(".md") && !n.starts_with('.') && n.starts_with(typed))
        .collect();
    names.sort();
    names
        .into_iter()
        .map(|n| lt::CompletionItem {
            label: n.clone(),
            kind: Some(lt::CompletionItemKind::FILE),
            detail: Some(format!("content/{dir}/{n}")),
            text_edit: Some(lt::CompletionTextEdit::Edit(lt::TextEdit::new(range, n))),
            ..Default::default()
        })
        .collect()
}

#[allow(clippy::too_many_arguments)]
fn link_items(
    view: &View,
    c: &Cursor,
    target: &str,
    start: usize,
    hash: Option<usize>,
    end: usize,
    in_anchor: bool,
) -> Vec<lt::CompletionItem> {
    if in_anchor {
        let Some(e) = view.snap.index.by_rel(target) else {
            return Vec::new();
        };
        let from = hash.map_or(end, |h| h + 1);
        let range = c.range(view.enc, from, end.max(c.byte));
        return e
            .body
            .headings
            .iter()
            .map(|h| lt::CompletionItem {
                label: h.id.clone(),
                kind: Some(lt::CompletionItemKind::REFERENCE),
                detail: Some(h.text.clone()),
                text_edit: Some(lt::CompletionTextEdit::Edit(lt::TextEdit::new(
                    range,
                    h.id.clone(),
                ))),
                ..Default::default()
            })
            .collect();
    }
    let typed_end = c.byte.min(hash.unwrap_or(end)).max(start + 2);
    let typed = c
        .text
        .lines()
        .nth(c.line)
        .and_then(|l| l.get(start + 2..typed_end))
        .unwrap_or("");
    let range = c.range(view.enc, start, hash.unwrap_or(end).max(c.byte));
    view.snap
        .index
        .entries
        .iter()
        .filter(|e| e.rel.contains(typed) || e.matches(typed))
        .take(MAX_ITEMS)
        .map(|e| {
            let link = format!("@/{}", e.rel);
            lt::CompletionItem {
                label: link.clone(),
                kind: Some(lt::CompletionItemKind::FILE),
                detail: Some(e.title.clone()),
                documentation: Some(markdown(describe(e))),
                filter_text: Some(format!("@/{typed}")),
                text_edit: Some(lt::CompletionTextEdit::Edit(lt::TextEdit::new(range, link))),
                ..Default::default()
            }
        })
        .collect()
}

/// The page a slug value or a link under the cursor names.
fn named_page<'v>(view: &'v View, c: &Cursor) -> Option<&'v Entry> {
    match &c.context {
        Context::Value { path, token, .. } => {
            let kind = index::slug_kind(c.kind, path)?;
            view.snap.index.by_slug(kind, token.trim())
        }
        Context::Link { target, .. } => view.snap.index.by_rel(target),
        _ => None,
    }
}

/// The page of the document itself (a translation's page for a translation).
fn own_page<'v>(view: &'v View, c: &Cursor) -> Option<&'v Entry> {
    view.snap.index.by_rel(&c.page_rel()?)
}

/// `textDocument/hover`.
pub(crate) fn hover(view: &View, p: &lt::HoverParams) -> Option<lt::Hover> {
    let c = cursor(
        view,
        &p.text_document_position_params.text_document.uri,
        p.text_document_position_params.position,
    )?;
    let (text, range) = match &c.context {
        Context::Key {
            parents,
            start,
            end,
            ..
        } => {
            let line = c.lines().get(c.line);
            let key = line.get(*start..*end).unwrap_or("").trim_end_matches(':');
            let mut path = parents.clone();
            path.push(key.to_string());
            let node = node_at(schema_of(c.kind), &path)?;
            (
                format!("`{key}`: {}", description(node)?),
                c.range(view.enc, *start, *end),
            )
        }
        Context::Value {
            path, start, end, ..
        } => {
            let range = c.range(view.enc, *start, *end);
            if let Some(e) = named_page(view, &c) {
                (describe(e), range)
            } else if index::slug_kind(c.kind, path).is_some() {
                return None;
            } else {
                let node = node_at(schema_of(c.kind), path)?;
                let key = context::field(path).unwrap_or("");
                (format!("`{key}`: {}", description(node)?), range)
            }
        }
        Context::Link {
            anchor, start, end, ..
        } => {
            let e = named_page(view, &c)?;
            let mut s = describe(e);
            if let Some(a) = anchor
                && let Some(h) = e.body.headings.iter().find(|h| &h.id == a)
            {
                s = format!("{s}\n\nSection: {}", h.text);
            }
            (s, c.range(view.enc, *start, *end))
        }
        Context::Body | Context::Nothing => return None,
    };
    Some(lt::Hover {
        contents: lt::HoverContents::Markup(lt::MarkupContent {
            kind: lt::MarkupKind::Markdown,
            value: text,
        }),
        range: Some(range),
    })
}

/// The location of line `line` (1-based) of a content file, or of its start.
fn location(view: &View, rel: &str, line: Option<u32>) -> Option<lt::Location> {
    let path = view.content_path(rel);
    let uri = super::text::uri_of(&path)?;
    let range = match line {
        Some(l) if l > 0 => {
            let text = view.text_of(&path).unwrap_or_else(|| Arc::from(""));
            Lines::new(&text).line_range(view.enc, (l - 1) as usize)
        }
        _ => lt::Range::default(),
    };
    Some(lt::Location { uri, range })
}

/// `textDocument/definition`.
pub(crate) fn definition(
    view: &View,
    p: &lt::GotoDefinitionParams,
) -> Option<lt::GotoDefinitionResponse> {
    let c = cursor(
        view,
        &p.text_document_position_params.text_document.uri,
        p.text_document_position_params.position,
    )?;
    let e = named_page(view, &c)?;
    let line = match &c.context {
        Context::Link {
            anchor: Some(a), ..
        } => e.body.headings.iter().find(|h| &h.id == a).map(|h| h.line),
        _ => None,
    };
    location(view, &e.rel, line).map(lt::GotoDefinitionResponse::Scalar)
}

/// One place that names a page.
pub(crate) struct Use {
    pub path: PathBuf,
    pub range: lt::Range,
    pub what: Named,
}

/// How a [`Use`] names its page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Named {
    /// `@/exercises/x.md` (the range covers that much, not the anchor).
    Link,
    /// The slug in a front-matter list, in the quotes it is written in, if any (the range
    /// covers them).
    Slug { quote: Option<char> },
}

/// Every place that names page `e`: slugs in front matter (lists of muscles, equipment,
/// easier and harder exercises, path and routine steps) and `@/` links.
pub(crate) fn uses_of(view: &View, e: &Entry) -> Vec<Use> {
    let mut out = Vec::new();
    let kind = SlugKind::of(e.kind);
    let mut rels: Vec<&String> = view.snap.files.keys().collect();
    rels.sort();
    let link = format!("@/{}", e.rel);
    for rel in rels {
        let Some(f) = view.snap.files.get(rel) else {
            continue;
        };
        let slugs: Vec<(crate::diagnostic::Pos, crate::diagnostic::Pos)> =
            match (kind, f.front.as_ref()) {
                (Some(kind), Some(front)) => index::refs_of(front)
                    .into_iter()
                    .filter(|(k, r)| *k == kind && r.slug == e.slug)
                    .filter_map(|(_, r)| f.locate(&r.path(), Target::Value))
                    .collect(),
                _ => Vec::new(),
            };
        let links_here = f
            .body
            .links
            .iter()
            .any(|l| l.target.trim_start_matches('/') == e.rel)
            || f.text_urls.iter().any(|u| u.url.starts_with(&link));
        if slugs.is_empty() && !links_here {
            continue;
        }
        let path = view.content_path(rel);
        let text = view.text_of(&path).unwrap_or_else(|| Arc::from(""));
        let lines = Lines::new(&text);
        for (s, end) in slugs {
            let first = lines
                .get(s.line.saturating_sub(1) as usize)
                .chars()
                .nth(s.column.saturating_sub(1) as usize);
            out.push(Use {
                path: path.clone(),
                range: lines.span(view.enc, s, end),
                what: Named::Slug {
                    quote: first.filter(|c| matches!(c, '"' | '\'')),
                },
            });
        }
        if links_here {
            for (i, line) in lines.all().iter().enumerate() {
                for (at, _) in line.match_indices(&link) {
                    let after = line.as_bytes().get(at + link.len());
                    if matches!(
                        after,
                        None | Some(b'#' | b')' | b' ' | b'"' | b'\'' | b'>' | b']')
                    ) {
                        out.push(Use {
                            path: path.clone(),
                            range: lines.range_in_line(view.enc, i, at, at + link.len()),
                            what: Named::Link,
                        });
                    }
                }
            }
        }
    }
    out
}

/// `textDocument/references`.
pub(crate) fn references(view: &View, p: &lt::ReferenceParams) -> Option<Vec<lt::Location>> {
    let c = cursor(
        view,
        &p.text_document_position.text_document.uri,
        p.text_document_position.position,
    )?;
    let e = named_page(view, &c).or_else(|| own_page(view, &c))?;
    let mut out: Vec<lt::Location> = uses_of(view, e)
        .into_iter()
        .filter_map(|u| {
            Some(lt::Location {
                uri: super::text::uri_of(&u.path)?,
                range: u.range,
            })
        })
        .collect();
    if p.context.include_declaration {
        out.extend(location(view, &e.rel, None));
    }
    Some(out)
}

/// `textDocument/documentSymbol`: the page's headings, nested by level.
pub(crate) fn document_symbols(
    view: &View,
    p: &lt::DocumentSymbolParams,
) -> Option<lt::DocumentSymbolResponse> {
    let doc = view.doc(&p.text_document.uri)?;
    let rel = doc.rel.as_ref()?;
    let f = view.snap.files.get(rel)?;
    let lines = Lines::new(&doc.text);
    #[allow(deprecated)]
    let make = |h: &crate::model::body::Heading| {
        let range = lines.line_range(view.enc, h.line.saturating_sub(1) as usize);
        lt::DocumentSymbol {
            name: h.text.clone(),
            detail: Some(format!("#{}", h.id)),
            kind: lt::SymbolKind::STRING,
            tags: None,
            deprecated: None,
            range,
            selection_range: range,
            children: None,
        }
    };
    // Nest: each heading goes under the closest earlier heading of a lower level.
    let mut roots: Vec<(u8, lt::DocumentSymbol)> = Vec::new();
    let mut stack: Vec<(u8, lt::DocumentSymbol)> = Vec::new();
    for h in &f.body.headings {
        while let Some((lvl, _)) = stack.last() {
            if *lvl < h.level {
                break;
            }
            if let Some(done) = stack.pop() {
                attach(&mut stack, &mut roots, done);
            }
        }
        stack.push((h.level, make(h)));
    }
    while let Some(done) = stack.pop() {
        attach(&mut stack, &mut roots, done);
    }
    Some(lt::DocumentSymbolResponse::Nested(
        roots.into_iter().map(|(_, s)| s).collect(),
    ))
}

fn attach(
    stack: &mut [(u8, lt::DocumentSymbol)],
    roots: &mut Vec<(u8, lt::DocumentSymbol)>,
    done: (u8, lt::DocumentSymbol),
) {
    match stack.last_mut() {
        Some((_, parent)) => parent.children.get_or_insert_with(Vec::new).push(done.1),
        None => roots.push(done),
    }
}

/// `workspace/symbol`: every page whose title, slug or other name matches the query.
pub(crate) fn workspace_symbols(
    view: &View,
    p: &lt::WorkspaceSymbolParams,
) -> lt::WorkspaceSymbolResponse {
    #[allow(deprecated)]
    let found = view
        .snap
        .index
        .entries
        .iter()
        .filter(|e| e.matches(&p.query) || e.title.to_lowercase().contains(&p.query.to_lowercase()))
        .take(MAX_ITEMS)
        .filter_map(|e| {
            Some(lt::SymbolInformation {
                name: e.title.clone(),
                kind: match e.kind {
                    Kind::Exercise => lt::SymbolKind::FUNCTION,
                    Kind::Muscle => lt::SymbolKind::CLASS,
                    Kind::Equipment => lt::SymbolKind::STRUCT,
                    Kind::Path => lt::SymbolKind::ENUM,
                    Kind::Routine => lt::SymbolKind::EVENT,
                    _ => lt::SymbolKind::FILE,
                },
                tags: None,
                deprecated: None,
                location: location(view, &e.rel, None)?,
                container_name: Some(e.kind_name().to_string()),
            })
        })
        .collect();
    lt::WorkspaceSymbolResponse::Flat(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn path(p: &[&str]) -> Vec<String> {
        p.iter().map(|s| (*s).to_string()).collect()
    }

    #[test]
    fn the_schema_gives_keys_words_and_descriptions() {
        let ex = schema_of(Kind::Exercise);
        let keys: Vec<&str> = properties(ex).into_iter().map(|(k, _)| k).collect();
        assert!(keys.contains(&"target_muscles") && keys.contains(&"tempo"));
        let level = node_at(ex, &path(&["level"])).unwrap();
        assert_eq!(
            allowed_words(level),
            ["beginner", "intermediate", "advanced"]
        );
        let role = node_at(ex, &path(&["media", ITEM, "role"])).unwrap();
        assert_eq!(allowed_words(role), ["start", "end", "step", "demo"]);
        let per_side = node_at(ex, &path(&["per_side"])).unwrap();
        assert_eq!(allowed_words(per_side), ["true", "false"]);
        let src = node_at(ex, &path(&["media", ITEM, "src"])).unwrap();
        assert!(allowed_words(src).is_empty(), "examples are not choices");
        let harder = node_at(ex, &path(&["progression", "harder"])).unwrap();
        assert!(description(harder).unwrap().contains("Harder exercises"));
        // A routine step's keys: the exercise and the dose keys.
        let step = node_at(schema_of(Kind::Routine), &path(&["steps", ITEM])).unwrap();
        let keys: Vec<&str> = properties(step).into_iter().map(|(k, _)| k).collect();
        for k in ["exercise", "sets", "reps", "note", "section"] {
            assert!(keys.contains(&k), "{k} in {keys:?}");
        }
    }
}
