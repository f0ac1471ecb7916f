namespace Archive.Core.Search.Semantic;

/// <summary>For one query: every embedded text's best chunk and its similarity (arrays by the set's text numbers).</summary>
internal sealed class MeaningScores
{
    private readonly VectorSet? _set;
    private readonly float[] _best;
    private readonly int[] _bestChunk;

    internal MeaningScores(VectorSet? set, float[] best, int[] bestChunk) => (_set, _best, _bestChunk) = (set, best, bestChunk);

    public static MeaningScores None { get; } = new(null, [], []);

    public MeaningMatch? For(string textSha256)
    {
        var t = _set?.IndexOf(textSha256) ?? -1;
        return t < 0 ? null : Match(t);
    }

    /// <summary>The <paramref name="count"/> most similar texts at or above <paramref name="floor"/>, best first.</summary>
    public IReadOnlyList<(string TextSha256, MeaningMatch Match)> Top(int count, float floor)
    {
        // A bounded heap: the lowest of the best so far on top, so a scan of 100,000 texts does not sort them all.
        var heap = new PriorityQueue<int, (float, int)>(count + 1, Worst.Instance);
        for (var t = 0; t < _best.Length; t++)
        {
            if (_best[t] < floor)
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
