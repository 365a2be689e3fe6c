#!/usr/bin/env bash
# The Nu Html Checker (npm vnu-jar, on the installed Java) over a built site: every HTML
# page, the stylesheets and the SVG files. Fails on any error.
#   bash tests/browser/validate.sh SITE_DIR       (after `npm ci` in tests/browser)
set -euo pipefail
site=${1:?usage: validate.sh SITE_DIR}
here=$(cd "$(dirname "$0")" && pwd)
jar="$here/node_modules/vnu-jar/build/dist/vnu.jar"
[ -f "$jar" ] || { echo "vnu.jar not found: run npm ci in $here" >&2; exit 2; }
status=0
# One kind of file per run: without --skip-non-*, vnu would parse CSS and SVG as HTML.
for kind in html css svg; do
  if java -jar "$jar" --asciiquotes --errors-only --skip-non-$kind "$site"; then
    echo "vnu ($kind): no errors"
  else
    echo "vnu ($kind): errors above" >&2
    status=1
  fi
done
exit $status
