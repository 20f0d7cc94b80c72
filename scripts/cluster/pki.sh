# Generates the cluster PKI with openssl (sourced by up.sh). Idempotent: keeps
# existing files so a restart with kept etcd data stays consistent. ECDSA P-256
# keys: fourteen RSA keys took ~15 s of a start on a loaded machine, these take
# well under one.
gen_pki() {
  mkdir -p "$PKI"; chmod 0700 "$PKI"
  local days=3650
  if [[ ! -f "$PKI/ca.crt" ]]; then
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -sha256 -days "$days" \
      -keyout "$PKI/ca.key" -out "$PKI/ca.crt" -subj "/CN=ktl-dev-ca" \
      -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign,digitalSignature" 2>/dev/null
  fi
  if [[ ! -f "$PKI/sa.key" ]]; then
    openssl genpkey -algorithm ec -pkeyopt ec_paramgen_curve:prime256v1 -out "$PKI/sa.key" 2>/dev/null
    openssl pkey -in "$PKI/sa.key" -pubout -out "$PKI/sa.pub" 2>/dev/null
  fi
  # the certificates are independent: sign them in parallel
  sign_cert apiserver "/CN=kube-apiserver" server \
    "DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local,IP:127.0.0.1,IP:10.0.0.1" &
  sign_cert admin "/O=system:masters/CN=ktl-admin" client &
  sign_cert viewer "/CN=ktl-viewer" client &
  sign_cert controller-manager "/CN=system:kube-controller-manager" client &
  sign_cert scheduler "/CN=system:kube-scheduler" client &
  sign_cert kwok "/O=system:masters/CN=kwok" client &
  # kwok serves the kubelet API; the API server and metrics-server verify it.
  sign_cert kwok-serving "/CN=kwok-kubelet" server "DNS:localhost,IP:127.0.0.1" &
  # The API server's identity towards kubelets (kwok does not check it).
  sign_cert apiserver-kubelet-client "/O=system:masters/CN=kube-apiserver-kubelet-client" client &
  # The aggregator's identity towards extension API servers (metrics-server),
  # accepted by name through --requestheader-allowed-names.
  sign_cert front-proxy-client "/CN=front-proxy-client" client &
  # The aggregator dials the APIService's Service by its DNS name.
  sign_cert metrics-server-serving "/CN=metrics-server" server \
    "DNS:localhost,DNS:metrics-server.kube-system.svc,IP:127.0.0.1" &
  sign_cert metrics-server "/CN=ktl-metrics-server" client &
  local job
  for job in $(jobs -p); do wait "$job" || { echo "error: generating certificates in $PKI failed" >&2; exit 1; }; done
  chmod 0600 "$PKI"/*.key
}

# sign_cert NAME SUBJECT server|client [SANS]
sign_cert() {
  local name="$1" subj="$2" kind="$3" sans="${4:-}"
  [[ -f "$PKI/$name.crt" ]] && return 0
  local ext="$PKI/$name.ext"
  {
    echo "basicConstraints=critical,CA:FALSE"
    echo "keyUsage=critical,digitalSignature"
    if [[ "$kind" == server ]]; then echo "extendedKeyUsage=serverAuth"; else echo "extendedKeyUsage=clientAuth"; fi
    [[ -n "$sans" ]] && echo "subjectAltName=$sans"
  } > "$ext"
  openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -sha256 -keyout "$PKI/$name.key" -out "$PKI/$name.csr" -subj "$subj" 2>/dev/null
  # a random serial, not -CAcreateserial: certificates are signed in parallel
  openssl x509 -req -in "$PKI/$name.csr" -CA "$PKI/ca.crt" -CAkey "$PKI/ca.key" -set_serial "0x$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')" \
    -days 3650 -sha256 -extfile "$ext" -out "$PKI/$name.crt" 2>/dev/null
  rm -f "$PKI/$name.csr" "$ext"
}

# write_component_kubeconfig NAME  -> $CLUSTER_DIR/NAME.kubeconfig (file paths, internal use)
write_component_kubeconfig() {
  local name="$1" out="$CLUSTER_DIR/$1.kubeconfig"
  umask 077
  cat > "$out" <<KC
apiVersion: v1
kind: Config
clusters:
- name: ktl-dev
  cluster:
    server: $APISERVER_URL
    certificate-authority: $PKI/ca.crt
users:
- name: $name
  user:
    client-certificate: $PKI/$name.crt
    client-key: $PKI/$name.key
contexts:
- name: $name
  context:
    cluster: ktl-dev
    user: $name
current-context: $name
KC
}

b64() { base64 -w0 < "$1"; }

# The user-facing kubeconfig: self-contained (embedded data), two contexts.
write_user_kubeconfig() {
  local tmp="$KUBECONFIG_OUT.tmp.$$"
  umask 077
  cat > "$tmp" <<KC
apiVersion: v1
kind: Config
clusters:
- name: ktl-dev
  cluster:
    server: $APISERVER_URL
    certificate-authority-data: $(b64 "$PKI/ca.crt")
users:
- name: ktl-admin
  user:
    client-certificate-data: $(b64 "$PKI/admin.crt")
    client-key-data: $(b64 "$PKI/admin.key")
- name: ktl-viewer
  user:
    client-certificate-data: $(b64 "$PKI/viewer.crt")
    client-key-data: $(b64 "$PKI/viewer.key")
contexts:
- name: ktl-dev
  context:
    cluster: ktl-dev
    user: ktl-admin
    namespace: default
- name: ktl-dev-viewer
  context:
    cluster: ktl-dev
    user: ktl-viewer
    namespace: default
current-context: ktl-dev
preferences: {}
KC
  chmod 0600 "$tmp"; mv -f "$tmp" "$KUBECONFIG_OUT"
}
