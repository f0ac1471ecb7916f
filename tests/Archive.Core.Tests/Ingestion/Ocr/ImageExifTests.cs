using System.Security.Cryptography;
using System.Text;
using Archive.Core.Ingestion;
using Archive.Core.Ingestion.Ocr;
using Archive.Core.Metadata;

namespace Archive.Core.Tests.Ingestion.Ocr;

/// <summary>
/// EXIF harvested from real images (rendered by poppler) into which the tests write EXIF blocks built byte by byte
/// from the TIFF 6.0 / EXIF 2.32 layout: IFD0, the Exif sub-IFD and the GPS IFD.
/// </summary>
public sealed class ImageExifTests : IDisposable
{
    private const ushort Ascii = 2;
    private const ushort Short = 3;
    private const ushort Long = 4;
    private const ushort Rational = 5;

    private readonly TempArchive _archive = new();
    private readonly TempDirectory _dir = new();

    public void Dispose()
    {
        _archive.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public void Ingest_JpegWithExif_DateDeviceGpsAndOrientationWithOriginDocumentExif()
    {
        var bytes = Jpeg(Exif(littleEndian: true, north: true, east: true));
        var path = _archive.WriteInput("photo.jpg", bytes);

        var outcome = Assert.Single(_archive.Services.Ingestor.Ingest(
            new IngestRequest([path], new Dictionary<string, FieldValue>(), "test-agent") { Ocr = new OcrOptions(OcrMode.Never) }, null, CancellationToken.None));

        Assert.Equal(IngestStatus.Ingested, outcome.Status);
        Assert.Equal("sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes)), outcome.CaptureId?.Value);
        var fields = _archive.Reader.Show(outcome.CaptureId!.Value)!.Fields;
        Assert.Equal("2022-01-20T14:03:11+03:00", fields["taken_at"].Display);
        Assert.Equal("Canon EOS 5D", fields["device"].Display);
        Assert.Equal("36.191111,44.009167", fields["gps"].Display);
        Assert.StartsWith("6 (", fields["orientation"].Display, StringComparison.Ordinal);
        Assert.All(new[] { "taken_at", "device", "gps", "orientation" }, name => Assert.Equal("document:exif", fields[name].Origin));
        Assert.Equal(bytes, File.ReadAllBytes(_archive.Reader.OriginalPath(_archive.Reader.Show(outcome.CaptureId!.Value)!.Capture)));
        Assert.True(_archive.Services.Verifier.Verify("test-auditor", record: false, null, CancellationToken.None).IsOk);
    }

    [Fact]
    public void Ingest_JpegWithExifAndCliDevice_TheCliValueWins()
    {
        var path = _archive.WriteInput("photo.jpg", Jpeg(Exif(littleEndian: true, north: true, east: true)));
        var cli = new Dictionary<string, FieldValue> { ["device"] = new(System.Text.Json.Nodes.JsonValue.Create("Nikon D90"), FieldOrigin.Cli) };

        var outcome = Assert.Single(_archive.Services.Ingestor.Ingest(
            new IngestRequest([path], cli, "test-agent") { Ocr = new OcrOptions(OcrMode.Never) }, null, CancellationToken.None));

        var fields = _archive.Reader.Show(outcome.CaptureId!.Value)!.Fields;
        Assert.Equal("Nikon D90", fields["device"].Display);
        Assert.Equal("cli", fields["device"].Origin);
        Assert.Equal("document:exif", fields["gps"].Origin);
    }

    [Fact]
    public void Read_BigEndianSouthWest_NegativeLatitudeAndLongitude()
    {
        var path = Write("sw.jpg", Jpeg(Exif(littleEndian: false, north: false, east: false)));

        var (fields, warning) = ImageExif.Read(path, "jpeg");

        Assert.Null(warning);
        Assert.Equal("-36.191111,-44.009167", fields["gps"]);
        Assert.Equal("Canon EOS 5D", fields["device"]);
    }

    [Fact]
    public void Read_PngWithExifChunk_ReadsTheFields()
    {
        var png = File.ReadAllBytes(TestScans.Render(_dir.Path, "plain", "Hello", 50, "png"));
        var path = Write("photo.png", PngWithExif(png, Exif(littleEndian: true, north: true, east: false)));

        var (fields, warning) = ImageExif.Read(path, "png");

        Assert.Null(warning);
        Assert.Equal("2022-01-20T14:03:11+03:00", fields["taken_at"]);
        Assert.Equal("36.191111,-44.009167", fields["gps"]);
    }

    [Fact]
    public void Read_JpegWithoutExif_NoFieldsAndNoWarning()
    {
        var path = TestScans.Render(_dir.Path, "plain", "Hello", 50, "jpeg");

        var (fields, warning) = ImageExif.Read(path, "jpeg");

        Assert.Empty(fields);
        Assert.Null(warning);
    }

    [Fact]
    public void Ingest_JpegWithLoopingAndOutOfRangeIfds_IngestedWithAWarningNote()
    {
        // IFD0 names itself as the next IFD (a loop), and its Exif sub-IFD pointer points far past the end.
        var tiff = new List<byte>(Encoding.ASCII.GetBytes("II*\0"));
        tiff.AddRange(BitConverter.GetBytes(8u));
        tiff.AddRange(BitConverter.GetBytes((ushort)2));
        tiff.AddRange(Entry(true, 0x0112, Short, 1, U16(true, 6)));
        tiff.AddRange(Entry(true, 0x8769, Long, 1, U32(true, 0x7FFF_FFF0)));
        tiff.AddRange(BitConverter.GetBytes(8u));
        var path = _archive.WriteInput("loop.jpg", Jpeg([.. tiff]));

        var outcome = Assert.Single(_archive.Services.Ingestor.Ingest(
            new IngestRequest([path], new Dictionary<string, FieldValue>(), "test-agent") { Ocr = new OcrOptions(OcrMode.Never) }, null, CancellationToken.None));

        Assert.Equal(IngestStatus.Ingested, outcome.Status);
        Assert.Contains("EXIF damaged", outcome.Note, StringComparison.Ordinal);
        Assert.False(_archive.Reader.Show(outcome.CaptureId!.Value)!.Fields.ContainsKey("taken_at"));
    }

    [Fact]
    public void Read_TruncatedExif_WarningAndNoException()
    {
        var exif = Exif(littleEndian: true, north: true, east: true);
        var path = Write("cut.jpg", Jpeg(exif[..30]));

        var (fields, warning) = ImageExif.Read(path, "jpeg");

        Assert.NotNull(warning);
        Assert.StartsWith("EXIF", warning, StringComparison.Ordinal);
        Assert.False(fields.ContainsKey("gps"));
    }

    private string Write(string name, byte[] bytes)
    {
        var path = Path.Combine(_dir.Path, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    /// <summary>A real JPEG (rendered by pdftoppm) with an APP1 <c>Exif\0\0</c> segment holding <paramref name="tiff"/> right after its SOI marker.</summary>
    private byte[] Jpeg(byte[] tiff)
    {
        var jpeg = File.ReadAllBytes(TestScans.Render(_dir.Path, "base", "Hello", 50, "jpeg"));
        var segment = new List<byte> { 0xFF, 0xE1 };
        var length = 2 + 6 + tiff.Length;
        segment.Add((byte)(length >> 8));
        segment.Add((byte)length);
        segment.AddRange("Exif\0\0"u8.ToArray());
        segment.AddRange(tiff);
        return [.. jpeg[..2], .. segment, .. jpeg[2..]];
    }

    /// <summary>The PNG with an <c>eXIf</c> chunk (PNG 1.5 extension) before its first IDAT.</summary>
    private static byte[] PngWithExif(byte[] png, byte[] tiff)
    {
        var idat = IndexOf(png, "IDAT"u8.ToArray()) - 4;
        byte[] type = "eXIf"u8.ToArray();
        var chunk = new List<byte>();
        chunk.AddRange(U32(false, (uint)tiff.Length));
        chunk.AddRange(type);
        chunk.AddRange(tiff);
        chunk.AddRange(U32(false, Crc32([.. type, .. tiff])));
        return [.. png[..idat], .. chunk, .. png[idat..]];
    }

    /// <summary>
    /// A TIFF-structured EXIF block: IFD0 (Make Canon, Model "Canon EOS 5D", Orientation 6, pointers), the Exif
    /// sub-IFD (DateTimeOriginal 2022:01:20 14:03:11, OffsetTimeOriginal +03:00) and the GPS IFD
    /// (36° 11′ 28″, 44° 0′ 33″ with the given hemispheres).
    /// </summary>
    private static byte[] Exif(bool littleEndian, bool north, bool east)
    {
        var le = littleEndian;
        (ushort Tag, ushort Type, uint Count, byte[] Value)[] ifd0 =
        [
            (0x010F, Ascii, 6, "Canon\0"u8.ToArray()),
            (0x0110, Ascii, 13, "Canon EOS 5D\0"u8.ToArray()),
            (0x0112, Short, 1, U16(le, 6)),
            (0x8769, Long, 1, U32(le, 0)),
            (0x8825, Long, 1, U32(le, 0)),
        ];
        (ushort Tag, ushort Type, uint Count, byte[] Value)[] exif =
        [
            (0x9003, Ascii, 20, "2022:01:20 14:03:11\0"u8.ToArray()),
            (0x9011, Ascii, 7, "+03:00\0"u8.ToArray()),
        ];
        (ushort Tag, ushort Type, uint Count, byte[] Value)[] gps =
        [
            (0x0001, Ascii, 2, Encoding.ASCII.GetBytes(north ? "N\0" : "S\0")),
            (0x0002, Rational, 3, [.. U32(le, 36), .. U32(le, 1), .. U32(le, 11), .. U32(le, 1), .. U32(le, 28), .. U32(le, 1)]),
            (0x0003, Ascii, 2, Encoding.ASCII.GetBytes(east ? "E\0" : "W\0")),
            (0x0004, Rational, 3, [.. U32(le, 44), .. U32(le, 1), .. U32(le, 0), .. U32(le, 1), .. U32(le, 33), .. U32(le, 1)]),
        ];
        static int Size((ushort, ushort, uint, byte[] Value)[] entries) => 2 + (12 * entries.Length) + 4 + entries.Where(e => e.Value.Length > 4).Sum(e => (e.Value.Length + 1) & ~1);
        var exifOffset = 8 + Size(ifd0);
        var gpsOffset = exifOffset + Size(exif);
        ifd0[3].Value = U32(le, (uint)exifOffset);
        ifd0[4].Value = U32(le, (uint)gpsOffset);
        var tiff = new List<byte>(le ? "II"u8.ToArray() : "MM"u8.ToArray());
        tiff.AddRange(U16(le, 42));
        tiff.AddRange(U32(le, 8));
        Ifd(tiff, le, ifd0);
        Ifd(tiff, le, exif);
        Ifd(tiff, le, gps);
        return [.. tiff];
    }

    /// <summary>Writes one IFD at the end of <paramref name="tiff"/>, its values over four bytes right after it.</summary>
    private static void Ifd(List<byte> tiff, bool le, (ushort Tag, ushort Type, uint Count, byte[] Value)[] entries)
    {
        var data = tiff.Count + 2 + (12 * entries.Length) + 4;
        var values = new List<byte>();
        tiff.AddRange(U16(le, (ushort)entries.Length));
        foreach (var (tag, type, count, value) in entries)
        {
            if (value.Length > 4)
            {
                tiff.AddRange(Entry(le, tag, type, count, U32(le, (uint)(data + values.Count))));
                values.AddRange(value);
                if (value.Length % 2 == 1)
                {
                    values.Add(0);
                }
            }
            else
            {
                tiff.AddRange(Entry(le, tag, type, count, [.. value, .. new byte[4 - value.Length]]));
            }
        }

        tiff.AddRange(U32(le, 0));
        tiff.AddRange(values);
    }

    private static byte[] Entry(bool le, ushort tag, ushort type, uint count, byte[] valueOrOffset) =>
        [.. U16(le, tag), .. U16(le, type), .. U32(le, count), .. valueOrOffset];

    private static byte[] U16(bool le, ushort value) => le ? [(byte)value, (byte)(value >> 8)] : [(byte)(value >> 8), (byte)value];

    private static byte[] U32(bool le, uint value)
    {
        byte[] big = [(byte)(value >> 24), (byte)(value >> 16), (byte)(value >> 8), (byte)value];
        return le ? [.. big.Reverse()] : big;
    }

    private static int IndexOf(byte[] haystack, byte[] needle)
    {
        for (var i = 0; i + needle.Length <= haystack.Length; i++)
        {
            if (haystack.AsSpan(i, needle.Length).SequenceEqual(needle))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>CRC-32 as PNG chunks use it (ISO 3309, polynomial 0xEDB88320, reflected).</summary>
    private static uint Crc32(byte[] bytes)
    {
        var crc = 0xFFFF_FFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? 0xEDB8_8320u ^ (crc >> 1) : crc >> 1;
            }
        }

        return crc ^ 0xFFFF_FFFFu;
    }
}
