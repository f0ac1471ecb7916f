using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Archive.Core.Briefings;

/// <summary>
/// Sets a PDF's document information (title, author, subject, keywords, creator) by appending a standard incremental
/// update: a new Info object, a one-entry xref section and a trailer that points back at the previous one. Chromium
/// writes only the title, so this is how author and subject (the pack id) get in. The original bytes are untouched.
/// </summary>
internal static partial class PdfDocumentInfo
{
    public static void Append(string pdfPath, IReadOnlyList<KeyValuePair<string, string>> entries)
    {
        ArgumentNullException.ThrowIfNull(pdfPath);
        ArgumentNullException.ThrowIfNull(entries);
        var bytes = File.ReadAllBytes(pdfPath);
        var tail = Encoding.Latin1.GetString(bytes, Math.Max(0, bytes.Length - 4096), Math.Min(4096, bytes.Length));
        var startxref = StartXref().Matches(tail) is { Count: > 0 } m ? long.Parse(m[^1].Groups[1].Value, CultureInfo.InvariantCulture) : throw new ArchiveException(ArchiveErrorKind.RenderFailed, "the PDF has no startxref");
        var trailerAt = tail.LastIndexOf("trailer", StringComparison.Ordinal);
        if (trailerAt < 0)
        {
            throw new ArchiveException(ArchiveErrorKind.RenderFailed, "the PDF has no classic trailer (cross-reference streams are not supported)");
        }

        var trailer = tail[trailerAt..];
        var size = int.Parse(Size().Match(trailer).Groups[1].Value, CultureInfo.InvariantCulture);
        var root = Root().Match(trailer).Groups[1].Value;
        var producer = Producer().Match(Encoding.Latin1.GetString(bytes)) is { Success: true } p ? p.Groups[1].Value : null;

        var info = new StringBuilder();
        info.Append(CultureInfo.InvariantCulture, $"{size} 0 obj\n<<");
        foreach (var (key, value) in entries)
        {
            var literal = key.EndsWith("Date", StringComparison.Ordinal) && DateString().IsMatch(value);
            info.Append(CultureInfo.InvariantCulture, $" /{key} {(literal ? $"({value})" : TextString(value))}");
        }

        if (producer is not null)
        {
            info.Append(CultureInfo.InvariantCulture, $" /Producer ({producer})");
        }

        info.Append(" >>\nendobj\n");
        var prefix = bytes[^1] == '\n' ? string.Empty : "\n";
        var objectOffset = bytes.Length + prefix.Length;
        var xrefOffset = objectOffset + info.Length;
        var update = new StringBuilder(prefix).Append(info)
            .Append(CultureInfo.InvariantCulture, $"xref\n0 1\n0000000000 65535 f \n{size} 1\n{objectOffset:D10} 00000 n \n")
            .Append(CultureInfo.InvariantCulture, $"trailer\n<< /Size {size + 1} /Root {root} /Info {size} 0 R /Prev {startxref} >>\nstartxref\n{xrefOffset}\n%%EOF\n");
        using var stream = new FileStream(pdfPath, FileMode.Append, FileAccess.Write);
        stream.Write(Encoding.Latin1.GetBytes(update.ToString()));
        stream.Flush(flushToDisk: true);
    }

    /// <summary>A PDF text string: UTF-16BE with a byte-order mark, written in hex, so any script survives.</summary>
    private static string TextString(string value)
    {
        var utf16 = Encoding.BigEndianUnicode.GetBytes(value);
        return "<FEFF" + Convert.ToHexString(utf16) + ">";
    }

    [GeneratedRegex(@"^D:\d{14}Z$")]
    private static partial Regex DateString();

    [GeneratedRegex(@"startxref\s+(\d+)")]
    private static partial Regex StartXref();

    [GeneratedRegex(@"/Size\s+(\d+)")]
    private static partial Regex Size();

    [GeneratedRegex(@"/Root\s+(\d+\s+\d+\s+R)")]
    private static partial Regex Root();

    [GeneratedRegex(@"/Producer\s+\(([A-Za-z0-9/ .\-]{1,64})\)")]
    private static partial Regex Producer();
}
