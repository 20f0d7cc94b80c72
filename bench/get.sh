#!/usr/bin/env bash
# ktl get vs the reference kubectl on big lists:
#   get pods          with 500 pods   (server-side table)
#   get pods -o json  with 2000 pods  (plain JSON list, 4 pages of 500)
# Pods come from Deployments on the kwok nodes. Each kwok node takes 110 pods,
# so the script raises the nodes' pod capacity (status.capacity/allocatable
# via the status subresource) first. Reports hyperfine medians and the median
# peak RSS (GNU time %M) with ktl/kubectl ratios, then cleans up.
# Usage: bench/get.sh   (BENCH_RUNS=10 by default; KTL_BENCH_BEFORE=path of another
# ktl launcher, e.g. an older build's bin/ktl.js, adds a "before" row measured in
# the same hyperfine runs)
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
command -v hyperfine >/dev/null || { echo "error: hyperfine is required" >&2; exit 1; }
[[ -x /usr/bin/time ]] || { echo "error: GNU time is required" >&2; exit 1; }
kubectl_bin="${KTL_REFERENCE_KUBECTL:-/usr/lib/google-cloud-sdk/bin/kubectl.1.33}"
export KUBECONFIG="${KUBECONFIG:-$root/.cluster/kubeconfig}"
runs="${BENCH_RUNS:-10}"
k() { "$kubectl_bin" "$@"; }
[[ -f dist/ktl.cjs ]] || npm run build >/dev/null

ns500="ktl-bench-500-$$"
ns2000="ktl-bench-2000-$$"
cleanup() {
  k delete namespace "$ns500" "$ns2000" --wait=false >/dev/null 2>&1 || true
  for n in $(k get nodes -o name); do # back to kwok's default capacity
    k patch "$n" --subresource=status --type=merge -p '{"status":{"capacity":{"pods":"110"},"allocatable":{"pods":"110"}}}' >/dev/null 2>&1 || true
  done
}
trap cleanup EXIT

# room for 2500 pods on the kwok nodes
for n in $(k get nodes -o name); do
  k patch "$n" --subresource=status --type=merge -p '{"status":{"capacity":{"pods":"1000"},"allocatable":{"pods":"1000"}}}' >/dev/null
done

make_pods() { # ns count
  k create namespace "$1" >/dev/null
  k -n "$1" create deployment bench --image=registry.k8s.io/pause:3.10 --replicas="$2" >/dev/null
  local want="$2" have=0
  for _ in $(seq 1 180); do
    have="$(k -n "$1" get pods --no-headers --field-selector=status.phase=Running 2>/dev/null | wc -l)"
    (( have >= want )) && break
    sleep 2
  done
  echo "$1: $have/$want pods running" >&2
}
make_pods "$ns500" 500
make_pods "$ns2000" 2000

peak_rss_median() { # command... -> median max RSS in KiB over 5 runs
  local vals=()
  for _ in 1 2 3 4 5; do
    /usr/bin/time -f '%M' -o /tmp/ktl-bench-rss.$$ "$@" >/dev/null 2>&1 || true
    vals+=("$(tail -n1 /tmp/ktl-bench-rss.$$)")
  done
  printf '%s\n' "${vals[@]}" | sort -n | sed -n 3p
}

median_ms() { # hyperfine json, command index
  node -e 'const r=JSON.parse(require("fs").readFileSync(process.argv[1],"utf8")).results[+process.argv[2]];console.log((r.median*1000).toFixed(0))' "$1" "$2"
}

printf '%-22s %9s %11s %7s %9s %11s %7s\n' scenario ktl-ms kubectl-ms ratio ktl-MiB kubectl-MiB ratio
for s in "get pods|$ns500" "get pods -o json|$ns2000"; do
  args="${s%%|*}"; ns="${s##*|}"
  json="$(mktemp)"
  # shellcheck disable=SC2086
  before=()
  [[ -n "${KTL_BENCH_BEFORE:-}" ]] && before=(-n before "node $KTL_BENCH_BEFORE -n $ns $args")
  hyperfine -N --warmup 2 --runs "$runs" --export-json "$json" \
    -n ktl "node $root/bin/ktl.js -n $ns $args" -n kubectl "$kubectl_bin -n $ns $args" "${before[@]}" >/dev/null
  kt="$(median_ms "$json" 0)"; kc="$(median_ms "$json" 1)"
  # shellcheck disable=SC2086
  km="$(peak_rss_median node "$root/bin/ktl.js" -n "$ns" $args)"
  # shellcheck disable=SC2086
  cm="$(peak_rss_median "$kubectl_bin" -n "$ns" $args)"
  printf '%-22s %9s %11s %7s %9s %11s %7s\n' "$args ($(k -n "$ns" get pods --no-headers | wc -l))" "$kt" "$kc" \
    "$(node -e "console.log(($kt/$kc).toFixed(2))")" "$((km / 1024))" "$((cm / 1024))" "$(node -e "console.log(($km/$cm).toFixed(2))")"
  if [[ -n "${KTL_BENCH_BEFORE:-}" ]]; then
    bt="$(median_ms "$json" 2)"
    # shellcheck disable=SC2086
    bm="$(peak_rss_median node "$KTL_BENCH_BEFORE" -n "$ns" $args)"
    printf '%-22s %9s %11s %7s %9s %11s %7s\n' "  before" "$bt" "$kc" "$(node -e "console.log(($bt/$kc).toFixed(2))")" "$((bm / 1024))" "$((cm / 1024))" "$(node -e "console.log(($bm/$cm).toFixed(2))")"
  fi
  rm -f "$json"
done
