using Archive.Core.Evaluation;

namespace Archive.Core.Tests.Evaluation;

public sealed class TrecEvalTests
{
    // The run ranks d1..d5; d1 is judged 2, d3 and d6 are judged 1 (d6 was not retrieved), d2 is judged 0.
    private static readonly string[] Ranking = ["d1", "d2", "d3", "d4", "d5"];

    private static readonly Dictionary<string, int> Judgments = new(StringComparer.Ordinal)
    {
        ["d1"] = 2,
        ["d2"] = 0,
        ["d3"] = 1,
        ["d6"] = 1,
    };

    [Fact]
    public void NdcgCut_GradedJudgments_MatchesHandComputedValue()
    {
        // DCG@10  = 2/log2(2) + 0/log2(3) + 1/log2(4)            = 2 + 0 + 0.5                = 2.5
        // IDCG@10 = 2/log2(2) + 1/log2(3) + 1/log2(4)            = 2 + 0.6309297536 + 0.5     = 3.1309297536
        // nDCG@10 = 2.5 / 3.1309297536                                                          = 0.7984848581
        Assert.Equal(0.7984848581, TrecEval.NdcgCut(Ranking, Judgments, 10), 9);
    }

    [Fact]
    public void NdcgCut_CutBelowTheRun_CutsBothRunAndIdeal()
    {
        // DCG@2  = 2/log2(2) + 0/log2(3) = 2;  IDCG@2 = 2/log2(2) + 1/log2(3) = 2.6309297536;  2 / 2.6309297536 = 0.7601875334
        Assert.Equal(0.7601875334, TrecEval.NdcgCut(Ranking, Judgments, 2), 9);
    }

    [Fact]
    public void NdcgCut_IdealOrder_IsOne()
    {
        Assert.Equal(1.0, TrecEval.NdcgCut(["d1", "d3", "d6"], Judgments, 10), 12);
    }

    [Fact]
    public void Recall_SomeRelevantMissing_CountsOverAllRelevant()
    {
        // Relevant: d1, d3, d6 (d2 is judged 0). Top 100 holds d1 and d3: 2/3. Top 1 holds d1: 1/3.
        Assert.Equal(2.0 / 3, TrecEval.Recall(Ranking, Judgments, 100), 12);
        Assert.Equal(1.0 / 3, TrecEval.Recall(Ranking, Judgments, 1), 12);
    }

    [Fact]
    public void AveragePrecision_UnretrievedRelevant_CountsAsZeroPrecision()
    {
        // Relevant at rank 1 (precision 1/1) and rank 3 (precision 2/3); d6 never retrieved.
        // AP = (1 + 2/3) / 3 relevant = 0.5555555556
        Assert.Equal(0.5555555556, TrecEval.AveragePrecision(Ranking, Judgments), 9);
    }

    [Fact]
    public void Measures_NothingRelevant_AreZero()
    {
        var none = new Dictionary<string, int>(StringComparer.Ordinal) { ["d1"] = 0 };

        Assert.Equal(0, TrecEval.Relevant(none));
        Assert.Equal(0, TrecEval.NdcgCut(Ranking, none, 10));
        Assert.Equal(0, TrecEval.Recall(Ranking, none, 100));
        Assert.Equal(0, TrecEval.AveragePrecision(Ranking, none));
    }

    [Fact]
    public void Measures_EmptyRun_AreZero()
    {
        Assert.Equal(0, TrecEval.NdcgCut([], Judgments, 10));
        Assert.Equal(0, TrecEval.Recall([], Judgments, 100));
        Assert.Equal(0, TrecEval.AveragePrecision([], Judgments));
    }

    [Fact]
    public void Order_TiedScores_BreaksTiesByDocumentIdDescending()
    {
        // trec_eval sorts by score descending, then by docno descending.
        Assert.Equal(["b", "c", "a", "d"], TrecEval.Order([("a", 1.0), ("b", 2.0), ("c", 1.0), ("d", 0.5)]));
    }
}
