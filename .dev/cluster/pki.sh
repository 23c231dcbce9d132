# shellcheck shell=bash
# The cluster's PKI and kubeconfigs, made with openssl (no kubeadm); sourced by cluster.sh, whose
# settings it uses. One CA; serving certificates for the API server and the kubelet; a client
# certificate per component; the service-account signing key. Each file is made once and kept
# across down/up. ECDSA P-256 throughout: quick to make, accepted by every component.

CERT_DAYS=3650

new_key() {
  openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1"
  chmod 600 "$1"
}

make_ca() {
  [ -s "$PKI_DIR/ca.crt" ] && return 0
  new_key "$PKI_DIR/ca.key"
  openssl req -x509 -new -key "$PKI_DIR/ca.key" -subj "/CN=rooms-sync-cluster-ca" -days "$CERT_DAYS" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
    -out "$PKI_DIR/ca.crt"
}

# issue NAME SUBJECT USAGE [SANS]: NAME.key and NAME.crt signed by the CA, for USAGE (serverAuth
# or clientAuth). Kubernetes takes a client's user from CN and its groups from O.
issue() {
  local name=$1 subject=$2 usage=$3 sans=${4:-} ext
  [ -s "$PKI_DIR/$name.crt" ] && return 0
  new_key "$PKI_DIR/$name.key"
  ext="basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature
extendedKeyUsage=$usage"
  [ -z "$sans" ] || ext+=$'\n'"subjectAltName=$sans"
  openssl req -new -key "$PKI_DIR/$name.key" -subj "$subject" |
    openssl x509 -req -CA "$PKI_DIR/ca.crt" -CAkey "$PKI_DIR/ca.key" -set_serial "0x$(openssl rand -hex 16)" \
      -days "$CERT_DAYS" -extfile <(printf '%s\n' "$ext") -out "$PKI_DIR/$name.crt"
}

make_pki() {
  mkdir -p "$PKI_DIR"
  chmod 700 "$PKI_DIR"
  make_ca
  issue apiserver "/CN=kube-apiserver" serverAuth \
    "DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.$CLUSTER_DOMAIN,DNS:localhost,IP:$NODE_IP,IP:$API_SERVICE_IP,IP:127.0.0.1"
  issue kubelet-serving "/CN=$NODE_NAME" serverAuth "DNS:$NODE_NAME,IP:$NODE_IP"
  issue apiserver-kubelet-client "/O=system:masters/CN=kube-apiserver-kubelet-client" clientAuth
  issue admin "/O=system:masters/CN=rooms-sync-admin" clientAuth
  issue controller-manager "/CN=system:kube-controller-manager" clientAuth
  issue scheduler "/CN=system:kube-scheduler" clientAuth
  issue kubelet "/O=system:nodes/CN=system:node:$NODE_NAME" clientAuth
  issue kube-proxy "/CN=system:kube-proxy" clientAuth
  if [ ! -s "$PKI_DIR/sa.pub" ]; then
    new_key "$PKI_DIR/sa.key"
    openssl pkey -in "$PKI_DIR/sa.key" -pubout -out "$PKI_DIR/sa.pub"
  fi
}

# write_kubeconfig USER FILE: a kubeconfig that talks to the API server as client cert USER.
write_kubeconfig() {
  cat >"$2" <<EOF
apiVersion: v1
kind: Config
clusters:
  - name: rooms-sync
    cluster: {server: "https://$NODE_IP:$API_PORT", certificate-authority: "$PKI_DIR/ca.crt"}
users:
  - name: $1
    user: {client-certificate: "$PKI_DIR/$1.crt", client-key: "$PKI_DIR/$1.key"}
contexts:
  - name: rooms-sync
    context: {cluster: rooms-sync, user: $1}
current-context: rooms-sync
EOF
  chmod 600 "$2"
}

write_kubeconfigs() {
  local user
  write_kubeconfig admin "$KUBECONFIG_FILE"
  for user in controller-manager scheduler kubelet kube-proxy; do
    write_kubeconfig "$user" "$CONF_DIR/$user.kubeconfig"
  done
}
