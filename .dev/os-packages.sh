#!/usr/bin/env bash
# Debian packages the test suite needs beyond the toolchains on the machine:
# xmllint checks SOAP against the EWS schema. Quiet when already installed.
set -euo pipefail
# shellcheck source=.dev/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
missing=()
command -v xmllint >/dev/null || missing+=(libxml2-utils)
command -v curl >/dev/null || missing+=(curl)
[ ${#missing[@]} -eq 0 ] && exit 0
[ "$(id -u)" -eq 0 ] || die "missing ${missing[*]}: run 'sudo apt-get install -y ${missing[*]}'"
log "installing ${missing[*]}"
{ apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"; } >/dev/null \
  || die "apt-get install ${missing[*]} failed"
