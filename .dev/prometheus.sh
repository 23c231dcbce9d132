#!/usr/bin/env bash
# A real Prometheus beside `make up`: it scrapes the three services' /metrics every 5 s and
# evaluates the chart's alert rules (the PrometheusRule of charts/rooms-sync, rendered with
# `prometheusRule.enabled=true` in the namespace `rooms`), on 127.0.0.1:$PROMETHEUS_PORT only.
# The binary comes from Debian's prometheus package, extracted into the cache (lib.sh);
# config, rules, pid, log and data live under .run/prometheus/.
#   start   write the config and rules, start the server (already running: rewrite, reload)
#   stop    by pid: TERM, then KILL after 15 s
#   check   every target is up and the chart's alert rules are loaded; exits 1 otherwise
#   url     the alerts page (Debian builds the classic UI only: /classic/alerts)
#   rules OUT [HELM_ARGS...]  only the chart's rules, rendered with extra values (-f, --set), to OUT
#   bin prometheus|promtool   the path of the binary (the fault suite starts its own Prometheus)
set -euo pipefail
# shellcheck source=.dev/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

PRUN="$ROOMS_RUN/prometheus"
PIDFILE="$PRUN/prometheus.pid"
LOGFILE="$PRUN/prometheus.log"
CHART="$ROOMS_ROOT/charts/rooms-sync"
URL="http://127.0.0.1:$PROMETHEUS_PORT"
PATTERN="--config.file=$PRUN/prometheus.yml"

# The PrometheusRule's spec is a Prometheus rules file (groups:), as k8s-check feeds promtool.
# The namespace is the one k8s-check renders in; the targets carry it (write_config) because
# every rule selects on it.
render_rules() { # render_rules OUT [HELM_ARGS...]
  local out=$1 helm_bin rendered
  shift
  helm_bin=$("$ROOMS_ROOT/.dev/helm.sh")
  rendered=$("$helm_bin" template rooms-sync "$CHART" -n rooms --set prometheusRule.enabled=true "$@" \
    --show-only templates/prometheusrule.yaml) || die "helm template of the PrometheusRule failed"
  # spec is the object's last key: everything below it, one level less indented
  sed -n '/^spec:$/,$p' <<<"$rendered" | sed '1d; s/^  //' >"$out"
  "$promtool" check rules "$out" >"$out.check" 2>&1 || die "the chart's rules do not load; see $out.check"
}

write_rules() { render_rules "$PRUN/rules.yaml"; }

target() { # target JOB PORT: one scrape job; honor_labels keeps the service's own `service` label
  cat <<YML
  - job_name: $1
    honor_labels: true
    static_configs:
      - targets: ["127.0.0.1:$2"]
        labels: { namespace: rooms }
YML
}

write_config() {
  {
    cat <<YML
global:
  scrape_interval: 5s
  evaluation_interval: 5s
rule_files: [rules.yaml]
scrape_configs:
YML
    target webhook-ingress "$INGRESS_OPS_PORT"
    target subscription-manager "$MANAGER_OPS_PORT"
    target sync-projector "$PROJECTOR_OPS_PORT"
  } >"$PRUN/prometheus.yml"
  "$promtool" check config "$PRUN/prometheus.yml" >"$PRUN/config.check" 2>&1 \
    || die "the Prometheus config does not load; see $PRUN/config.check"
}

wait_ready() {
  local deadline=$((SECONDS + 30))
  until curl -fs -o /dev/null --max-time 2 "$URL/-/ready"; do
    pid_alive "$PIDFILE" "$PATTERN" || die "Prometheus exited during start; last lines of $LOGFILE:
$(tail -n 15 "$LOGFILE")"
    [ "$SECONDS" -lt "$deadline" ] || die "Prometheus not ready at $URL within 30 s; see $LOGFILE"
    sleep 0.3
  done
}

start() {
  mkdir -p "$PRUN/data"
  promtool=$(prometheus_package_bin promtool)
  prometheus=$(prometheus_package_bin prometheus)
  write_rules
  write_config
  if pid_alive "$PIDFILE" "$PATTERN"; then
    # the services' ports or the chart may have changed since it started (its own port stays)
    kill -HUP "$(cat "$PIDFILE")"
    wait_ready
    return 0
  fi
  port_open 127.0.0.1 "$PROMETHEUS_PORT" && die "127.0.0.1:$PROMETHEUS_PORT is taken by another process; set PROMETHEUS_PORT"
  (cd "$PRUN" && exec setsid "$prometheus" "$PATTERN" --storage.tsdb.path="$PRUN/data" \
    --web.listen-address="127.0.0.1:$PROMETHEUS_PORT" \
    --web.local-assets="$(dirname "$prometheus")/../share/prometheus/web/" >>"$LOGFILE" 2>&1 </dev/null) &
  echo $! >"$PIDFILE"
  wait_ready
}

stop() {
  stop_pidfile "$PIDFILE" "$PATTERN" Prometheus
}

# Discovery and the first scrapes follow the start by up to an interval each: wait a few.
check() {
  local deadline=$((SECONDS + 20)) targets up want loaded
  pid_alive "$PIDFILE" "$PATTERN" || die "Prometheus is not running (.dev/prometheus.sh start)"
  want=$(grep -c '^ *- alert: ' "$PRUN/rules.yaml")
  while :; do
    targets=$(curl -fs --max-time 2 "$URL/api/v1/targets") || die "$URL/api/v1/targets did not answer"
    up=$(jq '[.data.activeTargets[] | select(.health == "up")] | length' <<<"$targets")
    [ "$up" -ne 3 ] || break
    [ "$SECONDS" -lt "$deadline" ] || die "expected the 3 services' targets up, got:
$(jq -r '.data.activeTargets[] | "  \(.labels.job) \(.scrapeUrl): \(.health) \(.lastError)"' <<<"$targets")"
    sleep 1
  done
  loaded=$(curl -fs --max-time 2 "$URL/api/v1/rules?type=alert" | jq '[.data.groups[].rules[]] | length') \
    || die "$URL/api/v1/rules did not answer"
  if [ "$want" -eq 0 ] || [ "$loaded" -ne "$want" ]; then
    die "expected the chart's $want alert rules, Prometheus has $loaded"
  fi
  echo "prometheus: 3 targets up, $loaded alert rules of the chart loaded ($URL/classic/alerts)"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  check) check ;;
  url) echo "$URL/classic/alerts" ;;
  rules)
    [ $# -ge 2 ] || die "usage: .dev/prometheus.sh rules OUT [HELM_ARGS...]"
    promtool=$(prometheus_package_bin promtool)
    render_rules "${@:2}"
    ;;
  bin)
    case "${2:-}" in
      prometheus | promtool) prometheus_package_bin "$2" ;;
      *) die "usage: .dev/prometheus.sh bin prometheus|promtool" ;;
    esac
    ;;
  *) die "usage: .dev/prometheus.sh start|stop|check|url|rules OUT [HELM_ARGS...]|bin prometheus|promtool" ;;
esac
