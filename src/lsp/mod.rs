//! `movebook lsp`: a language server that knows the guide.
//!
//! The server speaks the Language Server Protocol over stdio (`lsp-server`, `lsp-types`).
//! One thread reads and answers the editor; another analyses the site
//! ([`analysis::Analyzer`]: the build's own pipeline, memoised like `serve`) after each
//! pause in typing, and sends back a [`analysis::Snapshot`] that the answers read from.
//! Diagnostics are published per file, for the whole site, after every analysis that saw
//! the newest text; an analysis that a newer edit overtook is never published.
//!
//! Modules: `text` (positions and URIs), `context` (what the cursor is on, from the live
//! text), `index` (pages by file and slug), `analysis` (the worker's run), `features`
//! (completion, hover, navigation, symbols), `edits` (code actions and rename).

pub(crate) mod analysis;
pub(crate) mod context;
pub(crate) mod edits;
pub(crate) mod features;
pub(crate) mod index;
pub(crate) mod text;

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Context as _;
use crossbeam_channel::{Receiver, Sender, select};
use lsp_server::{Connection, ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types as lt;
use lsp_types::notification::Notification as _;
use lsp_types::request::Request as _;
use serde_json::Value;

use crate::diagnostic::{Diagnostic, Severity};

use analysis::{Analyzer, Overlay, Snapshot};
use text::{Encoding, Lines};

/// How long after the last edit the site is analysed, unless the editor says otherwise.
pub(crate) const DEFAULT_DEBOUNCE: Duration = Duration::from_millis(25);

/// Options of `movebook lsp`.
#[derive(Debug, Clone, Default)]
pub(crate) struct LspOptions {
    /// The site folder; `None`: from the editor's workspace, else the current folder.
    pub(crate) root: Option<PathBuf>,
}

/// An open document.
#[derive(Debug, Clone)]
pub(crate) struct Doc {
    pub path: PathBuf,
    /// Its path relative to `content/`, for a page.
    pub rel: Option<String>,
    pub version: i32,
    pub text: Arc<str>,
}

/// What the client can do, as far as the answers depend on it.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct ClientCaps {
    /// `documentChanges` in workspace edits.
    pub document_changes: bool,
    /// Renaming files in workspace edits.
    pub rename_files: bool,
}

/// What an answer reads: the last analysis and the open documents.
pub(crate) struct View<'a> {
    pub root: &'a Path,
    pub snap: &'a Snapshot,
    pub docs: &'a HashMap<String, Doc>,
    pub enc: Encoding,
    pub caps: ClientCaps,
}

impl View<'_> {
    /// An open document by URI.
    pub(crate) fn doc(&self, uri: &lt::Uri) -> Option<&Doc> {
        self.docs.get(uri.as_str())
    }

    /// The text of a file: the open document's, else the file on disk.
    pub(crate) fn text_of(&self, path: &Path) -> Option<Arc<str>> {
        if let Some(d) = self.docs.values().find(|d| d.path == path) {
            return Some(d.text.clone());
        }
        std::fs::read_to_string(path).ok().map(Arc::from)
    }

    /// The absolute path of a content file.
    pub(crate) fn content_path(&self, rel: &str) -> PathBuf {
        self.root.join("content").join(rel)
    }
}

/// A job for the analysis thread.
struct Job {
    generation: u64,
    overlay: Overlay,
    changed: HashSet<String>,
}

/// Runs the server on stdin and stdout until the editor ends it.
pub(crate) fn run(opts: &LspOptions) -> anyhow::Result<()> {
    let (connection, io_threads) = Connection::stdio();
    let result = serve_connection(&connection, opts);
    // Let the writer send what is queued (an error answer to `initialize`, say) first.
    drop(connection);
    let joined = io_threads.join();
    // The server's own error first: after it, the reader may only say that the channel
    // it fed is gone.
    result?;
    joined?;
    Ok(())
}

/// The server on `connection` (stdio, or in-memory in tests).
pub(crate) fn serve_connection(connection: &Connection, opts: &LspOptions) -> anyhow::Result<()> {
    let (id, params) = connection.initialize_start()?;
    let init: lt::InitializeParams =
        serde_json::from_value(params).context("reading the editor's initialize request")?;
    let Some(root) = site_root(opts, &init) else {
        let msg = "movebook: no site.toml found in the workspace folder or its parents (start the server with --root DIR)";
        connection.sender.send(Message::Response(Response::new_err(
            id,
            ErrorCode::InvalidParams as i32,
            msg.into(),
        )))?;
        anyhow::bail!("{msg}");
    };
    let offered: Vec<String> = init
        .capabilities
        .general
        .as_ref()
        .and_then(|g| g.position_encodings.as_ref())
        .map(|v| v.iter().map(|e| e.as_str().to_string()).collect())
        .unwrap_or_default();
    let enc = Encoding::choose(&offered);
    let options = init.initialization_options.clone().unwrap_or(Value::Null);
    let debounce = options
        .get("debounceMs")
        .and_then(Value::as_u64)
        .map_or(DEFAULT_DEBOUNCE, Duration::from_millis);
    let drafts = options
        .get("drafts")
        .and_then(Value::as_bool)
        .unwrap_or(false);
    let ws = init.capabilities.workspace.as_ref();
    let edit_caps = ws.and_then(|w| w.workspace_edit.as_ref());
    let caps = ClientCaps {
        document_changes: edit_caps.and_then(|e| e.document_changes).unwrap_or(false),
        rename_files: edit_caps
            .and_then(|e| e.resource_operations.as_ref())
            .is_some_and(|ops| ops.contains(&lt::ResourceOperationKind::Rename)),
    };
    let watch = ws
        .and_then(|w| w.did_change_watched_files.as_ref())
        .and_then(|d| d.dynamic_registration)
        .unwrap_or(false);
    let result = lt::InitializeResult {
        capabilities: capabilities(enc),
        server_info: Some(lt::ServerInfo {
            name: "movebook".into(),
            version: Some(env!("CARGO_PKG_VERSION").into()),
        }),
    };
    connection.initialize_finish(id, serde_json::to_value(result)?)?;
    let mut server = Server::new(root, enc, caps, debounce, drafts);
    if watch {
        Server::register_watchers(connection)?;
    }
    server.main_loop(connection)
}

/// The site folder: `--root`, else the editor's workspace folder or its nearest ancestor
/// with a `site.toml`, else the current folder's.
fn site_root(opts: &LspOptions, init: &lt::InitializeParams) -> Option<PathBuf> {
    if let Some(r) = &opts.root {
        return std::path::absolute(r).ok();
    }
    #[allow(deprecated)]
    let from_client = init
        .workspace_folders
        .as_ref()
        .and_then(|f| f.first())
        .map(|f| f.uri.clone())
        .or_else(|| init.root_uri.clone())
        .and_then(|u| text::path_of(&u));
    let start = from_client.or_else(|| std::env::current_dir().ok())?;
    start
        .ancestors()
        .find(|d| d.join("site.toml").is_file())
        .map(Path::to_path_buf)
}

fn capabilities(enc: Encoding) -> lt::ServerCapabilities {
    lt::ServerCapabilities {
        position_encoding: Some(lt::PositionEncodingKind::new(enc.name())),
        text_document_sync: Some(lt::TextDocumentSyncCapability::Options(
            lt::TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(lt::TextDocumentSyncKind::FULL),
                save: Some(lt::TextDocumentSyncSaveOptions::Supported(true)),
                ..Default::default()
            },
        )),
        completion_provider: Some(lt::CompletionOptions {
            trigger_characters: Some(
                ["/", "#", ":", " ", "-", "[", ","]
                    .map(String::from)
                    .to_vec(),
            ),
            ..Default::default()
        }),
        hover_provider: Some(lt::HoverProviderCapability::Simple(true)),
        definition_provider: Some(lt::OneOf::Left(true)),
        references_provider: Some(lt::OneOf::Left(true)),
        document_symbol_provider: Some(lt::OneOf::Left(true)),
        workspace_symbol_provider: Some(lt::OneOf::Left(true)),
        code_action_provider: Some(lt::CodeActionProviderCapability::Options(
            lt::CodeActionOptions {
                code_action_kinds: Some(vec![
                    lt::CodeActionKind::QUICKFIX,
                    lt::CodeActionKind::REFACTOR_REWRITE,
                ]),
                ..Default::default()
            },
        )),
        rename_provider: Some(lt::OneOf::Right(lt::RenameOptions {
            prepare_provider: Some(true),
            work_done_progress_options: lt::WorkDoneProgressOptions::default(),
        })),
        ..Default::default()
    }
}

/// The server's state.
struct Server {
    root: PathBuf,
    enc: Encoding,
    caps: ClientCaps,
    debounce: Duration,
    docs: HashMap<String, Doc>,
    /// Edits seen (buffer changes, saves, files changed on disk).
    edits: u64,
    /// Content paths saved or changed on disk since the last job.
    changed: HashSet<String>,
    /// When to start the next analysis.
    deadline: Option<Instant>,
    /// An analysis is running.
    busy: bool,
    snap: Arc<Snapshot>,
    /// What was last published, by file: the problems and the document version.
    published: HashMap<PathBuf, (Vec<Diagnostic>, Option<i32>)>,
    /// Problems outside any file, last logged.
    loose: Vec<String>,
    jobs: Sender<Job>,
    results: Receiver<anyhow::Result<Snapshot>>,
}

impl Server {
    fn new(
        root: PathBuf,
        enc: Encoding,
        caps: ClientCaps,
        debounce: Duration,
        drafts: bool,
    ) -> Server {
        let (jobs, job_rx) = crossbeam_channel::unbounded::<Job>();
        let (res_tx, results) = crossbeam_channel::unbounded();
        let mut analyzer = Analyzer::new(root.clone(), drafts);
        std::thread::Builder::new()
            .name("movebook-analysis".into())
            .spawn(move || {
                // One job at a time: the main loop sends the next only after this one's
                // result (edits meanwhile wait for it, and make one job together).
                while let Ok(job) = job_rx.recv() {
                    let res = analyzer.run(job.generation, &job.overlay, job.changed);
                    if res_tx.send(res).is_err() {
                        break;
                    }
                }
            })
            .ok();
        Server {
            root,
            enc,
            caps,
            debounce,
            docs: HashMap::new(),
            edits: 1,
            changed: HashSet::new(),
            // The first analysis starts at once.
            deadline: Some(Instant::now()),
            busy: false,
            snap: Arc::new(Snapshot::empty()),
            published: HashMap::new(),
            loose: Vec::new(),
            jobs,
            results,
        }
    }

    fn register_watchers(connection: &Connection) -> anyhow::Result<()> {
        let watchers = ["**/*.md", "**/*.toml", "themes/**/*"]
            .iter()
            .map(|g| lt::FileSystemWatcher {
                glob_pattern: lt::GlobPattern::String((*g).into()),
                kind: None,
            })
            .collect();
        let params = lt::RegistrationParams {
            registrations: vec![lt::Registration {
                id: "movebook-files".into(),
                method: lt::notification::DidChangeWatchedFiles::METHOD.into(),
                register_options: Some(serde_json::to_value(
                    lt::DidChangeWatchedFilesRegistrationOptions { watchers },
                )?),
            }],
        };
        connection.sender.send(Message::Request(Request::new(
            RequestId::from("movebook-register-watchers".to_string()),
            lt::request::RegisterCapability::METHOD.into(),
            params,
        )))?;
        Ok(())
    }

    fn main_loop(&mut self, connection: &Connection) -> anyhow::Result<()> {
        loop {
            let timer = match self.deadline {
                Some(d) if !self.busy => crossbeam_channel::at(d),
                _ => crossbeam_channel::never(),
            };
            select! {
                recv(connection.receiver) -> msg => {
                    let Ok(msg) = msg else { return Ok(()) };
                    match msg {
                        Message::Request(req) => {
                            if connection.handle_shutdown(&req)? {
                                return Ok(());
                            }
                            let resp = self.answer(req);
                            connection.sender.send(Message::Response(resp))?;
                        }
                        Message::Notification(n) => {
                            if n.method == lt::notification::Exit::METHOD {
                                return Ok(());
                            }
                            self.notified(n);
                        }
                        Message::Response(_) => {}
                    }
                }
                recv(self.results) -> res => {
                    self.busy = false;
                    match res {
                        Ok(Ok(snap)) => {
                            let fresh = snap.generation == self.edits;
                            let note = format!(
                                "analysed {} files in {} ms: {}",
                                snap.files.len(),
                                snap.elapsed.as_millis(),
                                snap.diags.summary()
                            );
                            log(connection, lt::MessageType::LOG, &note)?;
                            self.snap = Arc::new(snap);
                            if fresh {
                                self.publish(connection)?;
                            }
                        }
                        Ok(Err(e)) => {
                            log(connection, lt::MessageType::ERROR, &format!("{e:#}"))?;
                        }
                        Err(_) => anyhow::bail!("the analysis thread stopped"),
                    }
                }
                recv(timer) -> _ => {
                    self.deadline = None;
                    self.busy = true;
                    let overlay: Overlay = self
                        .docs
                        .values()
                        .filter_map(|d| Some((d.rel.clone()?, (d.version, d.text.clone()))))
                        .collect();
                    let job = Job {
                        generation: self.edits,
                        overlay,
                        changed: std::mem::take(&mut self.changed),
                    };
                    if self.jobs.send(job).is_err() {
                        anyhow::bail!("the analysis thread stopped");
                    }
                }
            }
        }
    }

    /// Something changed: analyse again after the pause.
    fn touch(&mut self) {
        self.edits += 1;
        self.deadline = Some(Instant::now() + self.debounce);
    }

    fn content_rel(&self, path: &Path) -> Option<String> {
        let rel = path.strip_prefix(self.root.join("content")).ok()?;
        let rel = rel.to_str()?.replace('\\', "/");
        rel.ends_with(".md").then_some(rel)
    }

    fn notified(&mut self, n: Notification) {
        use lt::notification as ln;
        match n.method.as_str() {
            ln::DidOpenTextDocument::METHOD => {
                let Ok(p) = serde_json::from_value::<lt::DidOpenTextDocumentParams>(n.params)
                else {
                    return;
                };
                let Some(path) = text::path_of(&p.text_document.uri) else {
                    return;
                };
                let rel = self.content_rel(&path);
                self.docs.insert(
                    p.text_document.uri.as_str().to_string(),
                    Doc {
                        path,
                        rel,
                        version: p.text_document.version,
                        text: Arc::from(p.text_document.text),
                    },
                );
                self.touch();
            }
            ln::DidChangeTextDocument::METHOD => {
                let Ok(p) = serde_json::from_value::<lt::DidChangeTextDocumentParams>(n.params)
                else {
                    return;
                };
                let Some(doc) = self.docs.get_mut(p.text_document.uri.as_str()) else {
                    return;
                };
                // Full sync: the last change holds the whole text.
                if let Some(c) = p.content_changes.into_iter().last() {
                    doc.text = Arc::from(c.text);
                }
                doc.version = p.text_document.version;
                self.touch();
            }
            ln::DidSaveTextDocument::METHOD => {
                let Ok(p) = serde_json::from_value::<lt::DidSaveTextDocumentParams>(n.params)
                else {
                    return;
                };
                if let Some(path) = text::path_of(&p.text_document.uri)
                    && let Some(rel) = self.content_rel(&path)
                {
                    self.changed.insert(rel);
                }
                self.touch();
            }
            ln::DidCloseTextDocument::METHOD => {
                let Ok(p) = serde_json::from_value::<lt::DidCloseTextDocumentParams>(n.params)
                else {
                    return;
                };
                if let Some(d) = self.docs.remove(p.text_document.uri.as_str())
                    && let Some(rel) = d.rel
                {
                    self.changed.insert(rel);
                }
                self.touch();
            }
            ln::DidChangeWatchedFiles::METHOD => {
                let Ok(p) = serde_json::from_value::<lt::DidChangeWatchedFilesParams>(n.params)
                else {
                    return;
                };
                for c in p.changes {
                    if let Some(rel) = text::path_of(&c.uri).and_then(|p| self.content_rel(&p)) {
                        self.changed.insert(rel);
                    }
                }
                self.touch();
            }
            _ => {}
        }
    }

    fn answer(&self, req: Request) -> Response {
        use lt::request as lr;
        let view = View {
            root: &self.root,
            snap: &self.snap,
            docs: &self.docs,
            enc: self.enc,
            caps: self.caps,
        };
        let id = req.id.clone();
        let result: Result<Value, String> = match req.method.as_str() {
            lr::Completion::METHOD => parse(req).map(|p| json(features::completion(&view, &p))),
            lr::HoverRequest::METHOD => parse(req).map(|p| json(features::hover(&view, &p))),
            lr::GotoDefinition::METHOD => parse(req).map(|p| json(features::definition(&view, &p))),
            lr::References::METHOD => parse(req).map(|p| json(features::references(&view, &p))),
            lr::DocumentSymbolRequest::METHOD => {
                parse(req).map(|p| json(features::document_symbols(&view, &p)))
            }
            lr::WorkspaceSymbolRequest::METHOD => {
                parse(req).map(|p| json(features::workspace_symbols(&view, &p)))
            }
            lr::CodeActionRequest::METHOD => {
                parse(req).map(|p| json(edits::code_actions(&view, &p)))
            }
            lr::PrepareRenameRequest::METHOD => {
                parse(req).and_then(|p| edits::prepare_rename(&view, &p).map(json))
            }
            lr::Rename::METHOD => parse(req).and_then(|p| edits::rename(&view, &p).map(json)),
            _ => {
                return Response::new_err(
                    id,
                    ErrorCode::MethodNotFound as i32,
                    format!("movebook does not answer {}", req.method),
                );
            }
        };
        match result {
            Ok(v) => Response::new_ok(id, v),
            Err(e) => Response::new_err(id, ErrorCode::InvalidParams as i32, e),
        }
    }

    /// Publishes the last analysis's problems, per file: every file that has some, and an
    /// empty list for files whose problems went away. Open documents get theirs every time,
    /// with the version the analysis read.
    fn publish(&mut self, connection: &Connection) -> anyhow::Result<()> {
        let snap = self.snap.clone();
        let mut by_name: HashMap<&str, Vec<&Diagnostic>> = HashMap::new();
        for d in &snap.diags {
            by_name.entry(d.file.as_str()).or_default().push(d);
        }
        let mut by_file: HashMap<PathBuf, Vec<&Diagnostic>> = HashMap::new();
        let mut loose = Vec::new();
        for (name, list) in by_name {
            let path = self.root.join(name);
            if path.is_file() || self.docs.values().any(|doc| doc.path == path) {
                by_file.insert(path, list);
            } else {
                loose.extend(list.iter().map(ToString::to_string));
            }
        }
        let view = View {
            root: &self.root,
            snap: &snap,
            docs: &self.docs,
            enc: self.enc,
            caps: self.caps,
        };
        let mut files: Vec<PathBuf> = by_file.keys().cloned().collect();
        files.extend(self.published.keys().cloned());
        files.extend(self.docs.values().map(|d| d.path.clone()));
        files.sort();
        files.dedup();
        for path in files {
            let list: Vec<Diagnostic> = by_file
                .get(&path)
                .map(|l| l.iter().map(|d| (*d).clone()).collect())
                .unwrap_or_default();
            // Published only when no edit came after the analysis: the versions it read
            // are the documents' own.
            let version = self
                .docs
                .values()
                .find(|d| d.path == path)
                .map(|d| d.version);
            // Unchanged problems of an unchanged version: nothing to say.
            if self
                .published
                .get(&path)
                .is_some_and(|(b, v)| *b == list && *v == version)
            {
                continue;
            }
            let converted: Vec<lt::Diagnostic> = if list.is_empty() {
                Vec::new()
            } else {
                let text = view.text_of(&path).unwrap_or_else(|| Arc::from(""));
                let lines = Lines::new(&text);
                list.iter().map(|d| to_lsp(d, &lines, self.enc)).collect()
            };
            let Some(uri) = text::uri_of(&path) else {
                continue;
            };
            let params = lt::PublishDiagnosticsParams {
                uri,
                diagnostics: converted,
                version,
            };
            connection
                .sender
                .send(Message::Notification(Notification::new(
                    lt::notification::PublishDiagnostics::METHOD.into(),
                    params,
                )))?;
            if list.is_empty() && version.is_none() {
                self.published.remove(&path);
            } else {
                self.published.insert(path, (list, version));
            }
        }
        // Problems not in a file (a missing content/ folder): in the log, once.
        loose.sort();
        if loose != self.loose {
            for d in &loose {
                log(connection, lt::MessageType::WARNING, d)?;
            }
            self.loose = loose;
        }
        Ok(())
    }
}

fn parse<P: serde::de::DeserializeOwned>(req: Request) -> Result<P, String> {
    serde_json::from_value(req.params).map_err(|e| format!("bad {} request: {e}", req.method))
}

fn json<T: serde::Serialize>(v: T) -> Value {
    serde_json::to_value(v).unwrap_or(Value::Null)
}

fn log(connection: &Connection, typ: lt::MessageType, message: &str) -> anyhow::Result<()> {
    connection
        .sender
        .send(Message::Notification(Notification::new(
            lt::notification::LogMessage::METHOD.into(),
            lt::LogMessageParams {
                typ,
                message: message.into(),
            },
        )))?;
    Ok(())
}

/// The text a did-you-mean hint proposes in place of the diagnostic's range
/// (`did you mean 'gluteus-maximus'?` → `gluteus-maximus`), for a diagnostic that says
/// exactly where the wrong text ends (one located only at its line has no replacement).
pub(crate) fn replacement(d: &Diagnostic) -> Option<String> {
    d.end?;
    let hint = d.hint.as_deref()?;
    let rest = hint.split("did you mean ").nth(1)?;
    let (word, _) = match rest.strip_prefix('\'') {
        Some(quoted) => quoted.split_once('\'')?,
        None => rest.split_once(['?', ' '])?,
    };
    (!word.is_empty()).then(|| word.to_string())
}

/// A movebook diagnostic on the wire.
pub(crate) fn to_lsp(d: &Diagnostic, lines: &Lines, enc: Encoding) -> lt::Diagnostic {
    let range = match (d.start, d.end) {
        (Some(s), Some(e)) if e > s => lines.span(enc, s, e),
        (Some(s), _) => {
            let line = s.line.saturating_sub(1) as usize;
            let whole = lines.line_range(enc, line);
            let start = lines.position(enc, s);
            if start.character >= whole.end.character {
                whole
            } else {
                lt::Range::new(start, whole.end)
            }
        }
        (None, _) => lt::Range::default(),
    };
    let mut message = String::new();
    if let Some(f) = &d.field {
        message.push_str(f);
        message.push_str(": ");
    }
    message.push_str(&d.message);
    if let Some(h) = &d.hint {
        message.push_str("\nhint: ");
        message.push_str(h);
    }
    lt::Diagnostic {
        range,
        severity: Some(match d.severity {
            Severity::Error => lt::DiagnosticSeverity::ERROR,
            Severity::Warning => lt::DiagnosticSeverity::WARNING,
        }),
        code: Some(lt::NumberOrString::String(d.code.name().into())),
        source: Some("movebook".into()),
        message,
        data: replacement(d).map(|r| serde_json::json!({ "replacement": r })),
        ..Default::default()
    }
}
