#!/usr/bin/env bash
# A real single-node Kubernetes (v1.35.4, built by bins.sh) on this machine, for the chart:
#   up                       containerd, etcd, API server, controller manager, scheduler, kubelet,
#                            kube-proxy, CoreDNS, and Kafka + PostgreSQL for the pods; waits until
#                            the node is Ready and DNS answers; prints the kubeconfig path. Idempotent.
#   down                     stops all of it; removes its interfaces, routes, iptables chains,
#                            mounts, network namespaces and cgroups; warns about anything left.
#                            Data (etcd, images, PKI) stays for the next `up`.
#   status                   one line per component; exit 3 unless all run
#   load-images              imports each image named in $ROOMS_RUN/images/*.ref from podman's
#                            storage into the cluster's containerd, unless it has it already
#   kubeconfig               prints the admin kubeconfig's path
#   apply-host-services NS   Services `kafka` and `postgres` in namespace NS, backed by the
#                            cluster's Kafka and PostgreSQL (host-services.yaml)
#   infra kafka|postgres CMD  .dev/kafka.sh or .dev/postgres.sh CMD on the cluster's own instance
#   reset-infra              that Kafka and PostgreSQL emptied (stopped, data removed, restarted)
# What it keeps is under $ROOMS_RUN/cluster ($ROOMS_RUN/cluster/env has the addresses); the few
# files the runtime insists on putting elsewhere go with `down`. Needs root: it makes interfaces,
# mounts and cgroups.
set -euo pipefail
CLUSTER_SH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"
# shellcheck source=.dev/lib.sh
. "$CLUSTER_SH_DIR/../lib.sh"

# ---- Names and addresses: chosen here and nowhere else (see network.sh for the why). ----------
NODE_NAME=rooms-sync-node
NODE_IF=roomsnode0             # holds NODE_IP: API server, kubelet, the cluster's Kafka and PostgreSQL
NODE_IP=10.213.0.1
POD_BRIDGE=roomsbr0            # the pods' veths; POD_GW is the pods' gateway
POD_CIDR=10.213.1.0/24
POD_GW=10.213.1.1
SERVICE_CIDR=10.214.0.0/24
API_SERVICE_IP=10.214.0.1      # the `kubernetes` Service: first address of SERVICE_CIDR
DNS_IP=10.214.0.10
CLUSTER_DOMAIN=cluster.local
POD_ROUTE_TABLE=213            # policy routing for what the pods send
POD_RULE_PREF=10213
CNI_NETWORK=rooms-sync         # names portmap's rules and CNI's cache files
CGROUP_ROOT=rooms-sync         # every pod's cgroup is under /sys/fs/cgroup/<controller>/rooms-sync
API_PORT=6443
ETCD_CLIENT=127.0.0.1:2379     # loopback: out of the pods' reach
ETCD_PEER=127.0.0.1:2380
# The cluster's own Kafka and PostgreSQL on NODE_IP, the ports k8s/ and the chart's dev values
# use. Set here, not taken from lib.sh: those are the local servers on 127.0.0.1, which a
# developer may move without the cluster's having to follow.
KAFKA_PORT=9092
PG_PORT=5432

C="$ROOMS_RUN/cluster"
PKI_DIR=$C/pki
CONF_DIR=$C/conf
LOG_DIR=$C/logs
PID_DIR=$C/pids
CTRD_DIR=$C/containerd
CTRD_SOCK=$CTRD_DIR/containerd.sock
CNI_CONF_DIR=$CONF_DIR/cni
CNI_IPAM_DIR=$C/cni-ipam
KUBELET_DIR=$C/kubelet
POD_LOGS_DIR=$C/pod-logs
ETCD_DIR=$C/etcd
INFRA_RUN=$C/infra             # ROOMS_RUN of the cluster's Kafka and PostgreSQL
KUBECONFIG_FILE=$C/kubeconfig
ENV_FILE=$C/env
SYSCTL_SAVED=$C/sysctl.saved
BIN_LINK=$C/bin                # bins.sh's directory, for `down` (which must not build anything)
# The cluster's processes, in start order.
COMPONENTS=(containerd etcd kube-apiserver kube-controller-manager kube-scheduler kubelet kube-proxy)
TEMPLATE_VARS=(NODE_NAME NODE_IP POD_BRIDGE POD_CIDR POD_GW SERVICE_CIDR DNS_IP CLUSTER_DOMAIN CNI_NETWORK
  CNI_CONF_DIR CNI_IPAM_DIR CGROUP_ROOT CTRD_DIR CTRD_SOCK PKI_DIR CONF_DIR POD_LOGS_DIR KAFKA_PORT PG_PORT
  PAUSE_IMAGE COREDNS_IMAGE MAX_OPEN_FILES NAMESPACE)
# Containers inherit containerd's limits (the CRI of containerd 1.6 sets none), and the kubelet
# raises its own to 1000000. Both take the hard limit instead, as containerd's systemd unit would:
# raising a hard limit needs CAP_SYS_RESOURCE, which root lacks on our machines.
MAX_OPEN_FILES=$(ulimit -Hn)

# shellcheck source=.dev/cluster/pki.sh
. "$CLUSTER_SH_DIR/pki.sh"
# shellcheck source=.dev/cluster/network.sh
. "$CLUSTER_SH_DIR/network.sh"
# shellcheck source=.dev/cluster/teardown.sh
. "$CLUSTER_SH_DIR/teardown.sh"

# fail MSG NAME: dies with MSG, naming NAME's log and showing its end.
fail() {
  die "$1; see $LOG_DIR/$2.log:
$(tail -n 20 "$LOG_DIR/$2.log" 2>/dev/null)"
}

# step NAME CMD...: runs CMD with its output in NAME's log; fails naming that log. CMD runs in a
# subshell of its own with errexit on: bash ignores errexit in a function called from `cmd || …`.
step() {
  local name=$1 rc
  shift
  set +e
  (set -e; "$@") >>"$LOG_DIR/$name.log" 2>&1
  rc=$?
  set -e
  [ "$rc" -eq 0 ] || fail "$name failed" "$name"
}

require_root() {
  [ "$(id -u)" -eq 0 ] || die "the cluster needs root (interfaces, mounts, cgroups): run as root"
}

# ensure_packages: Debian's, by a command each provides. (On a machine with systemd, installing
# containerd also starts the machine's own containerd: harmless, ours shares nothing with it.)
ensure_packages() {
  local missing=() pair
  for pair in containerd:containerd runc:runc /usr/lib/cni/bridge:containernetworking-plugins \
    iptables:iptables conntrack:conntrack openssl:openssl dig:bind9-dnsutils envsubst:gettext-base \
    curl:curl; do
    command -v "${pair%%:*}" >/dev/null || missing+=("${pair#*:}")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  log "installing ${missing[*]}"
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"; } \
    >>"$LOG_DIR/packages.log" 2>&1 || fail "apt-get install ${missing[*]} failed" packages
}

# render TEMPLATE OUT: a template of this directory with our ${VAR}s (and only those) filled in.
render() {
  # shellcheck disable=SC2163 # exports the variables named
  export "${TEMPLATE_VARS[@]}"
  # shellcheck disable=SC2016 # envsubst's own list of the ${VAR}s to replace
  envsubst "$(printf '${%s} ' "${TEMPLATE_VARS[@]}")" <"$CLUSTER_SH_DIR/$1" >"$2"
}

kubectl_() {
  "$BIN/kubectl" --kubeconfig "$KUBECONFIG_FILE" --request-timeout=30s "$@"
}

ctr_() {
  ctr --address "$CTRD_SOCK" --namespace k8s.io "$@"
}

# ---- Processes --------------------------------------------------------------------------------

# running NAME: its pid file names a live process with our directory on its command line.
running() {
  pid_alive "$PID_DIR/$1.pid" "$C/"
}

# spawn NAME CMD...: unless NAME runs, starts CMD in a session of its own (a Ctrl-C in the
# caller's terminal doesn't reach it), output appended to NAME's log.
spawn() {
  local name=$1
  shift
  running "$name" && return 0
  setsid nohup "$@" >>"$LOG_DIR/$name.log" 2>&1 </dev/null &
  echo $! >"$PID_DIR/$name.pid"
}

# poll TIMEOUT_S NAME CMD...: polls CMD until it succeeds; false when time runs out or NAME's
# process dies.
poll() {
  local deadline=$((SECONDS + $1)) name=$2
  shift 2
  until "$@" >/dev/null 2>&1; do
    running "$name" && [ "$SECONDS" -lt "$deadline" ] || return 1
    sleep 0.25
  done
}

# wait_until WHAT TIMEOUT_S NAME CMD...: poll, failing with NAME's log.
wait_until() {
  local what=$1 timeout=$2 name=$3
  shift 3
  poll "$timeout" "$name" "$@" && return 0
  running "$name" || fail "$name exited before $what" "$name"
  fail "no $what within ${timeout}s" "$name"
}

# stop_components NAME...: SIGTERM to each that runs, SIGKILL to those still up after 15 s.
stop_components() {
  local name pids=() pid deadline=$((SECONDS + 15))
  for name in "$@"; do
    running "$name" && pids+=("$(cat "$PID_DIR/$name.pid")")
    rm -f "$PID_DIR/$name.pid"
  done
  [ ${#pids[@]} -eq 0 ] && return 0
  kill -TERM "${pids[@]}" 2>/dev/null || true
  for pid in "${pids[@]}"; do
    while kill -0 "$pid" 2>/dev/null && [ "$SECONDS" -lt "$deadline" ]; do sleep 0.1; done
  done
  kill -KILL "${pids[@]}" 2>/dev/null || true
}

# cgroup_dirs: our cgroup in each mounted hierarchy (cgroup v1 has one per controller).
cgroup_dirs() {
  findmnt -rn -t cgroup,cgroup2 -o TARGET | sed "s|\$|/$CGROUP_ROOT|"
}

# ---- Images -----------------------------------------------------------------------------------

# image_ref NAME: the local image made from binary NAME, tagged with its content.
image_ref() {
  echo "localhost/rooms-sync/$1:id-$(sha256sum "$BIN/$1" | cut -c1-12)"
}

# The list is read whole before grep: `ctr … | grep -q` under pipefail fails at random when grep
# exits at its match and ctr dies of SIGPIPE writing the lines after it.
have_image() {
  local images
  images=$(ctr_ images ls -q) && grep -qxF -- "$1" <<<"$images"
}

# single_file_image NAME REF OUT: a docker-archive image whose only file is binary NAME, as
# /NAME and its entrypoint. No registry is reachable, so pause and CoreDNS are made this way.
single_file_image() {
  local name=$1 ref=$2 out=$3 work layer config
  work=$(mktemp -d "$C/.image.XXXXXX")
  mkdir -p "$work/rootfs" "$work/archive"
  cp "$BIN/$name" "$work/rootfs/$name"
  tar -C "$work/rootfs" --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -cf "$work/layer.tar" .
  layer=$(sha256sum "$work/layer.tar" | cut -d' ' -f1)
  mkdir "$work/archive/$layer"
  mv "$work/layer.tar" "$work/archive/$layer/layer.tar"
  printf '{"architecture":"%s","os":"linux","config":{"Entrypoint":["/%s"]},"rootfs":{"type":"layers","diff_ids":["sha256:%s"]}}' \
    "$(dpkg --print-architecture)" "$name" "$layer" >"$work/config.json"
  config=$(sha256sum "$work/config.json" | cut -d' ' -f1)
  mv "$work/config.json" "$work/archive/$config.json"
  printf '[{"Config":"%s.json","RepoTags":["%s"],"Layers":["%s/layer.tar"]}]' "$config" "$ref" "$layer" \
    >"$work/archive/manifest.json"
  tar -C "$work/archive" -cf "$out" .
  rm -rf "$work"
}

# ensure_local_image NAME REF: REF in containerd, made from binary NAME if missing.
ensure_local_image() {
  have_image "$2" && return 0
  single_file_image "$1" "$2" "$C/$1.image.tar"
  step images ctr_ images import "$C/$1.image.tar"
  rm -f "$C/$1.image.tar"
}

cmd_load_images() {
  running containerd || die "the cluster is not up: make cluster"
  command -v podman >/dev/null || die "podman not found: the images come from podman's storage (make images)"
  local file ref n=0
  for file in "$ROOMS_RUN"/images/*.ref; do
    [ -f "$file" ] || continue
    ref=$(tr -d '[:space:]' <"$file")
    have_image "$ref" && continue
    podman image exists "$ref" || die "$ref (named in $file) is not in podman's storage: make images"
    podman save --format docker-archive -o /dev/stdout "$ref" 2>>"$LOG_DIR/images.log" |
      ctr_ images import - >>"$LOG_DIR/images.log" 2>&1 || fail "importing $ref from podman's storage failed" images
    have_image "$ref" || fail "containerd has no $ref after importing it" images
    n=$((n + 1))
  done
  [ "$n" -eq 0 ] || log "loaded $n image(s) into the cluster"
}

# ---- up ---------------------------------------------------------------------------------------

make_dirs() {
  mkdir -p "$C" "$CONF_DIR" "$CNI_CONF_DIR" "$LOG_DIR" "$PID_DIR" "$CTRD_DIR" "$KUBELET_DIR" "$POD_LOGS_DIR" \
    "$INFRA_RUN"
  mkdir -p "$ETCD_DIR"
  chmod 700 "$ETCD_DIR"
}

# make_cgroups: the kubelet requires its cgroupRoot to exist in every hierarchy. A new cgroup v1
# cpuset is empty: it gets the whole machine's CPUs and memory nodes, or nothing could join it.
make_cgroups() {
  local dir file
  for dir in $(cgroup_dirs); do
    mkdir -p "$dir"
    for file in cpuset.cpus cpuset.mems; do
      [ -f "$dir/$file" ] && [ -z "$(cat "$dir/$file")" ] && cat "${dir%/*}/$file" >"$dir/$file"
    done
  done
  return 0
}

write_configs() {
  render containerd.toml "$CONF_DIR/containerd.toml"
  render cni.conflist "$CNI_CONF_DIR/10-$CNI_NETWORK.conflist"
  render kubelet.yaml "$CONF_DIR/kubelet.yaml"
  render kube-proxy.yaml "$CONF_DIR/kube-proxy.yaml"
  render coredns.yaml "$CONF_DIR/coredns.yaml"
  echo "# no upstream resolvers: nothing leaves this machine" >"$CONF_DIR/resolv.conf"
}

start_containerd() {
  spawn containerd prlimit --nofile="$MAX_OPEN_FILES" containerd --config "$CONF_DIR/containerd.toml"
  wait_until "containerd's socket" 30 containerd ctr_ version
  ensure_local_image pause "$PAUSE_IMAGE"
  ensure_local_image coredns "$COREDNS_IMAGE"
}

# At info, etcd says why it stops (a signal, a fatal error) and is quiet once started. It was once
# seen (a CI run, a fresh data directory) closing its listeners 3 s after its start, the reason
# not logged at warn and not reproduced since: one more start, said in the output.
start_etcd() {
  local attempt
  for attempt in 1 2; do
    spawn etcd "$BIN/etcd" --name rooms-sync --data-dir "$ETCD_DIR" --log-level info \
      --listen-client-urls "http://$ETCD_CLIENT" --advertise-client-urls "http://$ETCD_CLIENT" \
      --listen-peer-urls "http://$ETCD_PEER" --initial-advertise-peer-urls "http://$ETCD_PEER" \
      --initial-cluster "rooms-sync=http://$ETCD_PEER"
    poll 30 etcd curl -sf --max-time 2 "http://$ETCD_CLIENT/health" && return 0
    running etcd && fail "no etcd's /health within 30s" etcd
    [ "$attempt" = 2 ] || log "etcd exited during its start; starting it once more (its log: $LOG_DIR/etcd.log)"
  done
  fail "etcd exited before etcd's /health, twice" etcd
}

start_control_plane() {
  spawn kube-apiserver "$BIN/kube-apiserver" --advertise-address="$NODE_IP" --bind-address="$NODE_IP" \
    --secure-port="$API_PORT" --etcd-servers="http://$ETCD_CLIENT" --service-cluster-ip-range="$SERVICE_CIDR" \
    --tls-cert-file="$PKI_DIR/apiserver.crt" --tls-private-key-file="$PKI_DIR/apiserver.key" \
    --client-ca-file="$PKI_DIR/ca.crt" --kubelet-certificate-authority="$PKI_DIR/ca.crt" \
    --kubelet-client-certificate="$PKI_DIR/apiserver-kubelet-client.crt" \
    --kubelet-client-key="$PKI_DIR/apiserver-kubelet-client.key" --kubelet-preferred-address-types=InternalIP \
    --service-account-issuer="https://kubernetes.default.svc.$CLUSTER_DOMAIN" \
    --service-account-key-file="$PKI_DIR/sa.pub" --service-account-signing-key-file="$PKI_DIR/sa.key" \
    --authorization-mode=Node,RBAC --enable-admission-plugins=NodeRestriction --allow-privileged=true
  wait_until "API server /readyz" 90 kube-apiserver kubectl_ --request-timeout=2s get --raw=/readyz
  local kc=$CONF_DIR/controller-manager.kubeconfig
  spawn kube-controller-manager "$BIN/kube-controller-manager" --kubeconfig="$kc" \
    --authentication-kubeconfig="$kc" --authorization-kubeconfig="$kc" --bind-address=127.0.0.1 \
    --leader-elect=false --use-service-account-credentials=true --root-ca-file="$PKI_DIR/ca.crt" \
    --service-account-private-key-file="$PKI_DIR/sa.key" --service-cluster-ip-range="$SERVICE_CIDR" \
    --cluster-signing-cert-file="$PKI_DIR/ca.crt" --cluster-signing-key-file="$PKI_DIR/ca.key"
  kc=$CONF_DIR/scheduler.kubeconfig
  spawn kube-scheduler "$BIN/kube-scheduler" --kubeconfig="$kc" --authentication-kubeconfig="$kc" \
    --authorization-kubeconfig="$kc" --bind-address=127.0.0.1 --leader-elect=false
}

start_node() {
  spawn kubelet "$BIN/kubelet" --config="$CONF_DIR/kubelet.yaml" --kubeconfig="$CONF_DIR/kubelet.kubeconfig" \
    --root-dir="$KUBELET_DIR" --hostname-override="$NODE_NAME" --node-ip="$NODE_IP"
  spawn kube-proxy "$BIN/kube-proxy" --config="$CONF_DIR/kube-proxy.yaml"
}

# infra kafka|postgres COMMAND: .dev/kafka.sh or .dev/postgres.sh for the cluster's own broker
# and database: on the node address, where pods reach them (pods, and this machine for the
# operators' CLI, get the password login), with data apart from the test suite's.
infra() {
  ROOMS_RUN=$INFRA_RUN KAFKA_HOST=$NODE_IP KAFKA_PORT=$KAFKA_PORT PG_HOST=$NODE_IP PGPORT=$PG_PORT \
    PG_CLIENTS="$POD_CIDR $NODE_IP/32" "$CLUSTER_SH_DIR/../$1.sh" "$2"
}

# start_infra: in the background: Kafka takes about as long to start as the control plane. Should
# `up` fail, it still waits for them (trap), so that a `down` right after finds them started.
start_infra() {
  trap 'wait ${KAFKA_JOB:-} ${POSTGRES_JOB:-} 2>/dev/null' EXIT
  (infra kafka install && infra kafka start) >>"$LOG_DIR/kafka.log" 2>&1 &
  KAFKA_JOB=$!
  (infra postgres install && infra postgres start) >>"$LOG_DIR/postgres.log" 2>&1 &
  POSTGRES_JOB=$!
}

wait_infra() {
  wait "$KAFKA_JOB" || fail "the cluster's Kafka did not start (its own logs: $INFRA_RUN/kafka)" kafka
  wait "$POSTGRES_JOB" || fail "the cluster's PostgreSQL did not start (its own logs: $INFRA_RUN/postgres)" postgres
}

# node_ready: the kubelet that runs now has posted Ready (the node's status from before a `down`
# still says Ready until the kubelet's first post).
node_ready() {
  local since ready
  since=$(date -u -r "$PID_DIR/kubelet.pid" +%Y-%m-%dT%H:%M:%SZ)
  ready=$(kubectl_ --request-timeout=2s get node "$NODE_NAME" \
    -o 'jsonpath={range .status.conditions[?(@.type=="Ready")]}{.status} {.lastHeartbeatTime}{end}')
  [ "${ready% *}" = True ] && [[ ! "${ready#* }" < "$since" ]]
}

dns_answers() {
  [ "$(dig +short +time=1 +tries=1 "@$DNS_IP" "kubernetes.default.svc.$CLUSTER_DOMAIN")" = "$API_SERVICE_IP" ]
}

start_dns() {
  step coredns kubectl_ apply -f "$CONF_DIR/coredns.yaml"
  poll 120 kube-proxy dns_answers && return 0
  { kubectl_ -n kube-system get pods -o wide; kubectl_ -n kube-system logs deploy/coredns --tail=20; } \
    >>"$LOG_DIR/coredns.log" 2>&1 || true
  fail "no answer from CoreDNS at $DNS_IP within 120s (kube-proxy's log: $LOG_DIR/kube-proxy.log)" coredns
}

write_env() {
  cat >"$ENV_FILE" <<EOF
# The single-node cluster's addresses (.dev/cluster/cluster.sh); source it.
export NODE_IP=$NODE_IP
export KAFKA_BOOTSTRAP=$NODE_IP:$KAFKA_PORT
export PG_HOST=$NODE_IP
export PG_PORT=$PG_PORT
export KUBECONFIG=$KUBECONFIG_FILE
EOF
}

cmd_up() {
  require_root
  local t0=$SECONDS
  make_dirs
  ensure_packages
  BIN=$("$CLUSTER_SH_DIR/bins.sh")
  ln -sfn "$BIN" "$BIN_LINK"
  PAUSE_IMAGE=$(image_ref pause)
  COREDNS_IMAGE=$(image_ref coredns)
  step network setup_network
  start_infra
  step pki make_pki
  write_kubeconfigs
  write_configs
  make_cgroups
  start_containerd
  start_etcd
  start_control_plane
  start_node
  wait_until "Ready node $NODE_NAME" 120 kubelet node_ready
  start_dns
  wait_infra
  write_env
  log "cluster up in $((SECONDS - t0))s (node $NODE_IP, env in $ENV_FILE)"
  echo "$KUBECONFIG_FILE"
}

# ---- down -------------------------------------------------------------------------------------

# kill_containers: with the kubelet gone, every container and sandbox is killed and its task
# deleted through containerd, so that the shims exit cleanly (removing their sockets).
kill_containers() {
  running containerd || return 0
  local ids
  ids=$(ctr_ tasks ls -q 2>/dev/null) || return 0
  # shellcheck disable=SC2086 # a list of ids
  [ -z "$ids" ] || ctr_ tasks delete --force $ids >>"$LOG_DIR/down.log" 2>&1 || true
}

stop_infra() {
  infra kafka stop >>"$LOG_DIR/kafka.log" 2>&1 || true
  infra postgres stop >>"$LOG_DIR/postgres.log" 2>&1 || true
}

cmd_down() {
  require_root
  local t0=$SECONDS left infra_job
  mkdir -p "$LOG_DIR" "$PID_DIR"
  BIN=$(readlink "$BIN_LINK" || true)
  stop_components kubelet
  kill_containers
  stop_infra &
  infra_job=$!
  stop_components kube-proxy kube-scheduler kube-controller-manager kube-apiserver
  stop_components etcd containerd
  wait "$infra_job"
  sweep_processes
  unmount_all
  if [ -x "$BIN/kube-proxy" ]; then "$BIN/kube-proxy" --cleanup >>"$LOG_DIR/down.log" 2>&1 || true; fi
  drop_chains
  teardown_network
  remove_cgroups
  remove_host_files
  restore_sysctls
  # Nothing survives `down`, so neither do its runtime state, address leases and addresses.
  rm -rf "$CTRD_DIR/state" "$CNI_IPAM_DIR" "$ENV_FILE"
  left=$(leftovers)
  if [ -n "$left" ]; then
    log "warning: cluster down, but these are left:"
    printf '%s\n' "$left" >&2
    return 1
  fi
  log "cluster down in $((SECONDS - t0))s"
}

# ---- the rest ---------------------------------------------------------------------------------

# reset-infra: the cluster's Kafka and PostgreSQL stopped, emptied and started again, so that a
# release installed next starts from nothing, as on a new cluster (make test-cluster does this).
cmd_reset_infra() {
  infra kafka stop >>"$LOG_DIR/kafka.log" 2>&1
  infra postgres stop >>"$LOG_DIR/postgres.log" 2>&1
  rm -rf "$INFRA_RUN/kafka/data" "$INFRA_RUN/postgres/data"
  start_infra
  wait_infra
}

cmd_status() {
  local name rc=0
  for name in "${COMPONENTS[@]}"; do
    if running "$name"; then echo "$name: running (pid $(cat "$PID_DIR/$name.pid"))"; else echo "$name: stopped"; rc=3; fi
  done
  infra kafka status || rc=3
  infra postgres status || rc=3
  return "$rc"
}

cmd_kubeconfig() {
  [ -s "$KUBECONFIG_FILE" ] || die "no cluster yet: make cluster"
  echo "$KUBECONFIG_FILE"
}

# service_answers NAME PORT: a connection to Service NAME's cluster IP gets through, i.e.
# kube-proxy has its rules (until then, pods get "no route to host").
service_answers() {
  local ip
  ip=$(kubectl_ --request-timeout=2s -n "$NAMESPACE" get service "$1" -o 'jsonpath={.spec.clusterIP}')
  timeout 1 bash -c "exec 3<>/dev/tcp/$ip/$2"
}

cmd_apply_host_services() {
  NAMESPACE=${1:?usage: $0 apply-host-services NAMESPACE}
  running kube-apiserver || die "the cluster is not up: make cluster"
  BIN=$(readlink "$BIN_LINK")
  render host-services.yaml "$CONF_DIR/host-services.$NAMESPACE.yaml"
  step host-services kubectl_ apply -f "$CONF_DIR/host-services.$NAMESPACE.yaml"
  wait_until "connection to Service $NAMESPACE/kafka" 30 kube-proxy service_answers kafka 9092
  wait_until "connection to Service $NAMESPACE/postgres" 30 kube-proxy service_answers postgres 5432
}

case "${1:-}" in
  up) cmd_up ;;
  down) cmd_down ;;
  status) cmd_status ;;
  load-images) cmd_load_images ;;
  kubeconfig) cmd_kubeconfig ;;
  apply-host-services) cmd_apply_host_services "${2:-}" ;;
  infra) infra "${2:-}" "${3:-}" ;;
  reset-infra) cmd_reset_infra ;;
  *) echo "usage: $0 up|down|status|load-images|kubeconfig|apply-host-services NAMESPACE|infra kafka|postgres COMMAND|reset-infra" >&2; exit 2 ;;
esac
