#!/usr/bin/env bash
# Whole-process batch figures (issue 5 acceptance): on N copies of the fixture inputs and
# seeds under different names, checks that --jobs 1 and all cores give byte-identical
# datasets, and reports the median wall time of each, their ratio, and the peak RSS of a
# 20-file batch against the N-file batch.
#
#   scripts/bench-batch.sh [N=2000] [RUNS=9]
#
# Needs GNU time (/usr/bin/time). Builds the release binary first. Works in $TMPDIR (or
# /tmp): TMPDIR=/dev/shm measures with the output in memory, free of disk writeback.
set -euo pipefail
n=${1:-2000}
runs=${2:-9}
root=$(cd "$(dirname "$0")/.." && pwd)
cargo build --release --quiet --manifest-path "$root/Cargo.toml"
giji=$root/target/release/giji
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

make_batch() { # folder count
  mkdir -p "$1"
  local srcs=()
  for s in "$root"/fixtures/*/input.txt "$root"/seeds/*; do
    case $s in */hostile-*) ;; *) srcs+=("$s") ;; esac
  done
  local i=0
  while [ "$i" -lt "$2" ]; do
    local s=${srcs[$((i % ${#srcs[@]}))]}
    cp "$s" "$1/m$(printf %06d "$i").${s##*.}"
    i=$((i + 1))
  done
}

. "$root/scripts/bench-lib.sh"

peak_kb() { # args...
  /usr/bin/time -f "%M" "$@" 2>&1 >/dev/null | tail -1
}

make_batch "$work/in" "$n"
make_batch "$work/in20" 20
cores=$(nproc)
"$giji" convert "$work/in" -o "$work/one" -q --jobs 1
"$giji" convert "$work/in" -o "$work/all" -q
if diff -r "$work/one" "$work/all" >/dev/null; then same=yes; else same=NO; fi
# The two are run in turn, so that a change in the machine's load (a VM shares its cores)
# falls on both alike. Each run starts with the previous run's output on disk (`sync`):
# otherwise the kernel writes it back during the next run, on a core that --jobs 1 leaves
# free and all cores do not.
: > "$work/t1"
: > "$work/tn"
for _ in $(seq "$runs"); do
  sync
  runs=1 median "$giji" convert "$work/in" -o "$work/one" -q --jobs 1 >> "$work/t1"
  sync
  runs=1 median "$giji" convert "$work/in" -o "$work/all" -q >> "$work/tn"
done
mid() { sort -n "$1" | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
t1=$(mid "$work/t1")
tn=$(mid "$work/tn")
m20=$(peak_kb "$giji" convert "$work/in20" -o "$work/m20" -q)
mn=$(peak_kb "$giji" convert "$work/in" -o "$work/mn" -q)
size=$(du -sh "$work/in" | cut -f1)
echo "batch: $n files ($size), $cores cores, median of $runs runs"
echo "byte-identical --jobs 1 vs all cores: $same"
echo "--jobs 1: ${t1} s   all cores: ${tn} s   speed-up: $(awk -v a="$t1" -v b="$tn" 'BEGIN{printf "%.2f", a/b}')x"
echo "peak RSS: 20 files ${m20} KB, $n files ${mn} KB, ratio $(awk -v a="$mn" -v b="$m20" 'BEGIN{printf "%.2f", a/b}')"
[ "$same" = yes ]
