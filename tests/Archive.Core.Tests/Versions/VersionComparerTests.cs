using Archive.Core.Briefings;
using Archive.Core.Catalog;
using Archive.Core.Ingestion;
using Archive.Core.Ingestion.Capture;
using Archive.Core.Metadata;
using Archive.Core.Storage;
using Archive.Core.Versions;

namespace Archive.Core.Tests.Versions;

/// <summary>
/// Two versions of one source in a real archive, a real pack (printed by Chromium) that quotes the first, and real web
/// captures of a page that changed between two visits.
/// </summary>
public sealed class VersionComparerTests : IDisposable
{
    private const string Survives = "Detainees were moved on 21 January under armed guard.";
    private const string Edited = "The convoy left the Hasakah facility before dawn on Tuesday, officials said.";
    private const string Vanishes = "A spokesman declined to say how many guards escorted the vehicles.";
    private const string Arabic = "أعلنت السلطات في مدينة الحسكة أن عشرات السجناء فرّوا من سجن الصناعة.";

    private const string Version1 = $"Prison statement\n{Survives}\n{Edited}\n{Vanishes}\n{Arabic}\n";

    private readonly TempArchive _archive = new();

    public void Dispose() => _archive.Dispose();

    [Fact]
    public void Compare_PackQuotesTheOlderVersion_ReportsEachCitationExactChangedOrGone()
    {
        var v1 = Ingest("v1/statement.txt", Version1);
        BuildPack(v1, Survives, Edited, Vanishes, Arabic);
        var version2 = "Prison statement\nAn update was added at the top.\n" + Survives + "\n"
            + Edited.Replace("before dawn on Tuesday", "shortly after midnight on Wednesday", StringComparison.Ordinal) + "\n"
            + Arabic + "\n";
        var v2 = Ingest("v2/statement.txt", version2);
        Assert.Equal((1, 2), (v1.Version, v2.Version));

        var result = _archive.Services.Versions.Compare(v1, v2, CancellationToken.None);

        Assert.True(result.SameSource);
        Assert.False(result.Text.Identical);
        Assert.Equal(4, result.CitationsChecked);
        var byQuote = result.Citations.ToDictionary(c => c.Quote, StringComparer.Ordinal);
        var survived = byQuote[Survives];
        Assert.Equal(CitationDriftStatus.Exact, survived.Status);
        Assert.Equal(version2.IndexOf(Survives, StringComparison.Ordinal), survived.Now!.Start);
        Assert.NotEqual(survived.Start, survived.Now.Start);
        Assert.Equal(CitationDriftStatus.Changed, byQuote[Edited].Status);
        Assert.Contains("shortly after midnight", byQuote[Edited].Nearest!.Exact, StringComparison.Ordinal);
        Assert.Equal(CitationDriftStatus.Gone, byQuote[Vanishes].Status);
        Assert.Equal(CitationDriftStatus.Exact, byQuote[Arabic].Status);
        Assert.All(result.Citations, c => Assert.StartsWith("pack-", c.PackId, StringComparison.Ordinal));

        var removed = result.Text.Hunks.SelectMany(h => h.Segments).Where(s => s.Kind == EditKind.Removed).Select(s => s.Text).ToList();
        Assert.Contains("before dawn ", removed);
        Assert.Contains("Tuesday", removed);
        Assert.Contains(removed, t => t.Contains(Vanishes, StringComparison.Ordinal));
    }

    [Fact]
    public void Compare_QuotedParagraphMovedElsewhere_ReportsMoved()
    {
        var v1 = Ingest("v1/statement.txt", Version1);
        BuildPack(v1, Vanishes);
        var moved = $"Prison statement\n{Vanishes}\n{Survives}\n{Edited}\n{Arabic}\n";
        var v2 = Ingest("v2/statement.txt", moved);

        var result = _archive.Services.Versions.Compare(v1, v2, CancellationToken.None);

        var drift = Assert.Single(result.Citations);
        Assert.Equal(CitationDriftStatus.Moved, drift.Status);
        Assert.Equal(moved.IndexOf(Vanishes, StringComparison.Ordinal), drift.Now!.Start);
    }

    [Fact]
    public void Compare_SameCaptureTwice_IsIdenticalAndEveryCitationExact()
    {
        var v1 = Ingest("v1/statement.txt", Version1);
        BuildPack(v1, Survives);

        var result = _archive.Services.Versions.Compare(v1, v1, CancellationToken.None);

        Assert.True(result.Text.Identical);
        Assert.Equal(CitationDriftStatus.Exact, Assert.Single(result.Citations).Status);
        Assert.Contains("both ids name the same capture", result.Notes);
    }

    [Fact]
    public void Compare_CapturesOfTwoSources_SaysSoAndStillDiffs()
    {
        var a = Ingest("a/one.txt", Version1, slug: "statement-one");
        var b = Ingest("b/two.txt", "A different report about grain prices in Aleppo.\n", slug: "grain-prices");

        var result = _archive.Services.Versions.Compare(a, b, CancellationToken.None);

        Assert.False(result.SameSource);
        Assert.Contains(result.Notes, n => n.Contains("two different sources", StringComparison.Ordinal));
        Assert.Empty(result.Citations);
        Assert.True(result.Text.WordsRemoved > 20);
    }

    [Fact]
    public async Task Compare_TwoWebCapturesOfAChangedPage_ShowsTheEditAsVersionTwo()
    {
        using var site = new LocalSite();
        var body = "<p>Detainees were moved on 21 January.</p><p>The convoy left at dawn.</p>";
        site.Route("/statement.html", async context =>
        {
            var bytes = System.Text.Encoding.UTF8.GetBytes($"<!doctype html><html><head><meta charset=utf-8><title>Statement</title></head><body>{body}</body></html>");
            context.Response.ContentType = "text/html; charset=utf-8";
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        });
        var first = await Capture(site.Url("/statement.html"));
        body = "<p>Detainees were moved on 22 January.</p><p>The convoy left at dawn.</p>";
        var second = await Capture(site.Url("/statement.html"));
        Assert.Equal(2, second.SourceVersion);

        var result = _archive.Services.Versions.Compare(Summary(first.CaptureId), Summary(second.CaptureId), CancellationToken.None);

        Assert.True(result.SameSource);
        var segments = Assert.Single(result.Text.Hunks).Segments;
        Assert.Equal("21", Assert.Single(segments, s => s.Kind == EditKind.Removed).Text);
        Assert.Equal("22", Assert.Single(segments, s => s.Kind == EditKind.Added).Text);
    }

    private Task<CaptureOutcome> Capture(string url) =>
        _archive.Services.Capturer.CaptureAsync(url, new CaptureRequest([url], new Dictionary<string, FieldValue>(), "test-agent", new CaptureOptions(TimeSpan.FromSeconds(30), AllowPrivateNetwork: true)), CancellationToken.None);

    private CaptureSummary Summary(CaptureId? id) => _archive.Reader.Show(id!.Value)!.Capture;

    private CaptureSummary Ingest(string relativePath, string text, string slug = "prison-statement")
    {
        var path = _archive.WriteInput(relativePath, text);
        _archive.WriteInput(relativePath + ".meta.json", $$"""{"title": "Prison statement", "slug": "{{slug}}", "language": "en"}""");
        var outcome = Assert.Single(_archive.Ingest(path));
        Assert.Equal(IngestStatus.Ingested, outcome.Status);
        return Summary(outcome.CaptureId);
    }

    private void BuildPack(CaptureSummary capture, params string[] quotes)
    {
        var body = string.Join("\n\n", quotes.Select((q, i) => $"Point {i + 1} [@{capture.Id.Short} \"{q}\"]."));
        var brief = _archive.WriteInput("brief.md", $"---\ntitle: Versions brief\nauthor: Test\ndate: 2026-11-30\n---\n\n{body}\n");
        var result = _archive.Services.PackBuilder(new ChromiumPdfPrinter(), Repository.Templates).Build(brief, Path.Combine(_archive.Workspace, "out", "brief.pdf"), "tests");
        Assert.True(result.IsBuilt, string.Join("\n", result.Check.Problems));
    }
}
