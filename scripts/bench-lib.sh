# Shared by the bench scripts (sourced): `median CMD...` runs CMD $runs times and prints
# the median wall time in seconds, measured with nanosecond clock reads.
median() {
  for _ in $(seq "${runs:-5}"); do
    local a b
    a=$(date +%s%N)
    "$@" >/dev/null 2>&1 || true
    b=$(date +%s%N)
    echo $(((b - a) / 1000))
  done | sort -n | awk '{a[NR]=$1} END {printf "%.3f\n", a[int((NR+1)/2)] / 1e6}'
}
