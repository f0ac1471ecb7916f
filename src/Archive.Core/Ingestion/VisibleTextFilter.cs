namespace Archive.Core.Ingestion;

/// <summary>
/// The streaming form of what <see cref="HtmlVisibleText"/> does to the raw visible text after the walk: a leading
/// U+FEFF dropped, line ends made <c>\n</c>, runs of three or more newlines made two, newlines at the start and end
/// trimmed; the rest (NFC) is the <see cref="CanonicalTextWriter"/>'s.
/// </summary>
internal sealed class VisibleTextFilter(CanonicalTextWriter output) : IVisibleTextOutput
{
    private bool _started;
    private bool _written;
    private bool _afterCarriageReturn;
    private int _newlines;
    private readonly char[] _one = new char[1];

    public void Append(char c)
    {
        if (!_started)
        {
            _started = true;
            if (c == '\uFEFF')
            {
                return;
            }
        }

        if (c == '\n' && _afterCarriageReturn)
        {
            _afterCarriageReturn = false;
            return;
        }

        _afterCarriageReturn = c == '\r';
        if (c is '\r' or '\n')
        {
            _newlines++;
            return;
        }

        if (_written)
        {
            for (var i = Math.Min(_newlines, 2); i > 0; i--)
            {
                Put('\n');
            }
        }

        _newlines = 0;
        _written = true;
        Put(c);
    }

    public void Append(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            Append(c);
        }
    }

    private void Put(char c)
    {
        _one[0] = c;
        output.Write(_one);
    }
}
