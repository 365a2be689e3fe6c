#!/usr/bin/env bash
# Edit-to-diagnostics latency and memory of `movebook lsp` on generated guides of 1,000 and
# 10,000 exercises, with debounceMs 0 and the default (25), and `movebook serve`'s memory on
# the same site for comparison (bench/lsp_bench.py says what is measured). Usage:
#
#   bash bench/lsp.sh                           # both sizes, 30 edits each
#   SIZES=1000 EDITS=50 bash bench/lsp.sh
#   MOVEBOOK_BIN=path bash bench/lsp.sh         # time that binary instead
#
# Corpora are generated once into $WORK (default /tmp/movebook-bench) and reused, as
# corpus-N (bench/serve-latency.sh's name) or site-N (bench/compare.sh's): never delete a
# big tree right before timing on this machine (see shared/bench/README.md). The run only
# edits the page in the server's memory, except the serve part, which saves one exercise 5
# times and puts its bytes back. Rows are appended to $WORK/lsp-results.tsv.
set -euo pipefail
cd "$(dirname "$0")/.."

SIZES="${SIZES:-1000 10000}"
EDITS="${EDITS:-30}"
WORK="${WORK:-/tmp/movebook-bench}"
GEN="${GEN:-../shared/bench/gen_corpus.py}"

bin="${MOVEBOOK_BIN:-target/release/movebook}"
if [ ! -x "$bin" ]; then
  cargo build --release --quiet
fi
mkdir -p "$WORK"
sites=()
for n in $SIZES; do
  site="$WORK/corpus-$n"
  if [ ! -f "$site/site.toml" ] && [ -f "$WORK/site-$n/site.toml" ]; then
    site="$WORK/site-$n"
  fi
  if [ ! -f "$site/site.toml" ]; then
    python3 "$GEN" --n "$n" --seed 1 --out "$site" --flavor movebook
  fi
  sites+=(--site "$n=$site")
done
python3 bench/lsp_bench.py --binary "$bin" "${sites[@]}" --edits "$EDITS" --tsv "$WORK/lsp-results.tsv"
