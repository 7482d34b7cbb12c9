#!/usr/bin/env bash
# discover-gpus.sh: Spark's GPU resource discovery script for fgsbir executors (and standalone Workers).
# Prints the GPUs this host or container may use, as Spark's ResourceInformation JSON:
#   {"name":"gpu","addresses":["0","1"]}
# from `nvidia-smi --query-gpu=index --format=csv,noheader` (one index a line). Inside a container or YARN
# NodeManager with GPU isolation nvidia-smi sees only the GPUs given to it, numbered from 0.
#
# Spark runs it when spark.executor.resource.gpu.discoveryScript (executors) or
# spark.worker.resource.gpu.discoveryScript (standalone Workers) names it: the file must be on every
# node (our GPU image puts it at /opt/fgsbir/discover-gpus.sh) and executable.
#
# On failure it prints {"name":"gpu","addresses":[],"error":"..."} on stdout, the reason on stderr, and
# exits non-zero, so Spark refuses to start the executor: its SparkException names the script and the
# exit code, and the reason is in the executor's (or Worker's) stderr log:
#   2  nvidia-smi is not on the PATH (no NVIDIA driver / not a GPU node / container without the toolkit)
#   3  nvidia-smi failed (driver not loaded, GPU lost)
#   4  nvidia-smi listed no GPU, or printed something that is not a GPU index
# Environment: NVIDIA_SMI, the nvidia-smi to run [nvidia-smi on the PATH].
# Uses bash builtins only (besides nvidia-smi).
set -uo pipefail

fail() {
  local code="$1" message="$2"
  message="${message//\\/\\\\}"
  message="${message//\"/\\\"}"
  message="${message//$'\n'/ }"
  printf '{"name":"gpu","addresses":[],"error":"%s"}\n' "$message"
  echo "discover-gpus.sh: $2" >&2
  exit "$code"
}

smi="${NVIDIA_SMI:-nvidia-smi}"
command -v "$smi" > /dev/null 2>&1 \
  || fail 2 "$smi not found on the PATH ($PATH): this node has no NVIDIA driver tools; run GPU executors only on GPU nodes, or set spark.executor.resource.gpu.amount=0"

output="$("$smi" --query-gpu=index --format=csv,noheader 2>&1)"
status=$?
[ "$status" -eq 0 ] || fail 3 "'$smi --query-gpu=index --format=csv,noheader' failed (exit $status): $output"

addresses=""
while IFS= read -r line || [ -n "$line" ]; do
  line="${line#"${line%%[![:space:]]*}"}"
  line="${line%"${line##*[![:space:]]}"}"
  [ -n "$line" ] || continue
  [[ "$line" =~ ^[0-9]+$ ]] || fail 4 "nvidia-smi printed '$line' where a GPU index was expected (output: $output)"
  addresses+="${addresses:+,}\"$line\""
done <<< "$output"
[ -n "$addresses" ] || fail 4 "nvidia-smi lists no GPU on this node"

printf '{"name":"gpu","addresses":[%s]}\n' "$addresses"
