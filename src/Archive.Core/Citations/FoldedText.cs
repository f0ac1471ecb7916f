using System.Text;
using Archive.Core.Text;

namespace Archive.Core.Citations;

/// <summary>
/// A text folded for tolerant matching (whitespace runs to one space, typographic quotes and apostrophes to ASCII,
/// dashes to '-') with, for every folded character, the UTF-16 span it came from in the original.
/// </summary>
internal sealed class FoldedText
{
    private readonly int[] _starts;
    private readonly int[] _ends;

    private FoldedText(string value, int[] starts, int[] ends)
    {
        Value = value;
        _starts = starts;
        _ends = ends;
    }

    public string Value { get; }

    /// <summary>Folds a text that is already NFC (canonical texts are).</summary>
    public static FoldedText Create(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var builder = new StringBuilder(text.Length);
        var starts = new int[text.Length];
        var ends = new int[text.Length];
        var n = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                if (n > 0 && builder[n - 1] == ' ' && ends[n - 1] == i && char.IsWhiteSpace(text[i - 1]))
                {
                    ends[n - 1] = i + 1;
                    continue;
                }

                c = ' ';
            }
            else
            {
                c = Fold(c);
            }

            builder.Append(c);
            starts[n] = i;
            ends[n] = i + 1;
            n++;
        }

        return new FoldedText(builder.ToString(), starts[..n], ends[..n]);
    }

    /// <summary>Folds a quote typed by an author: NFC, then the same folding, trimmed.</summary>
    public static string FoldQuote(string quote)
    {
        ArgumentNullException.ThrowIfNull(quote);
        return Create(UnicodeForms.Normalize(quote, NormalizationForm.FormC)).Value.Trim(' ');
    }

    /// <summary>The original UTF-16 span <c>[start, end)</c> of the folded span <c>[start, start + length)</c>.</summary>
    public (int Start, int End) ToOriginal(int foldedStart, int foldedLength) =>
        (_starts[foldedStart], _ends[foldedStart + foldedLength - 1]);

    /// <summary>The folded index of the character that covers an original UTF-16 index.</summary>
    public int FromOriginal(int originalIndex)
    {
        var index = Array.BinarySearch(_starts, originalIndex);
        return index >= 0 ? index : Math.Max(0, ~index - 1);
    }

    // Guillemets are the quotation marks of Arabic, Persian, French and Russian sources: « » as double, ‹ › as single.
    public static char Fold(char c) => c switch
    {
        '\u2018' or '\u2019' or '\u201A' or '\u201B' or '\u2039' or '\u203A' => '\'',
        '\u201C' or '\u201D' or '\u201E' or '\u201F' or '\u00AB' or '\u00BB' => '"',
        '\u2010' or '\u2011' or '\u2012' or '\u2013' or '\u2014' or '\u2015' => '-',
        _ => c,
    };
}
