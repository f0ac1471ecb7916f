using System.Text.Json.Nodes;
using Archive.Core.Ingestion;
using Archive.Core.Ingestion.Layout;
using Archive.Core.Ingestion.Ocr;
using Archive.Core.Metadata;
using Archive.Core.Provenance;
using Archive.Core.Storage;

namespace Archive.Core.Tests.Ingestion.Layout;

public sealed class PassageLocatorTests : IDisposable
{
    private readonly TempArchive _archive = new();
    private readonly TempDirectory _dir = new();

    public void Dispose()
    {
        _archive.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public void Locate_WordOnSecondPageOfBornDigitalPdf_ReturnsPageTwoAndItsBoxInPoints()
    {
        var (id, text) = IngestPdf(["First page words", "Second page words"]);
        var start = text.IndexOf("Second", StringComparison.Ordinal); // ASCII: UTF-16 index = code points

        var location = _archive.Services.Locator.Locate(id, null, start, start + "Second".Length, CancellationToken.None)!;

        Assert.Equal((2, "pt", 612d, 792d), (location.Page, location.Unit, location.PageWidth, location.PageHeight));
        var box = location.Box!.Value;
        // MinimalPdf draws 18 pt Helvetica from x = 72 pt on a baseline 700 pt up (92 pt from the top).
        Assert.InRange(box.X0, 71, 73);
        Assert.InRange(box.Y0, 70, 80);
        Assert.InRange(box.Y1, 88, 98);
        Assert.InRange(box.Width, 40, 80);
    }

    [Fact]
    public void Locate_RangeAcrossPages_StartsOnTheFirstAndListsALineOnEach()
    {
        var (id, text) = IngestPdf(["First page words", "Second page words"]);
        var start = text.IndexOf("words", StringComparison.Ordinal);
        var end = text.IndexOf("page words", text.IndexOf("Second", StringComparison.Ordinal), StringComparison.Ordinal);

        var location = _archive.Services.Locator.Locate(id, null, start, end, CancellationToken.None)!;

        Assert.Equal(1, location.Page);
        Assert.Equal([1, 2], location.Lines.Select(l => l.Page));
        Assert.Equal(location.Box, location.Lines[0].Box);
    }

    [Fact]
    public void Locate_ByCatalogRow_SameAsById()
    {
        var (id, _) = IngestPdf(["First page words", "Second page words"]);
        var rowId = _archive.Reader.Show(id)!.Capture.RowId;

        var byRow = _archive.Services.Locator.Locate(rowId, 0, 5, CancellationToken.None)!;
        var byId = _archive.Services.Locator.Locate(id, null, 0, 5, CancellationToken.None)!;

        Assert.Equal((byId.Page, byId.Box), (byRow.Page, byRow.Box));
    }

    [Fact]
    public void Locate_WordInOcredImage_ReturnsItsTesseractBoxInPixels()
    {
        var png = TestScans.Render(_dir.Path, "letter", "The committee met in Baghdad on Tuesday", 150, "png");
        var path = _archive.WriteInput("letter.png", File.ReadAllBytes(png));
        var outcome = Assert.Single(_archive.Services.Ingestor.Ingest(
            new IngestRequest([path], new Dictionary<string, FieldValue>(), "test") { Ocr = new OcrOptions(OcrMode.Auto, "eng") }, null, CancellationToken.None));
        var detail = _archive.Reader.Show(outcome.CaptureId!.Value)!;
        var text = _archive.Reader.ReadText(detail.Capture);
        var start = text.IndexOf("Baghdad", StringComparison.Ordinal);

        var location = _archive.Services.Locator.Locate(outcome.CaptureId!.Value, detail.Capture.TextSha256, start, start + 7, CancellationToken.None)!;

        var layoutId = JsonNode.Parse(detail.Events.Single(e => e.Type == EventType.TextExtracted).Json)!["data"]!["layout"]!.GetValue<string>();
        var layout = TextLayout.Parse(File.ReadAllBytes(_archive.Services.Store.PathFor(Sha256Digest.Parse(layoutId))));
        Assert.Equal((1, "px"), (location.Page, location.Unit));
        Assert.Equal(layout.Words.Single(w => w.Start == start).Box, location.Box);
        Assert.True(location.Box!.Value.X0 > 150, "Baghdad is not the first word");
    }

    [Fact]
    public void FromTextLayer_BornDigitalPdf_RebuildsTheStoredLayout()
    {
        var (id, text) = IngestPdf(["First page words", "Second page words", "Third"]);
        var detail = _archive.Reader.Show(id)!;
        var layoutId = JsonNode.Parse(detail.Events.Single(e => e.Type == EventType.TextExtracted).Json)!["data"]!["layout"]!.GetValue<string>();
        var stored = TextLayout.Parse(File.ReadAllBytes(_archive.Services.Store.PathFor(Sha256Digest.Parse(layoutId))));

        var rebuilt = new PdfLayoutBuilder().FromTextLayer(_archive.Reader.OriginalPath(detail.Capture), text, detail.PageStarts, CancellationToken.None);

        Assert.Equal(7, stored.Words.Count);
        Assert.Equal(stored.ToJson(), (rebuilt with { TextSha256 = stored.TextSha256 }).ToJson());
    }

    [Fact]
    public void Locate_PlainTextCapture_ReturnsNull()
    {
        var path = _archive.WriteInput("note.txt", "A plain note without pages.\n");
        var outcome = Assert.Single(_archive.Ingest(path));

        Assert.Null(_archive.Services.Locator.Locate(outcome.CaptureId!.Value, null, 0, 5, CancellationToken.None));
    }

    [Fact]
    public void Locate_RangePastTheEnd_ThrowsInvalidInput()
    {
        var (id, text) = IngestPdf(["First page words"]);

        var ex = Assert.Throws<ArchiveException>(() => _archive.Services.Locator.Locate(id, null, 0, text.Length + 1, CancellationToken.None));

        Assert.Equal(ArchiveErrorKind.InvalidInput, ex.Kind);
    }

    [Fact]
    public void Locate_TextTheCaptureNeverHad_ThrowsNotFound()
    {
        var (id, _) = IngestPdf(["First page words"]);

        var ex = Assert.Throws<ArchiveException>(() => _archive.Services.Locator.Locate(id, "sha256:" + new string('0', 64), 0, 1, CancellationToken.None));

        Assert.Equal(ArchiveErrorKind.NotFound, ex.Kind);
    }

    [Fact]
    public void Find_RangeOfSpacesOnly_GivesThePageWithoutABox()
    {
        var layout = new TextLayout(null, [new LayoutPage(1, 100, 100, "px", "ocr"), new LayoutPage(2, 100, 100, "px", "ocr")],
            [new LayoutWord(0, 3, 1, 1, new LayoutBox(1, 1, 9, 5)), new LayoutWord(5, 8, 2, 2, new LayoutBox(2, 2, 8, 6))]);

        var location = PassageLocator.Find(layout, 3, 5)!;

        Assert.Equal((1, (LayoutBox?)null), (location.Page, location.Box));
        Assert.Empty(location.Lines);
    }

    private (CaptureId Id, string Text) IngestPdf(IReadOnlyList<string> pages)
    {
        var path = _archive.WriteInput("doc.pdf", MinimalPdf.Build(pages));
        var outcome = Assert.Single(_archive.Ingest(path));
        Assert.Equal(IngestStatus.Ingested, outcome.Status);
        var detail = _archive.Reader.Show(outcome.CaptureId!.Value)!;
        return (outcome.CaptureId!.Value, _archive.Reader.ReadText(detail.Capture));
    }
}
