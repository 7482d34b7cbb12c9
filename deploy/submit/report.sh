#!/usr/bin/env bash
# report.sh: spark-submit of the report job (results in $FGSBIR_OUT/results -> per-step metrics and a
# summary in $FGSBIR_OUT/report, printed by the driver). CPU only.
#   deploy/submit/report.sh [--print] [job options]
# Needs FGSBIR_MASTER, FGSBIR_APP_JAR, FGSBIR_OUT (see common.sh); FGSBIR_RUN_ID (empty: every run).

set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
run_id=()
[ -n "$FGSBIR_RUN_ID" ] && run_id=(--run-id "$FGSBIR_RUN_ID")
fgsbir_submit cpu report "${run_id[@]}" -- "$@"
