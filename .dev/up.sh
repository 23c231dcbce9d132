#!/usr/bin/env bash
# `make up`: the broker and database are already up (make infra); this starts the
# simulator and the three services (with PROMETHEUS=1, a Prometheus scraping them too),
# waits for each to be ready, seeds the demo rooms and runs the live demo of bookings
# flowing into the read model: room 101 on-premises (EWS, the default connection),
# room 102 in Exchange Online (Graph, the connection `online`).
set -euo pipefail
# shellcheck source=.dev/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOMS_ROOT"
export ROOMS_APPSETTINGS_PATH="${ROOMS_APPSETTINGS_PATH:-$ROOMS_ROOT/.dev/RoomsAppSettings.dev.config}"
# Where the services find each other and the infrastructure: the ports of lib.sh. A key
# already set in the environment wins, as it would over the settings file.
export KafkaBrokers="${KafkaBrokers:-127.0.0.1:$KAFKA_PORT}"
export DatabaseUrl="${DatabaseUrl:-postgres://rooms_sync:rooms_sync@127.0.0.1:$PG_PORT/rooms_sync}"
export EwsUrl="${EwsUrl:-http://127.0.0.1:$SIM_PORT/EWS/Exchange.asmx}"
export IdpRootUrl="${IdpRootUrl:-http://127.0.0.1:$INGRESS_PORT}"
export SIM_TIME_SCALE="${SIM_TIME_SCALE:-1}"
# The manager judges heartbeats on the same clock as the simulator sends them.
export SubscriptionTimeScale="$SIM_TIME_SCALE"

# Exchange Online: the simulator's Graph face speaks HTTPS with a certificate of a local CA
# the project makes (MSAL and Graph clients speak nothing else), trusted by every Node process.
TLS_DIR=$(.dev/sim-tls.sh)
export NODE_EXTRA_CA_CERTS="$TLS_DIR/ca.pem" SIM_TLS_CERT="$TLS_DIR/server.pem" SIM_TLS_KEY="$TLS_DIR/server.key"
ONLINE_ROOM=room-102@contoso.example
export SIM_ONLINE_ROOMS="$ONLINE_ROOM" SIM_GRAPH_ALLOW_HTTP=1
export SIM_GRAPH_TENANT=contoso-online SIM_GRAPH_CLIENT_ID=rooms-sync-demo
# A throwaway secret per clone, handed over as a file, as a mounted Kubernetes Secret would be.
SECRET_FILE="$ROOMS_RUN/demo/online-client-secret"
if [ ! -s "$SECRET_FILE" ]; then
  mkdir -p "$(dirname "$SECRET_FILE")"
  (umask 077 && openssl rand -hex 24 >"$SECRET_FILE")
fi
export SIM_GRAPH_CLIENT_SECRET="$(cat "$SECRET_FILE")"
# Names with dots cannot be exported by bash; `env` hands them to every process started below.
connection=(
  "ExchangeConnections=online"
  "Connection.online.Kind=graph"
  "Connection.online.TenantId=$SIM_GRAPH_TENANT"
  "Connection.online.ClientId=$SIM_GRAPH_CLIENT_ID"
  "Connection.online.ClientSecretFile=$SECRET_FILE"
  "Connection.online.AuthorityHost=https://127.0.0.1:$SIM_GRAPH_PORT"
  "Connection.online.GraphUrl=https://127.0.0.1:$SIM_GRAPH_PORT"
  # Graph calls back only over HTTPS; the local ingress is plain HTTP on loopback.
  "GraphAllowInsecureCallback=true"
)

.dev/services.sh start exchange-simulator webhook-ingress
node services/cli/src/main.ts rooms add room-101@contoso.example --tenant contoso >/dev/null
# A stack made before Graph had room 102 on-premises: it moves to Exchange Online, as in a migration.
if node services/cli/src/main.ts rooms list | grep -Eq "^$ONLINE_ROOM .* default\$"; then
  node services/cli/src/main.ts rooms remove "$ONLINE_ROOM" >/dev/null
fi
env "${connection[@]}" node services/cli/src/main.ts rooms add "$ONLINE_ROOM" --connection online >/dev/null
env "${connection[@]}" .dev/services.sh start subscription-manager sync-projector
# make up PROMETHEUS=1: a Prometheus scraping the services, with the chart's alert rules
prometheus_line=""
if [ "${PROMETHEUS:-}" = 1 ]; then
  .dev/prometheus.sh start
  prometheus_line="  prometheus            $(.dev/prometheus.sh url)   targets, rules, queries (logs: .run/prometheus/)
"
fi

cat <<TXT

rooms-sync is up:
  Kafka                 127.0.0.1:$KAFKA_PORT            (logs: .run/kafka/)
  PostgreSQL            127.0.0.1:$PG_PORT rooms_sync (logs: .run/postgres/)
  exchange-simulator    http://127.0.0.1:$SIM_PORT     EWS /EWS/Exchange.asmx, admin /admin/
                        https://127.0.0.1:$SIM_GRAPH_PORT    Graph /v1.0, token /$SIM_GRAPH_TENANT/oauth2/v2.0/token
  rooms                 room-101@contoso.example (on-premises, EWS)   $ONLINE_ROOM (Exchange Online, Graph)
  webhook-ingress       http://127.0.0.1:$INGRESS_PORT     POST /api/webhooks/exchange, /api/webhooks/graph   ops http://127.0.0.1:$INGRESS_OPS_PORT/metrics
  subscription-manager  ops http://127.0.0.1:$MANAGER_OPS_PORT/metrics
  sync-projector        http://127.0.0.1:$PROJECTOR_OPS_PORT/api/reservations?room=room-101@contoso.example
${prometheus_line}  service logs          .run/services/*.log        stop everything: make down

TXT
node services/cli/src/main.ts demo --simulator "http://127.0.0.1:$SIM_PORT" --projector "http://127.0.0.1:$PROJECTOR_OPS_PORT"
