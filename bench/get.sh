#!/usr/bin/env bash
# ktl get vs the reference kubectl on big lists:
#   get pods          with 500 pods   (server-side table)
#   get pods -o json  with 2000 pods  (plain JSON list, 4 pages of 500)
#   get pods -o yaml  with 2000 pods  (the same list as YAML)
# Pods come from Deployments on the kwok nodes. Each kwok node takes 110 pods,
# so the script raises the nodes' pod capacity (status.capacity/allocatable
# via the status subresource) first. Runs ktl and kubectl interleaved through
# bench/rusage.py (one of each per round) and reports the medians of CPU
# (user+sys), wall and peak RSS with the ktl/kubectl ratios, then cleans up.
# Usage: bench/get.sh   (BENCH_RUNS=15 by default; KTL_BENCH_BEFORE=path of another
# ktl launcher, e.g. an older build's bin/ktl.js, adds a "before" row measured in
# the same rounds)
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
command -v python3 >/dev/null || { echo "error: python3 is required (bench/rusage.py)" >&2; exit 1; }
kubectl_bin="${KTL_REFERENCE_KUBECTL:-/usr/lib/google-cloud-sdk/bin/kubectl.1.33}"
export KUBECONFIG="${KUBECONFIG:-$root/.cluster/kubeconfig}"
runs="${BENCH_RUNS:-15}"
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

# the cluster settles the new pods (status updates, events) for a while after they run:
# each command once before measuring, then all of them interleaved (bench/rusage.py:
# one run of each per round, so a slower or faster moment of the cluster falls on all)
measure() { # args ns -> one JSON line per run (index, cpu, wall, rss, status)
  local args="$1" ns="$2" cmds
  # shellcheck disable=SC2086
  cmds="$(node -e '
    const [root, kubectl, before, ns, ...args] = process.argv.slice(1);
    const c = [[process.execPath, root + "/bin/ktl.js", "-n", ns, ...args], [kubectl, "-n", ns, ...args]];
    if (before) c.push([process.execPath, before, "-n", ns, ...args]);
    console.log(JSON.stringify(c));' "$root" "$kubectl_bin" "${KTL_BENCH_BEFORE:-}" "$ns" $args)"
  python3 bench/rusage.py "$cmds" 1 >/dev/null
  python3 bench/rusage.py "$cmds" "$runs"
}

printf '%-26s %8s %8s %6s %8s %8s %6s %8s %8s %6s\n' scenario ktl-cpu kc-cpu cpu ktl-wall kc-wall wall ktl-MiB kc-MiB rss
for s in "get pods|$ns500" "get pods -o json|$ns2000" "get pods -o yaml|$ns2000"; do
  args="${s%%|*}"; ns="${s##*|}"
  label="$args ($(k -n "$ns" get pods --no-headers | wc -l))"
  measure "$args" "$ns" | node -e '
    const lines = require("fs").readFileSync(0, "utf8").trim().split("\n").map((l) => JSON.parse(l));
    const [label, hasBefore] = process.argv.slice(1);
    const bad = lines.find((x) => x.status !== 0);
    if (bad) { console.error(`error: run ${bad.i} exited ${bad.status}`); process.exit(1); }
    const med = (i, key) => { const v = lines.filter((x) => x.i === i).map((x) => x[key]).sort((a, b) => a - b); return v.length % 2 ? v[(v.length - 1) / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2; };
    const row = (name, i) => {
      const cells = [];
      for (const [key, scale] of [["cpu", 1], ["wall", 1], ["rss", 1024]]) {
        const a = med(i, key) / scale, b = med(1, key) / scale;
        cells.push(a.toFixed(0).padStart(8), b.toFixed(0).padStart(8), (a / b).toFixed(2).padStart(6));
      }
      console.log(name.padEnd(26) + " " + cells.join(" "));
    };
    row(label, 0);
    if (hasBefore) row("  before", 2);' "$label" "${KTL_BENCH_BEFORE:-}"
done
