namespace Archive.Core.Text;

/// <summary>Converts between UTF-16 indices and Unicode code-point offsets, the unit of every offset Archive shows.</summary>
internal static class CodePoints
{
    public static int Count(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var count = text.Length;
        foreach (var c in text)
        {
            if (char.IsLowSurrogate(c))
            {
                count--;
            }
        }

        return count;
    }

    /// <summary>The UTF-16 index of a code-point offset; -1 when past the end.</summary>
    public static int ToUtf16Index(string text, int codePointOffset)
    {
        ArgumentNullException.ThrowIfNull(text);
        var index = 0;
        for (var cp = 0; cp < codePointOffset; cp++)
        {
            if (index >= text.Length)
            {
                return -1;
            }

            index += char.IsHighSurrogate(text[index]) && index + 1 < text.Length && char.IsLowSurrogate(text[index + 1]) ? 2 : 1;
        }

        return index;
    }

    public static int FromUtf16Index(string text, int utf16Index)
    {
        ArgumentNullException.ThrowIfNull(text);
        var count = utf16Index;
        for (var i = 0; i < utf16Index && i < text.Length; i++)
        {
            if (char.IsLowSurrogate(text[i]) && i > 0 && char.IsHighSurrogate(text[i - 1]))
            {
                count--;
            }
        }

        return count;
    }
}
