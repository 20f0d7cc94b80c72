# Generates the cluster PKI with openssl (sourced by up.sh). Idempotent: keeps
# existing files so a restart with kept etcd data stays consistent.
gen_pki() {
  mkdir -p "$PKI"; chmod 0700 "$PKI"
  local days=3650
  if [[ ! -f "$PKI/ca.crt" ]]; then
    openssl req -x509 -newkey rsa:2048 -nodes -sha256 -days "$days" \
      -keyout "$PKI/ca.key" -out "$PKI/ca.crt" -subj "/CN=ktl-dev-ca" \
      -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign,digitalSignature" 2>/dev/null
  fi
  if [[ ! -f "$PKI/sa.key" ]]; then
    openssl genrsa -out "$PKI/sa.key" 2048 2>/dev/null
    openssl rsa -in "$PKI/sa.key" -pubout -out "$PKI/sa.pub" 2>/dev/null
  fi
  sign_cert apiserver "/CN=kube-apiserver" server \
    "DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local,IP:127.0.0.1,IP:10.0.0.1"
  sign_cert admin "/O=system:masters/CN=ktl-admin" client
  sign_cert viewer "/CN=ktl-viewer" client
  sign_cert controller-manager "/CN=system:kube-controller-manager" client
  sign_cert scheduler "/CN=system:kube-scheduler" client
  sign_cert kwok "/O=system:masters/CN=kwok" client
  chmod 0600 "$PKI"/*.key
}

# sign_cert NAME SUBJECT server|client [SANS]
sign_cert() {
  local name="$1" subj="$2" kind="$3" sans="${4:-}"
  [[ -f "$PKI/$name.crt" ]] && return 0
  local ext="$PKI/$name.ext"
  {
    echo "basicConstraints=critical,CA:FALSE"
    echo "keyUsage=critical,digitalSignature,keyEncipherment"
    if [[ "$kind" == server ]]; then echo "extendedKeyUsage=serverAuth"; else echo "extendedKeyUsage=clientAuth"; fi
    [[ -n "$sans" ]] && echo "subjectAltName=$sans"
  } > "$ext"
  openssl req -newkey rsa:2048 -nodes -sha256 -keyout "$PKI/$name.key" -out "$PKI/$name.csr" -subj "$subj" 2>/dev/null
  openssl x509 -req -in "$PKI/$name.csr" -CA "$PKI/ca.crt" -CAkey "$PKI/ca.key" -CAcreateserial \
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
