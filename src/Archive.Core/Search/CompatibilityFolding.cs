using System.Globalization;
using System.Text;

namespace Archive.Core.Search;

/// <summary>
/// Compatibility forms that text extracted from PDFs and old web pages is full of, replaced by the letters they stand
/// for (their NFKC decomposition): Arabic presentation forms (ﻗﺎﻝ → قال, ﻻ → لا), Latin ligatures (ﬁ → fi) and
/// fullwidth letters and digits (Ａ → A). The result is folded further like any other letter.
/// </summary>
/// <remarks>
/// Ligatures that stand for whole phrases (ﷺ, ﷻ) decompose to several words or to more than
/// <see cref="MaxLength"/> characters; they are left as they are. The one-word ligature ﷲ becomes الله.
/// </remarks>
internal static class CompatibilityFolding
{
    /// <summary>Longest replacement, in UTF-16 units.</summary>
    public const int MaxLength = 4;

    private const char First = '\uFB00';
    private const char Last = '\uFF5A';

    private static readonly string?[] Table = Build();

    /// <summary>The letters <paramref name="c"/> stands for, or null when it is not a compatibility form.</summary>
    public static string? Decompose(char c) => c is >= First and <= Last ? Table[c - First] : null;

    private static string?[] Build()
    {
        var table = new string?[Last - First + 1];
        for (var c = First; c <= Last; c++)
        {
            var covered = c is (<= '\uFB06') or (>= '\uFB50' and <= '\uFDFF') or (>= '\uFE70' and <= '\uFEFE')
                or (>= '\uFF10' and <= '\uFF19') or (>= '\uFF21' and <= '\uFF3A') or (>= '\uFF41' and <= '\uFF5A');
            if (!covered || !IsLetterOrMark(c))
            {
                continue;
            }

            var decomposed = c.ToString().Normalize(NormalizationForm.FormKC);
            var kept = new StringBuilder(decomposed.Length);
            var multiWord = false;
            foreach (var d in decomposed)
            {
                if (d == ' ')
                {
                    // An isolated tashkeel form is a space and a mark; a phrase ligature has spaces between words.
                    multiWord |= kept.Length > 0;
                    continue;
                }

                kept.Append(d);
            }

            if (!multiWord && kept.Length is > 0 and <= MaxLength && kept.ToString() != c.ToString())
            {
                table[c - First] = kept.ToString();
            }
        }

        return table;
    }

    private static bool IsLetterOrMark(char c) => CharUnicodeInfo.GetUnicodeCategory(c) is
        UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.OtherLetter
        or UnicodeCategory.ModifierLetter or UnicodeCategory.DecimalDigitNumber or UnicodeCategory.NonSpacingMark;
}
