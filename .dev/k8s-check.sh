#!/usr/bin/env bash
# Checks everything about the Kubernetes delivery that needs no cluster and no Docker:
# the chart (lint, renders with default/dev/prod values, schema validation of every
# manifest, values.schema.json and the templates rejecting bad values, NOTES), k8s/, skaffold.yaml, the
# Dockerfile of the services, the PrometheusRule (promtool check + unit tests) and the Grafana
# dashboard's queries. Deliberately broken inputs must fail (tests/broken, bad-values).
# Installs its tools into the shared cache on first use (quiet, idempotent).
# Prints one line per check and "k8s-check: N passed, M failed"; exits 1 on a failure.
#   K8S_VERSION   Kubernetes schema version to validate against (default below)
set -euo pipefail
# shellcheck source=.dev/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

K8S_VERSION="${K8S_VERSION:-1.35.0}"
KUBERNETES_VALIDATE_VERSION=1.37.0 # ships schemas up to Kubernetes 1.37
CHART="$ROOMS_ROOT/charts/rooms-sync"
TESTS="$CHART/tests"
SCHEMAS="$TESTS/schemas"
SKAFFOLD_SCHEMA="$SCHEMAS/skaffold-v4beta14.json"
RELEASE=rooms-sync
NAMESPACE=rooms
OUT="$(ensure_run_dir k8s-check)"
rm -rf "${OUT:?}"/*

# --- tools --------------------------------------------------------------------------
venv="$ROOMS_CACHE/kubernetes-validate-$KUBERNETES_VALIDATE_VERSION"
install_validator() {
  [ -x "$venv/bin/kubernetes-validate" ] && return 0
  log "installing kubernetes-validate $KUBERNETES_VALIDATE_VERSION into $venv"
  command -v python3 >/dev/null || die "python3 not found (needed for kubernetes-validate)"
  rm -rf "$venv.tmp"
  python3 -m venv "$venv.tmp"
  "$venv.tmp/bin/pip" install --quiet --disable-pip-version-check "kubernetes-validate==$KUBERNETES_VALIDATE_VERSION" \
    || die "pip install kubernetes-validate==$KUBERNETES_VALIDATE_VERSION failed"
  rm -rf "$venv" && mv "$venv.tmp" "$venv"
  # a venv records its own path: rebuild the scripts' shebangs for the final location
  sed -i "1s|$venv.tmp|$venv|" "$venv"/bin/*
}

helm_bin=$("$ROOMS_ROOT/.dev/helm.sh")
install_validator
promtool_bin=$(prometheus_package_bin promtool)
PY="$venv/bin/python"
HELPER="$ROOMS_ROOT/.dev/k8s-check.py"

# shellcheck source=.dev/checks.sh
CHECK_OUT=$OUT
. "$ROOMS_ROOT/.dev/checks.sh"

expect_of() { sed -n 's/^# expect: //p' "$1" | head -n 1; }

render() { # render NAME ARGS...: helm template into $OUT/NAME.yaml
  local name=$1
  shift
  "$helm_bin" template "$RELEASE" "$CHART" -n "$NAMESPACE" "$@" >"$OUT/$name.yaml"
  echo "$(grep -c '^kind:' "$OUT/$name.yaml") objects -> $OUT/$name.yaml"
}

validate() { "$PY" "$HELPER" validate "$K8S_VERSION" "$SCHEMAS" "$@"; }

notes() { # notes ARGS...: renders NOTES.txt (helm template skips it) through tpl
  local tmp
  tmp=$(mktemp -d)
  cp -r "$CHART" "$tmp/chart"
  cp "$CHART/templates/NOTES.txt" "$tmp/chart/notes.txt"
  printf 'notes: |\n{{ tpl (.Files.Get "notes.txt") . | indent 2 }}\n' >"$tmp/chart/templates/zz-notes.yaml"
  "$helm_bin" template "$RELEASE" "$tmp/chart" -n "$NAMESPACE" --show-only templates/zz-notes.yaml "$@"
  rm -rf "$tmp"
}

# --- the chart ------------------------------------------------------------------------------
echo "k8s-check: helm $("$helm_bin" version --short), kubernetes-validate $KUBERNETES_VALIDATE_VERSION (schemas $K8S_VERSION), $("$promtool_bin" --version 2>&1 | head -n 1)"
for v in default dev prod; do
  args=()
  [ "$v" = default ] || args=(-f "$CHART/values-$v.yaml")
  check "helm lint --strict ($v values)" "$helm_bin" lint --strict "$CHART" "${args[@]}"
  check "helm template ($v values)" render "$v" "${args[@]}"
  check "validate rendered manifests ($v values)" validate "$OUT/$v.yaml"
done
all=(-f "$CHART/values-prod.yaml" -f "$TESTS/every-feature-on.yaml")
check "helm template (every feature on)" render all "${all[@]}"
check "validate rendered manifests (every feature on)" validate "$OUT/all.yaml"
snippet_fits() { # the controller writes the snippet as ONE nginx parameter: < 4 KiB
  local bytes
  bytes=$(awk '/modsecurity-snippet: \|/{b=1;next} b&&/^      /{n+=length($0)+1;next} b{b=0} END{print n+0}' "$OUT/all.yaml")
  echo "modsecurity-snippet: $bytes bytes (nginx limit 4096)"
  [ "$bytes" -gt 0 ] && [ "$bytes" -lt 4000 ]
}
check "Ingress WAF snippet fits one nginx parameter" snippet_fits
check "Coraza: WAF rules + CRS 4 load, corpus (.dev/coraza)" "$ROOMS_ROOT/.dev/coraza/check.sh"
check "NOTES: default callback URL and /healthz" contains "https://rooms.example.com/api/webhooks/exchange" notes
check "NOTES: Microsoft Graph's callback URLs" contains "https://rooms.example.com/api/webhooks/graph/lifecycle" notes
check "NOTES: the Ingress exposes Graph's callbacks" contains "POST /api/webhooks/graph, POST /api/webhooks/graph/lifecycle" \
  notes --set ingress.enabled=true --set ingress.host=rooms.example.com
check "NOTES: Graph's callback override" contains "https://hooks.example.com/graph/lifecycle" \
  notes --set appSettings.GraphNotificationEndpointUrl=https://hooks.example.com/graph
check "NOTES: the connections' Secrets" contains "rooms-sync, rooms-sync-online, rooms-sync-online-cert, rooms-sync-onprem." \
  notes -f "$TESTS/every-feature-on.yaml"
check "NOTES: legacy callback URL" contains "/WebServices/SyncNotification.svc?default" notes --set appSettings.ExchangePushNotificationUseLegacyEndpoint=true

for f in "$TESTS"/bad-values/*.yaml; do
  check "the chart rejects bad-values/$(basename "$f")" must_fail "$(expect_of "$f")" \
    "$helm_bin" template "$RELEASE" "$CHART" -n "$NAMESPACE" -f "$f"
done

# --- k8s/, skaffold.yaml, Dockerfiles -----------------------------------------------------------
check "validate k8s/*.yaml" validate "$ROOMS_ROOT"/k8s/*.yaml
for f in "$TESTS"/broken/*.yaml; do
  case "$f" in
    */skaffold-*) continue ;;
  esac
  check "broken manifest fails: $(basename "$f")" must_fail "$(expect_of "$f")" validate "$f"
done
check "skaffold.yaml against its schema" "$PY" "$HELPER" skaffold "$SKAFFOLD_SCHEMA" "$ROOMS_ROOT/skaffold.yaml"
check "broken skaffold.yaml fails" must_fail "$(expect_of "$TESTS/broken/skaffold-bad.yaml")" \
  "$PY" "$HELPER" skaffold "$SKAFFOLD_SCHEMA" "$TESTS/broken/skaffold-bad.yaml"
check "Dockerfile: multi-stage, node:24 pinned, non-root, tini, no HEALTHCHECK" \
  "$PY" "$HELPER" dockerfiles "$ROOMS_ROOT/Dockerfile"
check "broken Dockerfile fails the lint" must_fail "$(expect_of "$TESTS/broken/Dockerfile")" \
  "$PY" "$HELPER" dockerfiles "$TESTS/broken/Dockerfile"

# --- alerts and dashboard ---------------------------------------------------------------------------
mkdir -p "$OUT/rules"
check "helm template (PrometheusRule on)" render rules --set prometheusRule.enabled=true
check "extract PrometheusRule spec" "$PY" "$HELPER" rules "$OUT/rules.yaml" "$OUT/rules/rules.yaml"
check "promtool check rules" "$promtool_bin" check rules "$OUT/rules/rules.yaml"
cp "$TESTS"/rules/*.test.yaml "$OUT/rules/"
check "promtool test rules (each alert fires and stays quiet)" "$promtool_bin" test rules "$OUT"/rules/*.test.yaml
check "dashboard JSON: queries extracted" "$PY" "$HELPER" dashboard-exprs "$CHART/files/dashboards/rooms-sync.json" "$OUT/dashboard-rules.yaml"
check "dashboard queries parse (promtool)" "$promtool_bin" check rules "$OUT/dashboard-rules.yaml"

check_summary k8s-check
