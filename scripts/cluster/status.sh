#!/usr/bin/env bash
# What runs, on which ports, since when. --quiet: exit 0 only when every
# component runs and the API server is ready.
set -euo pipefail
. "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"

quiet=0 api_only=0
for a in "$@"; do
  case "$a" in
    -q|--quiet) quiet=1 ;;
    --api) api_only=1 ;;  # with --quiet: only whether the API server is ready
    *) die "usage: status.sh [--quiet [--api]]" ;;
  esac
done
if (( quiet && api_only )); then api_ready && exit 0 || exit 1; fi

ok=1
rows=()
for c in "${COMPONENTS[@]}"; do
  IFS=: read -r name port _ <<<"$c"
  if pid="$(live_pid "$name")"; then
    since="$(cat "$PIDS/$name.since" 2>/dev/null || echo '?')"
    rss="$(awk '/VmRSS/{printf "%d MiB", $2/1024}' "/proc/$pid/status" 2>/dev/null || echo '?')"
    rows+=("$name|running|$pid|127.0.0.1:$port|$since|$rss")
  else
    ok=0
    rows+=("$name|stopped|-|127.0.0.1:$port|-|-")
  fi
done
ready=no metrics=no
api_ready && ready=yes || ok=0
metrics_available && metrics=yes || ok=0

if (( quiet )); then (( ok )) && exit 0 || exit 1; fi
{
  echo "COMPONENT|STATE|PID|ADDRESS|SINCE|RSS"
  printf '%s\n' "${rows[@]}"
} | column -t -s '|'
echo
echo "API server $APISERVER_URL ready: $ready; metrics.k8s.io available: $metrics"
[[ -n "$CLUSTER_NAME" ]] && echo "cluster name: $CLUSTER_NAME (runtime dir $CLUSTER_DIR)"
[[ -f "$KUBECONFIG_OUT" ]] && echo "export KUBECONFIG=$KUBECONFIG_OUT"
(( ok )) && exit 0 || exit 1
