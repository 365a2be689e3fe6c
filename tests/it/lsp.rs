//! `movebook lsp`, driven over stdio with real JSON-RPC messages the way an editor does:
//! initialize, open, change, completion, hover, definition, references, symbols, code
//! actions, rename, shutdown.

use std::fmt::Write as _;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::harness::TestSite;

const WAIT: Duration = Duration::from_secs(30);

/// An editor's end of the connection.
struct Client {
    child: Child,
    stdin: ChildStdin,
    incoming: Receiver<Value>,
    next_id: i64,
    /// Notifications (and server requests) received while waiting for something else.
    pending: Vec<Value>,
    root: PathBuf,
}

fn file_uri(path: &Path) -> String {
    let mut s = String::from("file://");
    for c in path.to_str().unwrap().chars() {
        match c {
            'a'..='z' | 'A'..='Z' | '0'..='9' | '/' | '-' | '_' | '.' | '~' => s.push(c),
            _ => {
                let mut buf = [0u8; 4];
                for b in c.encode_utf8(&mut buf).bytes() {
                    let _ = write!(s, "%{b:02X}");
                }
            }
        }
    }
    s
}

impl Client {
    /// Starts `movebook lsp` in `root` and initializes it with `capabilities`.
    fn start_with(root: &Path, capabilities: Value, options: Value) -> (Client, Value) {
        let mut child = Command::new(env!("CARGO_BIN_EXE_movebook"))
            .arg("lsp")
            .current_dir(root)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start movebook lsp");
        let stdin = child.stdin.take().unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, incoming) = channel();
        std::thread::spawn(move || {
            let mut r = BufReader::new(stdout);
            loop {
                let mut len = None;
                loop {
                    let mut line = String::new();
                    if r.read_line(&mut line).unwrap_or(0) == 0 {
                        return;
                    }
                    let line = line.trim();
                    if line.is_empty() {
                        break;
                    }
                    if let Some(v) = line.strip_prefix("Content-Length:") {
                        len = v.trim().parse::<usize>().ok();
                    }
                }
                let mut body = vec![0; len.expect("Content-Length")];
                r.read_exact(&mut body).unwrap();
                let msg: Value = serde_json::from_slice(&body).expect("JSON from the server");
                if tx.send(msg).is_err() {
                    return;
                }
            }
        });
        let mut c = Client {
            child,
            stdin,
            incoming,
            next_id: 0,
            pending: Vec::new(),
            root: root.to_path_buf(),
        };
        let result = c.request(
            "initialize",
            json!({
                "processId": null,
                "rootUri": file_uri(root),
                "capabilities": capabilities,
                "initializationOptions": options,
            }),
        );
        c.notify("initialized", json!({}));
        (c, result)
    }

    /// An editor that applies `documentChanges` with renames and speaks UTF-16.
    fn start(root: &Path) -> Client {
        let caps = json!({
            "workspace": { "workspaceEdit": { "documentChanges": true, "resourceOperations": ["create", "rename", "delete"] } }
        });
        Client::start_with(root, caps, json!({ "debounceMs": 0 })).0
    }

    fn send(&mut self, msg: &Value) {
        let body = serde_json::to_vec(msg).unwrap();
        write!(self.stdin, "Content-Length: {}\r\n\r\n", body.len()).unwrap();
        self.stdin.write_all(&body).unwrap();
        self.stdin.flush().unwrap();
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({ "jsonrpc": "2.0", "method": method, "params": params }));
    }

    /// Sends a request and returns the whole response.
    fn call(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        self.send(&json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }));
        let end = Instant::now() + WAIT;
        loop {
            let msg = self
                .recv(end)
                .unwrap_or_else(|| panic!("no answer to {method}"));
            if msg.get("id") == Some(&json!(id)) && msg.get("method").is_none() {
                return msg;
            }
            self.pending.push(msg);
        }
    }

    /// Sends a request and returns its result (panics on an error response).
    fn request(&mut self, method: &str, params: Value) -> Value {
        let msg = self.call(method, params);
        assert!(msg.get("error").is_none(), "{method} failed: {msg}");
        msg["result"].clone()
    }

    fn recv(&mut self, end: Instant) -> Option<Value> {
        let left = end.saturating_duration_since(Instant::now());
        self.incoming.recv_timeout(left).ok()
    }

    fn uri(&self, rel: &str) -> String {
        file_uri(&self.root.join(rel))
    }

    fn open(&mut self, rel: &str, version: i64) -> String {
        let text = std::fs::read_to_string(self.root.join(rel)).unwrap();
        self.open_text(rel, version, &text)
    }

    fn open_text(&mut self, rel: &str, version: i64, text: &str) -> String {
        let uri = self.uri(rel);
        self.notify(
            "textDocument/didOpen",
            json!({ "textDocument": { "uri": uri, "languageId": "markdown", "version": version, "text": text } }),
        );
        uri
    }

    fn change(&mut self, rel: &str, version: i64, text: &str) {
        let uri = self.uri(rel);
        self.notify(
            "textDocument/didChange",
            json!({ "textDocument": { "uri": uri, "version": version }, "contentChanges": [{ "text": text }] }),
        );
    }

    /// The next diagnostics published for `rel` that satisfy `pred` (earlier ones are
    /// dropped).
    fn diagnostics_where(&mut self, rel: &str, pred: impl Fn(&Value) -> bool) -> Value {
        let uri = self.uri(rel);
        let is = |m: &Value| {
            m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri.as_str()
        };
        if let Some(i) = self
            .pending
            .iter()
            .position(|m| is(m) && pred(&m["params"]))
        {
            let m = self.pending.remove(i);
            self.pending.retain(|p| !is(p));
            return m["params"].clone();
        }
        self.pending.retain(|p| !is(p));
        let end = Instant::now() + WAIT;
        loop {
            let msg = self
                .recv(end)
                .unwrap_or_else(|| panic!("no diagnostics for {rel} as expected"));
            if is(&msg) && pred(&msg["params"]) {
                return msg["params"].clone();
            }
            if !is(&msg) {
                self.pending.push(msg);
            }
        }
    }

    /// The diagnostics published for `rel` at document version `version`.
    fn diagnostics_at(&mut self, rel: &str, version: i64) -> Vec<Value> {
        let p = self.diagnostics_where(rel, |p| p["version"] == json!(version));
        p["diagnostics"].as_array().unwrap().clone()
    }

    /// Ends the session the way an editor does; the server must exit with 0.
    fn shutdown(mut self) {
        let r = self.call("shutdown", Value::Null);
        assert!(r.get("error").is_none(), "{r}");
        self.notify("exit", Value::Null);
        let end = Instant::now() + WAIT;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                assert!(status.success(), "movebook lsp exited with {status}");
                return;
            }
            assert!(Instant::now() < end, "movebook lsp did not exit");
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Position of the `nth` character of `needle` in `text`, in UTF-16 units.
fn pos(text: &str, needle: &str, nth: usize) -> Value {
    let at = text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle} not in text"))
        + nth;
    let line = text[..at].matches('\n').count();
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let character: usize = text[line_start..at].chars().map(char::len_utf16).sum();
    json!({ "line": line, "character": character })
}

/// Byte offset of a UTF-16 position.
fn offset(text: &str, p: &Value) -> usize {
    let line = p["line"].as_u64().unwrap() as usize;
    let character = p["character"].as_u64().unwrap() as usize;
    let mut start = 0;
    for _ in 0..line {
        start += text[start..].find('\n').unwrap() + 1;
    }
    let mut units = 0;
    for (i, c) in text[start..].char_indices() {
        if units >= character {
            return start + i;
        }
        units += c.len_utf16();
    }
    text.len()
}

/// `text` with the protocol's `edits` applied.
fn apply(text: &str, edits: &[Value]) -> String {
    let mut spans: Vec<(usize, usize, String)> = edits
        .iter()
        .map(|e| {
            (
                offset(text, &e["range"]["start"]),
                offset(text, &e["range"]["end"]),
                e["newText"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    spans.sort_by_key(|s| std::cmp::Reverse(s.0));
    let mut out = text.to_string();
    for (a, b, t) in spans {
        out.replace_range(a..b, &t);
    }
    out
}

/// Applies a workspace edit to the files on disk, as an editor would, in order.
fn apply_on_disk(edit: &Value) {
    for op in edit["documentChanges"].as_array().expect("documentChanges") {
        if op["kind"] == "rename" {
            let from = uri_path(op["oldUri"].as_str().unwrap());
            let to = uri_path(op["newUri"].as_str().unwrap());
            assert!(!to.exists(), "rename over {}", to.display());
            std::fs::rename(from, to).unwrap();
        } else {
            let path = uri_path(op["textDocument"]["uri"].as_str().unwrap());
            let text = std::fs::read_to_string(&path).unwrap();
            std::fs::write(&path, apply(&text, op["edits"].as_array().unwrap())).unwrap();
        }
    }
}

fn uri_path(uri: &str) -> PathBuf {
    let raw = uri.strip_prefix("file://").unwrap();
    let mut bytes = Vec::new();
    let b = raw.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            bytes.push(u8::from_str_radix(&raw[i + 1..i + 3], 16).unwrap());
            i += 3;
        } else {
            bytes.push(b[i]);
            i += 1;
        }
    }
    PathBuf::from(String::from_utf8(bytes).unwrap())
}

/// `movebook check` passes on the site as it is on disk.
fn check_passes(site: &TestSite) {
    let out = site.cli(&["check"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The message of an error answer.
fn error_message(answer: &Value) -> &str {
    answer["error"]["message"]
        .as_str()
        .unwrap_or_else(|| panic!("not an error: {answer}"))
}

fn codes(diags: &[Value]) -> Vec<String> {
    diags
        .iter()
        .map(|d| d["code"].as_str().unwrap().to_string())
        .collect()
}

const BRIDGE: &str = "content/exercises/glute-bridge.md";

#[test]
fn a_misspelled_muscle_is_reported_as_you_type_and_fixed_by_its_code_action() {
    let site = TestSite::minimal();
    let mut c = Client::start(site.root());
    let text = std::fs::read_to_string(site.root().join(BRIDGE)).unwrap();
    let uri = c.open(BRIDGE, 1);
    assert_eq!(c.diagnostics_at(BRIDGE, 1), Vec::<Value>::new());

    // Unsaved: the file on disk is untouched.
    let typo = text.replace(
        "target_muscles: [gluteus-maximus]",
        "target_muscles: [gluteus-maximu]",
    );
    c.change(BRIDGE, 2, &typo);
    let diags = c.diagnostics_at(BRIDGE, 2);
    assert_eq!(codes(&diags), ["unknown-ref"], "{diags:?}");
    let d = &diags[0];
    assert_eq!(d["severity"], 1);
    assert_eq!(d["source"], "movebook");
    assert_eq!(d["range"]["start"], pos(&typo, "gluteus-maximu]", 0));
    assert_eq!(d["range"]["end"], pos(&typo, "]\nsecondary", 0));
    let message = d["message"].as_str().unwrap();
    assert!(
        message.starts_with("target_muscles[0]: unknown muscle 'gluteus-maximu'"),
        "{message}"
    );
    assert!(
        message.contains("hint: did you mean 'gluteus-maximus'?"),
        "{message}"
    );
    assert_eq!(d["data"]["replacement"], "gluteus-maximus");

    let actions = c.request(
        "textDocument/codeAction",
        json!({ "textDocument": { "uri": uri }, "range": d["range"], "context": { "diagnostics": [d] } }),
    );
    let fix = actions
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["title"] == "Replace with 'gluteus-maximus'")
        .unwrap_or_else(|| panic!("no did-you-mean action in {actions}"));
    assert_eq!(fix["kind"], "quickfix");
    assert_eq!(fix["isPreferred"], true);
    let ops = fix["edit"]["documentChanges"].as_array().unwrap();
    assert_eq!(ops.len(), 1);
    assert_eq!(ops[0]["textDocument"]["version"], 2);
    let fixed = apply(&typo, ops[0]["edits"].as_array().unwrap());
    assert_eq!(fixed, text);
    c.change(BRIDGE, 3, &fixed);
    assert_eq!(c.diagnostics_at(BRIDGE, 3), Vec::<Value>::new());
    assert_eq!(
        std::fs::read_to_string(site.root().join(BRIDGE)).unwrap(),
        text
    );
    c.shutdown();
}

#[test]
fn did_you_mean_fixes_keys_and_words_but_never_a_whole_line() {
    let site = TestSite::minimal();
    let mut c = Client::start(site.root());
    let text = std::fs::read_to_string(site.root().join(BRIDGE)).unwrap();
    let typos = text
        .replace("category: activation", "categroy: activation")
        .replace("level: beginner", "level: beginer")
        .replace(
            "2. Lift the hips.",
            "2. Lift the hips ([more](@/exercises/hip-trust.md)).",
        );
    let uri = c.open_text(BRIDGE, 1, &typos);
    let diags = c.diagnostics_at(BRIDGE, 1);
    let mut fixed = typos.clone();
    for (code, want) in [("unknown-key", "category"), ("bad-value", "beginner")] {
        let d = diags
            .iter()
            .find(|d| d["code"] == code)
            .unwrap_or_else(|| panic!("no {code} in {diags:?}"));
        assert_eq!(d["data"]["replacement"], want, "{d}");
        let actions = c.request(
            "textDocument/codeAction",
            json!({ "textDocument": { "uri": uri }, "range": d["range"], "context": { "diagnostics": [] } }),
        );
        let a = &actions.as_array().unwrap()[0];
        assert_eq!(a["title"], format!("Replace with '{want}'"));
        fixed = apply(
            &fixed,
            a["edit"]["documentChanges"][0]["edits"].as_array().unwrap(),
        );
    }
    assert_eq!(
        fixed,
        typos
            .replace("categroy", "category")
            .replace("beginer", "beginner")
    );
    // A broken link's problem is located at its line only: no edit that would replace the
    // whole line with the suggestion.
    c.change(BRIDGE, 2, &fixed);
    let diags = c.diagnostics_at(BRIDGE, 2);
    let d = diags
        .iter()
        .find(|d| d["code"] == "broken-link")
        .unwrap_or_else(|| panic!("{diags:?}"));
    assert!(d["data"].is_null(), "{d}");
    let actions = c.request(
        "textDocument/codeAction",
        json!({ "textDocument": { "uri": uri }, "range": d["range"], "context": { "diagnostics": [d] } }),
    );
    assert_eq!(actions, json!([]));
    c.shutdown();
}

#[test]
fn every_problem_of_check_is_published_per_file_and_related_files_light_up() {
    let site = TestSite::minimal().file(
        "content/exercises/clamshell.md",
        "---\ntitle: Clamshell\nsummary: Side-lying knee opening.\ntarget_muscles: [hamstrings]\ncategory: Strength\nlevel: beginner\nsets: 2\nreps: 12\ncommon_errors:\n  - error: The pelvis rolls back\ncues: [Slow]\nstop_if: [Pain]\n---\nBody.\n",
    );
    // What `check` reports, file by file.
    let expected = site.diagnostics();
    let mut c = Client::start(site.root());
    let clam = "content/exercises/clamshell.md";
    let diags = c
        .diagnostics_where(clam, |p| !p["diagnostics"].as_array().unwrap().is_empty())["diagnostics"]
        .as_array()
        .unwrap()
        .clone();
    let mut want: Vec<String> = expected
        .iter()
        .filter(|d| d.file == clam)
        .map(|d| d.code.to_string())
        .collect();
    let mut got = codes(&diags);
    want.sort();
    got.sort();
    assert_eq!(got, want);
    assert!(got.contains(&"missing-field".to_string()), "{got:?}");

    // A muscle page gets another slug in an unsaved buffer: the exercises that name it
    // (not open) report it at once, and are cleared when the slug comes back.
    let hams = "content/muscles/hamstrings.md";
    let text = std::fs::read_to_string(site.root().join(hams)).unwrap();
    c.open(hams, 1);
    let renamed = text.replacen("title:", "slug: hamstring-group\ntitle:", 1);
    c.change(hams, 2, &renamed);
    let d = c.diagnostics_where(BRIDGE, |p| {
        p["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["code"] == "unknown-ref")
    });
    assert!(
        d["version"].is_null(),
        "a file that is not open has no version: {d}"
    );
    assert!(
        d["diagnostics"][0]["message"]
            .as_str()
            .unwrap()
            .contains("unknown muscle 'hamstrings'")
    );
    c.change(hams, 3, &text);
    let d = c.diagnostics_where(BRIDGE, |p| p["diagnostics"].as_array().unwrap().is_empty());
    assert!(d["version"].is_null());
    c.shutdown();
}

#[test]
fn stale_analyses_are_never_published_over_newer_text() {
    let site = TestSite::minimal();
    let caps = json!({});
    let (mut c, _) = Client::start_with(site.root(), caps, json!({ "debounceMs": 5 }));
    let text = std::fs::read_to_string(site.root().join(BRIDGE)).unwrap();
    c.open(BRIDGE, 1);
    // Twenty edits as fast as they can be sent; odd versions have a typo.
    let mut last = String::new();
    for v in 2..=21 {
        last = if v % 2 == 1 {
            text.replace("[hamstrings]", "[hamstringz]")
        } else {
            text.replace("Ribs down", &format!("Ribs down {v}"))
        };
        c.change(BRIDGE, v, &last);
    }
    let mut versions = Vec::new();
    let final_diags = loop {
        let p = c.diagnostics_where(BRIDGE, |_| true);
        let v = p["version"].as_i64().unwrap();
        versions.push(v);
        if v == 21 {
            break p["diagnostics"].as_array().unwrap().clone();
        }
    };
    assert!(
        versions.windows(2).all(|w| w[0] < w[1]),
        "published versions go back: {versions:?}"
    );
    // Version 21 has the typo; nothing older than the last edit was published after it.
    assert_eq!(codes(&final_diags), ["unknown-ref"]);
    assert!(last.contains("hamstringz"));
    c.shutdown();
}

fn items(result: &Value) -> Vec<Value> {
    result["items"].as_array().cloned().unwrap_or_default()
}

fn labels(result: &Value) -> Vec<String> {
    items(result)
        .iter()
        .map(|i| i["label"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn completion_of_keys_words_slugs_links_anchors_and_routine_steps() {
    let site = TestSite::minimal().file(
        "content/routines/quick.md",
        "---\ntitle: Quick\nsteps:\n  - exercise: glute-bridge\n    sets: 2\n---\n",
    );
    let mut c = Client::start(site.root());
    let text = std::fs::read_to_string(site.root().join(BRIDGE)).unwrap();
    let edited = text
        .replace("level: beginner\n", "level: beginner\ntem\n")
        .replace("category: activation", "category: st")
        .replace(
            "secondary_muscles: [hamstrings]",
            "secondary_muscles: [glute max]",
        )
        .replace(
            "2. Lift the hips.",
            "2. Lift the hips, see @/exer and @/exercises/hip-thrust.md#",
        );
    let uri = c.open_text(BRIDGE, 1, &edited);
    c.diagnostics_at(BRIDGE, 1);
    let complete = |c: &mut Client, at: Value| {
        c.request(
            "textDocument/completion",
            json!({ "textDocument": { "uri": uri }, "position": at }),
        )
    };

    // A key, with its description, inserted with its colon.
    let r = complete(&mut c, pos(&edited, "tem\n", 3));
    assert_eq!(labels(&r), ["tempo"], "keys already written are left out");
    let item = &items(&r)[0];
    assert!(
        item["documentation"]["value"]
            .as_str()
            .unwrap()
            .contains("speed of each rep"),
        "{item}"
    );
    assert_eq!(item["textEdit"]["newText"], "tempo: ");
    // Inside a key already written, that key is offered (to replace it).
    let r = complete(&mut c, pos(&edited, "level: beginner", 3));
    assert_eq!(labels(&r), ["level"]);
    assert_eq!(items(&r)[0]["textEdit"]["newText"], "level");

    // Allowed words.
    let r = complete(&mut c, pos(&edited, "category: st", 12));
    assert_eq!(labels(&r), ["strength", "stability", "stretch"]);

    // Muscle slugs by their title's words: `glute max` finds gluteus-maximus.
    let r = complete(&mut c, pos(&edited, "glute max]", 9));
    assert_eq!(labels(&r), ["gluteus-maximus"]);
    let item = &items(&r)[0];
    assert_eq!(item["detail"], "Gluteus Maximus");
    assert_eq!(item["textEdit"]["newText"], "gluteus-maximus");
    assert_eq!(
        item["textEdit"]["range"]["start"],
        pos(&edited, "glute max]", 0)
    );

    // `@/` paths of pages, and the anchors of a page.
    let r = complete(&mut c, pos(&edited, "@/exer and", 6));
    let got = labels(&r);
    assert!(
        got.contains(&"@/exercises/hip-thrust.md".to_string()),
        "{got:?}"
    );
    assert!(got.iter().all(|l| l.starts_with("@/exercises/")), "{got:?}");
    let r = complete(&mut c, pos(&edited, "hip-thrust.md#", 14));
    assert!(labels(&r).contains(&"how-to-do-it".to_string()), "{r}");

    // Routine steps: exercise slugs after `exercise:`, dose keys in a step.
    let routine = "content/routines/quick.md";
    let rtext = "---\ntitle: Quick\nsteps:\n  - exercise: hip\n    se\n---\n";
    let ruri = c.open_text(routine, 1, rtext);
    let r = c.request(
        "textDocument/completion",
        json!({ "textDocument": { "uri": ruri }, "position": pos(rtext, "hip\n", 3) }),
    );
    assert_eq!(labels(&r), ["hip-thrust"]);
    let r = c.request(
        "textDocument/completion",
        json!({ "textDocument": { "uri": ruri }, "position": pos(rtext, "se\n", 2) }),
    );
    assert!(labels(&r).contains(&"sets".to_string()), "{r}");

    // In a page bundle: its files after `src:`, and a media entry's roles.
    let bundle = "content/exercises/clam/index.md";
    site.write("content/exercises/clam/start.jpg", b"not decoded here");
    site.write("content/exercises/clam/end.jpg", b"not decoded here");
    let btext = "---\ntitle: Clam\nmedia:\n  - src: st\n    role: e\n---\n";
    let buri = c.open_text(bundle, 1, btext);
    let r = c.request(
        "textDocument/completion",
        json!({ "textDocument": { "uri": buri }, "position": pos(btext, "st\n", 2) }),
    );
    assert_eq!(labels(&r), ["start.jpg"]);
    let r = c.request(
        "textDocument/completion",
        json!({ "textDocument": { "uri": buri }, "position": pos(btext, "e\n---", 1) }),
    );
    assert_eq!(labels(&r), ["end"]);
    c.shutdown();
}

#[test]
fn hover_definition_references_and_symbols() {
    let site = TestSite::minimal().file(
        "content/routines/quick.md",
        "---\ntitle: Quick\nsteps:\n  - exercise: banded-glute-bridge\n---\n",
    );
    let mut c = Client::start(site.root());
    let text = std::fs::read_to_string(site.root().join(BRIDGE)).unwrap();
    let uri = c.open(BRIDGE, 1);
    c.diagnostics_at(BRIDGE, 1);
    let at = |needle: &str, nth: usize| json!({ "textDocument": { "uri": uri }, "position": pos(&text, needle, nth) });

    // Hover: a slug's page, a key's description.
    let h = c.request("textDocument/hover", at("hamstrings]", 2));
    let v = h["contents"]["value"].as_str().unwrap();
    assert!(
        v.contains("**Hamstrings**") && v.contains("The muscles at the back of the thigh."),
        "{v}"
    );
    let h = c.request("textDocument/hover", at("banded-glute-bridge]", 2));
    let v = h["contents"]["value"].as_str().unwrap();
    assert!(
        v.contains("**Banded Glute Bridge**") && v.contains("Dose: "),
        "{v}"
    );
    let h = c.request("textDocument/hover", at("level:", 1));
    assert!(
        h["contents"]["value"]
            .as_str()
            .unwrap()
            .contains("How demanding"),
        "{h}"
    );

    // Definition: slug → its file.
    let d = c.request("textDocument/definition", at("banded-glute-bridge]", 3));
    assert_eq!(d["uri"], c.uri("content/exercises/banded-glute-bridge.md"));

    // An anchor → its heading.
    let banded = "content/exercises/banded-glute-bridge.md";
    let btext = std::fs::read_to_string(site.root().join(banded)).unwrap();
    let buri = c.open(banded, 1);
    let d = c.request(
        "textDocument/definition",
        json!({ "textDocument": { "uri": buri }, "position": pos(&btext, "how-to-do-it)", 2) }),
    );
    assert_eq!(d["uri"], c.uri(BRIDGE));
    assert_eq!(
        d["range"]["start"]["line"],
        pos(&text, "## How to do it", 0)["line"]
    );
    let h = c.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": buri }, "position": pos(&btext, "@/exercises/glute-bridge.md", 4) }),
    );
    assert!(
        h["contents"]["value"]
            .as_str()
            .unwrap()
            .contains("**Glute Bridge**"),
        "{h}"
    );

    // References: who lists it as harder, which path and routine use it.
    let refs = c.request(
        "textDocument/references",
        json!({ "textDocument": { "uri": uri }, "position": pos(&text, "banded-glute-bridge]", 1), "context": { "includeDeclaration": false } }),
    );
    let mut files: Vec<String> = refs
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            l["uri"]
                .as_str()
                .unwrap()
                .rsplit("/content/")
                .next()
                .unwrap()
                .to_string()
        })
        .collect();
    files.sort();
    files.dedup();
    assert_eq!(
        files,
        [
            "exercises/glute-bridge.md",
            "exercises/hip-thrust.md",
            "paths/bridge-ladder.md",
            "routines/quick.md"
        ]
    );
    // Links count too: glute-bridge is linked from banded-glute-bridge's body.
    let refs = c.request(
        "textDocument/references",
        json!({ "textDocument": { "uri": uri }, "position": pos(&text, "title:", 0), "context": { "includeDeclaration": false } }),
    );
    let link = refs
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["uri"] == c.uri(banded))
        .unwrap_or_else(|| panic!("{refs}"));
    assert_eq!(
        link["range"]["start"],
        pos(&btext, "@/exercises/glute-bridge.md", 0)
    );

    // Symbols: the page's headings; every page by title.
    let s = c.request(
        "textDocument/documentSymbol",
        json!({ "textDocument": { "uri": uri } }),
    );
    let names: Vec<&str> = s
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["How to do it", "Why it helps your low back"]);
    let s = c.request("workspace/symbol", json!({ "query": "glute max" }));
    assert_eq!(s[0]["name"], "Gluteus Maximus");
    assert_eq!(
        s[0]["location"]["uri"],
        c.uri("content/muscles/gluteus-maximus.md")
    );
    c.shutdown();
}

#[test]
fn code_actions_add_a_missing_fix_and_write_a_progression_edge_on_both_pages() {
    let site = TestSite::minimal();
    let mut c = Client::start(site.root());
    let text = std::fs::read_to_string(site.root().join(BRIDGE)).unwrap();
    let no_fix = text.replace(
        "    fix: Bring the heels closer to the hips and drive through them.\n",
        "",
    );
    let uri = c.open_text(BRIDGE, 1, &no_fix);
    let diags = c.diagnostics_at(BRIDGE, 1);
    let d = diags
        .iter()
        .find(|d| d["code"] == "missing-field")
        .unwrap()
        .clone();
    let actions = c.request(
        "textDocument/codeAction",
        json!({ "textDocument": { "uri": uri }, "range": d["range"], "context": { "diagnostics": [d] } }),
    );
    let add = actions
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["title"] == "Add 'fix:' to this common error")
        .unwrap_or_else(|| panic!("{actions}"));
    let with_fix = apply(
        &no_fix,
        add["edit"]["documentChanges"][0]["edits"]
            .as_array()
            .unwrap(),
    );
    assert!(
        with_fix.contains("  - error: Hamstrings cramp\n    fix: \n  - error:"),
        "{with_fix}"
    );

    // glute-bridge lists banded-glute-bridge as harder; banded-glute-bridge does not say
    // glute-bridge is easier: the action writes it there.
    let actions = c.request(
        "textDocument/codeAction",
        json!({ "textDocument": { "uri": uri }, "range": { "start": pos(&no_fix, "banded-glute-bridge]", 2), "end": pos(&no_fix, "banded-glute-bridge]", 2) }, "context": { "diagnostics": [] } }),
    );
    let edge = actions
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["kind"] == "refactor.rewrite")
        .unwrap_or_else(|| panic!("{actions}"));
    assert_eq!(
        edge["title"],
        "Also list 'glute-bridge' as easier in content/exercises/banded-glute-bridge.md"
    );
    apply_on_disk(&edge["edit"]);
    let banded =
        std::fs::read_to_string(site.root().join("content/exercises/banded-glute-bridge.md"))
            .unwrap();
    assert!(
        banded.contains("\nprogression:\n  easier: [glute-bridge]\n---\n"),
        "{banded}"
    );
    check_passes(&site);
    c.shutdown();
}

#[test]
fn renaming_a_slug_moves_the_file_and_every_reference() {
    let site = TestSite::minimal()
        .file(
            "content/routines/quick.md",
            "---\ntitle: Quick\nsteps:\n  - exercise: \"banded-glute-bridge\"\n---\nStart with [the banded bridge](@/exercises/banded-glute-bridge.md#how-to-do-it).\n",
        )
        .file(
            "content/notes.md",
            "---\ntitle: Notes\n---\nSee @/exercises/banded-glute-bridge.md and [it](@/exercises/banded-glute-bridge.md).\n",
        );
    let mut c = Client::start(site.root());
    let text = std::fs::read_to_string(site.root().join(BRIDGE)).unwrap();
    let uri = c.open(BRIDGE, 1);
    c.diagnostics_at(BRIDGE, 1);
    let at = pos(&text, "banded-glute-bridge]", 4);
    let prep = c.request(
        "textDocument/prepareRename",
        json!({ "textDocument": { "uri": uri }, "position": at }),
    );
    assert_eq!(prep["placeholder"], "banded-glute-bridge");
    // Not a slug: a clear refusal.
    let refused = c.call(
        "textDocument/prepareRename",
        json!({ "textDocument": { "uri": uri }, "position": pos(&text, "Ribs down", 1) }),
    );
    assert!(error_message(&refused).contains("put the cursor on a slug"));
    let bad = c.call(
        "textDocument/rename",
        json!({ "textDocument": { "uri": uri }, "position": at, "newName": "Band Bridge" }),
    );
    assert!(error_message(&bad).contains("cannot be a slug"));
    let taken = c.call(
        "textDocument/rename",
        json!({ "textDocument": { "uri": uri }, "position": at, "newName": "hip-thrust" }),
    );
    assert!(error_message(&taken).contains("already has the slug"));

    let edit = c.request(
        "textDocument/rename",
        json!({ "textDocument": { "uri": uri }, "position": at, "newName": "band-bridge" }),
    );
    apply_on_disk(&edit);
    let read = |rel: &str| std::fs::read_to_string(site.root().join(rel)).unwrap();
    assert!(
        !site
            .root()
            .join("content/exercises/banded-glute-bridge.md")
            .exists()
    );
    assert!(read("content/exercises/band-bridge.md").contains("title: Banded Glute Bridge"));
    assert!(read(BRIDGE).contains("harder: [band-bridge]"));
    assert!(read("content/paths/bridge-ladder.md").contains("band-bridge"));
    let routine = read("content/routines/quick.md");
    assert!(routine.contains("- exercise: \"band-bridge\""), "{routine}");
    assert!(
        routine.contains("(@/exercises/band-bridge.md#how-to-do-it)"),
        "{routine}"
    );
    assert_eq!(
        read("content/notes.md")
            .matches("@/exercises/band-bridge.md")
            .count(),
        2
    );
    check_passes(&site);
    c.shutdown();
}

#[test]
fn an_editor_that_cannot_rename_files_gets_the_new_slug_written_into_the_page() {
    let site = TestSite::minimal();
    // Neovim's client: plain `changes`, no file operations.
    let (mut c, _) = Client::start_with(site.root(), json!({}), json!({ "debounceMs": 0 }));
    let text = std::fs::read_to_string(site.root().join(BRIDGE)).unwrap();
    let uri = c.open(BRIDGE, 1);
    c.diagnostics_at(BRIDGE, 1);
    let edit = c.request(
        "textDocument/rename",
        json!({ "textDocument": { "uri": uri }, "position": pos(&text, "banded-glute-bridge]", 4), "newName": "band-bridge" }),
    );
    assert!(edit.get("documentChanges").is_none(), "{edit}");
    let changes = edit["changes"].as_object().unwrap();
    for (uri, edits) in changes {
        let path = uri_path(uri);
        let before = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, apply(&before, edits.as_array().unwrap())).unwrap();
    }
    let banded =
        std::fs::read_to_string(site.root().join("content/exercises/banded-glute-bridge.md"))
            .unwrap();
    assert!(
        banded.starts_with("---\nslug: band-bridge\ntitle: Banded Glute Bridge\n"),
        "{banded}"
    );
    assert!(
        std::fs::read_to_string(site.root().join(BRIDGE))
            .unwrap()
            .contains("harder: [band-bridge]")
    );
    check_passes(&site);
    c.shutdown();
}

#[test]
fn renaming_a_bundle_moves_its_folder_and_a_translation_moves_with_its_page() {
    let site = TestSite::fixture("bilingual");
    let root = site.root().to_path_buf();
    let read = |rel: &str| std::fs::read_to_string(root.join(rel)).unwrap();
    // hip-thrust becomes a page bundle.
    let hip = read("content/exercises/hip-thrust.md");
    let site = site
        .remove("content/exercises/hip-thrust.md")
        .file("content/exercises/hip-thrust/index.md", &hip);
    let ladder = "content/paths/bridge-ladder.md";
    let mut c = Client::start(&root);
    let text = read(ladder);
    let uri = c.open(ladder, 1);
    assert_eq!(c.diagnostics_at(ladder, 1), Vec::<Value>::new());
    let edit = c.request(
        "textDocument/rename",
        json!({ "textDocument": { "uri": uri }, "position": pos(&text, "hip-thrust", 1), "newName": "barbell-hip-thrust" }),
    );
    apply_on_disk(&edit);
    assert!(
        root.join("content/exercises/barbell-hip-thrust/index.md")
            .is_file()
    );
    assert!(!root.join("content/exercises/hip-thrust").exists());
    let text = read(ladder);
    assert!(text.contains("barbell-hip-thrust"), "{text}");
    // The editor applies the edit to its buffer too.
    c.change(ladder, 2, &text);
    assert_eq!(c.diagnostics_at(ladder, 2), Vec::<Value>::new());

    // glute-bridge has a Swedish translation beside it: it is renamed with the page.
    let edit = c.request(
        "textDocument/rename",
        json!({ "textDocument": { "uri": uri }, "position": pos(&text, "glute-bridge", 1), "newName": "floor-bridge" }),
    );
    apply_on_disk(&edit);
    assert!(root.join("content/exercises/floor-bridge.md").is_file());
    assert!(root.join("content/exercises/floor-bridge.sv.md").is_file());
    assert!(!root.join("content/exercises/glute-bridge.sv.md").exists());
    check_passes(&site);
    c.shutdown();
}

#[test]
fn positions_count_utf16_units_unless_the_client_offers_utf32() {
    let site = TestSite::minimal();
    let text = std::fs::read_to_string(site.root().join(BRIDGE)).unwrap();
    let odd = text.replace(
        "target_muscles: [gluteus-maximus]",
        "target_muscles: [\"💪\", gluteus-maximu]",
    );
    site.write(BRIDGE, odd.as_bytes());
    let mut c = Client::start(site.root());
    c.open(BRIDGE, 1);
    let diags = c.diagnostics_at(BRIDGE, 1);
    let d = diags
        .iter()
        .find(|d| d["message"].as_str().unwrap().contains("gluteus-maximu'"))
        .unwrap();
    // The emoji is two UTF-16 units.
    assert_eq!(d["range"]["start"], pos(&odd, "gluteus-maximu]", 0));
    assert_eq!(d["range"]["start"]["character"], 23);
    c.shutdown();

    let caps = json!({ "general": { "positionEncodings": ["utf-32", "utf-16"] } });
    let (mut c, init) = Client::start_with(site.root(), caps, json!({ "debounceMs": 0 }));
    assert_eq!(init["capabilities"]["positionEncoding"], "utf-32");
    c.open(BRIDGE, 1);
    let diags = c.diagnostics_at(BRIDGE, 1);
    let d = diags
        .iter()
        .find(|d| d["message"].as_str().unwrap().contains("gluteus-maximu'"))
        .unwrap();
    assert_eq!(d["range"]["start"]["character"], 22);
    c.shutdown();
}

#[test]
fn every_request_at_every_position_of_odd_pages_is_answered() {
    let site = TestSite::minimal();
    let mut c = Client::start(site.root());
    let odd = [
        // Unclosed front matter, tabs, a flow list cut short, a stray dash.
        "---\ntitle: Half\n\ttarget_muscles: [glute\n- \nprogression:\n  harder: [a,, ]\n",
        // Non-ASCII everywhere, an empty key, quotes left open.
        "---\ntitle: \"Höftlyft 💪\nsummary: 'x\n: y\ncues: [\"ä\", ö]\n---\n# Rubrik\n[a](@/exercises/#) @/ @/x.md#\n",
        "",
        "---",
        "---\n---\n@/exercises/glute-bridge.md#how-to-do-it",
    ];
    for (n, text) in odd.iter().enumerate() {
        let rel = format!("content/exercises/odd-{n}.md");
        let uri = c.open_text(&rel, 1, text);
        for (line, l) in text.split('\n').enumerate() {
            let units: usize = l.chars().map(char::len_utf16).sum();
            for character in 0..=units + 1 {
                let at = json!({ "textDocument": { "uri": uri }, "position": { "line": line, "character": character } });
                for method in [
                    "textDocument/completion",
                    "textDocument/hover",
                    "textDocument/definition",
                ] {
                    let r = c.call(method, at.clone());
                    assert!(
                        r.get("error").is_none(),
                        "{method} at {line}:{character} of {text:?}: {r}"
                    );
                }
                let mut refs = at.clone();
                refs["context"] = json!({ "includeDeclaration": true });
                let r = c.call("textDocument/references", refs);
                assert!(r.get("error").is_none(), "{r}");
                let mut action = at.clone();
                let p = at["position"].clone();
                action["range"] = json!({ "start": p, "end": p });
                action["context"] = json!({ "diagnostics": [] });
                let r = c.call("textDocument/codeAction", action);
                assert!(r.get("error").is_none(), "{r}");
                // A refusal is an answer (an error with a message), not a crash.
                let r = c.call("textDocument/prepareRename", at);
                assert!(
                    r.get("result").is_some() || r["error"]["message"].is_string(),
                    "{r}"
                );
            }
        }
        let r = c.call(
            "textDocument/documentSymbol",
            json!({ "textDocument": { "uri": uri } }),
        );
        assert!(r.get("error").is_none(), "{r}");
    }
    c.shutdown();
}

#[test]
fn a_folder_without_a_site_is_refused_at_initialize() {
    let dir = tempfile::tempdir().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_movebook"))
        .arg("lsp")
        .current_dir(dir.path())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let body = json!({ "jsonrpc": "2.0", "id": 1, "method": "initialize", "params": { "processId": null, "rootUri": file_uri(dir.path()), "capabilities": {} } }).to_string();
    let mut stdin = child.stdin.take().unwrap();
    write!(stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
    drop(stdin);
    let out = child.wait_with_output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("no site.toml found"), "{stdout}");
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("no site.toml found"), "{stderr}");
}
