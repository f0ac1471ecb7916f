using System.Diagnostics;
using System.Globalization;
using Archive.Core;
using Archive.Core.Ingestion;
using Archive.Core.Metadata;
using Archive.Core.Search;
using Archive.Core.Search.Semantic;
using Archive.Core.Storage;
using Microsoft.Data.Sqlite;

namespace Archive.Benchmarks;

/// <summary>
/// Search by meaning, its two costs measured apart. (1) Embedding: real BBC News articles cut into chunks and
/// embedded by the shipped model on one thread (the background embedder's setting): chunks/s. (2) Scale: synthetic
/// documents (<see cref="SyntheticCorpus"/>) ingested through Archive, four vectors stored per English text, then the
/// same plain-word queries run lexical and hybrid side by side: p50/p95, and the memory the vectors take. Embedding
/// 100,000 real chunks would take hours here, so the scale vectors are made, not embedded: each is a real embedding
/// of one of 64 topic sentences plus noise, so that queries (embedded for real) find close chunks as they would.
/// </summary>
internal static class MeaningBenchmark
{
    private static readonly string[] Topics =
    [
        "Prisoners escaped from a jail after an attack.", "Oil prices rose as supply fell.", "The central bank raised interest rates.",
        "Farmers harvested a record wheat crop.", "The football team won the championship.", "A new vaccine was approved by regulators.",
        "Elections were held amid protests.", "An earthquake destroyed buildings in the city.", "The company reported higher quarterly profits.",
        "Refugees crossed the border to flee fighting.", "Scientists discovered a new species of fish.", "The government cut taxes for small firms.",
        "Floods forced thousands from their homes.", "A ceasefire was agreed between the armed groups.", "The film won several awards at the festival.",
        "Workers went on strike over pay.",
    ];

    public static int Run(string shared, string[] args)
    {
        var chunks = Option(args, "--chunks", 100_000);
        var real = Option(args, "--real", 200);
        // --keep DIR: build the synthetic archive in DIR once and, on later runs, time only the queries over it.
        var keep = args.SkipWhile(a => a != "--keep").Skip(1).FirstOrDefault();
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores; model {MiniLmEmbedder.Name}, one thread");
        var work = keep is not null ? Path.GetFullPath(keep) : WorkDirectory.Create("archive-meaning-bench-");
        try
        {
            using var model = new MiniLmEmbedder(threads: 1);
            if (keep is not null && File.Exists(new ArchiveLayout(Path.Combine(work, "archive")).CatalogPath))
            {
                Console.WriteLine($"reusing {work} (embedding, ingest and the switch point skipped)");
                using var kept = ArchiveCore.Open(new ArchiveLayout(Path.Combine(work, "archive")), TimeProvider.System);
                Queries(kept, new SyntheticCorpus(42), kept.Catalog.Count());
                return 0;
            }

            Embedding(model, shared, Path.Combine(work, "bbc"), real);
            Scale(model, Path.Combine(work, "archive"), Path.Combine(work, "batch"), chunks);
            return 0;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            if (keep is null)
            {
                WorkDirectory.Delete(work);
            }
        }
    }

    private static void Embedding(MiniLmEmbedder model, string shared, string folder, int count)
    {
        var articles = BbcCorpus.Extract(Path.Combine(shared, "bbc-news"), folder);
        var chunker = new TextChunker(model);
        var inputs = new List<string>();
        foreach (var (_, path) in articles)
        {
            var text = File.ReadAllText(path);
            var map = new Archive.Core.Text.CodePointMap(text);
            inputs.AddRange(chunker.Split(text).Select(c => map.Slice(c.Start, c.End)));
            if (inputs.Count >= count)
            {
                break;
            }
        }

        inputs = inputs.Take(count).ToList();
        var pieces = inputs.Sum(model.CountPieces);
        var clock = Stopwatch.StartNew();
        foreach (var input in inputs)
        {
            model.Embed([input], CancellationToken.None);
        }

        Console.WriteLine($"embedding: {inputs.Count} BBC News chunks ({pieces / Math.Max(1, inputs.Count)} word pieces each on average) in {clock.Elapsed.TotalSeconds:0.0} s = {inputs.Count / clock.Elapsed.TotalSeconds:0.0} chunks/s on one thread (target 20)");
    }

    private static void Scale(MiniLmEmbedder model, string root, string batch, int chunks)
    {
        var clock = TimeProvider.System;
        var layout = new ArchiveLayout(root);
        ArchiveCore.Initialize(layout, clock);
        using var archive = ArchiveCore.Open(layout, clock);
        var corpus = new SyntheticCorpus(42);
        var perText = 4;
        var docs = 0L;
        var texts = new List<string>();
        var ingest = Stopwatch.StartNew();
        while (texts.Count * perText < chunks)
        {
            Directory.CreateDirectory(batch);
            for (var i = 0; i < 2000; i++)
            {
                corpus.Write(docs++, batch);
            }

            archive.Ingestor.Ingest(new IngestRequest([batch], new Dictionary<string, FieldValue>(), "bench"), null, CancellationToken.None);
            Directory.Delete(batch, recursive: true);
            texts = EnglishTexts(archive);
        }

        Console.WriteLine($"scale: {docs:N0} synthetic documents ingested in {ingest.Elapsed.TotalSeconds:0} s, {texts.Count:N0} of them English");
        var topics = model.Embed(Topics, CancellationToken.None);
        var store = new VectorStore(layout.VectorsPath, MiniLmEmbedder.Name, model.Dimensions);
        var random = new Random(7);
        var fill = Stopwatch.StartNew();
        var stored = 0;
        foreach (var text in texts.Take((chunks + perText - 1) / perText))
        {
            var ranges = Enumerable.Range(0, perText).Select(i => new TextChunk(i * 10, (i * 10) + 10, 10)).ToList();
            var vectors = ranges.Select(_ => Noisy(topics[random.Next(topics.Length)], random)).ToList();
            store.Put(text, "en", english: true, ranges, vectors);
            stored += perText;
        }

        Console.WriteLine($"scale: {stored:N0} chunk vectors stored in {fill.Elapsed.TotalSeconds:0} s");
        var queryVectors = QueryWords(corpus).Select(q => archive.Semantic.EmbedQuery(q)).ToList();
        Switch(store, queryVectors, [10_000, 50_000, 100_000, chunks]);
        Queries(archive, corpus, docs);
    }

    /// <summary>The plain-word queries: single words and pairs from the corpus's 400 most frequent words.</summary>
    private static List<string> QueryWords(SyntheticCorpus corpus) =>
        corpus.Latin.Take(400).Where((_, i) => i % 5 == 0).Select((w, i) => i % 2 == 0 ? w : w + " " + corpus.Latin[(i * 7) + 1]).Take(60).ToList();

    /// <summary>The vectors' memory, then lexical against hybrid over the same queries, scanning and (past the switch point) with the index.</summary>
    private static void Queries(ArchiveCore archive, SyntheticCorpus corpus, long docs)
    {
        var queries = QueryWords(corpus);
        GC.Collect();
        var before = ProcessMemory.ResidentBytes;
        var managedBefore = GC.GetTotalMemory(forceFullCollection: true);
        var load = Stopwatch.StartNew();
        var set = archive.Semantic.Vectors();
        load.Stop();
        var managedAfter = GC.GetTotalMemory(forceFullCollection: true);
        Console.WriteLine($"vectors in memory: {set.Chunks:N0} chunks, {(managedAfter - managedBefore) / 1e6:0} MB managed ({(ProcessMemory.ResidentBytes - before) / 1e6:0} MB more RSS), read and checked in {load.Elapsed.TotalSeconds:0.0} s");
        foreach (var warm in queries.Take(5))
        {
            archive.Searcher.Search(new SearchRequest(warm, Mode: SearchMode.Hybrid));
        }

        Console.WriteLine($"queries: {queries.Count} plain-word queries over {docs:N0} documents and {set.Chunks:N0} chunks, top 10 with 3 passages; load average {LoadAverage()}");
        Console.WriteLine("run                          p50 ms   p95 ms   hits found by meaning");
        Modes(archive, queries, "exact int8 scan");
        Parts(archive, queries);
        var rss = ProcessMemory.ResidentBytes;
        var prepare = Stopwatch.StartNew();
        var prepared = archive.Semantic.PrepareIndex();
        Console.WriteLine($"PrepareIndex: {prepared.Outcome} over {prepared.Chunks:N0} chunks in {prepare.Elapsed.TotalSeconds:0.0} s ({prepared.Reason}); {(ProcessMemory.ResidentBytes - rss) / 1e6:0} MB more RSS; switch point {archive.Semantic.ApproximateFrom:N0}");
        Modes(archive, queries, archive.Semantic.Vectors().Approximate ? "HNSW" : "exact int8 scan (below the switch point)");
        Console.WriteLine($"load average {LoadAverage()}");
    }

    /// <summary>The meaning side of a hybrid query on its own, step by step, over the same queries: where its time goes.</summary>
    private static void Parts(ArchiveCore archive, List<string> queries)
    {
        var embed = new List<double>();
        var scan = new List<double>();
        var top = new List<double>();
        var set = archive.Semantic.Vectors();
        foreach (var query in queries)
        {
            var watch = Stopwatch.StartNew();
            var vector = archive.Semantic.EmbedQuery(query);
            embed.Add(watch.Elapsed.TotalMilliseconds);
            watch.Restart();
            var scores = set.Score(vector);
            scan.Add(watch.Elapsed.TotalMilliseconds);
            watch.Restart();
            scores.Top(MeaningRanking.Candidates, Searcher.MeaningFloor);
            top.Add(watch.Elapsed.TotalMilliseconds);
        }

        Console.WriteLine($"  hybrid's meaning side, p50 / p95 ms: embed the query {Percentiles(embed)}, scan {Percentiles(scan)}, top {MeaningRanking.Candidates} {Percentiles(top)}");
    }

    private static void Modes(ArchiveCore archive, List<string> queries, string how)
    {
        foreach (var mode in new[] { SearchMode.Lexical, SearchMode.Hybrid })
        {
            var times = new List<double>();
            var byMeaning = 0;
            foreach (var query in queries)
            {
                var watch = Stopwatch.StartNew();
                var response = archive.Searcher.Search(new SearchRequest(query, Mode: mode));
                times.Add(watch.Elapsed.TotalMilliseconds);
                byMeaning += response.Hits.Count(h => h.Meaning is not null);
            }

            times.Sort();
            Console.WriteLine($"{mode.ToString().ToLowerInvariant() + (mode == SearchMode.Hybrid ? ", " + how : string.Empty),-28} {times[times.Count / 2],7:0.0}  {times[(int)(times.Count * 0.95)],7:0.0}   {byMeaning}");
        }
    }

    /// <summary>
    /// The switch point, measured: at each size, the float32 scan (what Archive did before), the int8 scan and the
    /// HNSW index (built from the same int8 vectors), each timed over the same query vectors; recall is the share
    /// of the float32 scan's top 10 and top 100 texts that each finds.
    /// </summary>
    private static void Switch(VectorStore store, List<float[]> queries, int[] sizes)
    {
        var raw = store.ReadAll(out _);
        Console.WriteLine($"switch point: {queries.Count} real query vectors; load average {LoadAverage()}");
        Console.WriteLine("chunks    float32 scan p50/p95 ms   int8 scan p50/p95 ms  R@10  R@100   HNSW p50/p95 ms  R@10  R@100  build s  int8 MB  HNSW MB");
        foreach (var size in sizes.Where(n => n <= raw.Count).Distinct().Order())
        {
            var part = raw.Take(size).ToList();
            var floats = new float[(long)size * part[0].Vector.Length];
            var textOf = new int[size];
            var texts = new Dictionary<string, int>(StringComparer.Ordinal);
            var set = new VectorSet(part[0].Vector.Length, size);
            for (var i = 0; i < size; i++)
            {
                part[i].Vector.CopyTo(floats, (long)i * part[i].Vector.Length);
                textOf[i] = texts.TryGetValue(part[i].TextSha256, out var t) ? t : texts[part[i].TextSha256] = texts.Count;
                set.Append(i + 1, part[i].TextSha256, part[i].Start, part[i].End, part[i].Vector);
            }

            var names = texts.OrderBy(p => p.Value).Select(p => p.Key).ToArray();
            var truth = new List<(HashSet<string> Ten, HashSet<string> Hundred)>();
            var floatTimes = new List<double>();
            foreach (var query in queries)
            {
                var watch = Stopwatch.StartNew();
                var best = FloatScan(floats, textOf, texts.Count, query);
                floatTimes.Add(watch.Elapsed.TotalMilliseconds);
                var order = Enumerable.Range(0, best.Length).OrderByDescending(t => best[t]).ToList();
                truth.Add(([.. order.Take(10).Select(t => names[t])], [.. order.Take(100).Select(t => names[t])]));
            }

            var exact = Measure(set, queries, truth);
            var rss = ProcessMemory.ResidentBytes;
            var build = Stopwatch.StartNew();
            using var index = HnswIndex.Create(set.Dimensions, 0);
            index.Extend(set);
            build.Stop();
            var indexBytes = ProcessMemory.ResidentBytes - rss;
            set.Attach(index);
            var approximate = Measure(set, queries, truth);
            Console.WriteLine($"{size,7:N0}   {Percentiles(floatTimes),20}   {exact.Times,20}  {exact.Ten:0.000} {exact.Hundred:0.000}   {approximate.Times,15}  {approximate.Ten:0.000} {approximate.Hundred:0.000}  {build.Elapsed.TotalSeconds,6:0.0}  {set.Bytes / 1e6,7:0}  {indexBytes / 1e6,7:0}");
        }
    }

    private static (string Times, double Ten, double Hundred) Measure(VectorSet set, List<float[]> queries, List<(HashSet<string> Ten, HashSet<string> Hundred)> truth)
    {
        var times = new List<double>();
        double ten = 0, hundred = 0;
        for (var q = 0; q < queries.Count; q++)
        {
            var watch = Stopwatch.StartNew();
            var top = set.Score(queries[q]).Top(MeaningRanking.Candidates, float.NegativeInfinity);
            times.Add(watch.Elapsed.TotalMilliseconds);
            ten += top.Take(10).Count(t => truth[q].Ten.Contains(t.TextSha256)) / 10.0;
            hundred += top.Count(t => truth[q].Hundred.Contains(t.TextSha256)) / 100.0;
        }

        return (Percentiles(times), ten / queries.Count, hundred / queries.Count);
    }

    private static float[] FloatScan(float[] vectors, int[] textOf, int texts, float[] query)
    {
        var best = new float[texts];
        Array.Fill(best, float.NegativeInfinity);
        var dimensions = query.Length;
        for (var i = 0; i < textOf.Length; i++)
        {
            var similarity = Dot(query, vectors.AsSpan(i * dimensions, dimensions));
            if (similarity > best[textOf[i]])
            {
                best[textOf[i]] = similarity;
            }
        }

        return best;
    }

    /// <summary>The float32 SIMD dot product the exact scan used before the vectors were kept in int8.</summary>
    private static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        var va = System.Runtime.InteropServices.MemoryMarshal.Cast<float, System.Numerics.Vector<float>>(a);
        var vb = System.Runtime.InteropServices.MemoryMarshal.Cast<float, System.Numerics.Vector<float>>(b);
        var total = System.Numerics.Vector<float>.Zero;
        for (var v = 0; v < va.Length; v++)
        {
            total += va[v] * vb[v];
        }

        var sum = System.Numerics.Vector.Sum(total);
        for (var i = va.Length * System.Numerics.Vector<float>.Count; i < a.Length; i++)
        {
            sum += a[i] * b[i];
        }

        return sum;
    }

    private static string Percentiles(List<double> times)
    {
        times.Sort();
        return $"{times[times.Count / 2]:0.00} / {times[(int)(times.Count * 0.95)]:0.00}";
    }

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";

    private static float[] Noisy(float[] topic, Random random)
    {
        var vector = topic.Select(x => x + (float)((random.NextDouble() - 0.5) * 0.12)).ToArray();
        var norm = MathF.Sqrt(vector.Sum(x => x * x));
        return [.. vector.Select(x => x / norm)];
    }

    private static List<string> EnglishTexts(ArchiveCore archive)
    {
        using var connection = archive.Database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT DISTINCT text_sha256 FROM captures WHERE language = 'en'";
        using var reader = command.ExecuteReader();
        var result = new List<string>();
        while (reader.Read())
        {
            result.Add(reader.GetString(0));
        }

        return result;
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length && int.TryParse(args[at + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : fallback;
    }
}
