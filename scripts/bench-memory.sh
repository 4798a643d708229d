#!/usr/bin/env bash
# Peak RSS of whole batches of 100, 1,000 and 10,000 files (copies of the fixture text
# inputs and the seed under different names), all cores. It must stay flat: memory is
# bounded by a few documents, not by the batch.
#
#   scripts/bench-memory.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cargo build --release --quiet --manifest-path "$root/Cargo.toml"
giji=$root/target/release/giji
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
srcs=()
for s in "$root"/fixtures/*/input.txt "$root"/seeds/*.txt; do
  case $s in */hostile-*) ;; *) srcs+=("$s") ;; esac
done
for n in 100 1000 10000; do
  mkdir "$work/in$n"
  for i in $(seq 0 $((n - 1))); do
    cp "${srcs[$((i % ${#srcs[@]}))]}" "$work/in$n/m$(printf %06d "$i").txt"
  done
  kb=$(/usr/bin/time -f "%M" "$giji" convert "$work/in$n" -o "$work/out$n" -q 2>&1 >/dev/null | tail -1)
  size=$(du -sh "$work/in$n" | cut -f1)
  echo "$n files ($size): peak RSS $kb KB"
done
