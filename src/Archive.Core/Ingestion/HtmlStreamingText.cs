using System.Text;
using AngleSharp.Html;

namespace Archive.Core.Ingestion;

/// <summary>
/// The visible text of a large HTML document, read a buffer at a time without building a DOM: a tokenizer for tags,
/// comments, raw text and character references feeds a stack of open elements that follows the HTML tree
/// construction rules that matter for the text (the implied head and body, paragraphs and list items closed by the
/// next block, table rows and cells, raw-text elements), and the stack drives the same <see cref="HtmlVisibleText"/>
/// rules and <see cref="VisibleTextWriter"/> as the DOM walk. For ordinary pages the text is the DOM walk's (tested);
/// rarer repairs of broken markup (foster parenting, the adoption agency) are not replayed.
/// </summary>
internal sealed class HtmlStreamingText
{
    private const int BufferLength = 64 * 1024;
    private const int TextFlush = 16 * 1024;

    private static readonly HashSet<string> Void = new(StringComparer.Ordinal)
    {
        "area", "base", "basefont", "bgsound", "br", "col", "embed", "frame", "hr", "img", "image", "input", "keygen",
        "link", "meta", "param", "source", "track", "wbr",
    };

    private static readonly HashSet<string> RawText = new(StringComparer.Ordinal)
    {
        "script", "style", "xmp", "iframe", "noembed", "noframes",
    };

    private static readonly HashSet<string> ClosesParagraph = new(StringComparer.Ordinal)
    {
        "address", "article", "aside", "blockquote", "center", "details", "dialog", "dir", "div", "dl", "fieldset",
        "figcaption", "figure", "footer", "header", "hgroup", "main", "menu", "nav", "ol", "p", "search", "section",
        "summary", "ul", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "listing", "form", "plaintext", "hr", "xmp",
        "li", "dd", "dt",
    };

    private static readonly HashSet<string> HeadContent = new(StringComparer.Ordinal)
    {
        "base", "basefont", "bgsound", "link", "meta", "title", "noscript", "noframes", "style", "script", "template",
    };

    private static readonly HashSet<string> Special = new(StringComparer.Ordinal)
    {
        "address", "applet", "area", "article", "aside", "base", "basefont", "bgsound", "blockquote", "body", "br",
        "button", "caption", "center", "col", "colgroup", "dd", "details", "dir", "div", "dl", "dt", "embed",
        "fieldset", "figcaption", "figure", "footer", "form", "frame", "frameset", "h1", "h2", "h3", "h4", "h5", "h6",
        "head", "header", "hgroup", "hr", "html", "iframe", "img", "input", "keygen", "li", "link", "listing", "main",
        "marquee", "menu", "meta", "nav", "noembed", "noframes", "noscript", "object", "ol", "p", "param",
        "plaintext", "pre", "script", "search", "section", "select", "source", "style", "summary", "table", "tbody",
        "td", "template", "textarea", "tfoot", "th", "thead", "title", "tr", "track", "ul", "wbr", "xmp",
    };

    private static readonly HashSet<string> Scope = new(StringComparer.Ordinal)
    {
        "applet", "caption", "html", "table", "td", "th", "marquee", "object", "template",
    };

    private static readonly string[] Headings = ["h1", "h2", "h3", "h4", "h5", "h6"];

    private readonly TextReader _input;
    private readonly VisibleTextWriter _writer;
    private readonly CancellationToken _cancellationToken;
    private readonly char[] _buffer = new char[BufferLength];
    private readonly StringBuilder _text = new();
    private readonly List<Open> _stack = [];
    private int _openParagraphs;
    private int _position;
    private int _length;
    private bool _afterCarriageReturn;
    private bool _inBody;
    private bool _quirks = true;
    private bool _skipNewline;
    private int _hiddenDepth;
    private int _foreignDepth;
    private long _steps;

    private HtmlStreamingText(TextReader input, IVisibleTextOutput output, CancellationToken cancellationToken)
    {
        _input = input;
        _writer = new VisibleTextWriter(output);
        _cancellationToken = cancellationToken;
    }

    /// <summary>Writes the raw visible text of the HTML <paramref name="input"/> reads into <paramref name="output"/>.</summary>
    public static void Extract(TextReader input, IVisibleTextOutput output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        new HtmlStreamingText(input, output, cancellationToken).Run();
    }

    private void Run()
    {
        _stack.Add(new Open("html", hidden: false, previousSibling: null));
        int c;
        while ((c = Read()) >= 0)
        {
            if ((++_steps & 0xFFFF) == 0)
            {
                _cancellationToken.ThrowIfCancellationRequested();
            }

            if (c == '<' && Tag())
            {
                continue;
            }

            if (c == '&')
            {
                AppendText(CharacterReference() ?? "&");
            }
            else
            {
                AppendText((char)c);
            }
        }

        FlushText();
        while (_stack.Count > 0)
        {
            Pop();
        }
    }

    /// <summary>After a <c>&lt;</c>: reads a tag, comment or doctype and acts on it; false when the <c>&lt;</c> is text.</summary>
    private bool Tag()
    {
        var next = Peek(0);
        if (IsAsciiLetter(next))
        {
            FlushText();
            var (name, hidden, style, selfClosing) = ReadStartTag();
            StartTag(name, hidden, style, selfClosing);
            return true;
        }

        if (next == '/')
        {
            if (IsAsciiLetter(Peek(1)))
            {
                FlushText();
                Read();
                var name = ReadName();
                SkipPast('>');
                EndTag(name);
                return true;
            }

            FlushText();
            Read();
            if (Peek(0) != '>')
            {
                SkipPast('>'); // a bogus comment
            }
            else
            {
                Read();
            }

            return true;
        }

        if (next == '!')
        {
            FlushText();
            Read();
            if (Peek(0) == '-' && Peek(1) == '-')
            {
                Read();
                Read();
                Comment();
            }
            else
            {
                var declaration = ReadUntil('>');
                if (declaration.StartsWith("doctype", StringComparison.OrdinalIgnoreCase))
                {
                    _quirks = false;
                }
            }

            return true;
        }

        if (next == '?')
        {
            FlushText();
            SkipPast('>');
            return true;
        }

        return false;
    }

    private void Comment()
    {
        // "<!-->" and "<!--->" end at once; otherwise the comment ends at "-->" (or "--!>").
        if (Peek(0) == '>' || (Peek(0) == '-' && Peek(1) == '>'))
        {
            SkipPast('>');
            return;
        }

        var dashes = 0;
        int c;
        while ((c = Read()) >= 0)
        {
            if (c == '>' && dashes >= 2)
            {
                return;
            }

            if (c == '!' && dashes >= 2 && Peek(0) == '>')
            {
                Read();
                return;
            }

            dashes = c == '-' ? dashes + 1 : 0;
        }
    }

    private (string Name, bool Hidden, string? Style, bool SelfClosing) ReadStartTag()
    {
        var name = ReadName();
        bool hidden = false, selfClosing = false;
        string? style = null;
        while (true)
        {
            var c = Read();
            if (c < 0 || c == '>')
            {
                return (name, hidden, style, selfClosing);
            }

            selfClosing = c == '/' && Peek(0) == '>';
            if (c is ' ' or '\t' or '\n' or '\f' or '/')
            {
                continue;
            }

            var attribute = new StringBuilder().Append(char.ToLowerInvariant((char)c));
            while (Peek(0) is >= 0 and not (' ' or '\t' or '\n' or '\f' or '/' or '>' or '='))
            {
                attribute.Append(char.ToLowerInvariant((char)Read()));
            }

            SkipWhitespace();
            string? value = null;
            if (Peek(0) == '=')
            {
                Read();
                SkipWhitespace();
                value = ReadAttributeValue();
            }

            var attributeName = attribute.ToString();
            if (attributeName == "hidden")
            {
                hidden = true;
            }
            else if (attributeName == "style" && style is null)
            {
                style = value ?? string.Empty;
            }
        }
    }

    private string ReadAttributeValue()
    {
        var quote = Peek(0);
        var value = new StringBuilder();
        if (quote is '"' or '\'')
        {
            Read();
            int c;
            while ((c = Read()) >= 0 && c != quote)
            {
                value.Append(c == '&' ? CharacterReference() ?? "&" : ((char)c).ToString());
            }

            return value.ToString();
        }

        while (Peek(0) is >= 0 and not (' ' or '\t' or '\n' or '\f' or '>'))
        {
            var c = Read();
            value.Append(c == '&' ? CharacterReference() ?? "&" : ((char)c).ToString());
        }

        return value.ToString();
    }

    private void StartTag(string name, bool hiddenAttribute, string? style, bool selfClosing)
    {
        if (name == "image")
        {
            name = "img";
        }

        if (!_inBody)
        {
            if (name is "html" or "head")
            {
                return;
            }

            if (HeadContent.Contains(name))
            {
                // Head content (even after </head>) belongs to the head, which a reader never sees.
                Push(name, hidden: true);
                AfterStartTag(name);
                return;
            }

            StartBody();
            if (name == "body")
            {
                return;
            }
        }
        else if (name is "html" or "body" or "head")
        {
            return;
        }

        if (_foreignDepth > 0 || name is "svg" or "math")
        {
            if (selfClosing)
            {
                Push(name, hiddenAttribute, style);
                Pop();
                return;
            }
        }

        if (name is "li" or "dd" or "dt")
        {
            CloseListItem(name);
        }

        if (ClosesParagraph.Contains(name) || (name == "table" && !_quirks))
        {
            CloseParagraph();
        }

        if (Array.IndexOf(Headings, name) >= 0 && Array.IndexOf(Headings, Current) >= 0)
        {
            Pop();
        }

        switch (name)
        {
            case "td" or "th":
                if (!InTable())
                {
                    return;
                }

                CloseInTableScope("td", "th");
                if (Current != "tr")
                {
                    if (Current is not ("tbody" or "thead" or "tfoot"))
                    {
                        ClearToTable();
                        Push("tbody");
                    }

                    Push("tr");
                }

                break;
            case "tr":
                if (!InTable())
                {
                    return;
                }

                CloseInTableScope("tr");
                if (Current is not ("tbody" or "thead" or "tfoot"))
                {
                    ClearToTable();
                    Push("tbody");
                }

                break;
            case "tbody" or "thead" or "tfoot" or "caption" or "colgroup":
                if (!InTable())
                {
                    return;
                }

                ClearToTable();
                break;
            case "col":
                if (!InTable())
                {
                    return;
                }

                if (Current != "colgroup")
                {
                    ClearToTable();
                    Push("colgroup");
                }

                break;
            case "option" or "optgroup":
                if (Current == "option")
                {
                    Pop();
                }

                break;
            default:
                if (Current == "colgroup")
                {
                    Pop();
                }

                break;
        }

        Push(name, hiddenAttribute, style);
        AfterStartTag(name);
    }

    /// <summary>Switches the tokenizer for elements whose content is not markup, and drops a newline right after pre's start tag.</summary>
    private void AfterStartTag(string name)
    {
        if (Void.Contains(name))
        {
            Pop();
            return;
        }

        if (RawText.Contains(name) || name is "title" or "textarea")
        {
            RawContent(name, decode: name is "title" or "textarea");
            return;
        }

        if (name == "plaintext")
        {
            int c;
            while ((c = Read()) >= 0)
            {
                AppendText((char)c);
            }

            return;
        }

        _skipNewline = name is "pre" or "listing";
    }

    /// <summary>The content of a raw-text or RCDATA element, up to its end tag, as one text node; then the end tag.</summary>
    private void RawContent(string name, bool decode)
    {
        _skipNewline = name == "textarea";
        int c;
        while ((c = Read()) >= 0)
        {
            if (c == '<' && Peek(0) == '/' && EndTagFollows(name))
            {
                FlushText();
                Read();
                ReadName();
                SkipPast('>');
                EndTag(name);
                return;
            }

            if (decode && c == '&')
            {
                AppendText(CharacterReference() ?? "&");
            }
            else
            {
                AppendText((char)c);
            }
        }
    }

    private bool EndTagFollows(string name)
    {
        for (var i = 0; i < name.Length; i++)
        {
            if (char.ToLowerInvariant((char)Math.Max(Peek(i + 1), 0)) != name[i])
            {
                return false;
            }
        }

        return Peek(name.Length + 1) is ' ' or '\t' or '\n' or '\f' or '/' or '>';
    }

    private void EndTag(string name)
    {
        if (!_inBody)
        {
            if (HeadContent.Contains(name) && Current == name)
            {
                Pop();
                return;
            }

            if (name is not ("br" or "body" or "html"))
            {
                return;
            }

            StartBody();
        }

        switch (name)
        {
            case "body" or "html":
                return;
            case "br":
                Push("br");
                Pop();
                return;
            case "p":
                if (IndexInScope("p", button: true) < 0)
                {
                    Push("p");
                }

                PopThrough(IndexInScope("p", button: true));
                return;
            case "h1" or "h2" or "h3" or "h4" or "h5" or "h6":
                PopThrough(IndexInScope(Headings));
                return;
            case "table" or "tbody" or "thead" or "tfoot" or "tr" or "td" or "th" or "caption" or "colgroup":
                PopThrough(IndexInTableScope(name));
                return;
            default:
                break;
        }

        for (var i = _stack.Count - 1; i >= 0; i--)
        {
            if (_stack[i].Name == name)
            {
                PopThrough(i);
                return;
            }

            if (Special.Contains(_stack[i].Name))
            {
                return;
            }
        }
    }

    private void StartBody()
    {
        while (_stack.Count > 1)
        {
            Pop();
        }

        _inBody = true;
        Push("body");
    }

    private string Current => _stack.Count > 0 ? _stack[^1].Name : string.Empty;

    private bool InTable() => IndexInTableScope("table") >= 0;

    private void ClearToTable()
    {
        while (_stack.Count > 1 && Current is not ("table" or "template" or "html"))
        {
            Pop();
        }
    }

    private void CloseInTableScope(params string[] names)
    {
        foreach (var name in names)
        {
            var at = IndexInTableScope(name);
            if (at >= 0)
            {
                PopThrough(at);
            }
        }
    }

    private int IndexInTableScope(string name)
    {
        for (var i = _stack.Count - 1; i >= 0; i--)
        {
            var open = _stack[i].Name;
            if (open == name)
            {
                return i;
            }

            if (open is "table" or "html" or "template")
            {
                return -1;
            }
        }

        return -1;
    }

    private int IndexInScope(string name, bool button = false) => IndexInScope([name], button);

    private int IndexInScope(string[] names, bool button = false)
    {
        for (var i = _stack.Count - 1; i >= 0; i--)
        {
            var open = _stack[i].Name;
            if (Array.IndexOf(names, open) >= 0)
            {
                return i;
            }

            if (Scope.Contains(open) || (button && open == "button"))
            {
                return -1;
            }
        }

        return -1;
    }

    private void CloseParagraph()
    {
        // Most block start tags close an open p: with none open, the stack need not be searched (it was, on every
        // one of 50,000 nested divs, from top to bottom).
        if (_openParagraphs == 0)
        {
            return;
        }

        var at = IndexInScope("p", button: true);
        if (at >= 0)
        {
            PopThrough(at);
        }
    }

    /// <summary>A new li closes the open li (a dd or dt the open dd or dt) unless a special element other than address, div or p intervenes.</summary>
    private void CloseListItem(string name)
    {
        for (var i = _stack.Count - 1; i >= 0; i--)
        {
            var open = _stack[i].Name;
            if (name == "li" ? open == "li" : open is "dd" or "dt")
            {
                PopThrough(i);
                return;
            }

            if (Special.Contains(open) && open is not ("address" or "div" or "p"))
            {
                return;
            }
        }
    }

    private void Push(string name, bool hiddenAttribute = false, string? style = null, bool hidden = false)
    {
        FlushText();
        var parent = _stack.Count > 0 ? _stack[^1] : null;
        var previous = parent?.LastChild;
        if (parent is not null)
        {
            parent.LastChild = name;
        }

        hidden |= HtmlVisibleText.IsHidden(name, hiddenAttribute, style);
        var open = new Open(name, hidden, previous);
        _stack.Add(open);
        _openParagraphs += name == "p" ? 1 : 0;
        if (name is "svg" or "math")
        {
            _foreignDepth++;
        }

        if (hidden)
        {
            _hiddenDepth++;
        }
        else if (_hiddenDepth == 0)
        {
            var firstRow = name == "tr" && previous is null
                && (parent?.Name == "table" || parent?.PreviousSibling is not ("thead" or "tbody" or "tfoot"));
            HtmlVisibleText.Enter(_writer, name, previous is "td" or "th", firstRow);
        }
    }

    private void Pop()
    {
        FlushText();
        var open = _stack[^1];
        _stack.RemoveAt(_stack.Count - 1);
        _openParagraphs -= open.Name == "p" ? 1 : 0;
        if (open.Name is "svg" or "math")
        {
            _foreignDepth--;
        }

        if (open.Hidden)
        {
            _hiddenDepth--;
        }
        else if (_hiddenDepth == 0)
        {
            HtmlVisibleText.Leave(_writer, open.Name);
        }
    }

    private void PopThrough(int index)
    {
        if (index < 0)
        {
            return;
        }

        while (_stack.Count > index)
        {
            Pop();
        }
    }

    private void AppendText(char c)
    {
        if (_skipNewline)
        {
            _skipNewline = false;
            if (c == '\n')
            {
                return;
            }
        }

        if (c == '\0')
        {
            return;
        }

        if (!_inBody)
        {
            if (c is ' ' or '\t' or '\n' or '\f')
            {
                return;
            }

            if (_stack.Count <= 1 || !_stack[^1].Hidden)
            {
                StartBody();
            }
        }

        _text.Append(c);
        if (_text.Length >= TextFlush)
        {
            FlushText();
        }
    }

    private void AppendText(string text)
    {
        foreach (var c in text)
        {
            AppendText(c);
        }
    }

    private void FlushText()
    {
        if (_text.Length == 0)
        {
            return;
        }

        if (_hiddenDepth == 0)
        {
            foreach (var chunk in _text.GetChunks())
            {
                _writer.Text(chunk.Span);
            }
        }

        _text.Clear();
    }

    /// <summary>After <c>&amp;</c>: the characters a character reference stands for, or null when none starts here.</summary>
    private string? CharacterReference()
    {
        if (Peek(0) == '#')
        {
            var hex = Peek(1) is 'x' or 'X';
            var at = hex ? 2 : 1;
            var value = 0L;
            var digits = 0;
            while (true)
            {
                var c = Peek(at + digits);
                var digit = c is >= '0' and <= '9' ? c - '0' : hex && c is >= 'a' and <= 'f' ? c - 'a' + 10 : hex && c is >= 'A' and <= 'F' ? c - 'A' + 10 : -1;
                if (digit < 0)
                {
                    break;
                }

                value = Math.Min((value * (hex ? 16 : 10)) + digit, 0x110000);
                digits++;
            }

            if (digits == 0)
            {
                return null;
            }

            Skip(at + digits);
            if (Peek(0) == ';')
            {
                Read();
            }

            var code = (int)value;
            if (code == 0 || code > 0x10FFFF || code is >= 0xD800 and <= 0xDFFF)
            {
                return "\uFFFD";
            }

            return HtmlEntityProvider.IsInCharacterTable(code) ? HtmlEntityProvider.GetSymbolFromTable(code) : char.ConvertFromUtf32(code);
        }

        var name = new StringBuilder();
        while (name.Length < 40 && Peek(name.Length) is var c && (IsAsciiLetter(c) || c is >= '0' and <= '9'))
        {
            name.Append((char)c);
        }

        if (name.Length == 0)
        {
            return null;
        }

        if (Peek(name.Length) == ';' && HtmlEntityProvider.Resolver.GetSymbol(name + ";") is { } full)
        {
            Skip(name.Length + 1);
            return full;
        }

        // Legacy references may end without a semicolon: the longest known prefix wins.
        for (var length = name.Length; length >= 2; length--)
        {
            if (HtmlEntityProvider.Resolver.GetSymbol(name.ToString(0, length)) is { } legacy)
            {
                Skip(length);
                return legacy;
            }
        }

        return null;
    }

    private string ReadName()
    {
        var name = new StringBuilder();
        while (Peek(0) is >= 0 and not (' ' or '\t' or '\n' or '\f' or '/' or '>'))
        {
            name.Append(char.ToLowerInvariant((char)Read()));
        }

        return name.ToString();
    }

    private string ReadUntil(char end)
    {
        var text = new StringBuilder();
        int c;
        while ((c = Read()) >= 0 && c != end)
        {
            if (text.Length < 1024)
            {
                text.Append((char)c);
            }
        }

        return text.ToString();
    }

    private void SkipPast(char end)
    {
        int c;
        while ((c = Read()) >= 0 && c != end)
        {
        }
    }

    private void SkipWhitespace()
    {
        while (Peek(0) is ' ' or '\t' or '\n' or '\f')
        {
            Read();
        }
    }

    private void Skip(int count)
    {
        for (var i = 0; i < count; i++)
        {
            Read();
        }
    }

    private static bool IsAsciiLetter(int c) => c is >= 'a' and <= 'z' or >= 'A' and <= 'Z';

    /// <summary>The next character, with the input stream's line ends made <c>\n</c>; -1 at the end.</summary>
    private int Read()
    {
        while (true)
        {
            if (_position >= _length && !Fill(1))
            {
                return -1;
            }

            var c = _buffer[_position++];
            if (c == '\n' && _afterCarriageReturn)
            {
                _afterCarriageReturn = false;
                continue;
            }

            _afterCarriageReturn = c == '\r';
            return c == '\r' ? '\n' : c;
        }
    }

    /// <summary>The character <paramref name="ahead"/> places on (raw: a carriage return is not yet a newline there), or -1.</summary>
    private int Peek(int ahead)
    {
        if (_position + ahead >= _length && !Fill(ahead + 1))
        {
            return -1;
        }

        var c = _buffer[_position + ahead];
        return c == '\r' ? '\n' : c;
    }

    private bool Fill(int needed)
    {
        if (_position > 0)
        {
            _buffer.AsSpan(_position, _length - _position).CopyTo(_buffer);
            _length -= _position;
            _position = 0;
        }

        while (_length < needed)
        {
            var read = _input.Read(_buffer, _length, _buffer.Length - _length);
            if (read == 0)
            {
                return false;
            }

            _length += read;
        }

        return true;
    }

    /// <summary>An element on the stack: its name, whether it hides its subtree, and the sibling elements around it.</summary>
    private sealed class Open(string name, bool hidden, string? previousSibling)
    {
        public string Name { get; } = name;

        public bool Hidden { get; } = hidden;

        public string? PreviousSibling { get; } = previousSibling;

        /// <summary>The name of the last child element opened in this one so far.</summary>
        public string? LastChild { get; set; }
    }
}
