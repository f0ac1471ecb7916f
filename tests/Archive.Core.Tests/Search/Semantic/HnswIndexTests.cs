using Archive.Core.Search.Semantic;

namespace Archive.Core.Tests.Search.Semantic;

/// <summary>
/// The HNSW index behind a large vector store: the switch point is respected, its answers match the exact scan's,
/// and it is derived (saved with its SHA-256, loaded only when that and the store's record hold, rebuilt otherwise,
/// extended as texts are embedded). Vectors are made, not embedded: clusters of random unit vectors, so that each
/// query has clear neighbours, as real chunks on a topic do.
/// </summary>
public sealed class HnswIndexTests : IDisposable
{
    private const int Dimensions = 48;
    private const string Model = "test-vectors";
    private readonly ScratchArchive _archive = new();
    private readonly Random _random = new(11);
    private readonly float[][] _centres;

    public HnswIndexTests() => _centres = [.. Enumerable.Range(0, 40).Select(_ => Unit(Enumerable.Range(0, Dimensions).Select(_ => Gaussian()).ToArray()))];

    public void Dispose() => _archive.Dispose();

    private string VectorsPath => _archive.Layout.VectorsPath;

    [Fact]
    public void PrepareIndex_BelowSwitchPoint_ScansExactlyAndKeepsNoIndex()
    {
        Fill(texts: 50, chunksPerText: 3); // 150 chunks
        var semantic = Semantic(approximateFrom: 151);

        var prepared = semantic.PrepareIndex();

        Assert.Equal(IndexOutcome.BelowThreshold, prepared.Outcome);
        Assert.Equal(150, prepared.Chunks);
        Assert.False(semantic.Vectors().Approximate);
        Assert.False(File.Exists(semantic.IndexPath));
    }

    [Fact]
    public void PrepareIndex_AtSwitchPoint_BuildsSavesAndQueriesGoThroughIt()
    {
        Fill(texts: 50, chunksPerText: 3);
        var semantic = Semantic(approximateFrom: 150);

        var prepared = semantic.PrepareIndex();

        Assert.Equal(IndexOutcome.Built, prepared.Outcome);
        Assert.Equal("no index was saved", prepared.Reason);
        Assert.True(semantic.Vectors().Approximate);
        Assert.True(File.Exists(semantic.IndexPath));
        Assert.Equal(IndexOutcome.Current, semantic.PrepareIndex().Outcome);
    }

    [Fact]
    public void Score_Hnsw_FindsTheExactScansTopTen()
    {
        Fill(texts: 600, chunksPerText: 4);
        var exact = Semantic(approximateFrom: int.MaxValue).Vectors();
        var semantic = Semantic(approximateFrom: 1000);
        Assert.Equal(IndexOutcome.Built, semantic.PrepareIndex().Outcome);
        var approximate = semantic.Vectors();
        Assert.True(approximate.Approximate);
        Assert.False(exact.Approximate);

        double found = 0;
        const int Queries = 30;
        for (var q = 0; q < Queries; q++)
        {
            var query = Near(_centres[q % _centres.Length], 0.5f);
            var truth = exact.Score(query).Top(10, float.NegativeInfinity);
            var top = approximate.Score(query).Top(10, float.NegativeInfinity);
            found += top.Count(t => truth.Any(e => e.TextSha256 == t.TextSha256)) / 10.0;
            foreach (var (text, match) in top.Where(t => truth.Any(e => e.TextSha256 == t.TextSha256)))
            {
                // A text the index finds is scored exactly: the same similarity and passage as the scan gives.
                Assert.Equal(truth.Single(e => e.TextSha256 == text).Match, match);
            }
        }

        Assert.True(found / Queries >= 0.95, $"recall@10 {found / Queries:0.000}");
    }

    [Fact]
    public void Score_Int8_SimilarityWithinAHundredthOfFloat()
    {
        var vectors = Enumerable.Range(0, 200).Select(_ => Near(_centres[_random.Next(_centres.Length)], 0.8f)).ToList();
        var set = new VectorSet(Dimensions, vectors.Count);
        for (var i = 0; i < vectors.Count; i++)
        {
            set.Append(i + 1, $"t{i:D4}", 0, 10, vectors[i]);
        }

        var query = Near(_centres[0], 0.5f);
        var scores = set.Score(query);
        for (var i = 0; i < vectors.Count; i++)
        {
            var exact = vectors[i].Zip(query, (a, b) => a * b).Sum();
            Assert.InRange(scores.For($"t{i:D4}")!.Value.Similarity, exact - 0.01f, exact + 0.01f);
        }
    }

    [Fact]
    public void PrepareIndex_FileChangedOnDisk_DetectedAndRebuiltNeverLoaded()
    {
        Fill(texts: 100, chunksPerText: 3);
        var first = Semantic(approximateFrom: 100);
        Assert.Equal(IndexOutcome.Built, first.PrepareIndex().Outcome);
        Assert.Equal(IndexOutcome.Loaded, Semantic(approximateFrom: 100).PrepareIndex().Outcome); // unchanged: a new process loads it

        var bytes = File.ReadAllBytes(first.IndexPath);
        bytes[bytes.Length / 2] ^= 0x40;
        File.WriteAllBytes(first.IndexPath, bytes);
        var next = Semantic(approximateFrom: 100);
        var prepared = next.PrepareIndex();

        Assert.Equal(IndexOutcome.Built, prepared.Outcome);
        Assert.Contains("changed on disk", prepared.Reason, StringComparison.Ordinal);
        Assert.True(next.Vectors().Approximate);
        Assert.Equal(IndexOutcome.Loaded, Semantic(approximateFrom: 100).PrepareIndex().Outcome); // the rebuilt file is good
    }

    [Fact]
    public void PrepareIndex_FileCutShort_Rebuilt()
    {
        Fill(texts: 100, chunksPerText: 3);
        var first = Semantic(approximateFrom: 100);
        first.PrepareIndex();
        var bytes = File.ReadAllBytes(first.IndexPath);
        File.WriteAllBytes(first.IndexPath, bytes[..(bytes.Length / 3)]);

        var prepared = Semantic(approximateFrom: 100).PrepareIndex();

        Assert.Equal(IndexOutcome.Built, prepared.Outcome);
        Assert.Contains("changed on disk", prepared.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void PrepareIndex_VectorsReplacedAfterSave_StaleFileRebuilt()
    {
        var texts = Fill(texts: 100, chunksPerText: 3);
        Semantic(approximateFrom: 100).PrepareIndex();
        Store().Remove([texts[0]]);

        var prepared = Semantic(approximateFrom: 100).PrepareIndex();

        Assert.Equal(IndexOutcome.Built, prepared.Outcome);
        Assert.Contains("removed or replaced", prepared.Reason, StringComparison.Ordinal);
        Assert.Equal(297, prepared.Chunks);
    }

    [Fact]
    public void Vectors_TextsEmbeddedAfterTheIndex_FoundAtOnceThenAddedToIt()
    {
        Fill(texts: 100, chunksPerText: 3);
        var semantic = Semantic(approximateFrom: 100);
        semantic.PrepareIndex();
        var target = Near(_centres[3], 0.05f);
        Store().Put("late", "en", english: true, [new TextChunk(0, 5, 5)], [target]);

        var before = semantic.Vectors(fresh: true);
        Assert.True(before.Approximate);
        Assert.Equal("late", before.Score(target).Top(1, 0)[0].TextSha256); // not in the index yet: scanned

        Assert.Equal(IndexOutcome.Extended, semantic.PrepareIndex().Outcome);
        Assert.Equal("late", semantic.Vectors().Score(target).Top(1, 0)[0].TextSha256);
    }

    [Fact]
    public void PrepareIndex_StoreShrinksBelowSwitchPoint_IndexDropped()
    {
        var texts = Fill(texts: 100, chunksPerText: 3);
        var semantic = Semantic(approximateFrom: 290);
        Assert.Equal(IndexOutcome.Built, semantic.PrepareIndex().Outcome);
        Store().Remove(texts.Take(10));

        Assert.False(semantic.Vectors().Approximate); // a removal: the index is not consulted again
        Assert.Equal(IndexOutcome.BelowThreshold, semantic.PrepareIndex().Outcome);
        Assert.False(File.Exists(semantic.IndexPath));
    }

    private SemanticIndex Semantic(int approximateFrom) =>
        new(_archive.Services.Database, _archive.Services.Store, VectorsPath, Model, Dimensions, () => throw new InvalidOperationException("no model in these tests"), approximateFrom);

    private VectorStore Store() => new(VectorsPath, Model, Dimensions);

    /// <summary>Stores <paramref name="texts"/> texts of chunks near random cluster centres; returns their names.</summary>
    private List<string> Fill(int texts, int chunksPerText)
    {
        var store = Store();
        var names = new List<string>();
        for (var t = 0; t < texts; t++)
        {
            var name = $"text{t:D5}";
            var chunks = Enumerable.Range(0, chunksPerText).Select(c => new TextChunk(c * 10, (c * 10) + 10, 10)).ToList();
            var vectors = chunks.Select(_ => Near(_centres[_random.Next(_centres.Length)], 0.6f)).ToList();
            store.Put(name, "en", english: true, chunks, vectors);
            names.Add(name);
        }

        return names;
    }

    private float[] Near(float[] centre, float spread) => Unit([.. centre.Select(x => x + (spread * Gaussian() / MathF.Sqrt(Dimensions)))]);

    private float Gaussian() => (float)(Math.Sqrt(-2 * Math.Log(1 - _random.NextDouble())) * Math.Cos(2 * Math.PI * _random.NextDouble()));

    private static float[] Unit(float[] vector)
    {
        var norm = MathF.Sqrt(vector.Sum(x => x * x));
        return [.. vector.Select(x => x / norm)];
    }
}
