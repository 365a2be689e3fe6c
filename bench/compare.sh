#!/usr/bin/env bash
# Compare full clean builds of movebook, the floor program and Hugo on generated corpora.
#
#   bench/compare.sh [--sizes "1000 10000"] [--runs 5] [--out-root DIR] [--no-hugo]
#   bench/compare.sh --images K [--sizes "200"] [--runs 3] [--out-root DIR]
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
# Images mode (--images K): every exercise is a page bundle with K photo-like JPEGs
# (gen_corpus.py --images K, needs Pillow), which movebook and Hugo both resize to
# 480/960/1600 px WebP at quality 80. Each run times, in alternation: movebook cold (its
# cache .movebook/ moved aside), movebook warm (nothing changed), the same site without
# pictures (the text-only build the warm target compares with), Hugo cold (resources/
# moved aside) and Hugo warm. It then prints the medians and ratios, the published WebP
# bytes of both (Hugo also publishes the original JPEGs; they are counted apart), and,
# when numpy and scikit-image are installed, the mean SSIM (luma) of both at 960 px
# against a Lanczos downscale of each source, over up to 60 pictures.
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
images=0
sizes_given=0
runs_given=0
while [ $# -gt 0 ]; do
  case "$1" in
    --images) images="$2"; shift 2 ;;
    --sizes) sizes="$2"; sizes_given=1; shift 2 ;;
    --runs) runs="$2"; runs_given=1; shift 2 ;;
    --out-root) out_root="$2"; shift 2 ;;
    --no-hugo) use_hugo=0; shift ;;
    -h|--help) sed -n 2,31p "$0"; exit 0 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

if [ "$images" != 0 ]; then
  [ "$sizes_given" = 1 ] || sizes="200"
  [ "$runs_given" = 1 ] || runs=3
fi

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

if [ "$images" != 0 ]; then
  python3 -c 'import PIL' 2>/dev/null || { echo "== installing Pillow"; pip install --quiet pillow; }
  for n in $sizes; do
    site="$out_root/img-$n-$images"
    text_site="$out_root/site-$n"
    hugo_site="$out_root/hugo-img-$n-$images"
    if [ ! -f "$site/site.toml" ]; then
      echo "== generating $n exercises with $images photos each"
      python3 "$gen" --n "$n" --seed 1 --images "$images" --out "$site" --flavor movebook --force >/dev/null
      python3 "$gen" --n "$n" --seed 1 --images "$images" --out "$hugo_site" --flavor hugo --force >/dev/null
    fi
    if [ ! -f "$text_site/site.toml" ]; then
      python3 "$gen" --n "$n" --seed 1 --out "$text_site" --flavor movebook --force >/dev/null
    fi
    echo "== timing N=$n, $images photos each ($runs runs each, in alternation)"
    "$movebook" build --root "$text_site" --output "$text_site/public" >/dev/null 2>&1 || true
    for r in $(seq "$runs"); do
      [ -e "$site/.movebook" ] && mv "$site/.movebook" "$trash/cache-$(date +%s%N)"
      time_run movebook-cold "$n" "$site/public" "$movebook" build --quiet --root "$site" --output "$site/public"
      time_run movebook-warm "$n" "$site/public" "$movebook" build --quiet --root "$site" --output "$site/public"
      time_run movebook-text "$n" "$text_site/public" "$movebook" build --quiet --root "$text_site" --output "$text_site/public"
      if [ "$use_hugo" = 1 ]; then
        [ -e "$hugo_site/resources" ] && mv "$hugo_site/resources" "$trash/resources-$(date +%s%N)"
        time_run hugo-cold "$n" "$hugo_site/public" hugo --quiet -s "$hugo_site" -d "$hugo_site/public"
        time_run hugo-warm "$n" "$hugo_site/public" hugo --quiet -s "$hugo_site" -d "$hugo_site/public"
      fi
    done
  done
  python3 - "$results" "$out_root" "$images" <<'PY'
import glob, os, statistics, sys
from collections import defaultdict
results, root, k = sys.argv[1], sys.argv[2], sys.argv[3]
rows = [l.rstrip("\n").split("\t") for l in open(results) if l.strip()]
data = defaultdict(lambda: {"wall": [], "cpu": [], "rss": []})
for label, n, wall, cpu, rss in rows:
    d = data[(int(n), label)]
    d["wall"].append(float(wall)); d["cpu"].append(float(cpu)); d["rss"].append(int(rss) / 1024)
med = lambda xs: statistics.median(xs) if xs else float("nan")

def size(pattern):
    files = glob.glob(pattern, recursive=True)
    return len(files), sum(os.path.getsize(f) for f in files)

def ssim_at_960(site, hugo, limit=60):
    try:
        import numpy as np
        from PIL import Image
        from skimage.metrics import structural_similarity
    except ImportError:
        return None
    y = lambda im: (lambda a: 0.299 * a[..., 0] + 0.587 * a[..., 1] + 0.114 * a[..., 2])(
        np.asarray(im.convert("RGB"), dtype=np.float64))
    scores = {"movebook": [], "hugo": []}
    sources = sorted(glob.glob(f"{site}/content/exercises/*/*.jpg"))[:limit]
    for src_path in sources:
        slug = os.path.basename(os.path.dirname(src_path))
        stem = os.path.splitext(os.path.basename(src_path))[0]
        src = Image.open(src_path).convert("RGB")
        w, h = src.size
        ref = y(src.resize((960, round(h * 960 / w)), Image.LANCZOS))
        found = {
            "movebook": glob.glob(f"{site}/public/exercises/{slug}/{stem}.*-960.webp"),
            "hugo": glob.glob(f"{hugo}/public/exercises/{slug}/{stem}_*960x0*.webp"),
        }
        for tool, files in found.items():
            if len(files) != 1:
                continue
            out = Image.open(files[0])
            if out.size != (960, ref.shape[0]):
                out = out.resize((960, ref.shape[0]), Image.LANCZOS)
            scores[tool].append(structural_similarity(ref, y(out), data_range=255))
    return {t: (statistics.mean(v), len(v)) for t, v in scores.items() if v}

print()
print(f"| N × {k} photos | movebook cold | Hugo cold | cold ratio | movebook warm | text-only build | warm / text-only | Hugo warm | peak memory cold (movebook / Hugo) |")
print("|---|---|---|---|---|---|---|---|---|")
for n in sorted({n for n, _ in data}):
    g = lambda label, key="wall": med(data[(n, label)][key]) if (n, label) in data else float("nan")
    print(f"| {n:,} × {k} | {g('movebook-cold'):.2f} s | {g('hugo-cold'):.2f} s | {g('movebook-cold')/g('hugo-cold'):.2f} × "
          f"| {g('movebook-warm'):.3f} s | {g('movebook-text'):.3f} s | {g('movebook-warm')/g('movebook-text'):.2f} × "
          f"| {g('hugo-warm'):.2f} s | {g('movebook-cold','rss'):.0f} MiB / {g('hugo-cold','rss'):.0f} MiB |")
print()
print(f"medians of {max(len(v['wall']) for v in data.values())} runs; wall time; CPU seconds: " + ", ".join(
    f"{label} {med(d['cpu']):.1f}" for (n, label), d in sorted(data.items())))
for n in sorted({n for n, _ in data}):
    site, hugo = f"{root}/img-{n}-{k}", f"{root}/hugo-img-{n}-{k}"
    mb_n, mb_b = size(f"{site}/public/**/*.webp")
    hu_n, hu_b = size(f"{hugo}/public/**/*.webp")
    fb_n, fb_b = size(f"{site}/public/exercises/**/*.jpg")
    or_n, or_b = size(f"{hugo}/public/exercises/**/*.jpg")
    print()
    print(f"N={n}: published WebP: movebook {mb_n} files, {mb_b:,} B; Hugo {hu_n} files, {hu_b:,} B "
          f"(movebook / Hugo = {mb_b / hu_b if hu_b else float('nan'):.3f}). "
          f"movebook also publishes {fb_n} JPEG fallbacks ({fb_b:,} B); Hugo also publishes the {or_n} originals ({or_b:,} B).")
    s = ssim_at_960(site, hugo)
    if s:
        print("SSIM (luma) at 960 px against a Lanczos downscale of the source: " + "; ".join(
            f"{t} {m:.4f} over {c} pictures" for t, (m, c) in s.items()))
    else:
        print("SSIM skipped (pip install numpy scikit-image to compute it)")
PY
  echo
  echo "raw runs: $results"
  echo "old outputs and caches were moved to $trash; delete it when you are done timing: rm -rf $trash"
  exit 0
fi

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
