#!/usr/bin/env bash
# Single-threaded text throughput of the whole process (read, decode, rules, segment,
# emit) in MB/s of source, on the corpus transcripts copied 50 times and on the seed
# copied 2,000 times, both as UTF-8 and as Shift_JIS; and the ratio to
# `iconv -f CP932 -t UTF-8` on the same Shift_JIS bytes, since decoding alone is the floor.
#
#   scripts/bench-text.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
runs=${RUNS:-5}
cargo build --release --quiet --manifest-path "$root/Cargo.toml"
giji=$root/target/release/giji
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
. "$root/scripts/bench-lib.sh"
corpus=$root/../shared/corpus/text
mkdir -p "$work/corpus-utf8" "$work/corpus-sjis" "$work/seed-utf8" "$work/seed-sjis"
if [ -d "$corpus" ]; then
  for i in $(seq 1 50); do
    for f in "$corpus"/*.txt; do
      b=$(basename "$f" .txt)
      cp "$f" "$work/corpus-utf8/$b-$i.txt"
      iconv -f UTF-8 -t CP932 "$f" > "$work/corpus-sjis/$b-$i.txt" 2>/dev/null || cp "$f" "$work/corpus-sjis/$b-$i.txt"
    done
  done
fi
for i in $(seq 1 2000); do
  cp "$root/seeds/000_780bb8195d2e3bbd.txt" "$work/seed-utf8/s$i.txt"
  iconv -f UTF-8 -t CP932 "$root/seeds/000_780bb8195d2e3bbd.txt" > "$work/seed-sjis/s$i.txt"
done
iconv_all() { cat "$1"/*.txt | iconv -f CP932 -t UTF-8 >/dev/null; }
for set in corpus-utf8 corpus-sjis seed-utf8 seed-sjis; do
  [ -n "$(ls "$work/$set")" ] || continue
  bytes=$(cat "$work/$set"/*.txt | wc -c)
  t=$(median "$giji" convert "$work/$set" -o "$work/out" -q --jobs 1)
  line="$set: $(awk -v b="$bytes" 'BEGIN{printf "%.1f", b/1e6}') MB in $t s = $(awk -v b="$bytes" -v t="$t" 'BEGIN{printf "%.1f", b/1e6/t}') MB/s"
  case $set in *sjis)
    ti=$(median iconv_all "$work/$set")
    line="$line; iconv alone $ti s ($(awk -v b="$bytes" -v t="$ti" 'BEGIN{printf "%.1f", b/1e6/t}') MB/s), giji/iconv time $(awk -v a="$t" -v b="$ti" 'BEGIN{printf "%.1f", a/b}')"
  esac
  echo "$line"
done
