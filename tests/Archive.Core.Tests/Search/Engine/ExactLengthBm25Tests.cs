using Archive.Core.Search.Engine;
using Archive.Core.Tests.Ingestion;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Store;
using Lucene.Net.Util;

namespace Archive.Core.Tests.Search.Engine;

public sealed class ExactLengthBm25Tests : IDisposable
{
    private readonly TempDirectory _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Score_DocumentsOfCloseLengths_ShorterRanksFirstWhereOneByteNormsTie()
    {
        // One "target" in a text of 100 words and in one of 110: Lucene 4's one-byte norm holds both lengths as the
        // same value, so its BM25 ties them; with exact lengths the shorter scores higher.
        var texts = new[] { Words(100), Words(110), Words(400) };

        var exact = Scores(new ExactLengthBm25(), texts);
        var lucene = Scores(new BM25Similarity(), texts);

        Assert.Equal(lucene[0], lucene[1]);
        Assert.True(exact[0] > exact[1], $"{exact[0]} should exceed {exact[1]}");
        Assert.True(exact[1] > exact[2]);
    }

    [Fact]
    public void Score_MatchesTheBm25FormulaOverExactLengths()
    {
        var texts = new[] { Words(100), Words(110), Words(400) };

        var scores = Scores(new ExactLengthBm25(), texts);

        // idf = ln(1 + (N - n + 0.5) / (n + 0.5)) with N = 3 documents, n = 3 holding the term; average length 610 / 3.
        var idf = Math.Log(1 + (0.5 / 3.5));
        var average = 610 / 3.0;
        for (var i = 0; i < texts.Length; i++)
        {
            var length = texts[i].Split(' ').Length;
            var expected = idf * (ExactLengthBm25.K1 + 1) / (1 + (ExactLengthBm25.K1 * (1 - ExactLengthBm25.B + (ExactLengthBm25.B * length / average))));
            Assert.Equal(expected, scores[i], 5);
        }
    }

    [Theory]
    [MemberData(nameof(Queries))]
    public void Score_LengthsOneByteNormsHoldExactly_SameAsLucenesBm25(string name, Query query)
    {
        // Lucene's one-byte norm holds 1/sqrt(length) exactly for these lengths, so the two similarities must agree
        // on every score: boosts (the title's tenth is a boost), Boolean sums, phrase idf sums and sloppy phrases.
        var texts = new[] { 4, 16, 64, 256, 1024 }.Select(n => Words(n, "target near", "far")).ToArray();

        var exact = Scores(new ExactLengthBm25(), texts, query);
        var lucene = Scores(new BM25Similarity(), texts, query);

        Assert.True(exact.Any(s => s > 0), name);
        for (var i = 0; i < texts.Length; i++)
        {
            Assert.Equal(lucene[i], exact[i], 1e-5f * Math.Max(1, lucene[i]));
        }
    }

    public static TheoryData<string, Query> Queries()
    {
        var boosted = new TermQuery(new Term("text", "target")) { Boost = 0.1f };
        var boolean = new BooleanQuery { { new TermQuery(new Term("text", "target")), Occur.SHOULD }, { boosted, Occur.SHOULD }, { new TermQuery(new Term("text", "far")), Occur.SHOULD } };
        var outer = new BooleanQuery { { boolean, Occur.MUST } };
        outer.Boost = 3;
        var sloppy = new PhraseQuery { Slop = 2 };
        sloppy.Add(new Term("text", "target"));
        sloppy.Add(new Term("text", "far"));
        return new TheoryData<string, Query>
        {
            { "boosted term", boosted },
            { "boolean", boolean },
            { "boosted boolean", outer },
            { "phrase", new PhraseQuery { new Term("text", "target"), new Term("text", "near") } },
            { "sloppy phrase", sloppy },
        };
    }

    /// <summary>"target" once, then filler words up to <paramref name="count"/> words.</summary>
    private static string Words(int count) => Words(count, "target", null);

    /// <summary><paramref name="start"/>'s words, then filler up to <paramref name="count"/> words, the last of them <paramref name="last"/> when given.</summary>
    private static string Words(int count, string start, string? last)
    {
        var words = start.Split(' ').Concat(Enumerable.Range(1, count).Select(i => "w" + i)).Take(count).ToArray();
        if (last is not null)
        {
            words[^1] = last;
        }

        return string.Join(' ', words);
    }

    /// <summary>Each text's score for the term "target", indexed and searched with <paramref name="similarity"/>.</summary>
    private float[] Scores(Similarity similarity, string[] texts) => Scores(similarity, texts, new TermQuery(new Term("text", "target")));

    /// <summary>Each text's score for <paramref name="query"/> (0 when it does not match), indexed and searched with <paramref name="similarity"/>.</summary>
    private float[] Scores(Similarity similarity, string[] texts, Query query)
    {
        var path = Path.Combine(_folder.Path, Guid.NewGuid().ToString("N"));
        using var directory = FSDirectory.Open(path);
        using (var writer = new IndexWriter(directory, new IndexWriterConfig(LuceneVersion.LUCENE_48, new WhitespaceAnalyzer(LuceneVersion.LUCENE_48)) { Similarity = similarity }))
        {
            for (var i = 0; i < texts.Length; i++)
            {
                writer.AddDocument(new Document { new StringField("n", i.ToString(System.Globalization.CultureInfo.InvariantCulture), Field.Store.YES), new TextField("text", texts[i], Field.Store.NO) });
            }

            writer.Commit();
        }

        using var reader = DirectoryReader.Open(directory);
        var searcher = new IndexSearcher(reader) { Similarity = similarity };
        var scores = new float[texts.Length];
        foreach (var hit in searcher.Search(query, 10).ScoreDocs)
        {
            scores[int.Parse(searcher.Doc(hit.Doc).Get("n"), System.Globalization.CultureInfo.InvariantCulture)] = hit.Score;
        }

        return scores;
    }
}
