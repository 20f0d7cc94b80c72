#!/usr/bin/env bash
# ktl vs kubectl.1.33: `apply -f DIR` of N objects (ConfigMaps and Deployments),
# first apply into a fresh namespace (create) and re-apply (all unchanged).
# Prints hyperfine medians, the ktl/kubectl ratios and peak RSS.
# Usage: bench/apply.sh [N=200] [RUNS=5]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
N=${1:-200}; RUNS=${2:-5}
export KUBECONFIG=${KUBECONFIG:-$root/.cluster/kubeconfig}
KUBECTL=${KTL_REFERENCE_KUBECTL:-/usr/lib/google-cloud-sdk/bin/kubectl.1.33}
KTL="node $root/bin/ktl.js"
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
mkdir -p "$work/m"
for i in $(seq 1 $((N / 2))); do
  cat > "$work/m/cm-$i.yaml" <<YAML
apiVersion: v1
kind: ConfigMap
metadata: {name: cm-$i, labels: {bench: apply}}
data: {key: "value-$i", other: "x"}
YAML
  cat > "$work/m/deploy-$i.yaml" <<YAML
apiVersion: apps/v1
kind: Deployment
metadata: {name: web-$i, labels: {bench: apply}}
spec:
  replicas: 0
  selector: {matchLabels: {app: web-$i}}
  template:
    metadata: {labels: {app: web-$i}}
    spec:
      containers:
      - name: app
        image: nginx:1.27
        env: [{name: A, value: "1"}]
        ports: [{containerPort: 80}]
YAML
done
nsfile="$work/ns"
fresh() { local ns="bench-apply-$(date +%s%N | tail -c 9)"; $KUBECTL create ns "$ns" >/dev/null; echo "$ns" > "$nsfile"; }
export -f fresh; export KUBECTL nsfile
echo "== first apply of $N objects (fresh namespace each run)"
hyperfine -N --runs "$RUNS" --export-json "$work/create.json" \
  --prepare "bash -c fresh" \
  -n ktl "bash -c '$KTL apply -n \$(cat $nsfile) -f $work/m'" \
  -n kubectl "bash -c '$KUBECTL apply -n \$(cat $nsfile) -f $work/m'" >/dev/null
re_ns="bench-apply-re-$(date +%s)"; $KUBECTL create ns "$re_ns" >/dev/null; $KUBECTL apply -n "$re_ns" -f "$work/m" >/dev/null
echo "== re-apply of $N unchanged objects"
hyperfine -N --runs "$RUNS" --warmup 1 --export-json "$work/reapply.json" \
  -n ktl "$KTL apply -n $re_ns -f $work/m" \
  -n kubectl "$KUBECTL apply -n $re_ns -f $work/m" >/dev/null
rss() { /usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -1; }
rss_ktl=$(rss $KTL apply -n "$re_ns" -f "$work/m"); rss_kubectl=$(rss $KUBECTL apply -n "$re_ns" -f "$work/m")
python3 - "$work" "$rss_ktl" "$rss_kubectl" <<'PY'
import json, sys
work, rk, rc = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
for name in ('create', 'reapply'):
    r = {x['command']: x['median'] for x in json.load(open(f'{work}/{name}.json'))['results']}
    print(f"{name:8} ktl {r['ktl']*1000:7.0f} ms   kubectl {r['kubectl']*1000:7.0f} ms   speed-up x{r['kubectl']/r['ktl']:.2f}")
print(f"peak RSS (re-apply): ktl {rk/1024:.0f} MiB   kubectl {rc/1024:.0f} MiB")
PY
for ns in $(cat "$nsfile") "$re_ns"; do $KUBECTL delete ns "$ns" --wait=false >/dev/null; done
$KUBECTL get ns -o name | grep 'bench-apply-' | xargs -r $KUBECTL delete --wait=false >/dev/null 2>&1 || true
