# What kwok serves as the nodes' kubelet API, and metrics-server's objects
# (sourced by up.sh after lib.sh). Layout of $KUBELET_DIR:
#   default.log, default-previous.log  every container's log (CRI format) unless a Logs object says otherwise
#   attach.log                         what `attach` shows: lines appended after attaching
#   exec-root/                         where exec'd commands start, owned by the exec user
#   pods/                              files tests write for one pod (test/e2e/kubelet-env.ts)

# Exec runs commands on this host. As root, kwok runs them as nobody (65534)
# so a stray `exec -- rm -rf .` cannot hurt much; as another user, as that user.
exec_uid() { if [[ "$(id -u)" == 0 ]]; then echo 65534; else id -u; fi; }
exec_gid() { if [[ "$(id -u)" == 0 ]]; then echo 65534; else id -g; fi; }
exec_user_text() { echo "uid $(exec_uid)"; }

# exec_user_reaches DIR: whether the exec user can enter DIR (every parent
# must let others search it; a clone made with `mktemp -d` is 0700).
exec_user_reaches() {
  [[ "$(id -u)" == 0 ]] || return 0
  setpriv --reuid="$(exec_uid)" --regid="$(exec_gid)" --clear-groups -- sh -c 'cd "$1"' _ "$1" 2>/dev/null
}

# cri_line STREAM TEXT: one line of a container log in the CRI format the kubelet writes.
cri_line() { printf '%s %s F %s\n' "$(date -u +%Y-%m-%dT%H:%M:%S.%NZ)" "$1" "$2"; }

prepare_kubelet_dir() {
  mkdir -p "$KUBELET_DIR/exec-root" "$KUBELET_DIR/pods"
  chmod 0755 "$KUBELET_DIR" "$KUBELET_DIR/pods"
  chmod 0755 "$KUBELET_DIR/exec-root"
  [[ "$(id -u)" == 0 ]] && chown "$(exec_uid):$(exec_gid)" "$KUBELET_DIR/exec-root"
  exec_user_reaches "$KUBELET_DIR/exec-root" ||
    die "exec runs commands as $(exec_user_text), which cannot enter $KUBELET_DIR (a parent directory is not searchable by others, e.g. a clone in a 'mktemp -d' directory); set KTL_CLUSTER_DIR to a directory under one others can search (e.g. /tmp/ktl-cluster), or chmod o+x the parents"
  {
    cri_line stdout "default log line 1"
    cri_line stderr "default log line 2 (stderr)"
    cri_line stdout "default log line 3"
  } > "$KUBELET_DIR/default.log"
  cri_line stdout "default previous instance log line" > "$KUBELET_DIR/default-previous.log"
  : > "$KUBELET_DIR/attach.log"
  chmod 0644 "$KUBELET_DIR/default.log" "$KUBELET_DIR/default-previous.log" "$KUBELET_DIR/attach.log"
}

# write_kwok_kubelet_config FILE: the cluster-wide defaults (Cluster* objects)
# and the resource Metric, given to kwok with --config. Per-pod objects
# (Logs, Exec, ...) named like a pod take precedence over these.
write_kwok_kubelet_config() {
  local out="$1" security=""
  if [[ "$(id -u)" == 0 ]]; then
    security="      securityContext:
        runAsUser: $(exec_uid)
        runAsGroup: $(exec_gid)"
  fi
  cat > "$out" <<YAML
apiVersion: kwok.x-k8s.io/v1alpha1
kind: ClusterLogs
metadata:
  name: ktl-default
spec:
  logs:
  - logsFile: $KUBELET_DIR/default.log
    previousLogsFile: $KUBELET_DIR/default-previous.log
---
apiVersion: kwok.x-k8s.io/v1alpha1
kind: ClusterAttach
metadata:
  name: ktl-default
spec:
  attaches:
  - logsFile: $KUBELET_DIR/attach.log
---
apiVersion: kwok.x-k8s.io/v1alpha1
kind: ClusterExec
metadata:
  name: ktl-default
spec:
  execs:
  - local:
      workDir: $KUBELET_DIR/exec-root
      envs:
      - name: KWOK_EXEC
        value: "true"
$security
---
# Every pod port echoes what it receives (cat), unless a PortForward object
# for the pod points it elsewhere (tests point it at their own HTTP server).
apiVersion: kwok.x-k8s.io/v1alpha1
kind: ClusterPortForward
metadata:
  name: ktl-default
spec:
  forwards:
  - command: [cat]
---
# Pod usage from the annotations kwok.x-k8s.io/usage-cpu and usage-memory
# (default 1m and 1Mi), applied to each container; kwok's stock rule.
apiVersion: kwok.x-k8s.io/v1alpha1
kind: ClusterResourceUsage
metadata:
  name: usage-from-annotation
spec:
  usages:
  - usage:
      cpu:
        expression: |
          "kwok.x-k8s.io/usage-cpu" in pod.metadata.annotations
          ? Quantity(pod.metadata.annotations["kwok.x-k8s.io/usage-cpu"])
          : Quantity("1m")
      memory:
        expression: |
          "kwok.x-k8s.io/usage-memory" in pod.metadata.annotations
          ? Quantity(pod.metadata.annotations["kwok.x-k8s.io/usage-memory"])
          : Quantity("1Mi")
---
YAML
  # kwok's stock resource Metric, with a tiny node usage added: metrics-server
  # drops a node whose CPU and memory are both 0 (a node without pods), and
  # `top node` would show <unknown> for it.
  local metric
  metric="$(sed -e "s|value: 'node.CumulativeUsage(\"cpu\")'|value: 'node.CumulativeUsage(\"cpu\") + 0.000001'|" \
    -e "s|value: 'node.Usage(\"memory\")'|value: 'node.Usage(\"memory\") + 1.0'|" "$KWOK_BIN_DIR/metrics-resource.yaml")"
  [[ "$(grep -c ' + 0.000001\| + 1.0' <<<"$metric")" == 2 ]] || die "kwok's metrics-resource.yaml changed; update kubelet.sh"
  echo "$metric" >> "$out"
}

# write_metrics_server_objects DIR: one YAML file per object, its first line
# "# PATH" (where up.sh applies it). metrics-server runs on this host, so its
# Service is an ExternalName for 127.0.0.1, the way kwokctl runs it.
write_metrics_server_objects() {
  local dir="$1" rbac=/apis/rbac.authorization.k8s.io/v1
  mkdir -p "$dir"
  # Reading metrics: aggregated into the built-in view/edit/admin roles, so the
  # read-only ktl-viewer can run `top`.
  cat > "$dir/1-reader.yaml" <<YAML
# $rbac/clusterroles/system:aggregated-metrics-reader
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: system:aggregated-metrics-reader
  labels:
    rbac.authorization.k8s.io/aggregate-to-view: "true"
    rbac.authorization.k8s.io/aggregate-to-edit: "true"
    rbac.authorization.k8s.io/aggregate-to-admin: "true"
rules:
- apiGroups: [metrics.k8s.io]
  resources: [pods, nodes]
  verbs: [get, list, watch]
YAML
  # What metrics-server itself (user ktl-metrics-server) needs.
  cat > "$dir/2-role.yaml" <<YAML
# $rbac/clusterroles/system:metrics-server
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: system:metrics-server
rules:
- apiGroups: [""]
  resources: [nodes/metrics]
  verbs: [get]
- apiGroups: [""]
  resources: [pods, nodes]
  verbs: [get, list, watch]
YAML
  cat > "$dir/3-binding.yaml" <<YAML
# $rbac/clusterrolebindings/system:metrics-server
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: system:metrics-server
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: system:metrics-server}
subjects: [{apiGroup: rbac.authorization.k8s.io, kind: User, name: ktl-metrics-server}]
YAML
  cat > "$dir/4-auth-delegator.yaml" <<YAML
# $rbac/clusterrolebindings/metrics-server:system:auth-delegator
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: metrics-server:system:auth-delegator
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: system:auth-delegator}
subjects: [{apiGroup: rbac.authorization.k8s.io, kind: User, name: ktl-metrics-server}]
YAML
  cat > "$dir/5-auth-reader.yaml" <<YAML
# $rbac/namespaces/kube-system/rolebindings/metrics-server-auth-reader
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: metrics-server-auth-reader
  namespace: kube-system
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: extension-apiserver-authentication-reader}
subjects: [{apiGroup: rbac.authorization.k8s.io, kind: User, name: ktl-metrics-server}]
YAML
  cat > "$dir/6-service.yaml" <<YAML
# /api/v1/namespaces/kube-system/services/metrics-server
apiVersion: v1
kind: Service
metadata:
  name: metrics-server
  namespace: kube-system
spec:
  type: ExternalName
  externalName: 127.0.0.1
  ports:
  - name: https
    port: $METRICS_PORT
    protocol: TCP
YAML
  cat > "$dir/7-apiservice.yaml" <<YAML
# /apis/apiregistration.k8s.io/v1/apiservices/v1beta1.metrics.k8s.io
apiVersion: apiregistration.k8s.io/v1
kind: APIService
metadata:
  name: v1beta1.metrics.k8s.io
spec:
  service:
    name: metrics-server
    namespace: kube-system
    port: $METRICS_PORT
  group: metrics.k8s.io
  version: v1beta1
  caBundle: $(b64 "$PKI/ca.crt")
  groupPriorityMinimum: 100
  versionPriority: 100
YAML
}

# apply_yaml PATH FILE: server-side apply (creates, or updates what a restart
# with other ports changed).
apply_yaml() {
  local code out; out="$(mktemp "$CLUSTER_DIR/.post.XXXXXX")"
  code="$(api -o "$out" -w '%{http_code}' -X PATCH -H 'Content-Type: application/apply-patch+yaml' \
    --data-binary "@$2" "$APISERVER_URL$1?fieldManager=ktl-cluster-up&force=true")"
  [[ "$code" == 200 || "$code" == 201 ]] || { cat "$out" >&2; rm -f "$out"; die "apply $1 ($2) failed with HTTP $code"; }
  rm -f "$out"
}
