#!/usr/bin/env bash
# `make bench-scale`: the scale bench at 1,000 rooms (BENCH_SCALE_ROOMS; 5,000 works) with the
# full phases: a 60 s nine-o'clock burst then 100 changes/s for 2 minutes, a 10-minute soak.
# Every BENCH_SCALE_* variable set in the environment wins (tests/system/src/bench/scale.bench.ts).
set -euo pipefail
cd "$(dirname "$0")/.."
export BENCH_SCALE_ROOMS="${BENCH_SCALE_ROOMS:-1000}"
export BENCH_SCALE_BURST_S="${BENCH_SCALE_BURST_S:-60}"
export BENCH_SCALE_SUSTAIN_S="${BENCH_SCALE_SUSTAIN_S:-120}"
export BENCH_SCALE_SOAK_S="${BENCH_SCALE_SOAK_S:-600}"
exec node tests/system/src/bench/scale.bench.ts
