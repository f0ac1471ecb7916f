using System.Text.RegularExpressions;

namespace Archive.Core.Ingestion;

/// <summary>Maps the output of <c>pdfinfo -enc UTF-8 -rawdates</c> to catalog metadata: Title, Author, CreationDate.</summary>
internal static partial class PdfInfo
{
    /// <summary>
    /// Returns <c>title</c>, <c>authors</c> and <c>created</c> when the PDF states them non-empty. CreationDate is when
    /// the file was made (a browser's "save as PDF" writes the day it printed), so it is never taken as <c>published</c>.
    /// </summary>
    public static Dictionary<string, string> Parse(string pdfinfoOutput)
    {
        ArgumentNullException.ThrowIfNull(pdfinfoOutput);
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in pdfinfoOutput.Split('\n'))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                continue;
            }

            var value = CanonicalText.Canonicalize(line[(colon + 1)..].Trim());
            if (value.Length == 0)
            {
                continue;
            }

            switch (line[..colon])
            {
                case "Title":
                    result.TryAdd("title", value);
                    break;
                case "Author":
                    result.TryAdd("authors", value);
                    break;
                case "CreationDate" when TryParsePdfDate(value, out var iso):
                    result.TryAdd("created", iso);
                    break;
                default:
                    break;
            }
        }

        return result;
    }

    /// <summary>
    /// Converts a PDF date (ISO 32000-1 §7.9.4, <c>D:YYYYMMDDHHmmSSOHH'mm'</c>) to ISO 8601, keeping the stated offset.
    /// A date without a time becomes <c>yyyy-MM-dd</c>; a year or month alone is too vague and is rejected.
    /// </summary>
    public static bool TryParsePdfDate(string value, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? iso)
    {
        iso = null;
        var match = PdfDate().Match(value.Trim());
        if (!match.Success)
        {
            return false;
        }

        var g = match.Groups;
        var candidate = $"{g["y"].Value}-{g["mo"].Value}-{g["d"].Value}";
        if (g["h"].Success)
        {
            var minute = g["mi"].Success ? g["mi"].Value : "00";
            var second = g["s"].Success ? g["s"].Value : "00";
            var zone = g["z"].Value switch
            {
                "" => string.Empty,
                "Z" => "Z",
                var sign => $"{sign}{g["oh"].Value}:{(g["om"].Success ? g["om"].Value : "00")}",
            };
            candidate = $"{candidate}T{g["h"].Value}:{minute}:{second}{zone}";
        }

        return IsoDate.TryNormalize(candidate, out iso);
    }

    [GeneratedRegex(
        @"^(?:D:)?(?<y>\d{4})(?<mo>\d{2})(?<d>\d{2})(?:(?<h>\d{2})(?:(?<mi>\d{2})(?<s>\d{2})?)?(?:(?<z>Z)(?:00'?(?:00'?)?)?|(?<z>[+-])(?<oh>\d{2})(?:'?(?<om>\d{2})'?)?)?)?$",
        RegexOptions.CultureInvariant,
        matchTimeoutMilliseconds: 1000)]
    private static partial Regex PdfDate();
}
