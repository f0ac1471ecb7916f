using System.Text.Json.Nodes;
using Archive.Core.Ingestion;
using Archive.Core.Ingestion.Layout;
using Archive.Core.Ingestion.Ocr;
using Archive.Core.Metadata;
using Archive.Core.Provenance;
using Archive.Core.Search;
using Archive.Core.Storage;

namespace Archive.Core.Tests.Ingestion.Ocr;

/// <summary>Images and scans through the whole ingest: text, layout blob, events, fixity.</summary>
public sealed class IngestOcrTests : IDisposable
{
    private const string Sentence = "The committee met in Baghdad on Tuesday";

    private readonly TempArchive _archive = new();
    private readonly TempDirectory _dir = new();

    public void Dispose()
    {
        _archive.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public void Ingest_RenderedPng_StoresTextAndLayoutNamedByTheEvent()
    {
        var path = _archive.WriteInput("letter.png", File.ReadAllBytes(TestScans.Render(_dir.Path, "letter", Sentence, 150, "png")));

        var outcome = Assert.Single(Ingest(new OcrOptions(OcrMode.Auto, "eng"), path));

        Assert.Equal(IngestStatus.Ingested, outcome.Status);
        Assert.Equal("image/png", outcome.MediaType);
        Assert.Null(outcome.Note);
        var detail = _archive.Reader.Show(outcome.CaptureId!.Value)!;
        Assert.Equal(Sentence + "\n", _archive.Reader.ReadText(detail.Capture));
        var extracted = JsonNode.Parse(detail.Events.Single(e => e.Type == EventType.TextExtracted).Json)!["data"]!;
        var layoutId = extracted["layout"]!.GetValue<string>();
        var layout = TextLayout.Parse(File.ReadAllBytes(_archive.Services.Store.PathFor(Sha256Digest.Parse(layoutId))));
        Assert.Equal(detail.Capture.TextSha256, layout.TextSha256);
        Assert.Equal(7, layout.Words.Count);
        Assert.Equal("tesseract", extracted["extractor"]!["name"]!.GetValue<string>());
        Assert.True(_archive.Services.Verifier.Verify("test-auditor", record: false, null, CancellationToken.None).IsOk);
    }

    [Fact]
    public void Ingest_LayoutBlobEdited_VerifyReportsIt()
    {
        var path = _archive.WriteInput("letter.png", File.ReadAllBytes(TestScans.Render(_dir.Path, "letter", Sentence, 100, "png")));
        var outcome = Assert.Single(Ingest(new OcrOptions(OcrMode.Auto, "eng"), path));
        var extracted = JsonNode.Parse(_archive.Reader.Show(outcome.CaptureId!.Value)!.Events.Single(e => e.Type == EventType.TextExtracted).Json)!["data"]!;
        var blob = _archive.Services.Store.PathFor(Sha256Digest.Parse(extracted["layout"]!.GetValue<string>()));
        File.SetAttributes(blob, FileAttributes.Normal);
        File.AppendAllText(blob, " ");

        var report = _archive.Services.Verifier.Verify("test-auditor", record: false, null, CancellationToken.None);

        Assert.False(report.IsOk);
        Assert.Contains(report.Problems, i => i.Kind == "layout" && i.Status == "changed");
    }

    [Fact]
    public void Ingest_ScannedPdfWithOcrOff_IngestedWithNoTextAndANote()
    {
        var scan = new FileInfo(TestScans.Render(_dir.Path, "scan", Sentence, 100, "pgm"));
        var path = _archive.WriteInput("scan.pdf", TestScans.Pdf([scan], 100));

        var outcome = Assert.Single(Ingest(new OcrOptions(OcrMode.Never), path));

        Assert.Equal(IngestStatus.Ingested, outcome.Status);
        Assert.Equal("no text: the PDF has no text layer and OCR is off (--ocr never)", outcome.Note);
        Assert.Equal(0, _archive.Reader.Show(outcome.CaptureId!.Value)!.Capture.TextLength);
    }

    [Fact]
    public void Ingest_Png30000Square_RejectedNamingTheLimit()
    {
        var path = _archive.WriteInput("bomb.png", TestScans.PngHeaderOnly(30_000, 30_000));

        var outcome = Assert.Single(Ingest(OcrOptions.Default, path));

        Assert.Equal(IngestStatus.Rejected, outcome.Status);
        Assert.Contains("30000 × 30000 pixels, over the limit", outcome.Reason, StringComparison.Ordinal);
        Assert.Equal(0, _archive.Reader.Count());
    }

    [Fact]
    public void Search_PhraseOnTheScannedPageOfAMixedPdf_FoundAndLocatedOnThatPage()
    {
        var scan = new FileInfo(TestScans.Render(_dir.Path, "scan", Sentence, 150, "pgm"));
        var path = _archive.WriteInput("mixed.pdf", TestScans.Pdf(["Born digital page with its own text layer", scan], 150));
        var outcome = Assert.Single(Ingest(new OcrOptions(OcrMode.Auto, "eng"), path));

        var hit = Assert.Single(_archive.Services.Searcher.Search(new SearchRequest("\"met in Baghdad\"", 10, UseAliases: false)).Hits);
        var match = hit.Passages.SelectMany(p => p.Matches).First();
        var location = _archive.Services.Locator.Locate(hit.Id, null, match.Start, match.End, CancellationToken.None)!;

        Assert.Equal(outcome.CaptureId, hit.Id);
        Assert.Equal("met in Baghdad", match.Text);
        Assert.Equal((2, "pt"), (location.Page, location.Unit));
        // MinimalPdf's line is 92 pt from the top of a 792 pt page; the scan keeps it there.
        Assert.InRange(location.Box!.Value.Y1, 80, 100);
        // The search hit itself carries the page and box of its passage.
        var passage = Assert.Single(hit.Passages);
        Assert.Equal(2, passage.Page);
        Assert.Equal(("pt", 2), (passage.Box!.Unit, passage.Box.Page));
        Assert.InRange(passage.Box.Y1, 80, 100);
    }

    private IReadOnlyList<IngestOutcome> Ingest(OcrOptions ocr, params string[] paths) =>
        _archive.Services.Ingestor.Ingest(
            new IngestRequest(paths, new Dictionary<string, FieldValue>(), "test-agent") { Ocr = ocr },
            null,
            CancellationToken.None);
}
