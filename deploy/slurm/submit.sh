#!/usr/bin/env bash
# Submits a sharded giji run to Slurm: an array of N shard tasks, then a merge that
# depends on all of them. Prints the merge job's id.
#
#   deploy/slurm/submit.sh N INPUT PARTS OUT [sbatch options…]
#
# INPUT, PARTS and OUT must be on storage every node sees (NFS, Lustre, …). Set GIJI to
# the binary's path if it is not on PATH, GIJI_CACHE to a shared --cache folder to make
# weekly re-runs incremental, GIJI_ARGS for convert options (the same for every shard).
set -euo pipefail
if [ $# -lt 4 ]; then
  sed -n '2,10p' "$0" >&2
  exit 2
fi
n=$1 input=$2 parts=$3 out=$4
shift 4
here=$(cd "$(dirname "$0")" && pwd)
export GIJI=${GIJI:-giji} GIJI_INPUT=$input GIJI_PARTS=$parts GIJI_OUT=$out GIJI_SHARDS=$n
export GIJI_CACHE=${GIJI_CACHE:-} GIJI_ARGS=${GIJI_ARGS:-}
array=$(sbatch --parsable --export=ALL --array="0-$((n - 1))" "$@" "$here/giji-shard.sbatch")
sbatch --parsable --export=ALL --dependency="afterok:${array%%;*}" "$@" "$here/giji-merge.sbatch"
