using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Text;

namespace Archive.TestInfrastructure;

/// <summary>
/// Real scans of known text for OCR tests: a text PDF written by <see cref="Pdf"/>, rasterised by poppler's
/// <c>pdftoppm</c> (PNG, JPEG, TIFF or grey PGM), and PDFs whose pages are such images and carry no text layer.
/// </summary>
internal static class TestScans
{
    /// <summary>Renders one letter page of <paramref name="text"/> (Helvetica, 18 pt, from 72 pt left and 92 pt down) at <paramref name="dpi"/> into <paramref name="format"/> (<c>png</c>, <c>jpeg</c>, <c>tiff</c>, <c>pgm</c>).</summary>
    /// <param name="rotate">Degrees the page is turned clockwise (0, 90, 180, 270), as a scanner fed it upside down or on its side.</param>
    public static string Render(string directory, string name, string text, int dpi, string format, int rotate = 0)
    {
        var pdf = Path.Combine(directory, name + ".src.pdf");
        File.WriteAllBytes(pdf, Pdf([text], dpi, rotate: rotate));
        var prefix = Path.Combine(directory, name);
        var option = format == "pgm" ? "-gray" : "-" + format;
        Run("pdftoppm", "-r", dpi.ToString(CultureInfo.InvariantCulture), "-singlefile", option, pdf, prefix);
        var extension = format switch { "jpeg" => ".jpg", "tiff" => ".tif", _ => "." + format };
        return prefix + extension;
    }

    /// <summary>A PDF of letter pages: a string is a page with a text layer, a <see cref="FileInfo"/> of a PGM a scanned page (an image, no text).</summary>
    /// <param name="openAction">A JavaScript action for the catalog's <c>/OpenAction</c>, or null.</param>
    /// <param name="attachment">The bytes of a file embedded as <c>attachment.txt</c>, or null.</param>
    /// <param name="rotate">The pages' <c>/Rotate</c>, in degrees clockwise.</param>
    public static byte[] Pdf(IReadOnlyList<object> pages, int dpi, string? openAction = null, byte[]? attachment = null, int rotate = 0)
    {
        var attachmentNumber = 4 + (3 * pages.Count);
        var catalog = "<< /Type /Catalog /Pages 2 0 R"
            + (openAction is null ? string.Empty : $" /OpenAction << /S /JavaScript /JS ({openAction}) >>")
            + (attachment is null ? string.Empty : $" /Names << /EmbeddedFiles << /Names [(attachment.txt) << /Type /Filespec /F (attachment.txt) /EF << /F {attachmentNumber} 0 R >> >>] >> >>")
            + " >>";
        var objects = new List<byte[]>
        {
            Latin1(catalog),
            Latin1($"<< /Type /Pages /Kids [{string.Join(' ', pages.Select((_, i) => $"{4 + (3 * i)} 0 R"))}] /Count {pages.Count} >>"),
            Latin1("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"),
        };
        for (var i = 0; i < pages.Count; i++)
        {
            var page = 4 + (3 * i);
            if (pages[i] is string text)
            {
                // Lines of the text one under another, 24 pt apart.
                objects.Add(Latin1($"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Rotate {rotate} /Resources << /Font << /F1 3 0 R >> >> /Contents {page + 1} 0 R >>"));
                objects.Add(Stream(string.Empty, Latin1($"BT /F1 18 Tf 24 TL 72 700 Td {string.Join(" T* ", text.Split('\n').Select(line => $"({line}) Tj"))} ET")));
                objects.Add(Latin1("null"));
                continue;
            }

            var (width, height, pixels) = ReadPgm(((FileInfo)pages[i]).FullName);
            var w = (width * 72.0 / dpi).ToString("0.##", CultureInfo.InvariantCulture);
            var h = (height * 72.0 / dpi).ToString("0.##", CultureInfo.InvariantCulture);
            objects.Add(Latin1($"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {w} {h}] /Resources << /XObject << /Im1 {page + 2} 0 R >> >> /Contents {page + 1} 0 R >>"));
            objects.Add(Stream(string.Empty, Latin1($"q {w} 0 0 {h} 0 0 cm /Im1 Do Q")));
            objects.Add(Stream($"/Type /XObject /Subtype /Image /Width {width} /Height {height} /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode ", Deflate(pixels)));
        }

        if (attachment is not null)
        {
            objects.Add(Stream("/Type /EmbeddedFile ", attachment));
        }

        var pdf = new MemoryStream();
        pdf.Write(Latin1("%PDF-1.4\n"));
        var offsets = new List<long>();
        for (var i = 0; i < objects.Count; i++)
        {
            offsets.Add(pdf.Position);
            pdf.Write(Latin1($"{i + 1} 0 obj\n"));
            pdf.Write(objects[i]);
            pdf.Write(Latin1("\nendobj\n"));
        }

        var xref = pdf.Position;
        var table = new StringBuilder($"xref\n0 {objects.Count + 1}\n0000000000 65535 f \n");
        foreach (var offset in offsets)
        {
            table.Append(CultureInfo.InvariantCulture, $"{offset:D10} 00000 n \n");
        }

        table.Append(CultureInfo.InvariantCulture, $"trailer\n<< /Size {objects.Count + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n");
        pdf.Write(Latin1(table.ToString()));
        return pdf.ToArray();
    }

    /// <summary>A baseline TIFF (uncompressed, 8-bit grey) with <paramref name="pages"/> white pages of the given size.</summary>
    public static byte[] BlankTiff(int pages, int width, int height)
    {
        var data = new MemoryStream();
        var writer = new BinaryWriter(data);
        writer.Write("II*\0"u8);
        writer.Write(8u);
        var pixels = Enumerable.Repeat((byte)255, width * height).ToArray();
        for (var p = 0; p < pages; p++)
        {
            // IFD at the current position: 8 entries, next-IFD offset, then the strip.
            const short Entries = 8;
            var ifdStart = data.Position;
            var stripOffset = ifdStart + 2 + (Entries * 12) + 4;
            var next = p == pages - 1 ? 0u : (uint)(stripOffset + pixels.Length);
            writer.Write(Entries);
            Entry(writer, 256, 4, (uint)width);
            Entry(writer, 257, 4, (uint)height);
            Entry(writer, 258, 3, 8);
            Entry(writer, 259, 3, 1);
            Entry(writer, 262, 3, 1);
            Entry(writer, 273, 4, (uint)stripOffset);
            Entry(writer, 278, 4, (uint)height);
            Entry(writer, 279, 4, (uint)pixels.Length);
            writer.Write(next);
            writer.Write(pixels);
        }

        writer.Flush();
        return data.ToArray();

        static void Entry(BinaryWriter w, ushort tag, ushort type, uint value)
        {
            w.Write(tag);
            w.Write(type);
            w.Write(1u);
            if (type == 3)
            {
                w.Write((ushort)value);
                w.Write((ushort)0);
            }
            else
            {
                w.Write(value);
            }
        }
    }

    /// <summary>A PNG whose header claims <paramref name="width"/> × <paramref name="height"/> pixels, with a tiny (invalid) data chunk: never to be decoded.</summary>
    public static byte[] PngHeaderOnly(uint width, uint height)
    {
        var png = new MemoryStream();
        png.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        var ihdr = new byte[13];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(ihdr, width);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(ihdr.AsSpan(4), height);
        ihdr[8] = 8; // bit depth; colour type 0 (grey)
        Chunk(png, "IHDR", ihdr);
        Chunk(png, "IDAT", Deflate(new byte[64]));
        Chunk(png, "IEND", []);
        return png.ToArray();

        static void Chunk(Stream s, string type, byte[] data)
        {
            var length = new byte[4];
            System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(length, (uint)data.Length);
            s.Write(length);
            s.Write(Encoding.ASCII.GetBytes(type));
            s.Write(data);
            s.Write(new byte[4]); // CRC: not checked by the header reader
        }
    }

    public static (int Width, int Height, byte[] Pixels) ReadPgm(string path)
    {
        // "P5\n<width> <height>\n<max>\n" then width × height bytes.
        var bytes = File.ReadAllBytes(path);
        var fields = new List<string>();
        var at = 0;
        while (fields.Count < 4)
        {
            while (char.IsWhiteSpace((char)bytes[at]))
            {
                at++;
            }

            var start = at;
            while (!char.IsWhiteSpace((char)bytes[at]))
            {
                at++;
            }

            fields.Add(Encoding.ASCII.GetString(bytes, start, at - start));
        }

        var width = int.Parse(fields[1], CultureInfo.InvariantCulture);
        var height = int.Parse(fields[2], CultureInfo.InvariantCulture);
        return (width, height, bytes[(at + 1)..(at + 1 + (width * height))]);
    }

    private static byte[] Stream(string dictionary, byte[] content)
    {
        var head = Latin1($"<< {dictionary}/Length {content.Length} >>\nstream\n");
        return [.. head, .. content, .. Latin1("\nendstream")];
    }

    private static byte[] Deflate(byte[] data)
    {
        using var output = new MemoryStream();
        using (var zlib = new ZLibStream(output, CompressionLevel.Fastest))
        {
            zlib.Write(data);
        }

        return output.ToArray();
    }

    private static byte[] Latin1(string text) => Encoding.Latin1.GetBytes(text);

    private static void Run(string tool, params string[] arguments)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEnd();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{tool} failed: {error}");
        }
    }
}
