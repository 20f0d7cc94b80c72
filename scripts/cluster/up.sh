#!/usr/bin/env bash
# Starts the local control plane on 127.0.0.1: etcd, kube-apiserver,
# kube-controller-manager, kube-scheduler and kwok with fake nodes.
# Builds the binaries first when the version cache is empty. Idempotent.
set -euo pipefail
. "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"
. "$here/pki.sh"

started_at=$(date +%s.%N)

all_running() {
  local c name
  for c in "${COMPONENTS[@]}"; do name="${c%%:*}"; live_pid "$name" >/dev/null || return 1; done
  api_ready
}

if all_running; then
  echo "The local cluster is already up ($APISERVER_URL)."
  echo "  export KUBECONFIG=$KUBECONFIG_OUT"
  exit 0
fi

# Leftovers of a half-started or crashed cluster: stop them, keep data and PKI.
if compgen -G "$PIDS/*.pid" >/dev/null; then
  log "found a partly running cluster; stopping it first"
  bash "$here/down.sh" --keep >/dev/null
fi

for b in etcd kube-apiserver kube-controller-manager kube-scheduler kwok; do
  if [[ ! -x "$(binary_of "$b")" ]]; then
    log "binaries for the pinned versions are not cached in $KTL_CLUSTER_CACHE; building (this takes a while once)"
    bash "$here/build.sh" all
    break
  fi
done

for c in "${COMPONENTS[@]}"; do
  IFS=: read -r name port var <<<"$c"
  if port_in_use "$port"; then
    die "port $port on 127.0.0.1 (for $name) is already in use; free it or set $var to another port"
  fi
done
port_in_use "$ETCD_PEER_PORT" && die "port $ETCD_PEER_PORT on 127.0.0.1 (for etcd peers) is already in use; free it or set KTL_ETCD_PEER_PORT to another port"

mkdir -p "$CLUSTER_DIR" "$LOGS" "$PIDS" "$ETCD_DATA"
chmod 0700 "$CLUSTER_DIR"
gen_pki
for n in controller-manager scheduler kwok; do write_component_kubeconfig "$n"; done

# start NAME ARGS... : runs the component detached, logs to $LOGS/NAME.log
start() {
  local name="$1"; shift
  local bin; bin="$(binary_of "$name")"
  : > "$LOGS/$name.log"
  setsid "$bin" "$@" >>"$LOGS/$name.log" 2>&1 < /dev/null &
  echo $! > "$PIDS/$name.pid"
  date -u +%Y-%m-%dT%H:%M:%SZ > "$PIDS/$name.since"
}

fail() {
  local name="$1" why="$2"
  printf 'error: %s %s; last lines of %s:\n' "$name" "$why" "$LOGS/$name.log" >&2
  tail -n 30 "$LOGS/$name.log" >&2 || true
  bash "$here/down.sh" --keep >/dev/null 2>&1 || true
  exit 1
}

# wait_for NAME SECONDS CHECK-COMMAND...
wait_for() {
  local name="$1" secs="$2"; shift 2
  local deadline=$(( $(date +%s) + secs ))
  while ! "$@" >/dev/null 2>&1; do
    live_pid "$name" >/dev/null || fail "$name" "exited during start-up"
    (( $(date +%s) < deadline )) || fail "$name" "did not become ready within ${secs}s"
    sleep 0.2
  done
}

etcd_healthy() { curl -sf --max-time 2 "http://127.0.0.1:$ETCD_PORT/health" | grep -q '"health":"true"'; }

log "starting etcd on 127.0.0.1:$ETCD_PORT"
start etcd --name ktl-dev --data-dir "$ETCD_DATA" \
  --listen-client-urls "http://127.0.0.1:$ETCD_PORT" --advertise-client-urls "http://127.0.0.1:$ETCD_PORT" \
  --listen-peer-urls "http://127.0.0.1:$ETCD_PEER_PORT" --initial-advertise-peer-urls "http://127.0.0.1:$ETCD_PEER_PORT" \
  --initial-cluster "ktl-dev=http://127.0.0.1:$ETCD_PEER_PORT" --unsafe-no-fsync --log-level warn
wait_for etcd 30 etcd_healthy

log "starting kube-apiserver on $APISERVER_URL"
start kube-apiserver --etcd-servers "http://127.0.0.1:$ETCD_PORT" \
  --bind-address 127.0.0.1 --advertise-address 127.0.0.1 --secure-port "$APISERVER_PORT" \
  --tls-cert-file "$PKI/apiserver.crt" --tls-private-key-file "$PKI/apiserver.key" \
  --client-ca-file "$PKI/ca.crt" \
  --service-account-issuer https://kubernetes.default.svc.cluster.local \
  --service-account-key-file "$PKI/sa.pub" --service-account-signing-key-file "$PKI/sa.key" \
  --authorization-mode Node,RBAC --service-cluster-ip-range 10.0.0.0/24 \
  --allow-privileged=true --profiling=false --endpoint-reconciler-type none
wait_for kube-apiserver 60 api_ready

log "starting kube-controller-manager and kube-scheduler"
start kube-controller-manager --kubeconfig "$CLUSTER_DIR/controller-manager.kubeconfig" \
  --authentication-kubeconfig "$CLUSTER_DIR/controller-manager.kubeconfig" \
  --authorization-kubeconfig "$CLUSTER_DIR/controller-manager.kubeconfig" \
  --leader-elect=false --use-service-account-credentials=true \
  --service-account-private-key-file "$PKI/sa.key" --root-ca-file "$PKI/ca.crt" \
  --cluster-signing-cert-file "$PKI/ca.crt" --cluster-signing-key-file "$PKI/ca.key" \
  --bind-address 127.0.0.1 --secure-port "$KCM_PORT" --profiling=false

cat > "$CLUSTER_DIR/scheduler.yaml" <<YAML
apiVersion: kubescheduler.config.k8s.io/v1
kind: KubeSchedulerConfiguration
clientConnection:
  kubeconfig: $CLUSTER_DIR/scheduler.kubeconfig
leaderElection:
  leaderElect: false
YAML
start kube-scheduler --config "$CLUSTER_DIR/scheduler.yaml" \
  --authentication-kubeconfig "$CLUSTER_DIR/scheduler.kubeconfig" \
  --authorization-kubeconfig "$CLUSTER_DIR/scheduler.kubeconfig" \
  --bind-address 127.0.0.1 --secure-port "$SCHEDULER_PORT" --profiling=false

# kwok needs its Stage objects: one file with the stock stages.
stages="$CLUSTER_DIR/kwok-stages.yaml"
: > "$stages"
for f in "$KWOK_BIN_DIR"/stages/*.yaml; do cat "$f" >> "$stages"; printf '\n---\n' >> "$stages"; done
log "starting kwok"
start kwok --kubeconfig "$CLUSTER_DIR/kwok.kubeconfig" --config "$stages" \
  --manage-all-nodes=false --manage-nodes-with-annotation-selector kwok.x-k8s.io/node=fake \
  --cidr 10.244.0.0/16 --node-ip 127.0.0.1 --node-lease-duration-seconds 40 \
  --server-address "127.0.0.1:$KWOK_PORT"

post() { # post PATH JSON : create, treating AlreadyExists as success
  local code
  code="$(api -o "$CLUSTER_DIR/.post.out" -w '%{http_code}' -X POST -H 'Content-Type: application/json' \
    --data "$2" "$APISERVER_URL$1")"
  [[ "$code" == 201 || "$code" == 409 ]] || { cat "$CLUSTER_DIR/.post.out" >&2; die "POST $1 failed with HTTP $code"; }
}

post /apis/rbac.authorization.k8s.io/v1/clusterrolebindings '{"apiVersion":"rbac.authorization.k8s.io/v1","kind":"ClusterRoleBinding","metadata":{"name":"ktl-dev-viewer"},"roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"ClusterRole","name":"view"},"subjects":[{"apiGroup":"rbac.authorization.k8s.io","kind":"User","name":"ktl-viewer"}]}'
for ((i = 0; i < NODE_COUNT; i++)); do
  n="kwok-node-$i"
  post /api/v1/nodes "{\"apiVersion\":\"v1\",\"kind\":\"Node\",\"metadata\":{\"name\":\"$n\",\"annotations\":{\"kwok.x-k8s.io/node\":\"fake\",\"node.alpha.kubernetes.io/ttl\":\"0\"},\"labels\":{\"type\":\"kwok\",\"kubernetes.io/hostname\":\"$n\",\"kubernetes.io/os\":\"linux\",\"kubernetes.io/arch\":\"amd64\"}},\"status\":{\"allocatable\":{\"cpu\":\"32\",\"memory\":\"256Gi\",\"pods\":\"110\"},\"capacity\":{\"cpu\":\"32\",\"memory\":\"256Gi\",\"pods\":\"110\"}}}"
done

nodes_ready() {
  local ready
  ready="$(api "$APISERVER_URL/api/v1/nodes" | jq '[.items[] | select(.status.conditions // [] | any(.type=="Ready" and .status=="True"))] | length')"
  [[ "$ready" -ge "$NODE_COUNT" ]]
}
default_sa() { [[ "$(api -o /dev/null -w '%{http_code}' "$APISERVER_URL/api/v1/namespaces/default/serviceaccounts/default")" == 200 ]]; }

wait_for kwok 60 nodes_ready
wait_for kube-controller-manager 60 default_sa
live_pid kube-scheduler >/dev/null || fail kube-scheduler "exited during start-up"

write_user_kubeconfig
elapsed=$(awk "BEGIN{printf \"%.1f\", $(date +%s.%N) - $started_at}")
echo "The local cluster is up at $APISERVER_URL with $NODE_COUNT kwok nodes (ready in ${elapsed}s)."
echo "Contexts: ktl-dev (admin, current) and ktl-dev-viewer (read-only)."
echo "Use it with:"
echo "  export KUBECONFIG=$KUBECONFIG_OUT"
