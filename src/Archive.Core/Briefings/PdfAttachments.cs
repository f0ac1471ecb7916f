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
        var trailer = LastTrailer(pdf);
        var size = int.Parse(Size().Match(trailer.Text).Groups[1].Value, CultureInfo.InvariantCulture);
        var root = Root().Match(trailer.Text) is { Success: true } r ? (Number: int.Parse(r.Groups[1].Value, CultureInfo.InvariantCulture), Generation: int.Parse(r.Groups[2].Value, CultureInfo.InvariantCulture))
            : throw new ArchiveException(ArchiveErrorKind.RenderFailed, "the PDF's trailer has no /Root");
        var catalog = ObjectBody(pdf, trailer.StartXref, root.Number);
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

        var info = Info().Match(trailer.Text) is { Success: true } m ? $" /Info {m.Groups[1].Value}" : string.Empty;
        xref.Append(CultureInfo.InvariantCulture, $"trailer\n<</Size {treeNumber + 1} /Root {root.Number} {root.Generation} R{info} /Prev {trailer.StartXref}>>\nstartxref\n{xrefOffset}\n%%EOF\n");
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
    /// the structure is not what <see cref="Update"/> writes. It proves nothing alone: callers rebuild the update.
    /// A compressed (FlateDecode) attachment, as a PDF tool that re-saves the file may write, is inflated only when
    /// <paramref name="maxInflated"/> is above zero, and only up to that many bytes (null past it): what
    /// <see cref="Update"/> writes is never compressed, so a compressed crop could never rebuild byte for byte anyway.
    /// </summary>
    public static byte[]? Read(ReadOnlySpan<byte> pdf, string name, int maxInflated = 0)
    {
        try
        {
            var trailer = LastTrailer(pdf);
            if (Root().Match(trailer.Text) is not { Success: true } root)
            {
                return null;
            }

            var catalog = ObjectBody(pdf, trailer.StartXref, int.Parse(root.Groups[1].Value, CultureInfo.InvariantCulture));
            if (EmbeddedFiles().Match(catalog) is not { Success: true } tree)
            {
                return null;
            }

            var names = ObjectBody(pdf, trailer.StartXref, int.Parse(tree.Groups[1].Value, CultureInfo.InvariantCulture));
            var entry = new Regex(Regex.Escape(Literal(name)) + @"\s+(\d+)\s+0\s+R", RegexOptions.CultureInvariant).Match(names);
            if (!entry.Success)
            {
                return null;
            }

            var spec = ObjectBody(pdf, trailer.StartXref, int.Parse(entry.Groups[1].Value, CultureInfo.InvariantCulture));
            if (EmbeddedStream().Match(spec) is not { Success: true } ef)
            {
                return null;
            }

            var number = int.Parse(ef.Groups[1].Value, CultureInfo.InvariantCulture);
            var at = ObjectOffset(pdf, trailer.StartXref, number);
            var head = Encoding.Latin1.GetString(pdf.Slice((int)at, (int)Math.Min(512, pdf.Length - at)));
            var length = StreamLength().Match(head);
            var start = head.IndexOf("stream\n", StringComparison.Ordinal);
            if (!length.Success || start < 0)
            {
                return null;
            }

            var from = (int)at + start + "stream\n".Length;
            var count = int.Parse(length.Groups[1].Value, CultureInfo.InvariantCulture);
            if (from + count > pdf.Length)
            {
                return null;
            }

            var raw = pdf.Slice(from, count).ToArray();
            // A PDF tool that re-saves the file (qpdf, say) may compress the attachment; any other filter is not read.
            var dictionary = head[..start];
            return dictionary.Contains("/Filter", StringComparison.Ordinal)
                ? (maxInflated > 0 && Flate().IsMatch(dictionary) ? Inflate(raw, maxInflated) : null)
                : raw;
        }
        catch (Exception ex) when (ex is ArchiveException or FormatException or OverflowException or ArgumentOutOfRangeException)
        {
            return null;
        }
    }

    private static byte[]? Inflate(byte[] compressed, int maxInflated)
    {
        try
        {
            using var input = new System.IO.Compression.ZLibStream(new MemoryStream(compressed), System.IO.Compression.CompressionMode.Decompress);
            using var output = new MemoryStream();
            var buffer = new byte[81920];
            int read;
            while ((read = input.Read(buffer)) > 0)
            {
                if (output.Length + read > maxInflated)
                {
                    return null;
                }

                output.Write(buffer, 0, read);
            }

            return output.ToArray();
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }

    private static (string Text, long StartXref) LastTrailer(ReadOnlySpan<byte> pdf)
    {
        var tailLength = Math.Min(4096, pdf.Length);
        var tail = Encoding.Latin1.GetString(pdf[^tailLength..]);
        var matches = StartXref().Matches(tail);
        var trailerAt = tail.LastIndexOf("trailer", StringComparison.Ordinal);
        if (matches.Count == 0 || trailerAt < 0)
        {
            throw new ArchiveException(ArchiveErrorKind.RenderFailed, "the PDF has no classic trailer and startxref (cross-reference streams are not supported)");
        }

        return (tail[trailerAt..], long.Parse(matches[^1].Groups[1].Value, CultureInfo.InvariantCulture));
    }

    /// <summary>The text between <c>N G obj</c> and <c>endobj</c> of a (non-stream) object found through the xref chain.</summary>
    private static string ObjectBody(ReadOnlySpan<byte> pdf, long startXref, int number)
    {
        var at = ObjectOffset(pdf, startXref, number);
        var rest = Encoding.Latin1.GetString(pdf.Slice((int)at, (int)Math.Min(1 << 16, pdf.Length - at)));
        var open = rest.IndexOf("obj", StringComparison.Ordinal);
        var close = rest.IndexOf("endobj", StringComparison.Ordinal);
        return open < 0 || close < open ? throw new ArchiveException(ArchiveErrorKind.RenderFailed, $"object {number} is not where the xref says")
            : rest[(open + 3)..close].Trim();
    }

    /// <summary>Walks classic xref sections newest first (following /Prev) to the offset of an in-use object.</summary>
    private static long ObjectOffset(ReadOnlySpan<byte> pdf, long startXref, int number)
    {
        var seen = new HashSet<long>();
        for (long? section = startXref; section is { } offset && seen.Add(offset);)
        {
            if (offset < 0 || offset >= pdf.Length)
            {
                break;
            }

            var text = Encoding.Latin1.GetString(pdf[(int)offset..]);
            var trailerAt = text.IndexOf("trailer", StringComparison.Ordinal);
            if (!text.StartsWith("xref", StringComparison.Ordinal) || trailerAt < 0)
            {
                break;
            }

            var lines = text[4..trailerAt].Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            for (var i = 0; i < lines.Length;)
            {
                var header = lines[i].Split(' ');
                var first = int.Parse(header[0], CultureInfo.InvariantCulture);
                var count = int.Parse(header[1], CultureInfo.InvariantCulture);
                if (number >= first && number < first + count)
                {
                    var entry = lines[i + 1 + number - first].Split(' ');
                    if (entry[2] == "n")
                    {
                        return long.Parse(entry[0], CultureInfo.InvariantCulture);
                    }
                }

                i += 1 + count;
            }

            var trailerEnd = text.IndexOf("startxref", trailerAt, StringComparison.Ordinal);
            var prev = Prev().Match(text[trailerAt..(trailerEnd < 0 ? text.Length : trailerEnd)]);
            section = prev.Success ? long.Parse(prev.Groups[1].Value, CultureInfo.InvariantCulture) : null;
        }

        throw new ArchiveException(ArchiveErrorKind.RenderFailed, $"object {number} is not in the PDF's cross-reference table");
    }

    private static void Write(MemoryStream output, string text) => output.Write(Encoding.Latin1.GetBytes(text));

    /// <summary>A PDF literal string for an ASCII file name (backslash and parentheses escaped).</summary>
    private static string Literal(string value) =>
        "(" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("(", "\\(", StringComparison.Ordinal).Replace(")", "\\)", StringComparison.Ordinal) + ")";

    /// <summary>A PDF name for a media type: '/' written as #2F, as the spec requires for a delimiter inside a name.</summary>
    private static string NameToken(string mediaType) => mediaType.Replace("/", "#2F", StringComparison.Ordinal);

    [GeneratedRegex(@"startxref\s+(\d+)")]
    private static partial Regex StartXref();

    [GeneratedRegex(@"/Size\s+(\d+)")]
    private static partial Regex Size();

    [GeneratedRegex(@"/Root\s+(\d+)\s+(\d+)\s+R")]
    private static partial Regex Root();

    [GeneratedRegex(@"/Info\s+(\d+\s+\d+\s+R)")]
    private static partial Regex Info();

    [GeneratedRegex(@"/Prev\s+(\d+)")]
    private static partial Regex Prev();

    [GeneratedRegex(@"/EmbeddedFiles\s+(\d+)\s+0\s+R")]
    private static partial Regex EmbeddedFiles();

    [GeneratedRegex(@"/EF\s*<<\s*/F\s+(\d+)\s+0\s+R")]
    private static partial Regex EmbeddedStream();

    [GeneratedRegex(@"/Length\s+(\d+)")]
    private static partial Regex StreamLength();

    [GeneratedRegex(@"/Filter\s*(/FlateDecode|\[\s*/FlateDecode\s*\])")]
    private static partial Regex Flate();
}
