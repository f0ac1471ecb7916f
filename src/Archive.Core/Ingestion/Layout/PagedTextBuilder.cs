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
        foreach (var word in InReadingOrder(pageText, words, () => cursor))
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
    /// right; a line in a right-to-left script reads from its last word, except that a run of left-to-right words in it
    /// (a name in Latin letters) still reads from its left. A line with right-to-left words is taken in whichever of the
    /// two orders finds more of its words in turn from <paramref name="cursor"/> (the page text has them in logical
    /// order), so each word is found after the one before rather than from the line's start, or on another line.
    /// </summary>
    private static IEnumerable<PositionedWord> InReadingOrder(string pageText, IReadOnlyList<PositionedWord> words, Func<int> cursor)
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
            if (line.Any(w => w.Text.Any(IsRightToLeftLetter)))
            {
                var reading = RightToLeft(line);
                var from = cursor();
                if (InTurn(pageText, reading, from) >= InTurn(pageText, line, from))
                {
                    line = reading;
                }
            }

            foreach (var word in line)
            {
                yield return word;
            }

            i = end;
        }
    }

    private static List<PositionedWord> RightToLeft(List<PositionedWord> visual)
    {
        var line = Enumerable.Reverse(visual).ToList();
        var run = 0;
        while (run < line.Count)
        {
            var runEnd = run;
            while (runEnd < line.Count && IsLeftToRight(line[runEnd]))
            {
                runEnd++;
            }

            line.Reverse(run, runEnd - run);
            run = Math.Max(runEnd, run + 1);
        }

        return line;
    }

    // How many of the words are found one after another from the cursor, each after the one before.
    private static int InTurn(string pageText, List<PositionedWord> words, int cursor)
    {
        var found = 0;
        foreach (var word in words)
        {
            if (WordAligner.Find(pageText, word.Text, cursor) is { } match && match.Index >= cursor)
            {
                found++;
                cursor = match.Index + match.Length;
            }
        }

        return found;
    }

    private static bool IsLeftToRight(PositionedWord word) => word.Text.Any(c => char.IsLetter(c) && !IsRightToLeftLetter(c));

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
