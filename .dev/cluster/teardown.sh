# shellcheck shell=bash
# What `down` needs beyond stopping the components: finding and removing whatever of the cluster
# is still on the machine (sourced by cluster.sh, whose settings it uses). Everything is found by
# what marks it as ours: our directory on a command line or as a mount's prefix, our cgroup, our
# containerd's container ids, our CNI network's name.

# our_pids: every process of this cluster: those with our directory on their command line that
# run our binaries, containerd, its shims, Java (Kafka) or PostgreSQL; and all in our cgroups
# (the containers).
our_pids() {
  local pattern pid exe dir
  pattern=$(printf '%s' "$C/" | sed 's/[][\.*^$]/\\&/g')
  for pid in $(pgrep -f -- "$pattern"); do
    exe=$(readlink "/proc/$pid/exe" 2>/dev/null) || continue
    case "${exe##*/}" in
      containerd | containerd-shim-runc-v2 | etcd | kube-* | kubelet | java | postgres) echo "$pid" ;;
    esac
  done
  for dir in $(cgroup_dirs); do
    if [ -d "$dir" ]; then find "$dir" -name cgroup.procs -exec cat {} + 2>/dev/null; fi
  done
}

# sweep_processes: whatever of ours survived (a crash's leftovers, containers' children).
sweep_processes() {
  local pids deadline=$((SECONDS + 5))
  pids=$(our_pids | sort -u)
  [ -z "$pids" ] && return 0
  # shellcheck disable=SC2086 # a list of pids
  kill -TERM $pids 2>/dev/null || true
  while [ -n "$(our_pids)" ] && [ "$SECONDS" -lt "$deadline" ]; do sleep 0.1; done
  pids=$(our_pids | sort -u)
  # shellcheck disable=SC2086
  [ -z "$pids" ] || kill -KILL $pids 2>/dev/null || true
}

our_mounts() {
  findmnt -rn -o TARGET | awk -v p="$C/" 'index($0, p) == 1' | sort -r
}

# unmount_all: deepest first (pod volumes, container rootfs and shm, network namespaces, the
# kubelet's own bind mount); repeated, since unmounting one may uncover another.
unmount_all() {
  local m _
  for _ in 1 2 3; do
    [ -n "$(our_mounts)" ] || return 0
    for m in $(our_mounts); do umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null || true; done
  done
}

# host_files: what the runtime leaves outside our directory when its pods are not torn down one by
# one, at fixed paths: per pod or container (by id, which our containerd's root lists) a shim
# socket in /run/containerd/s, named by a hash of containerd's socket, namespace and id, and CNI's
# result cache in /var/lib/cni/results; the kubelet's links in /var/log/containers (into our pod
# logs), and its device-plugin socket in /var/lib/kubelet whatever its root dir (once no kubelet runs).
host_files() {
  local dir id f
  for dir in "$CTRD_DIR"/root/io.containerd.grpc.v1.cri/{sandboxes,containers}/*; do
    [ -d "$dir" ] || continue
    id=${dir##*/}
    f=/run/containerd/s/$(printf '%s' "$CTRD_SOCK/k8s.io/$id" | sha256sum | cut -d' ' -f1)
    [ ! -e "$f" ] || echo "$f"
    ls -d /var/lib/cni/results/*-"$id"-* 2>/dev/null || true
  done
  for f in /var/log/containers/*; do
    [ -L "$f" ] && [[ "$(readlink "$f")" == "$C/"* ]] && echo "$f"
  done
  f=/var/lib/kubelet/device-plugins/kubelet.sock
  [ ! -e "$f" ] || pgrep -x kubelet >/dev/null || echo "$f"
}

remove_host_files() {
  host_files | xargs -r rm -f
  rmdir /var/lib/cni/results /var/lib/cni /var/log/containers /run/containerd/s /run/containerd \
    /var/lib/kubelet/device-plugins /var/lib/kubelet 2>/dev/null || true
}

remove_cgroups() {
  local dir
  for dir in $(cgroup_dirs); do
    [ -d "$dir" ] && find "$dir" -depth -type d -exec rmdir {} + 2>/dev/null
  done
  return 0
}

# leftovers: one line per thing of ours still on the machine.
leftovers() {
  local pids dir
  pids=$(our_pids | sort -un | tr '\n' ' ')
  [ -z "$pids" ] || echo "processes: $pids"
  our_mounts | sed 's/^/mount: /'
  network_leftovers
  for dir in $(cgroup_dirs); do [ -d "$dir" ] && echo "cgroup $dir"; done
  host_files | sed 's/^/file: /'
  return 0
}
