#!/usr/bin/env python3
"""Save-to-reload latency of `movebook serve`: what an author waits for after saving.

Starts `movebook serve --port 0` on a site, subscribes to its event stream like an open
page does, then appends a line to one exercise's body EDITS times. For each save it
measures the time from just before the file is opened for writing to the arrival of the
`reload` event that names the page (the server sends it after the new pages are in place).
Between saves it waits until the server is idle, so each save is measured alone. Prints
min / median / p90 / max, the server's own rebuild times, and its memory.

Standard library only. See bench/serve-latency.sh for the corpora and the build.
"""

import argparse
import http.client
import json
import os
import queue
import re
import statistics
import subprocess
import sys
import threading
import time


def read_events(conn_host, conn_port, path, out):
    """Reads server-sent events forever; puts (arrival time, name, data) on `out`."""
    conn = http.client.HTTPConnection(conn_host, conn_port)
    conn.request("GET", path)
    resp = conn.getresponse()
    name, data = None, []
    while True:
        line = resp.fp.readline()
        if not line:
            out.put((time.perf_counter(), "closed", None))
            return
        line = line.decode().rstrip("\r\n")
        if line.startswith("event: "):
            name = line[7:]
        elif line.startswith("data: "):
            data.append(line[6:])
        elif line == "" and name:
            out.put((time.perf_counter(), name, json.loads("".join(data))))
            name, data = None, []


def get_json(host, port, path):
    conn = http.client.HTTPConnection(host, port)
    conn.request("GET", path)
    return json.loads(conn.getresponse().read())


def cpu_ms(pid):
    """User + system CPU time of a process so far, in milliseconds."""
    try:
        with open("/proc/%d/stat" % pid) as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) * 1000.0 / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None


def busy_ms():
    """CPU time all processes spent busy so far, in milliseconds (all cores)."""
    try:
        with open("/proc/stat") as f:
            fields = [int(x) for x in f.readline().split()[1:]]
        idle = fields[3] + fields[4]
        return (sum(fields[:8]) - idle) * 1000.0 / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None


def own_ms():
    t = os.times()
    return (t.user + t.system) * 1000.0


def wait_event(events, pred, timeout):
    deadline = time.perf_counter() + timeout
    while True:
        left = deadline - time.perf_counter()
        if left <= 0:
            raise TimeoutError("no matching event")
        t, name, data = events.get(timeout=left)
        if pred(name, data):
            return t, name, data


def start_serve(binary, site):
    """Starts `movebook serve --root SITE --port 0` and follows its live-reload events:
    `(process, its "Built ..." line, a queue of its later stdout lines, a queue of events)`,
    after the server's hello. The caller stops the process."""
    server = subprocess.Popen(
        [binary, "serve", "--root", site, "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        bufsize=1,
    )
    lines = queue.Queue()

    def pump():
        for line in server.stdout:
            lines.put(line.rstrip("\n"))

    threading.Thread(target=pump, daemon=True).start()
    try:
        first_build, url = None, None
        while url is None:
            line = lines.get(timeout=600)
            if line.startswith("Built "):
                first_build = line
            m = re.match(r"Serving .* at (http://[^/]+/)$", line)
            if m:
                url = m.group(1)
        host, port = url[len("http://"):-1].rsplit(":", 1)
        port = int(port)
        status = get_json(host, port, "/__movebook/status")
        events = queue.Queue()
        path = "/__movebook/events?server=%s&build=%d" % (status["server"], status["build"])
        threading.Thread(
            target=read_events, args=(host, port, path, events), daemon=True
        ).start()
        wait_event(events, lambda n, d: n == "hello", 60)
    except BaseException:
        server.terminate()
        server.wait()
        raise
    return server, first_build, lines, events


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--binary", required=True)
    ap.add_argument("--site", required=True)
    ap.add_argument("--edits", type=int, default=20)
    ap.add_argument("--warmup", type=int, default=2)
    args = ap.parse_args()

    server, first_build, lines, events = start_serve(args.binary, args.site)
    try:
        exercises = sorted(os.listdir(os.path.join(args.site, "content", "exercises")))
        target = os.path.join(args.site, "content", "exercises", exercises[len(exercises) // 2])
        page = "/exercises/%s/" % os.path.basename(target)[:-3]
        with open(target, "rb") as f:
            original = f.read()

        latencies = []
        cpu = []
        start = (time.perf_counter(), busy_ms(), cpu_ms(server.pid), own_ms())
        try:
            for i in range(args.warmup + args.edits):
                text = original + ("\nSaved edit number %d.\n" % i).encode()
                c0 = cpu_ms(server.pid)
                t0 = time.perf_counter()
                with open(target, "wb") as f:
                    f.write(text)
                t1, _, data = wait_event(
                    events,
                    lambda n, d: n == "reload" and (d["changed"] is None or page in d["changed"]),
                    120,
                )
                # Let the server go idle (it frees the previous build after publishing).
                time.sleep(0.3)
                c1 = cpu_ms(server.pid)
                if i >= args.warmup:
                    latencies.append((t1 - t0) * 1000)
                    if c0 is not None and c1 is not None:
                        cpu.append(c1 - c0)
                while not events.empty():
                    events.get_nowait()
        finally:
            with open(target, "wb") as f:
                f.write(original)
            try:
                wait_event(events, lambda n, d: n == "reload", 60)
            except (TimeoutError, queue.Empty):
                pass

        rebuilds = []
        rss = None
        while not lines.empty():
            m = re.search(r"rebuilt in (\d+) ms", lines.get_nowait())
            if m:
                rebuilds.append(int(m.group(1)))
        try:
            with open("/proc/%d/status" % server.pid) as f:
                for line in f:
                    if line.startswith("VmHWM:"):
                        rss = line.split(None, 1)[1].strip()
        except OSError:
            pass

        lat = sorted(latencies)
        p90 = lat[min(len(lat) - 1, int(round(0.9 * (len(lat) - 1))))]
        print("site:         %s" % args.site)
        print("first build:  %s" % first_build)
        print(
            "save->reload: min %.0f ms, median %.0f ms, p90 %.0f ms, max %.0f ms (%d edits)"
            % (lat[0], statistics.median(lat), p90, lat[-1], len(lat))
        )
        if cpu:
            print(
                "CPU per save: median %.0f ms (server user+system time, all threads; "
                "a measure that other processes on the machine do not change much)"
                % statistics.median(cpu)
            )
        end = (time.perf_counter(), busy_ms(), cpu_ms(server.pid), own_ms())
        if None not in start and None not in end:
            others = (end[1] - start[1]) - (end[2] - start[2]) - (end[3] - start[3])
            wall = (end[0] - start[0]) * 1000.0
            print(
                "other processes used %.2f of %d cores during the run"
                % (max(others, 0.0) / wall, os.cpu_count() or 0)
            )
        if rebuilds:
            print(
                "rebuild (server's own clock): median %d ms, max %d ms"
                % (statistics.median(rebuilds), max(rebuilds))
            )
        if rss:
            print("peak memory:  %s" % rss)
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    sys.exit(main())
