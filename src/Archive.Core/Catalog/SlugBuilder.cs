using System.Globalization;
using System.Text;
using Archive.Core.Text;

namespace Archive.Core.Catalog;

/// <summary>Builds readable source slugs such as <c>daljoog-news-2026-01-thwarted-prison-break</c>.</summary>
internal static class SlugBuilder
{
    private const int MaxLength = 72;
    private const int MaxTitleWords = 6;

    public static string Build(string? publisher, string? published, string? title, string fallback)
    {
        var parts = new List<string>();
        AddWords(parts, publisher, 3);
        if (!string.IsNullOrEmpty(published))
        {
            parts.Add(published.Length >= 10 ? published[..10] : published);
        }

        AddWords(parts, title, MaxTitleWords);
        var slug = string.Join('-', parts.Where(p => p.Length > 0));
        if (slug.Length == 0)
        {
            AddWords(parts, fallback, MaxTitleWords);
            slug = string.Join('-', parts.Where(p => p.Length > 0));
        }

        if (slug.Length == 0)
        {
            slug = "source";
        }

        if (slug.Length > MaxLength)
        {
            slug = slug[..MaxLength].TrimEnd('-');
        }

        // A title like "deadbeef01" must not make a slug that id resolution reads as a capture hash prefix.
        return Metadata.FieldParser.ReadsAsCaptureId(slug) ? slug + "-source" : slug;
    }

    private static void AddWords(List<string> parts, string? text, int maxWords)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return;
        }

        var words = 0;
        var current = new StringBuilder();
        var decomposed = UnicodeForms.Normalize(text, NormalizationForm.FormD);
        for (var i = 0; i < decomposed.Length; i++)
        {
            var c = decomposed[i];
            var digitSeparator = c is ',' or '.' && current.Length > 0 && char.IsAsciiDigit(current[^1]) && i + 1 < decomposed.Length && char.IsAsciiDigit(decomposed[i + 1]);
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark || c is '\'' or '\u2019' || digitSeparator)
            {
                continue;
            }

            if (c < 128 && char.IsLetterOrDigit(c))
            {
                current.Append(char.ToLowerInvariant(c));
            }
            else if (current.Length > 0)
            {
                parts.Add(current.ToString());
                current.Clear();
                if (++words == maxWords)
                {
                    return;
                }
            }
        }

        if (current.Length > 0)
        {
            parts.Add(current.ToString());
        }
    }
}
