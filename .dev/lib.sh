# shellcheck shell=bash
# shellcheck disable=SC2034 # the variables are for the scripts that source this file
# Shared helpers for the .dev/ scripts. Source it; don't run it.
#   ROOMS_CACHE  downloads and builds, shared by every clone on this machine
#   ROOMS_ROOT   root of this clone (derived from this file's location)
#   ROOMS_RUN    data, logs and pid files of the servers this clone runs (git-ignored)
# Safe under `set -euo pipefail`.

ROOMS_CACHE="${XDG_CACHE_HOME:-$HOME/.cache}/rooms-sync"
ROOMS_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
ROOMS_RUN="${ROOMS_RUN:-$ROOMS_ROOT/.run}"
export ROOMS_CACHE ROOMS_ROOT ROOMS_RUN

# The ports of the servers a clone runs on this machine (make infra, make up), named once here
# for every script; each can be set in the environment. The services' own defaults (their
# settings tables) are the same numbers; .dev/services.sh and .dev/up.sh hand these to the
# services, so a port set here reaches them. PGPORT is libpq's own name for it.
KAFKA_PORT="${KAFKA_PORT:-9092}"
PG_PORT="${PGPORT:-5432}"
SIM_PORT="${SIM_PORT:-8090}"                     # exchange-simulator: EWS and its admin API
SIM_GRAPH_PORT="${SIM_GRAPH_PORT:-8091}"         # exchange-simulator: Microsoft Graph and its token endpoint (HTTPS)
INGRESS_PORT="${INGRESS_PORT:-8080}"             # webhook-ingress: the push endpoint (HttpPort)
INGRESS_OPS_PORT="${INGRESS_OPS_PORT:-9101}"     # OpsPort of each service: /healthz, /readyz, /metrics
MANAGER_OPS_PORT="${MANAGER_OPS_PORT:-9102}"
PROJECTOR_OPS_PORT="${PROJECTOR_OPS_PORT:-9103}" # also the read API
PROMETHEUS_PORT="${PROMETHEUS_PORT:-9090}"        # make up PROMETHEUS=1: a Prometheus scraping the three OpsPorts

# log MSG...: one "[rooms-sync] MSG" line on stderr.
log() {
  printf '[rooms-sync] %s\n' "$*" >&2
}

# die MSG...: log the message and exit 1.
die() {
  log "$@"
  exit 1
}

# port_open HOST PORT: true if something accepts TCP connections there.
port_open() {
  (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null
}

# wait_for_port HOST PORT TIMEOUT_S NAME [LOGFILE] [PID]
# Polls until HOST:PORT accepts connections. Fails (returns 1, after logging
# what to look at) on timeout, or at once if PID is given and that process dies.
wait_for_port() {
  local host=$1 port=$2 timeout=$3 name=$4 logfile=${5:-} pid=${6:-}
  local deadline=$((SECONDS + timeout))
  local hint=""
  [ -n "$logfile" ] && hint="; see $logfile"
  while ! port_open "$host" "$port"; do
    if [ -n "$pid" ] && ! kill -0 "$pid" 2>/dev/null; then
      log "$name exited before listening on $host:$port$hint"
      return 1
    fi
    if [ "$SECONDS" -ge "$deadline" ]; then
      log "$name did not listen on $host:$port within ${timeout}s$hint"
      return 1
    fi
    sleep 0.2
  done
}

# pid_alive PIDFILE [PATTERN]: true if PIDFILE names a live process (whose
# command line contains PATTERN, if given: guards against recycled pids).
pid_alive() {
  local pidfile=$1 pattern=${2:-} pid
  [ -s "$pidfile" ] || return 1
  pid=$(cat "$pidfile")
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  if [ -n "$pattern" ]; then
    tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$pattern" || return 1
  fi
}

# stop_pidfile PIDFILE PATTERN NAME: stops the process PIDFILE names (if it is still the one
# whose command line contains PATTERN): SIGTERM, SIGKILL after 15 s; the pid file goes.
stop_pidfile() {
  local pidfile=$1 pattern=$2 name=$3 pid
  pid_alive "$pidfile" "$pattern" || { rm -f "$pidfile"; return 0; }
  pid=$(cat "$pidfile")
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 75); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
  if kill -0 "$pid" 2>/dev/null; then
    log "$name did not stop within 15 s of SIGTERM; killing it"
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$pidfile"
}

# ensure_run_dir SUBDIR: creates $ROOMS_RUN/SUBDIR and prints its path.
ensure_run_dir() {
  mkdir -p "$ROOMS_RUN/$1"
  printf '%s\n' "$ROOMS_RUN/$1"
}

# prometheus_package_bin NAME: prints the path of NAME (prometheus or promtool) from Debian's
# prometheus package, extracted once into the cache; installing the package would also install
# (and possibly start) a system Prometheus server. The cache directory keeps its first name,
# promtool, so existing caches stay valid. Fails (returns 1, after logging why) if it can't.
prometheus_package_bin() {
  local dir="$ROOMS_CACHE/promtool" tmp deb
  if [ ! -x "$dir/usr/bin/$1" ]; then
    log "extracting $1 from Debian's prometheus package into $dir"
    command -v apt-get >/dev/null || { log "apt-get not found: $1 comes from Debian's prometheus package"; return 1; }
    tmp=$(mktemp -d)
    if ! (cd "$tmp" && apt-get download prometheus >/dev/null 2>&1); then
      apt-get update -qq >/dev/null 2>&1 || true
      (cd "$tmp" && apt-get download prometheus >/dev/null 2>&1) || { rm -rf "$tmp"; log "apt-get download prometheus failed"; return 1; }
    fi
    deb=$(ls "$tmp"/prometheus_*.deb)
    rm -rf "$dir.tmp" && mkdir -p "$dir.tmp"
    dpkg-deb -x "$deb" "$dir.tmp"
    find "$dir.tmp" -mindepth 1 -maxdepth 1 ! -name usr -exec rm -rf {} +
    rm -rf "$dir" && mv "$dir.tmp" "$dir" && rm -rf "$tmp"
  fi
  [ -x "$dir/usr/bin/$1" ] || { log "$dir/usr/bin/$1 missing from Debian's prometheus package"; return 1; }
  printf '%s\n' "$dir/usr/bin/$1"
}
