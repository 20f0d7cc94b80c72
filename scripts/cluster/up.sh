#!/usr/bin/env bash
# Starts the local control plane on 127.0.0.1: etcd, kube-apiserver,
# kube-controller-manager, kube-scheduler, kwok (fake nodes that also serve the
# kubelet API: logs, exec, attach, port-forward, resource metrics) and
# metrics-server (metrics.k8s.io). Builds the binaries first when the version
# cache is empty. Idempotent. See docs/local-cluster.md.
set -euo pipefail
. "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"
. "$here/pki.sh"
. "$here/kubelet.sh"
umask 077

started_at=$(date +%s.%N)
# progress lines carry the time since start, to see where start-up time goes
log() { printf '[cluster] +%ss %s\n' "$(awk "BEGIN{printf \"%.1f\", $(date +%s.%N) - $started_at}")" "$*" >&2; }

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

for b in etcd kube-apiserver kube-controller-manager kube-scheduler kwok metrics-server; do
  if [[ ! -x "$(binary_of "$b")" ]]; then
    log "binaries for the pinned versions are not cached in $KTL_CLUSTER_CACHE; building (this takes a while once)"
    bash "$here/build.sh" all
    break
  fi
done

choose_ports
for c in "${COMPONENTS[@]}"; do
  IFS=: read -r name port var <<<"$c"
  if port_in_use "$port"; then
    die "port $port on 127.0.0.1 (for $name) is already in use; free it, set $var to another port, or start a second cluster with KTL_CLUSTER_NAME"
  fi
done
port_in_use "$ETCD_PEER_PORT" && die "port $ETCD_PEER_PORT on 127.0.0.1 (for etcd peers) is already in use; free it or set KTL_ETCD_PEER_PORT to another port"

log "preparing $CLUSTER_DIR (certificates on first start)"
mkdir -p "$CLUSTER_DIR" "$LOGS" "$PIDS" "$ETCD_DATA"
# 0711, not 0700: exec'd commands run as an unprivileged user and must reach
# kubelet/exec-root. What is secret stays 0700/0600 inside (pki, kubeconfigs).
chmod 0711 "$CLUSTER_DIR"
chmod 0700 "$LOGS" "$PIDS" "$ETCD_DATA"
save_ports
gen_pki
for n in controller-manager scheduler kwok metrics-server; do write_component_kubeconfig "$n"; done
umask 077
prepare_kubelet_dir

# start NAME ARGS... : runs the component detached (own session), logs to $LOGS/NAME.log
start() {
  local name="$1"; shift
  local bin; bin="$(binary_of "$name")"
  : > "$LOGS/$name.log"
  setsid "$bin" "$@" >>"$LOGS/$name.log" 2>&1 < /dev/null &
  echo $! > "$PIDS/$name.pid"
  echo "$bin" > "$PIDS/$name.exe"
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

post() { # post PATH JSON|@FILE [TYPE] : create, treating AlreadyExists as success
  local code out; out="$(mktemp "$CLUSTER_DIR/.post.XXXXXX")"
  code="$(api -o "$out" -w '%{http_code}' -X POST -H "Content-Type: ${3:-application/json}" \
    --data-binary "$2" "$APISERVER_URL$1")"
  [[ "$code" == 201 || "$code" == 409 ]] || { cat "$out" >&2; rm -f "$out"; die "POST $1 failed with HTTP $code"; }
  rm -f "$out"
}
# in_parallel: run the queued commands (each one line of $queue) as background
# jobs and fail if any failed (the API calls of a start are independent).
queue=()
in_parallel() {
  local cmd pids=() pid failed=0
  for cmd in "${queue[@]}"; do eval "$cmd" & pids+=($!); done
  for pid in "${pids[@]}"; do wait "$pid" || failed=1; done
  queue=()
  (( ! failed )) || fail kube-apiserver "refused an object (see above)"
}

etcd_healthy() { curl -sf --max-time 2 "http://127.0.0.1:$ETCD_PORT/health" | grep -q '"health":"true"'; }

log "starting etcd on 127.0.0.1:$ETCD_PORT"
start etcd --name ktl-dev --data-dir "$ETCD_DATA" \
  --listen-client-urls "http://127.0.0.1:$ETCD_PORT" --advertise-client-urls "http://127.0.0.1:$ETCD_PORT" \
  --listen-peer-urls "http://127.0.0.1:$ETCD_PEER_PORT" --initial-advertise-peer-urls "http://127.0.0.1:$ETCD_PEER_PORT" \
  --initial-cluster "ktl-dev=http://127.0.0.1:$ETCD_PEER_PORT" --unsafe-no-fsync --log-level warn
wait_for etcd 30 etcd_healthy

# The kubelet flags make the API server reach kwok as it reaches kubelets
# (node InternalIP, the port in node status, verified with the cluster CA); the
# requestheader/proxy-client flags let it front extension API servers.
log "starting kube-apiserver on $APISERVER_URL"
start kube-apiserver --etcd-servers "http://127.0.0.1:$ETCD_PORT" \
  --bind-address 127.0.0.1 --advertise-address 127.0.0.1 --secure-port "$APISERVER_PORT" \
  --tls-cert-file "$PKI/apiserver.crt" --tls-private-key-file "$PKI/apiserver.key" \
  --client-ca-file "$PKI/ca.crt" \
  --service-account-issuer https://kubernetes.default.svc.cluster.local \
  --service-account-key-file "$PKI/sa.pub" --service-account-signing-key-file "$PKI/sa.key" \
  --authorization-mode Node,RBAC --service-cluster-ip-range 10.0.0.0/24 \
  --allow-privileged=true --profiling=false --endpoint-reconciler-type none \
  --kubelet-preferred-address-types InternalIP --kubelet-certificate-authority "$PKI/ca.crt" \
  --kubelet-client-certificate "$PKI/apiserver-kubelet-client.crt" --kubelet-client-key "$PKI/apiserver-kubelet-client.key" \
  --requestheader-client-ca-file "$PKI/ca.crt" --requestheader-allowed-names front-proxy-client \
  --requestheader-username-headers X-Remote-User --requestheader-group-headers X-Remote-Group \
  --requestheader-extra-headers-prefix X-Remote-Extra- \
  --proxy-client-cert-file "$PKI/front-proxy-client.crt" --proxy-client-key-file "$PKI/front-proxy-client.key"
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

log "creating kwok's CRDs, metrics-server's objects and the nodes"
# kwok watches the per-pod objects tests create (Logs, Exec, Attach,
# PortForward, ResourceUsage) as custom resources: establish their CRDs first.
for f in "$KWOK_BIN_DIR"/crds/*.yaml; do
  queue+=("post /apis/apiextensions.k8s.io/v1/customresourcedefinitions '@$f' application/yaml")
done
write_metrics_server_objects "$CLUSTER_DIR/metrics-server"
for f in "$CLUSTER_DIR"/metrics-server/*.yaml; do queue+=("apply_yaml '$(head -n1 "$f" | sed 's/^# //')' '$f'"); done
queue+=("post /apis/rbac.authorization.k8s.io/v1/clusterrolebindings '{\"apiVersion\":\"rbac.authorization.k8s.io/v1\",\"kind\":\"ClusterRoleBinding\",\"metadata\":{\"name\":\"ktl-dev-viewer\"},\"roleRef\":{\"apiGroup\":\"rbac.authorization.k8s.io\",\"kind\":\"ClusterRole\",\"name\":\"view\"},\"subjects\":[{\"apiGroup\":\"rbac.authorization.k8s.io\",\"kind\":\"User\",\"name\":\"ktl-viewer\"}]}'")
# create_node NAME: the node, or on a restart with kept data the annotation it
# may lack. metrics.k8s.io/resource-metrics-path: where metrics-server scrapes
# this node's usage (kwok serves all nodes on one port).
create_node() {
  local n="$1" path="/metrics/nodes/$1/metrics/resource"
  post /api/v1/nodes "{\"apiVersion\":\"v1\",\"kind\":\"Node\",\"metadata\":{\"name\":\"$n\",\"annotations\":{\"kwok.x-k8s.io/node\":\"fake\",\"node.alpha.kubernetes.io/ttl\":\"0\",\"metrics.k8s.io/resource-metrics-path\":\"$path\"},\"labels\":{\"type\":\"kwok\",\"kubernetes.io/hostname\":\"$n\",\"kubernetes.io/os\":\"linux\",\"kubernetes.io/arch\":\"amd64\"}},\"status\":{\"allocatable\":{\"cpu\":\"32\",\"memory\":\"256Gi\",\"pods\":\"110\"},\"capacity\":{\"cpu\":\"32\",\"memory\":\"256Gi\",\"pods\":\"110\"}}}"
  api -o /dev/null -f -X PATCH -H 'Content-Type: application/merge-patch+json' \
    --data "{\"metadata\":{\"annotations\":{\"metrics.k8s.io/resource-metrics-path\":\"$path\"}}}" "$APISERVER_URL/api/v1/nodes/$n"
  # kwok writes the kubelet port at its next status heartbeat, which can be
  # minutes away on a restart: say it now (the API server dials this port).
  api -o /dev/null -f -X PATCH -H 'Content-Type: application/merge-patch+json' \
    --data "{\"status\":{\"daemonEndpoints\":{\"kubeletEndpoint\":{\"Port\":$KWOK_PORT}}}}" "$APISERVER_URL/api/v1/nodes/$n/status"
}
for ((i = 0; i < NODE_COUNT; i++)); do queue+=("create_node kwok-node-$i"); done
in_parallel

log "starting metrics-server on 127.0.0.1:$METRICS_PORT"
start metrics-server --bind-address 127.0.0.1 --secure-port "$METRICS_PORT" \
  --tls-cert-file "$PKI/metrics-server-serving.crt" --tls-private-key-file "$PKI/metrics-server-serving.key" \
  --kubeconfig "$CLUSTER_DIR/metrics-server.kubeconfig" \
  --authentication-kubeconfig "$CLUSTER_DIR/metrics-server.kubeconfig" \
  --authorization-kubeconfig "$CLUSTER_DIR/metrics-server.kubeconfig" \
  --kubelet-preferred-address-types InternalIP --kubelet-use-node-status-port \
  --kubelet-certificate-authority "$PKI/ca.crt" \
  --kubelet-client-certificate "$PKI/metrics-server.crt" --kubelet-client-key "$PKI/metrics-server.key" \
  --metric-resolution 10s --kubelet-request-timeout 5s --profiling=false

kwok_crds_established() {
  [[ "$(api "$APISERVER_URL/apis/apiextensions.k8s.io/v1/customresourcedefinitions" | jq '[.items[]
    | select(.spec.group == "kwok.x-k8s.io")
    | select(.status.conditions // [] | any(.type == "Established" and .status == "True"))] | length')" -ge 5 ]]
}
wait_for kube-apiserver 30 kwok_crds_established

# kwok needs its Stage objects (one file with the stock stages), and here also
# the kubelet API's cluster-wide defaults and resource metrics (kubelet.sh).
stages="$CLUSTER_DIR/kwok-stages.yaml"
: > "$stages"
for f in "$KWOK_BIN_DIR"/stages/*.yaml; do cat "$f" >> "$stages"; printf '\n---\n' >> "$stages"; done
write_kwok_kubelet_config "$CLUSTER_DIR/kwok-kubelet.yaml"
log "starting kwok (nodes' kubelet API on 127.0.0.1:$KWOK_PORT)"
# umask 022: files written through exec and cp come out readable, as on a node.
# cwd in the kubelet dir: commands kwok runs start there.
(cd "$KUBELET_DIR" && umask 022 && start kwok --kubeconfig "$CLUSTER_DIR/kwok.kubeconfig" \
  --config "$stages" --config "$CLUSTER_DIR/kwok-kubelet.yaml" \
  --manage-all-nodes=false --manage-nodes-with-annotation-selector kwok.x-k8s.io/node=fake \
  --cidr 10.244.0.0/16 --node-ip 127.0.0.1 --node-lease-duration-seconds 40 \
  --server-address "127.0.0.1:$KWOK_PORT" --node-port "$KWOK_PORT" \
  --tls-cert-file "$PKI/kwok-serving.crt" --tls-private-key-file "$PKI/kwok-serving.key" \
  --enable-crds Logs,Exec,Attach,PortForward,ResourceUsage)

nodes_ready() {
  local ready
  ready="$(api "$APISERVER_URL/api/v1/nodes" | jq '[.items[] | select(.status.conditions // [] | any(.type=="Ready" and .status=="True"))] | length')"
  [[ "$ready" -ge "$NODE_COUNT" ]]
}
default_sa() { [[ "$(api -o /dev/null -w '%{http_code}' "$APISERVER_URL/api/v1/namespaces/default/serviceaccounts/default")" == 200 ]]; }

log "waiting for the nodes, the default ServiceAccount and metrics.k8s.io"
wait_for kwok 60 nodes_ready
wait_for kube-controller-manager 60 default_sa
wait_for metrics-server 60 metrics_available
live_pid kube-scheduler >/dev/null || fail kube-scheduler "exited during start-up"

write_user_kubeconfig
elapsed=$(awk "BEGIN{printf \"%.1f\", $(date +%s.%N) - $started_at}")
echo "The local cluster is up at $APISERVER_URL with $NODE_COUNT kwok nodes (ready in ${elapsed}s)."
echo "Contexts: ktl-dev (admin, current) and ktl-dev-viewer (read-only)."
echo "Pods' logs, exec, attach, port-forward and metrics are served; exec runs commands on this host as $(exec_user_text) (docs/local-cluster.md)."
echo "Use it with:"
echo "  export KUBECONFIG=$KUBECONFIG_OUT"
