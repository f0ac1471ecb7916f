using Archive.Core.Ingestion;
using Archive.Core.Ingestion.Layout;
using Archive.Core.Ingestion.Ocr;
using Archive.Core.Metadata;
using Archive.Core.Pages;
using Archive.Core.Tests.Ingestion;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Metadata.Profiles.Exif;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace Archive.Core.Tests.Pages;

/// <summary>
/// Photos stored on their side with an EXIF orientation: the page is drawn as a viewer shows it, and the OCR word
/// boxes (read by Tesseract on the stored pixels) land on the words of that drawing.
/// </summary>
public sealed class PixelOrientationTests : IDisposable
{
    private const string Sentence = "The committee met in Baghdad on Tuesday";

    private readonly TempArchive _archive = new();
    private readonly TempDirectory _dir = new();

    public void Dispose()
    {
        _archive.Dispose();
        _dir.Dispose();
    }

    /// <summary>The turning rule against ImageSharp's own AutoOrient, for each orientation: one marked pixel of a 5 × 3 image.</summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(7)]
    [InlineData(8)]
    public void Point_EachOrientation_WhereImageSharpsAutoOrientPutsThePixel(int orientation)
    {
        using var image = new Image<Rgb24>(5, 3, new Rgb24(255, 255, 255));
        image[3, 1] = new Rgb24(255, 0, 0);
        image.Metadata.ExifProfile = new ExifProfile();
        image.Metadata.ExifProfile.SetValue(ExifTag.Orientation, (ushort)orientation);

        image.Mutate(c => c.AutoOrient());

        var (x, y) = PixelOrientation.Point(orientation, 3.5, 1.5, 5, 3);
        Assert.Equal(PixelOrientation.Size(orientation, 5, 3), (image.Width, image.Height));
        Assert.Equal(new Rgb24(255, 0, 0), image[(int)Math.Floor(x), (int)Math.Floor(y)]);
    }

    [Theory]
    [InlineData(90, 8)]
    [InlineData(270, 6)]
    [InlineData(180, 3)]
    public void Ingest_PhotoStoredTurnedWithItsOrientation_PageDrawnUprightWithTheBoxOnTheWords(int turned, int orientation)
    {
        // The page turned as a phone stores it, and the EXIF orientation that turns it back.
        var stored = TestScans.Render(_dir.Path, "turned", Sentence, 100, "jpeg", rotate: turned);
        var path = _archive.WriteInput("photo.jpg", WithOrientation(File.ReadAllBytes(stored), orientation));

        var outcome = Assert.Single(_archive.Services.Ingestor.Ingest(
            new IngestRequest([path], new Dictionary<string, FieldValue>(), "test-agent") { Ocr = new OcrOptions(OcrMode.Auto, "eng") }, null, CancellationToken.None));

        Assert.Equal(IngestStatus.Ingested, outcome.Status);
        var capture = _archive.Reader.Show(outcome.CaptureId!.Value)!.Capture;
        var text = _archive.Reader.ReadText(capture);
        Assert.Equal(Sentence + "\n", text);
        var described = _archive.Services.Pages.Describe(capture, 0, "The committee".Length, CancellationToken.None);
        var pages = described.Pages!;
        // Letter at 100 dpi, upright: 850 × 1100, whatever the stored pixels' turn.
        Assert.Equal((850d, 1100d), (pages.Pages[0].Width, pages.Pages[0].Height));
        var passage = pages.Passage!;
        Assert.Equal((850d, 1100d), (passage.PageWidth, passage.PageHeight));
        var box = passage.Box!;
        // The text is drawn from 72 pt left and 92 pt down: 100 px and 128 px at 100 dpi, its baseline lower.
        Assert.InRange(box.X0, 85, 115);
        Assert.InRange(box.Y0, 95, 135);
        Assert.InRange(box.X1, 200, 400);

        var drawn = _archive.Services.Pages.Render(capture, 1, 425, CancellationToken.None).Image!;
        using var page = Image.Load<Rgb24>(drawn.Png);
        Assert.Equal((425, 550), (page.Width, page.Height));
        // Ink inside the box (at half scale), none in a band of the same size far below it.
        Assert.InRange(Ink(page, box.X0 / 2, box.Y0 / 2, box.X1 / 2, box.Y1 / 2), 0.08, 1);
        Assert.InRange(Ink(page, box.X0 / 2, 400, box.X1 / 2, 400 + ((box.Y1 - box.Y0) / 2)), 0, 0.005);
    }

    /// <summary>
    /// A text OCR read from the stored pixels (before OCR read images upright) has its boxes there: shown, they are
    /// turned with the page. One read upright says so in its settings and is left as it is.
    /// </summary>
    [Fact]
    public void Turn_LayoutOfStoredPixels_PagesAndBoxesAsSeen()
    {
        // A letter page stored turned a quarter clockwise (1100 × 850), its first word near the stored top-right.
        var stored = new TextLayout(null, [new LayoutPage(1, 1100, 850, "px", "ocr")], [new LayoutWord(0, 3, 1, 1, new LayoutBox(960, 100, 990, 150))]);

        var seen = PixelOrientation.Turn(8, stored);

        Assert.Equal((850d, 1100d), (seen.Pages[0].Width, seen.Pages[0].Height));
        Assert.Equal(new LayoutBox(100, 110, 150, 140), seen.Words[0].Box);
        Assert.False(PixelOrientation.ReadUpright("lang=eng;psm=1;format=jpeg;pages=1"));
        Assert.True(PixelOrientation.ReadUpright("lang=eng;psm=1;format=jpeg;pages=1;" + PixelOrientation.Setting(8)));
    }

    [Fact]
    public void PageSizes_OrientationOnAPngOrNone_TurnedOnlyWhenItSaysSo()
    {
        var png = TestScans.Render(_dir.Path, "plain", Sentence, 100, "png");
        var renderer = new PageRenderer();

        Assert.Equal([(850d, 1100d)], renderer.PageSizes(png, "image/png", CancellationToken.None));
        var jpeg = _dir.Write("quarter.jpg", WithOrientation(File.ReadAllBytes(TestScans.Render(_dir.Path, "q", Sentence, 100, "jpeg")), 6));
        Assert.Equal([(1100d, 850d)], renderer.PageSizes(jpeg, "image/jpeg", CancellationToken.None));
        var upright = _dir.Write("upright.jpg", WithOrientation(File.ReadAllBytes(TestScans.Render(_dir.Path, "u", Sentence, 100, "jpeg")), 1));
        Assert.Equal([(850d, 1100d)], renderer.PageSizes(upright, "image/jpeg", CancellationToken.None));
    }

    /// <summary>The share of dark pixels in a rectangle of <paramref name="image"/>.</summary>
    private static double Ink(Image<Rgb24> image, double x0, double y0, double x1, double y1)
    {
        int dark = 0, all = 0;
        for (var y = (int)y0; y < (int)Math.Ceiling(y1); y++)
        {
            for (var x = (int)x0; x < (int)Math.Ceiling(x1); x++)
            {
                all++;
                var p = image[x, y];
                if (p.R + p.G + p.B < 3 * 128)
                {
                    dark++;
                }
            }
        }

        return all == 0 ? 0 : (double)dark / all;
    }

    /// <summary>A JPEG with an APP1 EXIF segment whose IFD0 holds only the orientation (TIFF 6.0, little-endian).</summary>
    private static byte[] WithOrientation(byte[] jpeg, int orientation)
    {
        byte[] tiff =
        [
            (byte)'I', (byte)'I', 42, 0, 8, 0, 0, 0, // header, IFD0 at 8
            1, 0, // one entry
            0x12, 0x01, 3, 0, 1, 0, 0, 0, (byte)orientation, 0, 0, 0, // Orientation, SHORT, 1, value
            0, 0, 0, 0, // no next IFD
        ];
        var length = 2 + 6 + tiff.Length;
        byte[] segment = [0xFF, 0xE1, (byte)(length >> 8), (byte)length, .. "Exif\0\0"u8.ToArray(), .. tiff];
        return [.. jpeg[..2], .. segment, .. jpeg[2..]];
    }
}
