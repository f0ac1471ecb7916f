using System.Text.Json.Nodes;
using Archive.Core.Metadata;

namespace Archive.Core.Ingestion;

/// <summary>
/// The metadata Archive guesses from a text when nobody gave it: the language (origin <c>detected</c>) and a title
/// from the first non-blank line (origin <c>derived</c>). They belong to the text they were guessed from, so a
/// re-extraction guesses them again from the new text.
/// </summary>
internal static class DerivedMetadata
{
    /// <summary>The fields that follow the text, each with its guess from <paramref name="text"/> (null: nothing to guess).</summary>
    public static IReadOnlyDictionary<string, FieldValue?> From(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new Dictionary<string, FieldValue?>(StringComparer.Ordinal)
        {
            ["language"] = LanguageDetector.Detect(text) is { } language ? new FieldValue(JsonValue.Create(language), FieldOrigin.Detected) : null,
            ["title"] = FirstLine(text) is { } line ? new FieldValue(JsonValue.Create(line), FieldOrigin.Derived) : null,
        };
    }

    /// <summary>
    /// The first non-blank line, trimmed, without the marks of a Markdown heading (<c># Title #</c>), cut at 200
    /// characters.
    /// </summary>
    private static string? FirstLine(string text)
    {
        foreach (var line in text.AsSpan().EnumerateLines())
        {
            var trimmed = WithoutHeadingMarks(line.Trim());
            if (trimmed.Length > 0)
            {
                return trimmed.Length > 200 ? trimmed[..200].ToString() + "…" : trimmed.ToString();
            }
        }

        return null;
    }

    /// <summary>An ATX heading's text (CommonMark: 1-6 '#', then a space; closing '#'s after a space dropped too).</summary>
    private static ReadOnlySpan<char> WithoutHeadingMarks(ReadOnlySpan<char> line)
    {
        var level = line.IndexOfAnyExcept('#');
        if (level is < 1 or > 6 || !char.IsWhiteSpace(line[level]))
        {
            return line;
        }

        var heading = line[level..].Trim();
        var closing = heading.TrimEnd('#');
        return closing.Length == 0 ? closing : closing.Length < heading.Length && char.IsWhiteSpace(closing[^1]) ? closing.TrimEnd() : heading;
    }
}
