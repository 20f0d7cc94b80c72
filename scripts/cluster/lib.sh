# Shared settings and helpers for the local cluster scripts (sourced).
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo_root="$(cd "$here/../.." && pwd)"
. "$here/versions.sh"

CLUSTER_DIR="${KTL_CLUSTER_DIR:-$repo_root/.cluster}"
PKI="$CLUSTER_DIR/pki"
LOGS="$CLUSTER_DIR/logs"
PIDS="$CLUSTER_DIR/pids"
ETCD_DATA="$CLUSTER_DIR/etcd-data"
KUBECONFIG_OUT="$CLUSTER_DIR/kubeconfig"

# Fixed default ports, each overridable.
ETCD_PORT="${KTL_ETCD_PORT:-12379}"
ETCD_PEER_PORT="${KTL_ETCD_PEER_PORT:-12380}"
APISERVER_PORT="${KTL_APISERVER_PORT:-16443}"
KCM_PORT="${KTL_KCM_PORT:-16257}"
SCHEDULER_PORT="${KTL_SCHEDULER_PORT:-16259}"
KWOK_PORT="${KTL_KWOK_PORT:-16247}"
NODE_COUNT="${KTL_NODE_COUNT:-3}"

# name:port:env-var, in start order
COMPONENTS=(
  "etcd:$ETCD_PORT:KTL_ETCD_PORT"
  "kube-apiserver:$APISERVER_PORT:KTL_APISERVER_PORT"
  "kube-controller-manager:$KCM_PORT:KTL_KCM_PORT"
  "kube-scheduler:$SCHEDULER_PORT:KTL_SCHEDULER_PORT"
  "kwok:$KWOK_PORT:KTL_KWOK_PORT"
)

APISERVER_URL="https://127.0.0.1:$APISERVER_PORT"

log() { printf '[cluster] %s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

binary_of() {
  case "$1" in
    etcd) echo "$ETCD_BIN_DIR/etcd" ;;
    kwok) echo "$KWOK_BIN_DIR/kwok" ;;
    *) echo "$K8S_BIN_DIR/$1" ;;
  esac
}

# pid recorded for a component, if its process is alive and is still ours.
live_pid() {
  local name="$1" f="$PIDS/$1.pid" pid
  [[ -f "$f" ]] || return 1
  pid="$(cat "$f")"
  [[ -n "$pid" && -d "/proc/$pid" ]] || return 1
  # guard against pid reuse: the process must run the binary we started
  # (a rebuilt or removed binary shows as "<path> (deleted)")
  local exe; exe="$(readlink "/proc/$pid/exe" 2>/dev/null || true)"
  exe="${exe% (deleted)}"
  [[ "$exe" == "$(binary_of "$name")" ]] || return 1
  echo "$pid"
}

port_in_use() {
  ss -Htln "sport = :$1" 2>/dev/null | grep -q . && return 0
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
  return 1
}

# curl against the API server as the admin.
api() {
  curl -sS --max-time 10 --cacert "$PKI/ca.crt" --cert "$PKI/admin.crt" --key "$PKI/admin.key" "$@"
}

api_ready() {
  [[ -f "$PKI/admin.crt" ]] || return 1
  [[ "$(api -o /dev/null -w '%{http_code}' "$APISERVER_URL/readyz" 2>/dev/null)" == "200" ]]
}
