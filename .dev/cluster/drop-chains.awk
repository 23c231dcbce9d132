# Reads iptables-save (or ip6tables-save) output and writes an iptables-restore --noflush script
# that removes the cluster's chains and every jump into them, leaving all other rules alone:
#   - every KUBE-* chain (kube-proxy's and the kubelet's; no other Kubernetes runs here);
#   - CNI portmap's per-pod CNI-DN-* chains that a rule naming our network jumps to (portmap's
#     comment `dnat name: "NAME" id: "..."`; ENVIRON["NET_MATCH"] is `\"NAME\"` as saved);
#   - portmap's shared CNI-HOSTPORT-* chains, once no other network has a CNI-DN-* chain left.
# Used by cluster.sh down; prints nothing when there is nothing to remove.

BEGIN { net = ENVIRON["NET_MATCH"] }
/^\*/ { table = substr($0, 2); tables[++ntables] = table; next }
/^:/ { chain = substr($1, 2); chains[table, ++nchains[table]] = chain; next }
/^-A / {
  rules[table, ++nrules[table]] = $0
  if (index($0, net))
    for (k = 3; k < NF; k++) if ($k == "-j" && $(k + 1) ~ /^CNI-DN-/) ours[table, $(k + 1)] = 1
  next
}

function dropped(t, c) {
  return c ~ /^KUBE-/ || (t, c) in ours || (c ~ /^CNI-HOSTPORT-/ && !others[t])
}

END {
  for (i = 1; i <= ntables; i++) {
    t = tables[i]
    for (j = 1; j <= nchains[t]; j++) {
      c = chains[t, j]
      if (c ~ /^CNI-DN-/ && !((t, c) in ours)) others[t] = 1
    }
    out = ""
    for (j = 1; j <= nrules[t]; j++) {
      n = split(rules[t, j], f, " ")
      if (dropped(t, f[2])) continue
      for (k = 3; k < n; k++) {
        if ((f[k] == "-j" || f[k] == "-g") && dropped(t, f[k + 1])) {
          out = out "-D" substr(rules[t, j], 3) "\n"
          break
        }
      }
    }
    flush = ""; del = ""
    for (j = 1; j <= nchains[t]; j++) {
      c = chains[t, j]
      if (!dropped(t, c)) continue
      flush = flush "-F " c "\n"
      del = del "-X " c "\n"
    }
    if (out flush != "") printf "*%s\n%s%s%sCOMMIT\n", t, out, flush, del
  }
}
