using Archive.Core.Search.Engine;
using Archive.Core.Tests.Ingestion;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Store;
using Lucene.Net.Util;
using LuceneQuery = Lucene.Net.Search.Query;

namespace Archive.Core.Tests.Search.Engine;

/// <summary><see cref="PartitionedSearch"/>, <see cref="MatchCollector.Merge"/> and <see cref="SegmentColumns"/> on a real Lucene index.</summary>
public sealed class MatchCollectionTests : IDisposable
{
    private readonly TempDirectory _folder = new();
    private readonly FSDirectory _directory;
    private readonly DirectoryReader _reader;
    private readonly IndexSearcher _searcher;

    public MatchCollectionTests()
    {
        // 1,000 documents in five segments of different sizes, some deleted; words, facets and dates drawn at random
        // (seeded), with repeated scores so that the tie-break by rowid decides part of every order.
        _directory = FSDirectory.Open(new DirectoryInfo(_folder.Path));
        var config = new IndexWriterConfig(LuceneVersion.LUCENE_48, new WhitespaceAnalyzer(LuceneVersion.LUCENE_48))
        {
            Similarity = LuceneIndex.Similarity,
            MergePolicy = NoMergePolicy.NO_COMPOUND_FILES,
        };
        var random = new Random(7);
        string[] words = ["alpha", "beta", "gamma", "delta"];
        using (var writer = new IndexWriter(_directory, config))
        {
            var rowId = 0;
            foreach (var size in new[] { 400, 50, 300, 1, 249 })
            {
                for (var i = 0; i < size; i++)
                {
                    rowId++;
                    var text = string.Join(' ', Enumerable.Range(0, 1 + random.Next(6)).Select(_ => words[random.Next(words.Length)]));
                    var document = new Document
                    {
                        new TextField("text", text, Field.Store.NO),
                        new StringField(IndexFields.Id, rowId.ToString(System.Globalization.CultureInfo.InvariantCulture), Field.Store.NO),
                        new NumericDocValuesField(IndexFields.RowId, rowId),
                    };
                    Optional(document, IndexFields.Publisher, random.Next(4) switch { 0 => null, 1 => "Reuters", 2 => "AFP", _ => "SANA" });
                    Optional(document, IndexFields.Type, random.Next(3) == 0 ? null : "text");
                    Optional(document, IndexFields.Language, random.Next(2) == 0 ? "en" : "ar");
                    Optional(document, IndexFields.Published, random.Next(5) == 0 ? null : $"20{10 + random.Next(12)}-0{1 + random.Next(9)}");
                    writer.AddDocument(document);
                }

                writer.Commit();
            }

            writer.DeleteDocuments(new Term(IndexFields.Id, "3"), new Term(IndexFields.Id, "420"), new Term(IndexFields.Id, "1000"));
            writer.Commit();
        }

        _reader = DirectoryReader.Open(_directory);
        _searcher = new IndexSearcher(_reader) { Similarity = LuceneIndex.Similarity };
    }

    public void Dispose()
    {
        _reader.Dispose();
        _directory.Dispose();
        _folder.Dispose();
    }

    public static TheoryData<string, int, bool> Cases() => new()
    {
        { "alpha", 10, false },
        { "alpha beta", 7, false },
        { "alpha beta gamma delta", -1, false },
        { "gamma", 0, false },
        { "delta", 25, true },
        { "alpha delta", 1000, true },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Search_InParts_SameMatchesTotalsAndFacetsAsOneCollector(string words, int keep, bool byDate)
    {
        var query = Query(words);
        var also = new HashSet<long> { 2, 401, 999 };
        MatchCollector New(CancellationToken token) => new(keep, byDate ? ByDate : ByScore, token, also);
        var whole = New(CancellationToken.None);
        _searcher.Search(query, whole);

        foreach (var parts in new[] { 2, 3, 7 })
        {
            var merged = PartitionedSearch.Search(_searcher, query, New, parts, CancellationToken.None, minDocuments: 1);

            Assert.Equal(whole.Total, merged.Total);
            Assert.Equal(whole.Matches(), merged.Matches());
            Assert.Equal(whole.AlsoKept, merged.AlsoKept);
            var (a, b) = (whole.Facets(), merged.Facets());
            Assert.Equal(a.Publisher, b.Publisher);
            Assert.Equal(a.Type, b.Type);
            Assert.Equal(a.Language, b.Language);
            Assert.Equal(a.Year, b.Year);
            Assert.Equal(a.Unknown, b.Unknown);
        }

        Assert.True(whole.Total > 100, $"{words}: {whole.Total} matches is too few to test anything");
    }

    [Fact]
    public void Search_SmallIndex_OneCollectorOnThisThread()
    {
        var made = 0;
        var result = PartitionedSearch.Search(_searcher, Query("alpha"), token => { made++; return new MatchCollector(10, ByScore, token); }, parts: 8, CancellationToken.None);

        Assert.Equal(1, made);
        Assert.True(result.Total > 0);
    }

    [Fact]
    public void Search_Cancelled_ThrowsOperationCanceled()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() =>
            PartitionedSearch.Search(_searcher, new MatchAllDocsQuery(), token => new MatchCollector(10, ByScore, token), parts: 2, cancelled.Token, minDocuments: 1));
    }

    [Fact]
    public void Collect_FromCopiedColumns_SameAsFromDocValues()
    {
        // 1,000 documents in small segments: no search copies them by itself, so the first search reads doc values.
        var query = Query("alpha beta");
        var also = new HashSet<long> { 2, 401, 999 };
        Assert.All(_reader.Leaves, leaf => Assert.Null(SegmentColumns.Find(leaf.AtomicReader)));
        var direct = new MatchCollector(-1, ByDate, CancellationToken.None, also);
        _searcher.Search(query, direct);
        Assert.All(_reader.Leaves, leaf => Assert.Null(SegmentColumns.Find(leaf.AtomicReader)));

        foreach (var leaf in _reader.Leaves)
        {
            SegmentColumns.Get(leaf.AtomicReader);
        }

        var copied = new MatchCollector(-1, ByDate, CancellationToken.None, also);
        _searcher.Search(query, copied);

        Assert.Equal(direct.Total, copied.Total);
        Assert.Equal(direct.Matches(), copied.Matches());
        Assert.Equal(direct.AlsoKept, copied.AlsoKept);
        Assert.Equal(direct.Facets().Publisher, copied.Facets().Publisher);
        Assert.Equal(direct.Facets().Year, copied.Facets().Year);
        Assert.Equal(direct.Facets().Unknown, copied.Facets().Unknown);
    }

    [Fact]
    public void Columns_HoldEachDocumentsValuesAndNoneForMissing()
    {
        foreach (var leaf in _reader.Leaves)
        {
            var reader = leaf.AtomicReader;
            var columns = SegmentColumns.Get(reader);

            Assert.Same(columns, SegmentColumns.Find(reader));
            var rowIds = reader.GetNumericDocValues(IndexFields.RowId);
            var publishers = reader.GetSortedDocValues(IndexFields.Publisher);
            var published = reader.GetSortedDocValues(IndexFields.Published);
            for (var doc = 0; doc < reader.MaxDoc; doc++)
            {
                Assert.Equal(rowIds.Get(doc), columns.RowIds[doc]);
                Assert.Equal(publishers.GetOrd(doc), columns.Publisher[doc]);
                Assert.Equal(published.GetOrd(doc), columns.Published[doc]);
            }

        }

        Assert.Contains(_reader.Leaves, leaf => SegmentColumns.Get(leaf.AtomicReader).Publisher.Contains(SegmentColumns.None));
    }

    [Fact]
    public void Collect_ManyMatchesInASegment_CopiesItsColumnsOnce()
    {
        using var folder = new TempDirectory();
        using var directory = FSDirectory.Open(new DirectoryInfo(folder.Path));
        using (var writer = new IndexWriter(directory, new IndexWriterConfig(LuceneVersion.LUCENE_48, new WhitespaceAnalyzer(LuceneVersion.LUCENE_48))))
        {
            for (var i = 0; i < 10_000; i++)
            {
                writer.AddDocument(new Document
                {
                    new TextField("text", i % 1000 == 0 ? "common rare" : "common", Field.Store.NO),
                    new NumericDocValuesField(IndexFields.RowId, i + 1),
                });
            }

            writer.ForceMerge(1);
        }

        using var reader = DirectoryReader.Open(directory);
        var searcher = new IndexSearcher(reader);
        var segment = reader.Leaves.Single().AtomicReader;

        // 10 matches of 10,000: read from the doc values, nothing copied.
        var few = new MatchCollector(10, ByScore, CancellationToken.None);
        searcher.Search(new TermQuery(new Term("text", "rare")), few);
        Assert.Equal(10, few.Total);
        Assert.Null(SegmentColumns.Find(segment));

        // Every document: copied part-way through, and the same copy is used by the next search.
        var all = new MatchCollector(-1, ByScore, CancellationToken.None);
        searcher.Search(new TermQuery(new Term("text", "common")), all);
        var copy = SegmentColumns.Find(segment);
        Assert.NotNull(copy);
        Assert.Equal(Enumerable.Range(1, 10_000).Select(i => (long)i), all.Matches().Select(m => m.RowId).Order());
        searcher.Search(new TermQuery(new Term("text", "common")), new MatchCollector(5, ByScore, CancellationToken.None));
        Assert.Same(copy, SegmentColumns.Find(segment));
    }

    [Fact]
    public void Search_InPartsOfALargeSegment_CopiesItOnceAndFindsTheSame()
    {
        // One segment of 40,000: three parts of 13,333 each pass the 4,096 matches that copy a segment, at about the
        // same time; one copy is made, and each part reads from the arrays from then on.
        using var folder = new TempDirectory();
        using var directory = FSDirectory.Open(new DirectoryInfo(folder.Path));
        using (var writer = new IndexWriter(directory, new IndexWriterConfig(LuceneVersion.LUCENE_48, new WhitespaceAnalyzer(LuceneVersion.LUCENE_48)) { Similarity = LuceneIndex.Similarity }))
        {
            for (var i = 0; i < 40_000; i++)
            {
                var document = new Document
                {
                    new TextField("text", i % 7 == 0 ? "common common" : "common", Field.Store.NO),
                    new NumericDocValuesField(IndexFields.RowId, i + 1),
                };
                Optional(document, IndexFields.Publisher, (i % 5) switch { 0 => null, 1 => "Reuters", _ => "AFP" });
                Optional(document, IndexFields.Published, i % 3 == 0 ? null : $"20{10 + (i % 13)}-05");
                writer.AddDocument(document);
            }

            writer.ForceMerge(1);
        }

        using var reader = DirectoryReader.Open(directory);
        var searcher = new IndexSearcher(reader) { Similarity = LuceneIndex.Similarity };
        var query = new TermQuery(new Term("text", "common"));
        var whole = new MatchCollector(20, ByDate, CancellationToken.None);
        searcher.Search(query, whole);
        var copy = SegmentColumns.Find(reader.Leaves.Single().AtomicReader);

        var merged = PartitionedSearch.Search(searcher, query, token => new MatchCollector(20, ByDate, token), parts: 3, CancellationToken.None, minDocuments: 1);

        Assert.NotNull(copy);
        Assert.Same(copy, SegmentColumns.Find(reader.Leaves.Single().AtomicReader));
        Assert.Equal(40_000, merged.Total);
        Assert.Equal(whole.Matches(), merged.Matches());
        Assert.Equal(whole.Facets().Publisher, merged.Facets().Publisher);
        Assert.Equal(whole.Facets().Year, merged.Facets().Year);
        Assert.Equal(whole.Facets().Unknown, merged.Facets().Unknown);
    }

    [Fact]
    public void Search_OnePartFails_ThatFailureIsThrownAndTheOthersStop()
    {
        // The scorer of the segment holding document 500 throws; the other parts see the stop at their next segment.
        var failing = new FailingQuery(Query("alpha"), failAtDocBase: _reader.Leaves.First(l => l.DocBase <= 500 && 500 < l.DocBase + l.AtomicReader.MaxDoc).DocBase);

        var thrown = Assert.Throws<IOException>(() =>
            PartitionedSearch.Search(_searcher, failing, token => new MatchCollector(10, ByScore, token), parts: 4, CancellationToken.None, minDocuments: 1));

        Assert.Equal("disk gone", thrown.Message);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(6)]
    [InlineData(7)]
    [InlineData(999)]
    [InlineData(1000)]
    public void Ranges_EveryDocumentOnceInOrder_PartsOfAboutEqualSize(int count)
    {
        var leaves = _reader.Leaves;
        var documents = leaves.Sum(l => l.AtomicReader.MaxDoc);

        var ranges = PartitionedSearch.Ranges(leaves, documents, count);

        var covered = ranges.SelectMany(r => r).SelectMany(p => Enumerable.Range(p.Start, p.End - p.Start).Select(d => p.Leaf.DocBase + d)).ToList();
        Assert.Equal(Enumerable.Range(0, documents), covered);
        var sizes = ranges.Select(r => r.Sum(p => p.End - p.Start)).ToList();
        Assert.Equal(count, sizes.Count);
        Assert.True(sizes.Max() - sizes.Min() <= 1, string.Join(", ", sizes));
        Assert.All(ranges.SelectMany(r => r), p => Assert.True(p.Start < p.End));
    }

    private static BooleanQuery Query(string words)
    {
        var query = new BooleanQuery();
        foreach (var word in words.Split(' '))
        {
            query.Add(new TermQuery(new Term("text", word)), Occur.SHOULD);
        }

        return new BooleanQuery { { query, Occur.MUST }, { new TermQuery(new Term(IndexFields.Id, "5")), Occur.MUST_NOT } };
    }

    /// <summary>A query whose scorer for one segment fails as a broken disk would.</summary>
    private sealed class FailingQuery(LuceneQuery inner, int failAtDocBase) : LuceneQuery
    {
        public override Weight CreateWeight(IndexSearcher searcher) => new FailingWeight(inner.CreateWeight(searcher), this, failAtDocBase);

        public override string ToString(string field) => "failing(" + inner.ToString(field) + ")";

        public override bool Equals(object? obj) => ReferenceEquals(this, obj);

        public override int GetHashCode() => inner.GetHashCode();
    }

    private sealed class FailingWeight(Weight inner, LuceneQuery query, int failAtDocBase) : Weight
    {
        public override LuceneQuery Query => query;

        public override Explanation Explain(AtomicReaderContext context, int doc) => inner.Explain(context, doc);

        public override float GetValueForNormalization() => inner.GetValueForNormalization();

        public override void Normalize(float norm, float topLevelBoost) => inner.Normalize(norm, topLevelBoost);

        public override Scorer? GetScorer(AtomicReaderContext context, IBits? acceptDocs) =>
            context.DocBase == failAtDocBase ? throw new IOException("disk gone") : inner.GetScorer(context, acceptDocs);
    }

    private static void Optional(Document document, string field, string? value)
    {
        if (value is not null)
        {
            document.Add(new SortedDocValuesField(field, new BytesRef(value)));
        }
    }

    private static readonly Comparison<(long RowId, float Score, string? Published)> ByScore =
        (a, b) => a.Score != b.Score ? b.Score.CompareTo(a.Score) : a.RowId.CompareTo(b.RowId);

    private static readonly Comparison<(long RowId, float Score, string? Published)> ByDate = (a, b) =>
    {
        var byDate = string.CompareOrdinal(b.Published ?? string.Empty, a.Published ?? string.Empty);
        return byDate != 0 ? byDate : ByScore(a, b);
    };
}
