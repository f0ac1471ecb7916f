using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Archive.Core.Briefings;

/// <summary>
/// Embeds files in a PDF as attachments (an <c>/EmbeddedFiles</c> name tree) by appending one incremental update after
/// the PDF's bytes, the way <see cref="PdfDocumentInfo"/> appends the Info dictionary: new EmbeddedFile streams and
/// Filespecs, a name tree, the Catalog again with <c>/Names</c>, an xref section and a trailer with <c>/Prev</c>. The
/// update is a pure function of the PDF and the files (no dates, no ids), so a verifier that has read the files back
/// can rebuild it and compare it byte for byte: nothing but the attachments can hide after the signed bytes.
/// </summary>
internal static partial class PdfAttachments
{
    /// <summary>The update that embeds <paramref name="files"/> (name, bytes, media type) after <paramref name="pdf"/>.</summary>
    public static byte[] Update(ReadOnlySpan<byte> pdf, IReadOnlyList<(string Name, byte[] Bytes, string MediaType)> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        var objects = new PdfObjects(pdf);
        if (!objects.IsClassic)
        {
            throw new ArchiveException(ArchiveErrorKind.RenderFailed, "the PDF has no classic trailer and startxref (cross-reference streams are not supported)");
        }

        var size = int.Parse(Size().Match(objects.Trailer).Groups[1].Value, CultureInfo.InvariantCulture);
        var root = objects.Root ?? throw new ArchiveException(ArchiveErrorKind.RenderFailed, "the PDF's trailer has no /Root");
        var catalog = objects.ObjectBody(root.Number);
        if (catalog.Contains("/Names", StringComparison.Ordinal))
        {
            // Chromium names destinations with /Dests; merging into an existing name dictionary is not needed yet.
            throw new ArchiveException(ArchiveErrorKind.RenderFailed, "the PDF's catalog already has /Names; embedding into it is not supported");
        }

        var end = catalog.LastIndexOf(">>", StringComparison.Ordinal);
        var treeNumber = size + (2 * files.Count);
        var newCatalog = catalog[..end].TrimEnd() + $"\n/Names <</EmbeddedFiles {treeNumber} 0 R>>>>";

        using var output = new MemoryStream();
        var offsets = new List<(int Number, long Offset)>();
        var baseOffset = (long)pdf.Length;
        if (pdf[^1] != '\n')
        {
            Write(output, "\n");
        }

        void Begin(int number, int generation = 0)
        {
            offsets.Add((number, baseOffset + output.Length));
            Write(output, $"{number} {generation} obj\n");
        }

        Begin(root.Number, root.Generation);
        Write(output, newCatalog + "\nendobj\n");
        var names = new StringBuilder("<</Names [");
        for (var i = 0; i < files.Count; i++)
        {
            var (name, bytes, mediaType) = files[i];
            var stream = size + (2 * i);
            Begin(stream);
            Write(output, $"<</Type /EmbeddedFile /Subtype /{NameToken(mediaType)} /Params <</Size {bytes.Length}>> /Length {bytes.Length}>>\nstream\n");
            output.Write(bytes);
            Write(output, "\nendstream\nendobj\n");
            Begin(stream + 1);
            Write(output, $"<</Type /Filespec /F {Literal(name)} /UF {Literal(name)} /AFRelationship /Supplement /EF <</F {stream} 0 R /UF {stream} 0 R>>>>\nendobj\n");
            names.Append(CultureInfo.InvariantCulture, $"{(i == 0 ? string.Empty : " ")}{Literal(name)} {stream + 1} 0 R");
        }

        Begin(treeNumber);
        Write(output, names.Append("]>>\nendobj\n").ToString());

        var xrefOffset = baseOffset + output.Length;
        var xref = new StringBuilder("xref\n0 1\n0000000000 65535 f \n");
        xref.Append(CultureInfo.InvariantCulture, $"{root.Number} 1\n{offsets[0].Offset:D10} {root.Generation:D5} n \n{size} {offsets.Count - 1}\n");
        foreach (var (_, offset) in offsets.Skip(1))
        {
            xref.Append(CultureInfo.InvariantCulture, $"{offset:D10} 00000 n \n");
        }

        var info = Info().Match(objects.Trailer) is { Success: true } m ? $" /Info {m.Groups[1].Value}" : string.Empty;
        xref.Append(CultureInfo.InvariantCulture, $"trailer\n<</Size {treeNumber + 1} /Root {root.Number} {root.Generation} R{info} /Prev {objects.StartXref}>>\nstartxref\n{xrefOffset}\n%%EOF\n");
        Write(output, xref.ToString());
        return output.ToArray();
    }

    /// <summary>Appends the attachments to the PDF at <paramref name="pdfPath"/>.</summary>
    public static void Append(string pdfPath, IReadOnlyList<(string Name, byte[] Bytes, string MediaType)> files)
    {
        var update = Update(File.ReadAllBytes(pdfPath), files);
        using var stream = new FileStream(pdfPath, FileMode.Append, FileAccess.Write);
        stream.Write(update);
        stream.Flush(flushToDisk: true);
    }

    /// <summary>
    /// Reads the attachment named <paramref name="name"/> from the PDF's current catalog, or null when there is none or
    /// the PDF is in a form <see cref="Find"/> cannot read. It proves nothing alone: callers rebuild the update.
    /// </summary>
    public static byte[]? Read(ReadOnlySpan<byte> pdf, string name, int maxInflated = 0) => Find(pdf, name, maxInflated).Bytes;

    /// <summary>
    /// Looks for the attachment named <paramref name="name"/> in the PDF's current catalog, also after a PDF tool
    /// re-saved the file (see <see cref="PdfObjects"/>), and says why when the PDF is in a form it cannot read.
    /// A compressed (FlateDecode) attachment, as a PDF tool that re-saves the file may write, is inflated only when
    /// <paramref name="maxInflated"/> is above zero, and only up to that many bytes: what <see cref="Update"/> writes
    /// is never compressed, so a compressed crop could never rebuild byte for byte anyway.
    /// </summary>
    public static PdfAttachment Find(ReadOnlySpan<byte> pdf, string name, int maxInflated = 0)
    {
        // A file that is no PDF at all holds no attachment; one that is but cannot be read may hold it.
        if (pdf[..Math.Min(1024, pdf.Length)].IndexOf("%PDF-"u8) < 0)
        {
            return default;
        }

        try
        {
            var objects = new PdfObjects(pdf);
            if (objects.IsEncrypted)
            {
                return new PdfAttachment(null, "it is encrypted");
            }

            if (objects.Root is not { } root || EmbeddedFiles().Match(objects.ObjectBody(root.Number)) is not { Success: true } tree)
            {
                return default;
            }

            var names = objects.ObjectBody(int.Parse(tree.Groups[1].Value, CultureInfo.InvariantCulture));
            var entry = new Regex(Regex.Escape(Literal(name)) + @"\s+(\d+)\s+0\s+R", RegexOptions.CultureInvariant).Match(names);
            if (!entry.Success || EmbeddedStream().Match(objects.ObjectBody(int.Parse(entry.Groups[1].Value, CultureInfo.InvariantCulture))) is not { Success: true } ef)
            {
                return default;
            }

            var stream = objects.Stream(int.Parse(ef.Groups[1].Value, CultureInfo.InvariantCulture));
            var compressed = stream.Dictionary.Contains("/Filter", StringComparison.Ordinal);
            return compressed && maxInflated <= 0 ? default : new PdfAttachment(objects.Decode(stream, maxInflated), null);
        }
        catch (ArchiveException ex)
        {
            return new PdfAttachment(null, ex.Message);
        }
        catch (Exception ex) when (ex is FormatException or OverflowException or ArgumentOutOfRangeException)
        {
            return new PdfAttachment(null, "its cross-reference table or objects cannot be parsed");
        }
    }

    private static void Write(MemoryStream output, string text) => output.Write(Encoding.Latin1.GetBytes(text));

    /// <summary>A PDF literal string for an ASCII file name (backslash and parentheses escaped).</summary>
    private static string Literal(string value) =>
        "(" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("(", "\\(", StringComparison.Ordinal).Replace(")", "\\)", StringComparison.Ordinal) + ")";

    /// <summary>A PDF name for a media type: '/' written as #2F, as the spec requires for a delimiter inside a name.</summary>
    private static string NameToken(string mediaType) => mediaType.Replace("/", "#2F", StringComparison.Ordinal);

    [GeneratedRegex(@"/Size\s+(\d+)")]
    private static partial Regex Size();

    [GeneratedRegex(@"/Info\s+(\d+\s+\d+\s+R)")]
    private static partial Regex Info();

    [GeneratedRegex(@"/EmbeddedFiles\s+(\d+)\s+0\s+R")]
    private static partial Regex EmbeddedFiles();

    [GeneratedRegex(@"/EF\s*<<\s*/F\s+(\d+)\s+0\s+R")]
    private static partial Regex EmbeddedStream();
}
