#!/usr/bin/env bash
# Pages per second of giji's whole PDF pipeline (read in a worker process, segment, emit)
# against `pdftotext` alone (Debian poppler-utils with poppler-data) on the same PDFs:
# single-threaded (`--jobs 1` vs one pdftotext after another) and on all cores
# (default `--jobs` vs `xargs -P $(nproc) pdftotext`).
#
#   scripts/bench-pdf.sh [DIR...]      default: ../shared/corpus/pdf ../shared/corpus/text-as-pdf
#
# Needs pdftotext and pdfinfo on PATH. Builds the release binary first.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
runs=${RUNS:-7}
cargo build --release --quiet --manifest-path "$root/Cargo.toml"
giji=$root/target/release/giji
command -v pdftotext >/dev/null || { echo "pdftotext is needed (apt-get install poppler-utils poppler-data)"; exit 2; }
dirs=("$@")
[ ${#dirs[@]} -gt 0 ] || dirs=("$root/../shared/corpus/pdf" "$root/../shared/corpus/text-as-pdf")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/in"
for d in "${dirs[@]}"; do cp "$d"/*.pdf "$work/in/"; done
pages=0
for f in "$work"/in/*.pdf; do pages=$((pages + $(pdfinfo "$f" | awk '/^Pages:/ {print $2}'))); done
files=$(ls "$work"/in/*.pdf | wc -l)

. "$root/scripts/bench-lib.sh"
poppler_serial() { for f in "$work"/in/*.pdf; do pdftotext "$f" /dev/null; done; }
poppler_parallel() { ls "$work"/in/*.pdf | xargs -P "$(nproc)" -I{} pdftotext {} /dev/null; }

g1=$(median "$giji" convert "$work/in" -o "$work/o1" -q --jobs 1)
gn=$(median "$giji" convert "$work/in" -o "$work/on" -q)
p1=$(median poppler_serial)
pn=$(median poppler_parallel)
rate() { awk -v p="$pages" -v t="$1" 'BEGIN {printf "%.0f", p / t}'; }
echo "$files PDFs, $pages pages, $(nproc) cores, median of $runs runs"
echo "single-threaded: giji $g1 s ($(rate "$g1") pages/s), pdftotext $p1 s ($(rate "$p1") pages/s), giji/pdftotext time $(awk -v a="$g1" -v b="$p1" 'BEGIN{printf "%.2f", a/b}')"
echo "all cores:       giji $gn s ($(rate "$gn") pages/s), pdftotext $pn s ($(rate "$pn") pages/s), giji/pdftotext time $(awk -v a="$gn" -v b="$pn" 'BEGIN{printf "%.2f", a/b}')"
