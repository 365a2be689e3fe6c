//! A running `movebook serve` (the real binary, on a free port) and a client for it.
//!
//! Nothing here sleeps to let things settle: waits block on the server's event stream (one
//! event per finished rebuild) or its output, each bounded by [`TIMEOUT`], which is far
//! longer than any rebuild of a test site takes even on a loaded machine.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

use serde_json::Value;

/// The bound of every wait.
pub(super) const TIMEOUT: Duration = Duration::from_mins(1);

/// A `movebook serve` child process, killed on drop.
pub(super) struct Server {
    child: Child,
    /// `127.0.0.1:PORT`.
    pub addr: String,
    /// `http://127.0.0.1:PORT/`.
    pub url: String,
    output: Arc<Output>,
    agent: ureq::Agent,
}

/// What the server printed (stdout, stderr, how many of the two have ended), with a
/// condition variable signalled on every line and at the end of each stream.
#[derive(Default)]
struct Output {
    text: Mutex<(String, String, u8)>,
    changed: Condvar,
}

fn collect(
    stream: impl Read + Send + 'static,
    output: Arc<Output>,
    stderr: bool,
    lines: Option<std::sync::mpsc::Sender<String>>,
) {
    std::thread::spawn(move || {
        for line in BufReader::new(stream).lines() {
            let Ok(line) = line else { break };
            if let Ok(mut t) = output.text.lock() {
                let s = if stderr { &mut t.1 } else { &mut t.0 };
                s.push_str(&line);
                s.push('\n');
            }
            output.changed.notify_all();
            if let Some(tx) = &lines {
                let _ = tx.send(line);
            }
        }
        if let Ok(mut t) = output.text.lock() {
            t.2 += 1;
        }
        output.changed.notify_all();
    });
}

/// An HTTP response.
#[derive(Debug)]
pub(super) struct Resp {
    /// Status code.
    pub status: u16,
    /// Headers, lower-case names.
    pub headers: BTreeMap<String, String>,
    /// The body.
    pub body: Vec<u8>,
}

impl Resp {
    /// The body as text.
    pub(super) fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// A header.
    pub(super) fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).map(String::as_str)
    }
}

impl Server {
    /// Starts `movebook serve --root <root> --port 0 <args>` and waits until it serves (it
    /// says where on stdout: `Serving <root> at <url>`, or the bare URL with `--quiet`).
    pub(super) fn start(root: &Path, args: &[&str]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_movebook"))
            .arg("serve")
            .arg("--root")
            .arg(root)
            .args(["--port", "0"])
            .args(args)
            .env("NO_COLOR", "1")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start movebook serve");
        let output = Arc::new(Output::default());
        let (tx, rx) = channel();
        collect(
            child.stdout.take().expect("stdout"),
            output.clone(),
            false,
            Some(tx),
        );
        collect(
            child.stderr.take().expect("stderr"),
            output.clone(),
            true,
            None,
        );
        let deadline = Instant::now() + TIMEOUT;
        let url = loop {
            let left = deadline.saturating_duration_since(Instant::now());
            if let Ok(line) = rx.recv_timeout(left) {
                if let Some(at) = line
                    .strip_prefix("Serving ")
                    .and_then(|l| l.rsplit_once(" at "))
                {
                    break at.1.to_string();
                }
                if line.starts_with("http://") {
                    break line;
                }
            } else {
                let _ = child.kill();
                let _ = child.wait();
                let (out, err, _) = output.text.lock().map(|t| t.clone()).unwrap_or_default();
                panic!("serve did not start:\nstdout:\n{out}\nstderr:\n{err}");
            }
        };
        let addr = url
            .trim_start_matches("http://")
            .trim_end_matches('/')
            .to_string();
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(0)
            .timeout_global(Some(TIMEOUT))
            .build()
            .into();
        Server {
            child,
            addr,
            url,
            output,
            agent,
        }
    }

    /// What the server printed on stdout so far.
    pub(super) fn stdout(&self) -> String {
        self.output
            .text
            .lock()
            .map(|t| t.0.clone())
            .unwrap_or_default()
    }

    /// What the server printed on stderr so far.
    pub(super) fn stderr(&self) -> String {
        self.output
            .text
            .lock()
            .map(|t| t.1.clone())
            .unwrap_or_default()
    }

    /// Waits until `check(stdout, stderr)` holds, re-checking after each line the server
    /// prints; panics with `what` after [`TIMEOUT`].
    pub(super) fn wait_output(&self, what: &str, check: impl Fn(&str, &str) -> bool) {
        let deadline = Instant::now() + TIMEOUT;
        let mut text = self.output.text.lock().expect("output");
        while !check(&text.0, &text.1) {
            let left = deadline.saturating_duration_since(Instant::now());
            assert!(
                !left.is_zero(),
                "timed out waiting for {what}\nstdout:\n{}\nstderr:\n{}",
                text.0,
                text.1
            );
            text = self
                .output
                .changed
                .wait_timeout(text, left)
                .expect("output")
                .0;
        }
    }

    /// Stops the server as Ctrl+C does (SIGINT) and waits until it has exited and both of
    /// its streams ended; returns its exit code (-1 when killed by a signal), stdout and
    /// stderr.
    #[cfg(unix)]
    pub(super) fn interrupt(&mut self) -> (i32, String, String) {
        let sent = Command::new("kill")
            .args(["-INT", &self.child.id().to_string()])
            .status()
            .expect("run kill");
        assert!(sent.success(), "kill -INT failed");
        let deadline = Instant::now() + TIMEOUT;
        let status = loop {
            if let Some(status) = self.child.try_wait().expect("wait for serve") {
                break status;
            }
            assert!(Instant::now() < deadline, "serve did not stop on SIGINT");
            std::thread::sleep(Duration::from_millis(10));
        };
        let mut text = self.output.text.lock().expect("output");
        while text.2 < 2 {
            let left = deadline.saturating_duration_since(Instant::now());
            assert!(!left.is_zero(), "the output of serve did not end");
            text = self
                .output
                .changed
                .wait_timeout(text, left)
                .expect("output")
                .0;
        }
        (status.code().unwrap_or(-1), text.0.clone(), text.1.clone())
    }

    /// A request with extra headers.
    pub(super) fn request(&self, method: &str, path: &str, headers: &[(&str, &str)]) -> Resp {
        let url = format!("http://{}{path}", self.addr);
        let mut req = ureq::http::Request::builder().method(method).uri(&url);
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        let req = req.body(()).expect("request");
        let mut res = self
            .agent
            .run(req)
            .unwrap_or_else(|e| panic!("{method} {path}: {e}"));
        let headers = res
            .headers()
            .iter()
            .map(|(k, v)| (k.as_str().to_string(), v.to_str().unwrap_or("").to_string()))
            .collect();
        let body = res
            .body_mut()
            .with_config()
            .limit(1 << 30)
            .read_to_vec()
            .unwrap_or_default();
        Resp {
            status: res.status().as_u16(),
            headers,
            body,
        }
    }

    /// GET.
    pub(super) fn get(&self, path: &str) -> Resp {
        self.request("GET", path, &[])
    }

    /// GET the bytes exactly as `build` writes them (no live-reload script).
    pub(super) fn raw(&self, path: &str) -> Resp {
        self.request("GET", path, &[("x-movebook-raw", "1")])
    }

    /// `/__movebook/status`.
    pub(super) fn status(&self) -> Value {
        serde_json::from_slice(&self.get("/__movebook/status").body).expect("status json")
    }

    /// `/__movebook/files`: output path → hash.
    pub(super) fn manifest(&self) -> BTreeMap<String, String> {
        let v: Value =
            serde_json::from_slice(&self.get("/__movebook/files").body).expect("files json");
        v["files"]
            .as_object()
            .expect("files")
            .iter()
            .map(|(k, v)| (k.clone(), v.as_str().unwrap_or("").to_string()))
            .collect()
    }

    /// Subscribes to the event stream as a page of the current build would.
    pub(super) fn events(&self) -> Events {
        let s = self.status();
        let server = s["server"].as_str().expect("server id").to_string();
        let build = s["build"].as_u64().expect("build");
        self.events_from(&server, build)
    }

    /// Subscribes to the event stream as a page of `build` of server run `server`.
    pub(super) fn events_from(&self, server: &str, build: u64) -> Events {
        let url = format!(
            "http://{}/__movebook/events?server={server}&build={build}",
            self.addr
        );
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .build()
            .into();
        let res = agent.get(&url).call().expect("events");
        assert_eq!(res.status().as_u16(), 200);
        assert_eq!(
            res.headers()
                .get("content-type")
                .and_then(|v| v.to_str().ok()),
            Some("text/event-stream")
        );
        let (tx, rx) = channel();
        let reader = res.into_body().into_reader();
        std::thread::spawn(move || {
            let mut name = String::new();
            let mut data = String::new();
            for line in BufReader::new(reader).lines() {
                let Ok(line) = line else { break };
                if let Some(v) = line.strip_prefix("event: ") {
                    name = v.to_string();
                } else if let Some(v) = line.strip_prefix("data: ") {
                    data.push_str(v);
                } else if line.is_empty() && !name.is_empty() {
                    let value = serde_json::from_str(&data).unwrap_or(Value::Null);
                    if tx
                        .send(Ev {
                            name: std::mem::take(&mut name),
                            data: value,
                        })
                        .is_err()
                    {
                        break;
                    }
                    data.clear();
                }
            }
        });
        Events { rx }
    }

    /// Waits until `check` holds, re-checking after every event of `events` (every rebuild
    /// sends one); panics with `what` after [`TIMEOUT`].
    pub(super) fn eventually(&self, events: &Events, what: &str, mut check: impl FnMut() -> bool) {
        let deadline = Instant::now() + TIMEOUT;
        while !check() {
            let left = deadline.saturating_duration_since(Instant::now());
            if let Err(e) = events.next_within(left) {
                panic!(
                    "timed out waiting for {what} ({e:?})\nstdout:\n{}\nstderr:\n{}",
                    self.stdout(),
                    self.stderr()
                );
            }
        }
    }

    /// The status line of a request sent byte for byte as written (for paths that HTTP
    /// clients would normalise). Returns the status code and the whole response.
    pub(super) fn raw_request(&self, target: &str) -> (u16, String) {
        self.raw_request_for(target, &self.addr.clone())
    }

    /// [`Server::raw_request`] with the `Host` header given.
    pub(super) fn raw_request_for(&self, target: &str, host: &str) -> (u16, String) {
        let mut s = TcpStream::connect(&self.addr).expect("connect");
        s.set_read_timeout(Some(TIMEOUT)).expect("timeout");
        write!(
            s,
            "GET {target} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
        )
        .expect("send");
        let mut out = Vec::new();
        let _ = s.read_to_end(&mut out);
        let text = String::from_utf8_lossy(&out).into_owned();
        let code = text
            .split_whitespace()
            .nth(1)
            .and_then(|c| c.parse().ok())
            .unwrap_or(0);
        (code, text)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One server-sent event.
#[derive(Debug, Clone)]
pub(super) struct Ev {
    /// The event's name (`hello`, `reload`, `css`, `errors`, `ok`, `unchanged`).
    pub name: String,
    /// Its data.
    pub data: Value,
}

impl Ev {
    /// The URLs the event says changed (`None`: everything may have).
    pub(super) fn changed(&self) -> Option<Vec<String>> {
        self.data["changed"].as_array().map(|a| {
            a.iter()
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect()
        })
    }
}

/// A subscription to `/__movebook/events`.
pub(super) struct Events {
    rx: Receiver<Ev>,
}

impl Events {
    /// The next event, waiting at most `d`.
    pub(super) fn next_within(&self, d: Duration) -> Result<Ev, RecvTimeoutError> {
        self.rx.recv_timeout(d)
    }

    /// The next event (bounded by [`TIMEOUT`]).
    pub(super) fn next(&self) -> Ev {
        self.rx
            .recv_timeout(TIMEOUT)
            .unwrap_or_else(|e| panic!("no event within {TIMEOUT:?}: {e:?}"))
    }

    /// Skips events until one named `name` arrives (bounded by [`TIMEOUT`]).
    pub(super) fn until(&self, name: &str) -> Ev {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.rx.recv_timeout(left) {
                Ok(ev) if ev.name == name => return ev,
                Ok(_) => {}
                Err(e) => panic!("no '{name}' event within {TIMEOUT:?}: {e:?}"),
            }
        }
    }
}
