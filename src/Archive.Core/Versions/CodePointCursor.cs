namespace Archive.Core.Versions;

/// <summary>
/// Turns UTF-16 indices of one text into code-point offsets, reading forward from the last answer, so a run of
/// increasing indices over a long text costs one read of it. A text without surrogates answers at once.
/// </summary>
internal sealed class CodePointCursor(string text)
{
    private readonly bool _hasSurrogates = text.AsSpan().IndexOfAnyInRange('\uD800', '\uDFFF') >= 0;
    private int _utf16;
    private int _codePoints;

    /// <summary>The code-point offset of a UTF-16 index.</summary>
    public int At(int utf16Index)
    {
        if (!_hasSurrogates)
        {
            return utf16Index;
        }

        if (utf16Index < _utf16)
        {
            _utf16 = 0;
            _codePoints = 0;
        }

        for (; _utf16 < utf16Index && _utf16 < text.Length; _utf16++)
        {
            if (!(char.IsLowSurrogate(text[_utf16]) && _utf16 > 0 && char.IsHighSurrogate(text[_utf16 - 1])))
            {
                _codePoints++;
            }
        }

        return _codePoints;
    }
}
