#!/usr/bin/env bash
# `archive eval` of this checkout beside the eval of an earlier revision, in one run, so both see the same machine.
# Each CLI is published as scripts/build-cli.sh does (self-contained, composite ReadyToRun) from its own revision: the earlier one in a
# temporary git worktree. Never run by CI: it takes minutes.
#
#   bench/eval-beside.sh [REV] [ROUNDS] [DATASET]
#
# REV defaults to f1aa34a, the last revision searching with SQLite FTS5 (issue 9's "today"); ROUNDS (a positive odd
# number is best) to 3; DATASET to ../shared/data/scifact. Each CLI first runs one eval that is not counted (it reads
# the dataset and the program into the page cache); then the rounds alternate the order (earlier revision first,
# then this checkout first, ...). Every run starts 60 s after the one before ends: each eval deletes its temporary
# archive (about 5,000 files), and on the benchmark machine's ext4 a file created within about 30 s of a large
# deletion costs the kernel far more (see bench/README.md).
set -euo pipefail
export LC_ALL=C
rev=${1:-f1aa34a}
rounds=${2:-3}
dataset=$(realpath -e "${3:-$(dirname "$0")/../../shared/data/scifact}" 2>/dev/null) \
  || { echo "eval-beside: no dataset at ${3:-../shared/data/scifact}" >&2; exit 2; }
[[ "$rounds" =~ ^[1-9][0-9]*$ ]] || { echo "eval-beside: ROUNDS must be a positive number, not '$rounds'" >&2; exit 2; }
cd "$(dirname "$0")/.."
git rev-parse --verify --quiet "$rev^{commit}" >/dev/null || { echo "eval-beside: '$rev' is not a revision of this repository" >&2; exit 2; }

work=$(mktemp -d "${TMPDIR:-/tmp}/archive-eval-beside-XXXXXX")
trap 'git worktree remove --force "$work/src" >/dev/null 2>&1 || true; git worktree prune; rm -rf "$work"' EXIT

publish() { # source-folder output-folder
  if ! dotnet publish "$1/src/Archive.Cli" -c Release --use-current-runtime --self-contained true -p:PublishReadyToRun=true -p:PublishReadyToRunComposite=true \
    -o "$2" -nologo -v quiet --disable-build-servers >"$work/publish.log" 2>&1; then
    cat "$work/publish.log" >&2
    echo "eval-beside: publishing $1 failed" >&2
    exit 1
  fi
}

echo "publishing this checkout ($(git rev-parse --short HEAD)$(git diff --quiet HEAD || echo ', with uncommitted changes')) and $rev (self-contained, composite ReadyToRun)"
publish . "$work/now"
git worktree add --detach --quiet "$work/src" "$rev"
publish "$work/src" "$work/then"

# One eval; prints "WALL CPU" and, unless told to be quiet, a line for the run.
run() { # which label
  sleep 60
  local out="$work/$1.out"
  /usr/bin/time -o "$work/time" -f "%e %U %S" dotnet "$work/$1/archive.dll" eval "$dataset" >"$out" 2>"$work/err" \
    || { echo "eval-beside: the eval of $1 failed:" >&2; cat "$work/err" >&2; exit 1; }
  read -r wall user sys <"$work/time"
  printf '%-22s wall %6.2f s (cpu %5.2f s) | %s | %s\n' "$2:" "$wall" "$(awk -v u="$user" -v s="$sys" 'BEGIN {print u + s}')" \
    "$(grep -E '^[0-9]+ queries' "$out" | tail -1)" "$(grep -E '^ndcg_cut_10' "$out" | tr -s ' ')" >&2
  echo "$wall"
}

run then "warm-up, $rev" >/dev/null
run now "warm-up, this checkout" >/dev/null
earlier=()
current=()
for round in $(seq "$rounds"); do
  if (( round % 2 == 1 )); then
    earlier+=("$(run then "round $round, $rev")")
    current+=("$(run now "round $round, this checkout")")
  else
    current+=("$(run now "round $round, this checkout")")
    earlier+=("$(run then "round $round, $rev")")
  fi
done 2>&1

median() { printf '%s\n' "$@" | sort -n | awk '{v[NR]=$1} END {print (NR % 2) ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2}'; }
a=$(median "${earlier[@]}")
b=$(median "${current[@]}")
awk -v rev="$rev" -v a="$a" -v b="$b" -v n="$rounds" \
  'BEGIN {printf "median wall of %d rounds: %s %.2f s, this checkout %.2f s = %.2fx as fast\n", n, rev, a, b, a / b}'
