# Pinned versions of the local control plane. Bumping one rebuilds that
# component only (the cache is keyed by these values).
K8S_VERSION="${KTL_K8S_VERSION:-v1.34.4}"
ETCD_VERSION="${KTL_ETCD_VERSION:-v3.6.16}"
KWOK_VERSION="${KTL_KWOK_VERSION:-v0.8.0}"

# Where built binaries live, outside the work tree so CI and later runs reuse them.
KTL_CLUSTER_CACHE="${KTL_CLUSTER_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/ktl/cluster}"
K8S_BIN_DIR="$KTL_CLUSTER_CACHE/kubernetes-$K8S_VERSION"
ETCD_BIN_DIR="$KTL_CLUSTER_CACHE/etcd-$ETCD_VERSION"
KWOK_BIN_DIR="$KTL_CLUSTER_CACHE/kwok-$KWOK_VERSION"
