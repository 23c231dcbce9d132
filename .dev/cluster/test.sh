#!/usr/bin/env bash
# make test-cluster: the chart on the real single-node cluster (make cluster), with the images
# make images built, checked the way a release would be:
#   1. every values file rendered and validated by the API server itself (strict fields,
#      warnings as errors, Pod Security "restricted"), Prometheus Operator and Gateway API CRDs
#      installed; a broken manifest must be refused
#   2. helm install of the dev values (simulator beside it, migration Job as hook): every
#      Deployment Ready with no restart; the demo's bookings reach the read API through the
#      pods; a push is acknowledged only once it is on Kafka (and refused while Kafka is down);
#      Microsoft Graph's validation handshake is answered, a notification for an unknown
#      subscription is answered 202 and recorded nowhere
#   3. helm upgrade with a changed setting rolls every pod while pushes keep coming: every
#      acknowledged push is on Kafka, every reservation row is still there, changes still flow
#   4. helm uninstall leaves nothing of the release behind
# Prints one line per check and "test-cluster: N passed, M failed"; exits 1 on a failure.
set -euo pipefail
# shellcheck source=.dev/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
cd "$ROOMS_ROOT"

VALIDATE_NS=rooms-validate
PROM_OPERATOR_VERSION=v0.85.0
GATEWAY_API_VERSION=v1.6.3
ROOMS=(room-101@contoso.example room-102@contoso.example)
OUT="$(ensure_run_dir cluster-test)"
rm -rf "${OUT:?}"/*
# shellcheck source=.dev/checks.sh
CHECK_OUT=$OUT
. "$ROOMS_ROOT/.dev/checks.sh"

[ -f "$ROOMS_RUN/cluster/env" ] || die "no cluster is running: make cluster (make test-cluster does it for you)"
# shellcheck source=/dev/null
. "$ROOMS_RUN/cluster/env"
export KUBECONFIG
# shellcheck source=.dev/cluster/release.sh
. "$ROOMS_ROOT/.dev/cluster/release.sh"
dev_install_args
cli() { node services/cli/src/main.ts "$@"; }
probe() { node tests/cluster/src/main.ts "$@"; }

# --- 1. server-side validation -----------------------------------------------------------------
# The CRDs come from the Go module proxy (the projects publish them in their modules); cached.
crd_dir() {
  local module=$1 version=$2 sub=$3 dest="$ROOMS_CACHE/crds/${1##*/}-$2" dir
  if [ ! -d "$dest" ]; then
    dir=$(go mod download -json "$module@$version" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
    [ -d "$dir/$sub" ] || die "go mod download $module@$version: no $sub"
    mkdir -p "$dest.tmp" && cp "$dir/$sub"/*.yaml "$dest.tmp/" && mv "$dest.tmp" "$dest"
  fi
  printf '%s\n' "$dest"
}
install_crds() {
  k apply --server-side --force-conflicts -f "$(crd_dir github.com/prometheus-operator/prometheus-operator "$PROM_OPERATOR_VERSION" example/prometheus-operator-crd)" >/dev/null
  k apply --server-side --force-conflicts -f "$(crd_dir sigs.k8s.io/gateway-api "$GATEWAY_API_VERSION" config/crd/standard)" >/dev/null
  k wait --for=condition=Established crd --all --timeout=60s
}

server_validate() { # server_validate FILE: the API server's strict validation, warnings fail too
  k --warnings-as-errors apply --dry-run=server --validate=strict -n "$VALIDATE_NS" -f "$1"
}

render() { # render NAME ARGS...: helm template (hooks included) into $OUT/NAME.yaml
  local name=$1
  shift
  "$helm_bin" template "$RELEASE" "$CHART" -n "$VALIDATE_NS" "$@" >"$OUT/$name.yaml"
  echo "$(grep -c '^kind:' "$OUT/$name.yaml") objects"
}

broken_manifest() { # a Service with a field Kubernetes does not know
  sed '0,/^kind: Service$/s//kind: Service\nbogusField: true/' "$OUT/dev.yaml" >"$OUT/broken.yaml"
  server_validate "$OUT/broken.yaml"
}

echo "test-cluster: $(k version -o json | sed -n 's/.*"gitVersion": "\(v[^"]*\)".*/\1/p' | tail -n 1), helm $("$helm_bin" version --short)"
check "CRDs: Prometheus Operator $PROM_OPERATOR_VERSION, Gateway API $GATEWAY_API_VERSION" install_crds
check "namespace $VALIDATE_NS (Pod Security restricted)" namespace "$VALIDATE_NS"
variants=(values.yaml)
for f in "$CHART"/values-*.yaml; do variants+=("$(basename "$f")"); done
for v in "${variants[@]}" every-feature-on; do
  case "$v" in
    values.yaml) args=() ;;
    every-feature-on) args=(-f "$CHART/values-prod.yaml" -f "$CHART/tests/every-feature-on.yaml") ;;
    *) args=(-f "$CHART/$v") ;;
  esac
  name=${v%.yaml}
  name=${name#values-}
  check "helm template ($v)" render "$name" "${args[@]}"
  check "API server accepts every object, strictly ($v)" server_validate "$OUT/$name.yaml"
done
check "API server refuses an unknown field" must_fail 'unknown field "bogusField"' broken_manifest
check "API server accepts k8s/*.yaml (dev dependencies)" server_validate k8s/
k delete namespace "$VALIDATE_NS" --wait=false >/dev/null

# --- 2. install --------------------------------------------------------------------------------------
fresh_start() { # an earlier run's release, rooms and topics would change what this one sees
  if "$helm_bin" status "$RELEASE" -n "$NS" >/dev/null 2>&1; then "$helm_bin" uninstall "$RELEASE" -n "$NS" --wait >/dev/null; fi
  if k get namespace "$NS" >/dev/null 2>&1; then k delete namespace "$NS" --wait --timeout=120s >/dev/null; fi
  "$ROOMS_ROOT/.dev/cluster/cluster.sh" reset-infra
  echo "no release, empty Kafka and PostgreSQL"
}

# diagnose: the pods' state and the last lines each container printed (also the run before a
# restart): a failing check names the cause, not just a timeout.
diagnose() {
  kn get pods -o wide
  local p
  for p in $(kn get pod -o name); do
    kn logs "$p" --all-containers --tail=3 2>/dev/null | sed "s|^|$p: |" || true
    kn logs "$p" --all-containers --previous --tail=3 2>/dev/null | sed "s|^|$p (before its restart): |" || true
  done
}

# install: helm waits for the migration hook itself; the pods are all_ready's business.
install() {
  "$helm_bin" install "$RELEASE" "$CHART" -n "$NS" "${install_args[@]}" --timeout 3m || { diagnose; return 1; }
}

# all_ready: every service pod of the release (not the migration Job's) Ready and none restarted,
# failing at the first restart (a crash-looping service restarts before it would stay Ready);
# then every Deployment rolled out.
SERVICE_PODS="app.kubernetes.io/instance=$RELEASE,app.kubernetes.io/component!=migrations"
all_ready() {
  local deadline=$((SECONDS + 180)) states live d
  while :; do
    states=$(kn get pod -l "$SERVICE_PODS" -o jsonpath='{range .items[*]}{.metadata.name} ready={.status.containerStatuses[0].ready} restarts={.status.containerStatuses[0].restartCount} deleting={.metadata.deletionTimestamp}{"\n"}{end}')
    live=$(grep 'deleting=$' <<<"$states" || true)
    if grep -q 'restarts=[1-9]' <<<"$live"; then
      printf '%s\n' "$live"
      echo "a container restarted"
      diagnose
      return 1
    fi
    if [ -n "$live" ] && ! grep -qv 'ready=true' <<<"$live"; then break; fi
    if [ "$SECONDS" -ge "$deadline" ]; then
      printf '%s\n' "$live"
      echo "not every pod Ready within 180 s"
      diagnose
      return 1
    fi
    sleep 1
  done
  for d in $(kn get deployment -l "app.kubernetes.io/instance=$RELEASE" -o name); do
    kn rollout status "$d" --timeout=60s
  done
  echo "$(grep -c . <<<"$live") pods Ready, no restart"
}

# node_flags: the image's command puts each container's ROOMS_SYNC_NODE_FLAGS (the chart's
# nodeFlags) on node's command line: read back from the node process in every service pod.
node_flags() {
  local p want got seen=""
  for p in $(kn get pod -l "$SERVICE_PODS" -o name); do
    want=$(kn get "$p" -o jsonpath='{.spec.containers[0].env[?(@.name=="ROOMS_SYNC_NODE_FLAGS")].value}')
    got=$(kn exec "$p" -- sh -c 'for f in /proc/[0-9]*/cmdline; do tr "\0" " " <"$f"; echo; done' | grep -m1 '^node ' || true)
    case "$got" in
      "node ${want:+$want }services/"*) ;;
      *) echo "$p: node runs as '$got', the chart says flags '$want'"; return 1 ;;
    esac
    seen+="${p#pod/"$RELEASE"-}: ${want:-none}"$'\n'
  done
  printf '%s' "$seen" | sed -E 's/-[a-z0-9]+-[a-z0-9]+: /: /' | sort -u -t: -k2,2 -k1,1 | paste -sd ';' -
}

migration_ran() { # the pre-install hook's Job made the projection's tables
  PGPASSWORD=rooms_sync psql -h "$PG_HOST" -p "$PG_PORT" -U rooms_sync -d rooms_sync -Atc \
    "select count(*) from information_schema.tables where table_name = 'reservations'" | grep -qx 1
  echo "table reservations exists"
}

# add_rooms: the operators' CLI, on the host, against the cluster's database; `rooms add` first
# checks through EWS that the mailbox is reachable, with the credentials the pods use (the dev Secret).
add_rooms() {
  local room user password
  user=$(kn get secret rooms-sync-dev -o jsonpath='{.data.ews-username}' | base64 -d)
  password=$(kn get secret rooms-sync-dev -o jsonpath='{.data.ews-password}' | base64 -d)
  for room in "${ROOMS[@]}"; do
    DatabaseUrl="postgres://rooms_sync:rooms_sync@$PG_HOST:$PG_PORT/rooms_sync" \
      EwsUrl="$(service_url exchange-simulator http)/EWS/Exchange.asmx" EwsAuth=basic \
      EwsUsername="$user" EwsPassword="$password" cli rooms add "$room" --tenant contoso
  done
}

demo() { cli demo --simulator "$(service_url exchange-simulator http)" --projector "$projector" --timeout 30000; }

kafka_cluster() { "$ROOMS_ROOT/.dev/cluster/cluster.sh" infra kafka "$1"; } # the broker the pods use

refused_while_kafka_down() {
  kafka_cluster stop
  local status=0
  probe push-refused "$webhook" || status=$?
  kafka_cluster start
  # The ingress is not Ready while it cannot record (Exchange retries meanwhile): wait until every
  # pod is Ready again, without a restart, before the next push.
  all_ready || status=$?
  return "$status"
}

check "fresh start: no release, empty Kafka and PostgreSQL" fresh_start
check "dev dependencies: Secret, host Kafka and PostgreSQL Services, simulator" dev_dependencies
stop_if_failed test-cluster
check "helm install (dev values, migration hook)" install
stop_if_failed test-cluster
check "every Deployment Ready, no restarts" all_ready
check "node runs with each service's nodeFlags" node_flags
stop_if_failed test-cluster
check "migration Job created the read model" migration_ran
webhook_base=$(service_url "$RELEASE-webhook-ingress" http)
webhook="$webhook_base/api/webhooks/exchange"
projector=$(service_url "$RELEASE-sync-projector" ops)
check "rooms added with the CLI" add_rooms
check "demo: bookings at the simulator reach the read API" demo
check "push acknowledged once it is on Kafka" probe push-recorded "$webhook" "$KAFKA_BOOTSTRAP"
check "push NOT acknowledged while Kafka is down" refused_while_kafka_down
check "push acknowledged again once Kafka is back (Exchange retries)" probe push-recorded-on-retry "$webhook" "$KAFKA_BOOTSTRAP"
check "Graph: handshake answered with the token; unknown subscription 202, not recorded" \
  probe graph-callbacks "$webhook_base" "$KAFKA_BOOTSTRAP"

# --- 3. upgrade ----------------------------------------------------------------------------------------
upgrade_under_load() {
  local before_pods stop="$OUT/stop-pushing" pusher status=0
  probe reservations "$projector" "${ROOMS[@]}" | sort >"$OUT/rows-before.txt"
  before_pods=$(kn get pod -l "$SERVICE_PODS" -o name)
  rm -f "$stop"
  probe pushes-until "$webhook" "$KAFKA_BOOTSTRAP" "$stop" >"$OUT/pushes.log" 2>&1 &
  pusher=$!
  "$helm_bin" upgrade "$RELEASE" "$CHART" -n "$NS" "${install_args[@]}" --set appSettings.LogLevel=info --wait --timeout 5m || status=$?
  # every pod of before the upgrade goes (after its preStop pause), replaced by a Ready one
  # shellcheck disable=SC2086
  kn wait --for=delete $before_pods --timeout=120s || status=$?
  all_ready || status=$?
  touch "$stop"
  wait "$pusher" || status=$?
  cat "$OUT/pushes.log"
  local config
  config=$(kn get configmap "$RELEASE-appsettings" -o jsonpath='{.data.RoomsAppSettings\.config}') || status=$?
  grep -qF 'key="LogLevel" value="info"' <<<"$config" || { echo "the ConfigMap does not carry the new setting"; status=1; }
  probe reservations "$projector" "${ROOMS[@]}" | sort >"$OUT/rows-after.txt"
  local lost
  lost=$(comm -23 "$OUT/rows-before.txt" "$OUT/rows-after.txt")
  [ -z "$lost" ] || { printf 'rows lost:\n%s\n' "$lost"; status=1; }
  echo "$(grep -c . "$OUT/rows-before.txt") reservation rows before, all still there"
  return "$status"
}
check "helm upgrade (LogLevel changed) rolls every pod, loses no push and no row" upgrade_under_load
check "demo again after the upgrade" demo

# --- 4. uninstall -----------------------------------------------------------------------------------------
nothing_left() {
  "$helm_bin" uninstall "$RELEASE" -n "$NS" --wait --timeout 3m
  # the pods go after their Deployments, each within its termination grace period
  kn wait pod -l "app.kubernetes.io/instance=$RELEASE" --for=delete --timeout=120s
  local kinds=all,configmap,secret,serviceaccount,role,rolebinding,poddisruptionbudget,networkpolicy,ingress,job,horizontalpodautoscaler,servicemonitor,prometheusrule
  local left
  left=$(kn get "$kinds" -l "app.kubernetes.io/instance=$RELEASE" -o name; kn get secret -l owner=helm -o name)
  [ -z "$left" ] || { printf 'left behind:\n%s\n' "$left"; return 1; }
  echo "nothing of release $RELEASE left in namespace $NS"
}
check "helm uninstall leaves nothing behind" nothing_left
k delete namespace "$NS" --wait=false >/dev/null

check_summary test-cluster
