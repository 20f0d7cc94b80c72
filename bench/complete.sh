#!/usr/bin/env bash
# Completion speed: `__complete get pods ''` (what bash runs on TAB after
# "get pods ") for ktl and the reference kubectl, next to `version --client`
# (plain startup), so the two ratios can be compared: completion should cost
# ktl no more, relative to kubectl, than starting does. Medians from hyperfine.
# Usage: bench/complete.sh   (BENCH_RUNS=20 by default; NS=namespace to complete in, default kube-system)
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
command -v hyperfine >/dev/null || { echo "error: hyperfine is required" >&2; exit 1; }
kubectl_bin="${KTL_REFERENCE_KUBECTL:-/usr/lib/google-cloud-sdk/bin/kubectl.1.33}"
export KUBECONFIG="${KUBECONFIG:-$root/.cluster/kubeconfig}"
runs="${BENCH_RUNS:-20}"
ns="${NS:-kube-system}"
[[ -f dist/ktl.cjs ]] || npm run build >/dev/null
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

# both answer the same candidates (checked once, before timing)
diff <(node bin/ktl.js __complete -n "$ns" get pods '' 2>/dev/null) <("$kubectl_bin" __complete -n "$ns" get pods '' 2>/dev/null) >/dev/null ||
  echo "warning: ktl and kubectl answer differently" >&2

printf '%-28s %10s %10s %8s\n' scenario ktl-ms kubectl-ms ratio
for scenario in "version --client" "__complete -n $ns get pods ''" "__complete get ''"; do
  hyperfine -N --warmup 3 --runs "$runs" --export-json "$out/r.json" \
    -n ktl "node $root/bin/ktl.js $scenario" -n kubectl "$kubectl_bin $scenario" >/dev/null 2>&1
  node -e '
    const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).results;
    const med = (n) => r.find((x) => x.command === n).median * 1000;
    const a = med("ktl"), b = med("kubectl");
    console.log([process.argv[2].padEnd(28), a.toFixed(1).padStart(10), b.toFixed(1).padStart(10), (a / b).toFixed(2).padStart(8)].join(" "));
  ' "$out/r.json" "$scenario"
done
