// Reads a WARC with Webrecorder's warcio.js (installed by tests/scripts/install-warcio.sh) and checks every record's
// digests independently of Archive's writer. Prints one JSON object: {records: [...], problems: [...]}.
// Usage: node tests/scripts/warcio-check.mjs FILE.warc
import { createRequire } from "node:module";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const require = createRequire(path.join(root, ".build", "node", "node_modules", "warcio", "package.json"));
const { WARCParser, AsyncIterReader } = require("warcio");

const file = process.argv[2];
const sha256 = (bytes) => "sha256:" + createHash("sha256").update(bytes).digest("hex");
const records = [];
const problems = [];

// Pass 1: blocks as stored (no HTTP parsing): WARC-Block-Digest and Content-Length.
for await (const record of new WARCParser([readFileSync(file)], { parseHttp: false })) {
  const block = await record.readFully(false);
  const headers = record.warcHeaders.headers;
  const entry = {
    type: record.warcType,
    target: record.warcTargetURI ?? null,
    version: record.warcHeaders.protocol,
    length: block.length,
    block_digest_ok: headers.get("WARC-Block-Digest") === sha256(block),
    truncated: headers.get("WARC-Truncated") ?? null,
  };
  if (Number(headers.get("Content-Length")) !== block.length) problems.push(`${entry.type} ${entry.target}: Content-Length differs from the block`);
  if (!entry.block_digest_ok) problems.push(`${entry.type} ${entry.target}: WARC-Block-Digest does not match`);
  records.push(entry);
}

// Pass 2: HTTP parsed by warcio: status, and the payload (chunked transfer coding removed) against WARC-Payload-Digest.
let i = 0;
for await (const record of new WARCParser([readFileSync(file)])) {
  const entry = records[i++];
  if (record.httpHeaders) {
    entry.status = record.httpHeaders.statusCode ?? null;
    entry.content_type = record.httpHeaders.headers.get("Content-Type");
    const chunked = (record.httpHeaders.headers.get("Transfer-Encoding") ?? "").toLowerCase().includes("chunked");
    const payload = await new AsyncIterReader(record.reader, null, chunked).readFully();
    entry.payload_length = payload.length;
    const expected = record.warcHeaders.headers.get("WARC-Payload-Digest");
    if (expected) {
      entry.payload_digest_ok = expected === sha256(payload);
      if (!entry.payload_digest_ok) problems.push(`${entry.type} ${entry.target}: WARC-Payload-Digest does not match`);
    } else if (entry.type === "response") {
      problems.push(`response ${entry.target}: no WARC-Payload-Digest`);
    }
  } else if (entry.type === "metadata" || entry.type === "warcinfo") {
    entry.fields = new TextDecoder().decode(await record.readFully(false));
  }
}
if (i !== records.length) problems.push(`the two passes read ${records.length} and ${i} records`);

console.log(JSON.stringify({ records, problems }));
