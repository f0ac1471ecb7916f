using Archive.Core.Briefings;
using Archive.Core.Ingestion;
using Archive.Core.Ingestion.Ocr;
using Archive.Core.Metadata;
using Archive.Core.Storage;
using Archive.Core.Tests.Ingestion;

namespace Archive.Core.Tests.Briefings;

/// <summary>
/// An archive with a born-digital PDF printed by Chromium and a 300 dpi PNG scan of a second printed page (OCR'd at
/// ingest), and one pack citing a passage of each: the pack is built once, with real Chromium, poppler and Tesseract.
/// </summary>
public sealed class PackCropFixture : IDisposable
{
    /// <summary>Cited from the born-digital PDF; it is the third of four paragraphs, so its crop is mid-page.</summary>
    public const string PdfQuote = "The second convoy left the northern camp before dawn and reached the river crossing by noon.";

    /// <summary>Cited from the scan; OCR must read it word for word.</summary>
    public const string ScanQuote = "Guards at the main gate counted forty vehicles leaving the compound that night.";

    private readonly TempArchive _archive = new();
    private readonly TempDirectory _dir = new();
    private readonly Lazy<PackResult> _pack;

    public PackCropFixture()
    {
        var pdf = TestPages.PrintedPdf(_dir.Path, "report", [
            "Field report on the movement of detainees between the eastern facilities during the winter months.",
            "Local officials said the transfers had been planned for several weeks and were carried out in stages.",
            PdfQuote + " Witnesses described a column of buses escorted by armoured vehicles.",
            "No casualties were reported, and the authorities declined to say how many people were moved.",
        ]);
        var scanSource = TestPages.PrintedPdf(_dir.Path, "letter", [
            "Statement of a resident of the district, written down on the day after the events described.",
            ScanQuote + " The lights of the convoy could be seen from the road.",
            "The statement was signed in the presence of two witnesses.",
        ]);
        var scan = TestPages.Scan(scanSource, 1, 300, "letter-scan");
        PdfId = Ingest(_archive.WriteInput("report.pdf", File.ReadAllBytes(pdf)));
        ScanId = Ingest(_archive.WriteInput("letter-scan.png", File.ReadAllBytes(scan)));
        Brief = _archive.WriteInput("crops.md", $"""
            ---
            title: Convoy brief
            author: Test
            date: 2026-12-01
            ---

            The report says [@{PdfId.Short} "{PdfQuote}"] and a resident wrote [@{ScanId.Short} "{ScanQuote}"].

            """);
        _pack = new Lazy<PackResult>(() =>
        {
            var result = Archive.PackBuilder(new ChromiumPdfPrinter(), Repository.Templates).Build(Brief, Path.Combine(_archive.Workspace, "out", "crops.pdf"), "tests");
            return result.IsBuilt ? result : throw new InvalidOperationException(string.Join("\n", result.Check.Problems));
        });
    }

    public CaptureId PdfId { get; }

    public CaptureId ScanId { get; }

    public string Brief { get; }

    internal ArchiveCore Archive => _archive.Services;

    internal PackResult Pack => _pack.Value;

    public string Scratch => _dir.Path;

    public void Dispose()
    {
        _archive.Dispose();
        _dir.Dispose();
    }

    private CaptureId Ingest(string path)
    {
        var outcome = Assert.Single(_archive.Services.Ingestor.Ingest(
            new IngestRequest([path], new Dictionary<string, FieldValue>(), "tests") { Ocr = new OcrOptions(OcrMode.Auto, "eng") }, null, CancellationToken.None));
        Assert.True(outcome.Status == IngestStatus.Ingested, $"{path}: {outcome.Status} {outcome.Reason}");
        return outcome.CaptureId!.Value;
    }
}
