using System.Text.RegularExpressions;
using System.Xml;

namespace Archive.Core.Ingestion;

/// <summary>
/// The document info Archive keeps from a PDF: Title, Author and CreationDate. They are read from the head of the
/// XHTML that <c>pdftotext -htmlmeta</c> writes, where each value is escaped whole: pdfinfo's own report puts each
/// value on lines of <c>Key: value</c>, so a Subject holding "\nCreationDate: D:1999…" forged a date and a title.
/// pdfinfo is asked only for the exact CreationDate (<c>-rawdates</c> keeps its offset's minutes, which pdftotext
/// drops), and its line is taken only when it says the same moment as the escaped one.
/// </summary>
internal static partial class PdfInfo
{
    /// <summary>Returns <c>title</c>, <c>authors</c> and <c>created</c> when the PDF states them non-empty.</summary>
    /// <param name="htmlHead">The output of <c>pdftotext -htmlmeta</c>.</param>
    /// <param name="pdfinfoOutput">The output of <c>pdfinfo -enc UTF-8 -rawdates</c>.</param>
    /// <remarks>
    /// CreationDate is when the file was made (a browser's "save as PDF" writes the day it printed), so it is never
    /// taken as <c>published</c>.
    /// </remarks>
    public static Dictionary<string, string> Parse(byte[] htmlHead, string pdfinfoOutput)
    {
        ArgumentNullException.ThrowIfNull(htmlHead);
        ArgumentNullException.ThrowIfNull(pdfinfoOutput);
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        var (title, author, created) = ReadHead(htmlHead);
        Add(result, "title", title);
        Add(result, "authors", author);
        if (created is not null && CreationDate(created, pdfinfoOutput) is { } iso)
        {
            result["created"] = iso;
        }

        return result;
    }

    private static void Add(Dictionary<string, string> result, string field, string? value)
    {
        // A value over several lines is one value: its line breaks are spaces in a title or a byline.
        var text = value is null ? string.Empty : CanonicalText.Canonicalize(string.Join(' ', value.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)));
        if (text.Length > 0)
        {
            result[field] = text;
        }
    }

    private static (string? Title, string? Author, string? Created) ReadHead(byte[] html)
    {
        string? title = null, author = null, created = null;
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore, XmlResolver = null };
        try
        {
            using var reader = XmlReader.Create(new MemoryStream(Layout.BboxLayout.WithoutCharactersXmlRefuses(html)), settings);
            while (reader.Read())
            {
                if (reader.NodeType == XmlNodeType.EndElement && reader.LocalName == "head")
                {
                    break;
                }

                if (reader.NodeType != XmlNodeType.Element)
                {
                    continue;
                }

                if (reader.LocalName == "title")
                {
                    title = reader.ReadElementContentAsString();
                }
                else if (reader.LocalName == "meta" && reader.GetAttribute("name") is { } name)
                {
                    var content = reader.GetAttribute("content");
                    author = name == "Author" ? content : author;
                    created = name == "CreationDate" ? content : created;
                }
            }
        }
        catch (XmlException)
        {
            // No head to read (poppler wrote something else): the PDF states nothing Archive can trust.
            return (null, null, null);
        }

        return (title, author, created);
    }

    /// <summary>
    /// The CreationDate in ISO 8601: the one of pdfinfo's CreationDate lines that says the same moment as the escaped
    /// value, offset included as far as it goes (pdftotext writes <c>2022-01-20T10:30:00+01</c>, dropping the offset's
    /// minutes, which the line keeps: <c>+01:00</c>); the escaped value itself
    /// when no line agrees and its offset is whole hours or none.
    /// </summary>
    private static string? CreationDate(string escaped, string pdfinfoOutput)
    {
        foreach (var line in pdfinfoOutput.Split('\n'))
        {
            if (line.StartsWith("CreationDate:", StringComparison.Ordinal)
                && TryParsePdfDate(line["CreationDate:".Length..].Trim(), out var iso)
                && escaped.Length >= 19 && iso.StartsWith(escaped, StringComparison.Ordinal))
            {
                return iso;
            }
        }

        var match = EscapedDate().Match(escaped);
        if (!match.Success)
        {
            return null;
        }

        var zone = match.Groups["z"].Value;
        var candidate = match.Groups["t"].Value + (zone.Length == 3 ? zone + ":00" : zone);
        return IsoDate.TryNormalize(candidate, out var normalized) ? normalized : null;
    }

    [GeneratedRegex(@"^(?<t>\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?<z>Z|[+-]\d{2}(?::\d{2})?)?$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex EscapedDate();

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
