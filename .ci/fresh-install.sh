#!/usr/bin/env bash
# Installs newsgraph as a user would (`pip install .`, runtime dependencies
# only) into a clean virtual environment, then checks with
# .ci/check_fresh_install.py that nothing was built from source (no compiler,
# no ICU headers needed) and that every input format ingests.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
WORK=$(mktemp -d /tmp/newsgraph-fresh.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
"$PYTHON" -m venv "$WORK/venv"
"$WORK/venv/bin/pip" install --quiet --upgrade pip
"$WORK/venv/bin/pip" install --quiet --report "$WORK/install.json" .
"$WORK/venv/bin/python" .ci/check_fresh_install.py "$WORK/install.json" "$WORK"
