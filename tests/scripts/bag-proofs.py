#!/usr/bin/env python3
"""Checks an Archive BagIt bag's provenance without Archive: the checkpoint's signature (openssl), every event's
RFC 9162 inclusion proof against the checkpoint's root, and that each capture's original hashes to its id and each
text-extracted event names the text in the bag. Prints one line a problem; exits 0 when all holds."""
import base64, hashlib, json, os, subprocess, sys

def node(left, right):
    return hashlib.sha256(b"\x01" + left + right).digest()

def verify_inclusion(index, size, leaf, path, root):
    # RFC 9162 section 2.1.3.2
    if index >= size:
        return False
    fn, sn, r = index, size - 1, leaf
    for p in path:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            r = node(p, r)
            if not fn & 1:
                while not fn & 1 and fn != 0:
                    fn >>= 1
                    sn >>= 1
        else:
            r = node(r, p)
        fn >>= 1
        sn >>= 1
    return sn == 0 and r == root

def sha256_file(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()

def main(bag):
    problems = []
    prov = os.path.join(bag, "provenance")
    lines = open(os.path.join(prov, "checkpoint.txt"), encoding="utf-8").read().split("\n")
    size, root = int(lines[1]), base64.b64decode(lines[2])
    sig = subprocess.run(["openssl", "dgst", "-sha256", "-verify", os.path.join(prov, "public.pem"),
                          "-signature", os.path.join(prov, "checkpoint.sig"), os.path.join(prov, "checkpoint.txt")],
                         capture_output=True, text=True)
    if sig.returncode != 0:
        problems.append("checkpoint signature: " + (sig.stdout + sig.stderr).strip())
    proofs = json.load(open(os.path.join(prov, "inclusion-proofs.json"), encoding="utf-8"))
    checked = 0
    for item in proofs["items"]:
        event = item["event"].encode("utf-8")
        leaf = hashlib.sha256(b"\x00" + event).digest()
        path = [bytes.fromhex(h) for h in item["path"]]
        if not verify_inclusion(item["event_index"], size, leaf, path, root):
            problems.append("event %d: inclusion proof fails" % item["event_index"])
            continue
        parsed = json.loads(event)
        capture = item["capture"]
        folder = os.path.join(bag, "data", "captures", capture[len("sha256:"):])
        if parsed.get("capture") != capture:
            problems.append("event %d: names another capture" % item["event_index"])
        if parsed.get("type") == "ingested":
            originals = os.listdir(os.path.join(folder, "original"))
            if len(originals) != 1 or "sha256:" + sha256_file(os.path.join(folder, "original", originals[0])) != capture:
                problems.append("%s: original does not hash to its id" % capture)
        if parsed.get("type") == "text-extracted":
            if "sha256:" + sha256_file(os.path.join(folder, "text.txt")) != parsed["data"]["text"]:
                problems.append("%s: text.txt is not the text event %d names" % (capture, item["event_index"]))
        checked += 1
    for p in problems:
        print(p)
    print("%d inclusion proofs verified against tree size %d%s" % (checked, size, "" if not problems else ", %d problems" % len(problems)))
    return 1 if problems else 0

if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
