#!/usr/bin/env bash
# `make bench`: each figure beside a baseline measured in the same run.
set -euo pipefail
cd "$(dirname "$0")/.."
node libs/ews/bench/parse.bench.ts
node tests/system/src/bench/ingress.bench.ts
node tests/system/src/bench/freshness.bench.ts
# The scale bench, small (100 rooms, short phases); `make bench-scale` runs it at 1,000.
node tests/system/src/bench/scale.bench.ts
for extra in libs/projection/src/bench/projectorBench.ts; do
  [ -f "$extra" ] && node "$extra"
done
