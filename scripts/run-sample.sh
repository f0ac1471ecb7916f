#!/usr/bin/env bash
# Archive's main job on the sample archive: init, ingest archive/sources, list, search, build the
# example briefing pack (templates/briefing.md) to PDF, verify the pack, then verify the whole archive.
# Uses ./archive (or $ARCHIVE_ROOT). Safe to run again: identical sources are reported as duplicates.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh
bash scripts/build-cli.sh
archive() { .build/cli/archive "$@"; }

archive init
archive ingest archive/sources
archive list
archive search 'daesh AND "prison break"' --passages 1
archive brief templates/briefing.md -o archive/packs/hasakah-briefing.pdf
archive verify-pack archive/packs/hasakah-briefing.pdf
archive verify

echo
echo "Browse it: create a token, then serve the web UI on 127.0.0.1 and paste the token into the box at the top:"
echo "  .build/cli/archive token create --role admin --name \"\$USER\""
echo "  .build/cli/archive serve        # then open http://127.0.0.1:5080/"
