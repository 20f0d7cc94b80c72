# Pinned versions of the local control plane. Bumping one rebuilds that
# component only (the cache is keyed by these values).
K8S_VERSION="${KTL_K8S_VERSION:-v1.34.4}"
ETCD_VERSION="${KTL_ETCD_VERSION:-v3.6.16}"
KWOK_VERSION="${KTL_KWOK_VERSION:-v0.8.0}"
METRICS_SERVER_VERSION="${KTL_METRICS_SERVER_VERSION:-v0.8.0}"

# Where built binaries live, outside the work tree so CI and later runs reuse them.
KTL_CLUSTER_CACHE="${KTL_CLUSTER_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/ktl/cluster}"
K8S_BIN_DIR="$KTL_CLUSTER_CACHE/kubernetes-$K8S_VERSION"
ETCD_BIN_DIR="$KTL_CLUSTER_CACHE/etcd-$ETCD_VERSION"
METRICS_SERVER_BIN_DIR="$KTL_CLUSTER_CACHE/metrics-server-$METRICS_SERVER_VERSION"

# kwok is built from its module source with ktl's patch applied; the entry's
# name carries a hash of the patch, so changing the patch rebuilds kwok.
KWOK_PATCH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/kwok-$KWOK_VERSION.patch"
if [[ -f "$KWOK_PATCH" ]]; then
  KWOK_BIN_DIR="$KTL_CLUSTER_CACHE/kwok-$KWOK_VERSION-ktl-$(sha256sum "$KWOK_PATCH" | cut -c1-12)"
else
  KWOK_PATCH=""
  KWOK_BIN_DIR="$KTL_CLUSTER_CACHE/kwok-$KWOK_VERSION"
fi
