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

    /// <summary>The first non-blank line, trimmed, cut at 200 characters.</summary>
    private static string? FirstLine(string text)
    {
        foreach (var line in text.AsSpan().EnumerateLines())
        {
            var trimmed = line.Trim();
            if (trimmed.Length > 0)
            {
                return trimmed.Length > 200 ? trimmed[..200].ToString() + "…" : trimmed.ToString();
            }
        }

        return null;
    }
}
