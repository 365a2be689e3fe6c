#!/usr/bin/env python3
"""Edit-to-diagnostics latency of `movebook lsp`: what an author waits for while typing.

For each site (SIZE=PATH), starts `movebook lsp --root SITE` over stdio, once with
initializationOptions {"debounceMs": 0} and once with none (the server's default, 25 ms):
initialize, initialized, waits for the first analysis of the whole site, opens one exercise
(didOpen, version 1) and waits for its diagnostics, then sends EDITS didChange edits with the
full text, one at a time. The edits alternate between misspelling the page's first target
muscle (`hamstrings` -> `hamstring`: an `unknown-ref` diagnostic is expected on the page) and
restoring it (no `unknown-ref`); every fifth edit changes the body only. Each edit's latency
is the time from writing the didChange to the arrival of the publishDiagnostics for that page
whose `version` is the edit's version; between edits the server is let go idle, and its CPU
time (utime + stime from /proc/PID/stat) is read before and after each edit. A burst of
BURST edits written at once follows (only the newest text's analysis may be published when
they arrive within the debounce). Then shutdown + exit, and the server must exit 0. The
server's peak memory (VmHWM) is read just before shutdown.

For comparison, `movebook serve --root SITE --port 0` is started once per site, its first
build awaited, one exercise saved 5 times (each save awaited through the reload event, as
bench/serve_latency.py does), and its VmHWM read.

Prints a Markdown table and appends one row per site and debounce setting to a TSV file.
Deviations from the contract (notes/lsp-contract.md) seen on the way are listed at the end,
and make the script exit 1.

Standard library only. See bench/lsp.sh for the corpora and the build.
"""

import argparse
import datetime
import json
import os
import queue
import re
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse

sys.dont_write_bytecode = True  # no bench/__pycache__ from the import below
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import serve_latency  # noqa: E402  (read_events, get_json, wait_event, cpu_ms)

cpu_ms = serve_latency.cpu_ms


def vm_hwm_kib(pid):
    """Peak resident memory of a process (VmHWM), in KiB."""
    try:
        with open("/proc/%d/status" % pid) as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return None


def uri_of(path):
    return "file://" + urllib.parse.quote(os.path.abspath(path))


def pct(values, p):
    s = sorted(values)
    return s[min(len(s) - 1, int(round(p * (len(s) - 1))))]


class Problems:
    """Deviations from the contract, with the request and response that showed them."""

    def __init__(self):
        self.items = []

    def add(self, what):
        self.items.append(what)
        print("  CONTRACT: " + what, flush=True)


class Lsp:
    """A `movebook lsp` process, with a reader thread on its stdout."""

    def __init__(self, argv, problems):
        self.problems = problems
        self.proc = subprocess.Popen(
            argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        self.pid = self.proc.pid
        self.inbox = queue.Queue()
        self.stderr_tail = []
        self.logs = []  # window/logMessage texts
        self.next_id = 0
        threading.Thread(target=self._read, daemon=True).start()
        threading.Thread(target=self._read_stderr, daemon=True).start()

    def _read(self):
        out = self.proc.stdout
        try:
            while True:
                length = None
                while True:
                    line = out.readline()
                    if not line:
                        self.inbox.put((time.perf_counter(), None))
                        return
                    if line in (b"\r\n", b"\n"):
                        break
                    name, _, value = line.decode("ascii", "replace").partition(":")
                    if name.strip().lower() == "content-length":
                        length = int(value.strip())
                    elif name.strip().lower() != "content-type":
                        self.problems.add("stdout carried a line that is not an LSP header: %r" % line[:200])
                if length is None:
                    self.problems.add("a message on stdout had no Content-Length header")
                    continue
                body = out.read(length)
                t = time.perf_counter()
                msg = json.loads(body)
                if msg.get("method") == "window/logMessage":
                    self.logs.append((t, msg["params"].get("message", "")))
                self.inbox.put((t, msg))
        except Exception as e:  # noqa: BLE001  (the reader must report, not die silently)
            self.problems.add("reading the server's stdout failed: %r" % (e,))
            self.inbox.put((time.perf_counter(), None))

    def _read_stderr(self):
        for line in self.proc.stderr:
            self.stderr_tail.append(line.decode("utf-8", "replace").rstrip("\n"))
            del self.stderr_tail[:-50]

    def frame(self, msg):
        body = json.dumps(msg).encode()
        return b"Content-Length: %d\r\n\r\n" % len(body) + body

    def write(self, data):
        """Writes bytes to the server; returns the time just before writing."""
        t = time.perf_counter()
        self.proc.stdin.write(data)
        self.proc.stdin.flush()
        return t

    def notify(self, method, params):
        return self.write(self.frame({"jsonrpc": "2.0", "method": method, "params": params}))

    def request(self, method, params):
        self.next_id += 1
        self.write(self.frame({"jsonrpc": "2.0", "id": self.next_id, "method": method, "params": params}))
        return self.next_id

    def wait(self, pred, timeout, what):
        """Returns (time, message) of the first message for which pred is true. Requests from
        the server are answered with a null result on the way."""
        deadline = time.perf_counter() + timeout
        while True:
            left = deadline - time.perf_counter()
            if left <= 0:
                raise TimeoutError("no %s within %.0f s" % (what, timeout))
            try:
                t, msg = self.inbox.get(timeout=left)
            except queue.Empty:
                raise TimeoutError("no %s within %.0f s" % (what, timeout)) from None
            if msg is None:
                raise RuntimeError(
                    "the server closed its stdout while waiting for %s (exit %s); stderr:\n%s"
                    % (what, self.proc.poll(), "\n".join(self.stderr_tail))
                )
            if "id" in msg and "method" in msg:
                self.write(self.frame({"jsonrpc": "2.0", "id": msg["id"], "result": None}))
            if pred(msg):
                return t, msg

    def drain(self, quiet=0.3, limit=30.0):
        """Reads messages until none came for `quiet` seconds; returns them."""
        got = []
        end = time.perf_counter() + limit
        while time.perf_counter() < end:
            try:
                got.append(self.inbox.get(timeout=quiet))
            except queue.Empty:
                break
        return got


def is_publish(uri=None, version=None):
    def pred(m):
        if m.get("method") != "textDocument/publishDiagnostics":
            return False
        p = m["params"]
        if uri is not None and p.get("uri") != uri:
            return False
        return version is None or p.get("version") == version

    return pred


def analysis_ms(logs, since):
    """The server's own analysis times (its `analysed N files in X ms` log lines) since t."""
    out = []
    for t, text in logs:
        m = re.search(r"analysed (\d+) files in (\d+) ms", text)
        if m and t >= since:
            out.append(int(m.group(2)))
    return out


def run_lsp(binary, site, page, debounce, edits, warmup, burst, first_timeout, problems):
    """One server run; returns a dict of figures."""
    label = "debounceMs %s" % ("0" if debounce == 0 else "default (25)")
    print("-- %s: movebook lsp --root %s, %s" % (os.path.basename(site), site, label), flush=True)
    start = (time.perf_counter(), serve_latency.busy_ms(), serve_latency.own_ms())
    lsp = Lsp([binary, "lsp", "--root", site], problems)
    res = {"debounce": "0" if debounce == 0 else "default(25)"}
    try:
        init = {
            "processId": os.getpid(),
            "rootUri": uri_of(site),
            "capabilities": {
                "textDocument": {"publishDiagnostics": {"versionSupport": True}},
                "window": {"workDoneProgress": False},
            },
            "clientInfo": {"name": "lsp_bench.py"},
        }
        if debounce is not None:
            init["initializationOptions"] = {"debounceMs": debounce}
        t0 = time.perf_counter()
        rid = lsp.request("initialize", init)
        _, resp = lsp.wait(lambda m: m.get("id") == rid and "method" not in m, 60, "initialize response")
        if "error" in resp:
            raise RuntimeError("initialize failed: %s" % resp["error"])
        caps = resp["result"].get("capabilities", {})
        sync = caps.get("textDocumentSync")
        if not (sync == 1 or (isinstance(sync, dict) and sync.get("change") == 1)):
            problems.add("initialize: textDocumentSync is %r, not full (change: 1)" % (sync,))
        lsp.notify("initialized", {})

        # The first analysis: the first publishDiagnostics round, or the server's log line
        # that an analysis ended (a site without problems publishes nothing).
        t1, first = lsp.wait(
            lambda m: m.get("method") == "textDocument/publishDiagnostics"
            or (m.get("method") == "window/logMessage" and "analysed" in m["params"].get("message", "")),
            first_timeout,
            "first analysis (publishDiagnostics or 'analysed' log)",
        )
        rest = lsp.drain(quiet=0.5, limit=first_timeout)
        res["first_ms"] = (t1 - t0) * 1000
        first_round = [m for _, m in [(t1, first)] + rest if m and m.get("method") == "textDocument/publishDiagnostics"]
        res["first_files"] = len(first_round)
        res["first_diags"] = sum(len(m["params"]["diagnostics"]) for m in first_round)
        done = analysis_ms(lsp.logs, t0)
        res["first_server_ms"] = done[0] if done else None
        print(
            "  first analysis: %.0f ms from initialize (server's clock %s ms); %d files published, %d diagnostics"
            % (res["first_ms"], res["first_server_ms"], res["first_files"], res["first_diags"]),
            flush=True,
        )

        # Open the page.
        uri = uri_of(page)
        with open(page, encoding="utf-8") as f:
            original = f.read()
        m = re.search(r"^target_muscles: \[([a-z0-9-]+)", original, re.M)
        if not m:
            raise RuntimeError("%s has no target_muscles line" % page)
        muscle = m.group(1)
        bad = muscle[:-1]
        misspelled = original[: m.start(1)] + bad + original[m.end(1):]
        muscle_line = original[: m.start()].count("\n")
        lsp.notify(
            "textDocument/didOpen",
            {"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": original}},
        )
        t_open = time.perf_counter()
        t, _ = lsp.wait(is_publish(uri, 1), first_timeout, "publishDiagnostics for the opened page (version 1)")
        res["open_ms"] = (t - t_open) * 1000
        lsp.drain(quiet=0.3)

        # The edits, one at a time.
        latencies, cpu, counts = [], [], []
        broken = False
        body_edits = 0
        version = 1
        t_edits = time.perf_counter()
        c_start = None
        for i in range(warmup + edits):
            version += 1
            if i % 5 == 4:
                body_edits += 1
                base = misspelled if broken else original
                text = base + "\nA body edit, number %d.\n" % body_edits
                kind = "body"
            else:
                broken = not broken
                text = misspelled if broken else original
                kind = "misspell" if broken else "restore"
            c0 = cpu_ms(lsp.pid)
            if i == warmup:
                c_start = c0
            sent = lsp.notify(
                "textDocument/didChange",
                {"textDocument": {"uri": uri, "version": version}, "contentChanges": [{"text": text}]},
            )
            t, msg = lsp.wait(
                is_publish(uri, version), 120, "publishDiagnostics for %s version %d" % (uri, version)
            )
            others = lsp.drain(quiet=0.2)
            c1 = cpu_ms(lsp.pid)
            published = 1 + sum(1 for _, o in others if o and is_publish()(o))
            for _, o in others:
                if o and is_publish(uri)(o) and o["params"].get("version") != version:
                    problems.add(
                        "after didChange version %d the page got a publishDiagnostics with version %r"
                        % (version, o["params"].get("version"))
                    )
            refs = [d for d in msg["params"]["diagnostics"] if d.get("code") == "unknown-ref"]
            if broken and not refs:
                problems.add(
                    "didChange v%d (%s, target_muscles: [%s]): publishDiagnostics v%d has no unknown-ref: %s"
                    % (version, kind, bad, version, json.dumps(msg["params"]["diagnostics"])[:500])
                )
            elif not broken and refs:
                problems.add(
                    "didChange v%d (%s, target_muscles: [%s]): publishDiagnostics v%d still has %s"
                    % (version, kind, muscle, version, json.dumps(refs)[:500])
                )
            elif broken:
                d = refs[0]
                if d["range"]["start"]["line"] != muscle_line:
                    problems.add(
                        "unknown-ref for [%s] on line %d, not the target_muscles line %d"
                        % (bad, d["range"]["start"]["line"], muscle_line)
                    )
                if (d.get("data") or {}).get("replacement") != muscle:
                    problems.add(
                        "unknown-ref for [%s]: data is %r, expected {'replacement': %r}" % (bad, d.get("data"), muscle)
                    )
                if d.get("source") != "movebook":
                    problems.add("unknown-ref: source is %r, not 'movebook'" % d.get("source"))
            if i >= warmup:
                latencies.append((t - sent) * 1000)
                counts.append(published)
                if c0 is not None and c1 is not None:
                    cpu.append(c1 - c0)
        c_end = cpu_ms(lsp.pid)
        res["latency"] = latencies
        res["cpu"] = cpu
        # /proc's utime and stime count clock ticks (10 ms here): the mean over all the edits
        # is finer than any one edit's delta.
        res["cpu_mean"] = (c_end - c_start) / edits if None not in (c_start, c_end) and edits else None
        res["published"] = counts
        res["server_ms"] = analysis_ms(lsp.logs, t_edits)
        print(
            "  didChange -> publishDiagnostics: median %.1f ms, p90 %.1f ms, max %.1f ms (%d edits, %d warm-up)"
            % (statistics.median(latencies), pct(latencies, 0.9), max(latencies), len(latencies), warmup),
            flush=True,
        )
        if cpu:
            print(
                "  server CPU per edit (utime+stime, %d ms ticks): mean %.1f ms, median %.0f ms, max %.0f ms;"
                " files published per edit: median %d, max %d"
                % (1000 // os.sysconf("SC_CLK_TCK"), res["cpu_mean"], statistics.median(cpu), max(cpu),
                   statistics.median(counts), max(counts)),
                flush=True,
            )
        if res["server_ms"]:
            print(
                "  analysis (server's clock): median %d ms, max %d ms over %d analyses"
                % (statistics.median(res["server_ms"]), max(res["server_ms"]), len(res["server_ms"])),
                flush=True,
            )

        # A burst: BURST edits written at once. Only the newest may come back when they fall
        # within the debounce; with debounce 0 an older one may be analysed before the next
        # arrives, and is then published only if no newer edit was read meanwhile.
        if burst > 1:
            frames = b""
            first_v = version + 1
            for _ in range(burst):
                version += 1
                broken = not broken
                text = misspelled if broken else original
                frames += lsp.frame(
                    {
                        "jsonrpc": "2.0",
                        "method": "textDocument/didChange",
                        "params": {
                            "textDocument": {"uri": uri, "version": version},
                            "contentChanges": [{"text": text}],
                        },
                    }
                )
            sent = lsp.write(frames)
            seen = []
            t, msg = lsp.wait(
                lambda m: is_publish(uri)(m) and (seen.append(m["params"].get("version")) or m["params"].get("version") == version),
                120,
                "publishDiagnostics for the last edit of the burst (version %d)" % version,
            )
            res["burst_ms"] = (t - sent) * 1000
            res["burst_stale"] = [v for v in seen if v != version]
            refs = [d for d in msg["params"]["diagnostics"] if d.get("code") == "unknown-ref"]
            if bool(refs) != broken:
                problems.add("burst: publishDiagnostics v%d does not match its text (unknown-ref %s)" % (version, bool(refs)))
            late = [o["params"].get("version") for _, o in lsp.drain(quiet=0.3) if o and is_publish(uri)(o)]
            if late:
                problems.add(
                    "burst: after version %d was published, older versions %r were published too" % (version, late)
                )
            if debounce != 0 and res["burst_stale"]:
                problems.add(
                    "burst of %d edits written at once (versions %d-%d, debounce default): intermediate versions %r were published"
                    % (burst, first_v, version, res["burst_stale"])
                )
            print(
                "  burst of %d didChange at once: last version's diagnostics after %.0f ms; intermediate versions published: %s"
                % (burst, res["burst_ms"], res["burst_stale"] or "none"),
                flush=True,
            )
            # Leave the buffer as on disk.
            if broken:
                version += 1
                lsp.notify(
                    "textDocument/didChange",
                    {"textDocument": {"uri": uri, "version": version}, "contentChanges": [{"text": original}]},
                )
                lsp.wait(is_publish(uri, version), 120, "publishDiagnostics version %d" % version)

        lsp.drain(quiet=0.3)
        res["hwm_kib"] = vm_hwm_kib(lsp.pid)
        res["cpu_total_ms"] = cpu_ms(lsp.pid)

        rid = lsp.request("shutdown", None)
        _, resp = lsp.wait(lambda m: m.get("id") == rid and "method" not in m, 30, "shutdown response")
        if "error" in resp:
            problems.add("shutdown answered with an error: %s" % resp["error"])
        lsp.notify("exit", None)
        try:
            rc = lsp.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            problems.add("the server did not exit within 15 s of shutdown + exit")
            rc = None
        res["exit"] = rc
        end = (time.perf_counter(), serve_latency.busy_ms(), serve_latency.own_ms())
        if None not in start and None not in end and res["cpu_total_ms"] is not None:
            others = (end[1] - start[1]) - res["cpu_total_ms"] - (end[2] - start[2])
            res["others"] = max(others, 0.0) / ((end[0] - start[0]) * 1000.0)
            print(
                "  other processes used %.2f of %d cores during the run" % (res["others"], os.cpu_count() or 0),
                flush=True,
            )
        if rc is not None and rc != 0:
            problems.add("the server exited %d after shutdown + exit; stderr:\n%s" % (rc, "\n".join(lsp.stderr_tail)))
        print("  peak memory %s KiB; exit code after shutdown + exit: %s" % (res["hwm_kib"], rc), flush=True)
        return res
    finally:
        if lsp.proc.poll() is None:
            lsp.proc.kill()
            lsp.proc.wait()


def run_serve(binary, site, page, saves=5):
    """Peak memory of `movebook serve` after its first build and `saves` saves of `page`."""
    print("-- %s: movebook serve --root %s --port 0 (first build + %d saves)" % (os.path.basename(site), site, saves), flush=True)
    with open(page, "rb") as f:
        original = f.read()
    server, _, _, events = serve_latency.start_serve(binary, site)
    try:
        try:
            for i in range(saves):
                with open(page, "wb") as f:
                    f.write(original + ("\nSaved edit number %d.\n" % i).encode())
                serve_latency.wait_event(events, lambda n, d: n == "reload", 120)
                time.sleep(0.3)
        finally:
            with open(page, "wb") as f:
                f.write(original)
        time.sleep(0.5)
        hwm = vm_hwm_kib(server.pid)
        print("  peak memory %s KiB" % hwm, flush=True)
        return hwm
    finally:
        with open(page, "rb") as f:
            if f.read() != original:
                with open(page, "wb") as g:
                    g.write(original)
        server.terminate()
        server.wait()


def mib(kib):
    return "%.0f MiB" % (kib / 1024.0) if kib else "?"


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--binary", required=True)
    ap.add_argument("--site", action="append", required=True, help="SIZE=PATH (repeatable)")
    ap.add_argument("--edits", type=int, default=30)
    ap.add_argument("--warmup", type=int, default=2)
    ap.add_argument("--burst", type=int, default=5)
    ap.add_argument("--first-timeout", type=float, default=300)
    ap.add_argument("--no-serve", action="store_true", help="skip the `movebook serve` memory run")
    ap.add_argument("--tsv", help="append result rows to this file")
    args = ap.parse_args()
    binary = os.path.abspath(args.binary)

    problems = Problems()
    rows = []
    for spec in args.site:
        size, _, site = spec.partition("=")
        site = os.path.abspath(site)
        exercises = sorted(
            e for e in os.listdir(os.path.join(site, "content", "exercises")) if e.endswith(".md")
        )
        # The middle exercise with a target muscle, as serve_latency.py picks its page.
        page = None
        for name in exercises[len(exercises) // 2:] + exercises:
            p = os.path.join(site, "content", "exercises", name)
            with open(p, encoding="utf-8") as f:
                if re.search(r"^target_muscles: \[[a-z0-9-]+", f.read(), re.M):
                    page = p
                    break
        if page is None:
            raise SystemExit("no exercise with target_muscles in %s" % site)
        # Read the whole site once, so that both runs find it in the page cache.
        for d, _, files in os.walk(os.path.join(site, "content")):
            for name in files:
                with open(os.path.join(d, name), "rb") as f:
                    f.read()
        runs = []
        for debounce in (0, None):
            runs.append(
                run_lsp(binary, site, page, debounce, args.edits, args.warmup, args.burst, args.first_timeout, problems)
            )
        serve_hwm = None if args.no_serve else run_serve(binary, site, page)
        for r in runs:
            rows.append((size, r, serve_hwm))
        print(flush=True)

    print("| exercises | debounceMs | first analysis | edit → diagnostics median | p90 | max | CPU per edit (mean) | burst of %d | lsp peak memory | serve peak memory |" % args.burst)
    print("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for size, r, serve_hwm in rows:
        lat = r["latency"]
        print(
            "| %s | %s | %.2f s | %.1f ms | %.1f ms | %.1f ms | %s | %s | %s | %s |"
            % (
                size,
                r["debounce"],
                r["first_ms"] / 1000.0,
                statistics.median(lat),
                pct(lat, 0.9),
                max(lat),
                "%.1f ms" % r["cpu_mean"] if r["cpu_mean"] is not None else "?",
                "%.0f ms" % r["burst_ms"] if "burst_ms" in r else "-",
                mib(r["hwm_kib"]),
                mib(serve_hwm) if serve_hwm else "-",
            )
        )
    if args.tsv:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=os.path.dirname(os.path.abspath(__file__))
        ).stdout.strip()
        new = not os.path.exists(args.tsv)
        with open(args.tsv, "a") as f:
            if new:
                f.write(
                    "date\tcommit\texercises\tdebounce_ms\tedits\tfirst_analysis_ms\tmedian_ms\tp90_ms\tmax_ms\t"
                    "cpu_per_edit_ms\tlsp_hwm_kib\tserve_hwm_kib\n"
                )
            for size, r, serve_hwm in rows:
                lat = r["latency"]
                f.write(
                    "%s\t%s\t%s\t%s\t%d\t%.0f\t%.1f\t%.1f\t%.1f\t%s\t%s\t%s\n"
                    % (
                        datetime.datetime.now().strftime("%Y-%m-%dT%H:%M:%S"),
                        commit,
                        size,
                        "0" if r["debounce"] == "0" else "25",
                        len(lat),
                        r["first_ms"],
                        statistics.median(lat),
                        pct(lat, 0.9),
                        max(lat),
                        "%.1f" % r["cpu_mean"] if r["cpu_mean"] is not None else "",
                        r["hwm_kib"] or "",
                        serve_hwm or "",
                    )
                )
        print("\n(rows appended to %s)" % args.tsv)
    if problems.items:
        print("\n%d deviation(s) from the contract:" % len(problems.items))
        for p in problems.items:
            print("- " + p)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
