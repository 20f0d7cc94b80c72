#!/usr/bin/env bash
# Stops exactly the processes up.sh started (by recorded pid), waits for them
# to exit and removes the runtime state. --keep keeps etcd data and the PKI.
set -euo pipefail
. "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"

keep=0
for a in "$@"; do
  case "$a" in
    --keep) keep=1 ;;
    -h|--help) echo "usage: down.sh [--keep]   (--keep keeps etcd data, PKI, ports and kubelet files for the next cluster:up)"; exit 0 ;;
    *) die "unknown argument: $a" ;;
  esac
done

stopped=()
# session_of PID: the session id of a live process (each component was started
# with setsid, so it leads its own session, and what it runs stays in it).
session_of() { awk '{ sub(/^.*\) /, ""); print $4 }' "/proc/$1/stat" 2>/dev/null; }
# stop_pids LABEL PID...: TERM, wait up to 15s, then KILL.
stop_pids() {
  local label="$1" pid; shift
  for pid in "$@"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "$@"; do
    for _ in $(seq 1 150); do [[ -d "/proc/$pid" ]] || break; sleep 0.1; done
    if [[ -d "/proc/$pid" ]]; then
      log "$label (pid $pid) did not stop within 15s; killing it"
      kill -KILL "$pid" 2>/dev/null || true
      for _ in $(seq 1 50); do [[ -d "/proc/$pid" ]] || break; sleep 0.1; done
    fi
  done
}
# stop_group NAME... : the live ones together, then what they left running in
# their sessions (kwok's exec'd commands and port-forward helpers).
stop_group() {
  local name pid p pids=() names=() sids=() rest=()
  for name in "$@"; do
    if pid="$(live_pid "$name")"; then
      pids+=("$pid"); names+=("$name"); stopped+=("$name"); sids+=("$pid")
    fi
    rm -f "$PIDS/$name.pid" "$PIDS/$name.since" "$PIDS/$name.exe"
  done
  (( ${#pids[@]} )) || return 0
  stop_pids "${names[*]}" "${pids[@]}"
  for pid in "${sids[@]}"; do
    for p in $(ps -o pid= --sid "$pid" 2>/dev/null); do
      [[ "$(session_of "$p")" == "$pid" ]] && rest+=("$p")
    done
  done
  (( ${#rest[@]} )) && stop_pids "a process left by ${names[*]}" "${rest[@]}"
  return 0
}
# Clients of the API server first, then the API server, then etcd.
stop_group metrics-server kwok kube-scheduler kube-controller-manager
stop_group kube-apiserver
stop_group etcd

if [[ -d "$CLUSTER_DIR" ]]; then
  if (( keep )); then
    rm -rf "$LOGS" "$PIDS" "$KUBECONFIG_OUT" "$CLUSTER_DIR"/*.kubeconfig "$CLUSTER_DIR/scheduler.yaml" "$CLUSTER_DIR/kwok-stages.yaml" \
      "$CLUSTER_DIR/kwok-kubelet.yaml" "$CLUSTER_DIR/metrics-server" "$CLUSTER_DIR/.post.out"
  else
    rm -rf "$CLUSTER_DIR"
  fi
fi

if (( ${#stopped[@]} )); then
  echo "Stopped ${stopped[*]}.$( (( keep )) && echo " Kept etcd data and PKI in $CLUSTER_DIR." )"
else
  echo "The local cluster was not running."
fi
