#!/usr/bin/env bash
# Local Apache Kafka broker (KRaft, one combined broker+controller node) run
# straight from the official jars on Maven Central, fetched with Maven.
#   install  jars into $ROOMS_CACHE/kafka-<version>/libs (once per machine)
#   start    broker on $KAFKA_HOST:$KAFKA_PORT (defaults 127.0.0.1, and 9092 from lib.sh), controller on
#            $KAFKA_HOST:$KAFKA_CONTROLLER_PORT (default KAFKA_PORT+1), advertised as
#            $KAFKA_HOST:$KAFKA_PORT; data, logs and pid under $ROOMS_RUN/kafka
#   stop     the broker this clone started (by pid)
#   status   "running"/"stopped", exit 0/3
#   smoke    admin + produce + consume + consumer-group round trip with Kafka's own CLI tools
set -euo pipefail
# shellcheck source=.dev/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

KAFKA_VERSION=4.4.0
KAFKA_SCALA=2.13
# shellcheck disable=SC2034 # read by fill (pom.xml.template)
LOG4J_VERSION=2.25.5 # the log4j-core/api version kafka_2.13 4.4.0 depends on
KAFKA_HOME="$ROOMS_CACHE/kafka-$KAFKA_VERSION"
KAFKA_LIBS="$KAFKA_HOME/libs"
KAFKA_MARKER="$KAFKA_HOME/.complete"
KAFKA_TEMPLATES="$ROOMS_ROOT/.dev/kafka"   # the configuration files this script fills in

KAFKA_CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-$((KAFKA_PORT + 1))}"
KAFKA_HOST="${KAFKA_HOST:-127.0.0.1}"
BOOTSTRAP="$KAFKA_HOST:$KAFKA_PORT"

KRUN="$ROOMS_RUN/kafka"
KDATA="$KRUN/data"
KPID="$KRUN/pid"
KCONF="$KRUN/server.properties"
KOUT="$KRUN/kafka.out.log"     # JVM stdout/stderr
KSERVERLOG="$KRUN/server.log"  # log4j2 broker log
KTOOLSLOG="$KRUN/tools.log"    # output of the CLI tools run by start/smoke
KHEAP="${KAFKA_HEAP_OPTS:--Xms256m -Xmx512m}"

java_bin() {
  local j
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then j="$JAVA_HOME/bin/java"; else j=$(command -v java || true); fi
  [ -n "$j" ] || die "java not found: Kafka $KAFKA_VERSION needs Java 17+ (apt-get install -y openjdk-17-jre-headless)"
  local major
  major=$("$j" -XshowSettings:properties -version 2>&1 | awk -F' = ' '/java.specification.version/{print $2}')
  [ "${major%%.*}" -ge 17 ] 2>/dev/null || die "$j is Java ${major:-?}; Kafka $KAFKA_VERSION brokers need Java 17+ (set JAVA_HOME)"
  printf '%s\n' "$j"
}

# fill TEMPLATE OUT VAR...: .dev/kafka/TEMPLATE written to OUT with each ${VAR} named replaced
# by that variable's value; nothing else is touched (log4j's own ${sys:...} lookups stay). In
# bash rather than envsubst, which not every machine that runs Kafka here has.
fill() {
  local text var
  text=$(<"$KAFKA_TEMPLATES/$1")
  for var in "${@:3}"; do
    text=${text//"\${$var}"/"${!var}"}
  done
  printf '%s\n' "$text" >"$2"
}

cmd_install() {
  [ -f "$KAFKA_MARKER" ] && return 0
  command -v mvn >/dev/null || die "mvn not found: it fetches the Kafka jars (apt-get install -y maven)"
  log "installing Kafka $KAFKA_VERSION jars from Maven Central into $KAFKA_LIBS"
  mkdir -p "$ROOMS_CACHE"
  local tmp
  tmp=$(mktemp -d "$ROOMS_CACHE/.kafka-$KAFKA_VERSION.XXXXXX")
  # shellcheck disable=SC2064
  trap "rm -rf '$tmp'" EXIT
  # kafka_2.13: the broker; kafka-tools: TopicCommand, ConsoleProducer/Consumer,
  # ConsumerGroupCommand (its connect-runtime dependency is only for Connect's
  # plugin-path tool and drags in Jetty/Jersey: left out); log4j-slf4j-impl:
  # the SLF4J 1.7 -> log4j2 binding the distribution ships but the poms don't list.
  fill pom.xml.template "$tmp/pom.xml" KAFKA_VERSION KAFKA_SCALA LOG4J_VERSION
  local mlog="$ROOMS_CACHE/kafka-$KAFKA_VERSION-install.log"
  if ! (cd "$tmp" && mvn -B -q -Dstyle.color=never org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy-dependencies \
          -DincludeScope=runtime -DoutputDirectory="$tmp/libs") >"$mlog" 2>&1; then
    die "mvn could not fetch the Kafka $KAFKA_VERSION jars; see $mlog"
  fi
  if [ ! -f "$tmp/libs/kafka_$KAFKA_SCALA-$KAFKA_VERSION.jar" ] || [ ! -f "$tmp/libs/kafka-tools-$KAFKA_VERSION.jar" ]; then
    die "mvn finished but the Kafka jars are missing from $tmp/libs; see $mlog"
  fi
  cp "$tmp/pom.xml" "$tmp/libs/.pom.xml"
  rm -rf "$KAFKA_HOME"
  mkdir -p "$KAFKA_HOME"
  mv "$tmp/libs" "$KAFKA_LIBS"
  ls "$KAFKA_LIBS" >"$KAFKA_MARKER"
  rm -f "$mlog"
}

require_installed() {
  [ -f "$KAFKA_MARKER" ] || die "Kafka $KAFKA_VERSION is not installed: run .dev/kafka.sh install"
}

write_log4j_configs() {
  # Broker: INFO to a rolling server.log, WARN+ also to stdout (kafka.out.log).
  cp "$KAFKA_TEMPLATES/log4j2-server.properties" "$KRUN/log4j2-server.properties"
  # CLI tools: warnings and errors only, on stderr.
  cp "$KAFKA_TEMPLATES/log4j2-tools.properties" "$KRUN/log4j2-tools.properties"
}

write_server_config() {
  fill server.properties.template "$KCONF" KAFKA_HOST KAFKA_PORT KAFKA_CONTROLLER_PORT KDATA
}

# run_tool MAINCLASS ARGS...: one Kafka CLI tool, quiet logging, same jars.
run_tool() {
  local main=$1
  shift
  "$JAVA" -Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Djava.awt.headless=true \
    -Dlog4j2.shutdownHookEnabled=false -Dlog4j2.configurationFile="$KRUN/log4j2-tools.properties" \
    -cp "$KAFKA_LIBS/*" "$main" "$@"
}

is_running() {
  pid_alive "$KPID" "kafka.Kafka"
}

cmd_start() {
  require_installed
  mkdir -p "$KRUN"
  if is_running; then
    log "kafka already running (pid $(cat "$KPID")) on $BOOTSTRAP"
    return 0
  fi
  rm -f "$KPID"
  if port_open "$KAFKA_HOST" "$KAFKA_PORT"; then
    # Another clone's broker (e.g. a fresh clone beside a working one): use it, leave it alone on stop.
    JAVA=$(java_bin)
    if timeout 30 bash -c "$(declare -f run_tool); JAVA='$JAVA' KRUN='$KRUN' KAFKA_LIBS='$KAFKA_LIBS' run_tool org.apache.kafka.tools.TopicCommand --bootstrap-server '$BOOTSTRAP' --list" >/dev/null 2>&1; then
      log "using the Kafka broker already on $BOOTSTRAP (not started by this clone; 'make down' leaves it running)"
      return 0
    fi
  fi
  if port_open "$KAFKA_HOST" "$KAFKA_PORT" || port_open "$KAFKA_HOST" "$KAFKA_CONTROLLER_PORT"; then
    die "port $KAFKA_PORT or $KAFKA_CONTROLLER_PORT on $KAFKA_HOST is taken by a process this clone did not start (ss -ltnp 'sport = :$KAFKA_PORT'); stop it or set KAFKA_PORT"
  fi
  JAVA=$(java_bin)
  write_log4j_configs
  write_server_config
  if [ ! -f "$KDATA/meta.properties" ]; then
    local cid
    mkdir -p "$KDATA"
    cid=$(run_tool kafka.tools.StorageTool random-uuid 2>>"$KTOOLSLOG") \
      || die "kafka storage random-uuid failed; see $KTOOLSLOG"
    run_tool kafka.tools.StorageTool format --cluster-id "$cid" --config "$KCONF" --ignore-formatted \
      >>"$KTOOLSLOG" 2>&1 || die "kafka storage format failed; see $KTOOLSLOG"
  fi
  # setsid: own session, so a Ctrl-C in the calling terminal doesn't reach it.
  # $! is the JVM's pid (setsid execs when its caller isn't a group leader).
  # shellcheck disable=SC2086 # KHEAP is a list of JVM options
  KAFKA_LOGS_DIR="$KRUN" setsid nohup "$JAVA" -server $KHEAP \
    -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -Djava.awt.headless=true \
    -Dkafka.logs.dir="$KRUN" -Dlog4j2.configurationFile="$KRUN/log4j2-server.properties" \
    -cp "$KAFKA_LIBS/*" kafka.Kafka "$KCONF" >"$KOUT" 2>&1 </dev/null &
  local pid=$!
  echo "$pid" >"$KPID"
  if ! wait_for_port "$KAFKA_HOST" "$KAFKA_PORT" 90 "kafka" "$KSERVERLOG (and $KOUT)" "$pid"; then
    kill "$pid" 2>/dev/null || true
    rm -f "$KPID"
    exit 1
  fi
  # The port opens before the broker has joined the quorum; a metadata request answers when it has.
  local deadline=$((SECONDS + 60))
  until run_tool org.apache.kafka.tools.TopicCommand --bootstrap-server "$BOOTSTRAP" --list \
          >/dev/null 2>>"$KTOOLSLOG"; do
    if ! kill -0 "$pid" 2>/dev/null; then rm -f "$KPID"; die "kafka exited while starting; see $KSERVERLOG and $KOUT"; fi
    [ "$SECONDS" -lt "$deadline" ] || die "kafka listens on $BOOTSTRAP but does not answer metadata requests; see $KSERVERLOG and $KTOOLSLOG"
    sleep 1
  done
  log "kafka $KAFKA_VERSION started (pid $pid) on $BOOTSTRAP"
}

cmd_stop() {
  if ! is_running; then
    rm -f "$KPID"
    return 0
  fi
  local pid i
  pid=$(cat "$KPID")
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < 150; i++)); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$pid" 2>/dev/null; then
    log "kafka (pid $pid) still up after 15 s: sending KILL"
    kill -KILL "$pid" 2>/dev/null || true
    sleep 0.5
  fi
  rm -f "$KPID"
  log "kafka stopped"
}

cmd_status() {
  if is_running; then
    echo "kafka: running (pid $(cat "$KPID")) on $BOOTSTRAP"
    return 0
  fi
  echo "kafka: stopped"
  return 3
}

cmd_smoke() {
  require_installed
  is_running || die "kafka is not running: run .dev/kafka.sh start"
  JAVA=$(java_bin)
  write_log4j_configs
  local slog="$KRUN/smoke.log" topic group n=5 out want
  topic="rooms-sync-smoke-$(date +%s)-$$"
  group="$topic-group"
  : >"$slog"
  step() { echo "== $*" >>"$slog"; }
  fail() { die "kafka smoke failed: $*; see $slog"; }

  step "admin: create topic $topic"
  run_tool org.apache.kafka.tools.TopicCommand --bootstrap-server "$BOOTSTRAP" --create --topic "$topic" \
    --partitions 3 --replication-factor 1 >>"$slog" 2>&1 || fail "create topic"
  step "admin: describe topic"
  out=$(run_tool org.apache.kafka.tools.TopicCommand --bootstrap-server "$BOOTSTRAP" --describe --topic "$topic" 2>>"$slog") \
    || fail "describe topic"
  echo "$out" >>"$slog"
  grep -q 'PartitionCount: 3' <<<"$out" || fail "topic does not have 3 partitions"

  step "produce $n keyed records (acks=all)"
  want=$(for i in $(seq 1 "$n"); do echo "key-$i:value-$i"; done)
  run_tool org.apache.kafka.tools.ConsoleProducer --bootstrap-server "$BOOTSTRAP" --topic "$topic" \
    --command-property acks=all --reader-property parse.key=true --reader-property key.separator=: \
    <<<"$want" >>"$slog" 2>&1 || fail "produce"

  step "consume in group $group"
  out=$(run_tool org.apache.kafka.tools.consumer.ConsoleConsumer --bootstrap-server "$BOOTSTRAP" --topic "$topic" \
    --group "$group" --from-beginning --max-messages "$n" --timeout-ms 30000 \
    --formatter-property print.key=true --formatter-property key.separator=: 2>>"$slog") || fail "consume"
  echo "$out" >>"$slog"
  out=$(grep '^key-' <<<"$out" || true)
  [ "$(sort <<<"$out")" = "$(sort <<<"$want")" ] || fail "consumed records differ from produced ones"

  step "consumer group: committed offsets"
  out=$(run_tool org.apache.kafka.tools.consumer.group.ConsumerGroupCommand --bootstrap-server "$BOOTSTRAP" \
    --describe --group "$group" 2>>"$slog") || fail "describe group"
  echo "$out" >>"$slog"
  local committed
  committed=$(awk -v t="$topic" '$2 == t && $4 ~ /^[0-9]+$/ {s += $4} END {print s + 0}' <<<"$out")
  [ "$committed" -eq "$n" ] || fail "group $group committed $committed offsets, expected $n"

  step "cleanup: delete group and topic"
  run_tool org.apache.kafka.tools.consumer.group.ConsumerGroupCommand --bootstrap-server "$BOOTSTRAP" \
    --delete --group "$group" >>"$slog" 2>&1 || fail "delete group"
  run_tool org.apache.kafka.tools.TopicCommand --bootstrap-server "$BOOTSTRAP" --delete --topic "$topic" \
    >>"$slog" 2>&1 || fail "delete topic"
  log "kafka smoke ok: topic create/describe/delete, produce/consume $n records, group offsets committed ($BOOTSTRAP)"
}

case "${1:-}" in
  install) cmd_install ;;
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  smoke) cmd_smoke ;;
  *) echo "usage: $0 install|start|stop|status|smoke" >&2; exit 2 ;;
esac
