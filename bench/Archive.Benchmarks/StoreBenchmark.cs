using Archive.Core.Storage;
using System.Diagnostics;
using Archive.Core;
using Archive.Core.Catalog;
using Archive.Core.Ingestion;
using Archive.Core.Metadata;
using Archive.Core.Verification;

namespace Archive.Benchmarks;

/// <summary>Ingest throughput and verify throughput (against sha256sum over the same blob files), in one run.</summary>
internal static class StoreBenchmark
{
    public static int Run(string shared, string[] args)
    {
        var limit = Option(args, "--limit") is { } l ? int.Parse(l, System.Globalization.CultureInfo.InvariantCulture) : int.MaxValue;
        var rounds = Option(args, "--rounds") is { } roundsText ? int.Parse(roundsText, System.Globalization.CultureInfo.InvariantCulture) : 3;
        var keep = Option(args, "--work") is not null;
        var work = Option(args, "--work") is { } given ? Path.GetFullPath(given) : WorkDirectory.Create("archive-bench-");
        var input = Path.Combine(work, "reuters");
        var root = Path.Combine(work, "archive");
        try
        {
            if (keep && Directory.Exists(root))
            {
                Console.WriteLine($"reusing {root} (ingest skipped)");
                using var existing = ArchiveCore.Open(new ArchiveLayout(root), TimeProvider.System);
                return CompareVerify(existing, work, rounds);
            }

            var (docs, bytes) = ReutersCorpus.WriteFiles(Path.Combine(shared, "reuters21578"), input, limit);
            Console.WriteLine($"corpus: {docs} Reuters articles, {bytes / 1e6:0.0} MB of text, written to {input}");

            var layout = new ArchiveLayout(root);
            ArchiveCore.Initialize(layout, TimeProvider.System);
            using var archive = ArchiveCore.Open(layout, TimeProvider.System);
            var clock = Stopwatch.StartNew();
            var outcomes = archive.Ingestor.Ingest(new IngestRequest([input], new Dictionary<string, FieldValue>(), "bench"), null, CancellationToken.None);
            clock.Stop();
            var ingested = outcomes.Count(o => o.Status == IngestStatus.Ingested);
            var rejected = outcomes.Where(o => o.Status == IngestStatus.Rejected).ToList();
            Console.WriteLine($"ingest: {ingested} ingested, {outcomes.Count(o => o.Status == IngestStatus.Duplicate)} duplicate, {rejected.Count} rejected in {clock.Elapsed.TotalSeconds:0.00} s");
            foreach (var r in rejected.Take(3))
            {
                Console.WriteLine($"  rejected {r.Path}: {r.Reason}");
            }

            Console.WriteLine($"ingest: {outcomes.Count / clock.Elapsed.TotalSeconds:0} docs/s, {bytes / 1e6 / clock.Elapsed.TotalSeconds:0.00} MB/s, peak RSS {Process.GetCurrentProcess().PeakWorkingSet64 / 1e6:0} MB");

            return CompareVerify(archive, work, rounds);
        }
        finally
        {
            if (!keep)
            {
                WorkDirectory.Delete(work);
            }
        }
    }

    /// <summary>
    /// Rounds of: sha256sum over the blob files, and the real <c>archive verify --no-record --json</c> in its own
    /// process (as a user runs it: start-up, JIT, workstation GC), with wall and CPU time for each. Two ratios of
    /// sha256sum's time to verify's (above 1: verify was faster): the verify the command reports (every check, from
    /// opening the catalog to the last time stamp), and the whole process.
    /// </summary>
    private static int CompareVerify(ArchiveCore archive, string work, int rounds)
    {
        var files = Directory.GetFiles(archive.Store.ObjectsRoot, "*", SearchOption.AllDirectories);
        var total = files.Sum(f => new FileInfo(f).Length);
        var listFile = Path.Combine(work, "blobs.txt");
        File.WriteAllLines(listFile, files);
        var cli = PublishedCli.Publish(Path.Combine(work, "cli"));
        var output = Path.Combine(work, "verify.json");
        Console.WriteLine($"verify beside sha256sum: {files.Length} files, {total / 1e6:0.0} MB; {rounds} rounds on {Environment.ProcessorCount} cores; load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
        var verified = new List<double>();
        var whole = new List<double>();
        for (var round = 1; round <= rounds; round++)
        {
            var sha = PublishedCli.Timed($"xargs -a '{listFile}' -d '\\n' sha256sum > /dev/null");
            var process = PublishedCli.Timed($"{cli} --archive '{archive.Layout.Root}' verify --no-record --json > '{output}'");
            var report = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(output))!;
            if (report["ok"]!.GetValue<bool>() is false)
            {
                Console.WriteLine($"verify found problems: {report["problems"]}");
                return 1;
            }

            var seconds = report["seconds"]!.GetValue<double>();
            verified.Add(sha.Wall / seconds);
            whole.Add(sha.Wall / process.Wall);
            Console.WriteLine($"round {round}: sha256sum {sha.Wall:0.00} s (cpu {sha.Cpu:0.00} s); archive verify {seconds:0.00} s for {report["blobs_checked"]} files and {report["events"]} events, its process {process.Wall:0.00} s (cpu {process.Cpu:0.00} s); " +
                $"ratio to sha256sum: verify {sha.Wall / seconds:0.00}, process {sha.Wall / process.Wall:0.00}");
            if (round == 1)
            {
                Console.WriteLine("  verify's parts: " + string.Join(", ", report["phases"]!.AsArray().Select(p => $"{p!["name"]} {p["seconds"]!.GetValue<double>() * 1000:0} ms")));
            }
        }

        Console.WriteLine($"median ratio to sha256sum (sha256sum's time / verify's): verify {Median(verified):0.00}, whole process {Median(whole):0.00}");
        return 0;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static string? Option(string[] args, string name)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
    }
}
