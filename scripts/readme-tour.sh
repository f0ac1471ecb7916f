#!/usr/bin/env bash
# Regenerates the tour in README.md (the text between <!-- tour:begin --> and <!-- tour:end -->) from real runs:
# each command below runs, in order, in a fresh temp folder holding a copy of archive/sources, archive/aliases.txt
# and scripts/verify-outside.sh, with `archive` meaning the CLI built into .build/cli. The temp folder's path is
# shown as ~/tour. tests/Archive.Cli.Tests (ReadmeTourTests) runs the same commands and compares their output with
# the README, allowing only for hashes, ids, times, durations and the agent name.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD

commands=(
  'archive init'
  'archive ingest archive/sources'
  'archive ingest archive/sources/000_8970b555c56b5fc6.txt'
  'archive show 72257150'
  'archive verify'
  'archive log export out'
  'openssl dgst -sha256 -verify out/public.pem -signature out/checkpoint.sig out/checkpoint.txt'
  'cat out/checkpoint.txt'
  'bash scripts/verify-outside.sh out archive'
)

bash scripts/build-cli.sh
tour=$(mktemp -d)
trap 'rm -rf "$tour"' EXIT
mkdir -p "$tour/archive" "$tour/scripts"
cp -r archive/sources archive/aliases.txt "$tour/archive/"
cp scripts/verify-outside.sh "$tour/scripts/"

block="$tour.block"
trap 'rm -rf "$tour" "$block"' EXIT
{
  echo '```text'
  first=1
  for command in "${commands[@]}"; do
    [ $first -eq 1 ] || echo
    first=0
    echo "\$ $command"
    # Output is shown whatever the exit code; stderr is merged, as a terminal shows it.
    (cd "$tour" && unset ARCHIVE_ROOT && archive() { "$repo/.build/cli/archive" "$@"; } && eval "$command" 2>&1) \
      | sed "s|$tour|~/tour|g" || true
  done
  echo '```'
} >"$block"

python3 - "$block" <<'PY'
import sys
block = open(sys.argv[1], encoding="utf-8").read()
readme = open("README.md", encoding="utf-8").read()
begin, end = "<!-- tour:begin -->\n", "<!-- tour:end -->"
head, rest = readme.split(begin, 1)
_, tail = rest.split(end, 1)
open("README.md", "w", encoding="utf-8").write(head + begin + block + end + tail)
PY
echo "README.md: tour regenerated ($(grep -c '^\$ ' "$block") commands)"
