#!/usr/bin/env bash
# `archive eval` of this checkout beside the eval of an earlier revision, in one run, alternating, so both see the
# same machine. Each CLI is published as scripts/build-cli.sh does (ReadyToRun) from its own revision: the earlier one
# in a temporary git worktree. Never run by CI: it takes minutes.
#
#   bench/eval-beside.sh [REV] [ROUNDS] [DATASET]
#
# REV defaults to f1aa34a, the last revision searching with SQLite FTS5 (issue 9's "today"); ROUNDS to 2; DATASET to
# ../shared/data/scifact. Runs start 60 s apart: each eval deletes its temporary archive (about 5,000 files), and on
# the benchmark machine's ext4 a file created within 30-50 s of a large deletion costs the kernel far more (see
# bench/README.md).
set -euo pipefail
cd "$(dirname "$0")/.."
rev=${1:-f1aa34a}
rounds=${2:-2}
dataset=${3:-../shared/data/scifact}
[ -d "$dataset" ] || { echo "eval-beside: no dataset at $dataset" >&2; exit 2; }
git rev-parse --verify --quiet "$rev^{commit}" >/dev/null || { echo "eval-beside: '$rev' is not a revision of this repository" >&2; exit 2; }

work=$(mktemp -d "${TMPDIR:-/tmp}/archive-eval-beside-XXXXXX")
trap 'git worktree remove --force "$work/src" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT

publish() { # folder-with-source output
  dotnet publish "$1/src/Archive.Cli" -c Release --use-current-runtime --self-contained false -p:PublishReadyToRun=true \
    -o "$2" -nologo -v quiet >/dev/null
}

echo "publishing this checkout ($(git rev-parse --short HEAD)$(git diff --quiet HEAD || echo ', with uncommitted changes')) and $rev (ReadyToRun)"
publish . "$work/now"
git worktree add --detach --quiet "$work/src" "$rev"
publish "$work/src" "$work/then"

earlier_walls=""
current_walls=""
for round in $(seq "$rounds"); do
  for which in then now; do
    sleep 60
    out="$work/$which.out"
    /usr/bin/time -o "$work/time" -f "%e %U %S" dotnet "$work/$which/archive.dll" eval "$dataset" >"$out" 2>"$work/err" \
      || { echo "eval-beside: the eval of $which failed:" >&2; cat "$work/err" >&2; exit 1; }
    read -r wall user sys <"$work/time"
    if [ "$which" = then ]; then earlier_walls="$earlier_walls $wall"; else current_walls="$current_walls $wall"; fi
    label=$([ "$which" = then ] && echo "$rev" || echo "this checkout")
    printf 'round %s, %-14s wall %6.2f s (cpu %5.2f s) | %s | %s\n' "$round" "$label:" "$wall" "$(echo "$user + $sys" | bc)" \
      "$(grep -E '^[0-9]+ queries' "$out" | tail -1)" "$(grep -E '^ndcg_cut_10' "$out" | tr -s ' ')"
  done
done

median() { tr ' ' '\n' | grep -v '^$' | sort -n | awk '{v[NR]=$1} END {print (NR % 2) ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2}'; }
earlier=$(echo "$earlier_walls" | median)
current=$(echo "$current_walls" | median)
echo "median wall: $rev $earlier s, this checkout $current s = $(echo "scale=2; $earlier / $current" | bc)x as fast"
