//! What `serve` prints as the command line decides (`--color`, `TERM=dumb`, `--quiet`,
//! `--verbose`, the same for every command), and its exit codes.

use super::client::Server;
use super::{FILE, edit};
use crate::harness::{TestSite, code, stderr, stdout};

/// The minimal site with an unknown muscle: its first build fails.
fn broken() -> TestSite {
    let site = TestSite::minimal();
    edit(&site, FILE, |t| {
        t.replace(
            "secondary_muscles: [hamstrings]",
            "secondary_muscles: [hamstring]",
        )
    });
    site
}

const ESC: &str = "\u{1b}[";

#[test]
fn color_always_colours_the_diagnostics_of_serve() {
    let site = broken();
    // The harness sets NO_COLOR and pipes stderr: only the flag can turn colour on.
    let server = Server::start(site.root(), &["--color", "always"]);
    server.wait_output("the diagnostics", |_, err| {
        err.contains("1 error in 1 file")
    });
    let err = server.stderr();
    assert!(err.contains(ESC), "{err}");
    assert!(err.contains("unknown muscle 'hamstring'"), "{err}");

    let plain = Server::start(site.root(), &["--color", "never"]);
    plain.wait_output("the diagnostics", |_, err| {
        err.contains("1 error in 1 file")
    });
    assert!(!plain.stderr().contains('\u{1b}'), "{}", plain.stderr());
}

/// Runs `movebook serve <args>` on a pseudo-terminal (through util-linux `script`, which
/// puts stdout and stderr on it), without NO_COLOR and with `TERM=term`, until it serves;
/// returns everything it printed. `None` when `script` cannot be run here.
#[cfg(unix)]
fn on_a_terminal(site: &TestSite, args: &[&str], term: &str) -> String {
    use std::io::Read as _;
    use std::process::{Command, Stdio};

    let line = format!(
        "exec '{}' serve --port 0 --root '{}' {}",
        env!("CARGO_BIN_EXE_movebook"),
        site.root().display(),
        args.join(" ")
    );
    let mut child = match Command::new("script")
        .args(["-q", "-e", "-c", &line, "/dev/null"])
        .env_remove("NO_COLOR")
        .env("TERM", term)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
    {
        Ok(child) => child,
        // Debian's bsdutils (essential, so always installed) provides `script`; a missing one
        // must fail the test, not skip it silently.
        Err(e) => panic!("`script` (util-linux, Debian's bsdutils) cannot be run: {e}"),
    };
    let mut out = child.stdout.take().expect("stdout");
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut text = Vec::new();
        let mut buf = [0u8; 4096];
        loop {
            match out.read(&mut buf) {
                Ok(0) | Err(_) => break,
                Ok(n) => {
                    text.extend_from_slice(&buf[..n]);
                    // The banner comes after the first build's diagnostics.
                    if String::from_utf8_lossy(&text).contains("Watching ") {
                        break;
                    }
                }
            }
        }
        let _ = tx.send(String::from_utf8_lossy(&text).into_owned());
    });
    let text = rx.recv_timeout(super::client::TIMEOUT);
    // The server gets SIGHUP when its terminal goes away.
    let _ = child.kill();
    let _ = child.wait();
    let text = text.expect("serve did not start on a terminal");
    assert!(text.contains("Watching "), "serve did not start:\n{text}");
    text
}

#[cfg(unix)]
#[test]
fn on_a_terminal_color_never_and_term_dumb_turn_colour_off() {
    let site = broken();
    let auto = on_a_terminal(&site, &[], "xterm");
    // The terminal is real: by default, the diagnostics are coloured.
    assert!(auto.contains("unknown muscle 'hamstring'"), "{auto}");
    assert!(auto.contains(ESC), "{auto}");

    let never = on_a_terminal(&site, &["--color", "never"], "xterm");
    assert!(never.contains("unknown muscle 'hamstring'"), "{never}");
    assert!(!never.contains('\u{1b}'), "{never}");

    let dumb = on_a_terminal(&site, &[], "dumb");
    assert!(dumb.contains("unknown muscle 'hamstring'"), "{dumb}");
    assert!(!dumb.contains('\u{1b}'), "{dumb}");

    // --color always wins over TERM=dumb, as for build and check.
    let always = on_a_terminal(&site, &["--color", "always"], "dumb");
    assert!(always.contains(ESC), "{always}");
}

#[cfg(unix)]
#[test]
fn quiet_prints_only_the_address_and_problems() {
    let site = TestSite::minimal();
    let mut server = Server::start(site.root(), &["--quiet"]);
    // No first-build summary and no banner: only where to find the site.
    assert_eq!(server.stdout(), format!("{}\n", server.url));
    let events = server.events();
    events.until("hello");

    edit(&site, FILE, |t| {
        t.replace("Lift the hips.", "Lift the hips slowly.")
    });
    events.until("reload");
    edit(&site, FILE, |t| t.replace("[hamstrings]", "[hamstring]"));
    events.until("errors");
    // Fixed, with one more change: a fix alone would bring back the last good build, and
    // no reload.
    edit(&site, FILE, |t| {
        t.replace("[hamstring]", "[hamstrings]")
            .replace("hips slowly.", "hips very slowly.")
    });
    events.until("reload");

    let (code, out, err) = server.interrupt();
    assert_eq!(code, 0, "Ctrl+C is a clean stop");
    // No rebuild lines, no "Stopped.".
    assert_eq!(out, format!("{}\n", server.url));
    // The problems are still shown, once.
    assert_eq!(
        err.matches("unknown muscle 'hamstring'").count(),
        1,
        "{err}"
    );
    assert!(!err.contains("rebuilt"), "{err}");
}

#[cfg(unix)]
#[test]
fn verbose_lists_the_files_each_rebuild_updated() {
    let site = TestSite::minimal();
    let server = Server::start(site.root(), &["--verbose"]);
    server.wait_output("the site line", |_, err| err.contains("(drafts left out)"));
    let events = server.events();
    events.until("hello");
    edit(&site, FILE, |t| {
        t.replace("Lift the hips.", "Lift the hips slowly.")
    });
    events.until("reload");
    server.wait_output("the updated files", |_, err| {
        err.contains("  updated exercises/glute-bridge/index.html")
    });
}

#[cfg(unix)]
#[test]
fn ctrl_c_exits_0_even_while_the_site_has_errors() {
    let site = broken();
    let mut server = Server::start(site.root(), &[]);
    server.wait_output("the diagnostics", |_, err| {
        err.contains("1 error in 1 file")
    });
    let (code, out, _) = server.interrupt();
    assert_eq!(code, 0);
    assert!(out.ends_with("Stopped.\n"), "{out}");
}

#[test]
fn exit_2_when_serve_cannot_start_whatever_the_display_flags() {
    let site = TestSite::minimal();
    for flags in [
        &[][..],
        &["--quiet"],
        &["--color", "always"],
        &["--verbose"],
    ] {
        let mut args = vec!["serve", "--root", "no-such-folder"];
        args.extend_from_slice(flags);
        let o = site.cli(&args);
        assert_eq!(code(&o), 2, "{flags:?}: {}", stderr(&o));
        assert!(
            stderr(&o).starts_with("error: the site folder no-such-folder cannot be opened"),
            "{flags:?}: {}",
            stderr(&o)
        );
        assert_eq!(stdout(&o), "", "{flags:?}");

        let taken = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        let port = taken.local_addr().expect("addr").port().to_string();
        let mut args = vec!["serve", "--port", &port];
        args.extend_from_slice(flags);
        let o = site.cli(&args);
        assert_eq!(code(&o), 2, "{flags:?}: {}", stderr(&o));
        assert!(
            stderr(&o).contains(&format!("port {port} on 127.0.0.1 is already in use")),
            "{flags:?}: {}",
            stderr(&o)
        );
        assert_eq!(stdout(&o), "", "{flags:?}");
    }
}
