using System.Globalization;
using System.Text;

namespace Archive.Core.Search;

/// <summary>
/// Lower-cases and strips diacritics from precomposed Latin letters (Latin-1 Supplement, Latin Extended-A and -B,
/// Latin Extended Additional): é → e, Ş → s, ṣ → s. Letters without a decomposition fold as a reader would expect:
/// ß → ss, æ → ae, œ → oe, ø → o, ł → l, đ and ð → d, þ → th, ı and İ → i, ħ → h.
/// </summary>
internal static class LatinFolding
{
    private const char Block1First = '\u00C0';
    private const char Block1Last = '\u024F';
    private const char Block2First = '\u1E00';
    private const char Block2Last = '\u1EFF';

    private static readonly string?[] Block1 = Build(Block1First, Block1Last);
    private static readonly string?[] Block2 = Build(Block2First, Block2Last);

    /// <summary>The folded form of <paramref name="c"/>, or null when it is not a Latin letter this table covers.</summary>
    public static string? Fold(char c) => c switch
    {
        >= Block1First and <= Block1Last => Block1[c - Block1First],
        >= Block2First and <= Block2Last => Block2[c - Block2First],
        _ => null,
    };

    private static string?[] Build(char first, char last)
    {
        var table = new string?[last - first + 1];
        for (var c = first; c <= last; c++)
        {
            var lower = char.ToLowerInvariant(c);
            var special = Special(lower);
            if (special is not null)
            {
                table[c - first] = special;
                continue;
            }

            if (c is '\u00D7' or '\u00F7')
            {
                continue; // × and ÷ are symbols, not letters
            }

            var decomposed = lower.ToString().Normalize(NormalizationForm.FormD);
            var folded = new StringBuilder(decomposed.Length);
            foreach (var d in decomposed)
            {
                if (CharUnicodeInfo.GetUnicodeCategory(d) != UnicodeCategory.NonSpacingMark)
                {
                    // Lower-cased again after the marks go: Turkish İ has no simple lower case of its own, and
                    // decomposes to I and a dot above, so without this it folded to a capital I ("İstanbul" never
                    // matched "istanbul").
                    folded.Append(char.ToLowerInvariant(d));
                }
            }

            table[c - first] = folded.ToString();
        }

        return table;
    }

    private static string? Special(char lower) => lower switch
    {
        'ß' or 'ẞ' => "ss",
        'æ' => "ae",
        'œ' => "oe",
        'ø' => "o",
        'ł' => "l",
        'đ' or 'ð' => "d",
        'þ' => "th",
        'ı' => "i",
        'ħ' => "h",
        'ŧ' => "t",
        'ŀ' => "l",
        'ĳ' => "ij",
        _ => null,
    };
}
