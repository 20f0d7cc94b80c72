#!/usr/bin/env bash
# Side-by-side performance of ktl and the reference kubectl, in one run.
# Small commands (version --client, get ns default, get pod NAME, get deploy):
# bench/small.mjs, CPU (user+sys, from wait4), wall and peak RSS medians, runs
# interleaved, with `node -e 0` as Node's floor. api-resources: hyperfine
# medians (wall) and the median of max RSS (GNU time).
# Prints ratios ktl/kubectl (below 1 means ktl is better).
# Usage: bench/run.sh [scenario...]
#   scenarios: version get-ns get-pod get-deploy api-resources (default: all)
#   BENCH_RUNS=N (default 21 for the small commands, 20 for api-resources)
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
command -v hyperfine >/dev/null || { apt-get install -y hyperfine >/dev/null 2>&1 || { echo "error: hyperfine is required (apt-get install hyperfine)" >&2; exit 1; }; }
[[ -x /usr/bin/time ]] || { echo "error: GNU time is required (apt-get install time)" >&2; exit 1; }
kubectl_bin="${KTL_REFERENCE_KUBECTL:-$(dirname "$(readlink -f "$(command -v kubectl)")")/kubectl.1.33}"
[[ -x "$kubectl_bin" ]] || { echo "error: reference kubectl not found at $kubectl_bin" >&2; exit 1; }
export KUBECONFIG="${KUBECONFIG:-${KTL_CLUSTER_DIR:-$root/.cluster}/kubeconfig}"
export KTL_REFERENCE_KUBECTL="$kubectl_bin"
runs="${BENCH_RUNS:-20}"
out="$root/bench/results/$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$out"
[[ -f dist/ktl.cjs ]] || npm run build >/dev/null

declare -A scenario=(
  [api-resources]="api-resources"
)
selected=("$@"); (( ${#selected[@]} )) || selected=(version get-ns get-pod get-deploy api-resources)

small=()
rest=()
for s in "${selected[@]}"; do
  case "$s" in
    version | get-ns | get-pod | get-deploy) small+=("$s") ;;
    *) rest+=("$s") ;;
  esac
done
if (( ${#small[@]} )); then
  node bench/small.mjs "${small[@]}" | tee "$out/small.txt"
  echo
fi
(( ${#rest[@]} )) || { echo "results: $out"; exit 0; }
selected=("${rest[@]}")

peak_rss_median() { # command... -> median max RSS in KiB over 7 runs
  local vals=()
  for _ in 1 2 3 4 5 6 7; do
    /usr/bin/time -f '%M' -o "$out/.rss" "$@" >/dev/null 2>&1 || true
    vals+=("$(tail -n1 "$out/.rss")")
  done
  printf '%s\n' "${vals[@]}" | sort -n | sed -n 4p
}

printf '%-16s %12s %12s %8s %12s %12s %8s\n' scenario ktl-ms kubectl-ms ratio ktl-MiB kubectl-MiB ratio | tee "$out/summary.txt"
for s in "${selected[@]}"; do
  args="${scenario[$s]}"
  hyperfine -N --warmup 3 --runs "$runs" --export-json "$out/$s.json" \
    -n ktl "node $root/bin/ktl.js $args" -n kubectl "$kubectl_bin $args" >/dev/null
  # shellcheck disable=SC2086
  km="$(peak_rss_median node "$root/bin/ktl.js" $args)"
  # shellcheck disable=SC2086
  rm="$(peak_rss_median "$kubectl_bin" $args)"
  node -e '
    const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).results;
    const med = (n) => r.find((x) => x.command === n).median * 1000;
    const [s, km, rm] = process.argv.slice(2);
    const a = med("ktl"), b = med("kubectl");
    console.log([s.padEnd(16), a.toFixed(1).padStart(12), b.toFixed(1).padStart(12), (a / b).toFixed(2).padStart(8),
      (km / 1024).toFixed(1).padStart(12), (rm / 1024).toFixed(1).padStart(12), (km / rm).toFixed(2).padStart(8)].join(" "));
  ' "$out/$s.json" "$s" "$km" "$rm" | tee -a "$out/summary.txt"
done
echo "results: $out"
