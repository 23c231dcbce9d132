# shellcheck shell=bash
# The check runner of the delivery suites (k8s-check.sh, cluster/test.sh). Source it after
# setting CHECK_OUT (a directory for the logs); `check_summary NAME` ends the suite.
#   check NAME CMD...          runs CMD, its output in $CHECK_OUT/<n>.log; one line ok/FAIL
#   must_fail EXPECTED CMD...  CMD must exit non-zero and print EXPECTED
#   contains NEEDLE CMD...     CMD must succeed and print NEEDLE
#   stop_if_failed SUITE       ends the suite (exit 1) if a check failed so far
passed=0 failed=0

check() {
  local name=$1 n=$((passed + failed + 1)) start=$SECONDS
  shift
  local logf rc
  logf="$CHECK_OUT/$(printf '%02d' "$n").log"
  set +e
  (set -e; "$@") >"$logf" 2>&1
  rc=$?
  set -e
  if [ "$rc" -eq 0 ]; then
    passed=$((passed + 1))
    printf 'ok    %-58s %s\n' "$name" "$(grep -v '^[[:space:]]*$' "$logf" | tail -n 1 | sed 's/^ *//' | cut -c1-70) ($((SECONDS - start))s)"
  else
    failed=$((failed + 1))
    printf 'FAIL  %s\n' "$name"
    sed 's/^/      /' "$logf" | tail -n 30
  fi
}

must_fail() {
  local expected=$1 out
  shift
  if out=$("$@" 2>&1); then
    printf '%s\n' "$out"
    echo "expected a failure, got success"
    return 1
  fi
  printf '%s\n' "$out"
  grep -qF -- "$expected" <<<"$out" || { echo "failed, but without the message: $expected"; return 1; }
  echo "rejected as expected: $expected"
}

contains() {
  local needle=$1 out
  shift
  out=$("$@" 2>&1) || { printf '%s\n' "$out"; return 1; }
  printf '%s\n' "$out"
  grep -qF -- "$needle" <<<"$out" || { echo "missing: $needle"; return 1; }
  echo "contains: $needle"
}

# check_summary SUITE: "SUITE: N passed, M failed"; false if anything failed.
check_summary() {
  echo "$1: $passed passed, $failed failed"
  [ "$failed" -eq 0 ]
}

# stop_if_failed SUITE: ends the suite now if a check failed (what follows depends on it).
stop_if_failed() {
  [ "$failed" -eq 0 ] && return 0
  echo "$1: stopped after a failure: the checks below depend on it"
  check_summary "$1"
}
