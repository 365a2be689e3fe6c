#!/usr/bin/env bash
# Neovim (Debian's 0.7, its built-in LSP client, no plugins) against `movebook lsp`:
# a misspelled muscle gets an `unknown-ref` diagnostic, its quickfix is applied by Neovim and
# written, and the diagnostic goes away. Usage:
#
#   bash tests/editors/neovim.sh [BINARY]      # default target/debug/movebook
#
# Needs `nvim` (apt-get install neovim). Prints PASS and exits 0, or says what went wrong.
set -euo pipefail

# BINARY is taken from the caller's folder; the default from the repository's.
if [ $# -gt 0 ] && [ -x "$1" ]; then
  bin="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
fi
cd "$(dirname "$0")/../.."
if [ -z "${bin:-}" ]; then
  bin="${1:-target/debug/movebook}"
  if [ ! -x "$bin" ]; then
    echo "neovim.sh: no executable $bin (cargo build first)" >&2
    exit 1
  fi
  bin="$PWD/$bin"
fi
if ! command -v nvim >/dev/null 2>&1; then
  echo "neovim.sh: nvim not found (apt-get install neovim)" >&2
  exit 1
fi

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
site="$tmp/site"
cp -r tests/fixtures/minimal "$site"
page="$site/content/exercises/glute-bridge.md"
grep -qx 'target_muscles: \[gluteus-maximus\]' "$page" || {
  echo "neovim.sh: the fixture changed: no 'target_muscles: [gluteus-maximus]' line in $page" >&2
  exit 1
}
sed -i 's/^target_muscles: \[gluteus-maximus\]$/target_muscles: [gluteus-maximu]/' "$page"
grep -qx 'target_muscles: \[gluteus-maximu\]' "$page"

script="$PWD/tests/editors/neovim_fix.lua"
rc=0
# --clean -u NONE: no user config, no plugins. A hung Neovim (or server) cannot hang CI.
(cd "$tmp" && MOVEBOOK_BIN="$bin" MOVEBOOK_SITE="$site" \
  timeout -k 5 60 nvim --headless --clean -u NONE -i NONE -n -c "luafile $script" </dev/null) || rc=$?
if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then
  echo "neovim.sh: FAIL: Neovim did not finish within 60 s (killed)" >&2
  exit 1
fi
if [ "$rc" -ne 0 ]; then
  echo "neovim.sh: FAIL: Neovim exited $rc" >&2
  exit 1
fi
if ! grep -qx 'target_muscles: \[gluteus-maximus\]' "$page"; then
  echo "neovim.sh: FAIL: the file on disk does not read 'target_muscles: [gluteus-maximus]':" >&2
  grep -n '^target_muscles' "$page" >&2 || true
  exit 1
fi
echo "neovim.sh: PASS (the quickfix was applied and saved, the diagnostic went away)"
