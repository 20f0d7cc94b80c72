#!/usr/bin/env bash
# ktl vs kubectl.1.33: `cp` of one file of SIZE MiB (random bytes) to a pod and
# back, on the local kwok cluster (exec runs `tar` on this machine, see
# docs/local-cluster.md). The runs alternate ktl and kubectl; each run is timed
# with GNU time (wall time and peak RSS). Prints the medians, the ratios
# ktl/kubectl (below 1 means ktl is better) and checks every copy byte for byte.
# KTL_BEFORE=/path/to/an/older/bin/ktl.js adds that build as a third column
# ("before"), to compare a change in the same run.
# Usage: bench/cp.sh [SIZE_MIB=100] [RUNS=5]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
SIZE=${1:-100}; RUNS=${2:-5}
export KTL_CLUSTER_DIR=${KTL_CLUSTER_DIR:-$root/.cluster}
export KUBECONFIG=${KUBECONFIG:-$KTL_CLUSTER_DIR/kubeconfig}
KUBECTL=${KTL_REFERENCE_KUBECTL:-/usr/lib/google-cloud-sdk/bin/kubectl.1.33}
KTL=(node "$root/bin/ktl.js")
[[ -f "$root/dist/ktl.cjs" ]] || (cd "$root" && npm run build >/dev/null)
ns="bench-cp-$(date +%s)"
pod=cp
work=$(mktemp -d)
podroot="$KTL_CLUSTER_DIR/kubelet/pods/$ns/$pod/root"
cleanup() { rm -rf "$work" "$KTL_CLUSTER_DIR/kubelet/pods/$ns"; $KUBECTL delete ns "$ns" --wait=false >/dev/null 2>&1 || true; }
trap cleanup EXIT

# the pod, and an exec work dir of its own (as test/e2e/kubelet-env.ts givePodWorkDir)
mkdir -p "$podroot"
runas='{}'
if [[ $(id -u) == 0 ]]; then chown 65534:65534 "$podroot"; runas='{"runAsUser": 65534, "runAsGroup": 65534}'; fi
$KUBECTL create ns "$ns" >/dev/null
$KUBECTL apply -f - >/dev/null <<JSON
{"apiVersion": "v1", "kind": "List", "items": [
 {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "$pod", "namespace": "$ns"},
  "spec": {"terminationGracePeriodSeconds": 0, "containers": [{"name": "app", "image": "registry.k8s.io/pause:3.10"}]}},
 {"apiVersion": "kwok.x-k8s.io/v1alpha1", "kind": "Exec", "metadata": {"name": "$pod", "namespace": "$ns"},
  "spec": {"execs": [{"local": {"workDir": "$podroot", "envs": [{"name": "KWOK_EXEC", "value": "true"}], "securityContext": $runas}}]}}]}
JSON
$KUBECTL wait -n "$ns" --for=condition=Ready --timeout=90s "pod/$pod" >/dev/null
for _ in $(seq 1 40); do
  [[ "$($KUBECTL exec -n "$ns" "$pod" -- pwd 2>/dev/null)" == "$podroot" ]] && break
  sleep 0.5
done

head -c "$((SIZE * 1024 * 1024))" /dev/urandom > "$work/src.bin"
cp "$work/src.bin" "$podroot/down.bin"
[[ $(id -u) == 0 ]] && chown 65534:65534 "$podroot/down.bin"

# one timed run: appends "seconds kib" to $work/<label>
timed() {
  local label=$1; shift
  /usr/bin/time -f '%e %M' -o "$work/.t" "$@" >"$work/.out" 2>&1 || { echo "failed: $*" >&2; cat "$work/.out" >&2; exit 1; }
  tail -n1 "$work/.t" >> "$work/$label"
}
check() { cmp -s "$work/src.bin" "$1" || { echo "copy differs: $1" >&2; exit 1; }; }

tools=(kubectl ktl); [[ -n "${KTL_BEFORE:-}" ]] && tools+=(before)
for i in $(seq 1 "$RUNS"); do
  for tool in "${tools[@]}"; do
    case $tool in
      ktl) run=("${KTL[@]}") ;;
      before) run=(node "$KTL_BEFORE") ;;
      *) run=("$KUBECTL") ;;
    esac
    rm -f "$podroot/up.bin"
    timed "up-$tool" "${run[@]}" cp -n "$ns" "$work/src.bin" "$pod:up.bin"
    check "$podroot/up.bin"
    rm -f "$work/down.bin"
    timed "down-$tool" "${run[@]}" cp -n "$ns" "$pod:down.bin" "$work/down.bin"
    check "$work/down.bin"
  done
done

python3 - "$work" "$SIZE" "$RUNS" "${tools[@]}" <<'PY'
import statistics, sys
work, size, runs, tools = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
def med(label, col):
    return statistics.median(float(l.split()[col]) for l in open(f"{work}/{label}") if l.strip())
print(f"cp of {size} MiB, {runs} runs each, medians: wall s, peak RSS MiB; ratio = tool/kubectl")
print(f"{'':6} " + " ".join(f"{t + ' s':>10} {'ratio':>6} {t + ' MiB':>12} {'ratio':>6}" for t in tools))
for d in ('up', 'down'):
    b, rb = med(f"{d}-kubectl", 0), med(f"{d}-kubectl", 1) / 1024
    cols = []
    for t in tools:
        a, ra = med(f"{d}-{t}", 0), med(f"{d}-{t}", 1) / 1024
        cols.append(f"{a:10.2f} {a / b:6.2f} {ra:12.1f} {ra / rb:6.2f}")
    print(f"{d:6} " + " ".join(cols))
PY
