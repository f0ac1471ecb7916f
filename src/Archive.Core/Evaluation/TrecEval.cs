namespace Archive.Core.Evaluation;

/// <summary>
/// trec_eval's measures for one query. A run is ordered as trec_eval orders it: score descending, ties by document
/// id descending. A document is relevant when its judged relevance is above 0; unjudged documents are not relevant.
/// </summary>
internal static class TrecEval
{
    /// <summary>The run's document ids in trec_eval's order.</summary>
    public static IReadOnlyList<string> Order(IEnumerable<(string DocId, double Score)> run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return [.. run.OrderByDescending(r => r.Score).ThenByDescending(r => r.DocId, StringComparer.Ordinal).Select(r => r.DocId)];
    }

    /// <summary>
    /// <c>ndcg_cut.k</c>: DCG@k / IDCG@k with graded gains, DCG = Σ rel_i / log2(i + 1) over ranks i = 1..k, and
    /// IDCG the same over the judged relevances sorted from highest. 0 when nothing is relevant.
    /// </summary>
    public static double NdcgCut(IReadOnlyList<string> ranking, IReadOnlyDictionary<string, int> judgments, int k)
    {
        ArgumentNullException.ThrowIfNull(ranking);
        ArgumentNullException.ThrowIfNull(judgments);
        var dcg = 0.0;
        for (var i = 0; i < Math.Min(k, ranking.Count); i++)
        {
            dcg += Gain(judgments, ranking[i]) / Math.Log2(i + 2);
        }

        var ideal = judgments.Values.Where(r => r > 0).OrderDescending().Take(k).Select((r, i) => r / Math.Log2(i + 2)).Sum();
        return ideal > 0 ? dcg / ideal : 0;
    }

    /// <summary><c>recall.k</c>: relevant documents in the top k over all relevant documents.</summary>
    public static double Recall(IReadOnlyList<string> ranking, IReadOnlyDictionary<string, int> judgments, int k)
    {
        ArgumentNullException.ThrowIfNull(ranking);
        ArgumentNullException.ThrowIfNull(judgments);
        var relevant = Relevant(judgments);
        return relevant == 0 ? 0 : (double)ranking.Take(k).Count(d => Gain(judgments, d) > 0) / relevant;
    }

    /// <summary><c>map</c> for one query: the precision at each relevant document's rank, summed, over all relevant documents.</summary>
    public static double AveragePrecision(IReadOnlyList<string> ranking, IReadOnlyDictionary<string, int> judgments)
    {
        ArgumentNullException.ThrowIfNull(ranking);
        ArgumentNullException.ThrowIfNull(judgments);
        var relevant = Relevant(judgments);
        if (relevant == 0)
        {
            return 0;
        }

        var found = 0;
        var sum = 0.0;
        for (var i = 0; i < ranking.Count; i++)
        {
            if (Gain(judgments, ranking[i]) > 0)
            {
                found++;
                sum += (double)found / (i + 1);
            }
        }

        return sum / relevant;
    }

    public static int Relevant(IReadOnlyDictionary<string, int> judgments)
    {
        ArgumentNullException.ThrowIfNull(judgments);
        return judgments.Values.Count(r => r > 0);
    }

    private static int Gain(IReadOnlyDictionary<string, int> judgments, string docId) =>
        judgments.TryGetValue(docId, out var relevance) && relevance > 0 ? relevance : 0;
}
