#!/usr/bin/env bash
# Peak RSS of whole batches (copies of the fixture text inputs and the seed under
# different names), all cores, without and with --cache (a first run that fills the
# cache, then a re-run that reuses it). It must stay flat: memory is bounded by a few
# documents, not by the batch.
#
#   scripts/bench-memory.sh [SIZES="1000 100000"]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
sizes=${1:-"1000 100000"}
cargo build --release --quiet --manifest-path "$root/Cargo.toml"
giji=$root/target/release/giji
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
srcs=()
for s in "$root"/fixtures/*/input.txt "$root"/seeds/*.txt; do
  case $s in */hostile-*) ;; *) srcs+=("$s") ;; esac
done
peak() { # args... → KB
  /usr/bin/time -f "%M" "$@" 2>&1 >/dev/null | tail -1
}
for n in $sizes; do
  mkdir "$work/in$n"
  for i in $(seq 0 $((n - 1))); do
    cp "${srcs[$((i % ${#srcs[@]}))]}" "$work/in$n/m$(printf %06d "$i").txt"
  done
  size=$(du -sh "$work/in$n" | cut -f1)
  plain=$(peak "$giji" convert "$work/in$n" -o "$work/out$n" -q)
  fill=$(peak "$giji" convert "$work/in$n" -o "$work/out$n" -q --cache "$work/cache$n")
  reuse=$(peak "$giji" convert "$work/in$n" -o "$work/out$n" -q --cache "$work/cache$n")
  echo "$n files ($size): peak RSS $plain KB; --cache filling $fill KB, reusing $reuse KB"
  rm -rf "$work/out$n" "$work/cache$n"
done
