#!/usr/bin/env bash
# Coraza check: the chart's WAF rules (charts/rooms-sync/files/waf/rooms-sync-waf.conf)
# loaded by real Coraza (the WAF of Envoy-based Gateway API gateways) before the OWASP
# CRS 4 that coraza-coreruleset embeds, and the request-content cases of
# .dev/waf-test.sh run through it (see main.go for what is loaded and why).
# Builds .dev/coraza into the shared cache once per source version (quiet when built),
# then runs it from the repository root. Extra arguments go to the program, e.g.
#   .dev/coraza/check.sh -crs /usr/share/modsecurity-crs/rules   # which CRS 3.3 directives Coraza rejects
# Prints one line per case and "coraza: N passed, M failed"; exits non-zero on a failure.
#   CORAZA_KNOWN_GAPS  attack cases Coraza is known NOT to stop with our rules file,
#                      reported as GAP lines instead of failures (default below; set it
#                      empty to make them fail). A listed case that is stopped fails.
set -euo pipefail
# shellcheck source=.dev/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

SRC="$ROOMS_ROOT/.dev/coraza"
# Rules 10020 (DTD) and 10021 (processing instructions) read REQUEST_BODY, which Coraza
# v3 leaves empty once the XML body processor ran (corazawaf/coraza#1685); rule 10022
# reads REQBODY_ERROR, which Coraza's lenient XML processor does not set for a
# truncated document. ModSecurity v3 stops all six (.dev/waf-test.sh).
CORAZA_KNOWN_GAPS="${CORAZA_KNOWN_GAPS-xxe-external-entity,billion-laughs,xxe-in-legacy-endpoint,php-processing-instruction,stylesheet-processing-instruction,malformed-xml}"

go_bin=$(command -v go || true)
[ -n "$go_bin" ] || go_bin=/usr/local/go/bin/go
coraza_version=$(sed -n 's|^[[:space:]]*github.com/corazawaf/coraza/v3 \(v[^ ]*\).*|\1|p' "$SRC/go.mod")
[ -n "$coraza_version" ] || die "no github.com/corazawaf/coraza/v3 version in $SRC/go.mod"
# The binary's name carries the Coraza version and a hash of the sources: an edit of
# main.go, go.mod or go.sum builds a new one, anything else reuses it.
src_hash=$(cat "$SRC/go.mod" "$SRC/go.sum" "$SRC/main.go" | sha256sum | cut -c1-12)
bin="$ROOMS_CACHE/bin/coraza-check-$coraza_version-$src_hash"

if [ ! -x "$bin" ]; then
  [ -x "$go_bin" ] || die "go not found (needed to build the Coraza check from the Go module proxy)"
  log "building the Coraza check (coraza $coraza_version) into $bin"
  mkdir -p "$ROOMS_CACHE/bin"
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  (cd "$SRC" && GOTOOLCHAIN=local GOFLAGS="${GOFLAGS:-} -mod=readonly" "$go_bin" build -trimpath -o "$tmp/coraza-check" .) \
    >"$tmp/build.log" 2>&1 \
    || die "go build of .dev/coraza (coraza $coraza_version) failed: $(tail -n 5 "$tmp/build.log")"
  mv "$tmp/coraza-check" "$bin"
fi

cd "$ROOMS_ROOT"
exec "$bin" -root "$ROOMS_ROOT" -known-gaps "$CORAZA_KNOWN_GAPS" "$@"
