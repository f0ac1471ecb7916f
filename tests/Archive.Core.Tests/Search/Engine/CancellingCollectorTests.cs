using Archive.Core.Search.Engine;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Store;
using Lucene.Net.Util;

namespace Archive.Core.Tests.Search.Engine;

/// <summary>A search Lucene runs on its own stops within a few thousand hits of its token firing, and runs whole while it does not.</summary>
public sealed class CancellingCollectorTests : IDisposable
{
    private const int Documents = 20_000;
    private readonly RAMDirectory _directory = new();
    private readonly DirectoryReader _reader;

    public CancellingCollectorTests()
    {
        using (var writer = new IndexWriter(_directory, new IndexWriterConfig(LuceneVersion.LUCENE_48, new WhitespaceAnalyzer(LuceneVersion.LUCENE_48))))
        {
            for (var i = 0; i < Documents; i++)
            {
                writer.AddDocument([new TextField("text", "word", Field.Store.NO)]);
            }
        }

        _reader = DirectoryReader.Open(_directory);
    }

    public void Dispose()
    {
        _reader.Dispose();
        _directory.Dispose();
    }

    [Fact]
    public void Search_TokenNeverFires_EveryHitReachesTheInnerCollector()
    {
        var counted = new Counting(null, int.MaxValue);

        new IndexSearcher(_reader).Search(new TermQuery(new Term("text", "word")), new CancellingCollector(counted, CancellationToken.None));

        Assert.Equal(Documents, counted.Seen);
    }

    [Fact]
    public void Search_TokenFiresMidway_StopsWithinAFewThousandHits()
    {
        using var source = new CancellationTokenSource();
        var counted = new Counting(source, 100);

        Assert.ThrowsAny<OperationCanceledException>(() =>
            new IndexSearcher(_reader).Search(new TermQuery(new Term("text", "word")), new CancellingCollector(counted, source.Token)));

        Assert.InRange(counted.Seen, 100, 100 + 4096);
    }

    [Fact]
    public void Search_TokenAlreadyFired_NoHitIsCollected()
    {
        var counted = new Counting(null, int.MaxValue);

        Assert.ThrowsAny<OperationCanceledException>(() =>
            new IndexSearcher(_reader).Search(new TermQuery(new Term("text", "word")), new CancellingCollector(counted, new CancellationToken(canceled: true))));

        Assert.Equal(0, counted.Seen);
    }

    /// <summary>Counts the hits it is given and cancels <paramref name="source"/> at the <paramref name="cancelAt"/>th.</summary>
    private sealed class Counting(CancellationTokenSource? source, int cancelAt) : ICollector
    {
        public int Seen { get; private set; }

        public bool AcceptsDocsOutOfOrder => true;

        public void SetScorer(Scorer scorer)
        {
        }

        public void SetNextReader(AtomicReaderContext context)
        {
        }

        public void Collect(int doc)
        {
            if (++Seen == cancelAt)
            {
                source!.Cancel();
            }
        }
    }
}
