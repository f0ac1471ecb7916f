using System.Globalization;
using System.Xml;

namespace Archive.Core.Ingestion.Layout;

/// <summary>
/// Reads the XHTML of <c>pdftotext -bbox-layout</c>: <c>page</c> elements (width, height in points) holding
/// <c>flow</c>/<c>block</c>/<c>line</c>/<c>word</c> elements with <c>xMin yMin xMax yMax</c> boxes, measured from the
/// page's top-left corner.
/// </summary>
internal static class BboxLayout
{
    /// <summary>
    /// Poppler copies the document info (a title holding U+0001 or U+FFFE) and odd characters of words into its XHTML as
    /// they are, and an XML reader refuses those outright: a copy with each such control byte made a space and each
    /// U+FFFE, U+FFFF or encoded surrogate made U+FFFD (the same number of bytes), or the bytes themselves when clean.
    /// </summary>
    internal static byte[] WithoutCharactersXmlRefuses(byte[] xhtml)
    {
        byte[]? clean = null;
        for (var i = 0; i < xhtml.Length; i++)
        {
            var b = xhtml[i];
            if (b < 0x20 && b is not ((byte)'\t' or (byte)'\n' or (byte)'\r'))
            {
                clean ??= (byte[])xhtml.Clone();
                clean[i] = (byte)' ';
            }
            else if (i + 2 < xhtml.Length && ((b == 0xEF && xhtml[i + 1] == 0xBF && xhtml[i + 2] is 0xBE or 0xBF) || (b == 0xED && xhtml[i + 1] >= 0xA0)))
            {
                clean ??= (byte[])xhtml.Clone();
                clean[i] = 0xEF;
                clean[i + 1] = 0xBF;
                clean[i + 2] = 0xBD;
                i += 2;
            }
        }

        return clean ?? xhtml;
    }

    /// <summary>Each page's size and its words with their line number on the page.</summary>
    /// <exception cref="ArchiveException">The output is not well-formed (<see cref="ArchiveErrorKind.Unreadable"/>).</exception>
    public static List<(double Width, double Height, IReadOnlyList<PositionedWord> Words)> Parse(byte[] xhtml)
    {
        ArgumentNullException.ThrowIfNull(xhtml);
        var pages = new List<(double, double, IReadOnlyList<PositionedWord>)>();
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore, XmlResolver = null, IgnoreWhitespace = true };
        xhtml = WithoutCharactersXmlRefuses(xhtml);
        List<PositionedWord>? words = null;
        double width = 0, height = 0;
        var line = 0;
        try
        {
            using var stream = new MemoryStream(xhtml);
            using var reader = XmlReader.Create(stream, settings);
            reader.Read();
            while (!reader.EOF)
            {
                if (reader.NodeType != XmlNodeType.Element)
                {
                    reader.Read();
                    continue;
                }

                switch (reader.LocalName)
                {
                    case "page":
                        Close();
                        words = [];
                        width = Number(reader, "width");
                        height = Number(reader, "height");
                        line = 0;
                        break;
                    case "line":
                        line++;
                        break;
                    case "word" when words is not null:
                        var box = new LayoutBox(Number(reader, "xMin"), Number(reader, "yMin"), Number(reader, "xMax"), Number(reader, "yMax"));
                        // Reading the content moves past the end tag, onto the next node.
                        words.Add(new PositionedWord(reader.ReadElementContentAsString(), line, box));
                        continue;
                    default:
                        break;
                }

                reader.Read();
            }
        }
        catch (XmlException ex)
        {
            throw new ArchiveException(ArchiveErrorKind.Unreadable, $"pdftotext -bbox-layout wrote malformed XHTML: {ex.Message}", ex);
        }

        Close();
        return pages;

        void Close()
        {
            if (words is not null)
            {
                pages.Add((width, height, words));
            }
        }
    }

    private static double Number(XmlReader reader, string attribute) =>
        double.TryParse(reader.GetAttribute(attribute), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : 0;
}
