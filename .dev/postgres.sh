#!/usr/bin/env bash
# Local PostgreSQL: a private cluster of this clone, from Debian's postgresql package.
#   install  apt-get install postgresql if no /usr/lib/postgresql/*/bin/postgres
#   start    cluster in $ROOMS_RUN/postgres/data (initdb on first start) on
#            $PG_HOST:$PGPORT (defaults 127.0.0.1, and 5432 from lib.sh), socket dir $ROOMS_RUN/postgres,
#            role+database rooms_sync (password rooms_sync); clients from the CIDRs in
#            $PG_CLIENTS (default none) may log in with a password over TCP
#   stop     pg_ctl stop -m fast on this clone's data dir only
#   status   "running"/"stopped", exit 0/3
# As root, initdb/pg_ctl run as the `postgres` OS user (the server refuses root).
set -euo pipefail
# shellcheck source=.dev/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

PG_HOST="${PG_HOST:-127.0.0.1}"
PG_CLIENTS="${PG_CLIENTS:-}"
PRUN="$ROOMS_RUN/postgres"
PDATA="$PRUN/data"
PLOG="$PRUN/postgres.log"
APP_USER=rooms_sync
APP_PASSWORD=rooms_sync
APP_DB=rooms_sync

pg_bindir() {
  local d
  d=$(find /usr/lib/postgresql -mindepth 3 -maxdepth 3 -path '*/bin/postgres' 2>/dev/null | sort -V | tail -n1)
  [ -n "$d" ] || return 1
  dirname "$d"
}

cmd_install() {
  pg_bindir >/dev/null && return 0
  log "installing PostgreSQL (apt-get install postgresql)"
  [ "$(id -u)" -eq 0 ] || die "PostgreSQL is not installed and this is not root: sudo apt-get install -y postgresql"
  local alog
  alog=$(mktemp /tmp/rooms-sync-apt.XXXXXX.log)
  if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql; } >"$alog" 2>&1; then
    die "apt-get install postgresql failed; see $alog"
  fi
  pg_bindir >/dev/null || die "postgresql installed but no /usr/lib/postgresql/*/bin/postgres; see $alog"
  rm -f "$alog"
}

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

# As root: make $PRUN the postgres user's, and check it can get there.
prepare_dirs() {
  mkdir -p "$PRUN"
  [ "$(id -u)" -eq 0 ] || return 0
  id postgres >/dev/null 2>&1 || die "no 'postgres' OS user to run the server as (is the postgresql package installed? .dev/postgres.sh install)"
  chmod o+x "$ROOMS_RUN" # ours; the postgres user must pass through it
  # Walk down from / so the first directory it cannot enter is the one named.
  local d="" part
  local -a parts
  IFS=/ read -r -a parts <<<"${ROOMS_RUN#/}"
  for part in "${parts[@]}"; do
    d="$d/$part"
    runuser -u postgres -- test -x "$d" \
      || die "the postgres OS user cannot reach $PRUN: $d is not traversable by others (mode $(stat -c %A "$d")); run 'chmod o+x $d' or clone the repo elsewhere (e.g. under /work or /tmp)"
  done
  if [ "$(stat -c %U "$PRUN")" != postgres ]; then
    chown -R postgres: "$PRUN"
  fi
}

# psql as the cluster's superuser over this clone's unix socket.
su_psql() {
  psql -X -q -v ON_ERROR_STOP=1 -h "$PRUN" -p "$PG_PORT" -U postgres -d postgres
}

is_running() {
  [ -f "$PDATA/PG_VERSION" ] || return 1
  as_owner "$BIN/pg_ctl" -D "$PDATA" status >/dev/null 2>&1
}

# allow_clients: one pg_hba.conf line per CIDR in PG_CLIENTS (e.g. a local cluster's pods, when
# PG_HOST is an address they reach), rewritten on every start; untouched when there are none.
allow_clients() {
  local hba="$PDATA/pg_hba.conf" mark="# rooms-sync PG_CLIENTS" cidr
  if grep -qF "$mark" "$hba"; then as_owner sed -i "/$mark\$/d" "$hba"; fi
  [ -n "$PG_CLIENTS" ] || return 0
  for cidr in $PG_CLIENTS; do
    printf 'host all all %s scram-sha-256 %s\n' "$cidr" "$mark"
  done | as_owner tee -a "$hba" >/dev/null
}

running_port() {
  sed -n 4p "$PDATA/postmaster.pid" 2>/dev/null || true
}

cmd_start() {
  BIN=$(pg_bindir) || die "PostgreSQL is not installed: run .dev/postgres.sh install"
  prepare_dirs
  if is_running; then
    log "postgres already running (pid $(head -n1 "$PDATA/postmaster.pid")) on $PG_HOST:$(running_port)"
    return 0
  fi
  if port_open "$PG_HOST" "$PG_PORT"; then
    # Another clone's server that already has our role and database: use it, leave it alone on stop.
    if PGPASSWORD=rooms_sync PGCONNECT_TIMEOUT=3 "$BIN/psql" -h "$PG_HOST" -p "$PG_PORT" -U rooms_sync -d rooms_sync -tAc 'select 1' >/dev/null 2>&1; then
      log "using the PostgreSQL already on $PG_HOST:$PG_PORT with database rooms_sync (not started by this clone; 'make down' leaves it running)"
      return 0
    fi
    if "$BIN/pg_isready" -q -h "$PG_HOST" -p "$PG_PORT" -t 2 || [ $? -eq 1 ]; then
      die "port $PG_PORT on $PG_HOST is taken by another PostgreSQL (Debian's own cluster? see pg_lsclusters; stop it with 'pg_ctlcluster <version> main stop') or set PGPORT"
    fi
    die "port $PG_PORT on $PG_HOST is taken by another process (ss -ltnp 'sport = :$PG_PORT'); stop it or set PGPORT"
  fi
  if [ ! -f "$PDATA/PG_VERSION" ]; then
    local ilog="$PRUN/initdb.log"
    as_owner "$BIN/initdb" -D "$PDATA" -U postgres -E UTF8 --locale=C.UTF-8 \
      --auth-local=trust --auth-host=scram-sha-256 >"$ilog" 2>&1 \
      || die "initdb failed; see $ilog"
  fi
  allow_clients
  # Settings on the command line: PGPORT may change between starts.
  as_owner "$BIN/pg_ctl" -D "$PDATA" -l "$PLOG" -w -t 60 -s \
    -o "-c listen_addresses=$PG_HOST -p $PG_PORT -c unix_socket_directories='$PRUN'" start >/dev/null 2>&1 \
    || die "postgres did not start; see $PLOG"
  local deadline=$((SECONDS + 30))
  until "$BIN/pg_isready" -q -h "$PG_HOST" -p "$PG_PORT" -t 2; do
    [ "$SECONDS" -lt "$deadline" ] || die "postgres started but pg_isready gets no answer on $PG_HOST:$PG_PORT; see $PLOG"
    sleep 0.5
  done
  su_psql >/dev/null 2>"$PRUN/setup.log" <<SQL || die "creating role/database $APP_DB failed; see $PRUN/setup.log"
SELECT format('CREATE ROLE %I', '$APP_USER') WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$APP_USER') \gexec
ALTER ROLE $APP_USER WITH LOGIN CREATEDB PASSWORD '$APP_PASSWORD';
SELECT format('CREATE DATABASE %I OWNER %I', '$APP_DB', '$APP_USER') WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = '$APP_DB') \gexec
SQL
  log "postgres started on $PG_HOST:$PG_PORT (postgres://$APP_USER:$APP_PASSWORD@$PG_HOST:$PG_PORT/$APP_DB)"
}

cmd_stop() {
  BIN=$(pg_bindir) || return 0
  is_running || return 0
  as_owner "$BIN/pg_ctl" -D "$PDATA" stop -m fast -w -t 30 -s >/dev/null \
    || die "pg_ctl stop failed; see $PLOG"
  log "postgres stopped"
}

cmd_status() {
  BIN=$(pg_bindir) || { echo "postgres: not installed"; return 3; }
  if is_running; then
    echo "postgres: running (pid $(head -n1 "$PDATA/postmaster.pid")) on $PG_HOST:$(running_port)"
    return 0
  fi
  echo "postgres: stopped"
  return 3
}

case "${1:-}" in
  install) cmd_install ;;
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  *) echo "usage: $0 install|start|stop|status" >&2; exit 2 ;;
esac
