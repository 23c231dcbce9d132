#!/usr/bin/env bash
# Runs the tests in one node:test invocation (one summary), spec output on the
# console, and ends with a plain "N passed, N failed" line read from TAP.
#   unit: *.test.ts but not *.int.test.ts; int: *.int.test.ts; all: both.
#   faults: the fault suite (tests/system/src/faults/*.fault.ts, a name the three above never
#   match), one scenario at a time: each runs four services and a booking stream of its own.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=.dev/lib.sh
. .dev/lib.sh
# The tests find Kafka and PostgreSQL through these two (libs/testing localInfra.ts): the ports
# lib.sh names, so a clone started on other ports (KAFKA_PORT, PGPORT) tests against its own.
export KafkaBrokers="${KafkaBrokers:-127.0.0.1:$KAFKA_PORT}"
export DatabaseUrl="${DatabaseUrl:-postgres://rooms_sync:rooms_sync@127.0.0.1:$PG_PORT/rooms_sync}"
mode=${1:-all}
concurrency=2
timeout=180000
case "$mode" in
  unit) files=$(find libs services tests -path '*/node_modules' -prune -o -name '*.test.ts' ! -name '*.int.test.ts' -print | sort) ;;
  int)  files=$(find libs services tests -path '*/node_modules' -prune -o -name '*.int.test.ts' -print | sort) ;;
  all)  files=$(find libs services tests -path '*/node_modules' -prune -o -name '*.test.ts' -print | sort) ;;
  # a scenario also waits for its alerts to fire and resolve (up to 60 s after recovery)
  faults) files=$(find tests/system/src/faults -name '*.fault.ts' | sort); concurrency=1; timeout=300000 ;;
  *) echo "usage: $0 unit|int|all|faults" >&2; exit 2 ;;
esac
[ -n "$files" ] || { echo "[rooms-sync] no test files found for '$mode'" >&2; exit 1; }
mkdir -p .run
tap=.run/test-results.tap
status=0
# shellcheck disable=SC2086
node --test --test-concurrency=$concurrency --test-timeout=$timeout \
  --test-reporter=spec --test-reporter-destination=stdout \
  --test-reporter=tap --test-reporter-destination="$tap" \
  $files || status=$?
pass=$(grep -E '^# pass ' "$tap" | awk '{print $3}')
fail=$(grep -E '^# fail ' "$tap" | awk '{print $3}')
skip=$(grep -E '^# skipped ' "$tap" | awk '{print $3}')
echo "${pass:-0} passed, ${fail:-0} failed, ${skip:-0} skipped"
exit "$status"
