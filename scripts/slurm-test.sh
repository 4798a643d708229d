#!/usr/bin/env bash
# A real Slurm run of a sharded conversion, on this machine: starts a one-node cluster
# (Debian's slurm-wlm and munge, installed when missing; munged with a generated key;
# slurm.conf naming this host as the node), submits deploy/slurm/submit.sh with a 4-way
# array over 2,000 minutes, waits for the dependent merge, and checks that the merged
# dataset equals a single `giji convert` of the same files byte for byte. Stops the
# daemons it started. Run as root (CI is).
#
#   scripts/slurm-test.sh [FILES=2000] [SHARDS=4]
set -euo pipefail
files=${1:-2000}
shards=${2:-4}
root=$(cd "$(dirname "$0")/.." && pwd)
cargo build --release --quiet --manifest-path "$root/Cargo.toml"
giji=$root/target/release/giji

need=()
command -v slurmctld >/dev/null || need+=(slurm-wlm)
command -v munged >/dev/null || need+=(munge)
if [ ${#need[@]} -gt 0 ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

# Everything of the cluster lives in one folder; the shared storage is this machine's disk.
work=$(mktemp -d /tmp/giji-slurm.XXXXXX)
chmod 755 "$work"
started=()
cleanup() {
  for pid in "${started[@]}"; do kill "$pid" 2>/dev/null || true; done
  # slurmctld saves its state into the spool as it stops: wait for the daemons to be gone
  # (10 s at most) before removing the folder, or rm races the last write.
  for pid in "${started[@]}"; do
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
  done
  rm -rf "$work"
}
trap cleanup EXIT

# munge: a generated key, its own socket and state folders.
mkdir -p "$work/munge" "$work/munge-run"
dd if=/dev/urandom of="$work/munge/munge.key" bs=1024 count=1 status=none
chmod 700 "$work/munge" "$work/munge-run"
chmod 400 "$work/munge/munge.key"
sock=$work/munge-run/munge.socket
munged --force --key-file="$work/munge/munge.key" --socket="$sock" \
  --pid-file="$work/munge-run/munged.pid" --log-file="$work/munge/munged.log" \
  --seed-file="$work/munge/munged.seed"
started+=("$(cat "$work/munge-run/munged.pid")")

host=$(hostname -s)
cpus=$(nproc)
mem=$(awk '/MemTotal/ {print int($2 / 1024 * 0.8)}' /proc/meminfo)
mkdir -p "$work/spool/ctld" "$work/spool/d" "$work/log"
conf=$work/slurm.conf
cat > "$conf" <<CONF
ClusterName=giji-ci
SlurmctldHost=$host
SlurmUser=root
AuthType=auth/munge
AuthInfo=socket=$sock
CredType=cred/munge
MpiDefault=none
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerType=sched/backfill
ReturnToService=2
SlurmctldPort=$((6817 + RANDOM % 1000))
SlurmdPort=$((7817 + RANDOM % 1000))
StateSaveLocation=$work/spool/ctld
SlurmdSpoolDir=$work/spool/d
SlurmctldPidFile=$work/slurmctld.pid
SlurmdPidFile=$work/slurmd.pid
SlurmctldLogFile=$work/log/slurmctld.log
SlurmdLogFile=$work/log/slurmd.log
JobCompType=jobcomp/none
AccountingStorageType=accounting_storage/none
NodeName=$host CPUs=$cpus RealMemory=$mem State=UNKNOWN
PartitionName=ci Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF=$conf
slurmctld -f "$conf"
slurmd -f "$conf"
sleep 1
started+=("$(cat "$work/slurmctld.pid")" "$(cat "$work/slurmd.pid")")
for _ in $(seq 60); do
  state=$(sinfo -h -n "$host" -o %T 2>/dev/null || true)
  [ "$state" = idle ] && break
  sleep 1
done
if [ "$state" != idle ]; then
  echo "slurm-test: the node did not come up (state: ${state:-none})" >&2
  tail -n 20 "$work/log/slurmctld.log" "$work/log/slurmd.log" >&2 || true
  exit 1
fi
echo "slurm-test: one-node cluster up ($host, $cpus CPUs, $(sinfo -V))"

# 2,000 minutes: the fixture inputs and the seed under other names, good and bad.
. "$root/scripts/bench-lib.sh"
copy_minutes "$work/in" "$files"

cd "$work"
merge=$(GIJI=$giji "$root/deploy/slurm/submit.sh" "$shards" "$work/in" "$work/parts" "$work/out" \
  --chdir="$work")
echo "slurm-test: submitted $shards shards and merge job $merge"
for _ in $(seq 600); do
  [ -z "$(squeue -h -o %i)" ] && break
  sleep 1
done
cat "$work"/giji-merge-*.log 2>/dev/null || true
if [ ! -f "$work/out/datapackage.json" ]; then
  echo "slurm-test: the merge job published no dataset (job $merge)" >&2
  tail -n 5 "$work"/giji-shard-*.log >&2 || true
  tail -n 20 "$work/log/slurmctld.log" >&2 || true
  exit 1
fi
ls -d "$work"/parts/* | sed "s|$work/||"
# Exit 2: the batch holds bad files on purpose; their rows are in diagnostics.csv.
"$giji" convert "$work/in" -o "$work/single" --quiet 2>/dev/null || [ $? -eq 2 ]
if diff -r "$work/single" "$work/out" >/dev/null; then
  echo "slurm-test: $shards-way Slurm array over $files files, merged = single run, byte for byte"
else
  echo "slurm-test: merged dataset differs from the single run" >&2
  diff -rq "$work/single" "$work/out" >&2 || true
  exit 1
fi
