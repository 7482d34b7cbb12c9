#!/usr/bin/env bash
# local-cluster.sh: a real Spark standalone cluster on this machine (127.0.0.1 only) for fgsbir: one
# Master and two Workers as separate JVMs, run from the Maven-resolved Spark jars (no Spark download).
#
#   deploy/local-cluster.sh start          start the Master and two Workers; waits until both are alive
#   deploy/local-cluster.sh submit ARGS    spark-submit the application jar (class org.fgsbir.jobs.Cli) to
#                                          the cluster, e.g.: submit demo --out /tmp/demo-on-cluster
#   deploy/local-cluster.sh status         the cluster's processes
#   deploy/local-cluster.sh stop           stop every process start started (by PID)
#   deploy/local-cluster.sh test           the CI check: runs the demo locally (reference), starts the
#                                          cluster, runs the demo on it, runs it again killing one Worker
#                                          (and its executor) mid-job, compares both outputs with the
#                                          reference row for row, and stops the cluster; exit 0 = pass
#
# Needs a build (mvn -B -DskipTests package): the application jar jobs/target/fgsbir-jobs-*-app.jar and
# jobs/target/spark-classpath.txt (Spark's jars, as a Spark distribution would supply them).
#
# How it is put together: the Master and Workers are Spark's own main classes on Spark's jars. Workers
# launch executors with SPARK_HOME set to a minimal folder (an empty jars/) and SPARK_DIST_CLASSPATH set
# to Spark's jars; the executors fetch the application jar from the driver, as on any cluster.
# The driver runs in the submitting JVM (client mode). The demo reads data-samples/ from the local file
# system on the executors: fine here, where every executor shares this machine's files; on a real
# cluster put the inputs on shared storage (s3a://, hdfs://), see deploy/README.md.
#
# Environment (defaults in brackets):
#   FGSBIR_CLUSTER_DIR    state, logs and test outputs [<project>/target/local-cluster]
#   FGSBIR_MASTER_PORT    the Master's port [7077]; FGSBIR_MASTER_UI_PORT its web UI [8080]
#   FGSBIR_DRIVER_UI_PORT the driver's web UI (the test polls its REST API) [4040]
#   FGSBIR_WORKER_CORES / FGSBIR_WORKER_MEMORY   per Worker [1 / 1g]
#   FGSBIR_EXECUTOR_MEMORY                      per executor [768m]
#   FGSBIR_WORKERS_TIMEOUT seconds to wait for both Workers to register [90]
#   FGSBIR_WORKER_JAVA_OPTS  extra JVM options of the Workers, e.g. GPUs for them to offer:
#                         -Dspark.worker.resource.gpu.amount=2
#                         -Dspark.worker.resource.gpu.discoveryScript=<project>/deploy/gpu/discover-gpus.sh []
#   JAVA_HOME             the JDK (17+) [java on the PATH]
set -euo pipefail

ROOT="$(cd -P "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
STATE="${FGSBIR_CLUSTER_DIR:-$ROOT/target/local-cluster}"
MASTER_PORT="${FGSBIR_MASTER_PORT:-7077}"
MASTER_UI_PORT="${FGSBIR_MASTER_UI_PORT:-8080}"
DRIVER_UI_PORT="${FGSBIR_DRIVER_UI_PORT:-4040}"
WORKER_CORES="${FGSBIR_WORKER_CORES:-1}"
WORKER_MEMORY="${FGSBIR_WORKER_MEMORY:-1g}"
EXECUTOR_MEMORY="${FGSBIR_EXECUTOR_MEMORY:-768m}"
MASTER_URL="spark://127.0.0.1:$MASTER_PORT"
WORKERS=2

JAVA="java"
[ -n "${JAVA_HOME:-}" ] && JAVA="$JAVA_HOME/bin/java"
export SPARK_LOCAL_IP=127.0.0.1
export TF_CPP_MIN_LOG_LEVEL="${TF_CPP_MIN_LOG_LEVEL:-2}"

OPENS="--add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/java.lang=ALL-UNNAMED --add-modules=jdk.incubator.vector"

say() { echo "local-cluster: $*" >&2; }
die() { say "$*"; exit 1; }

spark_classpath() {
  local file="$ROOT/jobs/target/spark-classpath.txt"
  [ -f "$file" ] || die "$file is missing: build first with 'mvn -B -DskipTests package' in $ROOT."
  cat "$file"
}

app_jar() {
  local jar
  jar="$(ls "$ROOT"/jobs/target/fgsbir-jobs-*-app.jar 2>/dev/null | head -1 || true)"
  [ -n "$jar" ] || die "the application jar jobs/target/fgsbir-jobs-*-app.jar is missing: build first with 'mvn -B -DskipTests package' in $ROOT."
  echo "$jar"
}

is_running() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2> /dev/null; }

start() {
  mkdir -p "$STATE/logs" "$STATE/spark-home/jars" "$STATE/work"
  if is_running "$STATE/master.pid"; then
    die "a cluster started from $STATE is running already (Master PID $(cat "$STATE/master.pid")); run '$0 stop' first."
  fi
  local cp
  cp="$(spark_classpath)"
  # A Worker launches executors with $SPARK_HOME/jars (empty here) plus SPARK_DIST_CLASSPATH.
  export SPARK_HOME="$STATE/spark-home"
  export SPARK_DIST_CLASSPATH="$cp"
  # Without it Spark's launcher looks for a source build to learn the Scala version.
  export SPARK_SCALA_VERSION=2.13
  : > "$STATE/logs/master.log"
  # Spark's default logging (INFO) for the daemons: the Master's log says when a Worker registers.
  "$JAVA" -Xmx512m $OPENS -cp "$cp" org.apache.spark.deploy.master.Master \
    --host 127.0.0.1 --port "$MASTER_PORT" --webui-port "$MASTER_UI_PORT" > "$STATE/logs/master.log" 2>&1 &
  echo $! > "$STATE/master.pid"
  say "Master PID $(cat "$STATE/master.pid") on $MASTER_URL (web UI http://127.0.0.1:$MASTER_UI_PORT)"
  wait_for "the Master to listen" 60 grep -q "Starting Spark master at" "$STATE/logs/master.log"
  local i
  for i in $(seq 1 "$WORKERS"); do
    "$JAVA" -Xmx512m $OPENS ${FGSBIR_WORKER_JAVA_OPTS:-} -cp "$cp" org.apache.spark.deploy.worker.Worker \
      --host 127.0.0.1 --webui-port 0 --cores "$WORKER_CORES" --memory "$WORKER_MEMORY" \
      --work-dir "$STATE/work/worker-$i" "$MASTER_URL" > "$STATE/logs/worker-$i.log" 2>&1 &
    echo $! > "$STATE/worker-$i.pid"
    say "Worker $i PID $(cat "$STATE/worker-$i.pid") ($WORKER_CORES core(s), $WORKER_MEMORY)"
  done
  wait_for "both Workers to register with the Master" "${FGSBIR_WORKERS_TIMEOUT:-90}" workers_alive
  say "cluster up: $WORKERS workers alive"
}

workers_alive() {
  local n
  n="$(grep -c "Registering worker" "$STATE/logs/master.log" || true)"
  [ "$n" -ge "$WORKERS" ]
}

# wait_for WHAT SECONDS COMMAND...: polls COMMAND every half second; fails naming WHAT on time-out or
# when a daemon this script started has died.
wait_for() {
  local what="$1" seconds="$2"
  shift 2
  local deadline=$((SECONDS + seconds))
  until "$@"; do
    local pidfile
    for pidfile in "$STATE"/master.pid "$STATE"/worker-*.pid; do
      if [ -f "$pidfile" ] && ! is_running "$pidfile" && [ "$(basename "$pidfile")" != "${KILLED:-}" ]; then
        die "$(basename "$pidfile" .pid) (PID $(cat "$pidfile")) died while waiting for $what; see $STATE/logs/."
      fi
    done
    [ "$SECONDS" -lt "$deadline" ] || die "timed out after ${seconds}s waiting for $what; see $STATE/logs/."
    sleep 0.5
  done
}

stop() {
  local pidfile pid stopped=0
  for pidfile in "$STATE"/worker-*.pid "$STATE"/master.pid; do
    [ -f "$pidfile" ] || continue
    pid="$(cat "$pidfile")"
    if kill -0 "$pid" 2> /dev/null; then
      # A Worker stops its executors when it gets TERM; give it time, then KILL, and KILL any executor
      # it left behind (one it was launching as it stopped).
      local children
      children="$(pgrep -P "$pid" || true)"
      kill "$pid" 2> /dev/null || true
      local t
      for t in $(seq 1 40); do
        kill -0 "$pid" 2> /dev/null || break
        sleep 0.25
      done
      kill -0 "$pid" 2> /dev/null && kill -9 "$pid" 2> /dev/null || true
      local child
      for child in $children $(pgrep -P "$pid" || true); do
        kill -9 "$child" 2> /dev/null || true
      done
      say "stopped $(basename "$pidfile" .pid) (PID $pid)"
      stopped=$((stopped + 1))
    fi
    rm -f "$pidfile"
  done
  [ "$stopped" -gt 0 ] || say "nothing to stop"
}

status() {
  local pidfile any=0
  for pidfile in "$STATE"/master.pid "$STATE"/worker-*.pid; do
    [ -f "$pidfile" ] || continue
    any=1
    if is_running "$pidfile"; then
      echo "$(basename "$pidfile" .pid): running, PID $(cat "$pidfile")"
    else
      echo "$(basename "$pidfile" .pid): not running (stale PID $(cat "$pidfile"))"
    fi
  done
  [ "$any" = 1 ] || echo "no cluster started from $STATE"
}

# The TensorFlow native jar (not in the application jar; the demo's shipped model needs it on the executors).
tf_native_jar() {
  local file="$ROOT/jobs/target/launcher-classpath.txt" jar
  [ -f "$file" ] || die "$file is missing: build first with 'mvn -B -DskipTests package' in $ROOT."
  jar="$(tr ':' '\n' < "$file" | grep -E '/tensorflow-core-native-[^/]*-linux-x86_64\.jar$' | head -1 || true)"
  [ -n "$jar" ] && [ -f "$jar" ] || die "no tensorflow-core-native linux-x86_64 jar in $file; rebuild with 'mvn -B -DskipTests package'."
  echo "$jar"
}

# submit ARGS...: spark-submit of the application jar, driver in this JVM (client mode).
submit() {
  local cp jar tfjar
  cp="$(spark_classpath)"
  jar="$(app_jar)"
  tfjar="$(tf_native_jar)" || exit 1
  "$JAVA" -Xmx1g $OPENS -Djava.awt.headless=true "-Dfgsbir.home=$ROOT" \
    "-Dlog4j2.configurationFile=${DRIVER_LOG4J:-$ROOT/conf/log4j2.properties}" \
    -cp "$cp" org.apache.spark.deploy.SparkSubmit \
    --master "$MASTER_URL" \
    --class org.fgsbir.jobs.Cli \
    --conf spark.executor.memory="$EXECUTOR_MEMORY" \
    --conf spark.cores.max=$((WORKERS * WORKER_CORES)) \
    --conf "spark.executor.extraJavaOptions=$OPENS -Djava.awt.headless=true" \
    --conf spark.driver.host=127.0.0.1 \
    --conf spark.driver.bindAddress=127.0.0.1 \
    --conf spark.ui.port="$DRIVER_UI_PORT" \
    --conf spark.ui.showConsoleProgress=false \
    --conf spark.sql.shuffle.partitions=4 \
    --jars "$tfjar" \
    "$jar" "$@"
}

# --- the CI check ------------------------------------------------------------------------------------

RUN_ID="cluster-check"
# The test runs the demo on the first N photos of each category of data-samples/ and their sketches,
# to stay within a few minutes on a small machine.
PHOTOS_PER_CATEGORY="${FGSBIR_TEST_PHOTOS_PER_CATEGORY:-16}"

write_test_inputs() {
  local in="$1" samples="$ROOT/data-samples"
  mkdir -p "$in/catalogue" "$in/sketches"
  # Absolute photo paths: the manifest lives elsewhere than the photos.
  awk -F, -v n="$PHOTOS_PER_CATEGORY" -v dir="$samples/catalogue/" \
    'NR == 1 { print; next } ++seen[$2] <= n { print $1 "," $2 "," $3 "," dir $4 }' \
    "$samples/catalogue/manifest.csv" > "$in/catalogue/manifest.csv"
  awk -F, 'NR > 1 { print "\"photo_id\":\"" $1 "\"" }' "$in/catalogue/manifest.csv" > "$in/photo-ids.txt"
  grep -F -f "$in/photo-ids.txt" "$samples/sketches/sketches.ndjson" > "$in/sketches/sketches.ndjson"
  say "  test input: $(($(wc -l < "$in/catalogue/manifest.csv") - 1)) photos, $(wc -l < "$in/sketches/sketches.ndjson") sketches (all splits; the demo scores split test)"
}

compare_outputs() {
  "$JAVA" -Xmx1g $OPENS -Djava.awt.headless=true "-Dlog4j2.configurationFile=$ROOT/conf/log4j2.properties" \
    -cp "$(app_jar):$(spark_classpath)" org.fgsbir.jobs.verify.OutputComparison "$1" "$2"
}

# The application jar must not hold Spark, the Scala library or the AWS SDK bundle (whose hundreds of
# service clients would show as software/amazon/awssdk/services/<name>/ beyond s3 and sts).
check_app_jar() {
  local jar listing
  jar="$(app_jar)"
  if command -v unzip > /dev/null; then
    listing="$(unzip -Z1 "$jar")"
  else
    listing="$("${JAVA_HOME:+$JAVA_HOME/bin/}jar" tf "$jar")"
  fi
  ! grep -q '^org/apache/spark/' <<< "$listing" || die "$jar holds Spark classes (org/apache/spark/); Spark must stay 'provided'."
  ! grep -q '^scala/' <<< "$listing" || die "$jar holds the Scala library (scala/); it must stay 'provided'."
  local services
  services="$(grep -o '^software/amazon/awssdk/services/[^/]*/' <<< "$listing" | sort -u | grep -v '/services/s3/$\|/services/sts/$' || true)"
  [ -z "$services" ] || die "$jar holds AWS SDK services beyond s3 and sts (the SDK bundle?): $(echo $services | head -c 300)"
  say "  application jar $(basename "$jar"): $(stat -c %s "$jar") bytes; no Spark, no Scala library, no AWS SDK bundle"
}

# The driver's REST API: true once both executors are running tasks (so killing either Worker loses
# running tasks, which Spark must then retry elsewhere).
stage_running() {
  local apps app busy
  apps="$(curl -sf "http://127.0.0.1:$DRIVER_UI_PORT/api/v1/applications" 2> /dev/null)" || return 1
  app="$(echo "$apps" | grep -o '"id" *: *"[^"]*"' | sed -n 1p | sed 's/.*"\([^"]*\)"$/\1/')"
  [ -n "$app" ] || return 1
  busy="$(curl -sf "http://127.0.0.1:$DRIVER_UI_PORT/api/v1/applications/$app/executors" 2> /dev/null \
    | grep -c '"activeTasks" *: *[1-9]' || true)"
  [ "${busy:-0}" -ge "$WORKERS" ]
}

# The executor JVM(s) a Worker launched: its child processes.
executors_of() { pgrep -P "$1" || true; }

# free_port FROM: the first port from FROM on that nothing on 127.0.0.1 listens to.
free_port() {
  local p="$1"
  while (exec 3<> "/dev/tcp/127.0.0.1/$p") 2> /dev/null; do
    p=$((p + 1))
  done
  echo "$p"
}

run_test() {
  command -v curl > /dev/null || die "curl is needed by the test (it polls the driver's REST API)."
  # Ports nothing else uses (another Spark on this machine must not answer the REST polls), unless set.
  MASTER_PORT="${FGSBIR_MASTER_PORT:-$(free_port 7077)}"
  MASTER_UI_PORT="${FGSBIR_MASTER_UI_PORT:-$(free_port 8080)}"
  DRIVER_UI_PORT="${FGSBIR_DRIVER_UI_PORT:-$(free_port 4040)}"
  MASTER_URL="spark://127.0.0.1:$MASTER_PORT"
  local out="$STATE/out" t0
  rm -rf "$out" "$STATE/in" "$STATE/work"
  mkdir -p "$out" "$STATE/logs"
  trap 'stop' EXIT
  check_app_jar
  write_test_inputs "$STATE/in"
  local inputs=(--photos "$STATE/in/catalogue/manifest.csv" --sketches "$STATE/in/sketches/sketches.ndjson")

  t0=$SECONDS
  say "[1/4] reference: the demo in local mode"
  local tfjar
  tfjar="$(tf_native_jar)" || exit 1
  "$JAVA" -Xmx1g $OPENS -Djava.awt.headless=true "-Dfgsbir.home=$ROOT" \
    "-Dlog4j2.configurationFile=$ROOT/conf/log4j2.properties" \
    -cp "$(app_jar):$(spark_classpath):$tfjar" org.fgsbir.jobs.Cli demo --master 'local[2]' \
    --out "$out/local" --run-id "$RUN_ID" "${inputs[@]}" > "$STATE/logs/demo-local.log" 2>&1 \
    || die "the local demo failed; see $STATE/logs/demo-local.log"
  say "  local demo done in $((SECONDS - t0)) s"

  t0=$SECONDS
  say "[2/4] starting the cluster"
  start
  say "  cluster up in $((SECONDS - t0)) s"

  t0=$SECONDS
  say "[3/4] the demo on the cluster ($MASTER_URL)"
  submit demo --out "$out/cluster" --run-id "$RUN_ID" "${inputs[@]}" > "$STATE/logs/demo-cluster.log" 2>&1 \
    || die "the demo on the cluster failed; see $STATE/logs/demo-cluster.log"
  say "  cluster demo done in $((SECONDS - t0)) s"
  compare_outputs "$out/local" "$out/cluster" || die "the cluster's output differs from the local run."

  t0=$SECONDS
  say "[4/4] the demo on the cluster, killing Worker 2 and its executor mid-job"
  # The driver logs task failures from lost executors at INFO: show them, so the log proves the kill hit
  # running tasks.
  cat "$ROOT/conf/log4j2.properties" - > "$STATE/log4j2-driver.properties" <<'LOG4J'
logger.tasks.name = org.apache.spark.scheduler.TaskSetManager
logger.tasks.level = info
LOG4J
  DRIVER_LOG4J="$STATE/log4j2-driver.properties" \
    submit demo --out "$out/cluster-kill" --run-id "$RUN_ID" "${inputs[@]}" > "$STATE/logs/demo-cluster-kill.log" 2>&1 &
  local driver=$!
  local victim
  victim="$(cat "$STATE/worker-2.pid")"
  wait_for "both executors to run tasks" 240 stage_running_on "$victim" "$driver"
  local executors
  executors="$(executors_of "$victim")"
  [ -n "$executors" ] || die "Worker 2 (PID $victim) has no executor to kill."
  KILLED="worker-2.pid"
  kill -9 "$victim" $executors
  say "  killed Worker 2 (PID $victim) and its executor(s) (PID $executors) at $((SECONDS - t0)) s"
  local rc=0
  wait "$driver" || rc=$?
  [ "$rc" = 0 ] || die "the demo did not survive the lost Worker (exit $rc); see $STATE/logs/demo-cluster-kill.log"
  grep -a -q "Lost executor" "$STATE/logs/demo-cluster-kill.log" \
    || die "the driver never noticed the lost executor (no 'Lost executor' in its log): the kill came too late to test anything."
  local lost
  lost="$(grep -a -c "Lost task\|its executor exited" "$STATE/logs/demo-cluster-kill.log" || true)"
  [ "${lost:-0}" -ge 1 ] \
    || die "no running task was lost with the Worker (no 'its executor exited' in the driver log): the kill tested nothing."
  say "  the demo finished despite the lost Worker in $((SECONDS - t0)) s; $lost lost task(s) retried elsewhere"
  compare_outputs "$out/local" "$out/cluster-kill" \
    || die "after the lost Worker the output differs from the local run (duplicated or missing rows)."
  say "PASS: the demo on the standalone cluster, with and without a lost Worker, equals the local run row for row."
}

# A stage is running and the driver is still alive (the kill must come mid-job).
stage_running_on() {
  kill -0 "$2" 2> /dev/null || die "the driver exited before a stage could be caught running; see $STATE/logs/demo-cluster-kill.log"
  [ -n "$(executors_of "$1")" ] && stage_running
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  submit) shift; submit "$@" ;;
  test) run_test ;;
  *)
    sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//' >&2
    exit 2
    ;;
esac
