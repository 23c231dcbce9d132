#!/usr/bin/env bash
# Builds the pinned Helm from the Go module proxy into the shared cache (once per
# machine) and prints the path of the binary.
# `go install` skips Helm's Makefile, whose ldflags set the version and the
# Kubernetes version Helm assumes without a cluster (else v1.20, which our chart's
# kubeVersion rejects); the same ldflags are passed here.
set -euo pipefail
# shellcheck source=.dev/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

HELM_VERSION=v3.22.0
HELM_K8S_MINOR=37 # helm v3.22.0 builds against k8s.io/client-go v0.37
bin_dir="$ROOMS_CACHE/bin"
helm_bin="$bin_dir/helm-$HELM_VERSION"

if [ ! -x "$helm_bin" ] || ! "$helm_bin" version --short 2>/dev/null | grep -q "^$HELM_VERSION"; then
  command -v go >/dev/null || die "go not found: Helm is built with 'go install' from the Go module proxy"
  log "building helm $HELM_VERSION into $bin_dir (takes ~2 min the first time)"
  mkdir -p "$bin_dir"
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  pkg=helm.sh/helm/v3
  GOBIN="$tmp" go install -ldflags "-s -w \
    -X $pkg/internal/version.version=$HELM_VERSION \
    -X $pkg/internal/version.gitTreeState=clean \
    -X $pkg/pkg/lint/rules.k8sVersionMajor=1 -X $pkg/pkg/lint/rules.k8sVersionMinor=$HELM_K8S_MINOR \
    -X $pkg/pkg/chartutil.k8sVersionMajor=1 -X $pkg/pkg/chartutil.k8sVersionMinor=$HELM_K8S_MINOR" \
    "$pkg/cmd/helm@$HELM_VERSION" >"$tmp/build.log" 2>&1 \
    || die "go install helm $HELM_VERSION failed: $(tail -5 "$tmp/build.log")"
  mv "$tmp/helm" "$helm_bin"
  ln -sfn "helm-$HELM_VERSION" "$bin_dir/helm"
fi
printf '%s\n' "$helm_bin"
