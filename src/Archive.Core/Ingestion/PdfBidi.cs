using System.Globalization;
using System.Text;

namespace Archive.Core.Ingestion;

/// <summary>
/// Turns pdftotext's bidi embedding marks (U+202A–U+202E) back into plain text in logical order. pdftotext wraps each
/// right-to-left line in RLE … PDF and, inside it, each left-to-right run (numbers, Latin words, punctuation next to
/// them) in LRE … PDF. The pieces of such a run come in visual order: for <c>في ٢٠ كانون … ٢٠٢٢، وقالت</c> it writes
/// <c>في LRE" ٢٠"PDF كانون … LRE" ،٢٠٢٢"PDF وقالت</c>. The run is split into units (a Latin phrase, a number with its
/// inner separators, or one other character) whose order is reversed; the marks themselves are dropped.
/// </summary>
internal static class PdfBidi
{
    private const char Lre = '\u202A';
    private const char Rle = '\u202B';
    private const char Pop = '\u202C';

    /// <summary>The page without embedding marks, each left-to-right run inside a right-to-left line put in logical order.</summary>
    public static string Resolve(string page)
    {
        ArgumentNullException.ThrowIfNull(page);
        if (page.AsSpan().IndexOfAnyInRange('\u202A', '\u202E') < 0)
        {
            return page;
        }

        var result = new StringBuilder(page.Length);
        var stack = new Stack<char>();
        StringBuilder? run = null;
        foreach (var c in string.Join('\n', page.Split('\n').Select(MoveLeadingStops)))
        {
            switch (c)
            {
                case Lre when stack.Count > 0 && stack.Peek() == Rle && run is null:
                    stack.Push(c);
                    run = new StringBuilder();
                    break;
                case >= '\u202A' and <= '\u202B' or >= '\u202D' and <= '\u202E':
                    stack.Push(c);
                    break;
                case Pop:
                    if (stack.Count > 0 && stack.Pop() == Lre && run is not null && (stack.Count == 0 || stack.Peek() == Rle))
                    {
                        result.Append(Reorder(run.ToString()));
                        run = null;
                    }

                    break;
                case '\n':
                    // Embeddings never span lines; an unclosed one ends with its line.
                    if (run is not null)
                    {
                        result.Append(Reorder(run.ToString()));
                        run = null;
                    }

                    stack.Clear();
                    result.Append(c);
                    break;
                default:
                    (run ?? result).Append(c);
                    break;
            }
        }

        if (run is not null)
        {
            result.Append(Reorder(run.ToString()));
        }

        return result.ToString();
    }

    /// <summary>
    /// A line that is one right-to-left embedding with stops before it (<c>.RLE التوقيع PDF</c>): pdftotext sorts the
    /// line's characters from the left, and a wrapped right-to-left paragraph's final stop, drawn at the left, came out
    /// first, outside the embedding, so the text read ".التوقيع". The stops go inside the embedding, at its end, in
    /// logical (reversed) order. Only full stops, commas, colons, semicolons, question and exclamation marks and the
    /// ellipsis move, with the spaces between them; brackets and quotation marks, which a right-to-left line mirrors,
    /// stay where they are.
    /// </summary>
    internal static string MoveLeadingStops(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var stops = 0;
        while (stops < line.Length && (IsStop(line[stops]) || line[stops] == ' '))
        {
            stops++;
        }

        if (stops == 0 || stops == line.Length || line[stops] != Rle || !line.AsSpan(0, stops).ContainsAnyExcept(' ') || !EmbeddingEndsTheLine(line, stops))
        {
            return line;
        }

        var moved = line[..stops].ToCharArray();
        Array.Reverse(moved);
        return string.Concat(line.AsSpan(stops, line.Length - stops - 1), new string(moved).AsSpan(), [Pop]);
    }

    private static bool IsStop(char c) => c is '.' or ',' or ':' or ';' or '!' or '?' or '\u060C' or '\u061B' or '\u061F' or '\u06D4' or '\u2026';

    /// <summary>Whether the embedding that opens at <paramref name="start"/> closes at the line's last character.</summary>
    private static bool EmbeddingEndsTheLine(string line, int start)
    {
        var depth = 0;
        for (var i = start; i < line.Length; i++)
        {
            if (line[i] is >= '\u202A' and <= '\u202B' or >= '\u202D' and <= '\u202E')
            {
                depth++;
            }
            else if (line[i] == Pop && --depth == 0)
            {
                return i == line.Length - 1;
            }
        }

        return false;
    }

    /// <summary>Reverses the units of a visual-order left-to-right run.</summary>
    internal static string Reorder(string run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var units = new List<string>();
        var i = 0;
        while (i < run.Length)
        {
            if (!IsWordChar(run, i))
            {
                var width = char.IsSurrogatePair(run, i) ? 2 : 1;
                units.Add(run.Substring(i, width));
                i += width;
                continue;
            }

            var start = i;
            while (i < run.Length)
            {
                if (IsWordChar(run, i))
                {
                    i += char.IsSurrogatePair(run, i) ? 2 : 1;
                }
                else if (i + 1 < run.Length && IsWordChar(run, i + 1) && Joins(run[i], run[i - 1], run[i + 1]))
                {
                    i++;
                }
                else
                {
                    break;
                }
            }

            units.Add(run[start..i]);
        }

        units.Reverse();
        return string.Concat(units);
    }

    // A number keeps its grouping and decimal separators; a Latin phrase keeps the spaces between its words.
    private static bool Joins(char separator, char before, char after) => separator switch
    {
        ',' or '.' or ':' or '/' or '\u066B' or '\u066C' => true,
        ' ' or '\u00A0' => !char.IsDigit(before) || !char.IsDigit(after),
        _ => false,
    };

    private static bool IsWordChar(string text, int index) =>
        CharUnicodeInfo.GetUnicodeCategory(text, index) is
            UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter or
            UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter or UnicodeCategory.NonSpacingMark or
            UnicodeCategory.SpacingCombiningMark or UnicodeCategory.DecimalDigitNumber or UnicodeCategory.LetterNumber or
            UnicodeCategory.OtherNumber;
}
