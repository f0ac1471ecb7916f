using Archive.Benchmarks;

var command = args.FirstOrDefault() ?? "help";

// The corpora are looked up only by the benchmarks that read them: scale makes its own documents.
return command switch
{
    "store" => StoreBenchmark.Run(SharedData.Locate(), args.Skip(1).ToArray()),
    "search" => SearchBenchmark.Run(SharedData.Locate(), args.Skip(1).ToArray()),
    "queries" => QueryBenchmark.Run(SharedData.Locate(), args.Skip(1).ToArray()),
    "load" => await LoadBenchmark.Run(SharedData.Locate(), args.Skip(1).ToArray()),
    "scale" => ScaleBenchmark.Run(args.Skip(1).ToArray()),
    "large" => LargeTextBenchmark.Run(args.Skip(1).ToArray()),
    "capture" => await CaptureBenchmark.Run(args.Skip(1).ToArray()),
    "meaning" => MeaningBenchmark.Run(SharedData.Locate(), args.Skip(1).ToArray()),
    "diff" => DiffBenchmark.Run(args.Skip(1).ToArray()),
    _ => Usage(),
};

static int Usage()
{
    Console.WriteLine("""
        Archive benchmarks (figures go in issue notes; never run by CI).

          dotnet run -c Release --project bench/Archive.Benchmarks -- store [--limit N]
              Ingest Reuters-21578 into a fresh archive (full durability), then verify and compare with sha256sum.
          dotnet run -c Release --project bench/Archive.Benchmarks -- search [--corpus reuters|saudinewsnet|both] [--arabic] [--limit N]
              Index throughput and p50/p95 query latency over 200+ queries (terms, phrases, boolean, prefix, fuzzy,
              aliases), side by side: Archive (durable ingest; with passages and hits only), raw Lucene.Net (stemmed +
              exact fields, commit every 256, Query objects built directly, stored text + match offsets + passages for
              the top 10), raw FTS5 and Xapian. Both corpora by default; --arabic is --corpus saudinewsnet.
              Xapian needs Debian's python3-xapian (apt-get install python3-xapian), run by /usr/bin/python3.

          dotnet run -c Release --project bench/Archive.Benchmarks -- queries [--keep DIR] [--corpus reuters|saudinewsnet] [--kind K] [--rounds 5]
              Archive's query latency alone (the search mix, with passages and hits only, per kind) over an archive
              built once in DIR and reused by later runs: for measuring and profiling query work without re-ingesting.

          dotnet run -c Release --project bench/Archive.Benchmarks -- scale --docs N [--work DIR] [--seed 42]
              Generate N synthetic documents (seeded; Zipf vocabulary of English-like and Arabic-script words,
              log-normal lengths, one in 10,000 of several MB) in batches and ingest them through Archive; print
              ingest docs/s every 10 %, query p50/p95 per kind at 10k, 100k, 1M (those <= N) and at N, verify time,
              peak RSS (VmHWM) and disk use. --work keeps the archive in DIR/archive (DIR must not hold one yet);
              otherwise a temp folder is used and removed. N=10000 takes a few minutes on 2 cores.

          dotnet run -c Release --project bench/Archive.Benchmarks -- diff [--mb 50]
              archive diff's word-level diff on two texts of about 50 MB: one edit in the middle, 1,000 scattered
              edits, two unrelated texts; time, changes, notes, bytes allocated and peak RSS for each.

          dotnet run -c Release --project bench/Archive.Benchmarks -- large [--mb 49] [--html] [--ingest-only]
              The issue's large-upload case: ingest one text of about 49 MB beside 20 small ones, then time queries
              that match it (3 passages per hit, the time limit in force) and report peak RSS. --html writes the
              file as HTML paragraphs; --ingest-only ingests the large file alone and reports peak RSS against its
              size (issue 11: `large --mb 200 --ingest-only` should stay under 3 x).

          dotnet run -c Release --project bench/Archive.Benchmarks -- load [--seconds 60] [--clients 8] [--limit N] [--no-ingest] [--keep DIR] [--embed] [--rate N] [--upload-rate N]
              Serve a Reuters archive on 127.0.0.1 and run N readers (search, document, passage) while BBC News is
              uploaded through POST /api/documents; report requests/s, p50/p95/p99 and errors per request type.
              --embed: the server also embeds waiting texts in the background (as `archive serve` does); chunks/s.
              --rate N: readers send N requests/s in all on a fixed schedule (open loop; latency counts from when a
              request was due), --upload-rate N uploads/s; without them each sends its next request at once.
          dotnet run -c Release --project bench/Archive.Benchmarks -- meaning [--chunks 100000] [--real 200]
              Search by meaning: the shipped model's chunks/s on one thread over real BBC News chunks; then synthetic
              documents with N chunk vectors (made from real topic embeddings plus noise; embedding them all would
              take hours), the vectors' memory, and lexical vs hybrid p50/p95 for the same plain-word queries.
          dotnet run -c Release --project bench/Archive.Benchmarks -- capture [--pages 100]
              Capture N local article pages (HTML, CSS, image) one after another; captures/min and peak memory.
        """);
    return 2;
}
