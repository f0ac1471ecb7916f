using System.Globalization;
using System.Text;
using Markdig.Helpers;
using Markdig.Parsers;
using Markdig.Syntax;

namespace Archive.Core.Briefings;

/// <summary>
/// Parses <c>[@ID "quote"]</c>, <c>[@ID "quote" #N]</c> and <c>[@ID#N "quote"]</c>. The quote opens with <c>"</c> or
/// <c>“</c> and ends at the first <c>"</c> or <c>”</c> that is followed by an optional <c>#N</c> and the closing
/// <c>]</c>, so a quote may itself contain straight or curly quotes. A quote broken across source lines has each line
/// break folded to one space. Anything else that starts <c>[@</c> is a malformed citation, never plain text: it would
/// print like a citation that was checked. Citations and syntax problems are collected on the document (see
/// <see cref="Citations"/> and <see cref="Problems"/>).
/// </summary>
internal sealed class CitationInlineParser : InlineParser
{
    private static readonly object CitationsKey = new();
    private static readonly object ProblemsKey = new();

    public CitationInlineParser() => OpeningCharacters = ['['];

    /// <summary>The citations parsed into a document, in order of appearance.</summary>
    public static List<BriefCitation> Citations(MarkdownDocument document) => Data<BriefCitation>(document, CitationsKey);

    /// <summary>Syntax problems as (line, column, message), 1-based.</summary>
    public static List<(int Line, int Column, string Message)> Problems(MarkdownDocument document) => Data<(int, int, string)>(document, ProblemsKey);

    public override bool Match(InlineProcessor processor, ref StringSlice slice)
    {
        ArgumentNullException.ThrowIfNull(processor);
        var text = slice.Text;
        var start = slice.Start;
        var end = slice.End;
        if (start + 1 > end || text[start + 1] != '@')
        {
            return false;
        }

        var i = start + 2;
        while (i <= end && IsIdChar(text[i]))
        {
            i++;
        }

        var id = text[(start + 2)..i];
        var position = processor.GetSourcePosition(start, out var line, out var column);
        var (sourceLine, sourceColumn) = (line + 1, column + 1);
        if (id.Length == 0)
        {
            Problems(processor.Document).Add((sourceLine, sourceColumn, "citation [@ ...] names no source: write [@ID \"exact quote\"], ID a capture's hash prefix or a source's slug"));
            return false;
        }

        // [@ID#N "quote"]: the occurrence may follow the id as well as the quote.
        int? leading = null;
        if (i <= end && text[i] == '#')
        {
            var digits = i + 1;
            var after = digits;
            while (after <= end && char.IsAsciiDigit(text[after]))
            {
                after++;
            }

            if (after == digits || after - digits > 6 || (after <= end && !char.IsWhiteSpace(text[after]) && text[after] is not ('"' or '\u201C')))
            {
                Problems(processor.Document).Add((sourceLine, sourceColumn, $"citation [@{id}#...]: an occurrence is # and a number from 1, as in [@{id}#2 \"exact quote\"]"));
                return false;
            }

            leading = int.Parse(text.AsSpan(digits, after - digits), NumberStyles.None, CultureInfo.InvariantCulture);
            i = after;
        }

        while (i <= end && char.IsWhiteSpace(text[i]))
        {
            i++;
        }

        if (i <= end && text[i] == ']')
        {
            Problems(processor.Document).Add((sourceLine, sourceColumn, $"citation [@{id}] has no quoted passage; write [@{id} \"exact quote\"]"));
            return false;
        }

        if (i > end || text[i] is not ('"' or '\u201C'))
        {
            Problems(processor.Document).Add((sourceLine, sourceColumn, $"citation [@{id} ...] does not quote: the passage goes in double quotes, as in [@{id} \"exact quote\"]"));
            return false;
        }

        var quoteStart = i + 1;
        for (var k = quoteStart; k <= end; k++)
        {
            if (text[k] is not ('"' or '\u201D') || !TryClose(text, k + 1, end, out var occurrence, out var close))
            {
                continue;
            }

            var quote = FoldLineBreaks(text[quoteStart..k]);
            if (leading is not null && occurrence is not null && leading != occurrence)
            {
                Problems(processor.Document).Add((sourceLine, sourceColumn, $"citation [@{id}#{leading} ...] names occurrence #{leading} and #{occurrence}: give one"));
            }

            occurrence ??= leading;
            if (occurrence == 0)
            {
                Problems(processor.Document).Add((sourceLine, sourceColumn, "occurrence #0 is not valid; occurrences count from #1"));
            }

            var citations = Citations(processor.Document);
            var citation = new BriefCitation(citations.Count + 1, id, quote, occurrence, sourceLine, sourceColumn);
            citations.Add(citation);
            processor.Inline = new CitationInline(citation)
            {
                Span = new SourceSpan(position, processor.GetSourcePosition(close)),
                Line = line,
                Column = column,
            };
            slice.Start = close + 1;
            return true;
        }

        Problems(processor.Document).Add((sourceLine, sourceColumn, $"citation [@{id} ...] is not closed: end the quote with \" and then ]"));
        return false;
    }

    private static bool TryClose(string text, int i, int end, out int? occurrence, out int close)
    {
        occurrence = null;
        close = -1;
        while (i <= end && char.IsWhiteSpace(text[i]))
        {
            i++;
        }

        if (i <= end && text[i] == '#')
        {
            var digits = ++i;
            while (i <= end && char.IsAsciiDigit(text[i]))
            {
                i++;
            }

            if (i == digits || i - digits > 6)
            {
                return false;
            }

            occurrence = int.Parse(text.AsSpan(digits, i - digits), NumberStyles.None, CultureInfo.InvariantCulture);
            while (i <= end && char.IsWhiteSpace(text[i]))
            {
                i++;
            }
        }

        if (i > end || text[i] != ']')
        {
            return false;
        }

        close = i;
        return true;
    }

    /// <summary>Folds each source line break and the indentation around it to one space.</summary>
    private static string FoldLineBreaks(string quote)
    {
        if (quote.IndexOfAny(['\n', '\r']) < 0)
        {
            return quote;
        }

        var builder = new StringBuilder(quote.Length);
        var lines = quote.Split('\n');
        for (var n = 0; n < lines.Length; n++)
        {
            var part = lines[n].TrimEnd('\r');
            if (n > 0)
            {
                part = part.TrimStart(' ', '\t');
                builder.Append(' ');
            }

            builder.Append(n < lines.Length - 1 ? part.TrimEnd(' ', '\t') : part);
        }

        return builder.ToString();
    }

    private static bool IsIdChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or ':' or '.';

    private static List<T> Data<T>(MarkdownDocument document, object key)
    {
        if (document.GetData(key) is List<T> list)
        {
            return list;
        }

        list = [];
        document.SetData(key, list);
        return list;
    }
}
