using System.Globalization;
using System.Text;

namespace Archive.TestInfrastructure;

/// <summary>
/// Writes a small but valid PDF 1.4 by hand: one page per string, standard Helvetica (WinAnsi), an Info dictionary
/// and a cross-reference table with computed byte offsets. No PDF library or outside tool is needed.
/// </summary>
internal static class MinimalPdf
{
    public static byte[] Build(IReadOnlyList<string> pages, string? title = null, string? author = null, string? creationDate = null)
    {
        // Object numbers: 1 catalog, 2 pages, 3 font, 4 info, then a (page, contents) pair per page.
        var objects = new List<string>
        {
            "<< /Type /Catalog /Pages 2 0 R >>",
            $"<< /Type /Pages /Kids [{string.Join(' ', pages.Select((_, i) => $"{5 + (2 * i)} 0 R"))}] /Count {pages.Count} >>",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
            Info(title, author, creationDate),
        };
        for (var i = 0; i < pages.Count; i++)
        {
            var contentsNumber = 6 + (2 * i);
            objects.Add($"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents {contentsNumber} 0 R >>");
            var stream = $"BT /F1 18 Tf 72 700 Td ({Escape(pages[i])}) Tj ET";
            objects.Add($"<< /Length {Latin1(stream).Length} >>\nstream\n{stream}\nendstream");
        }

        var pdf = new MemoryStream();
        Append(pdf, "%PDF-1.4\n%\u00e2\u00e3\u00cf\u00d3\n");
        var offsets = new List<long>();
        for (var n = 0; n < objects.Count; n++)
        {
            offsets.Add(pdf.Length);
            Append(pdf, $"{n + 1} 0 obj\n{objects[n]}\nendobj\n");
        }

        var xref = pdf.Length;
        var table = new StringBuilder();
        table.Append(CultureInfo.InvariantCulture, $"xref\n0 {objects.Count + 1}\n0000000000 65535 f \n");
        foreach (var offset in offsets)
        {
            // Each entry is exactly 20 bytes: 10-digit offset, space, 5-digit generation, space, 'n', space, LF.
            table.Append(CultureInfo.InvariantCulture, $"{offset:D10} 00000 n \n");
        }

        table.Append(CultureInfo.InvariantCulture, $"trailer\n<< /Size {objects.Count + 1} /Root 1 0 R /Info 4 0 R >>\nstartxref\n{xref}\n%%EOF\n");
        Append(pdf, table.ToString());
        return pdf.ToArray();
    }

    private static string Info(string? title, string? author, string? creationDate)
    {
        var entries = new StringBuilder("<< /Producer (Archive tests)");
        if (title is not null)
        {
            entries.Append($" /Title ({Escape(title)})");
        }

        if (author is not null)
        {
            entries.Append($" /Author ({Escape(author)})");
        }

        if (creationDate is not null)
        {
            entries.Append($" /CreationDate ({Escape(creationDate)})");
        }

        return entries.Append(" >>").ToString();
    }

    private static string Escape(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("(", "\\(", StringComparison.Ordinal).Replace(")", "\\)", StringComparison.Ordinal);

    private static byte[] Latin1(string text) => Encoding.Latin1.GetBytes(text);

    private static void Append(MemoryStream stream, string text) => stream.Write(Latin1(text));
}
