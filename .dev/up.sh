#!/usr/bin/env bash
# `make up`: the broker and database are already up (make infra); this starts the
# simulator and the three services, waits for each to be ready, seeds the demo
# rooms and runs the live demo of bookings flowing into the read model.
set -euo pipefail
# shellcheck source=.dev/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOMS_ROOT"
export ROOMS_APPSETTINGS_PATH="${ROOMS_APPSETTINGS_PATH:-$ROOMS_ROOT/.dev/RoomsAppSettings.dev.config}"
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
  Kafka                 127.0.0.1:9092            (logs: .run/kafka/)
  PostgreSQL            127.0.0.1:5432 rooms_sync (logs: .run/postgres/)
  exchange-simulator    http://127.0.0.1:8090     EWS /EWS/Exchange.asmx, admin /admin/
  webhook-ingress       http://127.0.0.1:8080     POST /api/webhooks/exchange   ops http://127.0.0.1:9101/metrics
  subscription-manager  ops http://127.0.0.1:9102/metrics
  sync-projector        http://127.0.0.1:9103/api/reservations?room=room-101@contoso.example
  service logs          .run/services/*.log        stop everything: make down

TXT
node services/cli/src/main.ts demo --simulator http://127.0.0.1:8090 --projector http://127.0.0.1:9103
