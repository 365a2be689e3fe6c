#!/usr/bin/env bash
# Compare full clean builds of movebook, the floor program and Hugo on generated corpora.
#
#   bench/compare.sh [--sizes "1000 10000"] [--runs 5] [--out-root DIR] [--no-hugo]
#
# For each size N it generates the same content twice with shared/bench/gen_corpus.py
# (--seed 1): once as a movebook site, once as a Hugo site. It then runs, in alternation
# (A B C A B C ...), `movebook build`, the floor program (shared/bench/floor: walk, YAML,
# Markdown, write; the least work any generator on our crates must do) and `hugo`, each
# into a fresh output folder on disk. The previous output is moved aside, never deleted,
# before each run: on this machine's ext4 (no journal) creating files right after deleting
# a large tree is about ten times slower (see shared/bench/README.md). It also times
# `movebook check` (no writes). Medians of wall time, CPU time and peak memory (from
# /usr/bin/time) are printed as a table with the ratios the scale issue asks for.
#
# Needs: python3, cargo, /usr/bin/time, and hugo (installed with apt-get if missing).
# MOVEBOOK_BIN=path times that binary instead of building this repo's (to compare commits).
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/.." && pwd)"
shared="${MOVEBOOK_SHARED:-$repo/../shared}"
sizes="1000 10000"
runs=5
out_root="${TMPDIR:-/tmp}/movebook-bench"
use_hugo=1
while [ $# -gt 0 ]; do
  case "$1" in
    --sizes) sizes="$2"; shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
    --out-root) out_root="$2"; shift 2 ;;
    --no-hugo) use_hugo=0; shift ;;
    -h|--help) sed -n 2,20p "$0"; exit 0 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

gen="$shared/bench/gen_corpus.py"
[ -f "$gen" ] || { echo "error: $gen not found (set MOVEBOOK_SHARED to the shared/ folder)" >&2; exit 2; }

need() { command -v "$1" >/dev/null 2>&1; }
if [ ! -x /usr/bin/time ]; then
  echo "== installing GNU time"; apt-get install -y time >/dev/null
fi
if [ "$use_hugo" = 1 ] && ! need hugo; then
  echo "== installing hugo (Debian package)"; apt-get install -y hugo >/dev/null
fi

if [ -n "${MOVEBOOK_BIN:-}" ]; then
  # Time another binary (e.g. a reference build of an earlier commit) instead of this repo's.
  movebook="$MOVEBOOK_BIN"
  echo "== timing $movebook"
else
  echo "== building movebook (release)"
  (cd "$repo" && cargo build --release --quiet)
  movebook="$repo/target/release/movebook"
fi

floor=""
if [ -d "$shared/bench/floor" ]; then
  echo "== building the floor program"
  floor_src="$out_root/floor-src"
  mkdir -p "$out_root"
  rm -rf "$floor_src" && cp -r "$shared/bench/floor" "$floor_src"
  (cd "$floor_src" && CARGO_TARGET_DIR="$out_root/floor-target" cargo build --release --quiet)
  floor="$out_root/floor-target/release/ssg-floor"
fi

trash="$out_root/trash"
mkdir -p "$trash"
results="$out_root/results.tsv"
: > "$results"

# time_run LABEL N OUTDIR CMD... : one clean run; appends "label n wall cpu rss_kib" to results.
time_run() {
  local label="$1" n="$2" outdir="$3"; shift 3
  if [ -e "$outdir" ]; then mv "$outdir" "$trash/$(date +%s%N)"; fi
  local t; t="$(mktemp)"
  if ! /usr/bin/time -f "%e %U %S %M" -o "$t" "$@" >/dev/null 2>"$t.err"; then
    echo "error: $label failed:" >&2; cat "$t.err" >&2; exit 1
  fi
  read -r wall user sys rss < "$t"
  printf '%s\t%s\t%s\t%s\t%s\n' "$label" "$n" "$wall" "$(python3 -c "print(round($user+$sys,3))")" "$rss" >> "$results"
  rm -f "$t" "$t.err"
}

for n in $sizes; do
  site="$out_root/site-$n"
  hugo_site="$out_root/hugo-$n"
  if [ ! -f "$site/site.toml" ]; then
    echo "== generating $n exercises"
    python3 "$gen" --n "$n" --seed 1 --out "$site" --flavor movebook --force >/dev/null
    [ "$use_hugo" = 1 ] && python3 "$gen" --n "$n" --seed 1 --out "$hugo_site" --flavor hugo --force >/dev/null
  fi
  echo "== timing N=$n ($runs runs each, in alternation)"
  # One warm-up of each, not recorded (page cache, lazy loading).
  "$movebook" build --root "$site" --output "$site/public" >/dev/null 2>&1 || true
  for r in $(seq "$runs"); do
    time_run movebook "$n" "$site/public" "$movebook" build --root "$site" --output "$site/public"
    [ -n "$floor" ] && time_run floor "$n" "$site/floor-out" "$floor" "$site" "$site/floor-out"
    [ "$use_hugo" = 1 ] && time_run hugo "$n" "$hugo_site/public" hugo --quiet -s "$hugo_site" -d "$hugo_site/public"
    time_run check "$n" "$site/no-output" "$movebook" check --root "$site"
  done
done

python3 - "$results" <<'PY'
import sys, statistics
from collections import defaultdict
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1]) if l.strip()]
data = defaultdict(lambda: {"wall": [], "cpu": [], "rss": []})
for label, n, wall, cpu, rss in rows:
    d = data[(int(n), label)]
    d["wall"].append(float(wall)); d["cpu"].append(float(cpu)); d["rss"].append(int(rss) / 1024)
med = lambda xs: statistics.median(xs) if xs else float("nan")
sizes = sorted({n for n, _ in data})
print()
print("| N exercises | movebook | floor | Hugo | movebook / floor | movebook / Hugo | movebook peak memory | Hugo peak memory | check (CPU) | floor (CPU) |")
print("|---|---|---|---|---|---|---|---|---|---|")
for n in sizes:
    g = lambda label, k: med(data[(n, label)][k]) if (n, label) in data else float("nan")
    mb, fl, hu = g("movebook", "wall"), g("floor", "wall"), g("hugo", "wall")
    print(f"| {n:,} | {mb:.2f} s | {fl:.2f} s | {hu:.2f} s | {mb/fl:.2f} × | {mb/hu:.2f} × | {g('movebook','rss'):.0f} MiB | {g('hugo','rss'):.0f} MiB | {g('check','cpu'):.2f} s | {g('floor','cpu'):.2f} s |")
print()
print(f"medians of {max(len(v['wall']) for v in data.values())} runs per tool; wall time, output on disk with the previous output moved aside")
PY
echo
echo "raw runs: $results"
echo "old outputs were moved to $trash; delete it when you are done timing (it is slow): rm -rf $trash"
