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

        var text = new StringOutput();
        var writer = new VisibleTextWriter(text);

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

            if (IsHidden(name, element.HasAttribute("hidden"), element.GetAttribute("style")))
            {
                continue;
            }

            Enter(writer, name, element.PreviousElementSibling?.LocalName is "td" or "th", name == "tr" && IsFirstRow(element));
            stack.Push((element, true));
            var children = element.ChildNodes;
            for (var i = children.Length - 1; i >= 0; i--)
            {
                stack.Push((children[i], false));
            }
        }

        // Canonicalize first, so a carriage return from a character reference is a newline before blank lines are
        // counted; again after, in case trimming exposed a leading U+FEFF.
        var canonical = CanonicalText.Canonicalize(text.ToString());
        return CanonicalText.Canonicalize(ExcessBlankLines().Replace(canonical, "\n\n").Trim('\n'));
    }

    /// <summary>
    /// The visible text of <paramref name="html"/> by the same rules, through <see cref="HtmlStreamingText"/> (a tokenizer
    /// and a stack of open elements, no DOM), finished as <see cref="Extract(IDocument, CancellationToken)"/> finishes.
    /// </summary>
    public static string ExtractWithoutDom(string html, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(html);
        var text = new StringOutput();
        using (var reader = new StringReader(html))
        {
            HtmlStreamingText.Extract(reader, text, cancellationToken);
        }

        var canonical = CanonicalText.Canonicalize(text.ToString());
        return CanonicalText.Canonicalize(ExcessBlankLines().Replace(canonical, "\n\n").Trim('\n'));
    }

    /// <summary>
    /// How deep <paramref name="html"/> nests at most, counted cheaply: start tags minus end tags, leaving out void
    /// elements and those a next sibling closes (p, li, td, …). It overcounts sloppy markup, never undercounts.
    /// </summary>
    public static int NestingEstimate(string html)
    {
        ArgumentNullException.ThrowIfNull(html);
        int depth = 0, deepest = 0;
        for (var i = html.IndexOf('<', StringComparison.Ordinal); i >= 0 && i + 1 < html.Length; i = html.IndexOf('<', i + 1))
        {
            var closing = html[i + 1] == '/';
            var start = closing ? i + 2 : i + 1;
            var end = start;
            while (end < html.Length && end - start < 16 && char.IsAsciiLetterOrDigit(html[end]))
            {
                end++;
            }

            if (end == start || !char.IsAsciiLetter(html[start]) || SelfClosing.Contains(html[start..end].ToLowerInvariant()))
            {
                continue;
            }

            depth = closing ? Math.Max(0, depth - 1) : depth + 1;
            deepest = Math.Max(deepest, depth);
        }

        return deepest;
    }

    private static readonly HashSet<string> SelfClosing = new(StringComparer.Ordinal)
    {
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr",
        "p", "li", "dt", "dd", "tr", "td", "th", "option", "optgroup", "rt", "rp", "thead", "tbody", "tfoot",
    };

    /// <summary>True for an element whose whole subtree a reader never sees.</summary>
    public static bool IsHidden(string name, bool hiddenAttribute, string? style) =>
        Skipped.Contains(name) || hiddenAttribute || (style is not null && DisplayNone().IsMatch(style));

    /// <summary>Entering a visible element: <paramref name="afterCell"/> when a td or th precedes it, <paramref name="firstRow"/> for a table's first row.</summary>
    public static void Enter(VisibleTextWriter writer, string name, bool afterCell, bool firstRow)
    {
        ArgumentNullException.ThrowIfNull(writer);
        switch (name)
        {
            case "br":
                writer.LineBreak();
                return;
            case "td" or "th":
                if (afterCell)
                {
                    writer.CellSeparator();
                }

                return;
            case "tr":
                writer.RowBreak(firstRow);
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

    public static void Leave(VisibleTextWriter writer, string name)
    {
        ArgumentNullException.ThrowIfNull(writer);
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

    private static void EnterOrLeaveBlock(VisibleTextWriter writer, string name)
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

    /// <summary>The raw visible text in memory, for the document walk.</summary>
    private sealed class StringOutput : IVisibleTextOutput
    {
        private readonly StringBuilder _text = new();

        public void Append(char c) => _text.Append(c);

        public void Append(ReadOnlySpan<char> text) => _text.Append(text);

        public override string ToString() => _text.ToString();
    }

    [GeneratedRegex(@"(?<![\w-])display\s*:\s*none\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex DisplayNone();

    [GeneratedRegex(@"\n{3,}", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 10000)]
    private static partial Regex ExcessBlankLines();
}
