using System.Diagnostics;
using System.Globalization;
using System.Text;
using Archive.Core;
using Archive.Core.Ingestion;
using Archive.Core.Metadata;
using Archive.Core.Search;
using Archive.Core.Storage;

namespace Archive.Benchmarks;

/// <summary>
/// The issue's large-upload case: one text of about 49 MB (synthetic prose, a marker word near its start and another
/// at its very end) ingested beside a few small documents, then queries that match it, each with 3 passages per hit
/// and Archive's time limit in force. Prints each query's time (first run and best of 3), its hits and error, and the
/// process's peak RSS. The issue's target: under 300 ms per query and under 1 GB.
/// </summary>
internal static class LargeTextBenchmark
{
    public static int Run(string[] args)
    {
        var at = Array.IndexOf(args, "--mb");
        var megabytes = at >= 0 ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : 49;
        var html = args.Contains("--html");
        var work = WorkDirectory.Create("archive-large-bench-");
        try
        {
            var input = Path.Combine(work, "input");
            Directory.CreateDirectory(input);
            var large = Path.Combine(input, html ? "large.html" : "large.txt");
            WriteLargeText(large, megabytes * 1_000_000L, html);
            if (args.Contains("--ingest-only"))
            {
                return IngestOnly(work, large);
            }

            for (var i = 0; i < 20; i++)
            {
                File.WriteAllText(Path.Combine(input, $"small{i:00}.txt"), $"Small note {i}\n\nA short dispatch about the convoy and the border crossing, number {i}.\n");
            }

            var layout = new ArchiveLayout(Path.Combine(work, "archive"));
            ArchiveCore.Initialize(layout, TimeProvider.System);
            using var archive = ArchiveCore.Open(layout, TimeProvider.System);
            var clock = Stopwatch.StartNew();
            var outcomes = archive.Ingestor.Ingest(new IngestRequest([input], new Dictionary<string, FieldValue>(), "bench"), null, CancellationToken.None);
            Console.WriteLine($"large text: {new FileInfo(large).Length / 1e6:0.0} MB + 20 small documents ingested ({outcomes.Count(o => o.Status == IngestStatus.Ingested)} ingested) in {clock.Elapsed.TotalSeconds:0.0} s, peak RSS so far {ProcessMemory.PeakResidentBytes / 1e6:0} MB");

            string[] queries =
            [
                "zanzibarmarker",
                "quokkaterminal",
                "convoy",
                "\"border crossing\"",
                "convoi~1",
                "bord*",
                "a* OR b* OR c* OR d* OR e* OR f* OR g* OR h* OR i* OR j* OR k* OR l* OR m* OR n* OR o* OR p* OR q* OR r* OR s* OR t* OR u* OR v* OR w* OR x* OR y* OR z*",
            ];
            Console.WriteLine($"{"query",-40} | {"first ms",9} | {"best of 3 ms",12} | {"hits",5} | error");
            foreach (var query in queries)
            {
                var request = new SearchRequest(query, Limit: 10, PassagesPerHit: 3);
                clock.Restart();
                var response = archive.Searcher.Search(request);
                var first = clock.Elapsed.TotalMilliseconds;
                var best = double.MaxValue;
                for (var i = 0; i < 3; i++)
                {
                    clock.Restart();
                    archive.Searcher.Search(request);
                    best = Math.Min(best, clock.Elapsed.TotalMilliseconds);
                }

                var shown = query.Length > 40 ? query[..37] + "..." : query;
                Console.WriteLine($"{shown,-40} | {first,9:0.0} | {best,12:0.0} | {response.Total,5} | {response.Error?.Message ?? "-"}");
            }

            Console.WriteLine($"peak RSS {ProcessMemory.PeakResidentBytes / 1e6:0} MB (target: each query under 300 ms, the process under 1 GB)");
            return 0;
        }
        finally
        {
            WorkDirectory.Delete(work);
        }
    }

    /// <summary>
    /// Issue 11's streaming figure: ingests the one large file alone (no queries) and reports the process's peak RSS
    /// against the file's size (target: under three times it). The file is written before the archive opens, with a
    /// 1 MB buffer, so the peak is the ingest's.
    /// </summary>
    private static int IngestOnly(string work, string large)
    {
        var size = new FileInfo(large).Length;
        var before = ProcessMemory.PeakResidentBytes;
        var layout = new ArchiveLayout(Path.Combine(work, "archive"));
        ArchiveCore.Initialize(layout, TimeProvider.System);
        using var archive = ArchiveCore.Open(layout, TimeProvider.System);
        var clock = Stopwatch.StartNew();
        var outcome = archive.Ingestor.Ingest(new IngestRequest([large], new Dictionary<string, FieldValue>(), "bench"), null, CancellationToken.None).Single();
        var seconds = clock.Elapsed.TotalSeconds;
        var peak = ProcessMemory.PeakResidentBytes;
        var text = outcome.CaptureId is { } id ? archive.Catalog.Show(id)!.Capture.TextLength : 0;
        Console.WriteLine($"{Path.GetFileName(large)}: {size / 1e6:0.0} MB {outcome.Status} in {seconds:0.0} s, text {text:N0} code points");
        Console.WriteLine($"peak RSS {peak / 1e6:0} MB = {(double)peak / size:0.00} x the file (before the archive opened: {before / 1e6:0} MB; target under 3 x)");
        return 0;
    }

    /// <summary>Prose from a small vocabulary, in lines of about 100 characters (paragraphs for HTML), with a marker near the start and one at the end.</summary>
    private static void WriteLargeText(string path, long bytes, bool html)
    {
        string[] words =
        [
            "the", "convoy", "reached", "border", "crossing", "at", "dawn", "and", "officials", "said", "that", "talks",
            "would", "resume", "after", "a", "short", "delay", "in", "capital", "while", "monitors", "reported", "calm",
            "markets", "opened", "higher", "on", "news", "of", "agreement", "between", "parties", "over", "trade",
        ];
        var random = new Random(7);
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 20);
        writer.Write(html
            ? "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>Large upload</title></head><body>\n<p>The zanzibarmarker report opens the file.</p>\n"
            : "Large upload\n\nThe zanzibarmarker report opens the file.\n");
        long written = 0;
        var line = new StringBuilder();
        while (written < bytes - 200)
        {
            line.Clear();
            while (line.Length < 100)
            {
                line.Append(words[random.Next(words.Length)]).Append(' ');
            }

            line[^1] = '.';
            if (html)
            {
                line.Insert(0, "<p>").Append("</p>");
            }

            line.Append('\n');
            writer.Write(line);
            written += line.Length;
        }

        writer.Write(html ? "<p>The quokkaterminal line closes the file.</p>\n</body></html>\n" : "The quokkaterminal line closes the file.\n");
    }
}
