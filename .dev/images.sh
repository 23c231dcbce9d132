#!/usr/bin/env bash
# The service images, built from the root Dockerfile with buildah and smoke-run with podman.
#   build [SERVICE...]  the base image first (.dev/images/base-image.sh), then each service image
#                       (--build-arg SERVICE=<service>), tagged
#                       localhost/rooms-sync/<service>:id-<first 12 hex of the image id>
#                       (an unchanged build keeps its tag) and :latest; the exact reference goes to
#                       $ROOMS_RUN/images/<service>.ref, which the cluster scripts import
#   smoke [SERVICE...]  first what each built image holds under /app: the service and the libs its
#                       package.json dependencies reach, nothing test-only (tests, fixtures, test
#                       helpers, benches), every workspace link resolving, kafkajs patched where
#                       the service has it; then runs each image hardened as the chart runs it
#                       (read-only root, no capabilities, uid 10001), waits for its /healthz, and
#                       stops it with SIGTERM, which must end it within 10 s
#   (nothing)           build, then smoke
# SERVICE: webhook-ingress subscription-manager sync-projector exchange-simulator (default: all).
# Logs: $ROOMS_RUN/images/*.log. Needs root: debootstrap, and the images live in the machine's
# container storage (/var/lib/containers/storage).
set -euo pipefail
# shellcheck source=.dev/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

SERVICES=(webhook-ingress subscription-manager sync-projector exchange-simulator)
REPO=localhost/rooms-sync
IRUN=$(ensure_run_dir images)
# charts/rooms-sync/values.yaml podSecurity.runAsUser / runAsGroup
POD_USER=10001:10001
STOP_TIMEOUT=10
HEALTH_TIMEOUT=${HEALTH_TIMEOUT:-120}
CA_BUNDLE=/etc/ssl/certs/ca-certificates.crt
SMOKE_DB=rooms_sync_images_smoke
PG_URL=postgres://rooms_sync:rooms_sync@127.0.0.1:$PG_PORT
# The line libs/kafka/patches/apply.mjs writes into kafkajs, and the file it writes it to.
KAFKAJS_PATCHED='let scheduleAt = Math.max(0, this.throttledUntil - Date.now())'
KAFKAJS_PATCHED_FILE=node_modules/kafkajs/src/network/requestQueue/index.js

# shellcheck source=.dev/checks.sh
CHECK_OUT=$(ensure_run_dir images/contents)
. "$ROOMS_ROOT/.dev/checks.sh"

# crun cannot run containers on our machines: see the file.
export CONTAINERS_CONF=$ROOMS_ROOT/.dev/images/containers.conf

# elapsed START: seconds since START (an $EPOCHREALTIME), one decimal.
elapsed() {
  awk -v a="$1" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }'
}

# fail_log MSG LOGFILE: dies with the end of the log.
fail_log() {
  die "$1; last lines of $2:
$(tail -n 30 "$2")"
}

ensure_os_packages() {
  local missing=() cmd
  # runc by name: podman alone would bring crun (see .dev/images/containers.conf).
  for cmd in buildah podman runc debootstrap; do
    command -v "$cmd" >/dev/null || missing+=("$cmd")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  log "installing ${missing[*]}"
  # The lock timeout: other scripts on the machine may be installing packages at the same time.
  local apt=(apt-get -o DPkg::Lock::Timeout=300 -y -qq)
  # Without `apt-get update` first when the lists on the machine will do.
  { DEBIAN_FRONTEND=noninteractive "${apt[@]}" install "${missing[@]}" \
    || { "${apt[@]}" update && DEBIAN_FRONTEND=noninteractive "${apt[@]}" install "${missing[@]}"; }; } \
    >"$IRUN/apt.log" 2>&1 || fail_log "apt-get install ${missing[*]} failed" "$IRUN/apt.log"
}

check_services() {
  local s k known
  for s in "$@"; do
    known=no
    for k in "${SERVICES[@]}"; do [ "$s" = "$k" ] && known=yes; done
    [ "$known" = yes ] || die "unknown service '$s' (one of: ${SERVICES[*]})"
  done
}

# --- build ------------------------------------------------------------------------------------

# drop_superseded SERVICE REF: the service's older id- images; the cluster imports by the .ref.
drop_superseded() {
  local old
  podman images --format '{{.Repository}}:{{.Tag}}' "$REPO/$1" | awk -v keep="$2" '/:id-/ && $0 != keep' \
    | while read -r old; do podman rmi "$old" >>"$IRUN/$1.build.log" 2>&1 || true; done
}

build_one() {
  local svc=$1 logfile="$IRUN/$1.build.log" iid="$IRUN/$1.iid" start=$EPOCHREALTIME id ref size
  local secret=()
  # Outbound TLS from our machines goes through a proxy whose CA is only in the machine's bundle,
  # so npm inside the build needs that bundle. A build secret lends it to the two `npm ci` steps
  # without it landing in any layer (the Dockerfile uses it only if given). Elsewhere it is just
  # the public CAs again.
  [ -s "$CA_BUNDLE" ] && secret=(--secret "id=npm_ca,src=$CA_BUNDLE")
  rm -f "$iid"
  # --network host: RUN steps reach the package registries as the host does; buildah's default
  # network would leave a podman0 bridge and netavark iptables chains behind on the machine.
  buildah bud --pull=never --layers --force-rm --network host "${secret[@]}" --iidfile "$iid" -t "$REPO/$svc:latest" \
    --build-arg "SERVICE=$svc" -f "$ROOMS_ROOT/Dockerfile" "$ROOMS_ROOT" >"$logfile" 2>&1 \
    || fail_log "building the $svc image failed" "$logfile"
  id=$(cat "$iid") && id=${id#sha256:} && rm -f "$iid"
  ref="$REPO/$svc:id-${id:0:12}"
  buildah tag "$REPO/$svc:latest" "$ref" >>"$logfile" 2>&1 || fail_log "cannot tag $ref" "$logfile"
  drop_superseded "$svc" "$ref"
  printf '%s\n' "$ref" >"$IRUN/$svc.ref.tmp" && mv "$IRUN/$svc.ref.tmp" "$IRUN/$svc.ref"
  size=$(podman image inspect --format '{{.Size}}' "$ref" | awk '{ printf "%d MB", $1 / 1e6 }')
  log "$(printf '%-20s %s  %s, built in %ss' "$svc" "$ref" "$size" "$(elapsed "$start")")"
}

cmd_build() {
  local svc
  command -v npm >/dev/null || die "npm is needed to fetch npm itself for the base image (run through make)"
  "$ROOMS_ROOT/.dev/images/base-image.sh"
  for svc in "$@"; do build_one "$svc"; done
}

# --- contents ---------------------------------------------------------------------------------

# image_ref SERVICE: the reference `build` wrote for the service, once the image is in storage.
image_ref() {
  local ref
  [ -s "$IRUN/$1.ref" ] || die "no image of $1 yet: run '.dev/images.sh build $1'"
  ref=$(cat "$IRUN/$1.ref")
  podman image exists "$ref" || die "image $ref (from $IRUN/$1.ref) is not in storage: run '.dev/images.sh build $1'"
  printf '%s\n' "$ref"
}

# in_image REF SCRIPT: runs SCRIPT with the image's /bin/sh, as the chart runs the image.
in_image() {
  podman run --rm --pull=never --network=none --read-only --cap-drop=ALL --security-opt no-new-privileges \
    --user "$POD_USER" --entrypoint /bin/sh "$1" -c "$2"
}

# workspace_closure SERVICE: the workspaces its image must hold, one a line: the service and
# every workspace its package.json "dependencies" reach (devDependencies serve tests). Worked
# out here from the checkout, apart from the Dockerfile's own reckoning, which it checks.
workspace_closure() {
  # shellcheck disable=SC2016 # JavaScript template strings, not the shell's
  (cd "$ROOMS_ROOT" && node --input-type=module -e '
    import { readFileSync, readdirSync } from "node:fs";
    const manifest = (dir) => JSON.parse(readFileSync(`${dir}/package.json`, "utf8"));
    const byName = Object.fromEntries(
      ["libs", "services"].flatMap((root) => readdirSync(root).map((d) => [manifest(`${root}/${d}`).name, `${root}/${d}`])),
    );
    const found = [process.argv[1]];
    for (let i = 0; i < found.length; i++) {
      for (const name of Object.keys(manifest(found[i]).dependencies ?? {})) {
        if (byName[name] && !found.includes(byName[name])) found.push(byName[name]);
      }
    }
    console.log(found.join("\n"));' "services/$1") | LC_ALL=C sort
}

# image_contents SERVICE: what the image holds under /app is the root package.json, node_modules
# and exactly the workspaces of workspace_closure, with nothing test-only in them (tests,
# fixtures, test helpers, benches); npm's workspace links are exactly those workspaces, so every
# import of one resolves; kafkajs, where installed, carries the patch (the projector and the
# manager must have it, through libs/kafka).
image_contents() {
  local svc=$1 ref want files found kafkajs bad=0
  ref=$(image_ref "$svc")
  want=$(workspace_closure "$svc")
  echo "expected workspaces: $(tr '\n' ' ' <<<"$want")"
  files=$(in_image "$ref" 'cd /app && find . -path ./node_modules -prune -o -print' | sed -n 's|^\./||p')
  found=$(grep -E '(^|/)(tests|testing|fixtures|bench)(/|$)|\.(test|bench)\.ts$' <<<"$files" || true)
  [ -z "$found" ] || { echo "test-only files in the image:"; head -n 10 <<<"$found"; bad=1; }
  found=$(grep -Ev '^(package\.json|node_modules|libs|services)(/|$)' <<<"$files" || true)
  [ -z "$found" ] || { echo "unexpected under /app:"; head -n 10 <<<"$found"; bad=1; }
  found=$({ grep -E '^(libs|services)/[^/]+$' <<<"$files" || true; } | LC_ALL=C sort)
  [ "$found" = "$want" ] || { echo "workspaces in the image: $(tr '\n' ' ' <<<"$found")"; bad=1; }
  # shellcheck disable=SC2016 # for the image's shell
  found=$(in_image "$ref" 'cd /app/node_modules/@rooms-sync && for l in *; do
      if [ -e "$l" ]; then readlink "$l"; else echo "dangling: $l -> $(readlink "$l")"; fi; done' \
    | sed 's|^\.\./\.\./||' | LC_ALL=C sort)
  [ "$found" = "$want" ] || { echo "node_modules/@rooms-sync links to: $(tr '\n' ' ' <<<"$found")"; bad=1; }
  kafkajs=$(in_image "$ref" "cd /app && if [ -f $KAFKAJS_PATCHED_FILE ]; then grep -cF '$KAFKAJS_PATCHED' $KAFKAJS_PATCHED_FILE || true; else echo absent; fi")
  case $kafkajs in
    1) kafkajs=patched ;;
    absent) if grep -qx libs/kafka <<<"$want"; then echo "kafkajs is missing, though libs/kafka needs it"; bad=1; fi ;;
    *) echo "kafkajs is not patched (no '$KAFKAJS_PATCHED' in $KAFKAJS_PATCHED_FILE)"; bad=1 ;;
  esac
  [ "$bad" -eq 0 ] || return 1
  echo "$(wc -l <<<"$want") workspaces, nothing test-only, kafkajs $kafkajs"
}

cmd_contents() {
  local svc
  for svc in "$@"; do check "image of $svc: what it holds" image_contents "$svc"; done
  check_summary "image contents" || exit 1
}

# --- smoke ------------------------------------------------------------------------------------

STARTED=()   # smoke containers of this run, removed on exit whatever happens
SMOKE_DB_MADE=no

cleanup_smoke() {
  local name
  for name in "${STARTED[@]}"; do podman rm -f -t 0 "$name" >/dev/null 2>&1 || true; done
  if [ "$SMOKE_DB_MADE" = yes ]; then
    psql_admin "drop database if exists $SMOKE_DB with (force)" >/dev/null 2>&1 || true
  fi
}

psql_admin() {
  PGPASSWORD=rooms_sync PGCONNECT_TIMEOUT=5 psql -X -q -h 127.0.0.1 -p "$PG_PORT" -U rooms_sync -d rooms_sync -v ON_ERROR_STOP=1 -c "$1"
}

# The manager and the projector cannot start without Kafka and PostgreSQL (they connect before
# their ops port opens): the local ones (`make infra`), and a database of the smoke run's own.
ensure_infra() {
  port_open 127.0.0.1 "$KAFKA_PORT" || { "$ROOMS_ROOT/.dev/kafka.sh" install && "$ROOMS_ROOT/.dev/kafka.sh" start; }
  port_open 127.0.0.1 "$PG_PORT" || { "$ROOMS_ROOT/.dev/postgres.sh" install && "$ROOMS_ROOT/.dev/postgres.sh" start; }
  command -v psql >/dev/null || die "psql not found (it comes with .dev/postgres.sh install)"
  SMOKE_DB_MADE=yes
  { psql_admin "drop database if exists $SMOKE_DB with (force)" && psql_admin "create database $SMOKE_DB"; } \
    >"$IRUN/smoke-db.log" 2>&1 || fail_log "cannot create the smoke database $SMOKE_DB" "$IRUN/smoke-db.log"
}

# smoke_setup SERVICE: sets NET, PORT (the /healthz port), HOST_PORTS and ENVS for the service. Only services
# that need the broker or the database get the host's network, listening on loopback ports of
# their own (not the dev ports, so a running `make up` is left alone); the simulator needs
# nothing and runs without any network. Topics, consumer groups and the manager's name are the
# smoke run's own where a shared one would make it act on the developer's data.
smoke_setup() {
  local db="$PG_URL/$SMOKE_DB"
  case $1 in
    exchange-simulator)
      NET=none PORT=$SIM_PORT HOST_PORTS=() ENVS=(SIM_HOST=127.0.0.1 "SIM_PORT=$PORT") ;;
    webhook-ingress)
      NET=host PORT=19101 HOST_PORTS=(18080 19101)
      ENVS=(ListenAddress=127.0.0.1 HttpPort=18080 "OpsPort=$PORT" "KafkaBrokers=127.0.0.1:$KAFKA_PORT") ;;
    subscription-manager)
      NET=host PORT=19102 HOST_PORTS=(19102)
      ENVS=(ListenAddress=127.0.0.1 "OpsPort=$PORT" "KafkaBrokers=127.0.0.1:$KAFKA_PORT" "DatabaseUrl=$db"
        "ManagerName=images-smoke/$SMOKE_DB" IdpRootUrl=http://127.0.0.1:18080 Tenant=images-smoke
        EwsUrl=http://127.0.0.1:9/EWS/Exchange.asmx EwsUsername=smoke EwsPassword=smoke) ;;
    sync-projector)
      NET=host PORT=19103 HOST_PORTS=(19103)
      ENVS=(ListenAddress=127.0.0.1 "OpsPort=$PORT" "KafkaBrokers=127.0.0.1:$KAFKA_PORT" "DatabaseUrl=$db" KafkaTopicPartitions=1
        ProjectorConsumerGroup=rooms-sync-images-smoke
        NotificationsTopic=rooms-sync.images-smoke.notifications.v1
        SubscriptionsTopic=rooms-sync.images-smoke.subscriptions.v1
        EwsUrl=http://127.0.0.1:9/EWS/Exchange.asmx EwsUsername=smoke EwsPassword=smoke) ;;
  esac
}

# healthz NAME PORT: true if the service answers 200 on /healthz. Asked from inside the
# container, so it works the same whether the container has the host's network or none.
healthz() {
  timeout 15 podman exec "$1" node -e "
    fetch('http://127.0.0.1:$2/healthz', { signal: AbortSignal.timeout(3000) })
      .then((r) => process.exit(r.status === 200 ? 0 : 1), () => process.exit(1));" >/dev/null 2>&1
}

# smoke_fail NAME SVC MSG: dies naming the image, with the container's last log lines.
smoke_fail() {
  podman logs "$1" >"$IRUN/$2.smoke.log" 2>&1 || true
  fail_log "smoke $2 ($(cat "$IRUN/$2.ref")): $3" "$IRUN/$2.smoke.log"
}

smoke_one() {
  local svc=$1 name="rooms-sync-smoke-$1" ref start up stop code env_args=() e p
  ref=$(image_ref "$svc")
  smoke_setup "$svc"
  for e in "${ENVS[@]}"; do env_args+=(-e "$e"); done
  for p in "${HOST_PORTS[@]}"; do
    port_open 127.0.0.1 "$p" && die "port $p on 127.0.0.1 is taken; the $svc smoke run needs it"
  done
  podman rm -f -t 0 "$name" >/dev/null 2>&1 || true   # left by an interrupted run
  STARTED+=("$name")
  start=$EPOCHREALTIME
  podman run -d --name "$name" --pull=never --network="$NET" --read-only --cap-drop=ALL \
    --security-opt no-new-privileges --user "$POD_USER" "${env_args[@]}" "$ref" >"$IRUN/$svc.smoke.log" 2>&1 \
    || fail_log "smoke $svc: podman run $ref failed" "$IRUN/$svc.smoke.log"

  until healthz "$name" "$PORT"; do
    [ "$(podman inspect --format '{{.State.Running}}' "$name")" = true ] || smoke_fail "$name" "$svc" "the container exited before /healthz answered"
    [ "$(elapsed "$start" | cut -d. -f1)" -lt "$HEALTH_TIMEOUT" ] || smoke_fail "$name" "$svc" "/healthz did not answer 200 within ${HEALTH_TIMEOUT}s"
    sleep 0.5
  done
  up=$(elapsed "$start")

  start=$EPOCHREALTIME
  podman stop -t "$STOP_TIMEOUT" "$name" >/dev/null 2>&1 || smoke_fail "$name" "$svc" "podman stop failed"
  stop=$(elapsed "$start")
  code=$(podman inspect --format '{{.State.ExitCode}}' "$name")
  podman logs "$name" >"$IRUN/$svc.smoke.log" 2>&1 || true
  # A process that ignores SIGTERM is killed after the timeout (exit 137); one that fails its
  # shutdown exits non-zero.
  [ "$code" -eq 0 ] || smoke_fail "$name" "$svc" "after SIGTERM it exited with $code in ${stop}s (137: killed after ${STOP_TIMEOUT}s)"
  awk -v s="$stop" -v t="$STOP_TIMEOUT" 'BEGIN { exit !(s < t) }' || smoke_fail "$name" "$svc" "stopping took ${stop}s"
  podman rm "$name" >/dev/null 2>&1 || true
  log "$(printf '%-20s healthz ok after %ss; SIGTERM -> exit 0 in %ss (network %s)' "$svc" "$up" "$stop" "$NET")"
}

cmd_smoke() {
  local svc
  cmd_contents "$@"
  trap cleanup_smoke EXIT
  for svc in "$@"; do
    [ "$svc" = exchange-simulator ] || { [ "$SMOKE_DB_MADE" = yes ] || ensure_infra; }
  done
  for svc in "$@"; do smoke_one "$svc"; done
}

# --- main -------------------------------------------------------------------------------------

cmd=${1:-all}
case $cmd in
  build | smoke | all) [ $# -eq 0 ] || shift ;;
  *) echo "usage: $0 [build|smoke] [SERVICE...]" >&2; exit 2 ;;
esac
names=("$@")
[ ${#names[@]} -gt 0 ] || names=("${SERVICES[@]}")
check_services "${names[@]}"
[ "$(id -u)" -eq 0 ] || die "images need root (debootstrap; the images live in /var/lib/containers/storage)"
ensure_os_packages
case $cmd in
  build) cmd_build "${names[@]}" ;;
  smoke) cmd_smoke "${names[@]}" ;;
  all) cmd_build "${names[@]}" && cmd_smoke "${names[@]}" ;;
esac
