#!/usr/bin/env bash
# Ingest one large text file (200 MB by default) and report wall time and peak memory (max RSS) of
# `archive ingest` and `archive verify`, then check the stored original and text against sha256sum.
# Too slow for the unit-test suite, so it is a script: run it and quote its figures.
#
# Usage: tests/scripts/large-file.sh        (MB=200)
# Needs: the .NET SDK and GNU time (/usr/bin/time; Debian package `time`).
set -euo pipefail

mb=${MB:-200}
[[ -x /usr/bin/time ]] || { echo "needs GNU time: apt-get install -y time" >&2; exit 1; }

repo=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/archive-large.XXXXXX")
trap 'rm -rf "$work"' EXIT

dotnet build "$repo/src/Archive.Cli/Archive.Cli.csproj" -c Release -o "$work/cli" -nologo -v quiet >"$work/build.log" 2>&1 \
    || { cat "$work/build.log"; exit 1; }
archive() { dotnet "$work/cli/archive.dll" "$@"; }

# Distinct lines of plain English, LF-terminated UTF-8: already canonical, so the text equals the original.
awk -v bytes=$((mb * 1000 * 1000)) 'BEGIN {
    for (i = 0; total < bytes; i++) {
        line = sprintf("Line %d of a long report on the prison attack in Hasakah; detainees counted: %d.\n", i, (i * 7919) % 10007)
        printf "%s", line
        total += length(line)
    }
}' >"$work/large.txt"
size=$(stat -c %s "$work/large.txt")
echo "input: $work/large.txt, $size bytes"

archive init --archive "$work/archive" >/dev/null

# "label" then the command; prints wall seconds and max RSS from GNU time.
measure() {
    local label=$1
    shift
    /usr/bin/time -v -o "$work/time-$label" "$@" >"$work/out-$label" 2>"$work/err-$label" || {
        echo "$label failed:" >&2
        cat "$work/out-$label" "$work/err-$label" >&2
        exit 1
    }
    local wall rss
    wall=$(awk -F': ' '/Elapsed \(wall clock\)/ { print $2 }' "$work/time-$label")
    rss=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$work/time-$label")
    printf '%-8s wall %s  peak RSS %d MB  (%.1f x the file)\n' "$label" "$wall" $((rss / 1024)) "$(awk -v r="$rss" -v s="$size" 'BEGIN { print r * 1024 / s }')"
}

measure ingest dotnet "$work/cli/archive.dll" ingest --archive "$work/archive" "$work/large.txt"
cat "$work/out-ingest"
measure verify dotnet "$work/cli/archive.dll" verify --archive "$work/archive"
cat "$work/out-verify"

expected=sha256:$(sha256sum "$work/large.txt" | cut -d' ' -f1)
id=$(archive list --archive "$work/archive" --json | grep -o '"id": "sha256:[0-9a-f]*"' | cut -d'"' -f4)
text=$(archive text --archive "$work/archive" "$id" | sha256sum | cut -d' ' -f1)
[[ $id == "$expected" ]] || { echo "capture id $id is not the file's sha256 $expected" >&2; exit 1; }
[[ sha256:$text == "$expected" ]] || { echo "the canonical text differs from the (already canonical) original" >&2; exit 1; }
echo "capture id and canonical text both match sha256sum of the file"
