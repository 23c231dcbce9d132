# shellcheck shell=bash
# The cluster's network on the host, and its removal; sourced by cluster.sh, whose settings
# (the addresses at its top) it uses.
#
# Nothing may leave the machine, so:
#   - the node address sits on an interface of ours (NODE_IF), not on eth0;
#   - pods get routes to the service range and the node address only, no default route (the CNI
#     bridge plugin runs with isGateway=false: with it, it would also switch on ip_forward for
#     every interface); the pod gateway address is set on the bridge here;
#   - forwarding is switched on for the bridge alone (a pod reaching another pod through a
#     Service is routed by the host after kube-proxy's DNAT), and a policy-routing rule sends
#     whatever arrives from the bridge to a table that knows only the pod range: anything else
#     is unreachable;
#   - the host's own traffic to the service range goes into the bridge, from the node address,
#     never to the default route;
#   - no masquerading (ipMasq=false), and NodePorts and hostPorts only on the node address.

# The kernel settings the kubelet changes (its "kernel defaults") and bridge netfilter, which
# lets the pods' own bridge see a Service's reply un-DNATed. Saved on the first `up`, restored by
# `down`.
SAVED_SYSCTLS=(net.bridge.bridge-nf-call-iptables vm.overcommit_memory vm.panic_on_oom kernel.panic
  kernel.panic_on_oops kernel.keys.root_maxkeys kernel.keys.root_maxbytes)

save_sysctls() {
  [ -s "$SYSCTL_SAVED" ] && return 0
  local key
  for key in "${SAVED_SYSCTLS[@]}"; do
    printf '%s=%s\n' "$key" "$(sysctl -n "$key")"
  done >"$SYSCTL_SAVED"
}

restore_sysctls() {
  [ -s "$SYSCTL_SAVED" ] || return 0
  local line
  while read -r line; do sysctl -qw "$line" || true; done <"$SYSCTL_SAVED"
  rm -f "$SYSCTL_SAVED"
}

# add_link NAME TYPE: creates it unless it exists.
add_link() {
  ip link show "$1" >/dev/null 2>&1 || ip link add "$1" type "$2"
}

setup_network() {
  save_sysctls
  # Our machines' kernel has no dummy driver; a bridge without ports holds an address the same way.
  ip link show "$NODE_IF" >/dev/null 2>&1 || ip link add "$NODE_IF" type dummy 2>/dev/null || add_link "$NODE_IF" bridge
  ip addr replace "$NODE_IP/32" dev "$NODE_IF"
  ip link set "$NODE_IF" up
  add_link "$POD_BRIDGE" bridge
  ip addr replace "$POD_GW/${POD_CIDR#*/}" dev "$POD_BRIDGE"
  ip link set "$POD_BRIDGE" up
  ip route replace "$SERVICE_CIDR" dev "$POD_BRIDGE" src "$NODE_IP"
  sysctl -qw "net.ipv4.conf.$POD_BRIDGE.forwarding=1" net.bridge.bridge-nf-call-iptables=1
  ip route replace "$POD_CIDR" dev "$POD_BRIDGE" table "$POD_ROUTE_TABLE"
  ip route replace unreachable default table "$POD_ROUTE_TABLE"
  [ -n "$(ip rule list pref "$POD_RULE_PREF")" ] || ip rule add pref "$POD_RULE_PREF" iif "$POD_BRIDGE" lookup "$POD_ROUTE_TABLE"
}

teardown_network() {
  local veth
  while [ -n "$(ip rule list pref "$POD_RULE_PREF")" ]; do ip rule del pref "$POD_RULE_PREF"; done
  ip route flush table "$POD_ROUTE_TABLE" 2>/dev/null || true
  for veth in $(bridge_ports); do ip link del "$veth" 2>/dev/null || true; done
  ip link del "$POD_BRIDGE" 2>/dev/null || true
  ip link del "$NODE_IF" 2>/dev/null || true
}

bridge_ports() {
  ip -o link show master "$POD_BRIDGE" 2>/dev/null | awk -F': ' '{sub(/@.*/, "", $2); print $2}'
}

# cni_match: our network's name as portmap's rule comments show it in iptables-save output.
cni_match() {
  printf '\\"%s\\"' "$CNI_NETWORK"
}

# drop_chains: kube-proxy --cleanup leaves the kubelet's KUBE-* chains (and nothing covers
# portmap's, once their pods are gone without a CNI DEL): see drop-chains.awk.
drop_chains() {
  local cmd script
  for cmd in iptables ip6tables; do
    command -v "$cmd-save" >/dev/null || continue
    script=$("$cmd-save" | NET_MATCH="$(cni_match)" awk -f "$CLUSTER_SH_DIR/drop-chains.awk")
    [ -z "$script" ] || printf '%s\n' "$script" | "$cmd-restore" --noflush
  done
}

# network_leftovers: one line per piece of our network still on the host.
network_leftovers() {
  local link cmd n
  for link in "$NODE_IF" "$POD_BRIDGE" $(bridge_ports); do
    ip link show "$link" >/dev/null 2>&1 && echo "interface $link"
  done
  [ -z "$(ip rule list pref "$POD_RULE_PREF")" ] || echo "ip rule $POD_RULE_PREF"
  [ -z "$(ip route show table "$POD_ROUTE_TABLE" 2>/dev/null)" ] || echo "routes in table $POD_ROUTE_TABLE"
  for cmd in iptables ip6tables; do
    command -v "$cmd-save" >/dev/null || continue
    n=$("$cmd-save" | grep -cF -e KUBE- -e "$(cni_match)" || true)
    [ "$n" -eq 0 ] || echo "$n $cmd lines with KUBE- or our CNI network"
  done
}
