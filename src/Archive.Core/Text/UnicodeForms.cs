using System.Globalization;
using System.Text;

namespace Archive.Core.Text;

/// <summary>
/// Unicode normalization that takes every valid string. The system's normalizer (ICU on Linux) refuses the
/// noncharacter U+FFFE, which is valid text that any file, title or quote may hold; it composes with nothing, so the
/// pieces between occurrences are normalized apart and joined by it again.
/// </summary>
internal static class UnicodeForms
{
    /// <summary><paramref name="text"/> in <paramref name="form"/>; itself when it already is.</summary>
    /// <exception cref="ArgumentException">The text holds a lone surrogate.</exception>
    public static string Normalize(string text, NormalizationForm form)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Contains('\uFFFE', StringComparison.Ordinal))
        {
            return string.Join('\uFFFE', text.Split('\uFFFE').Select(piece => Normalize(piece, form)));
        }

        return text.IsNormalized(form) ? text : text.Normalize(form);
    }

    /// <summary>
    /// The longest run of combining marks (Mn, Mc, Me) in <paramref name="text"/>: the system's normalizer takes time
    /// growing with the square of such a run (80,000 marks on one letter: 15 s), so callers refuse text over a bound
    /// no writing system comes near.
    /// </summary>
    public static int LongestCombiningRun(ReadOnlySpan<char> text)
    {
        var longest = 0;
        var run = 0;
        var i = 0;
        while (i < text.Length)
        {
            // Below U+0300 every character starts afresh: skip such stretches at once.
            var next = text[i..].IndexOfAnyExceptInRange('\0', '\u02FF');
            if (next < 0)
            {
                break;
            }

            if (next > 0)
            {
                run = 0;
                i += next;
            }

            Rune.DecodeFromUtf16(text[i..], out var rune, out var used);
            var category = Rune.GetUnicodeCategory(rune);
            run = category is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark ? run + 1 : 0;
            longest = Math.Max(longest, run);
            i += Math.Max(used, 1);
        }

        return longest;
    }
}
