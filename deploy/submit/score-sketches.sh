#!/usr/bin/env bash
# score-sketches.sh: spark-submit of the score-sketches job (every partial sketch embedded and ranked
# against its category's gallery in $FGSBIR_OUT/embeddings -> results + rejects), on GPU executors when
# FGSBIR_EXECUTOR_GPUS > 0. Run embed-catalogue.sh first with the same FGSBIR_OUT.
#   deploy/submit/score-sketches.sh [--print] [job options, e.g. --split all --protocols stroke]
# Needs FGSBIR_MASTER, FGSBIR_APP_JAR, FGSBIR_OUT, FGSBIR_SKETCHES (see common.sh); FGSBIR_RUN_ID optional.

set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
fgsbir_require FGSBIR_SKETCHES
run_id=()
[ -n "$FGSBIR_RUN_ID" ] && run_id=(--run-id "$FGSBIR_RUN_ID")
fgsbir_submit gpu score-sketches --sketches "$FGSBIR_SKETCHES" "${run_id[@]}" -- "$@"
