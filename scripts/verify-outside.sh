#!/usr/bin/env bash
# Checks an archive without Archive's code: only python3 (standard library) and openssl.
#
#   bash scripts/verify-outside.sh EXPORT_DIR ARCHIVE_ROOT
#
# EXPORT_DIR is what `archive log export EXPORT_DIR` writes (log.jsonl, checkpoint.txt, checkpoint.sig,
# public.pem); ARCHIVE_ROOT is the archive folder (the one holding blobs/ and keys/). The script
#   1. re-hashes every blob the log names (the capture of each `ingested` event; the `data.text`, `data.layout`
#      (a PDF's or scan's word boxes) and `data.replaces` (an earlier text) of each `text-extracted` event; the
#      `data.screenshot.sha256` of each `captured` event) under ARCHIVE_ROOT/blobs/sha256/ab/<hex> and reports
#      MISSING and CHANGED files, and UNTRACKED files that no event names;
#   2. checks that each event's `prev` is the leaf hash of the line before it;
#   3. folds the lines of log.jsonl into an RFC 6962 Merkle root (leaf = SHA-256(0x00 || line),
#      node = SHA-256(0x01 || left || right), split at the largest power of two below n) and compares it and
#      the tree size with checkpoint.txt;
#   4. checks checkpoint.sig over checkpoint.txt with openssl and the archive's keys/public.pem (else the
#      exported public.pem);
#   5. when the export holds them: each witness's witnesses/<fp>.cosig over checkpoint.txt under
#      witnesses/<fp>.pem, whose DER fingerprint must be <fp>, and the RFC 3161 token checkpoint.tst with
#      `openssl ts -verify` against TSA_CA (a PEM file; pin your own) or else the exported tsa-certs.pem.
# Prints one line per problem and "verify-outside: OK" or "verify-outside: N problems"; exits 0, 1 or 2 (usage).
set -euo pipefail

if [ $# -ne 2 ] || [ ! -f "$1/log.jsonl" ] || [ ! -d "$2/blobs" ]; then
  echo "usage: $0 EXPORT_DIR ARCHIVE_ROOT  (EXPORT_DIR from \`archive log export\`, ARCHIVE_ROOT holding blobs/)" >&2
  exit 2
fi
export_dir=$1
archive_root=$2

key="$archive_root/keys/public.pem"
[ -f "$key" ] || key="$export_dir/public.pem"
if openssl dgst -sha256 -verify "$key" -signature "$export_dir/checkpoint.sig" "$export_dir/checkpoint.txt" >/dev/null 2>&1; then
  signature_ok=1
else
  signature_ok=0
fi

# Witnesses and the time stamp: one line each, "OK|BAD what".
attestations=""
for cosig in "$export_dir"/witnesses/*.cosig; do
  [ -e "$cosig" ] || continue
  fp=$(basename "$cosig" .cosig)
  pem="$export_dir/witnesses/$fp.pem"
  actual=$(openssl pkey -pubin -in "$pem" -outform DER 2>/dev/null | sha256sum | cut -d' ' -f1)
  if [ "$actual" != "$fp" ]; then
    attestations+="BAD COSIGNATURE witnesses/$fp.pem is not the key its name says (its fingerprint is $actual)"$'\n'
  elif openssl dgst -sha256 -verify "$pem" -signature "$cosig" "$export_dir/checkpoint.txt" >/dev/null 2>&1; then
    attestations+="OK cosignature by witness sha256:$fp"$'\n'
  else
    attestations+="BAD COSIGNATURE witnesses/$fp.cosig does not verify over checkpoint.txt"$'\n'
  fi
done
if [ -f "$export_dir/checkpoint.tst" ]; then
  ca=${TSA_CA:-$export_dir/tsa-certs.pem}
  if openssl ts -verify -data "$export_dir/checkpoint.txt" -in "$export_dir/checkpoint.tst" -token_in -CAfile "$ca" >/dev/null 2>&1; then
    attestations+="OK time stamp checkpoint.tst against $ca"$'\n'
  else
    attestations+="BAD TIMESTAMP checkpoint.tst does not verify over checkpoint.txt against $ca"$'\n'
  fi
fi

python3 - "$export_dir" "$archive_root" "$signature_ok" "$key" "$attestations" <<'PY'
import base64, hashlib, json, os, sys

export_dir, archive_root, signature_ok, key = sys.argv[1], sys.argv[2], sys.argv[3] == "1", sys.argv[4]
attestations = [line for line in sys.argv[5].split("\n") if line]
problems = [line.removeprefix("BAD ") for line in attestations if line.startswith("BAD ")]

def sha256(data):
    return hashlib.sha256(data).digest()

def root(leaves):
    """RFC 6962 Merkle tree hash of a list of leaf hashes."""
    n = len(leaves)
    if n == 0:
        return sha256(b"")
    if n == 1:
        return leaves[0]
    k = 1
    while k * 2 < n:
        k *= 2
    return sha256(b"\x01" + root(leaves[:k]) + root(leaves[k:]))

with open(os.path.join(export_dir, "log.jsonl"), "rb") as f:
    lines = f.read().split(b"\n")
if lines and lines[-1] == b"":
    lines.pop()

leaves = []
blobs = {}
for number, line in enumerate(lines):
    leaf = sha256(b"\x00" + line)
    try:
        event = json.loads(line)
    except ValueError:
        problems.append(f"LOG line {number + 1}: not JSON")
        leaves.append(leaf)
        continue
    expected_prev = leaves[-1].hex() if leaves else None
    if event.get("prev") != expected_prev:
        problems.append(f"LOG line {number + 1} (index {event.get('index')}): prev does not name the leaf hash of the line before")
    leaves.append(leaf)
    data = event.get("data") or {}
    if event.get("type") == "ingested" and event.get("capture"):
        blobs.setdefault(event["capture"], []).append(f"original of {event['capture'][:19]}")
    if event.get("type") == "text-extracted":
        of = (event.get("capture") or "")[:19]
        if data.get("text"):
            blobs.setdefault(data["text"], []).append(f"text of {of}")
        if data.get("layout"):
            blobs.setdefault(data["layout"], []).append(f"word layout of {of}")
        if data.get("replaces"):
            blobs.setdefault(data["replaces"], []).append(f"earlier text of {of}")
    screenshot = data.get("screenshot")
    if event.get("type") == "captured" and isinstance(screenshot, dict) and screenshot.get("sha256"):
        blobs.setdefault(screenshot["sha256"], []).append(f"screenshot of {(event.get('capture') or '')[:19]}")

objects = os.path.join(archive_root, "blobs", "sha256")
for digest, uses in sorted(blobs.items()):
    what = ", ".join(uses)
    hex_ = digest.removeprefix("sha256:")
    path = os.path.join(objects, hex_[:2], hex_)
    shown = os.path.relpath(path, archive_root)
    if not os.path.isfile(path):
        problems.append(f"MISSING {shown} ({what})")
        continue
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    if h.hexdigest() != hex_:
        problems.append(f"CHANGED {shown} ({what}): now sha256:{h.hexdigest()}")

named = {d.removeprefix("sha256:") for d in blobs}
for folder, _, files in os.walk(objects):
    for name in files:
        if name not in named:
            problems.append(f"UNTRACKED {os.path.relpath(os.path.join(folder, name), archive_root)}")

with open(os.path.join(export_dir, "checkpoint.txt"), encoding="utf-8") as f:
    checkpoint = f.read().split("\n")
size, signed_root = int(checkpoint[1]), base64.b64decode(checkpoint[2])
if size != len(leaves):
    problems.append(f"SIZE checkpoint signs {size} events, log.jsonl has {len(leaves)}")
computed = root(leaves[:size])
if computed != signed_root:
    problems.append(f"ROOT log.jsonl folds to {base64.b64encode(computed).decode()}, the checkpoint signs {checkpoint[2]}")
if not signature_ok:
    problems.append(f"SIGNATURE checkpoint.sig does not verify with {key}")

for p in problems:
    print(p)
print(f"{len(blobs)} blobs re-hashed, {len(leaves)} log lines folded, signature {'ok' if signature_ok else 'BAD'}")
for line in attestations:
    if line.startswith("OK "):
        print(line.removeprefix("OK "))
print("verify-outside: OK" if not problems else f"verify-outside: {len(problems)} problems")
sys.exit(1 if problems else 0)
PY
