namespace Archive.Core.Metadata;

/// <summary>Reduces a language tag from a document (<c>en-GB</c>, <c>ar_SY</c>) to its primary BCP-47 subtag.</summary>
internal static class LanguageTag
{
    private static readonly System.Buffers.SearchValues<char> AsciiLetters =
        System.Buffers.SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");

    /// <summary>Returns the lowercase primary subtag, or false when the value does not start with 2–8 ASCII letters.</summary>
    public static bool TryGetPrimary(string? value, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? primary)
    {
        primary = null;
        if (string.IsNullOrWhiteSpace(value))
        {
            return false;
        }

        var span = value.AsSpan().Trim();
        var end = span.IndexOfAny('-', '_');
        var subtag = end < 0 ? span : span[..end];
        if (subtag.Length is < 2 or > 8 || subtag.ContainsAnyExcept(AsciiLetters))
        {
            return false;
        }

        Span<char> lower = stackalloc char[subtag.Length];
        subtag.ToLowerInvariant(lower);
        primary = new string(lower);
        return true;
    }
}
