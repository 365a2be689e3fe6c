#!/usr/bin/env bash
# Save-to-reload latency of `movebook serve` on generated guides of 1,000 and 10,000
# exercises (README, "Preview server"). Usage:
#
#   bash bench/serve-latency.sh                 # both sizes, 20 edits each
#   SIZES=10000 EDITS=50 bash bench/serve-latency.sh
#
# Corpora are generated once into $WORK (default /tmp/movebook-bench) and reused: never
# delete a big tree right before timing on this machine (see shared/bench/README.md).
set -euo pipefail
cd "$(dirname "$0")/.."

SIZES="${SIZES:-1000 10000}"
EDITS="${EDITS:-20}"
WORK="${WORK:-/tmp/movebook-bench}"
GEN="${GEN:-../shared/bench/gen_corpus.py}"

cargo build --release --quiet
mkdir -p "$WORK"
for n in $SIZES; do
  site="$WORK/corpus-$n"
  if [ ! -d "$site" ]; then
    python3 "$GEN" --n "$n" --seed 1 --out "$site" --flavor movebook
  fi
  python3 bench/serve_latency.py --binary target/release/movebook --site "$site" --edits "$EDITS"
  echo
done
