using Archive.Core.Tools;
using System.Globalization;
using System.Text;
using Archive.Core.Citations;
using Archive.Core.Ingestion;
using Archive.Core.Text;

namespace Archive.Core.Briefings;

/// <summary>
/// Finds quoted passages in a PDF's text as <c>pdftotext</c> gives it. Both sides are folded: NFKC (which also maps
/// Arabic presentation forms back to letters), format characters such as bidi marks and soft hyphens removed,
/// typographic quotes and dashes folded, whitespace runs to one space, and a hyphen at a line end joined to the next
/// line. Page headers and footers (lines naming the pack id, "page X of Y", the marking) are dropped first, so a
/// passage that runs across a page break still matches. A passage in a right-to-left script is compared by its letters
/// and digits only: in a PDF, the punctuation at the edges of an RTL run is extracted in visual, not logical, order.
/// </summary>
internal sealed class PdfTextMatcher
{
    private readonly string _joined;
    private readonly string _dehyphenated;
    private readonly string _compact;
    private readonly string _letters;

    public PdfTextMatcher(string pdfText, string packId, string? marking)
    {
        ArgumentNullException.ThrowIfNull(pdfText);
        var kept = new StringBuilder();
        foreach (var raw in pdfText.Replace("\f", "\n", StringComparison.Ordinal).Split('\n'))
        {
            var line = raw.Trim();
            if (line.Contains(packId, StringComparison.Ordinal) || IsPageCounter(line) || (!string.IsNullOrEmpty(marking) && line == marking))
            {
                continue;
            }

            kept.Append(raw).Append('\n');
        }

        var text = Clean(kept.ToString());
        _joined = Collapse(HyphenBreak(text, "-"));
        _dehyphenated = Collapse(HyphenBreak(text, string.Empty));
        _compact = RemoveSpaces(_joined);
        _letters = LettersAndDigits(_dehyphenated);
    }

    /// <summary>Runs <c>pdftotext -enc UTF-8</c> on a PDF and returns its text.</summary>
    public static string ExtractText(string pdfPath, CancellationToken cancellationToken)
    {
        var result = ExternalTool.Run("pdftotext", ["-enc", "UTF-8", pdfPath, "-"], "poppler-utils", TimeSpan.FromMinutes(2), cancellationToken);
        if (result.ExitCode != 0)
        {
            throw new ArchiveException(ArchiveErrorKind.Unreadable, $"pdftotext failed on {pdfPath}: {result.ErrorLine()}");
        }

        return Encoding.UTF8.GetString(result.StandardOutput);
    }

    public bool Contains(string passage)
    {
        ArgumentNullException.ThrowIfNull(passage);
        var quote = Collapse(Clean(AsDisplayed(passage))).Trim();
        if (quote.Length == 0)
        {
            return true;
        }

        return _joined.Contains(quote, StringComparison.Ordinal)
            || _dehyphenated.Contains(quote, StringComparison.Ordinal)
            || _compact.Contains(RemoveSpaces(quote), StringComparison.Ordinal)
            || (quote.Any(IsRightToLeft) && _letters.Contains(LettersAndDigits(quote), StringComparison.Ordinal));
    }

    private static bool IsRightToLeft(char c) => c is >= '\u0590' and <= '\u08FF' or >= '\uFB1D' and <= '\uFDFF' or >= '\uFE70' and <= '\uFEFF';

    /// <summary>Letters and digits only (combining marks dropped too: pdftotext may move a shadda before its letter).</summary>
    private static string LettersAndDigits(string text) => new(text.Where(char.IsLetterOrDigit).ToArray());

    private static bool IsPageCounter(string line)
    {
        var parts = line.Split(' ');
        return parts.Length == 4 && parts[0] == "page" && parts[2] == "of" && parts[1].All(char.IsAsciiDigit) && parts[3].All(char.IsAsciiDigit);
    }

    /// <summary>
    /// A passage as a browser shows it where that differs from its logical order: the characters between a
    /// right-to-left override (U+202E) and the pop (U+202C), or the end of the line, are drawn reversed, and
    /// pdftotext gives them in that drawn order.
    /// </summary>
    internal static string AsDisplayed(string passage)
    {
        var start = passage.IndexOf('\u202E', StringComparison.Ordinal);
        if (start < 0)
        {
            return passage;
        }

        var builder = new StringBuilder(passage.Length);
        var at = 0;
        while (start >= 0)
        {
            builder.Append(passage, at, start - at);
            var end = passage.IndexOfAny(['\u202C', '\n'], start + 1);
            end = end < 0 ? passage.Length : end;
            // Reversed by text element, as drawn: a surrogate pair or a letter with its marks stays whole.
            var run = passage[(start + 1)..end];
            var elements = new List<string>();
            for (var e = StringInfo.GetTextElementEnumerator(run); e.MoveNext();)
            {
                elements.Add(e.GetTextElement());
            }

            elements.Reverse();
            builder.AppendJoin(string.Empty, elements);
            at = end;
            start = passage.IndexOf('\u202E', at);
        }

        return builder.Append(passage, at, passage.Length - at).ToString();
    }

    private static string Clean(string text)
    {
        var normalized = UnicodeForms.Normalize(text, NormalizationForm.FormKC);
        var builder = new StringBuilder(normalized.Length);
        for (var i = 0; i < normalized.Length; i++)
        {
            var c = normalized[i];
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.Format)
            {
                continue;
            }

            // What a browser cannot draw (a control character, a noncharacter) it prints as a space or U+FFFD, and
            // pdftotext gives that back: on both sides, each is a space.
            var pair = char.IsHighSurrogate(c) && i + 1 < normalized.Length && char.IsLowSurrogate(normalized[i + 1]);
            var codePoint = pair ? char.ConvertToUtf32(c, normalized[i + 1]) : c;
            if ((char.IsControl(c) && c is not ('\n' or '\t' or '\r')) || codePoint == 0xFFFD || (codePoint & 0xFFFE) == 0xFFFE || codePoint is >= 0xFDD0 and <= 0xFDEF)
            {
                builder.Append(' ');
                i += pair ? 1 : 0;
                continue;
            }

            builder.Append(FoldedText.Fold(c));
        }

        return builder.ToString();
    }

    private static string HyphenBreak(string text, string replacement)
    {
        var builder = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '-' && i > 0 && char.IsLetter(text[i - 1]))
            {
                var j = i + 1;
                while (j < text.Length && text[j] is ' ' or '\t')
                {
                    j++;
                }

                if (j < text.Length && text[j] == '\n')
                {
                    while (j < text.Length && char.IsWhiteSpace(text[j]))
                    {
                        j++;
                    }

                    builder.Append(replacement);
                    i = j - 1;
                    continue;
                }
            }

            builder.Append(text[i]);
        }

        return builder.ToString();
    }

    private static string Collapse(string text)
    {
        var builder = new StringBuilder(text.Length);
        var space = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c))
            {
                space = true;
                continue;
            }

            if (space && builder.Length > 0)
            {
                builder.Append(' ');
            }

            space = false;
            builder.Append(c);
        }

        return builder.ToString();
    }

    private static string RemoveSpaces(string text) => text.Replace(" ", string.Empty, StringComparison.Ordinal);
}
