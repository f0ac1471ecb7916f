namespace Archive.Core.Search.Semantic;

/// <summary>For one query: every embedded text's best chunk and its similarity, by text SHA-256.</summary>
internal sealed class MeaningScores(Dictionary<string, MeaningMatch> byText)
{
    public static MeaningScores None { get; } = new(new Dictionary<string, MeaningMatch>(StringComparer.Ordinal));

    public MeaningMatch? For(string textSha256) => byText.TryGetValue(textSha256, out var match) ? match : null;

    /// <summary>The <paramref name="count"/> most similar texts at or above <paramref name="floor"/>, best first.</summary>
    public IReadOnlyList<(string TextSha256, MeaningMatch Match)> Top(int count, float floor)
    {
        // A bounded heap: the lowest of the best so far on top, so a scan of 100,000 texts does not sort them all.
        var heap = new PriorityQueue<(string Text, MeaningMatch Match), (float, string)>(count + 1, Worst.Instance);
        foreach (var (text, match) in byText)
        {
            if (match.Similarity < floor)
            {
                continue;
            }

            heap.Enqueue((text, match), (match.Similarity, text));
            if (heap.Count > count)
            {
                heap.Dequeue();
            }
        }

        var result = new List<(string, MeaningMatch)>(heap.Count);
        while (heap.TryDequeue(out var item, out _))
        {
            result.Add(item);
        }

        result.Reverse();
        return result;
    }

    /// <summary>Orders the heap worst first: lower similarity, then the later text hash (so ties keep hash order).</summary>
    private sealed class Worst : IComparer<(float Similarity, string Text)>
    {
        public static Worst Instance { get; } = new();

        public int Compare((float Similarity, string Text) x, (float Similarity, string Text) y)
        {
            var bySimilarity = x.Similarity.CompareTo(y.Similarity);
            return bySimilarity != 0 ? bySimilarity : string.CompareOrdinal(y.Text, x.Text);
        }
    }
}
