using Archive.Core.Ingestion;
using Archive.Core.Ingestion.Ocr;

namespace Archive.Core.Tests.Ingestion.Ocr;

/// <summary>Real Tesseract runs on small pages rendered from known text.</summary>
public sealed class ImageExtractorTests : IDisposable
{
    private const string Sentence = "The committee met in Baghdad on Tuesday";

    private readonly TempDirectory _dir = new();
    private readonly ImageExtractor _png = new("image/png", "png", new Tesseract());

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData(180)]
    [InlineData(90)]
    public void Extract_PageScannedUpsideDownOrOnItsSide_IsTurnedAndRead(int rotate)
    {
        string[] lines =
        [
            "Detainees were moved from the Ghwayran prison in Hasakah",
            "on the night of the attack, after a car bomb at the gates.",
            "Several hundred fighters escaped from the facility that week,",
            "and the coalition said the search for them would continue.",
            "Families in nearby districts left their homes for the city.",
        ];
        var path = TestScans.Render(_dir.Path, $"turned-{rotate}", string.Join('\n', lines), 150, "png", rotate);

        var doc = _png.Extract(path, new OcrOptions(OcrMode.Auto, "eng"), null, null, CancellationToken.None);

        // OCR may split a word or a paragraph here and there; read upside down without turning, almost none came out.
        var read = doc.Text.Split([' ', '\n'], StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
        var words = string.Join(' ', lines).Split(' ');
        Assert.True(words.Count(read.Contains) >= words.Length * 0.9, doc.Text);
        // The boxes are where the words are in the stored image: upside down, the first line is near its bottom.
        var page = Assert.Single(doc.Layout!.Pages);
        var first = doc.Layout.Words[0].Box;
        if (rotate == 180)
        {
            Assert.True(first.Y0 > page.Height / 2, $"first word at y {first.Y0} of {page.Height}");
        }
    }

    [Fact]
    public void Extract_RenderedEnglishPng_ReadsTheWordsWithBoxes()
    {
        var path = TestScans.Render(_dir.Path, "page", Sentence, 150, "png");

        var doc = _png.Extract(path, new OcrOptions(OcrMode.Auto, "eng"), null, null, CancellationToken.None);

        Assert.Equal(Sentence + "\n", doc.Text);
        Assert.Equal([0], doc.PageStarts);
        Assert.Equal(ImageExtractor.Name, doc.Extractor.Name);
        Assert.Matches(@"^\d+\.\d+", doc.Extractor.Version);
        Assert.StartsWith("lang=eng;lang-from=option;psm=1;oem=1;", doc.Extractor.Settings, StringComparison.Ordinal);
        var layout = doc.Layout!;
        var page = Assert.Single(layout.Pages);
        Assert.Equal((1275d, 1650d, "px", "ocr"), (page.Width, page.Height, page.Unit, page.Source));
        Assert.Equal(Sentence.Split(' '), layout.Words.Select(w => doc.Text[w.Start..w.End]));
        // The text is drawn at 72 pt from the left and 92 pt from the top (MinimalPdf), 18 pt high: at 150 dpi,
        // x from 150 px, the baseline near 191 px.
        var first = layout.Words[0].Box;
        Assert.InRange(first.X0, 140, 160);
        Assert.InRange(first.Y1, 180, 200);
        Assert.True(layout.Words.Zip(layout.Words.Skip(1)).All(p => p.First.Box.X1 < p.Second.Box.X0), "words run left to right");
    }

    [Fact]
    public void Extract_LanguageFromMetadata_RecordsTheMappedLanguages()
    {
        var path = TestScans.Render(_dir.Path, "page", Sentence, 150, "png");

        var doc = _png.Extract(path, OcrOptions.Default, "ar-IQ", null, CancellationToken.None);

        Assert.StartsWith("lang=ara+eng;lang-from=metadata;", doc.Extractor.Settings, StringComparison.Ordinal);
    }

    [Fact]
    public void Extract_NoLanguageGiven_TesseractsScriptDetectionPicks()
    {
        var path = TestScans.Render(_dir.Path, "page", "The committee met in Baghdad on Tuesday and Wednesday to discuss the release of detainees", 150, "png");

        var doc = _png.Extract(path, OcrOptions.Default, null, null, CancellationToken.None);

        Assert.StartsWith("lang=eng;lang-from=script:Latin;", doc.Extractor.Settings, StringComparison.Ordinal);
    }

    [Fact]
    public void Extract_Png30000Square_RefusedBeforeAnyDecoder()
    {
        // The Tesseract given does not exist: were the image handed to it, the error would say "not found".
        var extractor = new ImageExtractor("image/png", "png", new Tesseract(Path.Combine(_dir.Path, "no-such-tesseract")));
        var path = _dir.Write("bomb.png", TestScans.PngHeaderOnly(30_000, 30_000));

        var ex = Assert.Throws<ArchiveException>(() => extractor.Extract(path, OcrOptions.Default, null, null, CancellationToken.None));

        Assert.Equal(ArchiveErrorKind.Unreadable, ex.Kind);
        Assert.Equal("the image is 30000 × 30000 pixels, over the limit of 60,000,000 pixels a page; scale it down or split it", ex.Message);
    }

    [Fact]
    public void Extract_TruncatedJpeg_Refused()
    {
        var whole = File.ReadAllBytes(TestScans.Render(_dir.Path, "page", Sentence, 100, "jpeg"));
        var path = _dir.Write("cut.jpg", whole[..(whole.Length / 2)]);
        var jpeg = new ImageExtractor("image/jpeg", "jpeg", new Tesseract());

        var ex = Assert.Throws<ArchiveException>(() => jpeg.Extract(path, OcrOptions.Default, null, null, CancellationToken.None));

        Assert.StartsWith("truncated JPEG", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Extract_OcrNever_ReturnsNoTextWithANote()
    {
        var path = TestScans.Render(_dir.Path, "page", Sentence, 100, "png");

        var doc = _png.Extract(path, new OcrOptions(OcrMode.Never), null, null, CancellationToken.None);

        Assert.Equal(string.Empty, doc.Text);
        Assert.Equal("no text: an image, and OCR is off (--ocr never)", doc.Note);
        Assert.Equal("ocr=never;format=png", doc.Extractor.Settings);
    }

    [Fact]
    public void Extract_TiffWithFiftyPages_MakesFiftyPages()
    {
        var path = _dir.Write("fifty.tif", TestScans.BlankTiff(50, 64, 48));
        var tiff = new ImageExtractor("image/tiff", "tiff", new Tesseract());

        var doc = tiff.Extract(path, new OcrOptions(OcrMode.Auto, "eng"), null, null, CancellationToken.None);

        Assert.Equal(50, doc.PageStarts.Count);
        Assert.Equal(50, doc.Layout!.Pages.Count);
        Assert.Equal("no text: OCR found no words in the image", doc.Note);
    }

    [Fact]
    public void Extract_MultiPageTiffWithoutLanguage_TakesTheDefaultsWithoutDetection()
    {
        var path = _dir.Write("three.tif", TestScans.BlankTiff(3, 64, 48));
        var tiff = new ImageExtractor("image/tiff", "tiff", new Tesseract());

        var doc = tiff.Extract(path, OcrOptions.Default, null, null, CancellationToken.None);

        Assert.StartsWith($"lang={OcrOptions.DefaultLanguages};lang-from=default;", doc.Extractor.Settings, StringComparison.Ordinal);
    }

    [Fact]
    public void Extract_TiffOverThePageLimit_Refused()
    {
        var path = _dir.Write("fifty.tif", TestScans.BlankTiff(50, 64, 48));
        var tiff = new ImageExtractor("image/tiff", "tiff", new Tesseract());

        var ex = Assert.Throws<ArchiveException>(() => tiff.Extract(path, OcrOptions.Default with { MaxPages = 20 }, null, null, CancellationToken.None));

        Assert.Equal("the TIFF has more than 20 pages; split it into smaller files", ex.Message);
    }

    [Fact]
    public void Extract_PageTimeTooShort_StopsTesseractAndSaysSo()
    {
        var path = TestScans.Render(_dir.Path, "page", Sentence, 150, "png");
        var options = new OcrOptions(OcrMode.Auto, "eng") { PageTimeout = TimeSpan.FromMilliseconds(1) };

        var ex = Assert.Throws<ArchiveException>(() => _png.Extract(path, options, null, null, CancellationToken.None));

        Assert.StartsWith("tesseract timed out after", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Extract_Cancelled_ThrowsOperationCanceled()
    {
        var path = TestScans.Render(_dir.Path, "page", Sentence, 100, "png");
        using var cts = new CancellationTokenSource();
        cts.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() => _png.Extract(path, new OcrOptions(OcrMode.Auto, "eng"), null, null, cts.Token));
    }

    [Fact]
    public void Extract_LanguageNotInstalled_NamesThePackage()
    {
        var path = TestScans.Render(_dir.Path, "page", Sentence, 100, "png");

        var ex = Assert.Throws<ArchiveException>(() => _png.Extract(path, new OcrOptions(OcrMode.Auto, "xyz+eng"), null, null, CancellationToken.None));

        Assert.StartsWith("no Tesseract data for xyz: install tesseract-ocr-xyz (installed: ", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Extract_TesseractMissing_ThrowsInstallHint()
    {
        var path = TestScans.Render(_dir.Path, "page", Sentence, 100, "png");
        var extractor = new ImageExtractor("image/png", "png", new Tesseract(Path.Combine(_dir.Path, "no-such-dir", "tesseract")));

        var ex = Assert.Throws<ArchiveException>(() => extractor.Extract(path, OcrOptions.Default, null, null, CancellationToken.None));

        Assert.Equal("tesseract not found: install tesseract-ocr", ex.Message);
    }
}
