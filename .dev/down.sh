#!/usr/bin/env bash
# Stops everything this clone started (Prometheus, services, WAF, broker, database), by pid.
set -euo pipefail
dir="$(dirname "${BASH_SOURCE[0]}")"
"$dir/prometheus.sh" stop
"$dir/services.sh" stop
[ -x "$dir/waf.sh" ] && "$dir/waf.sh" stop
"$dir/kafka.sh" stop
"$dir/postgres.sh" stop
echo "[rooms-sync] stopped"
