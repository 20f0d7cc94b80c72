# Shared settings and helpers for the local cluster scripts (sourced).
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo_root="$(cd "$here/../.." && pwd)"
. "$here/versions.sh"

log() { printf '[cluster] %s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# One switch for a second cluster beside the default one: KTL_CLUSTER_NAME=NAME
# gives it its own runtime dir (.cluster-NAME) and its own ports, a block of
# seven consecutive ports in 20000-29999 chosen free at its first start and
# recorded in its runtime dir. Without a name: .cluster and the fixed default
# ports. KTL_CLUSTER_DIR and the KTL_*_PORT variables still override.
CLUSTER_NAME="${KTL_CLUSTER_NAME:-}"
if [[ -n "$CLUSTER_NAME" ]]; then
  [[ "$CLUSTER_NAME" =~ ^[a-z0-9]([a-z0-9-]{0,30}[a-z0-9])?$ ]] ||
    die "KTL_CLUSTER_NAME must be lower-case letters, digits and '-' (at most 32), got \"$CLUSTER_NAME\""
  CLUSTER_DIR="${KTL_CLUSTER_DIR:-$repo_root/.cluster-$CLUSTER_NAME}"
else
  CLUSTER_DIR="${KTL_CLUSTER_DIR:-$repo_root/.cluster}"
fi
PKI="$CLUSTER_DIR/pki"
LOGS="$CLUSTER_DIR/logs"
PIDS="$CLUSTER_DIR/pids"
ETCD_DATA="$CLUSTER_DIR/etcd-data"
KUBECONFIG_OUT="$CLUSTER_DIR/kubeconfig"
PORTS_FILE="$CLUSTER_DIR/ports"
KUBELET_DIR="$CLUSTER_DIR/kubelet"   # what kwok serves as kubelet logs, exec work dir, attach files
NODE_COUNT="${KTL_NODE_COUNT:-3}"

# The port variables, their KTL_ overrides and their offsets in a named block.
PORT_VARS=(ETCD_PORT ETCD_PEER_PORT APISERVER_PORT KCM_PORT SCHEDULER_PORT KWOK_PORT METRICS_PORT)
ETCD_PORT=12379 ETCD_PEER_PORT=12380 APISERVER_PORT=16443 KCM_PORT=16257 SCHEDULER_PORT=16259 KWOK_PORT=16247 METRICS_PORT=16250

# set_port_block BASE: the named-cluster layout, BASE..BASE+6.
set_port_block() {
  local i
  for i in "${!PORT_VARS[@]}"; do printf -v "${PORT_VARS[$i]}" '%d' $(($1 + i)); done
}
# first_port_block NAME: where a named cluster's search for a free block starts.
first_port_block() { echo $((20000 + 10 * ($(printf '%s' "$1" | cksum | cut -d' ' -f1) % 1000))); }

if [[ -f "$PORTS_FILE" ]]; then
  # written by up.sh: VAR=number lines only
  while IFS='=' read -r k v; do
    [[ " ${PORT_VARS[*]} " == *" $k "* && "$v" =~ ^[0-9]+$ ]] && printf -v "$k" '%d' "$v"
  done < "$PORTS_FILE"
elif [[ -n "$CLUSTER_NAME" ]]; then
  set_port_block "$(first_port_block "$CLUSTER_NAME")"
fi
# apply_ports: KTL_ overrides, then what is derived from the ports.
apply_ports() {
  local v o
  for v in "${PORT_VARS[@]}"; do
    o="KTL_$v"; [[ "$v" == METRICS_PORT ]] && o=KTL_METRICS_SERVER_PORT
    [[ -n "${!o:-}" ]] && printf -v "$v" '%d' "${!o}"
  done
  # name:port:env-var, in start order
  COMPONENTS=(
    "etcd:$ETCD_PORT:KTL_ETCD_PORT"
    "kube-apiserver:$APISERVER_PORT:KTL_APISERVER_PORT"
    "kube-controller-manager:$KCM_PORT:KTL_KCM_PORT"
    "kube-scheduler:$SCHEDULER_PORT:KTL_SCHEDULER_PORT"
    "kwok:$KWOK_PORT:KTL_KWOK_PORT"
    "metrics-server:$METRICS_PORT:KTL_METRICS_SERVER_PORT"
  )
  APISERVER_URL="https://127.0.0.1:$APISERVER_PORT"
}
apply_ports

binary_of() {
  case "$1" in
    etcd) echo "$ETCD_BIN_DIR/etcd" ;;
    kwok) echo "$KWOK_BIN_DIR/kwok" ;;
    metrics-server) echo "$METRICS_SERVER_BIN_DIR/metrics-server" ;;
    *) echo "$K8S_BIN_DIR/$1" ;;
  esac
}

# pid recorded for a component, if its process is alive and is still ours.
live_pid() {
  local name="$1" f="$PIDS/$1.pid" pid
  [[ -f "$f" ]] || return 1
  pid="$(cat "$f")"
  [[ -n "$pid" && -d "/proc/$pid" ]] || return 1
  # guard against pid reuse: the process must run the binary we started,
  # recorded at start (a rebuilt or removed binary shows as "<path> (deleted)").
  # Clusters started before that record existed: a cached binary of that name.
  local exe; exe="$(readlink "/proc/$pid/exe" 2>/dev/null || true)"
  exe="${exe% (deleted)}"
  if [[ -f "$PIDS/$name.exe" ]]; then
    [[ "$exe" == "$(cat "$PIDS/$name.exe")" ]] || return 1
  else
    [[ "$exe" == "$KTL_CLUSTER_CACHE"/*/"$name" ]] || return 1
  fi
  echo "$pid"
}

# port_in_use PORT: something listens on it. One `ss` call per script run
# (the listeners are read once), a connect attempt where ss is missing.
port_in_use() {
  if command -v ss >/dev/null; then
    [[ -n "${LISTENING:-}" ]] || LISTENING=" $(ss -Htln 2>/dev/null | awk '{ n = split($4, a, ":"); printf "%s ", a[n] }') "
    [[ "$LISTENING" == *" $1 "* ]]
  else
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
  fi
}

# choose_ports: for a named cluster starting for the first time, the first
# block of free ports from the name's starting point on; recorded in PORTS_FILE
# (up.sh) so status, down and later starts use the same ones.
choose_ports() {
  [[ -n "$CLUSTER_NAME" && ! -f "$PORTS_FILE" ]] || return 0
  local start base i v free
  start="$(first_port_block "$CLUSTER_NAME")"
  for ((i = 0; i < 1000; i++)); do
    base=$((20000 + (start - 20000 + 10 * i) % 10000))
    set_port_block "$base"
    free=1
    for v in "${PORT_VARS[@]}"; do port_in_use "${!v}" && { free=0; break; }; done
    (( free )) && { apply_ports; return 0; }
  done
  die "no free block of ports in 20000-29999 for cluster \"$CLUSTER_NAME\""
}

save_ports() {
  local v
  for v in "${PORT_VARS[@]}"; do echo "$v=${!v}"; done > "$PORTS_FILE"
}

# curl against the API server as the admin.
api() {
  curl -sS --max-time 10 --cacert "$PKI/ca.crt" --cert "$PKI/admin.crt" --key "$PKI/admin.key" "$@"
}

api_ready() {
  [[ -f "$PKI/admin.crt" ]] || return 1
  [[ "$(api -o /dev/null -w '%{http_code}' "$APISERVER_URL/readyz" 2>/dev/null)" == "200" ]]
}

# The aggregated metrics API answers (metrics-server is registered and reachable).
metrics_available() {
  api "$APISERVER_URL/apis/apiregistration.k8s.io/v1/apiservices/v1beta1.metrics.k8s.io" 2>/dev/null |
    jq -e '.status.conditions // [] | any(.type == "Available" and .status == "True")' >/dev/null
}
