#!/usr/bin/env bash
# Crash test: SIGKILL `archive ingest` at random moments during a 1,000-document ingest, until ROUNDS runs have
# really been killed mid-ingest (a run that finishes before its kill does not count; the delays then shrink).
#
# Each round uses a fresh archive. After the kill, and again after a restarted ingest has run to completion:
#   - every document the killed run acknowledged (an `ingested`/`duplicate` line on its stdout) is in `archive list`;
#   - `archive verify` finds nothing changed, missing or unreadable. `untracked` blobs are allowed: a crash may leave
#     an orphan blob (a staged temp file, or a stored blob whose transaction never committed). They are counted.
#     After the kill (not after the restart) the derived search index may be `behind` the catalog.
#   - a search for a word only it contains finds each of up to SAMPLE acknowledged documents exactly once (the
#     search catches the index up from the catalog).
# Then `archive quarantine --min-age 0` moves the orphans aside and verify must find none. After the restart all DOCS
# documents must be present, the index must hold each exactly once (`*` finds DOCS), and verify must not find the
# index behind.
#
# Usage: tests/scripts/kill9.sh            (ROUNDS=20 DOCS=1000; SEED=n repeats a run's delays)
# Needs: the .NET SDK; only bash, grep, awk and sort besides.
set -euo pipefail

rounds=${ROUNDS:-20}
docs=${DOCS:-1000}
seed=${SEED:-$(date +%s)}
RANDOM=$seed

repo=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/archive-kill9.XXXXXX")
trap 'rm -rf "$work"' EXIT

echo "building the CLI (Release) into $work/cli"
dotnet build "$repo/src/Archive.Cli/Archive.Cli.csproj" -c Release -o "$work/cli" -nologo -v quiet >"$work/build.log" 2>&1 \
    || { cat "$work/build.log"; exit 1; }
archive() { dotnet "$work/cli/archive.dll" "$@"; }

echo "generating $docs documents"
mkdir -p "$work/docs"
for ((i = 0; i < docs; i++)); do
    n=$(printf '%04d' "$i")
    if ((i % 25 == 0)); then
        printf '<!doctype html><html lang="en"><head><title>Report %s</title></head><body><p>Report %s on the prison attack in Hasakah.</p></body></html>\n' "$n" "$n" >"$work/docs/doc$n.html"
    elif ((i % 10 == 0)); then
        printf '# Note %s\n\nA markdown note, number %s, about detainee transfers.\n' "$n" "$n" >"$work/docs/doc$n.md"
    else
        printf 'Document %s\nStatement %s about the security situation, seed %s.\n' "$n" "$n" "$((i * 7919 % 10007))" >"$work/docs/doc$n.txt"
    fi
done

# Time one full ingest, so the kills fall across the whole run.
archive init --archive "$work/calibrate" >/dev/null
start=$(date +%s%N)
archive ingest --archive "$work/calibrate" "$work/docs" >/dev/null
full_ms=$(( ($(date +%s%N) - start) / 1000000 ))
max_ms=$full_ms
echo "a full ingest of $docs documents takes ${full_ms} ms; killing at random in [100, $max_ms] ms; seed $seed"

# How many captures a search finds: the number of hits in `archive search QUERY --json`.
found() { archive search "$2" --archive "$1" --json --limit 1 | grep -o '"total": [0-9]*' | head -1 | awk '{print $2}'; }
sample=${SAMPLE:-5}

# ids of every capture, one per line
ids() { archive list --archive "$1" --json --limit 1000000 | { grep -o '"id": "sha256:[0-9a-f]*"' || true; } | cut -d: -f3 | tr -d '"' | sort; }

# Prints "untracked-count" when verify finds only untracked items, else prints the problems and fails.
check_verify() {
    local allowed='"status": "untracked"'
    [[ ${2:-} == after-kill ]] && allowed='"status": "(untracked|behind)"'
    local json status
    set +e
    json=$(archive verify --archive "$1" --json)
    status=$?
    set -e
    local problems untracked
    problems=$(grep -c '"status": "' <<<"$json" || true)
    untracked=$(grep -cE "$allowed" <<<"$json" || true)
    if ((problems != untracked)) || { ((problems == 0)) && ((status != 0)); } || { ((problems > 0)) && ((status != 3)); }; then
        echo "verify exit $status with problems other than untracked:" >&2
        grep -E '"(kind|status|id|detail)"' <<<"$json" >&2
        return 1
    fi
    echo "$untracked"
}

failures=0 killed=0 acknowledged_total=0 untracked_total=0
printf '%-6s %-9s %-8s %-13s %-10s %-10s %s\n' round delay_ms killed acknowledged committed untracked result
for ((round = 1; killed < rounds && round <= 3 * rounds; round++)); do
    root="$work/archive-$round"
    archive init --archive "$root" >/dev/null
    delay=$(( 100 + (RANDOM * 32768 + RANDOM) % (max_ms > 100 ? max_ms - 100 : 1) ))

    # dotnet itself in the background (not the shell function), so $! is the process that gets the SIGKILL.
    dotnet "$work/cli/archive.dll" ingest --archive "$root" "$work/docs" >"$work/out-$round" 2>"$work/err-$round" &
    pid=$!
    sleep "$(awk -v ms="$delay" 'BEGIN { printf "%.3f", ms / 1000 }')"
    was_killed=no
    if kill -9 "$pid" 2>/dev/null; then
        was_killed=yes
        killed=$((killed + 1))
    else
        # This run was faster than the calibration: aim the next kills earlier.
        max_ms=$(( delay * 9 / 10 ))
    fi
    wait "$pid" 2>/dev/null || true

    result=ok
    acked=$(grep -E '^(ingested|duplicate) ' "$work/out-$round" | awk '{print $2}' | sort -u || true)
    acked_count=$(grep -c . <<<"$acked" || true)
    acknowledged_total=$((acknowledged_total + acked_count))

    # Before any restart: everything acknowledged must already be durable.
    present=$(ids "$root")
    committed=$(grep -c . <<<"$present" || true)
    missing=$(comm -23 <(echo "$acked" | grep . || true) <(echo "$present" | cut -c1-12 | sort -u) | grep -c . || true)
    if ((missing > 0)); then
        echo "round $round: $missing acknowledged documents are missing after the kill" >&2
        result=FAIL
    fi
    if ! untracked_after_kill=$(check_verify "$root" after-kill); then
        echo "round $round: verify after the kill failed" >&2
        result=FAIL
        untracked_after_kill=?
    fi

    # Each acknowledged document is found by the number only it contains, once.
    for number in $(grep -E '^ingested ' "$work/out-$round" | grep -oE 'doc[0-9]{4}' | cut -c4- | shuf -n "$sample" --random-source=<(yes "$seed") || true); do
        hits=$(found "$root" "$number")
        if [[ $hits != 1 ]]; then
            echo "round $round: a search for $number found $hits documents, not 1" >&2
            result=FAIL
        fi
    done

    # The orphans the kill left go to quarantine/ (nothing else writes this archive now: --min-age 0), and the
    # restarted ingest below stores again what it needs of them.
    if ! archive quarantine --archive "$root" --min-age 0 >"$work/quarantine-$round" 2>&1; then
        echo "round $round: quarantine failed:" >&2
        tail -5 "$work/quarantine-$round" >&2
        result=FAIL
    elif ! untracked_left=$(check_verify "$root" after-kill) || ((untracked_left != 0)); then
        echo "round $round: after quarantine, verify still finds problems ($untracked_left untracked):" >&2
        archive verify --archive "$root" --no-record 2>&1 | grep -A1 -E "^(CHANGED|MISSING|UNTRACKED|UNREADABLE)" | head -6 >&2 || true
        cat "$work/quarantine-$round" >&2
        result=FAIL
    fi

    # Restart and finish; then all documents are there and verify still finds only untracked orphans at most.
    if ! archive ingest --archive "$root" "$work/docs" >"$work/restart-$round" 2>&1; then
        echo "round $round: restarted ingest failed:" >&2
        tail -5 "$work/restart-$round" >&2
        result=FAIL
    fi
    total=$(ids "$root" | grep -c . || true)
    if ((total != docs)); then
        echo "round $round: $total of $docs documents after the restart" >&2
        result=FAIL
    fi
    indexed=$(found "$root" '*')
    if [[ $indexed != "$docs" ]]; then
        echo "round $round: the index holds $indexed documents, not $docs" >&2
        result=FAIL
    fi
    if ! untracked=$(check_verify "$root"); then
        echo "round $round: verify after the restart failed" >&2
        result=FAIL
        untracked=0
    fi
    untracked_total=$((untracked_total + untracked))
    [[ $result == ok ]] || failures=$((failures + 1))
    printf '%-6s %-9s %-8s %-13s %-10s %-10s %s\n' "$round" "$delay" "$was_killed" "$acked_count" "$committed" "$untracked_after_kill/$untracked" "$result"
    rm -rf "$root"
done

echo "$((round - 1)) rounds, $killed killed mid-ingest, $acknowledged_total acknowledged documents checked, $untracked_total untracked orphan blobs after restarts, $failures failed (seed $seed)"
((failures == 0 && killed >= rounds))
