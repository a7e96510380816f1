#!/usr/bin/env bash
# Runs every test suite and prints "N passed, N failed" as the last line.
# Installs what the suites need on a fresh Debian machine of this kind (run as root, as CI does).
set -euo pipefail
cd "$(dirname "$0")/.."

results="${TEST_RESULTS:-TestResults}"
rm -rf "$results"
mkdir -p "$results"

status=0
bash scripts/ensure-deps.sh
# The integration suite needs a PostgreSQL server too (scale-out tests, and the second pass below).
if [ -z "${CCR_TEST_POSTGRES:-}" ]; then
  CCR_TEST_POSTGRES=$(bash scripts/postgres.sh | tail -n 1)
fi
export CCR_TEST_POSTGRES

dotnet build CallCenterRecognition.sln -c Release
dotnet test CallCenterRecognition.sln -c Release --no-build \
  --logger "trx;LogFilePrefix=sqlite" --results-directory "$results" || status=$?

# The same integration suite again, every app instance on PostgreSQL.
CCR_TEST_PROVIDER=Postgres dotnet test tests/CallCenterRecognition.Web.Tests -c Release --no-build \
  --logger "trx;LogFilePrefix=postgres" --results-directory "$results" || status=$?

# Sum the counters of every TRX file; a test that did not run counts as failed under CI.
read -r passed failed skipped < <(
  cat "$results"/*.trx 2>/dev/null | tr '\n' ' ' | grep -o '<Counters [^>]*>' | awk '
    { for (i = 1; i <= NF; i++) { split($i, kv, "=\""); gsub(/"\/?/, "", kv[2]);
        if (kv[1] == "passed") p += kv[2]; if (kv[1] == "failed") f += kv[2]; if (kv[1] == "error") f += kv[2];
        if (kv[1] == "timeout") f += kv[2]; if (kv[1] == "aborted") f += kv[2]; if (kv[1] == "notExecuted") s += kv[2] } }
    END { printf "%d %d %d\n", p, f, s }')

if [ "${CI:-}" = "true" ] && [ "$skipped" -gt 0 ]; then
  echo "$skipped test(s) were skipped; under CI every test must run." >&2
  failed=$((failed + skipped))
  status=1
fi
if [ "$passed" -eq 0 ]; then
  echo "No test ran." >&2
  status=1
fi

echo "$passed passed, $failed failed"
exit "$status"
