using System.Text;
using Archive.Core.Ingestion.Ocr;
using Archive.Core.Text;

namespace Archive.Core.Ingestion.Layout;

/// <summary>
/// Builds a paged canonical text page by page, from a PDF's text layer or from OCR, together with its
/// <see cref="TextLayout"/>. Every non-empty page ends with <c>\n</c>, so nothing composes across a page boundary and
/// the joined text is NFC when each page is.
/// </summary>
internal sealed class PagedTextBuilder
{
    private readonly StringBuilder _text = new();
    private readonly List<int> _starts = [];
    private readonly List<LayoutPage> _pages = [];
    private readonly List<LayoutWord> _words = [];
    private int _offset;
    private int _line;

    /// <summary>Pages added so far.</summary>
    public int PageCount => _pages.Count;

    /// <summary>
    /// Adds a page of text made by OCR: words joined by spaces, lines by <c>\n</c>, paragraphs and blocks by an empty
    /// line. Each word's pixel box is multiplied by <paramref name="scale"/> into the page's unit.
    /// </summary>
    public void AddOcrPage(OcrPage page, double width, double height, string unit, double scale)
    {
        ArgumentNullException.ThrowIfNull(page);
        var number = BeginPage(width, height, unit, "ocr");
        var pageStart = _offset;
        (int Block, int Paragraph, int Line)? previous = null;
        foreach (var word in page.Words)
        {
            var text = CleanOcrWord(word.Text);
            if (text.Length == 0)
            {
                continue;
            }

            var key = (word.Block, word.Paragraph, word.Line);
            if (previous is { } last)
            {
                Append(key == last ? " " : last.Block == key.Block && last.Paragraph == key.Paragraph ? "\n" : "\n\n");
            }

            if (previous != key)
            {
                _line++;
            }

            previous = key;
            var start = _offset;
            Append(text);
            var box = new LayoutBox(word.Left * scale, word.Top * scale, (word.Left + word.Width) * scale, (word.Top + word.Height) * scale);
            _words.Add(new LayoutWord(start, _offset, number, _line, box));
        }

        if (_offset > pageStart)
        {
            Append("\n");
        }
    }

    /// <summary>
    /// Adds a page of the PDF's own text (already canonical, ending with <c>\n</c> unless empty) and places each word of
    /// <paramref name="words"/> on it by finding the word in the page text, in order.
    /// </summary>
    public void AddTextPage(string pageText, IReadOnlyList<PositionedWord> words, double width, double height)
    {
        ArgumentNullException.ThrowIfNull(pageText);
        ArgumentNullException.ThrowIfNull(words);
        var number = BeginPage(width, height, "pt", "text-layer");
        var pageStart = _offset;
        Append(pageText);
        var cursor = 0;
        int? lastLine = null;
        foreach (var word in InReadingOrder(words))
        {
            var found = WordAligner.Find(pageText, word.Text, cursor);
            if (found is not { } match)
            {
                continue;
            }

            if (word.Line != lastLine)
            {
                _line++;
                lastLine = word.Line;
            }

            cursor = match.Index + match.Length;
            var start = pageStart + CodePoints.FromUtf16Index(pageText, match.Index);
            var end = pageStart + CodePoints.FromUtf16Index(pageText, match.Index + match.Length);
            _words.Add(new LayoutWord(start, end, number, _line, word.Box));
        }
    }

    /// <summary>
    /// The words line by line, each line in reading order. <c>pdftotext -bbox-layout</c> gives a line's words left to
    /// right, so a line mostly in a right-to-left script is read from its last word: the page text has it in logical
    /// order, and its words are then found in turn rather than each from the line's start.
    /// </summary>
    private static IEnumerable<PositionedWord> InReadingOrder(IReadOnlyList<PositionedWord> words)
    {
        var i = 0;
        while (i < words.Count)
        {
            var end = i;
            while (end < words.Count && words[end].Line == words[i].Line)
            {
                end++;
            }

            var line = words.Skip(i).Take(end - i).ToList();
            var rightToLeft = line.Count(w => w.Text.Any(IsRightToLeftLetter));
            var leftToRight = line.Count(w => w.Text.Any(c => char.IsLetter(c) && !IsRightToLeftLetter(c)));
            if (rightToLeft > leftToRight)
            {
                line.Reverse();
            }

            foreach (var word in line)
            {
                yield return word;
            }

            i = end;
        }
    }

    private static bool IsRightToLeftLetter(char c) => char.IsLetter(c) && c is >= '\u0590' and <= '\u08FF' or >= '\uFB1D' and <= '\uFDFF' or >= '\uFE70' and <= '\uFEFF';

    /// <summary>The text, where each page starts, and the layout (its text digest not yet known).</summary>
    public (string Text, IReadOnlyList<int> PageStarts, TextLayout Layout) Build()
    {
        var words = _words.OrderBy(w => w.Start).ThenBy(w => w.End).ToList();
        return (_text.ToString(), _starts.ToArray(), new TextLayout(null, _pages.ToArray(), words));
    }

    /// <summary>Removes the bidi marks Tesseract puts around numbers (they are not on the page) and applies the canonical rules.</summary>
    internal static string CleanOcrWord(string word)
    {
        var kept = new StringBuilder(word.Length);
        foreach (var c in word)
        {
            if (c is not ('\u200E' or '\u200F' or (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069')) && !char.IsWhiteSpace(c) && !char.IsControl(c))
            {
                kept.Append(c);
            }
        }

        return CanonicalText.Canonicalize(kept.ToString());
    }

    private int BeginPage(double width, double height, string unit, string source)
    {
        _starts.Add(_offset);
        var number = _pages.Count + 1;
        _pages.Add(new LayoutPage(number, width, height, unit, source));
        return number;
    }

    private void Append(string text)
    {
        _text.Append(text);
        _offset += CodePoints.Count(text);
    }
}
