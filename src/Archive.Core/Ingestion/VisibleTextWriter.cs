namespace Archive.Core.Ingestion;

/// <summary>
/// Writes the visible text of an HTML document as its elements and text arrive (see <see cref="HtmlVisibleText"/>).
/// Breaks and collapsed spaces are kept pending and only written before the next visible character, so lines never
/// start or end with collapsed whitespace and adjacent blocks share one break.
/// </summary>
internal sealed class VisibleTextWriter(IVisibleTextOutput output)
{
    private long _written;

    // How many newlines the output ends with: a break counts those already written.
    private int _trailingNewlines;
    private int _pendingBreak;
    private bool _pendingSpace;

    // Set at the start of a table row or cell: blocks inside a cell must not break the row before its content.
    private bool _suppressBreaks;

    public int PreDepth { get; set; }

    public void Text(ReadOnlySpan<char> data)
    {
        if (PreDepth > 0)
        {
            if (data.Length > 0)
            {
                FlushBreak();
                _pendingSpace = false;
                _suppressBreaks = false;
                Write(data);
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
                Write(' ');
                _pendingSpace = false;
            }

            _suppressBreaks = false;
            Write(c);
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

        if (_written > 0)
        {
            for (var i = Math.Min(_pendingBreak, _trailingNewlines); i < _pendingBreak; i++)
            {
                Write('\n');
            }
        }

        _pendingBreak = 0;
        _pendingSpace = false;
    }

    public void LineBreak()
    {
        FlushBreak();
        _pendingSpace = false;
        _suppressBreaks = false;
        Write('\n');
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
        Write('\t');
    }

    /// <summary>Leaving a cell or row: breaks count again, even if the cell had no text.</summary>
    public void EndCell() => _suppressBreaks = false;

    private bool AtLineStart() => _written == 0 || _trailingNewlines > 0;

    private void Write(char c)
    {
        output.Append(c);
        _written++;
        _trailingNewlines = c == '\n' ? _trailingNewlines + 1 : 0;
    }

    private void Write(ReadOnlySpan<char> text)
    {
        output.Append(text);
        _written += text.Length;
        var kept = text.TrimEnd('\n').Length;
        _trailingNewlines = kept == 0 ? _trailingNewlines + text.Length : text.Length - kept;
    }
}
