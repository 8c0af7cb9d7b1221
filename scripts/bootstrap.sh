#!/usr/bin/env bash
# Sets up secsuite on a fresh machine: a virtual environment in .venv with the package, its test
# tools and PySpark (the Spark engine's tests run it in local mode on Java 17). Safe to re-run.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade pip >/dev/null
.venv/bin/python -m pip install --quiet -e ".[dev,spark]"
