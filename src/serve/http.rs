//! The HTTP side of `serve` (axum on hyper): the built site from memory, the live-reload
//! event stream, and two JSON endpoints for tools and tests.
//!
//! Routes (everything movebook adds lives under `/__movebook/`):
//! * `/__movebook/events?server=ID&build=N`: server-sent events telling the page what to do
//!   (see [`Reaction`]);
//! * `/__movebook/client.js`: the live-reload and overlay script;
//! * `/__movebook/status`: `{server, seq, build, errors}` as JSON;
//! * `/__movebook/files`: every output path with the hash of its bytes;
//! * anything else: the file of the current snapshot (see [`site_path`] for which request
//!   paths are refused), `x/` → `x/index.html`, `x` → a redirect to `x/` when that is a
//!   page, and the site's 404 page otherwise. HTML gets the live-reload script, unless the
//!   request carries an `x-movebook-raw` header (the bytes exactly as `build` writes them).
//!   Other files answer single byte ranges (browsers need them to play video). The offline
//!   copy is never served: `sw.js` and the script that registers it are replaced (see
//!   [`offline_override`]).
//!
//! The server never touches the disk: a path is only ever a key of the in-memory snapshot,
//! so no request can reach a file outside the built site.

use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{Query, Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use futures_util::Stream;
use headers::{
    AcceptRanges, ContentRange, ETag, HeaderMapExt, IfModifiedSince, IfNoneMatch, IfRange,
    LastModified,
};
use serde::{Deserialize, Serialize};
use tokio::sync::watch;

use super::inject;
use super::snapshot::{Entry, url_of};
use super::state::{Problems, Published};

/// Changed-page lists longer than this are sent as "everything may have changed".
const MAX_CHANGED: usize = 200;

/// What the handlers share.
pub(crate) struct App {
    /// Identifies this server process, so that a page from an earlier run reloads.
    pub server: String,
    /// The latest state, replaced by the rebuild thread.
    pub state: watch::Receiver<Arc<Published>>,
    /// Answer only requests for a local host name or an IP address ([`local_host`]): true
    /// when the server listens on a loopback address (the default).
    pub local_only: bool,
}

/// The router.
pub(crate) fn router(app: Arc<App>) -> Router {
    Router::new()
        .route("/__movebook/events", get(events))
        .route("/__movebook/client.js", get(client_js))
        .route("/__movebook/status", get(status))
        .route("/__movebook/files", get(files))
        .fallback(site)
        .layer(axum::middleware::from_fn_with_state(
            app.clone(),
            check_host,
        ))
        .with_state(app)
}

/// True when a `Host` header names this machine the way a browser on it would: an IP
/// address, `localhost` or a name under `.localhost`, with or without a port. Any other
/// name means a page of another site reached the server through DNS rebinding (its name
/// now resolving to 127.0.0.1) and must not read the preview.
pub(crate) fn local_host(host: &str) -> bool {
    let host = host.trim();
    if let Some(rest) = host.strip_prefix('[') {
        // [v6] or [v6]:port
        return rest
            .split_once(']')
            .is_some_and(|(ip, _)| ip.parse::<std::net::Ipv6Addr>().is_ok());
    }
    let name = match host.rsplit_once(':') {
        Some((name, port)) if port.bytes().all(|b| b.is_ascii_digit()) => name,
        _ => host,
    };
    let name = name.strip_suffix('.').unwrap_or(name).to_ascii_lowercase();
    name.parse::<std::net::Ipv4Addr>().is_ok()
        || name == "localhost"
        || name.ends_with(".localhost")
}

/// Refuses requests for another host name while the server is local only (see
/// [`local_host`]). A request without `Host` (HTTP/1.0) is answered.
async fn check_host(
    State(app): State<Arc<App>>,
    req: Request,
    next: axum::middleware::Next,
) -> Response {
    if app.local_only
        && let Some(host) = req.headers().get(header::HOST)
        && !host.to_str().is_ok_and(local_host)
    {
        let shown = String::from_utf8_lossy(host.as_bytes());
        return (
            StatusCode::FORBIDDEN,
            [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
            format!(
                "movebook serve answers only to localhost and IP addresses, not to '{shown}', so that other websites cannot read the preview.\nOpen it at http://localhost or http://127.0.0.1 with the port it printed, or use --bind to serve it on the network.\n"
            ),
        )
            .into_response();
    }
    next.run(req).await
}

/// Why a request path is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum BadPath {
    /// Not starting with `/`.
    NotRooted,
    /// A `\` or `%5c`.
    Backslash,
    /// An encoded separator (`%2f`).
    EncodedSlash,
    /// Percent-encoding that is not UTF-8.
    Encoding,
    /// A NUL byte.
    Nul,
    /// An empty, `.` or `..` segment, or a drive letter: a path that could climb out.
    Segment,
}

impl BadPath {
    fn message(self) -> &'static str {
        match self {
            BadPath::NotRooted => "the path does not start with /",
            BadPath::Backslash => "the path has a backslash",
            BadPath::EncodedSlash => "the path has an encoded /",
            BadPath::Encoding => "the path is not UTF-8",
            BadPath::Nul => "the path has a NUL byte",
            BadPath::Segment => "the path has an empty, '.' or '..' segment, or a drive letter",
        }
    }
}

/// Decodes a request path into a path of the built site (no leading `/`; a trailing `/`
/// kept), refusing anything that could name a file outside it, however it is spelled.
pub(crate) fn site_path(raw: &str) -> Result<String, BadPath> {
    let rest = raw.strip_prefix('/').ok_or(BadPath::NotRooted)?;
    let lower = rest.to_ascii_lowercase();
    if rest.contains('\\') || lower.contains("%5c") {
        return Err(BadPath::Backslash);
    }
    if lower.contains("%2f") {
        return Err(BadPath::EncodedSlash);
    }
    let decoded = percent_encoding::percent_decode_str(rest)
        .decode_utf8()
        .map_err(|_| BadPath::Encoding)?;
    if decoded.contains('\0') {
        return Err(BadPath::Nul);
    }
    if decoded.contains('\\') {
        return Err(BadPath::Backslash);
    }
    if !decoded.is_empty() {
        let segments: Vec<&str> = decoded.split('/').collect();
        let last = segments.len() - 1;
        for (i, s) in segments.iter().enumerate() {
            let drive = s.len() == 2
                && s.ends_with(':')
                && s.starts_with(|c: char| c.is_ascii_alphabetic());
            if (s.is_empty() && i != last) || *s == "." || *s == ".." || (i == 0 && drive) {
                return Err(BadPath::Segment);
            }
        }
    }
    Ok(decoded.into_owned())
}

/// What a page does on an event, computed by the server for each connection so that the
/// script stays simple. The event's name is the reaction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Reaction {
    /// Connected, and the page is current: nothing to do.
    Hello,
    /// Reload if `changed` is null or lists the page (or an overlay was shown).
    Reload,
    /// Only stylesheets changed: swap the ones listed.
    Css,
    /// The build failed: show the overlay.
    Errors,
    /// The errors are gone and the output did not change: hide the overlay and reload.
    Ok,
    /// A rebuild changed nothing.
    Unchanged,
}

impl Reaction {
    fn name(self) -> &'static str {
        match self {
            Reaction::Hello => "hello",
            Reaction::Reload => "reload",
            Reaction::Css => "css",
            Reaction::Errors => "errors",
            Reaction::Ok => "ok",
            Reaction::Unchanged => "unchanged",
        }
    }
}

/// The data of every event.
#[derive(Debug, Serialize)]
struct EventData<'a> {
    seq: u64,
    build: u64,
    /// URLs of pages and files that changed (removed ones included), or null when unknown
    /// or too many.
    changed: Option<Vec<String>>,
    errors: Option<&'a Problems>,
}

/// One page's connection: what it has seen.
struct Conn {
    state: watch::Receiver<Arc<Published>>,
    /// The build the page shows; `None` when it is from another server run.
    build: Option<u64>,
    overlay: bool,
    first: bool,
}

impl Conn {
    /// The next event for this page after state `p`.
    fn react(&mut self, p: &Published) -> (Reaction, Option<Vec<String>>) {
        if p.errors.is_some() {
            self.overlay = true;
            return (Reaction::Errors, None);
        }
        let had_overlay = std::mem::replace(&mut self.overlay, false);
        let current = p.snapshot.build;
        if self.build == Some(current) {
            let r = if had_overlay {
                Reaction::Ok
            } else if self.first {
                Reaction::Hello
            } else {
                Reaction::Unchanged
            };
            return (r, None);
        }
        let known = self.build.is_some() && self.build == Some(p.from_build);
        self.build = Some(current);
        if !known {
            return (Reaction::Reload, None);
        }
        let mut urls: Vec<String> = p
            .changes
            .changed
            .iter()
            .chain(&p.changes.removed)
            .map(|r| url_of(r))
            .collect();
        urls.sort_unstable();
        urls.dedup();
        let reaction = if p.changes.css_only() && !had_overlay {
            Reaction::Css
        } else {
            Reaction::Reload
        };
        (reaction, (urls.len() <= MAX_CHANGED).then_some(urls))
    }

    fn event(&mut self, p: &Published) -> Event {
        let (reaction, changed) = self.react(p);
        let data = EventData {
            seq: p.seq,
            build: p.snapshot.build,
            changed,
            errors: p.errors.as_deref(),
        };
        let json = serde_json::to_string(&data).unwrap_or_else(|_| "{}".to_string());
        let mut e = Event::default().event(reaction.name()).data(json);
        if std::mem::replace(&mut self.first, false) {
            e = e.retry(Duration::from_millis(500));
        }
        e
    }
}

#[derive(Deserialize)]
struct EventsQuery {
    server: Option<String>,
    build: Option<u64>,
}

async fn events(
    State(app): State<Arc<App>>,
    Query(q): Query<EventsQuery>,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let same_server = q.server.as_deref() == Some(app.server.as_str());
    let conn = Conn {
        state: app.state.clone(),
        build: if same_server { q.build } else { None },
        overlay: false,
        first: true,
    };
    let stream = futures_util::stream::unfold(conn, |mut c| async move {
        if !c.first && c.state.changed().await.is_err() {
            return None;
        }
        let p = c.state.borrow_and_update().clone();
        let e = c.event(&p);
        Some((Ok(e), c))
    });
    Sse::new(stream).keep_alive(KeepAlive::default())
}

async fn client_js() -> Response {
    let mut r = Response::new(Body::from(inject::CLIENT_JS));
    let h = r.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/javascript; charset=utf-8"),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    r
}

fn json(value: &impl Serialize) -> Response {
    match serde_json::to_vec(value) {
        Ok(bytes) => {
            let mut r = Response::new(Body::from(bytes));
            let h = r.headers_mut();
            h.insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            );
            h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            r
        }
        Err(e) => (StatusCode::INTERNAL_SERVER_ERROR, e.to_string()).into_response(),
    }
}

#[derive(Serialize)]
struct Status<'a> {
    server: &'a str,
    seq: u64,
    build: u64,
    errors: Option<&'a Problems>,
}

async fn status(State(app): State<Arc<App>>) -> Response {
    let p = app.state.borrow().clone();
    json(&Status {
        server: &app.server,
        seq: p.seq,
        build: p.snapshot.build,
        errors: p.errors.as_deref(),
    })
}

#[derive(Serialize)]
struct Files {
    build: u64,
    /// Output path → hex xxh3-128 of its bytes.
    files: std::collections::BTreeMap<String, String>,
}

async fn files(State(app): State<Arc<App>>) -> Response {
    let p = app.state.borrow().clone();
    json(&Files {
        build: p.snapshot.build,
        files: p
            .snapshot
            .files
            .iter()
            .map(|(k, e)| (k.clone(), format!("{:032x}", e.hash)))
            .collect(),
    })
}

fn plain(status: StatusCode, text: &str) -> Response {
    let mut r = (status, text.to_string()).into_response();
    r.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    r
}

fn content_type(rel: &str) -> HeaderValue {
    let mime = mime_guess::from_path(rel).first_or_octet_stream();
    let text = mime.type_() == mime_guess::mime::TEXT
        || (mime.type_() == mime_guess::mime::APPLICATION
            && (matches!(mime.subtype().as_str(), "javascript" | "json" | "xml")
                || mime
                    .suffix()
                    .is_some_and(|s| s == mime_guess::mime::XML || s == mime_guess::mime::JSON)));
    let value = if text && mime.get_param("charset").is_none() {
        format!("{mime}; charset=utf-8")
    } else {
        mime.to_string()
    };
    HeaderValue::from_str(&value).unwrap_or(HeaderValue::from_static("application/octet-stream"))
}

fn is_html(rel: &str) -> bool {
    let lower = rel.to_ascii_lowercase();
    lower.ends_with(".html") || lower.ends_with(".htm")
}

/// The site's files.
async fn site(State(app): State<Arc<App>>, req: Request) -> Response {
    if req.method() != Method::GET && req.method() != Method::HEAD {
        let mut r = plain(StatusCode::METHOD_NOT_ALLOWED, "only GET and HEAD\n");
        r.headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        return r;
    }
    let rel = match site_path(req.uri().path()) {
        Ok(r) => r,
        Err(e) => {
            return plain(
                StatusCode::BAD_REQUEST,
                &format!("refused: {}\n", e.message()),
            );
        }
    };
    let p = app.state.borrow().clone();
    let raw = req.headers().contains_key("x-movebook-raw");
    let snap = &p.snapshot;
    if !raw && let Some(r) = offline_override(&rel, snap) {
        return r;
    }
    if snap.build == 0 {
        // No good build yet: every page is a placeholder that shows the errors.
        let body = inject::inject(inject::NO_BUILD_PAGE.as_bytes(), &app.server, 0, "/");
        return html_response(StatusCode::SERVICE_UNAVAILABLE, body, None);
    }
    let lookup = if rel.is_empty() || rel.ends_with('/') {
        format!("{rel}index.html")
    } else {
        rel.clone()
    };
    if let Some(entry) = snap.get(&lookup) {
        return file_response(&req, &app.server, snap.build, &lookup, entry, raw);
    }
    if !rel.is_empty() && !rel.ends_with('/') && snap.get(&format!("{rel}/index.html")).is_some() {
        let mut location = format!("{}/", req.uri().path());
        if let Some(q) = req.uri().query() {
            location.push('?');
            location.push_str(q);
        }
        let mut r = Response::new(Body::empty());
        *r.status_mut() = StatusCode::TEMPORARY_REDIRECT;
        if let Ok(v) = HeaderValue::from_str(&location) {
            r.headers_mut().insert(header::LOCATION, v);
        }
        return r;
    }
    match snap.get("404.html") {
        Some(e) if raw => html_response(StatusCode::NOT_FOUND, e.bytes.clone(), None),
        Some(e) => {
            let body = inject::inject(&e.bytes, &app.server, snap.build, "/404.html");
            html_response(StatusCode::NOT_FOUND, body, None)
        }
        None => plain(StatusCode::NOT_FOUND, "not found\n"),
    }
}

/// The preview keeps no offline copy, and never gets stuck on one from an earlier build
/// served on the same address: any `sw.js` movebook would have written (or that the build
/// lacks) is the worker that removes itself and its caches, and the script that registers
/// the worker is one that unregisters every worker of the address instead. A site's own
/// `static/sw.js` is served as it is.
fn offline_override(rel: &str, snap: &super::snapshot::Snapshot) -> Option<Response> {
    use crate::render::offline;
    let movebook = |e: &Entry, marker: &str| e.bytes.starts_with(marker.as_bytes());
    let body = if (rel == offline::WORKER || rel.ends_with(&format!("/{}", offline::WORKER)))
        && snap.get(rel).is_none_or(|e| movebook(e, offline::MARKER))
    {
        offline::REMOVER
    } else if rel == offline::SCRIPT && snap.get(rel).is_some_and(|e| movebook(e, "// movebook")) {
        offline::SERVE_SCRIPT
    } else {
        return None;
    };
    let mut r = Response::new(Body::from(body));
    let h = r.headers_mut();
    h.insert(header::CONTENT_TYPE, content_type(rel));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Some(r)
}

fn html_response(status: StatusCode, body: impl Into<Bytes>, etag: Option<ETag>) -> Response {
    let mut r = Response::new(Body::from(body.into()));
    *r.status_mut() = status;
    let h = r.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    match etag {
        Some(tag) => {
            h.typed_insert(tag);
            h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
        }
        None => {
            h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        }
    }
    r
}

fn file_response(
    req: &Request,
    server: &str,
    build: u64,
    rel: &str,
    entry: &Entry,
    raw: bool,
) -> Response {
    let inject = !raw && is_html(rel);
    // The injected script names the build, so an injected page is a different
    // representation at each build.
    let tag = if inject {
        format!("\"{:032x}-{server}-{build}\"", entry.hash)
    } else {
        format!("\"{:032x}\"", entry.hash)
    };
    let etag: Option<ETag> = tag.parse().ok();
    let modified = entry.modified;
    let h = req.headers();
    let not_modified = match (h.typed_get::<IfNoneMatch>(), &etag) {
        (Some(inm), Some(etag)) => !inm.precondition_passes(etag),
        (Some(_), None) => false,
        (None, _) => h
            .typed_get::<IfModifiedSince>()
            .is_some_and(|ims| !inject && !ims.is_modified(modified)),
    };
    let range = if inject || not_modified {
        None
    } else {
        byte_range(h, etag.as_ref(), modified, entry.bytes.len() as u64)
    };
    let mut r = if not_modified {
        let mut r = Response::new(Body::empty());
        *r.status_mut() = StatusCode::NOT_MODIFIED;
        r
    } else if let Some(range) = range {
        let len = entry.bytes.len() as u64;
        let mut r = if let Some((start, end)) = range {
            let mut r = Response::new(Body::from(entry.bytes.slice(start as usize..=end as usize)));
            *r.status_mut() = StatusCode::PARTIAL_CONTENT;
            if let Ok(cr) = ContentRange::bytes(start..=end, len) {
                r.headers_mut().typed_insert(cr);
            }
            r
        } else {
            let mut r = Response::new(Body::empty());
            *r.status_mut() = StatusCode::RANGE_NOT_SATISFIABLE;
            r.headers_mut()
                .typed_insert(ContentRange::unsatisfied_bytes(len));
            r
        };
        r.headers_mut()
            .insert(header::CONTENT_TYPE, content_type(rel));
        r
    } else {
        let body = if inject {
            Bytes::from(inject::inject(&entry.bytes, server, build, &url_of(rel)))
        } else {
            entry.bytes.clone()
        };
        let mut r = Response::new(Body::from(body));
        r.headers_mut()
            .insert(header::CONTENT_TYPE, content_type(rel));
        r
    };
    let h = r.headers_mut();
    if let Some(etag) = etag {
        h.typed_insert(etag);
    }
    if !inject {
        h.typed_insert(LastModified::from(modified));
        h.typed_insert(AcceptRanges::bytes());
    }
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    r
}

/// The byte range a request asks for: `None` to send the whole file (no `Range`, several
/// ranges, or an `If-Range` that no longer matches), `Some(None)` when the range lies outside
/// the file (416), `Some(Some((first, last)))` otherwise (206).
#[expect(clippy::option_option, reason = "the three answers of the doc comment")]
fn byte_range(
    h: &axum::http::HeaderMap,
    etag: Option<&ETag>,
    modified: std::time::SystemTime,
    len: u64,
) -> Option<Option<(u64, u64)>> {
    use std::ops::Bound;
    let range = h.typed_get::<headers::Range>()?;
    if let Some(if_range) = h.typed_get::<IfRange>()
        && if_range.is_modified(etag, Some(&LastModified::from(modified)))
    {
        return None;
    }
    let mut specs = range.satisfiable_ranges(len);
    let (start, end) = specs.next()?;
    if specs.next().is_some() {
        return None;
    }
    let first = match start {
        Bound::Included(s) => s,
        Bound::Excluded(s) => s.saturating_add(1),
        Bound::Unbounded => 0,
    };
    let last = match end {
        Bound::Included(e) => e.min(len.saturating_sub(1)),
        Bound::Excluded(e) => e.saturating_sub(1).min(len.saturating_sub(1)),
        Bound::Unbounded => len.saturating_sub(1),
    };
    Some((len > 0 && first < len && first <= last).then_some((first, last)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::serve::snapshot::{Changes, Snapshot};

    #[test]
    fn local_hosts_are_ip_addresses_and_localhost() {
        for ok in [
            "127.0.0.1:1111",
            "127.0.0.1",
            "localhost:1111",
            "LOCALHOST",
            "localhost.",
            "guide.localhost:8080",
            "[::1]:1111",
            "[::1]",
            "192.168.1.20:1111",
        ] {
            assert!(local_host(ok), "{ok}");
        }
        for bad in [
            "evil.example:1111",
            "evil.example",
            "localhost.evil.example",
            "127.0.0.1.evil.example",
            "[::1",
            "[evil]:1",
            "",
            "localhost:80:80x",
        ] {
            assert!(!local_host(bad), "{bad}");
        }
    }

    fn state(build: u64, from: u64, changed: &[&str], errors: bool) -> Published {
        Published {
            seq: 1,
            snapshot: Arc::new(Snapshot {
                build,
                ..Snapshot::default()
            }),
            errors: errors.then(|| {
                Arc::new(Problems {
                    summary: "1 error in 1 file".into(),
                    diagnostics: vec!["content/a.md:1:1: error[x]: y".into()],
                })
            }),
            from_build: from,
            changes: Arc::new(Changes {
                changed: changed
                    .iter()
                    .map(std::string::ToString::to_string)
                    .collect(),
                removed: vec![],
            }),
        }
    }

    fn conn(build: Option<u64>) -> Conn {
        let (_tx, rx) = watch::channel(Arc::new(Published::default()));
        Conn {
            state: rx,
            build,
            overlay: false,
            first: true,
        }
    }

    #[expect(
        clippy::unnecessary_wraps,
        reason = "compared with the Option of a reaction"
    )]
    fn urls(v: &[&str]) -> Option<Vec<String>> {
        Some(v.iter().map(std::string::ToString::to_string).collect())
    }

    #[test]
    fn tells_each_page_what_to_do() {
        use Reaction::*;
        let page = ["exercises/a/index.html"];
        let css = ["style.css"];
        // A page of the current build says hello; later rebuilds that change nothing.
        let mut c = conn(Some(2));
        assert_eq!(c.react(&state(2, 1, &page, false)), (Hello, None));
        c.first = false;
        assert_eq!(c.react(&state(2, 1, &page, false)), (Unchanged, None));
        // The next build, with the list of what changed since the page's build.
        assert_eq!(
            c.react(&state(3, 2, &page, false)),
            (Reload, urls(&["/exercises/a/"]))
        );
        // Only stylesheets: swap them.
        assert_eq!(
            c.react(&state(4, 3, &css, false)),
            (Css, urls(&["/style.css"]))
        );
        // A page that missed a build does not know what changed: reload.
        let mut old = conn(Some(1));
        assert_eq!(old.react(&state(3, 2, &page, false)), (Reload, None));
        // A page from another server run reloads.
        let mut other = conn(None);
        assert_eq!(other.react(&state(1, 0, &page, false)), (Reload, None));
        // Errors show the overlay; clearing them without new output reloads ("ok"), and
        // new output after an overlay reloads even if only CSS changed.
        let mut e = conn(Some(4));
        assert_eq!(e.react(&state(4, 3, &css, true)), (Errors, None));
        assert_eq!(e.react(&state(4, 3, &css, false)), (Ok, None));
        assert_eq!(e.react(&state(4, 3, &css, true)).0, Errors);
        assert_eq!(e.react(&state(5, 4, &css, false)).0, Reload);
        // Very long lists become "everything may have changed".
        let many: Vec<String> = (0..=MAX_CHANGED)
            .map(|i| format!("p{i}/index.html"))
            .collect();
        let many: Vec<&str> = many.iter().map(String::as_str).collect();
        let mut m = conn(Some(5));
        assert_eq!(m.react(&state(6, 5, &many, false)), (Reload, None));
    }

    #[test]
    fn decodes_ordinary_paths() {
        for (raw, want) in [
            ("/", ""),
            ("/exercises/glute-bridge/", "exercises/glute-bridge/"),
            ("/style.css", "style.css"),
            ("/a%20b.txt", "a b.txt"),
            ("/caf%C3%A9/", "café/"),
        ] {
            assert_eq!(site_path(raw).as_deref(), Ok(want), "{raw}");
        }
    }

    #[test]
    fn refuses_every_spelling_of_a_path_outside() {
        for (raw, why) in [
            ("/../etc/passwd", BadPath::Segment),
            ("/exercises/../../etc/passwd", BadPath::Segment),
            ("/%2e%2e/etc/passwd", BadPath::Segment),
            ("/%2E%2E/%2e%2E/etc/passwd", BadPath::Segment),
            ("/.%2e/etc/passwd", BadPath::Segment),
            ("/./style.css", BadPath::Segment),
            ("/..", BadPath::Segment),
            ("/%2e%2e", BadPath::Segment),
            ("/%2e%2e%2fetc%2fpasswd", BadPath::EncodedSlash),
            ("/..%2Fetc", BadPath::EncodedSlash),
            ("/%2Fetc/passwd", BadPath::EncodedSlash),
            ("/..\\etc\\passwd", BadPath::Backslash),
            ("/..%5cetc", BadPath::Backslash),
            ("/%5C..%5C", BadPath::Backslash),
            ("//etc/passwd", BadPath::Segment),
            ("/a//b", BadPath::Segment),
            ("/C:/Windows/win.ini", BadPath::Segment),
            ("/c%3A/x", BadPath::Segment),
            ("/a%00.html", BadPath::Nul),
            ("/%ff%fe", BadPath::Encoding),
            ("etc/passwd", BadPath::NotRooted),
        ] {
            assert_eq!(site_path(raw), Err(why), "{raw}");
        }
    }

    #[test]
    fn content_types() {
        for (rel, want) in [
            ("index.html", "text/html; charset=utf-8"),
            ("style.css", "text/css; charset=utf-8"),
            ("app.js", "text/javascript; charset=utf-8"),
            ("favicon.svg", "image/svg+xml"),
            ("a.png", "image/png"),
            ("a.jpg", "image/jpeg"),
            ("a.webp", "image/webp"),
            ("f.woff2", "font/woff2"),
            ("sitemap.xml", "text/xml; charset=utf-8"),
            ("search.json", "application/json; charset=utf-8"),
            ("robots.txt", "text/plain; charset=utf-8"),
            ("blob.unknownext", "application/octet-stream"),
        ] {
            assert_eq!(content_type(rel), want, "{rel}");
        }
    }
}
