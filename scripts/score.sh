#!/usr/bin/env bash
# The measure of every rule or segmenter change: converts the real documents of
# ../shared/corpus (pages, the nine transcripts, the rosters) with the current build,
# scores each set against its gold (../shared/eval/score.py: a line per document, then the
# overall line), and scores the speaker labels (../shared/eval/speakers.py).
#
#   scripts/score.sh            # the per-document tables and the overall lines
#   scripts/score.sh --verbose  # and each miss
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
shared=$root/../shared
[ -f "$shared/eval/score.py" ] || { echo "score.sh: $shared/eval/score.py is missing" >&2; exit 2; }
cargo build --release --quiet --manifest-path "$root/Cargo.toml"
giji=$root/target/release/giji
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for set in pages text rosters; do
  [ -d "$shared/corpus/$set" ] || continue
  echo "== $set (../shared/corpus/$set against $set-gold)"
  "$giji" convert "$shared/corpus/$set" -o "$work/$set" --quiet || true
  python3 "$shared/eval/score.py" "$work/$set" "$shared/corpus/$set-gold" "$@"
done
if [ -f "$shared/corpus/speakers/dev.tsv" ]; then
  echo "== speaker labels (../shared/corpus/speakers/dev.tsv)"
  (cd "$root" && python3 "$shared/eval/speakers.py" --giji "$giji" --show 0)
fi
