using Archive.Core.Ingestion;
using Archive.Core.Ingestion.Ocr;
using Archive.Core.Metadata;
using Archive.Core.Provenance;
using Archive.Core.Search;
using Archive.Core.Storage;
using Archive.Core.Verification;

namespace Archive.Core.Tests.Ingestion.Ocr;

/// <summary>Re-extraction of OCRed captures with real Tesseract: the new text becomes current, the old one stays valid.</summary>
public sealed class ReextractorTests : IDisposable
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
    public void Reextract_PngOcredInArabicAgainInEnglish_EnglishTextCurrentAndTheArabicRunStillVerifies()
    {
        var path = _archive.WriteInput("letter.png", File.ReadAllBytes(TestScans.Render(_dir.Path, "letter", Sentence, 150, "png")));
        var ingested = Assert.Single(_archive.Services.Ingestor.Ingest(
            new IngestRequest([path], new Dictionary<string, FieldValue>(), "test-agent") { Ocr = new OcrOptions(OcrMode.Auto, "ara") }, null, CancellationToken.None));
        var before = _archive.Reader.Show(ingested.CaptureId!.Value)!;
        Assert.NotEqual(Sentence + "\n", _archive.Reader.ReadText(before.Capture));

        var outcome = Assert.Single(Reextract(new OcrOptions(OcrMode.Auto, "eng"), ingested.CaptureId!.Value.Value));

        Assert.Equal(ReextractStatus.Reextracted, outcome.Status);
        Assert.Contains("lang=eng", outcome.Extractor!.Settings, StringComparison.Ordinal);
        var after = _archive.Reader.Show(ingested.CaptureId!.Value)!;
        Assert.Equal(Sentence + "\n", _archive.Reader.ReadText(after.Capture));
        Assert.Equal([before.Capture.TextSha256, outcome.Text], after.Texts.Select(t => t.TextSha256));
        Assert.True(after.Texts[1].Current);
        Assert.Equal("tesseract", after.Texts[1].Extractor);
        Assert.Contains("lang=ara", after.Texts[0].ExtractorSettings, StringComparison.Ordinal);
        var old = _archive.Reader.WithText(after.Capture, before.Capture.TextSha256, out var error);
        Assert.Null(error);
        Assert.Equal(_archive.Reader.ReadText(before.Capture), _archive.Reader.ReadText(old!));
        Assert.True(_archive.Services.Store.Exists(Sha256Digest.Parse(before.Capture.TextSha256)));
        var report = _archive.Services.Verifier.Verify("test-auditor", record: false, null, CancellationToken.None);
        Assert.True(report.IsOk, string.Join("; ", report.Problems.Select(p => $"{p.Kind} {p.Status} {p.Detail}")));
        var hit = Assert.Single(_archive.Services.Searcher.Search(new SearchRequest("Baghdad"), CancellationToken.None).Hits);
        Assert.Equal(ingested.CaptureId, hit.Id);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void Verify_EarlierTextOfReextractedCaptureAltered_ReportsThatTextChangedForTheCapture()
    {
        var path = _archive.WriteInput("letter.png", File.ReadAllBytes(TestScans.Render(_dir.Path, "letter", Sentence, 150, "png")));
        var ingested = Assert.Single(_archive.Services.Ingestor.Ingest(
            new IngestRequest([path], new Dictionary<string, FieldValue>(), "test-agent") { Ocr = new OcrOptions(OcrMode.Auto, "ara") }, null, CancellationToken.None));
        var earlier = _archive.Reader.Show(ingested.CaptureId!.Value)!.Capture.TextSha256;
        Assert.Equal(ReextractStatus.Reextracted, Assert.Single(Reextract(new OcrOptions(OcrMode.Auto, "eng"), ingested.CaptureId!.Value.Value)).Status);
        var file = _archive.Services.Store.PathFor(Sha256Digest.Parse(earlier));
        File.SetUnixFileMode(file, File.GetUnixFileMode(file) | UnixFileMode.UserWrite);
        File.AppendAllText(file, "altered");

        var report = _archive.Services.Verifier.Verify("test-auditor", record: false, null, CancellationToken.None);

        var problem = Assert.Single(report.Problems);
        Assert.Equal(("text", ItemStatus.Changed, ingested.CaptureId?.Value, earlier), (problem.Kind, problem.Status, problem.Id, problem.Expected));
        Assert.NotNull(problem.Title);
    }

    [Fact]
    public void Reextract_AllStale_OcrsTheScannedPdfIngestedWithOcrOffAndLeavesTextFilesAlone()
    {
        var scan = new FileInfo(TestScans.Render(_dir.Path, "scan", Sentence, 150, "pgm"));
        var pdf = _archive.WriteInput("scan.pdf", TestScans.Pdf([scan], 150));
        var note = _archive.WriteInput("note.txt", "A plain note.\n");
        var ingested = _archive.Services.Ingestor.Ingest(
            new IngestRequest([pdf, note], new Dictionary<string, FieldValue>(), "test-agent") { Ocr = new OcrOptions(OcrMode.Never) }, null, CancellationToken.None);
        Assert.Equal(0, _archive.Reader.Show(ingested[0].CaptureId!.Value)!.Capture.TextLength);

        var outcome = Assert.Single(_archive.Services.Reextractor.Reextract(
            new ReextractRequest([], "test-agent", AllStale: true) { Ocr = new OcrOptions(OcrMode.Auto, "eng") }, null, CancellationToken.None));

        Assert.Equal(ReextractStatus.Reextracted, outcome.Status);
        Assert.Equal(ingested[0].CaptureId, outcome.CaptureId);
        var detail = _archive.Reader.Show(ingested[0].CaptureId!.Value)!;
        Assert.Contains(Sentence, _archive.Reader.ReadText(detail.Capture), StringComparison.Ordinal);
        Assert.Equal([0], detail.PageStarts);
        Assert.Empty(_archive.Services.Reextractor.Reextract(new ReextractRequest([], "test-agent", AllStale: true), null, CancellationToken.None));
    }

    [Fact]
    public void Reextract_BadOcrLanguages_ThrowsInvalidInputNamingThem()
    {
        var ex = Assert.Throws<ArchiveException>(() => Reextract(new OcrOptions(OcrMode.Auto, "eng;rm"), "0123456789ab"));

        Assert.Equal(ArchiveErrorKind.InvalidInput, ex.Kind);
        Assert.Contains("eng;rm", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Reextract_TitleAndLanguageGuessedFromTheOldText_GuessedAgainFromTheNewTextGivenTitleKept()
    {
        var guessed = _archive.WriteInput("guessed/letter.png", File.ReadAllBytes(TestScans.Render(_dir.Path, "guessed", Sentence, 150, "png")));
        var given = _archive.WriteInput("given/letter.png", File.ReadAllBytes(TestScans.Render(_dir.Path, "given", Sentence + " again", 150, "png")));
        var metadata = new Dictionary<string, FieldValue>();
        var first = Assert.Single(_archive.Services.Ingestor.Ingest(
            new IngestRequest([guessed], metadata, "test-agent") { Ocr = new OcrOptions(OcrMode.Auto, "ara") }, null, CancellationToken.None));
        var second = Assert.Single(_archive.Services.Ingestor.Ingest(
            new IngestRequest([given], new Dictionary<string, FieldValue> { ["title"] = new(System.Text.Json.Nodes.JsonValue.Create("Letter from the committee"), FieldOrigin.Cli) }, "test-agent")
            {
                Ocr = new OcrOptions(OcrMode.Auto, "ara"),
            }, null, CancellationToken.None));
        Assert.NotEqual(Sentence, _archive.Reader.Show(first.CaptureId!.Value)!.Capture.Title);
        Assert.NotEqual("en", _archive.Reader.Show(first.CaptureId!.Value)!.Capture.Language);

        var outcomes = Reextract(new OcrOptions(OcrMode.Auto, "eng"), first.CaptureId!.Value.Value, second.CaptureId!.Value.Value);

        Assert.All(outcomes, o => Assert.Equal(ReextractStatus.Reextracted, o.Status));
        var followed = _archive.Reader.Show(first.CaptureId!.Value)!;
        Assert.Equal(Sentence, followed.Capture.Title);
        Assert.Equal("en", followed.Capture.Language);
        Assert.Equal(FieldOrigin.Derived, followed.Fields["title"].Origin);
        Assert.Equal(FieldOrigin.Detected, followed.Fields["language"].Origin);
        var amended = followed.Events.Where(e => e.Type == EventType.MetadataAmended).Select(e => System.Text.Json.Nodes.JsonNode.Parse(e.Json)!["data"]!).ToList();
        Assert.Contains(amended, d => d["field"]!.GetValue<string>() == "title" && d["reason"]!.GetValue<string>() == "reextract" && d["text"]!.GetValue<string>() == outcomes[0].Text);
        Assert.True(followed.Events.ToList().FindIndex(e => e.Type == EventType.MetadataAmended) > followed.Events.ToList().FindLastIndex(e => e.Type == EventType.TextExtracted));

        var kept = _archive.Reader.Show(second.CaptureId!.Value)!;
        Assert.Equal("Letter from the committee", kept.Capture.Title);
        Assert.Equal(FieldOrigin.Cli, kept.Fields["title"].Origin);
        Assert.Equal("en", kept.Capture.Language);
        // The index follows: the guessed title is searchable, and both captures are now English.
        var hit = Assert.Single(_archive.Services.Searcher.Search(new SearchRequest("title:baghdad"), CancellationToken.None).Hits);
        Assert.Equal(first.CaptureId, hit.Id);
        Assert.Equal(2, _archive.Services.Searcher.Search(new SearchRequest("lang:en AND committee"), CancellationToken.None).Total);
        var report = _archive.Services.Verifier.Verify("test-auditor", record: false, null, CancellationToken.None);
        Assert.True(report.IsOk, string.Join("; ", report.Problems.Select(p => $"{p.Kind} {p.Status} {p.Detail}")));
    }

    [Theory]
    [InlineData("encoding=utf-8;nfc;lf", null)]
    [InlineData("encoding=windows-1256;nfc;lf", "windows-1256")]
    [InlineData("encoding=windows-1256(sidecar);visible-text", "windows-1256")]
    [InlineData("encoding=windows-1256(meta);visible-text", null)]
    [InlineData("layout;ocr=never", null)]
    public void DeclaredEncoding_RecordedSettings_TheSidecarEncodingOnly(string settings, string? expected) =>
        Assert.Equal(expected, Reextractor.DeclaredEncoding(settings));

    private IReadOnlyList<ReextractOutcome> Reextract(OcrOptions ocr, params string[] ids) =>
        _archive.Services.Reextractor.Reextract(new ReextractRequest(ids, "test-agent") { Ocr = ocr }, null, CancellationToken.None);
}
