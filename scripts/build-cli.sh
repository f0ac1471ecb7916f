#!/usr/bin/env bash
# Builds the `archive` CLI into a folder (default .build/cli) as users run it: Release, self-contained (it carries
# its own copy of the .NET runtime) and precompiled to native code for this machine as one composite ReadyToRun
# image of the program, its packages and the framework. Precompiling saves the JIT's start-up work on every command:
# `archive verify` of 21,000 documents spends about a third less CPU than a plain `dotnet build`. One image with the
# framework also holds the framework's generic code made for Archive's and its packages' types (lists, dictionaries
# and spans over their structs), which a build on the shared runtime compiles at every start: that verify again
# about 0.13 s faster, one search about 0.09 s. The first build takes about 3.5 minutes more (the whole framework is
# compiled); later builds of unchanged code reuse it. `dotnet .build/cli/archive.dll` and `.build/cli/archive` both run it.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-.build/cli}
log=$(mktemp)
trap 'rm -f "$log"' EXIT
# Quiet on success; on failure the build's own errors (MSBuild writes them to standard output).
if ! dotnet publish src/Archive.Cli -c Release --use-current-runtime --self-contained true -p:PublishReadyToRun=true -p:PublishReadyToRunComposite=true \
  -o "$out" -nologo -v quiet >"$log" 2>&1; then
  cat "$log" >&2
  echo "build-cli.sh: dotnet publish failed" >&2
  exit 1
fi
