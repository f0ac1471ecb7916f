using System.Text.RegularExpressions;

namespace Archive.Core.Ingestion.Ocr;

/// <summary>Tesseract language names (ISO 639-2/T, joined with <c>+</c>) and their mapping from the catalog's BCP 47 tags.</summary>
internal static partial class TesseractLanguages
{
    private static readonly Dictionary<string, string> ByPrimaryTag = new(StringComparer.OrdinalIgnoreCase)
    {
        ["en"] = "eng",
        ["ar"] = "ara",
        ["fa"] = "fas",
        ["ku"] = "kmr",
        ["kmr"] = "kmr",
        ["tr"] = "tur",
        ["fr"] = "fra",
        ["de"] = "deu",
        ["es"] = "spa",
        ["ru"] = "rus",
        ["he"] = "heb",
        ["ur"] = "urd",
    };

    /// <summary>
    /// The Tesseract language for a BCP 47 tag (<c>ar</c>, <c>ar-IQ</c>, <c>fa</c>), with English added for
    /// documents in another language since scans often carry English names and numbers; null for an unknown tag.
    /// </summary>
    public static string? FromLanguageTag(string? tag)
    {
        if (string.IsNullOrWhiteSpace(tag))
        {
            return null;
        }

        var primary = tag.Split('-', '_')[0];
        if (!ByPrimaryTag.TryGetValue(primary, out var language))
        {
            return null;
        }

        return language == "eng" ? "eng" : language + "+eng";
    }

    /// <summary>The languages for a script Tesseract's orientation and script detection names (<c>Arabic</c>, <c>Latin</c>), or null.</summary>
    public static string? FromScript(string? script) => script switch
    {
        "Arabic" => "ara+eng",
        "Latin" => "eng",
        _ => null,
    };

    /// <summary>True when <paramref name="languages"/> is one or more names like <c>ara</c> or <c>chi_sim</c> joined by <c>+</c>.</summary>
    public static bool IsWellFormed(string languages) => ListPattern().IsMatch(languages);

    [GeneratedRegex(@"^[a-z]{3}(?:_[a-z]+)?(?:\+[a-z]{3}(?:_[a-z]+)?)*$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex ListPattern();
}
