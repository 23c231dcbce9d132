#!/usr/bin/env bash
# Builds the single-node cluster's binaries from the Go module proxy into the shared
# cache (once per machine) and prints the directory that holds them:
#   kube-apiserver kube-controller-manager kube-scheduler kubelet kube-proxy kubectl
#   etcd coredns pause
# Only the binaries are kept (~500 MB); the Go build cache they need (~4 GB) is not.
set -euo pipefail
# shellcheck source=.dev/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

KUBE_VERSION=v1.35.4
STAGING_VERSION=v0.35.4 # k8s.io/<staging> modules are tagged v0.<minor>.<patch>
ETCD_VERSION=v3.6.5
COREDNS_VERSION=v1.14.7
BIN_DIR="$ROOMS_CACHE/cluster-$KUBE_VERSION/bin"
KUBE_CMDS=(kube-apiserver kube-controller-manager kube-scheduler kubelet kube-proxy kubectl)
ALL=("${KUBE_CMDS[@]}" etcd coredns pause)

complete() {
  local b
  for b in "${ALL[@]}"; do [ -x "$BIN_DIR/$b" ] || return 1; done
}
if complete; then
  printf '%s\n' "$BIN_DIR"
  exit 0
fi

command -v go >/dev/null || die "go not found: the cluster's binaries are built from the Go module proxy"
mkdir -p "$BIN_DIR"
# One build at a time per machine (two clones, or make cluster beside make test-cluster): the
# second waits, then finds the binaries built.
exec 9>"$BIN_DIR/.lock"
flock 9
if complete; then
  printf '%s\n' "$BIN_DIR"
  exit 0
fi
work=$(mktemp -d "$ROOMS_CACHE/.cluster-build.XXXXXX")
# shellcheck disable=SC2064
trap "rm -rf '$work'" EXIT
# a build cache of its own (~4 GB for Kubernetes), removed with the work directory
export CGO_ENABLED=0 GOFLAGS=-mod=mod GOWORK=off GOCACHE="$work/gocache"
build_log="$work/build.log"
fail() { die "$1: $(tail -n 8 "$build_log")"; }

# Kubernetes: `go install k8s.io/kubernetes/cmd/X@v` is refused because its go.mod has
# replace directives (the staging modules). A throwaway module that pins each staging
# module to its published version builds the same commands.
kube_module() {
  local dir=$work/kube mod
  mkdir -p "$dir"
  mod=$(go env GOMODCACHE)/cache/download/k8s.io/kubernetes/@v/$KUBE_VERSION.mod
  go mod download "k8s.io/kubernetes@$KUBE_VERSION" >"$build_log" 2>&1 || fail "go mod download k8s.io/kubernetes@$KUBE_VERSION"
  {
    echo "module rooms-sync.local/cluster-build"
    echo "go 1.25.0"
    echo "require k8s.io/kubernetes $KUBE_VERSION"
    sed -n 's#^[[:space:]]*\(k8s.io/[a-z0-9-]*\) => ./staging/.*#replace \1 => \1 '"$STAGING_VERSION"'#p' "$mod"
  } >"$dir/go.mod"
  printf 'package main\n' >"$dir/doc.go"
  echo "$dir"
}

build_kube() {
  local missing=() c dir ldflags pkgs=()
  for c in "${KUBE_CMDS[@]}"; do [ -x "$BIN_DIR/$c" ] || missing+=("$c"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  log "building Kubernetes $KUBE_VERSION (${missing[*]}) into $BIN_DIR (~10 min on 2 cores the first time)"
  dir=$(kube_module)
  for c in "${missing[@]}"; do pkgs+=("k8s.io/kubernetes/cmd/$c"); done
  # each command's dependencies must be in go.sum before one `go build` builds them all
  for p in "${pkgs[@]}"; do
    (cd "$dir" && go get "$p@$KUBE_VERSION") >>"$build_log" 2>&1 || fail "go get $p"
  done
  ldflags="-s -w"
  for v in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    ldflags+=" -X $v.gitVersion=$KUBE_VERSION -X $v.gitMajor=1 -X $v.gitMinor=35 -X $v.gitTreeState=clean"
  done
  (cd "$dir" && go build -trimpath -ldflags "$ldflags" -o "$work/out/" "${pkgs[@]}") >>"$build_log" 2>&1 \
    || fail "go build Kubernetes $KUBE_VERSION"
  for c in "${missing[@]}"; do mv "$work/out/$c" "$BIN_DIR/$c"; done
}

# etcd's main package lives in its root module, which also has replace directives; the
# server module's etcdmain is the same entry point.
build_etcd() {
  [ -x "$BIN_DIR/etcd" ] && return 0
  log "building etcd $ETCD_VERSION"
  local dir=$work/etcd m
  mkdir -p "$dir"
  {
    echo "module rooms-sync.local/etcd-build"
    echo "go 1.25.0"
    echo "require go.etcd.io/etcd/server/v3 $ETCD_VERSION"
    for m in api/v3 client/pkg/v3 client/v3 pkg/v3; do echo "replace go.etcd.io/etcd/$m => go.etcd.io/etcd/$m $ETCD_VERSION"; done
  } >"$dir/go.mod"
  cat >"$dir/main.go" <<'EOF'
package main

import (
	"os"

	"go.etcd.io/etcd/server/v3/etcdmain"
)

func main() { etcdmain.Main(os.Args) }
EOF
  (cd "$dir" && go mod tidy && go build -trimpath -ldflags "-s -w" -o "$BIN_DIR/etcd" .) >>"$build_log" 2>&1 \
    || fail "go build etcd $ETCD_VERSION"
}

build_coredns() {
  [ -x "$BIN_DIR/coredns" ] && return 0
  log "building CoreDNS $COREDNS_VERSION"
  GOBIN="$work/gobin" go install -trimpath -ldflags "-s -w" "github.com/coredns/coredns@$COREDNS_VERSION" >>"$build_log" 2>&1 \
    || fail "go install coredns $COREDNS_VERSION"
  mv "$work/gobin/coredns" "$BIN_DIR/coredns"
}

# The pod sandbox ("pause") image's one binary, from this repository.
build_pause() {
  [ -x "$BIN_DIR/pause" ] && return 0
  (cd "$ROOMS_ROOT/.dev/cluster/pause" && go build -trimpath -ldflags "-s -w" -o "$BIN_DIR/pause" .) >>"$build_log" 2>&1 \
    || fail "go build pause"
}

build_pause
build_etcd
build_kube
build_coredns
complete || die "cluster binaries incomplete in $BIN_DIR"
printf '%s\n' "$BIN_DIR"
