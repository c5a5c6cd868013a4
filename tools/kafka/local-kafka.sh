#!/usr/bin/env bash
# Runs a REAL single-node Apache Kafka broker (KRaft, combined broker + controller) from the
# Maven Central jars, for machines without Docker (CI, dev boxes).
#
#   tools/kafka/local-kafka.sh fetch            resolve the jars into the cache (skipped when present)
#   tools/kafka/local-kafka.sh start            start a fresh broker (or report the running one)
#   tools/kafka/local-kafka.sh stop             stop the broker started from this cache/port
#   tools/kafka/local-kafka.sh status           exit 0 and print the bootstrap address when healthy
#   tools/kafka/local-kafka.sh logs [N]         print the last N lines of the broker log
#   tools/kafka/local-kafka.sh version          print the Kafka version this environment selects
#   tools/kafka/local-kafka.sh acquire ID [PID] like start, but registers a lease for a test run;
#                                               prints "started" or "reused", then the brokers
#   tools/kafka/local-kafka.sh release ID       drops the lease; stops the broker only when it was
#                                               started through `acquire` and no live lease remains
#
# Environment:
#   KAFKA_VERSION           Apache Kafka release (default 4.4.0; supported: the 4.x line and 3.9.x)
#   KAFKA_PORT              PLAINTEXT port (default 19094 for 4.x, 19092 for 3.9.x: brokers of the
#                           two lines never answer on each other's port, so a test run cannot reuse
#                           a broker of the other line by mistake)
#   KAFKA_CONTROLLER_PORT   KRaft controller port (default KAFKA_PORT + 1)
#   LEADLINE_CACHE_DIR      cache root (default $HOME/.cache/leadline); jars go to
#                           $LEADLINE_CACHE_DIR/kafka-<version>/lib
#   KAFKA_STATE_DIR         broker state (data, config, log, pid); default
#                           $LEADLINE_CACHE_DIR/kafka-<version>/state-<port>; WIPED on every start
#   KAFKA_KEEP_STATE        1: start keeps an existing state (a restart of the same broker, with its
#                           topics, offsets and groups; the chaos drill's broker stop)
#   KAFKA_START_TIMEOUT     seconds to wait for readiness (default 90)
#   KAFKA_HEAP_OPTS         JVM heap (default "-Xmx1G -Xms1G")
#   KAFKA_SASL_USERS        "user:password[,user:password...]": the client listener becomes
#                           SASL_PLAINTEXT with PLAIN, SCRAM-SHA-256 and SCRAM-SHA-512, each user
#                           known to all three (SCRAM credentials written by kafka-storage format
#                           --add-scram); names and passwords of [A-Za-z0-9._-] only. Unset: PLAINTEXT
#   KAFKA_TLS_PORT          with KAFKA_TLS_KEYSTORE: a second client listener on this port with TLS
#                           (SASL_SSL with KAFKA_SASL_USERS, else SSL)
#   KAFKA_TLS_KEYSTORE      a PEM file holding the broker's unencrypted private key and certificate
#                           chain (the test makes one with openssl)
#
# The stdout of start/acquire/status ends with the bootstrap address (e.g. 127.0.0.1:19094).
# Progress and diagnostics go to stderr.
set -euo pipefail

# The version CI runs; 3.9.x stays selectable until platform teams have left the 3.x line.
DEFAULT_KAFKA_VERSION=4.4.0
KAFKA_VERSION="${KAFKA_VERSION:-$DEFAULT_KAFKA_VERSION}"
log() { echo "[local-kafka] $*" >&2; }
die() { echo "[local-kafka] ERROR: $*" >&2; exit 1; }

[[ "$KAFKA_VERSION" =~ ^([34])\.([0-9]+)\.([0-9]+)$ ]] || die "KAFKA_VERSION must be a release such as 4.4.0 or 3.9.1 (got '$KAFKA_VERSION')"
KAFKA_LINE="${BASH_REMATCH[1]}"
if [[ "$KAFKA_LINE" == 3 && "${BASH_REMATCH[2]}" != 9 ]]; then
  die "Kafka $KAFKA_VERSION is not supported: use the 4.x line or 3.9.x"
fi
# One default port per line: a test run asking for 4.x can never be handed a running 3.9 broker.
if [[ "$KAFKA_LINE" == 3 ]]; then DEFAULT_PORT=19092; else DEFAULT_PORT=19094; fi

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
CACHE_DIR="${LEADLINE_CACHE_DIR:-$HOME/.cache/leadline}"
KAFKA_HOME="$CACHE_DIR/kafka-$KAFKA_VERSION"
LIB_DIR="$KAFKA_HOME/lib"
PORT="${KAFKA_PORT:-$DEFAULT_PORT}"
CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-$((PORT + 1))}"
STATE_DIR="${KAFKA_STATE_DIR:-$KAFKA_HOME/state-$PORT}"
START_TIMEOUT="${KAFKA_START_TIMEOUT:-90}"
HEAP_OPTS="${KAFKA_HEAP_OPTS:--Xmx1G -Xms1G}"
BOOTSTRAP="127.0.0.1:$PORT"

PID_FILE="$STATE_DIR/kafka.pid"
LOG_FILE="$STATE_DIR/kafka.log"
PROPS_FILE="$STATE_DIR/server.properties"
# 3.x logs through log4j 1 (reload4j binding), 4.x through log4j2 (tools/kafka/pom.template.xml).
if [[ "$KAFKA_LINE" == 3 ]]; then
  LOG4J_TEMPLATE="$SCRIPT_DIR/log4j.properties.template"
  LOG4J_FILE="$STATE_DIR/log4j.properties"
  LOG4J_OPT="-Dlog4j.configuration=file:$LOG4J_FILE"
else
  LOG4J_TEMPLATE="$SCRIPT_DIR/log4j2.properties.template"
  LOG4J_FILE="$STATE_DIR/log4j2.properties"
  LOG4J_OPT="-Dlog4j2.configurationFile=$LOG4J_FILE"
fi
DATA_DIR="$STATE_DIR/data"
LEASE_DIR="$STATE_DIR/leases"
AUTO_MARKER="$STATE_DIR/started-by-acquire"
# Locks live beside (not inside) the state dir, which is wiped on start.
RUN_LOCK="$STATE_DIR.lock"
FETCH_LOCK="$KAFKA_HOME/fetch.lock"

need() { command -v "$1" >/dev/null 2>&1 || die "'$1' is not on PATH; $2"; }

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

broker_pid() {
  [[ -f "$PID_FILE" ]] || return 1
  local pid
  pid="$(cat "$PID_FILE" 2>/dev/null || true)"
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  echo "$pid"
}

healthy() { broker_pid >/dev/null && port_open "$PORT"; }

lock_run() {
  mkdir -p "$(dirname "$RUN_LOCK")"
  exec 9>"$RUN_LOCK"
  flock -w 600 9 || die "timed out waiting for lock $RUN_LOCK"
}

lib_complete() { [[ -f "$LIB_DIR/.complete" && -f "$LIB_DIR/kafka_2.13-$KAFKA_VERSION.jar" ]]; }

cmd_fetch() {
  if lib_complete; then
    log "jars already in $LIB_DIR ($(ls "$LIB_DIR"/*.jar | wc -l) files)"
    return 0
  fi
  need mvn "install Maven 3.8+ (apt-get install maven)"
  need java "install a JDK 17 (apt-get install openjdk-17-jdk-headless)"
  mkdir -p "$KAFKA_HOME"
  exec 8>"$FETCH_LOCK"
  flock -w 900 8 || die "timed out waiting for lock $FETCH_LOCK"
  if lib_complete; then exec 8>&-; return 0; fi # another process fetched meanwhile

  local work tmp_lib started
  work="$(mktemp -d "$KAFKA_HOME/fetch.XXXXXX")"
  tmp_lib="$work/lib"
  sed -e "s|@KAFKA_VERSION@|$KAFKA_VERSION|g" -e "s|@LIB_DIR@|$tmp_lib|g" \
    "$SCRIPT_DIR/pom.template.xml" >"$work/pom.xml"
  log "resolving org.apache.kafka:kafka_2.13:$KAFKA_VERSION (+ the log4j binding of the $KAFKA_LINE.x line) from Maven Central ..."
  started=$SECONDS
  if ! mvn -q -B -f "$work/pom.xml" -Dkafka.line="$KAFKA_LINE" package >"$work/mvn.log" 2>&1; then
    tail -n 60 "$work/mvn.log" >&2 || true
    die "Maven could not resolve the Kafka jars (log above; pom in $work)"
  fi
  [[ -f "$tmp_lib/kafka_2.13-$KAFKA_VERSION.jar" ]] || die "Maven finished but kafka_2.13-$KAFKA_VERSION.jar is missing in $tmp_lib"
  touch "$tmp_lib/.complete"
  rm -rf "$LIB_DIR"
  mv "$tmp_lib" "$LIB_DIR"
  rm -rf "$work"
  exec 8>&-
  log "fetched $(ls "$LIB_DIR"/*.jar | wc -l) jars into $LIB_DIR in $((SECONDS - started))s"
}

render() { # template -> destination, replacing @KEY@ placeholders
  sed -e "s|@PORT@|$PORT|g" -e "s|@CONTROLLER_PORT@|$CONTROLLER_PORT|g" -e "s|@LOG_DIRS@|$DATA_DIR|g" "$1" >"$2"
}

SASL_USERS="${KAFKA_SASL_USERS:-}"
SCRAM_ARGS=()
# With KAFKA_SASL_USERS the client listener authenticates: later keys in server.properties override
# the template's listeners; the controller listener stays PLAINTEXT on loopback.
configure_sasl() {
  [[ -n "$SASL_USERS" ]] || return 0
  local entry name password plain_users="" first=""
  IFS=',' read -r -a entries <<<"$SASL_USERS"
  for entry in "${entries[@]}"; do
    [[ "$entry" =~ ^([A-Za-z0-9._-]+):([A-Za-z0-9._-]+)$ ]] || die "KAFKA_SASL_USERS must be user:password[,user:password] of [A-Za-z0-9._-] (got an entry that is not)"
    name="${BASH_REMATCH[1]}" password="${BASH_REMATCH[2]}"
    [[ -n "$first" ]] || first="username=\"$name\" password=\"$password\""
    plain_users+=" user_$name=\"$password\""
    SCRAM_ARGS+=(--add-scram "SCRAM-SHA-256=[name=$name,password=$password]" --add-scram "SCRAM-SHA-512=[name=$name,password=$password]")
  done
  cat >>"$PROPS_FILE" <<PROPS

# KAFKA_SASL_USERS: SASL on the client listener (local-kafka.sh).
listeners=SASL_PLAINTEXT://127.0.0.1:$PORT,CONTROLLER://127.0.0.1:$CONTROLLER_PORT
advertised.listeners=SASL_PLAINTEXT://127.0.0.1:$PORT
listener.security.protocol.map=SASL_PLAINTEXT:SASL_PLAINTEXT,CONTROLLER:PLAINTEXT
inter.broker.listener.name=SASL_PLAINTEXT
sasl.enabled.mechanisms=PLAIN,SCRAM-SHA-256,SCRAM-SHA-512
sasl.mechanism.inter.broker.protocol=PLAIN
listener.name.sasl_plaintext.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required $first$plain_users;
listener.name.sasl_plaintext.scram-sha-256.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;
listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;
PROPS
  chmod 600 "$PROPS_FILE"
}

# With KAFKA_TLS_PORT and KAFKA_TLS_KEYSTORE: a TLS client listener beside the first one.
configure_tls() {
  [[ -n "${KAFKA_TLS_PORT:-}" ]] || return 0
  [[ -f "${KAFKA_TLS_KEYSTORE:-}" ]] || die "KAFKA_TLS_PORT needs KAFKA_TLS_KEYSTORE, a PEM file with the key and certificate chain"
  local plain_name=PLAINTEXT tls_name=SSL
  [[ -n "$SASL_USERS" ]] && plain_name=SASL_PLAINTEXT tls_name=SASL_SSL
  local tls_jaas=""
  if [[ -n "$SASL_USERS" ]]; then
    tls_jaas="$(grep '^listener.name.sasl_plaintext.' "$PROPS_FILE" | sed 's/^listener.name.sasl_plaintext./listener.name.sasl_ssl./')"
  fi
  cat >>"$PROPS_FILE" <<PROPS

# KAFKA_TLS_PORT: a TLS client listener (local-kafka.sh).
listeners=$plain_name://127.0.0.1:$PORT,$tls_name://127.0.0.1:$KAFKA_TLS_PORT,CONTROLLER://127.0.0.1:$CONTROLLER_PORT
advertised.listeners=$plain_name://127.0.0.1:$PORT,$tls_name://127.0.0.1:$KAFKA_TLS_PORT
listener.security.protocol.map=$plain_name:$plain_name,$tls_name:$tls_name,CONTROLLER:PLAINTEXT
ssl.keystore.type=PEM
ssl.keystore.location=$KAFKA_TLS_KEYSTORE
$tls_jaas
PROPS
}

cluster_id() { # 16 random bytes, base64url without padding = 22 chars (a Kafka Uuid)
  local id
  # Never a leading "-": kafka-storage would read the id as an option (Kafka's own Uuid skips those too).
  while id="$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n' | cut -c1-22)" && [[ "$id" == -* ]]; do :; done
  echo "$id"
}

wait_ready() { # $1 = pid
  local pid=$1 deadline=$((SECONDS + START_TIMEOUT)) port_since=""
  while ((SECONDS < deadline)); do
    if ! kill -0 "$pid" 2>/dev/null; then
      log "broker process $pid exited during start-up; last lines of $LOG_FILE:"
      tail -n 80 "$LOG_FILE" >&2 || true
      rm -f "$PID_FILE"
      die "Kafka failed to start"
    fi
    if grep -q "Kafka Server started" "$LOG_FILE" 2>/dev/null && port_open "$PORT"; then
      return 0
    fi
    # Fallback if the log line ever changes: the port has accepted connections for 5 s.
    if port_open "$PORT"; then
      [[ -n "$port_since" ]] || port_since=$SECONDS
      ((SECONDS - port_since >= 5)) && return 0
    else
      port_since=""
    fi
    sleep 0.5
  done
  log "broker did not become ready within ${START_TIMEOUT}s; last lines of $LOG_FILE:"
  tail -n 80 "$LOG_FILE" >&2 || true
  die "Kafka start timed out after ${START_TIMEOUT}s (pid $pid still running; stop it with: $0 stop)"
}

# Starts a fresh broker unless one from this state dir is running. Caller holds the run lock.
# Sets STARTED=1 when it launched a new process.
do_start() {
  STARTED=0
  local pid
  if pid="$(broker_pid)"; then
    if port_open "$PORT"; then
      log "already running (pid $pid)"
      return 0
    fi
    log "process $pid exists but port $PORT is not open yet; waiting"
    wait_ready "$pid"
    return 0
  fi
  if port_open "$PORT"; then
    die "port $PORT is already in use by another process (not a Kafka $KAFKA_VERSION broker started by this script from $STATE_DIR); set KAFKA_PORT"
  fi
  if port_open "$CONTROLLER_PORT"; then
    die "controller port $CONTROLLER_PORT is already in use; set KAFKA_CONTROLLER_PORT"
  fi

  cmd_fetch
  need java "install a JDK 17 (apt-get install openjdk-17-jdk-headless)"

  local cid started=$SECONDS
  if [[ "${KAFKA_KEEP_STATE:-}" == 1 && -f "$DATA_DIR/meta.properties" ]]; then
    # A restart of the same broker (fault drills): topics, offsets, groups and settings kept.
    log "keeping the state in $STATE_DIR (KAFKA_KEEP_STATE=1)"
    mkdir -p "$LEASE_DIR"
  else
    rm -rf "$STATE_DIR"
    mkdir -p "$DATA_DIR" "$LEASE_DIR"
    render "$SCRIPT_DIR/server.properties.template" "$PROPS_FILE"
    configure_sasl
    configure_tls
    cp "$LOG4J_TEMPLATE" "$LOG4J_FILE"

    cid="$(cluster_id)"
    log "formatting storage in $DATA_DIR (cluster id $cid)"
    if ! java "$LOG4J_OPT" -cp "$LIB_DIR/*" kafka.tools.StorageTool format \
      -t "$cid" -c "$PROPS_FILE" "${SCRAM_ARGS[@]}" >"$STATE_DIR/format.log" 2>&1; then
      cat "$STATE_DIR/format.log" >&2
      die "kafka-storage format failed"
    fi
  fi

  log "starting Kafka $KAFKA_VERSION on $BOOTSTRAP (controller 127.0.0.1:$CONTROLLER_PORT), log $LOG_FILE"
  # New session so it survives the caller's process group; fd 8/9 (locks) are not inherited.
  # shellcheck disable=SC2086
  setsid bash -c 'echo $$ >"$0"; exec "$@"' "$PID_FILE" \
    java $HEAP_OPTS -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:+ExitOnOutOfMemoryError \
    -Djava.awt.headless=true -Dkafka.logs.dir="$STATE_DIR" \
    "$LOG4J_OPT" \
    -cp "$LIB_DIR/*" kafka.Kafka "$PROPS_FILE" \
    </dev/null >"$LOG_FILE" 2>&1 8>&- 9>&- &
  local i
  for i in $(seq 1 50); do [[ -s "$PID_FILE" ]] && break; sleep 0.1; done
  pid="$(cat "$PID_FILE" 2>/dev/null || true)"
  [[ -n "$pid" ]] || die "could not read the broker pid from $PID_FILE"
  wait_ready "$pid"
  STARTED=1
  log "ready in $((SECONDS - started))s (pid $pid)"
}

do_stop() { # caller holds the run lock
  local pid
  if ! pid="$(broker_pid)"; then
    log "not running"
    rm -f "$PID_FILE"
    return 0
  fi
  log "stopping pid $pid"
  kill -TERM "$pid" 2>/dev/null || true
  local deadline=$((SECONDS + 30))
  while kill -0 "$pid" 2>/dev/null && ((SECONDS < deadline)); do sleep 0.3; done
  if kill -0 "$pid" 2>/dev/null; then
    log "pid $pid ignored SIGTERM for 30s; sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    while kill -0 "$pid" 2>/dev/null; do sleep 0.2; done
  fi
  rm -f "$PID_FILE" "$AUTO_MARKER"
  rm -rf "$LEASE_DIR"
  log "stopped"
}

live_leases() { # prints the lease ids whose owner pid is still alive, pruning the rest
  [[ -d "$LEASE_DIR" ]] || return 0
  local f owner
  for f in "$LEASE_DIR"/*; do
    [[ -e "$f" ]] || continue
    owner="$(cat "$f" 2>/dev/null || true)"
    if [[ "$owner" =~ ^[0-9]+$ ]] && kill -0 "$owner" 2>/dev/null; then
      basename "$f"
    else
      rm -f "$f"
    fi
  done
}

cmd_start() {
  lock_run
  do_start
  echo "$BOOTSTRAP"
}

cmd_stop() {
  lock_run
  do_stop
}

cmd_status() {
  local pid
  if pid="$(broker_pid)" && port_open "$PORT"; then
    log "running (pid $pid, state $STATE_DIR)"
    echo "$BOOTSTRAP"
    return 0
  fi
  log "not running (port $PORT, state $STATE_DIR)"
  return 1
}

cmd_acquire() {
  local id="${1:?usage: acquire ID [PID]}" owner="${2:-$PPID}"
  [[ "$id" =~ ^[A-Za-z0-9._-]+$ ]] || die "invalid lease id '$id'"
  lock_run
  do_start
  if [[ "$STARTED" == 1 ]]; then
    touch "$AUTO_MARKER"
    echo "started"
  else
    echo "reused"
  fi
  mkdir -p "$LEASE_DIR"
  echo "$owner" >"$LEASE_DIR/$id"
  echo "$BOOTSTRAP"
}

cmd_release() {
  local id="${1:?usage: release ID}"
  lock_run
  rm -f "$LEASE_DIR/$id"
  local remaining
  remaining="$(live_leases | wc -l)"
  if [[ -f "$AUTO_MARKER" ]] && ((remaining == 0)); then
    do_stop
    echo "stopped"
  else
    if ((remaining > 0)); then log "left running: $remaining other lease(s)"; else log "left running: not started by a test run"; fi
    echo "left-running"
  fi
}

case "${1:-}" in
  fetch) cmd_fetch ;;
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  logs) tail -n "${2:-100}" "$LOG_FILE" ;;
  version) echo "$KAFKA_VERSION" ;;
  acquire) shift; cmd_acquire "$@" ;;
  release) shift; cmd_release "$@" ;;
  *)
    echo "usage: $0 {fetch|start|stop|status|logs [N]|version|acquire ID [PID]|release ID}" >&2
    exit 2
    ;;
esac
