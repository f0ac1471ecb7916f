using System.Diagnostics;
using System.Globalization;
using System.Runtime;
using Archive.Core;
using Archive.Core.Storage;
using Archive.Core.Catalog;
using Archive.Core.Ingestion;
using Archive.Core.Metadata;
using Archive.Core.Search;

namespace Archive.Benchmarks;

/// <summary>
/// Archive at scale: N synthetic documents (<see cref="SyntheticCorpus"/>) generated in batches beside the archive and
/// ingested through Archive's real ingest path, with ingest docs/s every 10 %, query p50/p95 per kind (with passages)
/// at 10k, 100k and 1M documents, then verify time, peak RSS and disk use, and a final table.
/// </summary>
internal static class ScaleBenchmark
{
    private const int BatchSize = 1000;
    private static readonly long[] Checkpoints = [10_000, 100_000, 1_000_000];

    public static int Run(string[] args)
    {
        if (Option(args, "--queries") is { } kept)
        {
            return Queries(Path.GetFullPath(kept), int.Parse(Option(args, "--seed") ?? "42", CultureInfo.InvariantCulture), int.Parse(Option(args, "--rounds") ?? "3", CultureInfo.InvariantCulture));
        }

        if (Option(args, "--docs") is not { } docsText || !long.TryParse(docsText, NumberStyles.None, CultureInfo.InvariantCulture, out var total) || total < 1)
        {
            Console.Error.WriteLine("scale needs --docs N (a positive whole number)");
            return 2;
        }

        var seed = int.Parse(Option(args, "--seed") ?? "42", CultureInfo.InvariantCulture);
        var keep = Option(args, "--work") is not null;
        var work = Option(args, "--work") is { } given ? Path.GetFullPath(given) : WorkDirectory.Create("archive-scale-bench-");
        var root = Path.Combine(work, "archive");
        var batch = Path.Combine(work, "batch");
        if (Directory.Exists(root))
        {
            Console.Error.WriteLine($"{root} already exists: give --work a new or empty folder");
            return 2;
        }

        try
        {
            return Run(total, seed, root, batch);
        }
        finally
        {
            if (Directory.Exists(batch))
            {
                Directory.Delete(batch, recursive: true);
            }

            if (keep)
            {
                Console.WriteLine($"archive kept in {root}");
            }
            else
            {
                WorkDirectory.Delete(work);
            }
        }
    }

    private static int Run(long total, int seed, string root, string batch)
    {
        using var peaks = new MemoryPeaks();
        var fileAtStart = ProcessMemory.FileBytes;
        var corpus = new SyntheticCorpus(seed);
        var queries = ScaleQueries.Build(corpus);
        var checkpoints = Checkpoints.Where(c => c <= total).Append(total).Distinct().ToList();
        Console.WriteLine($"scale: {total:N0} synthetic documents, seed {seed}, vocabulary {corpus.Latin.Count:N0} English-like + {corpus.Arabic.Count:N0} Arabic-script words (Zipf), one in {SyntheticCorpus.LargeEvery:N0} of several MB");
        Console.WriteLine($"queries at {string.Join(", ", checkpoints.Select(c => c.ToString("N0", CultureInfo.InvariantCulture)))} documents: {queries.Count} ({string.Join(", ", queries.GroupBy(q => q.Kind).Select(g => $"{g.Count()} {g.Key}"))}), Archive with 3 passages per hit, top 10");
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {(GCSettings.IsServerGC ? "server" : "workstation")} GC (the CLI's is the workstation GC)");

        var layout = new ArchiveLayout(root);
        ArchiveCore.Initialize(layout, TimeProvider.System);
        using var archive = ArchiveCore.Open(layout, TimeProvider.System);
        var none = new Dictionary<string, FieldValue>();
        var latencies = new Dictionary<long, Dictionary<string, List<double>>>();
        var (ingested, duplicates, rejected) = (0L, 0L, 0L);
        long textBytes = 0;
        var ingestTime = TimeSpan.Zero;
        var generateTime = TimeSpan.Zero;
        var (lastDone, lastTime) = (0L, TimeSpan.Zero);
        var nextReport = 1;
        var done = 0L;
        while (done < total)
        {
            var nextCheckpoint = checkpoints.First(c => c > done);
            var nextTenth = Tenth(total, nextReport);
            var end = Math.Min(Math.Min(done + BatchSize, nextCheckpoint), Math.Min(nextTenth, total));

            var clock = Stopwatch.StartNew();
            Directory.CreateDirectory(batch);
            for (var i = done; i < end; i++)
            {
                textBytes += corpus.Write(i, batch);
            }

            generateTime += clock.Elapsed;
            clock.Restart();
            var outcomes = archive.Ingestor.Ingest(new IngestRequest([batch], none, "bench"), null, CancellationToken.None);
            ingestTime += clock.Elapsed;
            Directory.Delete(batch, recursive: true);
            ingested += outcomes.Count(o => o.Status == IngestStatus.Ingested);
            duplicates += outcomes.Count(o => o.Status == IngestStatus.Duplicate);
            foreach (var r in outcomes.Where(o => o.Status == IngestStatus.Rejected))
            {
                if (++rejected <= 3)
                {
                    Console.WriteLine($"  rejected {Path.GetFileName(r.Path)}: {r.Reason}");
                }
            }

            done = end;
            if (done >= Tenth(total, nextReport))
            {
                var interval = (done - lastDone) / (ingestTime - lastTime).TotalSeconds;
                Console.WriteLine($"ingest {done * 100 / total,3} %: {done,9:N0} docs, {ingestTime.TotalSeconds,7:0.0} s ingesting, last {done - lastDone:N0} at {interval,5:0} docs/s, overall {done / ingestTime.TotalSeconds,5:0} docs/s, RSS {ProcessMemory.ResidentBytes / 1e6:0} MB, archive {DiskBytes(root) / 1e6:0} MB");
                (lastDone, lastTime) = (done, ingestTime);
                while (nextReport < 10 && Tenth(total, nextReport) <= done)
                {
                    nextReport++;
                }
            }

            if (done == nextCheckpoint)
            {
                latencies[done] = Time(archive.Searcher, queries, out var hits, out var errors);
                Console.WriteLine($"queries at {done:N0} docs: all p50/p95 {Pct(latencies[done], "all")} ms, {hits:N0} hits in all, {errors} errors");
            }
        }

        Console.WriteLine($"ingest: {ingested:N0} ingested, {duplicates:N0} duplicate, {rejected:N0} rejected, {textBytes / 1e6:0} MB of text in {ingestTime.TotalSeconds:0.0} s = {total / ingestTime.TotalSeconds:0} docs/s, {textBytes / 1e6 / ingestTime.TotalSeconds:0.0} MB/s (generating the files took another {generateTime.TotalSeconds:0.0} s, not counted)");
        var (peakBeforeVerify, anonymousBeforeVerify, fileBeforeVerify) = (ProcessMemory.PeakResidentBytes, peaks.Anonymous, peaks.File);
        var verifyClock = Stopwatch.StartNew();
        var report = archive.Verifier.Verify("bench", record: false, null, CancellationToken.None);
        var verify = verifyClock.Elapsed;
        Console.WriteLine($"verify: {(report.IsOk ? "OK" : report.Problems.Count + " problems")}, {report.BlobsChecked:N0} files, {report.BytesHashed / 1e6:0} MB hashed, {report.Events:N0} events in {verify.TotalSeconds:0.0} s");
        var peak = ProcessMemory.PeakResidentBytes;
        var parts = Directory.EnumerateFileSystemEntries(root).Order(StringComparer.Ordinal)
            .Select(p => (Name: Path.GetFileName(p), Bytes: Directory.Exists(p) ? DiskBytes(p) : new FileInfo(p).Length))
            .Where(p => p.Bytes > 0).ToList();

        Console.WriteLine();
        Console.WriteLine($"{"kind",-9} {"n",4} | {string.Join(" | ", latencies.Keys.Select(c => $"p50/p95 ms at {c:N0}".PadLeft(24)))}");
        foreach (var kind in queries.Select(q => q.Kind).Distinct().Append("all"))
        {
            var n = kind == "all" ? queries.Count : queries.Count(q => q.Kind == kind);
            Console.WriteLine($"{kind,-9} {n,4} | {string.Join(" | ", latencies.Values.Select(l => Pct(l, kind).PadLeft(24)))}");
        }

        Console.WriteLine();
        Console.WriteLine($"{"documents",-22} {total:N0} ({textBytes / 1e6:0} MB of text)");
        Console.WriteLine($"{"ingest",-22} {ingestTime.TotalSeconds:0.0} s = {total / ingestTime.TotalSeconds:0} docs/s");
        Console.WriteLine($"{"verify",-22} {verify.TotalSeconds:0.0} s ({(report.IsOk ? "OK" : "problems")})");
        Console.WriteLine($"{"peak RSS (VmHWM)",-22} {peak / 1e6:0} MB ({peakBeforeVerify / 1e6:0} MB before verify)");
        // Sampled every 100 ms: a shorter spike can be missed, so these are lower bounds of the true peaks.
        Console.WriteLine($"{"  anonymous (sampled)",-22} {peaks.Anonymous / 1e6:0} MB at most seen ({anonymousBeforeVerify / 1e6:0} MB before verify): heap, stacks, native allocations");
        Console.WriteLine($"{"  mapped (sampled)",-22} {peaks.File / 1e6:0} MB at most seen ({fileBeforeVerify / 1e6:0} MB before verify; {fileAtStart / 1e6:0} MB at the start, the runtime's own libraries): the memory-mapped catalog and index, page cache the kernel can drop");
        Console.WriteLine($"{"archive on disk",-22} {parts.Sum(p => p.Bytes) / 1e6:0} MB ({string.Join(", ", parts.Select(p => $"{p.Name} {p.Bytes / 1e6:0.0}"))})");
        return report.IsOk && rejected == 0 ? 0 : 1;
    }

    /// <summary>
    /// The query round alone, <paramref name="rounds"/> times, on an archive an earlier run kept with <c>--work DIR</c>
    /// (same seed, so the same queries): to compare builds on one archive without ingesting it again.
    /// </summary>
    private static int Queries(string work, int seed, int rounds)
    {
        var layout = new ArchiveLayout(Path.Combine(work, "archive"));
        var root = layout.Root;
        if (!File.Exists(layout.CatalogPath))
        {
            Console.Error.WriteLine($"{root} holds no archive: give --queries the folder an earlier run was given as --work");
            return 2;
        }

        var queries = ScaleQueries.Build(new SyntheticCorpus(seed));
        using var archive = ArchiveCore.Open(layout, TimeProvider.System);
        var captures = archive.Searcher.Search(new SearchRequest("*", Limit: 0)).Total;
        Console.WriteLine($"scale queries: {captures:N0} captures in {root}, seed {seed}, {queries.Count} queries, top 10 with 3 passages per hit, {rounds} rounds (each after a warm-up round)");
        Console.WriteLine($"{"kind",-9} {"n",4} | {string.Join(" | ", Enumerable.Range(1, rounds).Select(r => $"p50/p95 ms, round {r}".PadLeft(22)))}");
        var last = new List<(string Query, double Ms, int Total)>();
        var results = Enumerable.Range(0, rounds).Select(r => Time(archive.Searcher, queries, out _, out _, r == rounds - 1 ? last : null)).ToList();
        foreach (var kind in queries.Select(q => q.Kind).Distinct().Append("all"))
        {
            var n = kind == "all" ? queries.Count : queries.Count(q => q.Kind == kind);
            Console.WriteLine($"{kind,-9} {n,4} | {string.Join(" | ", results.Select(l => Pct(l, kind).PadLeft(22)))}");
        }

        Console.WriteLine($"slowest in the last round: {string.Join("; ", last.OrderByDescending(q => q.Ms).Take(6).Select(q => $"{q.Query} {q.Ms:0.0} ms ({q.Total:N0} hits)"))}");
        Console.WriteLine($"peak RSS (VmHWM) {ProcessMemory.PeakResidentBytes / 1e6:0} MB");
        return 0;
    }

    private static Dictionary<string, List<double>> Time(Searcher searcher, List<QuerySet.BenchQuery> queries, out long hits, out int errors, List<(string Query, double Ms, int Total)>? each = null)
    {
        (hits, errors) = (0, 0);
        foreach (var q in queries)
        {
            searcher.Search(new SearchRequest(q.Archive, Limit: 10, PassagesPerHit: 3)); // warm-up: JIT, page cache, vocabulary cache
        }

        var times = new Dictionary<string, List<double>>(StringComparer.Ordinal);
        foreach (var q in queries)
        {
            var start = Stopwatch.GetTimestamp();
            var response = searcher.Search(new SearchRequest(q.Archive, Limit: 10, PassagesPerHit: 3));
            var ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            (times.TryGetValue(q.Kind, out var list) ? list : times[q.Kind] = []).Add(ms);
            each?.Add((q.Archive, ms, response.Total));
            hits += response.Total;
            errors += response.Error is null ? 0 : 1;
        }

        return times;
    }

    private static string Pct(Dictionary<string, List<double>> times, string kind)
    {
        var values = (kind == "all" ? times.Values.SelectMany(v => v) : times.GetValueOrDefault(kind) ?? []).Order().ToList();
        if (values.Count == 0)
        {
            return "-";
        }

        double At(double p) => values[Math.Min(values.Count - 1, (int)Math.Ceiling(p * values.Count) - 1)];
        return $"{At(0.5):0.0} / {At(0.95):0.0}";
    }

    /// <summary>The document count at <paramref name="tenths"/> tenths of <paramref name="total"/>, rounded up.</summary>
    private static long Tenth(long total, int tenths) => ((total * tenths) + 9) / 10;

    private static long DiskBytes(string directory) =>
        Directory.Exists(directory) ? new DirectoryInfo(directory).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length) : 0;

    private static string? Option(string[] args, string name)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
    }
}
