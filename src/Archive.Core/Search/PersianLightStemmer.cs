namespace Archive.Core.Search;

/// <summary>
/// Light suffix stripping for Persian words that <see cref="Analyzer"/> has already folded (ی → ي, ک → ك, zero-width
/// non-joiners dropped, so کتاب‌ها arrives as كتابها). Lucene's Persian analysis only normalizes; this removes the
/// commonest inflections on top: the plural markers ها and ات, هاي (plural + ezafe), and the comparative and
/// superlative تر and ترين. The plural ان is left alone: too many stems end in it (زندان, prison, would lose it).
/// A stem keeps at least three letters and at most one suffix is removed.
/// </summary>
internal static class PersianLightStemmer
{
    /// <summary>Fewest letters a stem keeps.</summary>
    public const int MinStemLength = 3;

    // Longest first, so هايي wins over هاي and ها.
    private static readonly string[] Suffixes = ["هايي", "ترين", "هاي", "ها", "تر", "ات"];

    /// <summary>Returns the light stem of a folded Persian word, or the word itself when nothing can be removed.</summary>
    public static string Stem(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        foreach (var suffix in Suffixes)
        {
            if (word.Length - suffix.Length >= MinStemLength && word.EndsWith(suffix, StringComparison.Ordinal))
            {
                return word[..^suffix.Length];
            }
        }

        return word;
    }
}
