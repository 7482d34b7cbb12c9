#!/usr/bin/env bash
# demo.sh: spark-submit of the demo (embed-catalogue -> score-sketches -> report in one application) on
# CPU executors: a smoke test of a cluster with your own small catalogue and sketches.
#   deploy/submit/demo.sh [--print] [job options, e.g. --split all]
# Needs FGSBIR_MASTER, FGSBIR_APP_JAR, FGSBIR_OUT, FGSBIR_PHOTOS, FGSBIR_SKETCHES (see common.sh).

set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
fgsbir_require FGSBIR_PHOTOS FGSBIR_SKETCHES
run_id=()
[ -n "$FGSBIR_RUN_ID" ] && run_id=(--run-id "$FGSBIR_RUN_ID")
fgsbir_submit cpu demo --photos "$FGSBIR_PHOTOS" --sketches "$FGSBIR_SKETCHES" "${run_id[@]}" -- "$@"
