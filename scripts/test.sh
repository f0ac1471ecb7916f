#!/usr/bin/env bash
# Runs every test against real parts (SQLite files, poppler, qpdf, openssl, Chromium) and prints
# the plain line "N passed, N failed" from the TRX results. Exits non-zero on any failure.
set -uo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh || { echo "could not install system packages" >&2; exit 1; }

# The CLI's tests run the program users run: the native build scripts/build-cli.sh makes (see TempArchive).
bash scripts/build-cli.sh || { echo "could not build the CLI (scripts/build-cli.sh)" >&2; exit 1; }
export ARCHIVE_CLI="$PWD/.build/cli/archive"

results=".build/test-results"
rm -rf "$results"
dotnet test Archive.sln -c Release --logger "trx" --results-directory "$results" -nologo
status=$?

passed=0
failed=0
shopt -s nullglob
trx_files=("$results"/*.trx)
for trx in "${trx_files[@]}"; do
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
  f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0}))
done

echo "${passed} passed, ${failed} failed"
if [ ${#trx_files[@]} -eq 0 ] || [ "$passed" -eq 0 ]; then
  echo "no test results found" >&2
  exit 1
fi
if [ "$status" -ne 0 ] || [ "$failed" -ne 0 ]; then
  exit 1
fi
