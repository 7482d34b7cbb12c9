#!/usr/bin/env bash
# embed-catalogue.sh: spark-submit of the embed-catalogue job (photo branch over the catalogue ->
# embeddings + rejects under $FGSBIR_OUT) on GPU executors when FGSBIR_EXECUTOR_GPUS > 0.
#   deploy/submit/embed-catalogue.sh [--print] [job options, e.g. --batch-size 256 --set model.version=v3]
# Needs FGSBIR_MASTER, FGSBIR_APP_JAR, FGSBIR_OUT, FGSBIR_PHOTOS (see common.sh, every "# EDIT:" line).

set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
fgsbir_require FGSBIR_PHOTOS
fgsbir_submit gpu embed-catalogue --photos "$FGSBIR_PHOTOS" -- "$@"
