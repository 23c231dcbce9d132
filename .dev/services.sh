#!/usr/bin/env bash
# Starts and stops this clone's Node services in the background, each with its
# pid and log under .run/services, and waits on their readiness endpoints.
#   start [NAME...]   default: every service, simulator first
#   stop  [NAME...]   by pid: TERM, then KILL after 15 s
#   status
set -euo pipefail
# shellcheck source=.dev/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

ALL=(exchange-simulator webhook-ingress subscription-manager sync-projector)
SRUN="$ROOMS_RUN/services"

# name -> readiness URL (the simulator has no dependencies: healthz is readiness)
ready_url() {
  case $1 in
    exchange-simulator) echo "http://127.0.0.1:$SIM_PORT/healthz" ;;
    webhook-ingress) echo "http://127.0.0.1:$INGRESS_OPS_PORT/readyz" ;;
    subscription-manager) echo "http://127.0.0.1:$MANAGER_OPS_PORT/readyz" ;;
    sync-projector) echo "http://127.0.0.1:$PROJECTOR_OPS_PORT/readyz" ;;
    *) die "unknown service $1" ;;
  esac
}

# name -> its port settings, the ports of lib.sh: a port set there is the one the service
# listens on and ready_url asks.
port_settings() {
  case $1 in
    exchange-simulator) echo "SIM_PORT=$SIM_PORT SIM_GRAPH_PORT=$SIM_GRAPH_PORT" ;;
    webhook-ingress) echo "HttpPort=$INGRESS_PORT OpsPort=$INGRESS_OPS_PORT" ;;
    subscription-manager) echo "OpsPort=$MANAGER_OPS_PORT" ;;
    sync-projector) echo "OpsPort=$PROJECTOR_OPS_PORT" ;;
  esac
}

start_one() {
  local name=$1 pidfile="$SRUN/$1.pid" logfile="$SRUN/$1.log"
  if pid_alive "$pidfile" "services/$name/src/main.ts"; then
    log "$name already running (pid $(cat "$pidfile"))"
    return 0
  fi
  local settings
  read -r -a settings <<<"$(port_settings "$name")"
  (cd "$ROOMS_ROOT" && exec env "${settings[@]}" setsid node "services/$name/src/main.ts" >>"$logfile" 2>&1 </dev/null) &
  echo $! >"$pidfile"
}

wait_ready() {
  local name=$1 url pid deadline=$((SECONDS + ${READY_TIMEOUT:-60}))
  url=$(ready_url "$name")
  pid=$(cat "$SRUN/$name.pid")
  until curl -fs -o /dev/null --max-time 2 "$url"; do
    kill -0 "$pid" 2>/dev/null || die "$name exited during start; last lines of $SRUN/$name.log:
$(tail -n 15 "$SRUN/$name.log")"
    [ "$SECONDS" -lt "$deadline" ] || die "$name not ready at $url within ${READY_TIMEOUT:-60}s; see $SRUN/$name.log"
    sleep 0.3
  done
}

stop_one() {
  stop_pidfile "$SRUN/$1.pid" "services/$1/src/main.ts" "$1"
}

cmd=${1:-}; shift || true
names=("$@"); [ ${#names[@]} -gt 0 ] || names=("${ALL[@]}")
mkdir -p "$SRUN"
case "$cmd" in
  start)
    for n in "${names[@]}"; do start_one "$n"; wait_ready "$n"; done ;;
  stop)
    for ((i=${#names[@]}-1; i>=0; i--)); do stop_one "${names[$i]}"; done ;;
  status)
    for n in "${names[@]}"; do
      if pid_alive "$SRUN/$n.pid" "services/$n/src/main.ts"; then echo "$n: running (pid $(cat "$SRUN/$n.pid"))"; else echo "$n: stopped"; fi
    done ;;
  *) echo "usage: $0 start|stop|status [NAME...]" >&2; exit 2 ;;
esac
