namespace Archive.Core.Search;

/// <summary>
/// Light stemming for Arabic words that <see cref="Analyzer"/> has already normalized (alef forms → ا, ى → ي,
/// ة → ه, no tashkeel or tatweel). It follows Larkey, Ballesteros and Connell's "light10" (2007), made more
/// conservative: a stem always keeps at least three letters, and at most one prefix and one suffix are removed.
/// </summary>
/// <remarks>
/// <list type="number">
/// <item>Prefix: the longest of the article and clitic combinations وبال وكال فبال فكال ولل فلل وال فال بال كال لل ال;
/// failing that, the conjunction و alone.</item>
/// <item>Suffix: the longest of ها ان ات ون ين يه ه ي (ية and ة arrive as يه and ه).</item>
/// </list>
/// So الحسكة, والحسكه and بالحسكة all stem to حسك. The stem is only used for unquoted terms; quoted phrases match the
/// unstemmed form, which keeps a researcher's exact wording available.
/// </remarks>
internal static class ArabicLightStemmer
{
    /// <summary>Fewest letters a stem keeps.</summary>
    public const int MinStemLength = 3;

    // Longest first, so وبال wins over وال and ال.
    private static readonly string[] Prefixes =
    [
        "وبال", "وكال", "فبال", "فكال",
        "ولل", "فلل", "وال", "فال", "بال", "كال",
        "لل", "ال",
    ];

    private static readonly string[] Suffixes = ["ها", "ان", "ات", "ون", "ين", "يه", "ه", "ي"];

    /// <summary>Returns the light stem of a normalized Arabic word, or the word itself when nothing can be removed.</summary>
    public static string Stem(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        var start = 0;
        var end = word.Length;

        var matched = false;
        foreach (var prefix in Prefixes)
        {
            if (end - prefix.Length >= MinStemLength && word.StartsWith(prefix, StringComparison.Ordinal))
            {
                start = prefix.Length;
                matched = true;
                break;
            }
        }

        if (!matched && end - 1 >= MinStemLength && word[0] == 'و')
        {
            start = 1;
        }

        foreach (var suffix in Suffixes)
        {
            if (end - start - suffix.Length >= MinStemLength && word.EndsWith(suffix, StringComparison.Ordinal))
            {
                end -= suffix.Length;
                break;
            }
        }

        return start == 0 && end == word.Length ? word : word[start..end];
    }

    /// <summary>True for the letters this stemmer understands: hamza through yeh (U+0621–U+064A).</summary>
    public static bool IsArabicLetter(char c) => c is >= '\u0621' and <= '\u064A' and not '\u0640';
}
