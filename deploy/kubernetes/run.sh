#!/usr/bin/env bash
# One sharded giji run on Kubernetes: the Indexed Job of shards, a wait for all of them,
# then the merge Job. Re-run each week: unchanged minutes come from /data/cache.
#
#   deploy/kubernetes/run.sh [TIMEOUT=24h]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
timeout=${1:-24h}
kubectl delete job giji-shards giji-merge --ignore-not-found
kubectl apply -f "$here/shards-job.yaml"
kubectl wait --for=condition=complete job/giji-shards --timeout="$timeout"
kubectl apply -f "$here/merge-job.yaml"
kubectl wait --for=condition=complete job/giji-merge --timeout="$timeout"
kubectl logs job/giji-merge
