using System.Diagnostics;
using System.Globalization;
using Archive.Core;
using Archive.Core.Ingestion;
using Archive.Core.Metadata;
using Archive.Core.Search;
using Archive.Core.Storage;

namespace Archive.Benchmarks;

/// <summary>
/// Archive's query latency alone, over an archive built once and kept (<c>--keep DIR</c>), so that query work can be
/// measured and profiled again and again without a new ingest: the query mix of <c>search</c>, per kind, with
/// passages and hits only, over several rounds.
/// </summary>
internal static class QueryBenchmark
{
    public static int Run(string shared, string[] args)
    {
        var keep = Value(args, "--keep");
        var corpus = Value(args, "--corpus") ?? "reuters";
        var kind = Value(args, "--kind");
        var rounds = int.Parse(Value(args, "--rounds") ?? "5", CultureInfo.InvariantCulture);
        if (corpus is not ("reuters" or "saudinewsnet"))
        {
            Console.Error.WriteLine($"--corpus must be reuters or saudinewsnet, not {corpus}");
            return 2;
        }

#if DEBUG
        Console.WriteLine("warning: a Debug build; run with -c Release for figures worth reporting");
#endif
        var arabic = corpus == "saudinewsnet";
        var work = keep is not null ? Path.GetFullPath(keep) : WorkDirectory.Create("archive-query-bench-");
        try
        {
            var input = Path.Combine(work, "docs");
            var layout = new ArchiveLayout(Path.Combine(work, "archive"));
            var aliases = arabic ? SearchBenchmark.ArabicAliases : SearchBenchmark.ReutersAliases;
            if (!File.Exists(layout.CatalogPath))
            {
                var (docs, _) = arabic
                    ? SaudiNewsNetCorpus.WriteFiles(Path.Combine(shared, "saudinewsnet"), input, int.MaxValue)
                    : ReutersCorpus.WriteFiles(Path.Combine(shared, "reuters21578"), input, int.MaxValue);
                ArchiveCore.Initialize(layout, TimeProvider.System);
                File.WriteAllLines(layout.AliasesPath, aliases.Select(a => string.Join(" | ", a.Variants)));
                using var building = ArchiveCore.Open(layout, TimeProvider.System);
                var clock = Stopwatch.StartNew();
                building.Ingestor.Ingest(new IngestRequest([input], new Dictionary<string, FieldValue>(), "bench"), null, CancellationToken.None);
                Console.WriteLine($"{corpus}: {docs} documents ingested in {clock.Elapsed.TotalSeconds:0.0} s");
            }
            else
            {
                Console.WriteLine($"{corpus}: reusing the archive in {layout.Root}");
            }

            var texts = Directory.GetFiles(input, "*.txt").Order(StringComparer.Ordinal).Select(File.ReadAllText).ToList();
            var queries = QuerySet.Build(texts, aliases).Where(q => kind is null || q.Kind == kind).ToList();
            using var archive = ArchiveCore.Open(layout, TimeProvider.System);
            var searcher = archive.Searcher;
            // Warm-up, as a serving process is warm: three passes, so that the JIT's later tiers and the page cache are in.
            for (var pass = 0; pass < 3; pass++)
            {
                foreach (var q in queries)
                {
                    searcher.Search(new SearchRequest(q.Archive, Limit: 10, PassagesPerHit: 3));
                }
            }

            var full = new Dictionary<string, List<double>>(StringComparer.Ordinal);
            var bare = new Dictionary<string, List<double>>(StringComparer.Ordinal);
            var errors = 0;

            // CPU time of the whole process (GC threads included) per query: on a machine shared with other work, a
            // steadier figure than the wall-clock percentiles, which the other processes' load moves.
            var process = Process.GetCurrentProcess();
            var (gen0, gen1, gen2, allocated, paused) = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalAllocatedBytes(), GC.GetTotalPauseDuration());
            var (fullCpu, bareCpu) = (TimeSpan.Zero, TimeSpan.Zero);
            for (var round = 0; round < rounds; round++)
            {
                process.Refresh();
                var cpu = process.TotalProcessorTime;
                foreach (var q in queries)
                {
                    errors += Time(full, q.Kind, () => searcher.Search(new SearchRequest(q.Archive, Limit: 10, PassagesPerHit: 3)));
                }

                process.Refresh();
                fullCpu += process.TotalProcessorTime - cpu;
                cpu = process.TotalProcessorTime;
                foreach (var q in queries)
                {
                    errors += Time(bare, q.Kind, () => searcher.Search(new SearchRequest(q.Archive, Limit: 10, PassagesPerHit: 0)));
                }

                process.Refresh();
                bareCpu += process.TotalProcessorTime - cpu;
            }

            var runs = (double)queries.Count * rounds;
            Console.WriteLine($"queries: {queries.Count} x {rounds} rounds, {errors} errors; load average {LoadAverage()}; process CPU per query: {fullCpu.TotalMilliseconds / runs:0.00} ms with passages, {bareCpu.TotalMilliseconds / runs:0.00} ms hits only");
            Console.WriteLine($"garbage collection over both: {(GC.GetTotalAllocatedBytes() - allocated) / (2 * runs) / 1024:0} KB allocated per query; collections gen0 {GC.CollectionCount(0) - gen0}, gen1 {GC.CollectionCount(1) - gen1}, gen2 {GC.CollectionCount(2) - gen2}; paused {(GC.GetTotalPauseDuration() - paused).TotalMilliseconds:0} ms");
            Console.WriteLine($"{"kind",-9} {"n",5} | {"archive+passages p50/p95 ms",28} | {"archive hits-only p50/p95",26}");
            foreach (var k in queries.Select(q => q.Kind).Distinct().Append("all"))
            {
                Console.WriteLine($"{k,-9} {Values(full, k).Count,5} | {Pct(full, k),28} | {Pct(bare, k),26}");
            }

            if (Value(args, "--slowest") is { } slowestText)
            {
                Slowest(searcher, queries, int.Parse(slowestText, CultureInfo.InvariantCulture));
            }

            return errors == 0 ? 0 : 1;
        }
        finally
        {
            if (keep is null)
            {
                WorkDirectory.Delete(work);
            }
        }
    }

    /// <summary>
    /// The <paramref name="count"/> slowest queries with passages (median of 3 runs), beside their time for hits only,
    /// with their matches and notes: where to look next.
    /// </summary>
    private static void Slowest(Searcher searcher, List<QuerySet.BenchQuery> queries, int count)
    {
        double Median(QuerySet.BenchQuery q, int passages, out SearchResponse response)
        {
            var times = new double[3];
            response = null!;
            for (var i = 0; i < times.Length; i++)
            {
                var start = Stopwatch.GetTimestamp();
                response = searcher.Search(new SearchRequest(q.Archive, Limit: 10, PassagesPerHit: passages));
                times[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            }

            Array.Sort(times);
            return times[1];
        }

        var timed = queries.Select(q => (Query: q, Ms: Median(q, 3, out var response), Bare: Median(q, 0, out _), Response: response))
            .OrderByDescending(t => t.Ms).Take(count).ToList();
        Console.WriteLine($"slowest {count}, median of 3 runs with passages and hits only:");
        foreach (var (query, ms, bare, response) in timed)
        {
            Console.WriteLine(FormattableString.Invariant($"{ms,7:0.0} {bare,7:0.0} ms {query.Kind,-8} {response.Total,6} matches  {query.Archive}  {string.Join("; ", response.Notes)}"));
        }
    }

    private static int Time(Dictionary<string, List<double>> times, string kind, Func<SearchResponse> run)
    {
        var start = Stopwatch.GetTimestamp();
        var response = run();
        var ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        (times.TryGetValue(kind, out var list) ? list : times[kind] = []).Add(ms);
        return response.Error is null ? 0 : 1;
    }

    private static List<double> Values(Dictionary<string, List<double>> times, string kind) =>
        [.. (kind == "all" ? times.Values.SelectMany(v => v) : times.GetValueOrDefault(kind) ?? []).Order()];

    private static string Pct(Dictionary<string, List<double>> times, string kind)
    {
        var values = Values(times, kind);
        if (values.Count == 0)
        {
            return "-";
        }

        double At(double p) => values[Math.Min(values.Count - 1, (int)Math.Ceiling(p * values.Count) - 1)];
        return $"{At(0.5):0.0} / {At(0.95):0.0}";
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    private static string? Value(string[] args, string name)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
    }
}
