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
        var limit = args.Length >= 2 && args[0] == "--limit" ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : int.MaxValue;
        var work = WorkDirectory.Create("archive-bench-");
        var input = Path.Combine(work, "reuters");
        var root = Path.Combine(work, "archive");
        try
        {
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

            var report = archive.Verifier.Verify("bench", record: false, null, CancellationToken.None);
            Console.WriteLine($"verify: {(report.IsOk ? "OK" : report.Problems.Count + " problems")}, {report.BlobsChecked} files, {report.BytesHashed / 1e6:0.0} MB in {report.Elapsed.TotalSeconds:0.00} s = {report.MegabytesPerSecond:0.0} MB/s (includes the log audit of {report.Events} events)");

            var files = Directory.GetFiles(archive.Store.ObjectsRoot, "*", SearchOption.AllDirectories);
            var listFile = Path.Combine(work, "blobs.txt");
            File.WriteAllLines(listFile, files);
            var sha = Stopwatch.StartNew();
            using (var process = Process.Start(new ProcessStartInfo("bash", ["-c", $"xargs -a '{listFile}' -d '\\n' sha256sum > /dev/null"]) { UseShellExecute = false })!)
            {
                process.WaitForExit();
            }

            sha.Stop();
            var total = files.Sum(f => new FileInfo(f).Length);
            var shaRate = total / 1e6 / sha.Elapsed.TotalSeconds;
            Console.WriteLine($"sha256sum: {files.Length} files, {total / 1e6:0.0} MB in {sha.Elapsed.TotalSeconds:0.00} s = {shaRate:0.0} MB/s");
            Console.WriteLine($"verify hashing phase: {report.Hashing.TotalSeconds:0.00} s = {report.HashingMegabytesPerSecond:0.0} MB/s");
            Console.WriteLine($"throughput ratio to sha256sum: whole verify {report.MegabytesPerSecond / shaRate:0.00}, hashing phase {report.HashingMegabytesPerSecond / shaRate:0.00}");
            return 0;
        }
        finally
        {
            WorkDirectory.Delete(work);
        }
    }
}
