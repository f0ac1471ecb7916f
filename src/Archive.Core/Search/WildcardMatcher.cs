namespace Archive.Core.Search;

/// <summary>
/// Matches a folded word against a <see cref="WildcardQuery"/> pattern: <c>?</c> is one code point, <c>*</c> any run
/// of code points. For expanding a pattern over the index vocabulary, after folding it with
/// <see cref="Analyzer.FoldCharacters"/>.
/// </summary>
internal static class WildcardMatcher
{
    /// <summary>True when <paramref name="term"/> matches the whole of <paramref name="pattern"/>.</summary>
    public static bool IsMatch(string pattern, string term)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        ArgumentNullException.ThrowIfNull(term);

        // Greedy matching with one backtrack point (the last '*'): linear in practice, O(n·m) at worst.
        int p = 0, t = 0, starP = -1, starT = 0;
        while (t < term.Length)
        {
            if (p < pattern.Length && pattern[p] == '*')
            {
                starP = p++;
                starT = t;
            }
            else if (p < pattern.Length && pattern[p] == '?')
            {
                p++;
                t += Width(term, t);
            }
            else if (p < pattern.Length && pattern[p] == term[t])
            {
                p++;
                t++;
            }
            else if (starP >= 0)
            {
                p = starP + 1;
                starT += Width(term, starT);
                t = starT;
            }
            else
            {
                return false;
            }
        }

        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }

        return p == pattern.Length;
    }

    private static int Width(string text, int i) =>
        char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]) ? 2 : 1;
}
