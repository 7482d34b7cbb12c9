#!/usr/bin/env bash
# common.sh: shared by the spark-submit wrappers in this folder (embed-catalogue.sh, score-sketches.sh,
# report.sh, demo.sh); sourced, not run. It builds one spark-submit command for the application jar
# (class org.fgsbir.jobs.Cli) and runs it, or prints it with --print.
#
# Every value a person must change is an FGSBIR_* variable below, each with one "# EDIT:" line. Set them
# in the environment (e.g. an env file you source) or edit the defaults here. A value that still says
# CHANGE-ME stops the wrapper before anything runs, naming the variable.
#
# Options every wrapper takes (anywhere on its command line):
#   --print    print the exact spark-submit command (shell-quoted) instead of running it
#              (SPARK_SUBMIT=echo does the same, unquoted)
#   --help     this text
# Anything else is passed to the job after the wrapper's own arguments, e.g. --run-id ID, --set k=v,
# --dry-run (the job resolves and prints its settings and stops before Spark starts work).

# --- where and how to submit ---------------------------------------------------------------------------
# EDIT: spark-submit to run: $SPARK_HOME/bin/spark-submit of a Spark 4.2 (Scala 2.13) distribution.
: "${SPARK_SUBMIT:=${SPARK_HOME:+$SPARK_HOME/bin/}spark-submit}"
# EDIT: the cluster's master URL: spark://HOST:7077 (standalone), yarn, or k8s://https://API-SERVER:6443.
: "${FGSBIR_MASTER:=CHANGE-ME}"
# EDIT: where the driver runs: client (this machine) or cluster (inside the cluster; needed for k8s from outside).
: "${FGSBIR_DEPLOY_MODE:=client}"
# EDIT: the application jar (mvn package: jobs/target/fgsbir-jobs-*-app.jar) as the cluster sees it: hdfs://, s3a://, or local:///opt/fgsbir/fgsbir-app.jar inside our image.
: "${FGSBIR_APP_JAR:=CHANGE-ME}"
# EDIT: extra jars for the executors, comma separated: the TensorFlow native jar for --model tensorflow (tensorflow-core-native-1.1.0-linux-x86_64[-gpu].jar), unless the image has it; empty for the baseline.
: "${FGSBIR_EXTRA_JARS:=}"
# EDIT: the fgsbir environment layer (conf/env/NAME.properties, bundled in the jar): cluster (CPU) or gpu.
: "${FGSBIR_ENV:=cluster}"

# --- data (shared storage every executor can read: s3a://, hdfs://) ---------------------------------------
# EDIT: output root; the jobs write embeddings/, results/, report/ ... under it (e.g. s3a://my-bucket/fgsbir).
: "${FGSBIR_OUT:=CHANGE-ME}"
# EDIT: the catalogue to embed (embed-catalogue, demo): a manifest CSV or a folder <category>/<photo_id>.png.
: "${FGSBIR_PHOTOS:=CHANGE-ME}"
# EDIT: the sketches to score (score-sketches, demo): a file or folder of ndjson/SVG/npz/pickle sketches.
: "${FGSBIR_SKETCHES:=CHANGE-ME}"
# EDIT: run id for score-sketches and report (empty: score-sketches makes one from the time, report reports every run).
: "${FGSBIR_RUN_ID:=}"
# EDIT: the model engine: baseline (built in, no file) or tensorflow (then set FGSBIR_MODEL_URI).
: "${FGSBIR_MODEL:=baseline}"
# EDIT: the SavedModel folder for --model tensorflow, on shared storage (empty for the baseline).
: "${FGSBIR_MODEL_URI:=}"

# --- resources -----------------------------------------------------------------------------------------
# EDIT: the driver's memory (client mode: this JVM).
: "${FGSBIR_DRIVER_MEMORY:=4g}"
# EDIT: memory per executor (one model copy per task sits in it; TF natives live off-heap, see spark.executor.memoryOverhead).
: "${FGSBIR_EXECUTOR_MEMORY:=8g}"
# EDIT: cores (concurrent tasks) per executor.
: "${FGSBIR_EXECUTOR_CORES:=4}"
# EDIT: number of executors (YARN/k8s; empty: the cluster's default or dynamic allocation; standalone takes all cores).
: "${FGSBIR_NUM_EXECUTORS:=}"
# EDIT: GPUs per executor for embed-catalogue and score-sketches (0 = CPU executors; 1 = one GPU, one model per GPU).
: "${FGSBIR_EXECUTOR_GPUS:=0}"
# EDIT: GPU share per task (RAPIDS-style): 1 = one task per GPU, 0.5 = 2 tasks per GPU, 0.25 = 4; keep GPUS/TASK_GPUS <= EXECUTOR_CORES.
: "${FGSBIR_TASK_GPUS:=1}"
# EDIT: the GPU discovery script's path on every executor host/container (deploy/gpu/discover-gpus.sh; our GPU image has it here).
: "${FGSBIR_GPU_DISCOVERY_SCRIPT:=/opt/fgsbir/discover-gpus.sh}"
# EDIT: the GPU vendor (Kubernetes needs it for the pod's resource limit; YARN and standalone ignore it).
: "${FGSBIR_GPU_VENDOR:=nvidia.com}"

FGSBIR_MAIN_CLASS="org.fgsbir.jobs.Cli"

# --help before any check (sourced without arguments, this file sees the wrapper's).
for fgsbir_arg in "$@"; do
  if [ "$fgsbir_arg" = --help ] || [ "$fgsbir_arg" = -h ]; then
    sed -n '2,/^$/p' "$0" | sed 's/^# \{0,1\}//' >&2
    sed -n '2,15p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
    exit 0
  fi
done
# JDK 17 + Spark 4: the module opens Spark's serialisers need; headless AWT for image decoding; DJL never
# downloads (its natives come from the jar).
FGSBIR_JAVA_OPTIONS="--add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/java.lang=ALL-UNNAMED --add-modules=jdk.incubator.vector -Djava.awt.headless=true -Dai.djl.offline=true"

fgsbir_die() {
  echo "$(basename "$0"): $*" >&2
  exit 2
}

# fgsbir_require VAR...: stops when a variable still says CHANGE-ME (or is empty), naming it and its EDIT line.
fgsbir_require() {
  local name value hint
  for name in "$@"; do
    value="${!name-}"
    if [ -z "$value" ] || [[ "$value" == *CHANGE-ME* ]]; then
      hint="$(grep -B1 -F "\"\${$name:=" "${BASH_SOURCE[0]}" | sed -n 's/^# EDIT: //p' | sed 's/[.]$//')"
      fgsbir_die "$name is not set (value '${value}'): ${hint:-set it}. Set it in the environment or edit deploy/submit/common.sh; nothing was submitted."
    fi
  done
}

# fgsbir_is_positive NUMBER: true for a number > 0 (decimals allowed).
fgsbir_is_positive() {
  [[ "$1" =~ ^[0-9]+([.][0-9]+)?$ ]] && [[ ! "$1" =~ ^0+([.]0+)?$ ]]
}

# fgsbir_gpu_confs: the --conf arguments that make executors and tasks ask for GPUs (when FGSBIR_EXECUTOR_GPUS > 0).
fgsbir_gpu_confs() {
  FGSBIR_GPU_ARGS=()
  [[ "$FGSBIR_EXECUTOR_GPUS" =~ ^[0-9]+$ ]] \
    || fgsbir_die "FGSBIR_EXECUTOR_GPUS must be a whole number of GPUs per executor, not '$FGSBIR_EXECUTOR_GPUS'."
  [ "$FGSBIR_EXECUTOR_GPUS" -gt 0 ] || return 0
  fgsbir_is_positive "$FGSBIR_TASK_GPUS" \
    || fgsbir_die "FGSBIR_TASK_GPUS must be a number > 0 (1, 0.5, 0.25 ...), not '$FGSBIR_TASK_GPUS'."
  fgsbir_require FGSBIR_GPU_DISCOVERY_SCRIPT
  FGSBIR_GPU_ARGS=(
    --conf "spark.executor.resource.gpu.amount=$FGSBIR_EXECUTOR_GPUS"
    --conf "spark.task.resource.gpu.amount=$FGSBIR_TASK_GPUS"
    --conf "spark.executor.resource.gpu.discoveryScript=$FGSBIR_GPU_DISCOVERY_SCRIPT"
    --conf "spark.executor.resource.gpu.vendor=$FGSBIR_GPU_VENDOR"
  )
}

# fgsbir_submit USE_GPUS JOB JOB_ARGS... -- USER_ARGS...: builds the command and runs or prints it.
# The wrapper's own options (--print, --help) are taken from USER_ARGS.
fgsbir_submit() {
  local use_gpus="$1" job="$2"
  shift 2
  local job_args=() user_args=() print=0
  while [ $# -gt 0 ] && [ "$1" != "--" ]; do
    job_args+=("$1")
    shift
  done
  [ $# -gt 0 ] && shift
  local arg
  for arg in "$@"; do
    case "$arg" in
      --print) print=1 ;;
      *) user_args+=("$arg") ;;
    esac
  done
  fgsbir_require FGSBIR_MASTER FGSBIR_APP_JAR FGSBIR_ENV FGSBIR_OUT
  if [ "$job" != report ] && [ "$FGSBIR_MODEL" = tensorflow ]; then
    fgsbir_require FGSBIR_MODEL_URI
  fi
  FGSBIR_GPU_ARGS=()
  [ "$use_gpus" = gpu ] && fgsbir_gpu_confs

  local cmd=("$SPARK_SUBMIT"
    --master "$FGSBIR_MASTER"
    --deploy-mode "$FGSBIR_DEPLOY_MODE"
    --name "fgsbir $job"
    --class "$FGSBIR_MAIN_CLASS"
    --driver-memory "$FGSBIR_DRIVER_MEMORY"
    --executor-memory "$FGSBIR_EXECUTOR_MEMORY"
    --executor-cores "$FGSBIR_EXECUTOR_CORES")
  [ -n "$FGSBIR_NUM_EXECUTORS" ] && cmd+=(--num-executors "$FGSBIR_NUM_EXECUTORS")
  [ -n "$FGSBIR_EXTRA_JARS" ] && cmd+=(--jars "$FGSBIR_EXTRA_JARS")
  cmd+=(
    --conf "spark.driver.extraJavaOptions=$FGSBIR_JAVA_OPTIONS"
    --conf "spark.executor.extraJavaOptions=$FGSBIR_JAVA_OPTIONS"
    --conf "spark.executorEnv.TF_CPP_MIN_LOG_LEVEL=2"
    --conf "spark.executorEnv.OPT_OUT_TRACKING=true"
    "${FGSBIR_GPU_ARGS[@]}"
    "$FGSBIR_APP_JAR"
    "$job" --env "$FGSBIR_ENV" --out "$FGSBIR_OUT")
  if [ "$job" != report ]; then
    cmd+=(--model "$FGSBIR_MODEL")
    [ -n "$FGSBIR_MODEL_URI" ] && cmd+=(--model-uri "$FGSBIR_MODEL_URI")
  fi
  cmd+=("${job_args[@]}" "${user_args[@]}")

  if [ "$print" = 1 ]; then
    printf '%q' "${cmd[0]}"
    printf ' %q' "${cmd[@]:1}"
    printf '\n'
    return 0
  fi
  # TF_CPP_MIN_LOG_LEVEL for a driver in this process (client mode) too.
  TF_CPP_MIN_LOG_LEVEL=2 OPT_OUT_TRACKING=true exec "${cmd[@]}"
}
