#!/usr/bin/env python3
"""Search latency of a running `archive serve`, as a client sees it over HTTP on 127.0.0.1.

    python3 bench/serve-latency.py CLI_DLL ARCHIVE [PORT]

Starts `dotnet CLI_DLL --archive ARCHIVE serve --public-read --no-embed`, sends 200 searches (terms, phrases, AND,
prefixes and fuzzy terms over common Reuters words, seeded) one at a time to /api/search (top 10, passages as the API
gives them), then 3 more passes to warm up, then 3 timed passes, and prints the first pass's total and the warm
p50 / p95 / mean. Run it for two builds of the CLI in turn (for example `scripts/build-cli.sh` output with and
without a runtime setting) on the same archive to compare them. Never run by CI.
"""
import random
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request

if len(sys.argv) < 3:
    sys.exit(__doc__)
cli, archive = sys.argv[1], sys.argv[2]
port = sys.argv[3] if len(sys.argv) > 3 else "5181"
words = ("oil crude opec prices bank rate dollar trade tariff wheat corn sugar coffee gold shares profit loss quarter "
         "dividend merger acquisition stake debt loan interest inflation growth exports imports deficit surplus yen "
         "mark sterling bundesbank fed treasury bonds futures").split()
rnd = random.Random(7)
queries = []
for i in range(200):
    a, b = rnd.sample(words, 2)
    queries.append([a, f'"{a} {b}"', f"{a} AND {b}", f"{a[:3]}*", f"{a}~1"][i % 5])

server = subprocess.Popen(["dotnet", cli, "--archive", archive, "serve", "--public-read", "--no-embed",
                           "--urls", f"http://127.0.0.1:{port}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
try:
    def search(q):
        start = time.perf_counter()
        url = f"http://127.0.0.1:{port}/api/search?" + urllib.parse.urlencode({"q": q, "limit": 10})
        with urllib.request.urlopen(url, timeout=30) as response:
            response.read()
        return (time.perf_counter() - start) * 1000

    for _ in range(150):
        try:
            search("oil")
            break
        except OSError:
            time.sleep(0.2)
    else:
        sys.exit("serve-latency: the server did not answer within 30 s")
    first = [search(q) for q in queries]
    for _ in range(3):
        for q in queries:
            search(q)
    times = sorted(search(q) for _ in range(3) for q in queries)
    print(f"{cli}: first pass {sum(first) / 1000:.2f} s; warm p50 {statistics.median(times):.1f} ms, "
          f"p95 {times[int(len(times) * 0.95)]:.1f} ms, mean {statistics.mean(times):.2f} ms ({len(times)} searches)")
finally:
    server.terminate()
    server.wait()
