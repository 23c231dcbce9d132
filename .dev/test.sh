#!/usr/bin/env bash
# Runs the tests in one node:test invocation (one summary), spec output on the
# console, and ends with a plain "N passed, N failed" line read from TAP.
#   unit: *.test.ts but not *.int.test.ts; int: *.int.test.ts; all: both.
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:-all}
case "$mode" in
  unit) files=$(find libs services tests -path '*/node_modules' -prune -o -name '*.test.ts' ! -name '*.int.test.ts' -print | sort) ;;
  int)  files=$(find libs services tests -path '*/node_modules' -prune -o -name '*.int.test.ts' -print | sort) ;;
  all)  files=$(find libs services tests -path '*/node_modules' -prune -o -name '*.test.ts' -print | sort) ;;
  *) echo "usage: $0 unit|int|all" >&2; exit 2 ;;
esac
[ -n "$files" ] || { echo "[rooms-sync] no test files found for '$mode'" >&2; exit 1; }
mkdir -p .run
tap=.run/test-results.tap
status=0
# shellcheck disable=SC2086
node --test --test-concurrency=2 --test-timeout=180000 \
  --test-reporter=spec --test-reporter-destination=stdout \
  --test-reporter=tap --test-reporter-destination="$tap" \
  $files || status=$?
pass=$(grep -E '^# pass ' "$tap" | awk '{print $3}')
fail=$(grep -E '^# fail ' "$tap" | awk '{print $3}')
skip=$(grep -E '^# skipped ' "$tap" | awk '{print $3}')
echo "${pass:-0} passed, ${fail:-0} failed, ${skip:-0} skipped"
exit "$status"
