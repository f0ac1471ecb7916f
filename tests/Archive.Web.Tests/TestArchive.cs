using Archive.Core.Text;
using Archive.Core.Storage;
using System.Text;
using Archive.Core;
using Archive.Core.Catalog;
using Archive.Core.Ingestion;
using Archive.Core.Metadata;
using Archive.Core.Security;

namespace Archive.Web.Tests;

/// <summary>A temporary archive with a few documents and one token per role. Never touches the repo's archive/.</summary>
public sealed class TestArchive : IDisposable
{
    public const string Phrase = "Syrian forces entered Hasakah";
    public const string Repeated = "The detainees";

    public TestArchive()
    {
        Root = _scratch.Root;
        var incoming = _scratch.Inputs;
        var filler = string.Concat(Enumerable.Range(1, 80).Select(i => $"Background paragraph {i} about the region and its history.\n\n"));
        ReportText = "Hasakah report 😀\n\n" + filler + Phrase + " on Tuesday. " + Repeated + " were released. " + Repeated + " were counted twice.\n\nنص عربي قصير للاختبار.\n";
        File.WriteAllText(Path.Combine(incoming, "report.txt"), ReportText, new UTF8Encoding(false));
        File.WriteAllText(Path.Combine(incoming, "probe.txt"), "Script probe\n\n" + XssText + "\n", new UTF8Encoding(false));

        using var archive = ArchiveCore.Open(_scratch.Layout, TimeProvider.System);
        var outcomes = archive.Ingestor.Ingest(new IngestRequest([incoming], new Dictionary<string, FieldValue>(), "test-setup"), null, default);
        ReportId = outcomes.Single(o => o.Path.EndsWith("report.txt", StringComparison.Ordinal)).CaptureId!.Value;
        ProbeId = outcomes.Single(o => o.Path.EndsWith("probe.txt", StringComparison.Ordinal)).CaptureId!.Value;
        var store = new TokenStore(archive.Database, TimeProvider.System);
        foreach (var role in TokenRole.All)
        {
            Tokens[role] = store.Create(role + "-user", role).Token;
        }
    }

    private readonly ScratchArchive _scratch = new();

    public static string XssText => "<script>alert(1)</script> and <img src=x onerror=alert(1)> stay text.";

    public string Root { get; }

    public string ReportText { get; }

    public CaptureId ReportId { get; }

    public CaptureId ProbeId { get; }

    public Dictionary<string, string> Tokens { get; } = new(StringComparer.Ordinal);

    /// <summary>Code-point offsets of the first occurrence of <paramref name="quote"/> in the report.</summary>
    public (int Start, int End) Offsets(string quote)
    {
        var index = ReportText.IndexOf(quote, StringComparison.Ordinal);
        var start = CodePoints.FromUtf16Index(ReportText, index);
        return (start, start + CodePoints.Count(quote));
    }

    /// <summary>The first line of each page of the PDF that <see cref="AddPdf"/> ingests.</summary>
    public static readonly string[] PdfPages = ["Page one of the convoy report from the northern camp", "The convoy reached the river crossing by noon on Tuesday"];

    /// <summary>Ingests a two-page born-digital PDF (a text layer, letter pages) and returns its capture id; call it before a host opens the archive.</summary>
    public CaptureId AddPdf()
    {
        var path = Path.Combine(_scratch.Inputs, "pdf", "convoy.pdf");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, TestScans.Pdf(PdfPages, 72));
        using var archive = ArchiveCore.Open(_scratch.Layout, TimeProvider.System);
        var outcome = archive.Ingestor.Ingest(new IngestRequest([path], new Dictionary<string, FieldValue>(), "test-setup"), null, default).Single();
        return outcome.CaptureId ?? throw new InvalidOperationException($"the PDF was not ingested: {outcome.Status} {outcome.Reason}");
    }

    /// <summary>
    /// Ingests a PNG scan of <paramref name="sentence"/> OCRed in <paramref name="ocrLanguages"/> and returns its
    /// capture id; call it before a host opens the archive.
    /// </summary>
    public CaptureId AddScan(string sentence, string ocrLanguages)
    {
        var directory = Path.Combine(_scratch.Inputs, "scan-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var png = TestScans.Render(directory, "letter", sentence, 150, "png");
        using var archive = ArchiveCore.Open(_scratch.Layout, TimeProvider.System);
        var request = new IngestRequest([png], new Dictionary<string, FieldValue>(), "test-setup") { Ocr = new Archive.Core.Ingestion.Ocr.OcrOptions(Archive.Core.Ingestion.Ocr.OcrMode.Auto, ocrLanguages) };
        var outcome = archive.Ingestor.Ingest(request, null, default).Single();
        return outcome.CaptureId ?? throw new InvalidOperationException($"the scan was not ingested: {outcome.Status} {outcome.Reason}");
    }

    public void Dispose() => _scratch.Dispose();
}
