using Archive.Core.Ingestion.Layout;
using Archive.Core.Pages;
using Archive.Core.Tests.Ingestion;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Archive.Core.Tests.Pages;

/// <summary>Pages of PDFs (real pdftoppm) and images (PNG, JPEG, TIFF) drawn to PNG, within their bounds.</summary>
public sealed class PageRendererTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly PageRenderer _renderer = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void PageSizes_TwoPagePdf_LetterPagesInPoints()
    {
        var pdf = _dir.Write("two.pdf", TestScans.Pdf(["First page", "Second page"], 72));

        var sizes = _renderer.PageSizes(pdf, "application/pdf", CancellationToken.None);

        Assert.Equal([(612d, 792d), (612d, 792d)], sizes);
    }

    [Theory]
    [InlineData("png")]
    [InlineData("jpeg")]
    [InlineData("tiff")]
    public void Page_Image_ScaledToTheWidthAsked(string format)
    {
        var path = TestScans.Render(_dir.Path, "scan-" + format, "The committee met in Baghdad on Tuesday", 100, format);
        var size = Assert.Single(_renderer.PageSizes(path, "image/" + format, CancellationToken.None));

        var image = _renderer.Page(path, "image/" + format, 1, size, 425, CancellationToken.None);

        Assert.Equal((425, 550), (image.Width, image.Height)); // letter at 100 dpi: 850 × 1100
        using var decoded = Image.Load<Rgb24>(image.Png);
        Assert.Equal((425, 550), (decoded.Width, decoded.Height));
    }

    [Fact]
    public void Page_SecondPageOfATiff_IsDrawn()
    {
        var path = _dir.Write("two.tif", TestScans.BlankTiff(2, 300, 200));
        var sizes = _renderer.PageSizes(path, "image/tiff", CancellationToken.None);

        var image = _renderer.Page(path, "image/tiff", 2, sizes[1], 150, CancellationToken.None);

        Assert.Equal((150, 100), (image.Width, image.Height));
    }

    [Fact]
    public void Page_WidthOverTheCap_NoSidePassesMaxSide()
    {
        var pdf = _dir.Write("tall.pdf", TestScans.Pdf(["Tall page"], 72));

        var image = _renderer.Page(pdf, "application/pdf", 1, (612, 792), 5000, CancellationToken.None);

        Assert.True(image.Width <= PageRenderer.MaxSide && image.Height <= PageRenderer.MaxSide, $"{image.Width} × {image.Height}");
        Assert.InRange(image.Height, PageRenderer.MaxSide - 2, PageRenderer.MaxSide);
    }

    [Fact]
    public void Region_PdfWords_CropsThatPartAtTheScale()
    {
        var pdf = _dir.Write("words.pdf", TestScans.Pdf(["Words on a line"], 72));

        var image = _renderer.Region(pdf, "application/pdf", 1, (612, 792), new LayoutBox(72, 60, 372, 110), 2, CancellationToken.None);

        Assert.Equal((600, 100), (image.Width, image.Height));
        using var decoded = Image.Load<Rgb24>(image.Png);
        // Black text is drawn in the crop: some pixel is dark.
        var dark = false;
        decoded.ProcessPixelRows(rows =>
        {
            for (var y = 0; y < rows.Height && !dark; y++)
            {
                foreach (var pixel in rows.GetRowSpan(y))
                {
                    dark |= pixel.R < 100;
                }
            }
        });
        Assert.True(dark, "the crop has the words' dark pixels");
    }

    [Fact]
    public void Page_DecompressionBombHeader_RefusedBeforeDecoding()
    {
        var path = _dir.Write("bomb.png", TestScans.PngHeaderOnly(30_000, 30_000));

        var error = Assert.Throws<ArchiveException>(() => _renderer.Page(path, "image/png", 1, (30_000, 30_000), 1000, CancellationToken.None));

        Assert.Equal(ArchiveErrorKind.Unreadable, error.Kind);
        Assert.Contains("900,000,000 pixels, over the limit of 100,000,000", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Page_CorruptPdf_UnreadableNamingThePage()
    {
        var path = _dir.Write("broken.pdf", "%PDF-1.4\nthis is not a PDF body\n"u8.ToArray());

        var error = Assert.Throws<ArchiveException>(() => _renderer.Page(path, "application/pdf", 1, (612, 792), 300, CancellationToken.None));

        Assert.Equal(ArchiveErrorKind.Unreadable, error.Kind);
        Assert.StartsWith("page 1 could not be rendered: pdftoppm", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Page_TruncatedPng_UnreadableNotACrash()
    {
        var whole = File.ReadAllBytes(TestScans.Render(_dir.Path, "cut", "Cut short", 72, "png"));
        var path = _dir.Write("cut.png", whole[..(whole.Length / 2)]);

        var error = Assert.Throws<ArchiveException>(() => _renderer.Page(path, "image/png", 1, (612, 792), 300, CancellationToken.None));

        Assert.Equal(ArchiveErrorKind.Unreadable, error.Kind);
    }
}
