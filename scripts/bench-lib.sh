# Shared by the bench and check scripts (sourced). `median CMD...` runs CMD $runs times
# and prints the median wall time in seconds, measured with nanosecond clock reads.
median() {
  for _ in $(seq "${runs:-5}"); do
    local a b
    a=$(date +%s%N)
    "$@" >/dev/null 2>&1 || true
    b=$(date +%s%N)
    echo $(((b - a) / 1000))
  done | sort -n | awk '{a[NR]=$1} END {printf "%.3f\n", a[int((NR+1)/2)] / 1e6}'
}

# `copy_minutes DIR COUNT`: COUNT minutes in DIR, the fixture inputs (text and PDF, good
# and bad) and the seeds under other names, for the sharded-run checks. Not the flate
# bomb: dozens of copies of 512 MB each would only slow CI down. Needs $root.
copy_minutes() {
  local srcs=() s i
  for s in "$root"/fixtures/*/input.* "$root"/seeds/*; do
    case $s in *flate-bomb*) ;; *) srcs+=("$s") ;; esac
  done
  mkdir -p "$1"
  for i in $(seq 0 $(($2 - 1))); do
    s=${srcs[$((i % ${#srcs[@]}))]}
    cp "$s" "$1/m$(printf %06d "$i").${s##*.}"
  done
}
