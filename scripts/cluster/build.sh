#!/usr/bin/env bash
# Builds etcd, kube-apiserver, kube-controller-manager, kube-scheduler, kwok
# (patched, see kwok-<version>.patch) and metrics-server from Go modules into a
# per-version cache. Does nothing for a component whose cache entry is complete.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
. "$here/versions.sh"

log() { printf '[cluster:build] %s\n' "$*" >&2; }
command -v go >/dev/null || { echo "error: go is required to build the local cluster" >&2; exit 1; }

build_root="$KTL_CLUSTER_CACHE/build"
mkdir -p "$build_root"

# One build at a time per cache: a second build (another clone's cluster:up,
# a test starting a second cluster) waits here, then finds the binaries cached
# instead of removing the first one's work directories under it.
if command -v flock >/dev/null; then
  exec 9>"$KTL_CLUSTER_CACHE/.build.lock"
  flock -n 9 || { log "another build is running in $KTL_CLUSTER_CACHE; waiting for it"; flock 9; }
fi

# timed STEP: runs a build step and logs its wall time (CI reports cold builds).
timed() {
  local t0=$SECONDS
  "$@"
  log "$1 took $((SECONDS - t0))s"
}

build_kubernetes() {
  local out="$K8S_BIN_DIR"
  if [[ -f "$out/.complete" ]]; then log "kubernetes $K8S_VERSION cached in $out"; return; fi
  log "building kubernetes $K8S_VERSION (kube-apiserver, kube-controller-manager, kube-scheduler)"
  local staging="v0.${K8S_VERSION#v1.}"   # v1.N.P <-> staging v0.N.P
  local minor="${K8S_VERSION#v1.}"; minor="${minor%%.*}"
  local work="$build_root/kubernetes-$K8S_VERSION"
  rm -rf "$work"; mkdir -p "$work"; cd "$work"
  go mod init ktl.local/kubernetes-build >/dev/null 2>&1
  local gomod
  gomod="$(go mod download -json "k8s.io/kubernetes@$K8S_VERSION" | sed -n 's/^[[:space:]]*"GoMod": "\(.*\)",\{0,1\}$/\1/p')"
  [[ -f "$gomod" ]] || { echo "error: could not download k8s.io/kubernetes@$K8S_VERSION" >&2; exit 1; }
  # The kubernetes go.mod replaces its staging modules with local paths, which
  # a dependent module cannot use: point each at its published version instead.
  local mods
  mods="$(sed -n 's#^[[:space:]]*\(k8s.io/[A-Za-z0-9._-]*\) => ./staging/.*#\1#p' "$gomod")"
  [[ -n "$mods" ]] || { echo "error: no staging replaces found in $gomod" >&2; exit 1; }
  local args=()
  for m in $mods; do args+=("-replace=$m=$m@$staging"); done
  while read -r line; do
    [[ -n "$line" ]] && args+=("-godebug=$line")
  done < <(sed -n 's/^godebug[[:space:]]\{1,\}\([a-z0-9]*=[^[:space:])]*\).*/\1/p' "$gomod")
  local gover; gover="$(sed -n 's/^go \([0-9.]*\)$/\1/p' "$gomod")"
  go mod edit "${args[@]}" -go="$gover"
  go get "k8s.io/kubernetes@$K8S_VERSION" >&2
  go get "k8s.io/kubernetes/cmd/kube-apiserver@$K8S_VERSION" "k8s.io/kubernetes/cmd/kube-controller-manager@$K8S_VERSION" "k8s.io/kubernetes/cmd/kube-scheduler@$K8S_VERSION" >&2
  local ld="-s -w"
  local commit="0000000000000000000000000000000000000000"
  local date; date="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    ld+=" -X $pkg.gitVersion=$K8S_VERSION -X $pkg.gitMajor=1 -X $pkg.gitMinor=$minor"
    ld+=" -X $pkg.gitCommit=$commit -X $pkg.gitTreeState=clean -X $pkg.buildDate=$date"
  done
  mkdir -p "$out.tmp"
  CGO_ENABLED=0 go build -trimpath -tags=selinux,notest,grpcnotrace -ldflags "$ld" -o "$out.tmp/" \
    k8s.io/kubernetes/cmd/kube-apiserver k8s.io/kubernetes/cmd/kube-controller-manager k8s.io/kubernetes/cmd/kube-scheduler
  touch "$out.tmp/.complete"; rm -rf "$out"; mv "$out.tmp" "$out"
  log "kubernetes $K8S_VERSION built into $out"
}

build_etcd() {
  local out="$ETCD_BIN_DIR"
  if [[ -f "$out/.complete" ]]; then log "etcd $ETCD_VERSION cached in $out"; return; fi
  log "building etcd $ETCD_VERSION"
  local work="$build_root/etcd-$ETCD_VERSION"
  rm -rf "$work"; mkdir -p "$work"; cd "$work"
  go mod init ktl.local/etcd-build >/dev/null 2>&1
  go get "go.etcd.io/etcd/server/v3@$ETCD_VERSION" >&2
  mkdir -p "$out.tmp"
  CGO_ENABLED=0 go build -trimpath -ldflags "-s -w" -o "$out.tmp/etcd" go.etcd.io/etcd/server/v3
  touch "$out.tmp/.complete"; rm -rf "$out"; mv "$out.tmp" "$out"
  log "etcd $ETCD_VERSION built into $out"
}

# The kwok Stage files and CRDs copied beside the binary; changing a list rebuilds the entry.
KWOK_STAGES="node-initialize node-heartbeat-with-lease pod-create pod-init-container-running pod-init-container-completed pod-ready pod-complete pod-delete"
KWOK_CRDS="logs execs attaches portforwards resourceusages"

build_kwok() {
  local out="$KWOK_BIN_DIR" stamp="$KWOK_STAGES / $KWOK_CRDS"
  if [[ -f "$out/.complete" && "$(cat "$out/.complete")" == "$stamp" ]]; then log "kwok $KWOK_VERSION cached in $out"; return; fi
  log "building kwok $KWOK_VERSION${KWOK_PATCH:+ with $(basename "$KWOK_PATCH")}"
  local work="$build_root/kwok-$KWOK_VERSION"
  rm -rf "$work" "$out.tmp"; mkdir -p "$work" "$out.tmp/stages" "$out.tmp/crds"; cd "$work"
  go mod init ktl.local/kwok-build >/dev/null 2>&1
  local moddir
  moddir="$(go mod download -json "sigs.k8s.io/kwok@$KWOK_VERSION" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",\{0,1\}$/\1/p')"
  [[ -d "$moddir" ]] || { echo "error: could not download sigs.k8s.io/kwok@$KWOK_VERSION" >&2; exit 1; }
  # A writable copy of the module source, patched, built as its own main module
  # with the flags `go install` would use.
  cp -r "$moddir" "$work/src"; chmod -R u+w "$work/src"; cd "$work/src"
  if [[ -n "$KWOK_PATCH" ]]; then patch -p1 --forward --quiet < "$KWOK_PATCH"; fi
  CGO_ENABLED=0 go build -trimpath -ldflags "-s -w" -o "$out.tmp/kwok" ./cmd/kwok
  # kwok will not start without Stage objects; the stock ones ship in its module.
  local f src
  for f in $KWOK_STAGES; do
    src="$(find "$moddir/kustomize/stage" -path '*/testdata' -prune -o -name "$f.yaml" -print | head -n1)"
    [[ -n "$src" ]] || { echo "error: kwok stage $f.yaml not found under $moddir/kustomize/stage" >&2; exit 1; }
    cp "$src" "$out.tmp/stages/$f.yaml"
  done
  # The CRDs of the per-pod objects (Logs, Exec, Attach, PortForward, ResourceUsage)
  # that up.sh creates so tests can configure one pod; and the stock resource Metric.
  for f in $KWOK_CRDS; do cp "$moddir/kustomize/crd/bases/kwok.x-k8s.io_$f.yaml" "$out.tmp/crds/"; done
  cp "$moddir/kustomize/metrics/resource/metrics-resource.yaml" "$out.tmp/metrics-resource.yaml"
  chmod 0644 "$out.tmp/stages/"*.yaml "$out.tmp/crds/"*.yaml "$out.tmp/metrics-resource.yaml"
  echo "$stamp" > "$out.tmp/.complete"; rm -rf "$out"; mv "$out.tmp" "$out"
  cd "$build_root"; rm -rf "$work"
  log "kwok $KWOK_VERSION built into $out"
}

build_metrics_server() {
  local out="$METRICS_SERVER_BIN_DIR"
  if [[ -f "$out/.complete" ]]; then log "metrics-server $METRICS_SERVER_VERSION cached in $out"; return; fi
  log "building metrics-server $METRICS_SERVER_VERSION"
  rm -rf "$out.tmp"; mkdir -p "$out.tmp"; cd "$build_root"
  CGO_ENABLED=0 GOBIN="$out.tmp" go install -trimpath -ldflags "-s -w" "sigs.k8s.io/metrics-server/cmd/metrics-server@$METRICS_SERVER_VERSION"
  touch "$out.tmp/.complete"; rm -rf "$out"; mv "$out.tmp" "$out"
  log "metrics-server $METRICS_SERVER_VERSION built into $out"
}

what="${1:-all}"
case "$what" in
  all) timed build_etcd; timed build_kwok; timed build_kubernetes; timed build_metrics_server ;;
  etcd) timed build_etcd ;; kwok) timed build_kwok ;; kubernetes) timed build_kubernetes ;;
  metrics-server) timed build_metrics_server ;;
  *) echo "usage: build.sh [all|etcd|kwok|kubernetes|metrics-server]" >&2; exit 2 ;;
esac
