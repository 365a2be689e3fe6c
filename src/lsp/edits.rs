//! Code actions (did-you-mean fixes, a missing `fix:`, a progression edge written on both
//! pages) and renaming a slug (the file or bundle folder, and every reference).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use lsp_types as lt;

use crate::frontmatter::{FieldPath, Seg, Target};
use crate::model::front::{Front, Kind};

use super::context::{self, Context};
use super::features::{self, Cursor, Named};
use super::index::{self, Entry, SlugKind};
use super::text::{Encoding, Lines, uri_of};
use super::{View, to_lsp};

/// Edits to files, then renames: what a [`lt::WorkspaceEdit`] is made from.
#[derive(Default)]
struct Changes {
    edits: BTreeMap<PathBuf, Vec<lt::TextEdit>>,
    renames: Vec<(PathBuf, PathBuf)>,
}

impl Changes {
    fn edit(&mut self, path: &Path, range: lt::Range, text: impl Into<String>) {
        let list = self.edits.entry(path.to_path_buf()).or_default();
        let edit = lt::TextEdit::new(range, text.into());
        if !list.contains(&edit) {
            list.push(edit);
        }
    }

    /// The workspace edit, in the form the client reads. Renames are only ever asked of a
    /// client that announced them (see [`rename`]).
    fn into_edit(self, view: &View) -> lt::WorkspaceEdit {
        debug_assert!(
            self.renames.is_empty() || view.caps.document_changes && view.caps.rename_files
        );
        if !view.caps.document_changes {
            #[allow(clippy::mutable_key_type)]
            let changes = self
                .edits
                .into_iter()
                .filter_map(|(p, e)| Some((uri_of(&p)?, e)))
                .collect();
            return lt::WorkspaceEdit {
                changes: Some(changes),
                ..Default::default()
            };
        }
        let mut ops = Vec::new();
        for (path, edits) in self.edits {
            let Some(uri) = uri_of(&path) else { continue };
            let version = view
                .docs
                .values()
                .find(|d| d.path == path)
                .map(|d| d.version);
            ops.push(lt::DocumentChangeOperation::Edit(lt::TextDocumentEdit {
                text_document: lt::OptionalVersionedTextDocumentIdentifier { uri, version },
                edits: edits.into_iter().map(lt::OneOf::Left).collect(),
            }));
        }
        for (from, to) in self.renames {
            let (Some(old_uri), Some(new_uri)) = (uri_of(&from), uri_of(&to)) else {
                continue;
            };
            ops.push(lt::DocumentChangeOperation::Op(lt::ResourceOp::Rename(
                lt::RenameFile {
                    old_uri,
                    new_uri,
                    options: Some(lt::RenameFileOptions {
                        overwrite: Some(false),
                        ignore_if_exists: Some(false),
                    }),
                    annotation_id: None,
                },
            )));
        }
        lt::WorkspaceEdit {
            document_changes: Some(lt::DocumentChanges::Operations(ops)),
            ..Default::default()
        }
    }
}

fn overlaps(a: &lt::Range, b: &lt::Range) -> bool {
    a.start <= b.end && b.start <= a.end
}

/// `textDocument/codeAction`.
pub(crate) fn code_actions(
    view: &View,
    p: &lt::CodeActionParams,
) -> Option<lt::CodeActionResponse> {
    let doc = view.doc(&p.text_document.uri)?;
    let lines = Lines::new(&doc.text);
    let mut out: Vec<lt::CodeActionOrCommand> = Vec::new();
    let mut fixes: Vec<(lt::Diagnostic, String)> = Vec::new();
    // The client's diagnostics carry our `data` back; ours are used when the analysis saw
    // this very text (editors that drop `data`).
    for d in &p.context.diagnostics {
        if let Some(r) = d
            .data
            .as_ref()
            .and_then(|v| v.get("replacement"))
            .and_then(|v| v.as_str())
        {
            fixes.push((d.clone(), r.to_string()));
        }
    }
    let rel = doc.rel.clone();
    let current = rel
        .as_ref()
        .is_some_and(|r| view.snap.versions.get(r) == Some(&doc.version));
    let shown = rel.as_ref().map(|r| format!("content/{r}"));
    let mine: Vec<&crate::diagnostic::Diagnostic> = if current {
        view.snap
            .diags
            .iter()
            .filter(|d| Some(&d.file) == shown.as_ref())
            .collect()
    } else {
        Vec::new()
    };
    for d in &mine {
        let l = to_lsp(d, &lines, view.enc);
        if !overlaps(&l.range, &p.range) {
            continue;
        }
        if let Some(r) = super::replacement(d)
            && !fixes.iter().any(|(f, fr)| f.range == l.range && *fr == r)
        {
            fixes.push((l.clone(), r));
        }
        if let Some(action) = missing_fix(view, doc, &lines, d, &l) {
            out.push(action);
        }
    }
    for (d, r) in fixes {
        if !overlaps(&d.range, &p.range) || !corrects(&lines, view.enc, &d.range, &r) {
            continue;
        }
        let mut ch = Changes::default();
        ch.edit(&doc.path, d.range, r.clone());
        let edit = ch.into_edit(view);
        out.push(lt::CodeActionOrCommand::CodeAction(lt::CodeAction {
            title: format!("Replace with '{r}'"),
            kind: Some(lt::CodeActionKind::QUICKFIX),
            diagnostics: Some(vec![d]),
            edit: Some(edit),
            is_preferred: Some(true),
            ..Default::default()
        }));
    }
    if let Some(c) = features::cursor(view, &p.text_document.uri, p.range.start)
        && let Some(action) = symmetric_edge(view, &c)
    {
        out.push(action);
    }
    Some(out)
}

/// Does `replacement` go in place of the text at `range` (within one line, not already
/// there)?
fn corrects(lines: &Lines, enc: Encoding, range: &lt::Range, replacement: &str) -> bool {
    if range.start.line != range.end.line || range.start == range.end {
        return false;
    }
    let line = lines.get(range.start.line as usize);
    let a = enc.byte_of(line, range.start.character);
    let b = enc.byte_of(line, range.end.character);
    let written = line.get(a..b).unwrap_or("");
    let written = written.trim_matches(['"', '\'']);
    !written.is_empty() && written != replacement
}

/// "Add a `fix:`" for a common error that has none.
fn missing_fix(
    view: &View,
    doc: &super::Doc,
    lines: &Lines,
    d: &crate::diagnostic::Diagnostic,
    wire: &lt::Diagnostic,
) -> Option<lt::CodeActionOrCommand> {
    let field = d.field.as_deref()?;
    if d.code != crate::diagnostic::Code::MissingField
        || !field.ends_with("].fix")
        || !d.message.contains("missing")
    {
        return None;
    }
    let item: usize = field
        .strip_prefix("common_errors[")?
        .strip_suffix("].fix")?
        .parse()
        .ok()?;
    let all = lines.all();
    let (first, close) = context::front_matter(all)?;
    let yaml = all.get(first..close)?.join("\n");
    let path = FieldPath(vec![
        Seg::Key("common_errors".into()),
        Seg::Index(item),
        Seg::Key("error".into()),
    ]);
    let (pos, _) = crate::frontmatter::locate(&yaml, &path, Target::Key)?;
    // File line (0-based) of `error:` and the column its key starts at.
    let line = first + pos.line as usize - 1;
    let text = lines.get(line);
    let key_col = text.find("error:")?;
    // After the error's text, which may go on over more-indented lines.
    let mut last = line;
    while last + 1 < close {
        let next = lines.get(last + 1);
        let indent = next.len() - next.trim_start().len();
        if next.trim().is_empty() || indent <= key_col {
            break;
        }
        last += 1;
    }
    let end = lines.get(last).len();
    let at = lines.range_in_line(view.enc, last, end, end);
    let mut ch = Changes::default();
    ch.edit(&doc.path, at, format!("\n{}fix: ", " ".repeat(key_col)));
    Some(lt::CodeActionOrCommand::CodeAction(lt::CodeAction {
        title: "Add 'fix:' to this common error".into(),
        kind: Some(lt::CodeActionKind::QUICKFIX),
        diagnostics: Some(vec![wire.clone()]),
        edit: Some(ch.into_edit(view)),
        is_preferred: Some(true),
        ..Default::default()
    }))
}

/// On an exercise's `progression.easier` or `harder` item: write the edge on the other
/// exercise's page too (the build adds it anyway; writing it makes both pages say so).
fn symmetric_edge(view: &View, c: &Cursor) -> Option<lt::CodeActionOrCommand> {
    let Context::Value { path, token, .. } = &c.context else {
        return None;
    };
    if c.kind != Kind::Exercise || path.first().map(String::as_str) != Some("progression") {
        return None;
    }
    let side = context::field(path)?;
    let opposite = match side {
        "easier" => "harder",
        "harder" => "easier",
        _ => return None,
    };
    let me = own_slug(view, c)?;
    let other = view.snap.index.by_slug(SlugKind::Exercise, token.trim())?;
    let other_file = view.snap.files.get(&other.rel)?;
    if let Some(Front::Exercise(x)) = &other_file.front {
        let list = if opposite == "easier" {
            &x.easier
        } else {
            &x.harder
        };
        if list.iter().any(|r| r.slug == me) {
            return None;
        }
    }
    let path = view.content_path(&other.rel);
    let text = view.text_of(&path)?;
    let (range, insert) = add_to_list(&text, view.enc, "progression", opposite, &me)?;
    let mut ch = Changes::default();
    ch.edit(&path, range, insert);
    Some(lt::CodeActionOrCommand::CodeAction(lt::CodeAction {
        title: format!("Also list '{me}' as {opposite} in content/{}", other.rel),
        kind: Some(lt::CodeActionKind::REFACTOR_REWRITE),
        edit: Some(ch.into_edit(view)),
        ..Default::default()
    }))
}

/// The slug of the cursor's own page (also when the page has errors and is not published).
fn own_slug(view: &View, c: &Cursor) -> Option<String> {
    let base = c.page_rel()?;
    if let Some(e) = view.snap.index.by_rel(&base) {
        return Some(e.slug.clone());
    }
    view.snap
        .files
        .get(&base)
        .and_then(|f| index::slug_of(f))
        .map(|(_, s)| s)
}

/// The edit that adds `item` to the list `outer.key` in a page's front matter, whatever
/// form it is written in (`[a, b]`, a block list, no list yet, no `outer` yet).
fn add_to_list(
    text: &str,
    enc: Encoding,
    outer: &str,
    key: &str,
    item: &str,
) -> Option<(lt::Range, String)> {
    let lines = Lines::new(text);
    let all = lines.all();
    let (first, close) = context::front_matter(all)?;
    if close >= all.len() {
        return None;
    }
    let at_end = |line: usize| {
        let end = lines.get(line).len();
        lines.range_in_line(enc, line, end, end)
    };
    let outer_line = (first..close).find(|&i| {
        let y = context::yaml_line(lines.get(i));
        y.dashes.is_empty() && y.content == 0 && y.key == Some(outer)
    });
    let Some(o) = outer_line else {
        // No `progression:` yet: add it before the closing fence.
        return Some((at_end(close - 1), format!("\n{outer}:\n  {key}: [{item}]")));
    };
    // The block under `outer:`.
    let mut child_indent = None;
    let mut end = o;
    for i in o + 1..close {
        let y = context::yaml_line(lines.get(i));
        if y.blank {
            continue;
        }
        if y.first() == 0 {
            break;
        }
        end = i;
        if child_indent.is_none() && y.dashes.is_empty() {
            child_indent = Some(y.content);
        }
    }
    let indent = child_indent.unwrap_or(2);
    let key_line = (o + 1..=end).find(|&i| {
        let y = context::yaml_line(lines.get(i));
        y.dashes.is_empty() && y.content == indent && y.key == Some(key)
    });
    let Some(k) = key_line else {
        return Some((
            at_end(o),
            format!("\n{}{key}: [{item}]", " ".repeat(indent)),
        ));
    };
    let line = lines.get(k);
    let y = context::yaml_line(line);
    let value = line.get(y.after_colon..).unwrap_or("").trim();
    if let Some(inner) = value.strip_prefix('[') {
        // A one-line list: before its `]`.
        let close_at = line.rfind(']')?;
        let empty = inner.trim_start().starts_with(']');
        let insert = if empty {
            item.to_string()
        } else {
            format!(", {item}")
        };
        let r = lines.range_in_line(enc, k, close_at, close_at);
        return Some((r, insert));
    }
    if y.opens_block {
        // A block list: after its last item, at the items' indentation.
        let mut last = k;
        let mut dash = indent + 2;
        for i in k + 1..close {
            let yi = context::yaml_line(lines.get(i));
            if yi.blank {
                continue;
            }
            if yi.first() < indent || (yi.first() == indent && yi.dashes.is_empty()) {
                break;
            }
            if let Some(&d) = yi.dashes.first() {
                dash = d;
            }
            last = i;
        }
        return Some((at_end(last), format!("\n{}- {item}", " ".repeat(dash))));
    }
    // `key: one-slug`: make it a list.
    let start = y.after_colon
        + (line.len() - y.after_colon - line.get(y.after_colon..)?.trim_start().len());
    let r = lines.range_in_line(enc, k, start, line.trim_end().len());
    Some((r, format!("[{value}, {item}]")))
}

/// The page a rename at the cursor renames, and the range of the slug under the cursor.
fn rename_target<'v>(view: &'v View, c: &Cursor) -> Result<(&'v Entry, lt::Range), String> {
    let not_here = || {
        "put the cursor on a slug: a muscle, equipment or exercise named in front matter, or the page's own 'slug:'".to_string()
    };
    let Context::Value {
        path,
        token,
        start,
        end,
        ..
    } = &c.context
    else {
        return Err(not_here());
    };
    let range = c.range(view.enc, *start, *end);
    if let Some(kind) = index::slug_kind(c.kind, path) {
        let e = view
            .snap
            .index
            .by_slug(kind, token.trim())
            .ok_or_else(|| format!("no {} has the slug '{}'", kind.name(), token.trim()))?;
        return Ok((e, range));
    }
    if path.len() == 1 && path.first().map(String::as_str) == Some("slug") {
        let rel = c.rel.as_deref().ok_or_else(not_here)?;
        let e = view
            .snap
            .index
            .by_rel(rel)
            .filter(|e| SlugKind::of(e.kind).is_some())
            .ok_or_else(not_here)?;
        return Ok((e, range));
    }
    Err(not_here())
}

/// `textDocument/prepareRename`.
pub(crate) fn prepare_rename(
    view: &View,
    p: &lt::TextDocumentPositionParams,
) -> Result<Option<lt::PrepareRenameResponse>, String> {
    let Some(c) = features::cursor(view, &p.text_document.uri, p.position) else {
        return Ok(None);
    };
    let (e, range) = rename_target(view, &c)?;
    Ok(Some(lt::PrepareRenameResponse::RangeWithPlaceholder {
        range,
        placeholder: e.slug.clone(),
    }))
}

/// `textDocument/rename`: a slug, everywhere. A page whose slug is its file name is
/// renamed (a bundle: its folder; its translations with it) and `@/` links to it follow; a
/// page with `slug:` gets the new value there, and so does a page whose file the editor
/// cannot rename (one that does not announce file renames in workspace edits).
pub(crate) fn rename(
    view: &View,
    p: &lt::RenameParams,
) -> Result<Option<lt::WorkspaceEdit>, String> {
    let pos = &p.text_document_position;
    let Some(c) = features::cursor(view, &pos.text_document.uri, pos.position) else {
        return Ok(None);
    };
    let (e, _) = rename_target(view, &c)?;
    let new = p.new_name.trim();
    if !crate::model::front::is_url_safe(new) {
        return Err(format!(
            "'{new}' cannot be a slug: use lowercase letters, digits and '-' (e.g. single-leg-bridge)"
        ));
    }
    if new == e.slug {
        return Ok(None);
    }
    let kind =
        SlugKind::of(e.kind).ok_or_else(|| format!("content/{} is not named by slug", e.rel))?;
    if let Some(other) = view.snap.index.by_slug(kind, new) {
        return Err(format!(
            "content/{} already has the slug '{new}'",
            other.rel
        ));
    }
    let own_path = view.content_path(&e.rel);
    let own = view.snap.files.get(&e.rel);
    let explicit = own
        .and_then(|f| f.front.as_ref())
        .is_some_and(|f| f.common().slug.is_some());
    let mut ch = Changes::default();
    let mut link_to: Option<String> = None;
    let can_move = view.caps.document_changes && view.caps.rename_files;
    if !explicit && !can_move {
        // An editor that cannot rename files (Neovim): the page keeps its file name and
        // gets the new slug in its front matter.
        let text = view.text_of(&own_path).unwrap_or_else(|| Arc::from(""));
        let lines = Lines::new(&text);
        if context::front_matter(lines.all()).is_none() {
            return Err(format!("content/{} has no front matter", e.rel));
        }
        let at = lt::Position::new(1, 0);
        ch.edit(&own_path, lt::Range::new(at, at), format!("slug: {new}\n"));
    } else if explicit {
        let f = own.ok_or("the page is not analysed yet")?;
        let (s, end) = f
            .locate(&FieldPath(vec![Seg::Key("slug".into())]), Target::Value)
            .ok_or("cannot find the page's slug: line")?;
        let text = view.text_of(&own_path).unwrap_or_else(|| Arc::from(""));
        let lines = Lines::new(&text);
        ch.edit(&own_path, lines.span(view.enc, s, end), new);
    } else {
        let folder = kind.folder();
        let (from, to, new_rel) = if let Some(dir) = crate::source::bundle_dir(&e.rel) {
            let new_dir = format!("{folder}/{new}");
            (
                view.content_path(dir),
                view.content_path(&new_dir),
                format!("{new_dir}/index.md"),
            )
        } else {
            let new_rel = format!("{folder}/{new}.md");
            (own_path.clone(), view.content_path(&new_rel), new_rel)
        };
        if to.exists() {
            return Err(format!("{} already exists", to.display()));
        }
        ch.renames.push((from, to));
        if crate::source::bundle_dir(&e.rel).is_none() {
            // Translations sit beside the page: `x.sv.md` → `new.sv.md`.
            let mut translations: Vec<&String> = view
                .snap
                .files
                .keys()
                .filter(|k| crate::source::translation_of(k).is_some_and(|(b, _)| b == e.rel))
                .collect();
            translations.sort();
            for t in translations {
                if let Some((_, lang)) = crate::source::translation_of(t) {
                    let to = view.content_path(&format!("{folder}/{new}.{lang}.md"));
                    if to.exists() {
                        return Err(format!("{} already exists", to.display()));
                    }
                    ch.renames.push((view.content_path(t), to));
                }
            }
        }
        link_to = Some(format!("@/{new_rel}"));
    }
    for u in features::uses_of(view, e) {
        match u.what {
            Named::Link => {
                if let Some(to) = &link_to {
                    ch.edit(&u.path, u.range, to.clone());
                }
            }
            Named::Slug { quote: Some(q) } => ch.edit(&u.path, u.range, format!("{q}{new}{q}")),
            Named::Slug { quote: None } => ch.edit(&u.path, u.range, new),
        }
    }
    Ok(Some(ch.into_edit(view)))
}
