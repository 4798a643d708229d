#!/usr/bin/env bash
# Copies Adobe's CID → Unicode map of the Adobe-Japan1 character collection
# (Adobe-Japan1-UCS2, a ToUnicode-style CMap) from Debian's poppler-data into
# src/pdf/Adobe-Japan1-UCS2, its copyright header kept (BSD-3-Clause, Adobe). giji reads it
# for Japanese CID fonts that carry no ToUnicode map of their own (dvipdfmx with a
# non-embedded Ryumin, older Acrobat Distiller output), as poppler does.
#
#   apt-get install poppler-data && scripts/make-adobe-japan1.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
src=/usr/share/poppler/cMap/Adobe-Japan1/Adobe-Japan1-UCS2
[ -f "$src" ] || { echo "$src: missing; apt-get install poppler-data" >&2; exit 2; }
cp "$src" "$root/src/pdf/Adobe-Japan1-UCS2"
echo "poppler-data $(dpkg-query -W -f '${Version}' poppler-data 2>/dev/null || echo unknown): $(wc -c < "$src") bytes"
