namespace Archive.Core.Search;

/// <summary>
/// Bounded Damerau–Levenshtein distance (optimal string alignment: insertions, deletions, substitutions and
/// transpositions of adjacent characters each cost 1), as Lucene's fuzzy queries count edits. For expanding a
/// <see cref="FuzzyQuery"/> over the index vocabulary.
/// </summary>
internal static class EditDistance
{
    /// <summary>
    /// True when <paramref name="a"/> and <paramref name="b"/> are at most <paramref name="maxEdits"/> edits apart.
    /// Compares code points, so an emoji or a supplementary letter counts as one character.
    /// </summary>
    public static bool IsWithin(string a, string b, int maxEdits)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        ArgumentOutOfRangeException.ThrowIfNegative(maxEdits);
        return Compute(a, b, maxEdits) <= maxEdits;
    }

    /// <summary>The distance, or <paramref name="maxEdits"/> + 1 as soon as it is certain to exceed that bound.</summary>
    public static int Compute(string a, string b, int maxEdits)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        ArgumentOutOfRangeException.ThrowIfNegative(maxEdits);

        var x = ToCodePoints(a);
        var y = ToCodePoints(b);
        if (Math.Abs(x.Length - y.Length) > maxEdits)
        {
            return maxEdits + 1;
        }

        // Three rolling rows: the one before the previous row is needed for transpositions.
        var twoBack = new int[y.Length + 1];
        var previous = new int[y.Length + 1];
        var current = new int[y.Length + 1];
        for (var j = 0; j <= y.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= x.Length; i++)
        {
            current[0] = i;
            var rowMinimum = current[0];
            for (var j = 1; j <= y.Length; j++)
            {
                var cost = x[i - 1] == y[j - 1] ? 0 : 1;
                var value = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + cost);
                if (i > 1 && j > 1 && x[i - 1] == y[j - 2] && x[i - 2] == y[j - 1])
                {
                    value = Math.Min(value, twoBack[j - 2] + 1);
                }

                current[j] = value;
                rowMinimum = Math.Min(rowMinimum, value);
            }

            if (rowMinimum > maxEdits)
            {
                return maxEdits + 1;
            }

            (twoBack, previous, current) = (previous, current, twoBack);
        }

        return Math.Min(previous[y.Length], maxEdits + 1);
    }

    private static int[] ToCodePoints(string text)
    {
        var points = new List<int>(text.Length);
        foreach (var rune in text.EnumerateRunes())
        {
            points.Add(rune.Value);
        }

        return [.. points];
    }
}
