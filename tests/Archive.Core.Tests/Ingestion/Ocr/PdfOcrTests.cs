using Archive.Core.Ingestion;
using Archive.Core.Ingestion.Ocr;

namespace Archive.Core.Tests.Ingestion.Ocr;

/// <summary>Scanned and mixed PDFs through <see cref="PdfExtractor"/>, with real poppler and Tesseract.</summary>
public sealed class PdfOcrTests : IDisposable
{
    private const string TextLayer = "Born digital page with its own text layer";
    private const string Scanned = "The committee met in Baghdad on Tuesday";
    private const int Dpi = 150;

    private readonly TempDirectory _dir = new();
    private readonly PdfExtractor _extractor = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Extract_ScannedPage_IsOcredWithItsBoxInPoints()
    {
        var path = _dir.Write("scan.pdf", TestScans.Pdf([Scan(Scanned)], Dpi));

        var doc = _extractor.Extract(path, new OcrOptions(OcrMode.Auto, "eng"), null, null, CancellationToken.None);

        Assert.Equal(Scanned + "\n", doc.Text);
        Assert.Equal(PdfExtractor.OcrName, doc.Extractor.Name);
        Assert.Contains(";ocr=auto;ocr-pages=1;raster=pdftoppm-gray-png;dpi=300;lang=eng;lang-from=option;psm=1;", doc.Extractor.Settings, StringComparison.Ordinal);
        Assert.Null(doc.Note);
        var page = Assert.Single(doc.Layout!.Pages);
        Assert.Equal(("pt", "ocr"), (page.Unit, page.Source));
        Assert.Equal(612, page.Width, 0.5);
        // MinimalPdf draws at x = 72 pt; the scan keeps it there.
        Assert.InRange(doc.Layout.Words[0].Box.X0, 68, 76);
    }

    [Fact]
    public void Extract_MixedPdf_KeepsTheTextLayerAndOcrsTheScan()
    {
        var path = _dir.Write("mixed.pdf", TestScans.Pdf([TextLayer, Scan(Scanned), ""], Dpi));

        var doc = _extractor.Extract(path, new OcrOptions(OcrMode.Auto, "eng"), null, null, CancellationToken.None);

        Assert.Equal(3, doc.PageStarts.Count);
        Assert.Equal(TextLayer, doc.Text[..doc.PageStarts[1]].Trim());
        Assert.Equal(Scanned + "\n", doc.Text[doc.PageStarts[1]..doc.PageStarts[2]]);
        Assert.Contains(";ocr-pages=2;", doc.Extractor.Settings, StringComparison.Ordinal);
        Assert.Equal(["text-layer", "ocr", "text-layer"], doc.Layout!.Pages.Select(p => p.Source));
        Assert.Equal(TextLayer.Split(' ').Concat(Scanned.Split(' ')), doc.Layout.Words.Select(w => doc.Text[w.Start..w.End]));
        Assert.Equal(Enumerable.Repeat(1, 8).Concat(Enumerable.Repeat(2, 7)), doc.Layout.Words.Select(w => w.Page));
    }

    [Fact]
    public void Extract_ScannedPageOcrNever_NoTextWithANote()
    {
        var path = _dir.Write("scan.pdf", TestScans.Pdf([Scan(Scanned)], Dpi));

        var doc = _extractor.Extract(path, new OcrOptions(OcrMode.Never), null, null, CancellationToken.None);

        Assert.Equal(string.Empty, doc.Text);
        Assert.Equal("no text: the PDF has no text layer and OCR is off (--ocr never)", doc.Note);
        Assert.Equal(PdfExtractor.Name, doc.Extractor.Name);
        Assert.EndsWith(";ocr=never", doc.Extractor.Settings, StringComparison.Ordinal);
    }

    [Fact]
    public void Extract_MixedPdfOcrNever_NamesThePagesLeftWithoutText()
    {
        var path = _dir.Write("mixed.pdf", TestScans.Pdf([TextLayer, Scan(Scanned)], Dpi));

        var doc = _extractor.Extract(path, new OcrOptions(OcrMode.Never), null, null, CancellationToken.None);

        Assert.Equal(TextLayer, doc.Text.Trim());
        Assert.Equal("page 2 without a text layer and OCR is off (--ocr never)", doc.Note);
    }

    [Fact]
    public void Extract_BlankPageWithoutImage_IsNotOcred()
    {
        var path = _dir.Write("blank.pdf", TestScans.Pdf([TextLayer, ""], Dpi));

        var doc = _extractor.Extract(path, new OcrOptions(OcrMode.Auto, "eng"), null, null, CancellationToken.None);

        Assert.Equal(PdfExtractor.Name, doc.Extractor.Name);
        Assert.Equal(PdfExtractor.Settings, doc.Extractor.Settings);
    }

    [Fact]
    public void Extract_OcrAlways_ReadsTheTextLayerPageFromPixelsToo()
    {
        var path = _dir.Write("text.pdf", TestScans.Pdf([TextLayer], Dpi));

        var doc = _extractor.Extract(path, new OcrOptions(OcrMode.Always, "eng"), null, null, CancellationToken.None);

        Assert.Equal(TextLayer + "\n", doc.Text);
        Assert.Contains(";ocr=always;ocr-pages=1;", doc.Extractor.Settings, StringComparison.Ordinal);
    }

    [Fact]
    public void Extract_CancelledAfterTheFirstScannedPage_StopsBeforeTheNext()
    {
        var scan = Scan(Scanned);
        var path = _dir.Write("three.pdf", TestScans.Pdf([scan, scan, scan], Dpi));
        using var cts = new CancellationTokenSource();
        var seen = new List<OcrProgress>();
        var progress = new SynchronousProgress(p =>
        {
            seen.Add(p);
            cts.Cancel();
        });

        Assert.ThrowsAny<OperationCanceledException>(() => _extractor.Extract(path, new OcrOptions(OcrMode.Auto, "eng"), null, progress, cts.Token));

        Assert.Equal([new OcrProgress(1, 3)], seen);
    }

    [Fact]
    public void Extract_CorruptPdf_RefusedWithAReason()
    {
        var path = _dir.Write("corrupt.pdf", "%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\ngarbage without pages\n%%EOF\n"u8.ToArray());

        var ex = Assert.Throws<ArchiveException>(() => _extractor.Extract(path, OcrOptions.Default, null, null, CancellationToken.None));

        Assert.Equal(ArchiveErrorKind.Unreadable, ex.Kind);
        Assert.DoesNotContain('\n', ex.Message);
    }

    [Fact]
    public void Extract_EncryptedScannedPdf_RefusedAsEncryptedBeforeAnyOcr()
    {
        var plain = _dir.Write("plain.pdf", TestScans.Pdf([Scan(Scanned)], Dpi));
        var locked = Path.Combine(_dir.Path, "locked.pdf");
        using (var qpdf = System.Diagnostics.Process.Start("qpdf", ["--encrypt", "user-pw", "owner-pw", "256", "--", plain, locked])!)
        {
            qpdf.WaitForExit();
            Assert.Equal(0, qpdf.ExitCode);
        }

        // A Tesseract that does not exist: reaching OCR would fail with "not found" instead.
        var extractor = new PdfExtractor(tesseract: new Tesseract(Path.Combine(_dir.Path, "no-such-tesseract")));

        var ex = Assert.Throws<ArchiveException>(() => extractor.Extract(locked, OcrOptions.Default, null, null, CancellationToken.None));

        Assert.StartsWith("encrypted PDF", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Extract_PdfWithJavaScriptAndAnAttachment_ReadsOnlyThePageText()
    {
        // An open action that would write a file if any tool ran it, and an attachment whose words must not leak into the text.
        var marker = Path.Combine(_dir.Path, "javascript-ran");
        var javaScript = $"this.exportDataObject({{cName: 'attachment.txt', nLaunch: 2}}); app.launchURL('file://{marker}');";
        var path = _dir.Write("active.pdf", TestScans.Pdf([TextLayer], Dpi, javaScript, "Words only in the attachment"u8.ToArray()));
        Assert.Contains("No syntax or stream encoding errors found", Qpdf("--check", path), StringComparison.Ordinal);
        Assert.Contains("attachment.txt", Qpdf("--list-attachments", path), StringComparison.Ordinal);

        var doc = _extractor.Extract(path, new OcrOptions(OcrMode.Auto, "eng"), null, null, CancellationToken.None);

        Assert.Equal(TextLayer, doc.Text.Trim());
        Assert.Equal(PdfExtractor.Name, doc.Extractor.Name);
        Assert.False(File.Exists(marker));
    }

    [Fact]
    public void RasterDpi_HugePage_LoweredToThePixelLimit()
    {
        // A 200 × 200 inch page (14,400 pt) at 300 dpi would be 3.6 billion pixels.
        var dpi = PdfExtractor.RasterDpi(14_400, 14_400, 60_000_000);

        Assert.Equal(38, dpi);
        Assert.True((long)200 * dpi * 200 * dpi <= 60_000_000);
        Assert.Equal(300, PdfExtractor.RasterDpi(612, 792, 60_000_000));
    }

    [Theory]
    [InlineData("", true)]
    [InlineData("  12  \n", true)]
    [InlineData("Page 3 of 10\n", true)]
    [InlineData("A sentence with enough letters\n", false)]
    [InlineData("تقرير عن الهجوم على السجن\n", false)]
    public void IsSparse_CountsLettersAndDigits(string page, bool sparse) => Assert.Equal(sparse, PdfExtractor.IsSparse(page));

    private static string Qpdf(params string[] arguments)
    {
        using var qpdf = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("qpdf", arguments) { RedirectStandardOutput = true })!;
        var output = qpdf.StandardOutput.ReadToEnd();
        qpdf.WaitForExit();
        return output;
    }

    private FileInfo Scan(string text) => new(TestScans.Render(_dir.Path, "scan-" + Guid.NewGuid().ToString("N")[..8], text, Dpi, "pgm"));

    private sealed class SynchronousProgress(Action<OcrProgress> report) : IProgress<OcrProgress>
    {
        public void Report(OcrProgress value) => report(value);
    }
}
