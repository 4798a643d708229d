#!/usr/bin/env bash
# Incremental re-runs (--cache): on N minutes (copies of the fixture text inputs and the
# seed under different names), the median wall time of a clean run against that of a
# re-run with one file changed since the last (a different file each time), all cores;
# and a check that the re-run's dataset is byte-identical to a clean run's.
#
#   scripts/bench-cache.sh [N=2000] [RUNS=9]
set -euo pipefail
n=${1:-2000}
runs=${2:-9}
root=$(cd "$(dirname "$0")/.." && pwd)
cargo build --release --quiet --manifest-path "$root/Cargo.toml"
giji=$root/target/release/giji
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
. "$root/scripts/bench-lib.sh"
mkdir "$work/in"
srcs=()
for s in "$root"/fixtures/*/input.txt "$root"/seeds/*.txt; do
  case $s in */hostile-*) ;; *) srcs+=("$s") ;; esac
done
for i in $(seq 0 $((n - 1))); do
  cp "${srcs[$((i % ${#srcs[@]}))]}" "$work/in/m$(printf %06d "$i").txt"
done
clean=$(median "$giji" convert "$work/in" -o "$work/clean" -q)
"$giji" convert "$work/in" -o "$work/cached" -q --cache "$work/cache"
: > "$work/times"
for r in $(seq "$runs"); do
  printf '\n・第%s回の追記。\n' "$r" >> "$work/in/m$(printf %06d $((r * 7 % n))).txt"
  sync
  runs=1 median "$giji" convert "$work/in" -o "$work/cached" -q --cache "$work/cache" >> "$work/times"
done
rerun=$(sort -n "$work/times" | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
"$giji" convert "$work/in" -o "$work/clean" -q
if diff -r "$work/clean" "$work/cached" >/dev/null; then same=yes; else same=NO; fi
out=$(du -sh "$work/clean" | cut -f1)
echo "cache: $n files ($(du -sh "$work/in" | cut -f1) in, $out out), $(nproc) cores, median of $runs"
echo "clean: $clean s   one file changed, --cache: $rerun s   speed-up: $(awk -v a="$clean" -v b="$rerun" 'BEGIN{printf "%.1f", a/b}')x"
echo "byte-identical to a clean run: $same"
[ "$same" = yes ]
