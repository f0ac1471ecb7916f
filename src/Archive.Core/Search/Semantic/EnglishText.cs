using System.Collections.Frozen;

namespace Archive.Core.Search.Semantic;

/// <summary>
/// Whether a text (or a query) is English, the one language the shipped model understands. A capture's
/// <c>language</c> decides when it is set; otherwise the text decides: mostly Latin letters, and English function
/// words making up a good share of its words (about 40 % in running English; a few percent in French, German or
/// Turkish, none in Arabic script).
/// </summary>
internal static class EnglishText
{
    /// <summary>How much of a text is read to decide.</summary>
    private const int Sample = 20_000;

    private static readonly FrozenSet<string> FunctionWords = new[]
    {
        "the", "of", "and", "to", "in", "a", "is", "that", "for", "it", "as", "was", "with", "be", "by", "on", "not",
        "he", "she", "this", "are", "or", "his", "her", "from", "at", "which", "but", "have", "an", "they", "were",
        "has", "had", "been", "their", "its", "we", "will", "would", "there", "these", "who", "what", "when", "than",
        "into", "more", "also", "after", "said", "about", "can", "our", "all", "other", "one", "do", "does", "did",
    }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>True when the capture's text is English: by its language tag when it has one, by its words when not.</summary>
    public static bool IsEnglish(string? languageTag, string text)
    {
        if (!string.IsNullOrWhiteSpace(languageTag))
        {
            var primary = languageTag.Split('-', '_')[0].Trim();
            return primary.Equals("en", StringComparison.OrdinalIgnoreCase) || primary.Equals("eng", StringComparison.OrdinalIgnoreCase);
        }

        return LooksEnglish(text, minimumShare: 0.12);
    }

    /// <summary>
    /// True when a query reads as English: Latin letters only, and either a function word among its words or words
    /// the model knows; a query of a few words rarely has function words, so only the script is asked of it.
    /// </summary>
    public static bool IsEnglishQuery(string words)
    {
        ArgumentNullException.ThrowIfNull(words);
        var (latin, other, _, _) = Count(words);
        return latin > 0 && other == 0;
    }

    private static bool LooksEnglish(string text, double minimumShare)
    {
        ArgumentNullException.ThrowIfNull(text);
        var (latin, other, words, function) = Count(text.Length > Sample ? text[..Sample] : text);
        return latin > 0 && latin >= 4 * other && words > 0 && function >= minimumShare * words;
    }

    private static (int Latin, int Other, int Words, int Function) Count(string text)
    {
        int latin = 0, other = 0, words = 0, function = 0;
        var word = new System.Text.StringBuilder();
        foreach (var c in text)
        {
            if (char.IsLetter(c))
            {
                if (c < 'ɏ')
                {
                    latin++;
                }
                else
                {
                    other++;
                }

                word.Append(char.ToLowerInvariant(c));
                continue;
            }

            Close();
        }

        Close();
        return (latin, other, words, function);

        void Close()
        {
            if (word.Length == 0)
            {
                return;
            }

            words++;
            if (FunctionWords.Contains(word.ToString()))
            {
                function++;
            }

            word.Clear();
        }
    }
}
