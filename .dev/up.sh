#!/usr/bin/env bash
# `make up`: the broker and database are already up (make infra); this starts the
# simulator and the three services, waits for each to be ready, seeds the demo
# rooms and runs the live demo of bookings flowing into the read model.
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

.dev/services.sh start exchange-simulator webhook-ingress
for room in room-101@contoso.example room-102@contoso.example; do
  node services/cli/src/main.ts rooms add "$room" --tenant contoso >/dev/null
done
.dev/services.sh start subscription-manager sync-projector

cat <<TXT

rooms-sync is up:
  Kafka                 127.0.0.1:$KAFKA_PORT            (logs: .run/kafka/)
  PostgreSQL            127.0.0.1:$PG_PORT rooms_sync (logs: .run/postgres/)
  exchange-simulator    http://127.0.0.1:$SIM_PORT     EWS /EWS/Exchange.asmx, admin /admin/
  webhook-ingress       http://127.0.0.1:$INGRESS_PORT     POST /api/webhooks/exchange   ops http://127.0.0.1:$INGRESS_OPS_PORT/metrics
  subscription-manager  ops http://127.0.0.1:$MANAGER_OPS_PORT/metrics
  sync-projector        http://127.0.0.1:$PROJECTOR_OPS_PORT/api/reservations?room=room-101@contoso.example
  service logs          .run/services/*.log        stop everything: make down

TXT
node services/cli/src/main.ts demo --simulator "http://127.0.0.1:$SIM_PORT" --projector "http://127.0.0.1:$PROJECTOR_OPS_PORT"
