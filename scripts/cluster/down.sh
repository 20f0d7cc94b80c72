#!/usr/bin/env bash
# Stops exactly the processes up.sh started (by recorded pid), waits for them
# to exit and removes the runtime state. --keep keeps etcd data and the PKI.
set -euo pipefail
. "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"

keep=0
for a in "$@"; do
  case "$a" in
    --keep) keep=1 ;;
    -h|--help) echo "usage: down.sh [--keep]   (--keep keeps etcd data and PKI for the next cluster:up)"; exit 0 ;;
    *) die "unknown argument: $a" ;;
  esac
done

stopped=()
# stop_group NAME... : TERM the live ones together, wait up to 15s, then KILL.
stop_group() {
  local name pid pids=() names=()
  for name in "$@"; do
    if pid="$(live_pid "$name")"; then
      kill -TERM "$pid" 2>/dev/null || true
      pids+=("$pid"); names+=("$name"); stopped+=("$name")
    fi
    rm -f "$PIDS/$name.pid" "$PIDS/$name.since"
  done
  local i
  for ((i = 0; i < ${#pids[@]}; i++)); do
    pid="${pids[$i]}"
    for _ in $(seq 1 150); do [[ -d "/proc/$pid" ]] || break; sleep 0.1; done
    if [[ -d "/proc/$pid" ]]; then
      log "${names[$i]} (pid $pid) did not stop within 15s; killing it"
      kill -KILL "$pid" 2>/dev/null || true
      for _ in $(seq 1 50); do [[ -d "/proc/$pid" ]] || break; sleep 0.1; done
    fi
  done
}
# Clients of the API server first, then the API server, then etcd.
stop_group kwok kube-scheduler kube-controller-manager
stop_group kube-apiserver
stop_group etcd

if [[ -d "$CLUSTER_DIR" ]]; then
  if (( keep )); then
    rm -rf "$LOGS" "$PIDS" "$KUBECONFIG_OUT" "$CLUSTER_DIR"/*.kubeconfig "$CLUSTER_DIR/scheduler.yaml" "$CLUSTER_DIR/kwok-stages.yaml" "$CLUSTER_DIR/.post.out"
  else
    rm -rf "$CLUSTER_DIR"
  fi
fi

if (( ${#stopped[@]} )); then
  echo "Stopped ${stopped[*]}.$( (( keep )) && echo " Kept etcd data and PKI in $CLUSTER_DIR." )"
else
  echo "The local cluster was not running."
fi
