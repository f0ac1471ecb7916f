using Archive.Core.Storage;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Archive.Core;
using Archive.Core.Catalog;
using Archive.Core.Ingestion;
using Archive.Core.Metadata;
using Archive.Core.Search;
using Microsoft.Data.Sqlite;

namespace Archive.Benchmarks;

/// <summary>
/// Index throughput and query latency, side by side in one run, on Reuters-21578 and SaudiNewsNet: Archive (its
/// whole durable ingest; searches with passages and hits only), raw Lucene.Net (with passages), raw FTS5 (same SQLite,
/// porter unicode61, no C# analysis), and Xapian when python3-xapian is installed.
/// </summary>
internal static class SearchBenchmark
{
    // Debian's interpreter, where python3-xapian installs; a pyenv or venv python on PATH would not see it.
    private const string PythonPath = "/usr/bin/python3";

    internal static readonly (string Query, string[] Variants)[] ReutersAliases =
    [
        ("usa", ["usa", "u.s.", "united states"]),
        ("ussr", ["ussr", "soviet union"]),
        ("opec", ["opec", "organization of petroleum exporting countries"]),
        ("imf", ["imf", "international monetary fund"]),
        ("gatt", ["gatt", "general agreement on tariffs and trade"]),
        ("ec", ["ec", "european community"]),
        ("fed", ["fed", "federal reserve"]),
        ("bundesbank", ["bundesbank", "german central bank"]),
    ];

    internal static readonly (string Query, string[] Variants)[] ArabicAliases =
    [
        ("داعش", ["داعش", "الدولة الإسلامية", "تنظيم الدولة"]),
        ("السعودية", ["السعودية", "المملكة العربية السعودية", "المملكة"]),
        ("الرياض", ["الرياض", "العاصمة الرياض"]),
        ("سوريا", ["سوريا", "سورية"]),
        ("اليمن", ["اليمن", "الجمهورية اليمنية"]),
        ("إيران", ["إيران", "ايران", "طهران"]),
    ];

    private static readonly TimeSpan DeletionWindow = TimeSpan.FromSeconds(40);

    public static int Run(string shared, string[] args)
    {
        var limitAt = Array.IndexOf(args, "--limit");
        var limit = limitAt >= 0 ? int.Parse(args[limitAt + 1], CultureInfo.InvariantCulture) : int.MaxValue;
        var corpusAt = Array.IndexOf(args, "--corpus");
        var corpus = args.Contains("--arabic") ? "saudinewsnet" : corpusAt >= 0 ? args[corpusAt + 1] : "both";
        if (corpus is not ("reuters" or "saudinewsnet" or "both"))
        {
            Console.Error.WriteLine($"--corpus must be reuters, saudinewsnet or both, not {corpus}");
            return 2;
        }

        // Archive ingests as users run it: `archive ingest` in its own process, ReadyToRun and with its project's runtime
        // settings. Its searches then run in this process, warmed up first: JIT-compiled with the runtime's defaults
        // (tier 0, then profile-guided), not the CLI's ReadyToRun code with its settings.
        var cliFolder = WorkDirectory.Create("archive-search-bench-cli-");
        try
        {
            var cli = PublishedCli.Publish(cliFolder);
            if (corpus is "reuters" or "both")
            {
                RunCorpus(shared, cli, arabic: false, limit);
            }

            if (corpus is "saudinewsnet" or "both")
            {
                if (corpus == "both")
                {
                    // The first corpus's work folder (about 65,000 files) was just deleted. On an ext4 without a journal,
                    // as on the 2-core benchmark machine, a file created within 30 s of a deletion takes the kernel about
                    // 17 times as long (5,000 files: 3.1 s of system time against 0.18 s), and Archive's ingest creates a
                    // file per document while the other engines create a few: wait that window out.
                    Console.WriteLine();
                    Console.WriteLine($"waiting {DeletionWindow.TotalSeconds:0} s after deleting the first corpus's files (see the source)");
                    Thread.Sleep(DeletionWindow);
                }

                RunCorpus(shared, cli, arabic: true, limit);
            }
        }
        finally
        {
            WorkDirectory.Delete(cliFolder);
        }

        return 0;
    }

    private static void RunCorpus(string shared, string cli, bool arabic, int limit)
    {
        var work = WorkDirectory.Create("archive-search-bench-");
        var input = Path.Combine(work, "docs");
        try
        {
            var (docs, bytes) = arabic
                ? SaudiNewsNetCorpus.WriteFiles(Path.Combine(shared, "saudinewsnet"), input, limit)
                : ReutersCorpus.WriteFiles(Path.Combine(shared, "reuters21578"), input, limit);
            Console.WriteLine($"corpus: {docs} {(arabic ? "SaudiNewsNet" : "Reuters-21578")} documents, {bytes / 1e6:0.0} MB");
            var aliases = arabic ? ArabicAliases : ReutersAliases;
            var texts = Directory.GetFiles(input, "*.txt").Order(StringComparer.Ordinal).Select(File.ReadAllText).ToList();

            // Archive: its whole durable ingest (hashing, blobs, catalog, events, checkpoints, analysis and the index),
            // timed as a user's `archive ingest` is, from starting its process to its exit.
            var layout = new ArchiveLayout(Path.Combine(work, "archive"));
            ArchiveCore.Initialize(layout, TimeProvider.System);
            File.WriteAllLines(layout.AliasesPath, aliases.Select(a => string.Join(" | ", a.Variants)));
            var ingestJson = Path.Combine(work, "ingest.json");
            var ingest = PublishedCli.Timed($"{cli} --archive '{layout.Root}' ingest '{input}' --json > '{ingestJson}'");
            // Exit 5: some files were rejected (named below); anything else failed.
            var report = ingest.ExitCode is 0 or 5 && File.Exists(ingestJson) ? JsonNode.Parse(File.ReadAllText(ingestJson)) : null;
            if (report?["summary"] is not { } summary)
            {
                throw new InvalidOperationException($"archive ingest failed (exit {ingest.ExitCode}; its errors are printed above)");
            }

            foreach (var r in report["results"]!.AsArray().Where(r => (string?)r!["status"] == "rejected").Take(3))
            {
                Console.WriteLine($"  rejected {Path.GetFileName((string?)r!["path"])}: {r["reason"]}");
            }

            Console.WriteLine($"archive ingest: {summary["ingested"]} ingested, {summary["duplicate"]} duplicate, {summary["rejected"]} rejected in {ingest.Wall:0.0} s (`archive ingest` in its own process, cpu {ingest.Cpu:0.0} s) = {docs / ingest.Wall:0} docs/s");
            using var archive = ArchiveCore.Open(layout, TimeProvider.System);

            // Raw Lucene.Net over the same texts: stemmed + exact fields, a durable commit every 256 documents.
            using var lucene = new LuceneEngine(Path.Combine(work, "lucene"), arabic);
            var luceneIndex = lucene.Index(texts);
            Console.WriteLine($"raw Lucene.Net index: stemmed + exact fields, commit (fsync) every 256, {lucene.DiskBytes / 1e6:0.0} MB on disk = {docs / luceneIndex:0} docs/s");

            // Raw FTS5 over the same texts with the same durability settings.
            var rawPath = Path.Combine(work, "raw.db");
            using var raw = new SqliteConnection($"Data Source={rawPath}");
            raw.Open();
            Exec(raw, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; CREATE VIRTUAL TABLE raw USING fts5(title, body, tokenize = 'porter unicode61 remove_diacritics 2');");
            var clock = Stopwatch.StartNew();
            for (var start = 0; start < texts.Count; start += 256)
            {
                using var tx = raw.BeginTransaction();
                using var insert = raw.CreateCommand();
                insert.Transaction = tx;
                insert.CommandText = "INSERT INTO raw(title, body) VALUES ($t, $b)";
                var t = insert.Parameters.Add("$t", SqliteType.Text);
                var b = insert.Parameters.Add("$b", SqliteType.Text);
                foreach (var text in texts.Skip(start).Take(256))
                {
                    var cut = text.IndexOf("\n\n", StringComparison.Ordinal);
                    t.Value = cut > 0 ? text[..cut] : string.Empty;
                    b.Value = text;
                    insert.ExecuteNonQuery();
                }

                tx.Commit();
            }

            var rawIngest = clock.Elapsed.TotalSeconds;
            Console.WriteLine($"raw FTS5 index: text only: no hashing, blobs, catalog or events = {docs / rawIngest:0} docs/s");

            var queries = QuerySet.Build(texts, aliases);
            Console.WriteLine($"queries: {queries.Count} ({string.Join(", ", queries.GroupBy(q => q.Kind).Select(g => $"{g.Count()} {g.Key}"))})");
            var searcher = archive.Searcher;
            var full = Time(queries, q => searcher.Search(new SearchRequest(q.Archive, Limit: 10, PassagesPerHit: 3)).Total, out var archiveHits, out var fullWarm);
            var bare = Time(queries, q => searcher.Search(new SearchRequest(q.Archive, Limit: 10, PassagesPerHit: 0)).Total, out _, out var bareWarm);
            var luceneTimes = Time(queries, q => lucene.Search(q, limit: 10, passages: 3), out var luceneHits, out var luceneWarm);
            var withFts5 = queries.Where(q => q.Fts5 is not null).ToList();
            var rawTimes = Time(withFts5, q => RawQuery(raw, q.Fts5!), out var rawHits, out var rawWarm);
            Console.WriteLine($"latency: {TimedPasses} timed passes over every query, each engine warmed first by at least 3 passes, until one is under 5% faster than the one before (archive+passages {fullWarm}, hits-only {bareWarm}, raw Lucene.Net {luceneWarm}, raw FTS5 {rawWarm}; xapian, C++, 1), as a serving process is warm");
            Console.WriteLine($"total hits, a sanity check that the engines answer alike: archive {archiveHits.Values.Sum()}, raw Lucene.Net {luceneHits.Values.Sum()}; without fuzzy: archive {withFts5.Sum(q => archiveHits[q])}, raw Lucene.Net {withFts5.Sum(q => luceneHits[q])}, raw FTS5 {rawHits.Values.Sum()}");
            var errors = queries.Select(q => searcher.Search(new SearchRequest(q.Archive, Limit: 1, PassagesPerHit: 0))).Count(r => r.Error is not null);
            Console.WriteLine($"archive query errors: {errors}");

            Dictionary<string, List<double>>? xapian = null;
            if (XapianScript() is not { } script)
            {
                Console.WriteLine("xapian: not available (bench/xapian_bench.py not found)");
            }
            else if (!File.Exists(PythonPath))
            {
                Console.WriteLine($"xapian: not available ({PythonPath} missing; apt-get install python3-xapian)");
            }
            else if (Xapian(script, work, input, queries, arabic) is { } x)
            {
                xapian = x.Times;
                Console.WriteLine($"xapian index: {(arabic ? "arabic" : "english")} stemmer, commit every 256 = {docs / x.IndexSeconds:0} docs/s");
            }

            Console.WriteLine();
            Console.WriteLine($"{"kind",-9} {"n",4} | {"archive+passages p50/p95 ms",28} | {"archive hits-only p50/p95",26} | {"raw Lucene.Net+passages",24} | {"raw FTS5 p50/p95",18} | {"xapian p50/p95",16}");
            foreach (var kind in queries.Select(q => q.Kind).Distinct().Append("all"))
            {
                Console.WriteLine($"{kind,-9} {Count(full, kind),4} | {Pct(full, kind),28} | {Pct(bare, kind),26} | {Pct(luceneTimes, kind),24} | {Pct(rawTimes, kind),18} | {(xapian is null ? "-" : Pct(xapian, kind)),16}");
            }
        }
        finally
        {
            WorkDirectory.Delete(work);
        }
    }

    /// <summary>How many times every query is timed, after the warm-up.</summary>
    private const int TimedPasses = 3;

    /// <summary>
    /// Times every query in <see cref="TimedPasses"/> passes, after passes that warm up the engine (JIT tiers, page
    /// cache, caches): at least three (tiered JIT recompiles hot methods in the background after their first 30 calls),
    /// then until one is less than 5% faster than the one before, as a serving process is warm.
    /// </summary>
    private static Dictionary<string, List<double>> Time(List<QuerySet.BenchQuery> queries, Func<QuerySet.BenchQuery, int> run, out Dictionary<QuerySet.BenchQuery, int> totals, out int warmPasses)
    {
        totals = [];
        var previous = TimeSpan.MaxValue;
        for (warmPasses = 1; ; warmPasses++)
        {
            var pass = Stopwatch.GetTimestamp();
            foreach (var q in queries)
            {
                totals[q] = run(q);
            }

            var elapsed = Stopwatch.GetElapsedTime(pass);
            if (warmPasses == 10 || (warmPasses >= 3 && elapsed > previous * 0.95))
            {
                break;
            }

            previous = elapsed;
        }

        var times = new Dictionary<string, List<double>>(StringComparer.Ordinal);
        for (var round = 0; round < TimedPasses; round++)
        {
            foreach (var q in queries)
            {
                var start = Stopwatch.GetTimestamp();
                run(q);
                var ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                (times.TryGetValue(q.Kind, out var list) ? list : times[q.Kind] = []).Add(ms);
            }
        }

        return times;
    }

    private static int RawQuery(SqliteConnection raw, string match)
    {
        using var command = raw.CreateCommand();
        command.CommandText = "SELECT rowid, bm25(raw) FROM raw WHERE raw MATCH $q ORDER BY bm25(raw), rowid LIMIT 10";
        command.Parameters.AddWithValue("$q", match);
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
            }
        }

        command.CommandText = "SELECT count(*) FROM raw WHERE raw MATCH $q";
        return Convert.ToInt32(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    /// <summary>bench/xapian_bench.py, looked for above the working directory and above the benchmark's binaries.</summary>
    private static string? XapianScript()
    {
        foreach (var from in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(from); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "bench", "xapian_bench.py");
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        return null;
    }

    private static (Dictionary<string, List<double>> Times, double IndexSeconds)? Xapian(string script, string work, string input, List<QuerySet.BenchQuery> queries, bool arabic)
    {
        var queryFile = Path.Combine(work, "queries.json");
        File.WriteAllText(queryFile, JsonSerializer.Serialize(queries.Select(q => new { kind = q.Kind, archive = q.Archive, fts5 = q.Fts5 })));
        var start = new ProcessStartInfo(PythonPath, [script, input, queryFile, Path.Combine(work, "xapian"), arabic ? "arabic" : "english", TimedPasses.ToString(CultureInfo.InvariantCulture)])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            Console.WriteLine($"xapian failed (is python3-xapian installed?): {error.Result.Split('\n').LastOrDefault(l => l.Length > 0)}");
            return null;
        }

        using var json = JsonDocument.Parse(output);
        var times = new Dictionary<string, List<double>>(StringComparer.Ordinal);
        foreach (var q in json.RootElement.GetProperty("queries").EnumerateArray())
        {
            var kind = q.GetProperty("kind").GetString()!;
            (times.TryGetValue(kind, out var list) ? list : times[kind] = []).Add(q.GetProperty("ms").GetDouble());
        }

        return (times, json.RootElement.GetProperty("index_seconds").GetDouble());
    }

    private static int Count(Dictionary<string, List<double>> times, string kind) =>
        (kind == "all" ? times.Values.Sum(v => v.Count) : times.GetValueOrDefault(kind)?.Count ?? 0) / TimedPasses;

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

    private static void Exec(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
