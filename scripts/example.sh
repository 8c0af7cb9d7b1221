#!/usr/bin/env bash
# The whole pipeline on the bundled example, into a fresh store OUT/example.db (OUT defaults to
# out/): scan the datasets with the catalogue, check the systems inventory, import the saved nmap
# scan of the loopback services, review the incident register, evaluate the units, then write the
# report (HTML, XLSX, SARIF) and print where it is. Every step audits 2025 as of 2025-12-31.
#
# A step that finds problems is what the example is for: exit 1 (findings) goes on, exit 2 (usage
# or input error) or anything else stops the script. Each step's table goes to OUT/example-STEP.txt;
# its one-line summary is shown here.
set -uo pipefail
cd "$(dirname "$0")/.."

OUT=${1:-out}
if [ -z "${PYTHON:-}" ]; then
  if [ -x .venv/bin/python ]; then PYTHON=.venv/bin/python; else PYTHON=python3; fi
fi
DB="$OUT/example.db"
AS_OF=2025-12-31

mkdir -p "$OUT"
rm -f "$DB" "$DB-wal" "$DB-shm"

step() {
  local name=$1
  shift
  echo "▶ secsuite $*" >&2
  "$PYTHON" -m secsuite "$@" --db "$DB" --as-of "$AS_OF" >"$OUT/example-$name.txt"
  local rc=$?
  if [ "$rc" -gt 1 ]; then
    echo "✗ secsuite $name 失败 (failed), exit $rc; see $OUT/example-$name.txt" >&2
    exit "$rc"
  fi
}

step scan scan examples/data --catalogue examples/catalogue.csv
step check check examples/systems.xlsx
step netscan netscan --from-xml examples/netscan/127.0.0.1.xml --inventory examples/systems.xlsx
step incidents incidents examples/incidents.xlsx --year 2025 --units examples/units.xlsx
step evaluate evaluate --year 2025 --units examples/units.xlsx --scores examples/scores.xlsx

echo "▶ secsuite report --year 2025 --output $OUT" >&2
if ! "$PYTHON" -m secsuite report --year 2025 --output "$OUT" --format html,xlsx,sarif --db "$DB" --as-of "$AS_OF" \
    --ignore-file examples/secsuite-ignore.yaml; then
  echo "✗ secsuite report 失败 (failed)" >&2
  exit 2
fi
echo "报告 (report): $OUT/secsuite-report-2025.html" >&2
