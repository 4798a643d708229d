#!/usr/bin/env bash
# Runs the commands of deploy/kubernetes/*-job.yaml as their pods would, without a
# cluster: each index of the Indexed Job with its JOB_COMPLETION_INDEX, then the merge
# Job, on a folder standing in for the shared volume; the merged dataset must equal a
# single `giji convert`. What it does not check is the cluster itself (scheduling, the
# volume): scripts/slurm-test.sh runs a real engine.
#
#   scripts/kubernetes-test.sh [FILES=300]
set -euo pipefail
files=${1:-300}
root=$(cd "$(dirname "$0")/.." && pwd)
cargo build --release --quiet --manifest-path "$root/Cargo.toml"
python3 -c 'import yaml' 2>/dev/null || {
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends python3-yaml >/dev/null
}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/bin" "$work/data/minutes"
ln -s "$root/target/release/giji" "$work/bin/giji"
. "$root/scripts/bench-lib.sh"
copy_minutes "$work/data/minutes" "$files"
# The pod's script, its SHARDS, and the Job's completions, with /data standing in.
extract() { # manifest field
  python3 - "$1" "$2" "$work/data" <<'PY'
import sys, yaml
job = yaml.safe_load(open(sys.argv[1]))
spec = job["spec"]
c = spec["template"]["spec"]["containers"][0]
env = {e["name"]: e["value"] for e in c.get("env", [])}
if sys.argv[2] == "script":
    print(c["args"][0].replace("/data", sys.argv[3]))
elif sys.argv[2] == "shards":
    print(env["SHARDS"])
else:
    print(spec.get("completions", 1))
PY
}
shards_job=$root/deploy/kubernetes/shards-job.yaml
merge_job=$root/deploy/kubernetes/merge-job.yaml
n=$(extract "$shards_job" shards)
completions=$(extract "$shards_job" completions)
[ "$n" = "$completions" ] || { echo "kubernetes-test: completions $completions but SHARDS $n" >&2; exit 1; }
[ "$(extract "$merge_job" shards)" = "$n" ] || { echo "kubernetes-test: the merge Job's SHARDS is not $n" >&2; exit 1; }
extract "$shards_job" script > "$work/shard.sh"
extract "$merge_job" script > "$work/merge.sh"
for k in $(seq 0 $((n - 1))); do
  PATH=$work/bin:$PATH JOB_COMPLETION_INDEX=$k SHARDS=$n sh "$work/shard.sh" 2>/dev/null
done
PATH=$work/bin:$PATH SHARDS=$n sh "$work/merge.sh"
"$root/target/release/giji" convert "$work/data/minutes" -o "$work/single" --quiet 2>/dev/null || [ $? -eq 2 ]
diff -r "$work/single" "$work/data/out" >/dev/null || { echo "kubernetes-test: merged differs from the single run" >&2; exit 1; }
echo "kubernetes-test: the Jobs' commands, $n indexes over $files files, merged = single run, byte for byte"
