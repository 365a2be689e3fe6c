#!/usr/bin/env bash
# What a second language costs a build: the generated guide in one language against the
# same guide with a Swedish translation of every tenth page (bench/translate_corpus.py),
# published with the untranslated pages falling back (the default) and with them left out
# (untranslated = "omit").
#
#   bench/languages.sh [--size 10000] [--runs 5] [--every 10] [--out-root DIR]
#
# Runs in alternation (one, fallback, omit, one, ...), each a clean `movebook build` into a
# fresh folder (the previous output moved aside, as bench/compare.sh does), and prints the
# medians of wall time, CPU time and peak memory with the ratios to the one-language build.
# Needs: python3, cargo, /usr/bin/time. MOVEBOOK_BIN=path times that binary.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/.." && pwd)"
shared="${MOVEBOOK_SHARED:-$repo/../shared}"
size=10000
runs=5
every=10
out_root="${TMPDIR:-/tmp}/movebook-bench"
while [ $# -gt 0 ]; do
  case "$1" in
    --size) size="$2"; shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
    --every) every="$2"; shift 2 ;;
    --out-root) out_root="$2"; shift 2 ;;
    *) echo "unknown argument $1" >&2; exit 2 ;;
  esac
done
if [ ! -x /usr/bin/time ]; then
  echo "installing /usr/bin/time" >&2
  apt-get install -y -qq time >/dev/null
fi
movebook="${MOVEBOOK_BIN:-}"
if [ -z "$movebook" ]; then
  cargo build --release --quiet --manifest-path "$repo/Cargo.toml"
  movebook="$repo/target/release/movebook"
fi
mkdir -p "$out_root"
one="$out_root/site-$size"
if [ ! -d "$one/content" ]; then
  python3 "$shared/bench/gen_corpus.py" --n "$size" --seed 1 --out "$one" --flavor movebook --force
fi
fallback="$out_root/lang-$size-fallback"
omit="$out_root/lang-$size-omit"
python3 "$here/translate_corpus.py" "$one" "$fallback" --every "$every"
python3 "$here/translate_corpus.py" "$one" "$omit" --every "$every" --omit
trash="$out_root/trash"
mkdir -p "$trash"
results="$(mktemp)"

time_run() {
  local label="$1" outdir="$2"; shift 2
  if [ -e "$outdir" ]; then mv "$outdir" "$trash/$(date +%s%N)"; fi
  local t; t="$(mktemp)"
  if ! /usr/bin/time -f "%e %U %S %M" -o "$t" "$@" >/dev/null 2>"$t.err"; then
    echo "error: $label failed:" >&2; cat "$t.err" >&2; exit 1
  fi
  read -r wall user sys rss < "$t"
  printf '%s\t%s\t%s\t%s\n' "$label" "$wall" "$(python3 -c "print(round($user+$sys,3))")" "$rss" >> "$results"
  rm -f "$t" "$t.err"
}

for i in $(seq 1 "$runs"); do
  echo "run $i of $runs" >&2
  time_run one "$one/public" "$movebook" build --quiet --root "$one" --output "$one/public"
  time_run fallback "$fallback/public" "$movebook" build --quiet --root "$fallback" --output "$fallback/public"
  time_run omit "$omit/public" "$movebook" build --quiet --root "$omit" --output "$omit/public"
done

python3 - "$results" "$size" "$every" <<'PY'
import statistics, sys
rows = [l.split("\t") for l in open(sys.argv[1]).read().splitlines()]
data = {}
for label, wall, cpu, rss in rows:
    d = data.setdefault(label, {"wall": [], "cpu": [], "rss": []})
    d["wall"].append(float(wall)); d["cpu"].append(float(cpu)); d["rss"].append(int(rss))
med = {k: {m: statistics.median(v[m]) for m in v} for k, v in data.items()}
base = med["one"]
print(f"{sys.argv[2]} exercises, a translation of every {sys.argv[3]}th page; medians of {len(data['one']['wall'])} runs")
print("| build | wall | CPU | peak memory | wall / one language | CPU / one language |")
print("|---|---|---|---|---|---|")
for k, name in [("one", "one language"), ("fallback", "+ Swedish, untranslated pages fall back"), ("omit", "+ Swedish, untranslated pages left out")]:
    m = med[k]
    print(f"| {name} | {m['wall']:.2f} s | {m['cpu']:.2f} s | {m['rss']/1024:.0f} MiB | {m['wall']/base['wall']:.2f} × | {m['cpu']/base['cpu']:.2f} × |")
PY
rm -f "$results"
echo "old outputs were moved to $trash; delete it when you are done timing: rm -rf $trash" >&2
