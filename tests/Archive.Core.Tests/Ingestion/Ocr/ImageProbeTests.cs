using Archive.Core.Ingestion.Ocr;

namespace Archive.Core.Tests.Ingestion.Ocr;

public sealed class ImageProbeTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData("png")]
    [InlineData("jpeg")]
    [InlineData("tiff")]
    public void Read_RenderedPage_ReportsPopplersPixelSize(string format)
    {
        // A letter page (8.5 × 11 in) at 50 dpi is 425 × 550 pixels.
        var path = TestScans.Render(_dir.Path, "page", "Known words", 50, format);

        var header = ImageProbe.Read(path, 10);

        Assert.Equal(format, header.Format);
        Assert.Equal(new ImageSize(425, 550), Assert.Single(header.Pages));
    }

    [Fact]
    public void Read_Png30000Square_ReportsTheClaimedSizeWithoutDecoding()
    {
        var path = _dir.Write("bomb.png", TestScans.PngHeaderOnly(30_000, 30_000));

        var header = ImageProbe.Read(path, 10);

        Assert.Equal(900_000_000, Assert.Single(header.Pages).Pixels);
    }

    [Fact]
    public void Read_TruncatedJpeg_ThrowsTruncated()
    {
        var whole = File.ReadAllBytes(TestScans.Render(_dir.Path, "page", "Known words", 50, "jpeg"));
        var path = _dir.Write("cut.jpg", whole[..(whole.Length * 2 / 3)]);

        var ex = Assert.Throws<ArchiveException>(() => ImageProbe.Read(path, 10));

        Assert.Equal("truncated JPEG: the file ends before its end-of-image marker", ex.Message);
    }

    [Fact]
    public void Read_JpegCutInsideItsHeader_ThrowsTruncated()
    {
        var whole = File.ReadAllBytes(TestScans.Render(_dir.Path, "page", "Known words", 50, "jpeg"));
        var path = _dir.Write("cut.jpg", whole[..40]);

        var ex = Assert.Throws<ArchiveException>(() => ImageProbe.Read(path, 10));

        Assert.StartsWith("truncated JPEG", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_TruncatedPng_ThrowsTruncated()
    {
        var whole = File.ReadAllBytes(TestScans.Render(_dir.Path, "page", "Known words", 50, "png"));
        var path = _dir.Write("cut.png", whole[..(whole.Length / 2)]);

        var ex = Assert.Throws<ArchiveException>(() => ImageProbe.Read(path, 10));

        Assert.StartsWith("truncated PNG", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_TiffWithFiftyPages_ListsEveryPage()
    {
        var path = _dir.Write("fifty.tif", TestScans.BlankTiff(50, 40, 30));

        var header = ImageProbe.Read(path, 1000);

        Assert.Equal(50, header.Pages.Count);
        Assert.All(header.Pages, p => Assert.Equal(new ImageSize(40, 30), p));
    }

    [Fact]
    public void Read_TiffOverThePageLimit_Throws()
    {
        var path = _dir.Write("fifty.tif", TestScans.BlankTiff(50, 40, 30));

        var ex = Assert.Throws<ArchiveException>(() => ImageProbe.Read(path, 49));

        Assert.Equal("the TIFF has more than 49 pages; split it into smaller files", ex.Message);
    }

    [Fact]
    public void Read_LosslessWebpHeader_ReportsSize()
    {
        // RIFF, size, WEBP, "VP8L", chunk size, signature 0x2F, then (width − 1) and (height − 1) in 14 bits each.
        uint bits = (1200 - 1) | ((800 - 1) << 14);
        byte[] webp = [.. "RIFF"u8, 22, 0, 0, 0, .. "WEBPVP8L"u8, 10, 0, 0, 0, 0x2F, (byte)bits, (byte)(bits >> 8), (byte)(bits >> 16), (byte)(bits >> 24), 0, 0, 0, 0, 0];
        var path = _dir.Write("x.webp", webp);

        var header = ImageProbe.Read(path, 10);

        Assert.Equal(("webp", new ImageSize(1200, 800)), (header.Format, Assert.Single(header.Pages)));
    }

    [Fact]
    public void Read_NotAnImage_Throws()
    {
        var path = _dir.Write("x.png", "just text"u8.ToArray());

        var ex = Assert.Throws<ArchiveException>(() => ImageProbe.Read(path, 10));

        Assert.Equal("not a PNG, JPEG, TIFF or WebP image", ex.Message);
    }
}
