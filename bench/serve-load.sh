#!/usr/bin/env bash
# Serving under load while the site is rebuilt (README, "Preview server"): wrk keeps
# CONNECTIONS connections busy for DURATION on one exercise page (on loopback only) while
# another process saves that page's file every EDIT_EVERY seconds, so every save triggers
# a full rebuild during the run. Passes when wrk reports no socket error (connect, read,
# write, timeout) and no non-2xx answer, the server reported at least MIN_REBUILDS (default
# 1) rebuilds during the run, and a save after the run shows on the page it serves. Usage:
#
#   bash bench/serve-load.sh                          # 10,000 exercises, 300 connections, 10 s
#   SIZE=1000 CONNECTIONS=500 bash bench/serve-load.sh
#
# Needs wrk and curl (Debian: apt-get install wrk curl). Corpora are shared with
# serve-latency.sh.
set -euo pipefail
cd "$(dirname "$0")/.."

SIZE="${SIZE:-10000}"
CONNECTIONS="${CONNECTIONS:-300}"
DURATION="${DURATION:-10s}"
EDIT_EVERY="${EDIT_EVERY:-0.2}"
MIN_REBUILDS="${MIN_REBUILDS:-1}"
WORK="${WORK:-/tmp/movebook-bench}"
GEN="${GEN:-../shared/bench/gen_corpus.py}"

command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install wrk)" >&2; exit 2; }
command -v curl >/dev/null || { echo "curl is not installed (apt-get install curl)" >&2; exit 2; }
cargo build --release --quiet
mkdir -p "$WORK"
site="$WORK/corpus-$SIZE"
[ -d "$site" ] || python3 "$GEN" --n "$SIZE" --seed 1 --out "$site" --flavor movebook

log="$(mktemp)"
target/release/movebook serve --root "$site" --port 0 >"$log" 2>/dev/null &
server=$!
file=""
original=""
cleanup() {
  [ -n "${editor:-}" ] && kill "$editor" 2>/dev/null || true
  [ -n "$file" ] && [ -f "$original" ] && cp "$original" "$file"
  kill "$server" 2>/dev/null || true
  wait "$server" 2>/dev/null || true
  rm -f "$log" "$original"
}
trap cleanup EXIT

for _ in $(seq 600); do grep -q '^Serving ' "$log" && break; sleep 0.1; done
url="$(sed -n 's/^Serving .* at \(http:[^ ]*\)$/\1/p' "$log")"
[ -n "$url" ] || { echo "serve did not start" >&2; cat "$log" >&2; exit 2; }

for file in "$site"/content/exercises/*.md; do break; done
name="$(basename "$file")"
page="${url}exercises/${name%.md}/"
original="$(mktemp)"
cp "$file" "$original"

(
  i=0
  while true; do
    i=$((i + 1))
    { cat "$original"; printf '\nLoad test edit %d.\n' "$i"; } >"$file"
    sleep "$EDIT_EVERY"
  done
) &
editor=$!

before="$(grep -c 'rebuilt in' "$log" || true)"
echo "wrk -t2 -c$CONNECTIONS -d$DURATION --latency $page   (saving $name every ${EDIT_EVERY}s)"
out="$(wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency "$page")"
kill "$editor" 2>/dev/null || true
wait "$editor" 2>/dev/null || true
editor=""
echo "$out"
after="$(grep -c 'rebuilt in' "$log" || true)"
rebuilds=$((after - before))
echo "rebuilds during the run: $rebuilds"
grep 'rebuilt in' "$log" | tail -n +$((before + 1)) | sed -n 's/.*rebuilt in \([0-9]*\) ms.*/\1/p' \
  | sort -n | awk '{a[NR]=$1} END {if (NR) printf "rebuild times: min %d ms, median %d ms, max %d ms\n", a[1], a[int((NR+1)/2)], a[NR]}' \
  || true # (grep finds nothing when there was no rebuild: the check below says so)
status=0
if echo "$out" | grep -qE 'Socket errors|Non-2xx'; then
  echo "FAIL: errors under load" >&2
  status=1
fi
# The run only means something if the site was rebuilt under load.
if [ "$rebuilds" -lt "$MIN_REBUILDS" ]; then
  echo "FAIL: the server reported $rebuilds rebuilds during the run (at least $MIN_REBUILDS expected)" >&2
  status=1
fi
# One last save after the run reaches the served page (rebuilds may still be under way:
# wait for it, at most 2 minutes).
last="Load test edit $$-final."
{ cat "$original"; printf '\n%s\n' "$last"; } >"$file"
served=""
for _ in $(seq 1200); do
  if curl -fsS "$page" 2>/dev/null | grep -qF "$last"; then served=yes; break; fi
  sleep 0.1
done
if [ -z "$served" ]; then
  echo "FAIL: $page does not show the last save (\"$last\")" >&2
  status=1
fi
[ "$status" -eq 0 ] || exit "$status"
echo "OK: no socket errors, no non-2xx answers, $rebuilds rebuilds, the last save is served"
