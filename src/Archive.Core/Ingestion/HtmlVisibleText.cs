using System.Text;
using System.Text.RegularExpressions;
using AngleSharp.Dom;

namespace Archive.Core.Ingestion;

/// <summary>
/// Renders the text a reader would see in a parsed HTML document: hidden and non-text elements are dropped,
/// blocks start new lines, paragraphs are separated by a blank line, table cells by tabs, and whitespace
/// collapses as a browser collapses it (except in <c>pre</c>).
/// </summary>
internal static partial class HtmlVisibleText
{
    /// <summary>Describes these rules for <see cref="ExtractorInfo.Settings"/>; change it whenever the output would change.</summary>
    public const string Rules =
        "visible-text;skip=head,script,style,noscript,template,svg,iframe,object,embed,canvas,video,audio,[hidden],display:none;"
        + "blocks=newline;paragraphs=blank-line;cells=tab;br=newline;ws=collapse;pre=verbatim;max-blank-lines=1;nfc;lf";

    private static readonly HashSet<string> Skipped = new(StringComparer.Ordinal)
    {
        "head", "script", "style", "noscript", "template", "svg", "iframe", "object", "embed",

        // Fallback content of media elements is only shown by browsers that cannot play them.
        "canvas", "video", "audio",
    };

    // Elements separated from their neighbours by a blank line, like paragraphs in a rendered page.
    private static readonly HashSet<string> Paragraphs = new(StringComparer.Ordinal)
    {
        "p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "listing", "xmp", "plaintext",
        "table", "figure", "hr",
    };

    // Elements rendered as blocks (HTML rendering section 15.3.3), each on its own line.
    private static readonly HashSet<string> Blocks = new(StringComparer.Ordinal)
    {
        "address", "article", "aside", "body", "caption", "center", "dd", "details", "dialog", "dir", "div", "dl",
        "dt", "fieldset", "figcaption", "footer", "form", "header", "hgroup", "legend", "li", "main", "menu", "nav",
        "ol", "optgroup", "option", "search", "section", "summary", "tbody", "tfoot", "thead", "tr", "ul",
    };

    private static readonly HashSet<string> Preformatted = new(StringComparer.Ordinal)
    {
        "pre", "listing", "xmp", "plaintext", "textarea",
    };

    /// <summary>Extracts the visible text of <paramref name="document"/>; the result is canonical.</summary>
    public static string Extract(IDocument document, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        var root = document.DocumentElement;
        if (root is null)
        {
            return string.Empty;
        }

        var writer = new Writer();

        // Iterative walk: deeply nested markup must not overflow the stack.
        var stack = new Stack<(INode Node, bool Leaving)>();
        stack.Push((root, false));
        var visited = 0;
        while (stack.Count > 0)
        {
            if ((++visited & 0xFFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            var (node, leaving) = stack.Pop();
            if (node is IText textNode)
            {
                writer.Text(textNode.Data);
                continue;
            }

            if (node is not IElement element)
            {
                continue;
            }

            var name = element.LocalName;
            if (leaving)
            {
                Leave(writer, name);
                continue;
            }

            if (IsHidden(element, name))
            {
                continue;
            }

            Enter(writer, element, name);
            stack.Push((element, true));
            var children = element.ChildNodes;
            for (var i = children.Length - 1; i >= 0; i--)
            {
                stack.Push((children[i], false));
            }
        }

        // Canonicalize first, so a carriage return from a character reference is a newline before blank lines are
        // counted; again after, in case trimming exposed a leading U+FEFF.
        var text = CanonicalText.Canonicalize(writer.ToString());
        return CanonicalText.Canonicalize(ExcessBlankLines().Replace(text, "\n\n").Trim('\n'));
    }

    private static bool IsHidden(IElement element, string name) =>
        Skipped.Contains(name)
        || element.HasAttribute("hidden")
        || (element.GetAttribute("style") is { } style && DisplayNone().IsMatch(style));

    private static void Enter(Writer writer, IElement element, string name)
    {
        switch (name)
        {
            case "br":
                writer.LineBreak();
                return;
            case "td" or "th":
                if (element.PreviousElementSibling?.LocalName is "td" or "th")
                {
                    writer.CellSeparator();
                }

                return;
            case "tr":
                writer.RowBreak(IsFirstRow(element));
                return;
            default:
                break;
        }

        EnterOrLeaveBlock(writer, name);
        if (Preformatted.Contains(name))
        {
            writer.PreDepth++;
        }
    }

    /// <summary>True when no row precedes <paramref name="row"/> in its table (rows may sit in thead/tbody/tfoot).</summary>
    private static bool IsFirstRow(IElement row) =>
        row.PreviousElementSibling is null
        && (row.ParentElement?.LocalName == "table" || row.ParentElement?.PreviousElementSibling?.LocalName is not ("thead" or "tbody" or "tfoot"));

    private static void Leave(Writer writer, string name)
    {
        if (name is "td" or "th" or "tr")
        {
            writer.EndCell();
        }

        EnterOrLeaveBlock(writer, name);
        if (Preformatted.Contains(name))
        {
            writer.PreDepth--;
        }
    }

    private static void EnterOrLeaveBlock(Writer writer, string name)
    {
        if (Paragraphs.Contains(name))
        {
            writer.RequestBreak(2);
        }
        else if (Blocks.Contains(name))
        {
            writer.RequestBreak(1);
        }
    }

    [GeneratedRegex(@"(?<![\w-])display\s*:\s*none\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex DisplayNone();

    [GeneratedRegex(@"\n{3,}", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 10000)]
    private static partial Regex ExcessBlankLines();

    /// <summary>
    /// Accumulates output. Breaks and collapsed spaces are kept pending and only written before the next visible
    /// character, so lines never start or end with collapsed whitespace and adjacent blocks share one break.
    /// </summary>
    private sealed class Writer
    {
        private readonly StringBuilder _text = new();
        private int _pendingBreak;
        private bool _pendingSpace;

        // Set at the start of a table row or cell: blocks inside a cell must not break the row before its content.
        private bool _suppressBreaks;

        public int PreDepth { get; set; }

        public void Text(string data)
        {
            if (PreDepth > 0)
            {
                if (data.Length > 0)
                {
                    FlushBreak();
                    _pendingSpace = false;
                    _suppressBreaks = false;
                    _text.Append(data);
                }

                return;
            }

            foreach (var c in data)
            {
                if (c is ' ' or '\t' or '\n' or '\r' or '\f')
                {
                    _pendingSpace |= _pendingBreak == 0 && !AtLineStart();
                    continue;
                }

                FlushBreak();
                if (_pendingSpace)
                {
                    _text.Append(' ');
                    _pendingSpace = false;
                }

                _suppressBreaks = false;
                _text.Append(c);
            }
        }

        public void RequestBreak(int newlines)
        {
            if (_suppressBreaks)
            {
                return;
            }

            _pendingBreak = Math.Max(_pendingBreak, newlines);
            _pendingSpace = false;
        }

        /// <summary>Writes the pending break, counting newlines already at the end of the output.</summary>
        public void FlushBreak()
        {
            if (_pendingBreak == 0)
            {
                return;
            }

            if (_text.Length > 0)
            {
                var trailing = 0;
                while (trailing < _pendingBreak && trailing < _text.Length && _text[_text.Length - 1 - trailing] == '\n')
                {
                    trailing++;
                }

                _text.Append('\n', _pendingBreak - trailing);
            }

            _pendingBreak = 0;
            _pendingSpace = false;
        }

        public void LineBreak()
        {
            FlushBreak();
            _pendingSpace = false;
            _suppressBreaks = false;
            _text.Append('\n');
        }

        /// <summary>
        /// Starts a table row on a new line, written now so that the tab for an empty first cell stays on this row.
        /// Between rows exactly one newline: a blank line pending from a paragraph in the last cell is dropped.
        /// </summary>
        public void RowBreak(bool firstInTable)
        {
            _pendingBreak = firstInTable ? Math.Max(_pendingBreak, 1) : 1;
            FlushBreak();
            _suppressBreaks = true;
        }

        public void CellSeparator()
        {
            // A break pending here came from blocks inside the previous cell; the row stays on one line.
            _pendingBreak = 0;
            _pendingSpace = false;
            _suppressBreaks = true;
            _text.Append('\t');
        }

        /// <summary>Leaving a cell or row: breaks count again, even if the cell had no text.</summary>
        public void EndCell() => _suppressBreaks = false;

        public override string ToString() => _text.ToString();

        private bool AtLineStart() => _text.Length == 0 || _text[^1] == '\n';
    }
}
