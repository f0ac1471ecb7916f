namespace Archive.Core.Search.Semantic;

/// <summary>
/// For one query: embedded texts' best chunks and their similarities (arrays by the set's text numbers). After an
/// exact scan every text is scored; after an HNSW lookup only the candidates are, and any other text is scored
/// exactly when asked for (the backend asks for its BM25 candidates).
/// </summary>
internal sealed class MeaningScores
{
    private readonly VectorSet? _set;
    private readonly QueryVector? _query;
    private readonly float[] _best;
    private readonly int[] _bestChunk;
    private readonly int[]? _candidates;

    /// <param name="candidates">The texts scored, in order; null when all were (then <paramref name="best"/> has no gaps).</param>
    internal MeaningScores(VectorSet? set, QueryVector? query, float[] best, int[] bestChunk, int[]? candidates) =>
        (_set, _query, _best, _bestChunk, _candidates) = (set, query, best, bestChunk, candidates);

    public static MeaningScores None { get; } = new(null, null, [], [], null);

    public MeaningMatch? For(string textSha256)
    {
        var t = _set?.IndexOf(textSha256) ?? -1;
        if (t < 0)
        {
            return null;
        }

        if (float.IsNaN(_best[t]))
        {
            (_best[t], _bestChunk[t]) = _set!.BestOf(t, _query!);
        }

        return Match(t);
    }

    /// <summary>The <paramref name="count"/> most similar texts at or above <paramref name="floor"/>, best first.</summary>
    public IReadOnlyList<(string TextSha256, MeaningMatch Match)> Top(int count, float floor)
    {
        // A bounded heap: the lowest of the best so far on top, so a scan of 100,000 texts does not sort them all.
        var heap = new PriorityQueue<int, (float, int)>(count + 1, Worst.Instance);
        var texts = _candidates ?? Enumerable.Range(0, _best.Length);
        foreach (var t in texts)
        {
            if (!(_best[t] >= floor))
            {
                continue;
            }

            heap.Enqueue(t, (_best[t], t));
            if (heap.Count > count)
            {
                heap.Dequeue();
            }
        }

        var result = new List<(string, MeaningMatch)>(heap.Count);
        while (heap.TryDequeue(out var t, out _))
        {
            result.Add((_set!.TextAt(t), Match(t)));
        }

        result.Reverse();
        return result;
    }

    private MeaningMatch Match(int t)
    {
        var (start, end) = _set!.RangeOf(_bestChunk[t]);
        return new MeaningMatch(_best[t], start, end);
    }

    /// <summary>Orders the heap worst first: lower similarity, then the later text (so ties keep store order).</summary>
    private sealed class Worst : IComparer<(float Similarity, int Text)>
    {
        public static Worst Instance { get; } = new();

        public int Compare((float Similarity, int Text) x, (float Similarity, int Text) y)
        {
            var bySimilarity = x.Similarity.CompareTo(y.Similarity);
            return bySimilarity != 0 ? bySimilarity : y.Text.CompareTo(x.Text);
        }
    }
}
