using System.Text.Json.Nodes;
using Archive.Core.Provenance;

namespace Archive.Cli.Tests.Commands;

/// <summary><c>archive reextract</c>: a new text from the unchanged original, with real Tesseract, poppler and Chromium.</summary>
public sealed class ReextractCommandTests : IDisposable
{
    private const string Typed = "Officials said the convoy left at dawn";
    private const string Scanned = "The committee met in Baghdad on Tuesday";

    private readonly TempArchive _archive = new();

    public void Dispose() => _archive.Dispose();

    [Fact]
    public void Reextract_PdfIngestedWithOcrOff_NewTextSearchableAndThePackBuiltBeforeStillVerifies()
    {
        // Page 1 has a text layer; page 2 is a scan, left without text by --ocr never.
        var scan = new FileInfo(TestScans.Render(_archive.Workspace, "page2", Scanned, 150, "pgm"));
        var pdf = Path.Combine(_archive.Inputs, "mixed.pdf");
        File.WriteAllBytes(pdf, TestScans.Pdf([Typed, scan], 150));
        Assert.Equal(0, _archive.Run("ingest", pdf, "--ocr", "never").ExitCode);
        var id = _archive.RunJson("list")["items"]![0]!["id"]!.GetValue<string>();
        var oldText = _archive.RunJson("show", id)["capture"]!["text_sha256"]!.GetValue<string>();
        var brief = _archive.WriteInput("pack.md", $"---\ntitle: Before re-extraction\n---\n\nThe report says [@{id[7..19]} \"{Typed}\"].\n");
        var packPdf = Path.Combine(_archive.Workspace, "out", "pack.pdf");
        var built = _archive.Run("brief", brief, "-o", packPdf, "--templates", BriefCommandTests.Templates);
        Assert.True(built.ExitCode == 0, built.ToString());
        Assert.Equal(0, _archive.RunJson("search", "Baghdad")["total"]!.GetValue<int>());

        var result = _archive.Run("reextract", id[7..19], "--ocr-lang", "eng", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        var outcome = Assert.Single(JsonNode.Parse(result.Out)!["results"]!.AsArray())!;
        Assert.Equal("reextracted", outcome["status"]!.GetValue<string>());
        Assert.Equal(oldText, outcome["previous_text"]!.GetValue<string>());
        Assert.Equal("poppler-pdftotext+tesseract", outcome["extractor"]!["name"]!.GetValue<string>());
        var show = _archive.RunJson("show", id);
        var newText = show["capture"]!["text_sha256"]!.GetValue<string>();
        Assert.Equal(outcome["text"]!.GetValue<string>(), newText);
        Assert.Contains(Scanned, _archive.Run("text", id).Out, StringComparison.Ordinal);
        var texts = show["texts"]!.AsArray();
        Assert.Equal([oldText, newText], texts.Select(t => t!["text_sha256"]!.GetValue<string>()));
        Assert.Equal([false, true], texts.Select(t => t!["current"]!.GetValue<bool>()));
        Assert.Equal(oldText, texts[1]!["replaces"]!.GetValue<string>());
        var extracted = show["events"]!.AsArray().Where(e => e!["type"]!.GetValue<string>() == EventType.TextExtracted).ToList();
        Assert.Equal(2, extracted.Count);
        Assert.Equal("reextract", extracted[1]!["event"]!["data"]!["reason"]!.GetValue<string>());

        // Search follows the new text; the old text is still read and cited by its digest; everything verifies.
        var hit = Assert.Single(_archive.RunJson("search", "Baghdad")["hits"]!.AsArray())!;
        Assert.Equal(2, hit["passages"]![0]!["page"]!.GetValue<int>());
        var old = _archive.Run("text", id[7..19], "--text", oldText[7..19]);
        Assert.True(old.ExitCode == 0, old.ToString());
        Assert.DoesNotContain(Scanned, old.Out, StringComparison.Ordinal);
        Assert.Contains(Typed, old.Out, StringComparison.Ordinal);
        var verify = _archive.Run("verify");
        Assert.True(verify.ExitCode == 0, verify.ToString());
        var pack = _archive.Run("verify-pack", packPdf, "--json");
        Assert.True(pack.ExitCode == 0, pack.ToString());
        Assert.True(Assert.Single(JsonNode.Parse(pack.Out)!["citations"]!.AsArray())!["resolves"]!.GetValue<bool>());
    }

    [Fact]
    public void Reextract_TextFileAgain_UnchangedAndNothingRecorded()
    {
        var path = _archive.WriteInput("note.txt", Typed + "\n");
        Assert.Equal(0, _archive.Run("ingest", path).ExitCode);
        var id = _archive.RunJson("list")["items"]![0]!["id"]!.GetValue<string>();
        var events = JsonNode.Parse(_archive.Run("log", "--json").Out)!.AsArray().Count;

        var result = _archive.Run("reextract", id);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.StartsWith("unchanged ", result.Out, StringComparison.Ordinal);
        Assert.EndsWith("0 re-extracted, 1 unchanged, 0 not found, 0 unsupported, 0 failed\n", result.Out, StringComparison.Ordinal);
        Assert.Equal(events, JsonNode.Parse(_archive.Run("log", "--json").Out)!.AsArray().Count);
        Assert.Single(_archive.RunJson("show", id)["texts"]!.AsArray());
    }

    [Fact]
    public void Reextract_UnknownId_ExitsNotFoundNamingTheId()
    {
        var result = _archive.Run("reextract", "0123456789ab");

        Assert.True(result.ExitCode == ExitCodes.NotFound, result.ToString());
        Assert.Contains("not-found    0123456789ab: no capture or source matches '0123456789ab'", result.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", result.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void Reextract_NoIdAndNoAllStale_ExitsUsage()
    {
        var result = _archive.Run("reextract");

        Assert.True(result.ExitCode == ExitCodes.Usage, result.ToString());
        Assert.Contains("--all-stale", result.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void Reextract_WebCapture_UnsupportedAndTheCaptureKeepsItsText()
    {
        using var site = new LocalSite();
        site.Html("/a.html", "<title>Web page</title><p>Alpha text.</p>");
        Assert.Equal(0, _archive.Run("capture", site.Url("/a.html"), "--allow-private-network", "--timeout", "30s").ExitCode);
        var before = _archive.RunJson("show", "web-page")["capture"]!["text_sha256"]!.GetValue<string>();

        var result = _archive.Run("reextract", "web-page", "--json");

        Assert.True(result.ExitCode == ExitCodes.SomeRejected, result.ToString());
        var outcome = Assert.Single(JsonNode.Parse(result.Out)!["results"]!.AsArray())!;
        Assert.Equal("unsupported", outcome["status"]!.GetValue<string>());
        Assert.Contains("web capture", outcome["reason"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(before, _archive.RunJson("show", "web-page")["capture"]!["text_sha256"]!.GetValue<string>());
    }
}
