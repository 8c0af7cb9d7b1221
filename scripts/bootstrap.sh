#!/usr/bin/env bash
# Sets up secsuite from this checkout: a virtual environment in .venv with the package installed
# editable and what the main job needs (scan, check, netscan, incidents, evaluate, report). Extras
# are asked for by name: `bash scripts/bootstrap.sh dev spark` adds the test tools (pytest, ruff,
# database drivers, selenium) and PySpark; `postgres` and `mysql` add just those drivers.
# Safe to re-run. Offline, pip takes what its configuration allows (PIP_NO_INDEX,
# PIP_FIND_LINKS=wheelhouse/): see README, "离线安装 (offline installation)".
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}

extras=""
for extra in "$@"; do
  case "$extra" in
    dev | spark | postgres | mysql) extras="${extras:+$extras,}$extra" ;;
    *) echo "错误 (error): unknown extra '$extra'; expected dev, spark, postgres or mysql" >&2; exit 2 ;;
  esac
done

if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))'; then
  echo "注意 (notice): secsuite is tested on Python 3.11; $("$PYTHON" --version 2>&1) is not supported" >&2
fi
if [ ! -x .venv/bin/python ]; then
  if ! "$PYTHON" -m venv .venv; then
    echo "错误 (error): '$PYTHON -m venv' failed; on Debian/Ubuntu install python3-venv" >&2
    exit 2
  fi
fi
# A newer pip is welcome, not required: without a registry (offline) keep the one the venv has.
if ! .venv/bin/python -m pip install --quiet --disable-pip-version-check --retries 0 --timeout 15 --upgrade pip \
    >/dev/null 2>&1; then
  echo "注意 (notice): pip could not be upgraded (offline?); using $(.venv/bin/python -m pip --version | cut -d' ' -f1-2)" >&2
fi
.venv/bin/python -m pip install --quiet --disable-pip-version-check -e ".${extras:+[$extras]}"
