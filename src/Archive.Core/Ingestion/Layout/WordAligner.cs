using System.Globalization;
using System.Text;

namespace Archive.Core.Ingestion.Layout;

/// <summary>
/// Finds a positioned word in a page's text. <c>pdftotext -bbox-layout</c> writes right-to-left words in visual order
/// (letters reversed, digit runs left to right), so a word that is not found as written is looked for reversed too.
/// </summary>
internal static class WordAligner
{
    /// <summary>
    /// The UTF-16 index and length of the first occurrence at or after <paramref name="from"/> that stands as a whole
    /// word (no letter, digit or mark right before or after it), else the first such occurrence anywhere, else the
    /// first occurrence of any kind at or after <paramref name="from"/>, else null. A whole word first: a short word
    /// also found inside a longer one (بلدية in البلدية) is not placed there.
    /// </summary>
    public static (int Index, int Length)? Find(string pageText, string word, int from)
    {
        ArgumentNullException.ThrowIfNull(pageText);
        ArgumentNullException.ThrowIfNull(word);
        var candidates = Candidates(word);
        foreach (var start in from > 0 ? new[] { from, 0 } : [0])
        {
            foreach (var candidate in candidates)
            {
                for (var index = pageText.IndexOf(candidate, start, StringComparison.Ordinal); index >= 0; index = pageText.IndexOf(candidate, index + 1, StringComparison.Ordinal))
                {
                    if (IsWordEdge(pageText, index - 1) && IsWordEdge(pageText, index + candidate.Length))
                    {
                        return (index, candidate.Length);
                    }
                }
            }
        }

        foreach (var candidate in candidates)
        {
            var index = pageText.IndexOf(candidate, Math.Min(from, pageText.Length), StringComparison.Ordinal);
            if (index >= 0)
            {
                return (index, candidate.Length);
            }
        }

        return null;
    }

    // Whether the character at i (outside the text counts) does not continue a word.
    private static bool IsWordEdge(string text, int i) =>
        i < 0 || i >= text.Length || !(char.IsLetterOrDigit(text[i]) || char.GetUnicodeCategory(text[i]) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark);

    private static List<string> Candidates(string word)
    {
        var canonical = CanonicalText.Canonicalize(word.Trim());
        var list = new List<string>(3);
        if (canonical.Length == 0)
        {
            return list;
        }

        list.Add(canonical);
        if (!canonical.Any(IsRightToLeft))
        {
            return list;
        }

        var reversed = ReverseElements(canonical);
        list.Add(CanonicalText.Canonicalize(reversed));
        var digitsKept = CanonicalText.Canonicalize(KeepDigitRuns(reversed));
        if (digitsKept != list[^1])
        {
            list.Add(digitsKept);
        }

        return list;
    }

    // Reverses by text element, so a letter keeps its combining marks after it.
    private static string ReverseElements(string text)
    {
        var elements = new List<string>();
        var enumerator = StringInfo.GetTextElementEnumerator(text);
        while (enumerator.MoveNext())
        {
            elements.Add(enumerator.GetTextElement());
        }

        elements.Reverse();
        return string.Concat(elements);
    }

    // After reversing a visual-order word, digit runs read backwards: turn each run around again.
    private static string KeepDigitRuns(string text)
    {
        var result = new StringBuilder(text.Length);
        var i = 0;
        while (i < text.Length)
        {
            if (!char.IsDigit(text[i]))
            {
                result.Append(text[i++]);
                continue;
            }

            var runStart = i;
            while (i < text.Length && char.IsDigit(text[i]))
            {
                i++;
            }

            for (var j = i - 1; j >= runStart; j--)
            {
                result.Append(text[j]);
            }
        }

        return result.ToString();
    }

    private static bool IsRightToLeft(char c) => c is >= '\u0590' and <= '\u08FF' or >= '\uFB1D' and <= '\uFDFF' or >= '\uFE70' and <= '\uFEFF';
}
