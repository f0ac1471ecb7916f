namespace Archive.Core.Text;

/// <summary>Indexes a string by Unicode code point (the unit of every offset Archive reports).</summary>
internal sealed class CodePointMap
{
    private readonly string _text;
    private readonly int[]? _utf16;

    public CodePointMap(string text)
    {
        _text = text;
        if (!text.AsSpan().ContainsAnyInRange('\uD800', '\uDFFF'))
        {
            Length = text.Length;
            return;
        }

        var offsets = new List<int>(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            offsets.Add(i);
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
        }

        Length = offsets.Count;
        offsets.Add(text.Length);
        _utf16 = [.. offsets];
    }

    /// <summary>Length in code points.</summary>
    public int Length { get; }

    /// <summary>The first UTF-16 unit of the code point at <paramref name="codePoint"/> (enough for ASCII punctuation tests).</summary>
    public char this[int codePoint] => _text[ToUtf16(codePoint)];

    public int ToUtf16(int codePoint) => _utf16 is null ? codePoint : _utf16[codePoint];

    public string Slice(int start, int end) => _text[ToUtf16(start)..ToUtf16(end)];
}
