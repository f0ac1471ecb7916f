#!/usr/bin/env bash
# Installs the outside WARC reader the capture tests check every WARC with: the npm package warcio 2.4.11
# (Webrecorder's warcio.js), into .build/node/ (git-ignored, outside src). Idempotent: does nothing when present.
set -euo pipefail
cd "$(dirname "$0")/../.."

target=".build/node"
wanted="2.4.11"
installed=$(node -p "require('./$target/node_modules/warcio/package.json').version" 2>/dev/null || true)
if [ "$installed" = "$wanted" ]; then
  exit 0
fi

command -v npm >/dev/null || { echo "npm not found: install Node.js 20 and npm (Debian: nodejs npm)" >&2; exit 1; }
mkdir -p "$target"
npm install --prefix "$target" --no-audit --no-fund --no-save --silent "warcio@$wanted" >&2
