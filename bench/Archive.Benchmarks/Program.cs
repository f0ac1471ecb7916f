using Archive.Benchmarks;

var command = args.FirstOrDefault() ?? "help";
var shared = SharedData.Locate();
return command switch
{
    "store" => StoreBenchmark.Run(shared, args.Skip(1).ToArray()),
    "search" => SearchBenchmark.Run(shared, args.Skip(1).ToArray()),
    "load" => await LoadBenchmark.Run(shared, args.Skip(1).ToArray()),
    "capture" => await CaptureBenchmark.Run(args.Skip(1).ToArray()),
    _ => Usage(),
};

static int Usage()
{
    Console.WriteLine("""
        Archive benchmarks (figures go in issue notes; never run by CI).

          dotnet run -c Release --project bench/Archive.Benchmarks -- store [--limit N]
              Ingest Reuters-21578 into a fresh archive (full durability), then verify and compare with sha256sum.
          dotnet run -c Release --project bench/Archive.Benchmarks -- search [--arabic] [--limit N]
              Index throughput and p50/p95 query latency over 200+ queries (terms, phrases, boolean, prefix, fuzzy,
              aliases): Archive beside raw FTS5 and, if python3-xapian is installed, Xapian. --arabic uses SaudiNewsNet.

          dotnet run -c Release --project bench/Archive.Benchmarks -- load [--seconds 60] [--clients 8] [--limit N] [--no-ingest] [--keep DIR]
              Serve a Reuters archive on 127.0.0.1 and run N readers (search, document, passage) while BBC News is
              uploaded through POST /api/documents; report requests/s, p50/p95/p99 and errors per request type.
          dotnet run -c Release --project bench/Archive.Benchmarks -- capture [--pages 100]
              Capture N local article pages (HTML, CSS, image) one after another; captures/min and peak memory.
        """);
    return 2;
}
