using Archive.Core.Storage;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Archive.Core;
using Archive.Core.Catalog;
using Archive.Core.Ingestion;
using Archive.Core.Metadata;
using Archive.Core.Security;
using Archive.Web.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Archive.Benchmarks;

/// <summary>
/// Eight readers hammer the real web host (Kestrel on 127.0.0.1) over a Reuters archive with searches, document
/// and passage requests for a fixed time, while an archivist uploads BBC News through <c>POST /api/documents</c>, so
/// SQLite serves readers and a writer at once (WAL). Reports requests/s, p50/p95/p99 per request type and errors.
/// </summary>
internal static class LoadBenchmark
{
    /// <summary>A fixed mix: plain terms, phrases, proximity, boolean, prefix, wildcard, fuzzy, fields, dates, aliases.</summary>
    private static readonly string[] Queries =
    [
        "oil", "crude oil prices", "\"interest rates\"", "wheat", "coffee", "gold", "dollar AND yen", "opec", "bank*", "\"trade deficit\"",
        "\"earnings per share\"", "acquisition", "merger OR takeover", "dividend", "profit", "export*", "japan tokyo", "brazil debt", "mexico",
        "soviet grain", "sugar", "cocoa", "copper", "rubber", "ship*", "strike", "bundesbank", "federal reserve", "treasury bonds", "inflation",
        "\"money supply\"", "reagan", "tarif*", "yeutter", "volcker", "canada", "gulf iran", "saudi", "petroleum", "\"natural gas\"", "coal",
        "steel", "chrysler", "ibm computer", "semiconductor*", "\"stock exchange\"", "corn OR soybeans", "wheat -corn", "title:oil",
        "opec~", "bundesbnak~1", "te?as", "publisher:Reuters AND gold", "published:[1987-03-01 TO 1987-03-31] AND oil",
        "\"net income\"~3", "dividend AND NOT loss", "tag:reuters21578 AND cocoa", "(oil OR gas) AND (price* OR cost*)", "soviet union",
        "football", "election", "music", "film", "mobile phone*",
    ];

    private const string Aliases = """
        # Name variants for the load benchmark.
        OPEC | Organization of Petroleum Exporting Countries
        USSR | Soviet Union | Soviets
        Federal Reserve | Fed
        Bundesbank | German central bank
        """;

    public static async Task<int> Run(string shared, string[] args)
    {
        var seconds = Option(args, "--seconds", 60);
        var clients = Option(args, "--clients", 8);
        var limit = Option(args, "--limit", int.MaxValue);
        // Open loop: --rate N reader requests per second in all, --upload-rate N uploads per second; 0 (the default)
        // sends each next request as soon as the last one returns (closed loop, the server saturated).
        var pacing = new Pacing(OptionDouble(args, "--rate", 0), OptionDouble(args, "--upload-rate", 0));
        var ingest = !args.Contains("--no-ingest");
        var embed = args.Contains("--embed");
        var priority = args.SkipWhile(a => a != "--embed-priority").Skip(1).FirstOrDefault() ?? "low";
#if DEBUG
        Console.WriteLine("warning: a Debug build; run with -c Release for figures worth reporting");
#endif
        // --keep DIR: build the Reuters archive in DIR once, keep it, and reuse it on later runs (BBC uploads then add up).
        var keep = args.SkipWhile(a => a != "--keep").Skip(1).FirstOrDefault();
        var work = keep is not null ? Path.GetFullPath(keep) : Path.Combine(Path.GetTempPath(), "archive-load-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            var root = Path.Combine(work, "archive");
            var (readerToken, archivistToken) = BuildReutersArchive(shared, work, root, limit);
            var bbc = ingest ? BbcCorpus.Extract(Path.Combine(shared, "bbc-news"), Path.Combine(work, "bbc")) : [];
            Console.WriteLine($"bbc: {bbc.Count} articles to upload during the run");

            var app = ArchiveWebApp.Create(["--archive", root, "--urls", "http://127.0.0.1:0", "--Logging:LogLevel:Default", "Warning", "--embed=" + (embed ? "true" : "false"), "--embed-priority=" + priority]);
            var chunksBefore = embed ? Vectors(root).Chunks : 0;
            await app.StartAsync();
            try
            {
                var baseUrl = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
                Console.WriteLine($"host: {baseUrl} ({Environment.ProcessorCount} CPUs, server GC {System.Runtime.GCSettings.IsServerGC}){(embed ? $", embedding waiting texts in the background at {priority} priority" : string.Empty)}; load average {File.ReadAllText("/proc/loadavg")[..14]}");
                var clock = Stopwatch.StartNew();
                var exit = await Measure(baseUrl, readerToken, archivistToken, bbc, clients, seconds, pacing);
                if (embed)
                {
                    var after = Vectors(root);
                    Console.WriteLine($"background embedding: {after.Chunks - chunksBefore} chunks in {clock.Elapsed.TotalSeconds:0} s = {(after.Chunks - chunksBefore) / clock.Elapsed.TotalSeconds:0.0} chunks/s while serving; {after.Embedded} texts have vectors, {after.Waiting} wait");
                }

                return exit;
            }
            finally
            {
                await app.StopAsync();
                await app.DisposeAsync();
            }
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                if (keep is null)
                {
                    Directory.Delete(work, recursive: true);
                }
            }
            catch (IOException)
            {
            }
        }
    }

    private static Archive.Core.Search.Semantic.EmbedStatus Vectors(string root)
    {
        using var archive = ArchiveCore.Open(new ArchiveLayout(root), TimeProvider.System);
        return archive.Semantic.Status();
    }

    private static (string Reader, string Archivist) BuildReutersArchive(string shared, string work, string root, int limit)
    {
        var layout = new ArchiveLayout(root);
        if (File.Exists(layout.CatalogPath))
        {
            using var kept = ArchiveCore.Open(layout, TimeProvider.System);
            Console.WriteLine($"reuters: reusing the archive in {root}");
            return CreateTokens(kept);
        }

        var input = Path.Combine(work, "reuters");
        var (docs, bytes) = ReutersCorpus.WriteFiles(Path.Combine(shared, "reuters21578"), input, limit);
        ArchiveCore.Initialize(layout, TimeProvider.System);
        File.WriteAllText(layout.AliasesPath, Aliases);
        using var archive = ArchiveCore.Open(layout, TimeProvider.System);
        var clock = Stopwatch.StartNew();
        var outcomes = archive.Ingestor.Ingest(new IngestRequest([input], new Dictionary<string, FieldValue>(), "bench"), null, CancellationToken.None);
        Console.WriteLine($"reuters: {outcomes.Count(o => o.Status == IngestStatus.Ingested)} of {docs} articles ({bytes / 1e6:0.0} MB) ingested in {clock.Elapsed.TotalSeconds:0.0} s");
        return CreateTokens(archive);
    }

    private static (string Reader, string Archivist) CreateTokens(ArchiveCore archive)
    {
        var tokens = new TokenStore(archive.Database, TimeProvider.System);
        var suffix = Guid.NewGuid().ToString("N")[..8];
        return (tokens.Create("load-reader-" + suffix, "reader").Token, tokens.Create("load-archivist-" + suffix, "archivist").Token);
    }

    private static async Task<int> Measure(Uri baseUrl, string readerToken, string archivistToken, List<(string Topic, string Path)> bbc, int clients, int seconds, Pacing pacing)
    {
        using var probe = Client(baseUrl, readerToken);
        if (await WarmUp(probe) is not { } targets)
        {
            return 1;
        }

        var stats = new Dictionary<string, RequestStats>(StringComparer.Ordinal)
        {
            ["search"] = new("search"),
            ["document"] = new("document"),
            ["passage"] = new("passage"),
        };
        var uploads = new RequestStats("upload");
        var perQuery = Queries.ToDictionary(q => q, q => new RequestStats(q), StringComparer.Ordinal);
        var before = await Documents(probe);
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var ingest = Task.Run(() => Upload(baseUrl, archivistToken, bbc, uploads, clock, pacing.Uploads, stop.Token));
        var readers = Enumerable.Range(0, clients).Select(i => Task.Run(() => Read(baseUrl, readerToken, i, clients, pacing.Readers, targets, stats, perQuery, clock, stop.Token))).ToArray();
        await Task.WhenAll(readers);
        var (uploaded, ingestSeconds) = await ingest;
        var elapsed = clock.Elapsed.TotalSeconds;
        process.Refresh();
        var cpu = (process.TotalProcessorTime - cpuBefore).TotalSeconds;
        var after = await Documents(probe);

        var total = stats.Values.Sum(s => s.Count);
        var errors = stats.Values.Sum(s => s.Errors) + uploads.Errors;
        Console.WriteLine();
        Console.WriteLine($"load: {clients} clients for {elapsed:0.0} s against {baseUrl}, {Queries.Length} queries, {pacing}; load average {LoadAverage()} (other processes share these CPUs)");
        foreach (var s in stats.Values)
        {
            Console.WriteLine("  " + s.Line(elapsed));
        }

        Console.WriteLine($"  {"all",-9} {total,7} req {total / elapsed,8:0.0}/s");
        Console.WriteLine($"cpu: this process (server, clients and uploader) used {cpu:0.0} s of CPU in {elapsed:0.0} s = {cpu / elapsed:0.00} of {Environment.ProcessorCount} CPUs; {cpu * 1000 / (total + uploads.Count):0.0} ms of CPU per request");
        Console.WriteLine("slowest queries by p95:");
        foreach (var q in perQuery.Values.OrderByDescending(q => q.Percentile(0.95)).Take(8))
        {
            Console.WriteLine($"  {q.Percentile(0.50),6:0.0} ms p50 {q.Percentile(0.95),7:0.0} ms p95  ({q.Count} runs)  {q.Name}");
        }

        Console.WriteLine(bbc.Count == 0 ? "ingest: off (--no-ingest)" : $"ingest: {uploaded.Created} new + {uploaded.Duplicates} duplicate of {bbc.Count} BBC articles uploaded in {ingestSeconds:0.0} s ({(uploaded.Created + uploaded.Duplicates) / ingestSeconds:0.0} docs/s){(ingestSeconds < elapsed - 1 ? $"; the last {elapsed - ingestSeconds:0} s of the run had no concurrent writer" : "; the writer ran for the whole run")}");
        Console.WriteLine("  " + uploads.Line(ingestSeconds));
        var slow = stats.Values.Append(uploads).SelectMany(s => s.Slow().Select(r => (Kind: s.Name, r.At, r.Milliseconds, r.What))).OrderBy(r => r.At).ToList();
        Console.WriteLine(slow.Count == 0 ? $"slow requests (>= {RequestStats.SlowMilliseconds / 1000:0} s): none" : $"slow requests (>= {RequestStats.SlowMilliseconds / 1000:0} s), by start time:");
        foreach (var r in slow)
        {
            Console.WriteLine($"  at {r.At,6:0.0} s  {r.Milliseconds,8:0} ms  {r.Kind,-8} {r.What}");
        }

        Console.WriteLine($"catalog: {before} documents before, {after} after (expected {before + uploaded.Created})");
        var searchP95 = stats["search"].Percentile(0.95);
        var ok = errors == 0 && searchP95 <= 100 && after == before + uploaded.Created;
        Console.WriteLine($"target (0 errors, search p95 <= 100 ms, every upload in the catalog): {(ok ? "met" : "NOT met")} — errors {errors}, search p95 {searchP95:0.0} ms");
        return ok ? 0 : 1;
    }

    /// <summary>Runs every query once (compiling code paths) and collects hits and passages to request during the run.</summary>
    private static async Task<(List<string> Documents, List<(string Id, int Start, int End)> Passages)?> WarmUp(HttpClient client)
    {
        var documents = new List<string>();
        var passages = new List<(string, int, int)>();
        var clock = Stopwatch.StartNew();
        foreach (var query in Queries)
        {
            using var response = await client.GetAsync(SearchUrl(query, sortByDate: false));
            var body = await response.Content.ReadAsStringAsync();
            if (!response.IsSuccessStatusCode)
            {
                Console.WriteLine($"warm-up: {query}: {(int)response.StatusCode} {body}");
                return null;
            }

            using var json = JsonDocument.Parse(body);
            foreach (var hit in json.RootElement.GetProperty("hits").EnumerateArray())
            {
                var id = hit.GetProperty("id").GetString()!;
                documents.Add(id);
                passages.AddRange(hit.GetProperty("passages").EnumerateArray().Select(p => (id, p.GetProperty("start").GetInt32(), p.GetProperty("end").GetInt32())));
            }
        }

        Console.WriteLine($"warm-up: {Queries.Length} queries in {clock.Elapsed.TotalSeconds:0.0} s; {documents.Distinct().Count()} documents and {passages.Count} passages to request");
        return (documents, passages);
    }

    /// <summary>
    /// One reader: a fixed seed, half searches, a quarter documents, a quarter passages, one request at a time. At a
    /// <paramref name="rate"/> (requests per second shared by all <paramref name="clients"/>), request k of reader
    /// <paramref name="seed"/> is due at (k · clients + seed) / rate seconds, and its latency counts from then, so a
    /// server that falls behind shows it (no coordinated omission).
    /// </summary>
    private static async Task Read(Uri baseUrl, string token, int seed, int clients, double rate, (List<string> Documents, List<(string Id, int Start, int End)> Passages) targets, Dictionary<string, RequestStats> stats, Dictionary<string, RequestStats> perQuery, Stopwatch run, CancellationToken stop)
    {
        using var client = Client(baseUrl, token);
        var random = new Random(seed);
        for (long k = 0; !stop.IsCancellationRequested; k++)
        {
            var due = rate > 0 ? (k * clients + seed) / rate : run.Elapsed.TotalSeconds;
            if (!await Pacing.WaitUntil(run, due, stop))
            {
                break;
            }

            var roll = random.Next(4);
            var query = Queries[random.Next(Queries.Length)];
            var (kind, url) = roll switch
            {
                0 or 1 => ("search", SearchUrl(query, sortByDate: random.Next(4) == 0)),
                2 => ("document", $"/api/documents/{Uri.EscapeDataString(targets.Documents[random.Next(targets.Documents.Count)])}"),
                _ => PassageUrl(targets.Passages[random.Next(targets.Passages.Count)]),
            };
            string? error;
            try
            {
                // Not cancelled at the deadline: a request in flight finishes and counts.
                using var response = await client.GetAsync(url, CancellationToken.None);
                await response.Content.ReadAsByteArrayAsync(CancellationToken.None);
                error = response.IsSuccessStatusCode ? null : ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture);
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException)
            {
                error = ex.GetType().Name;
            }

            var milliseconds = (run.Elapsed.TotalSeconds - due) * 1000;
            stats[kind].Record(milliseconds, error, due, error is null ? url : $"{url} ({error})");
            if (kind == "search")
            {
                perQuery[query].Record(milliseconds, error);
            }
        }
    }

    /// <summary>
    /// The archivist: uploads BBC articles one after another until all are in or the run ends; at a
    /// <paramref name="rate"/>, upload k is due at k / rate seconds and its latency counts from then.
    /// </summary>
    private static async Task<((int Created, int Duplicates), double Seconds)> Upload(Uri baseUrl, string token, List<(string Topic, string Path)> articles, RequestStats stats, Stopwatch run, double rate, CancellationToken stop)
    {
        using var client = Client(baseUrl, token);
        var clock = Stopwatch.StartNew();
        int created = 0, duplicates = 0;
        var k = 0;
        foreach (var (topic, path) in articles)
        {
            var due = rate > 0 ? k++ / rate : run.Elapsed.TotalSeconds;
            if (stop.IsCancellationRequested || !await Pacing.WaitUntil(run, due, stop))
            {
                break;
            }

            using var form = new MultipartFormDataContent
            {
                { new ByteArrayContent(Utf8(await File.ReadAllBytesAsync(path, CancellationToken.None))) { Headers = { ContentType = new MediaTypeHeaderValue("text/plain") } }, "file", $"bbc-{topic}-{Path.GetFileName(path)}" },
                { new StringContent("BBC News"), "publisher" },
                { new StringContent("article"), "source_type" },
                { new StringContent("bbc, " + topic), "tags" },
            };
            string? error;
            try
            {
                using var response = await client.PostAsync("/api/documents", form, CancellationToken.None);
                var body = await response.Content.ReadAsStringAsync(CancellationToken.None);
                error = response.IsSuccessStatusCode ? null : $"{(int)response.StatusCode} {body[..Math.Min(body.Length, 200)]}";
                created += response.StatusCode == System.Net.HttpStatusCode.Created ? 1 : 0;
                duplicates += response.StatusCode == System.Net.HttpStatusCode.OK ? 1 : 0;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException)
            {
                error = ex.GetType().Name;
            }

            stats.Record((run.Elapsed.TotalSeconds - due) * 1000, error, due, error is null ? path : $"{path} ({error})");
        }

        return ((created, duplicates), clock.Elapsed.TotalSeconds);
    }

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>
    /// The bytes, or for the one BBC article in Latin-1 (a £ in sport/199.txt) the same text in UTF-8: an upload has
    /// no field to declare an encoding (a sidecar does), and the server rightly rejects invalid UTF-8 with a 422.
    /// </summary>
    private static byte[] Utf8(byte[] bytes)
    {
        try
        {
            StrictUtf8.GetString(bytes);
            return bytes;
        }
        catch (DecoderFallbackException)
        {
            return Encoding.UTF8.GetBytes(Encoding.Latin1.GetString(bytes));
        }
    }

    private static async Task<int> Documents(HttpClient client)
    {
        using var json = JsonDocument.Parse(await client.GetStringAsync("/api/documents?limit=1"));
        return json.RootElement.GetProperty("total").GetInt32();
    }

    /// <summary>The 1, 5 and 15 minute load averages (Linux), to tell a busy machine from a slow server.</summary>
    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    private static HttpClient Client(Uri baseUrl, string token)
    {
        var client = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private static string SearchUrl(string query, bool sortByDate) =>
        $"/api/search?q={Uri.EscapeDataString(query)}&limit=10{(sortByDate ? "&sort=published" : string.Empty)}";

    private static (string Kind, string Url) PassageUrl((string Id, int Start, int End) p) =>
        ("passage", $"/api/documents/{Uri.EscapeDataString(p.Id)}/passage?start={p.Start}&end={p.End}");

    private static double OptionDouble(string[] args, string name, double fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? double.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
