using Archive.Core.Evaluation;
using Archive.Core.Search;

namespace Archive.Core.Tests.Evaluation;

public sealed class EvaluatorTests : IDisposable
{
    private readonly BeirFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Run_TinyCollection_AveragesOverQueriesWithRelevantDocuments()
    {
        var progress = new List<EvaluationProgress>();

        var result = new Evaluator(TimeProvider.System).Run(_folder.Path, new SynchronousProgress(progress), CancellationToken.None);

        // q1 and q2 are perfect (q2's identical C3 and C4 tie, and trec_eval's tie-break puts C4, judged 2, first);
        // q5's relevant document is never found. q3 (nothing relevant) and q4 (not judged) are left out.
        Assert.Equal(3, result.Queries);
        Assert.Equal(5, result.Docs);
        Assert.Equal(0, result.Rejected);
        Assert.Equal(2.0 / 3, result.NdcgCut10, 12);
        Assert.Equal(2.0 / 3, result.Recall100, 12);
        Assert.Equal(2.0 / 3, result.Map, 12);
        Assert.Equal(new EvaluationProgress("searching", 3, 3), progress[^1]);
        Assert.Contains(progress, p => p.Stage == "indexing");
    }

    [Fact]
    public void Run_MissingFolder_ThrowsInvalidInput()
    {
        Assert.Throws<ArchiveException>(() => new Evaluator(TimeProvider.System).Run(Path.Combine(_folder.Path, "nowhere"), null, CancellationToken.None));
    }

    [Theory]
    [InlineData("How are apples harvested?", "how OR apples OR harvested")]
    [InlineData("AND (NOT) x:y \"z\" a-b*", "x OR y OR z OR b")]
    [InlineData("Is it the one?", "one")]
    [InlineData("To be or not to be", "to OR be OR or OR not OR to OR be")]
    [InlineData("?!", "")]
    public void BagOfWords_Question_JoinsAnalyzedWordsWithOr(string question, string expected)
    {
        Assert.Equal(expected, Evaluator.BagOfWords(new Analyzer(), question));
    }

    [Fact]
    public void BagOfWords_WithStopwords_KeepsEveryWord()
    {
        Assert.Equal("how OR are OR apples OR harvested", Evaluator.BagOfWords(new Analyzer(), "How are apples harvested?", withoutStopwords: false));
    }

    [Fact]
    public void BagOfWords_VeryLongQuestion_StaysWithinTheParserLimits()
    {
        var query = Evaluator.BagOfWords(new Analyzer(), string.Join(' ', Enumerable.Repeat("word", 5000)));

        Assert.True(new QueryParser().Parse(query).IsSuccess);
    }

    private sealed class SynchronousProgress(List<EvaluationProgress> reports) : IProgress<EvaluationProgress>
    {
        public void Report(EvaluationProgress value) => reports.Add(value);
    }
}
