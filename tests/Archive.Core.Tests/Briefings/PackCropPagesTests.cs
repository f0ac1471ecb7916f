using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Archive.Core.Briefings;
using Archive.Core.Ingestion;
using Archive.Core.Ingestion.Layout;
using Archive.Core.Metadata;
using Archive.Core.Tests.Ingestion;

namespace Archive.Core.Tests.Briefings;

/// <summary>A cited passage that runs from one page onto the next gets a crop of each page; crop edges fall between lines.</summary>
public sealed class PackCropPagesTests : IDisposable
{
    private static readonly string[] Pages = ["Page one of the convoy report from the northern camp", "The convoy reached the river crossing by noon on Tuesday"];

    private readonly TempArchive _archive = new();
    private readonly TempDirectory _dir = new();

    public void Dispose()
    {
        _archive.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public void Build_PassageAcrossAPageBreak_ACropOfEachPageNamedInTheManifestAndVerified()
    {
        var pdf = _archive.WriteInput("convoy.pdf", TestScans.Pdf(Pages, 72));
        var id = Assert.Single(_archive.Services.Ingestor.Ingest(new IngestRequest([pdf], new Dictionary<string, FieldValue>(), "tests"), null, CancellationToken.None)).CaptureId!;
        var brief = _archive.WriteInput("pages.md", $"""
            ---
            title: Page break brief
            author: Test
            date: 2026-12-01
            ---

            The report says [@{id!.Value.Short} "from the northern camp The convoy reached the river"].

            """);

        var result = _archive.Services.PackBuilder(new ChromiumPdfPrinter(), Repository.Templates).Build(brief, Path.Combine(_archive.Workspace, "out", "pages.pdf"), "tests");

        Assert.True(result.IsBuilt, string.Join("\n", result.Check.Problems));
        Assert.Empty(result.Check.Warnings);
        var citation = Assert.Single(PackManifest.Read(JsonNode.Parse(File.ReadAllBytes(result.ManifestPath!))!.AsObject())!.Citations);
        var crops = citation.AllCrops().ToList();
        Assert.Equal([("crop-1.png", 1), ("crop-1-page-2.png", 2)], crops.Select(c => (c.File, c.Page)));
        var bytes = File.ReadAllBytes(result.PdfPath!);
        foreach (var crop in crops)
        {
            // Each page's box holds only that page's line: "from the northern camp" near the top of page 1, "The convoy
            // reached the river" near the top of page 2 (both lines are 92 pt down a letter page).
            Assert.Single(crop.Lines);
            Assert.InRange(crop.Box.Y0, 70, 100);
            Assert.InRange(crop.Box.Y0, crop.Region.Y0, crop.Region.Y1);
            Assert.Equal(792, crop.PageHeight, 0.5);
            var embedded = PdfAttachments.Read(bytes, crop.File);
            Assert.NotNull(embedded);
            Assert.Equal(crop.Sha256, "sha256:" + Convert.ToHexStringLower(SHA256.HashData(embedded)));
        }

        Assert.True(crops[1].Box.X0 < crops[0].Box.X0, "page 2's part starts the line; page 1's ends it");
        var report = _archive.Services.PackVerifier.Verify(result.PdfPath!);
        Assert.True(report.IsOk, string.Join("\n", report.Checks.Where(c => !c.Ok).Select(c => c.Detail)));
        Assert.Contains("2 page crops embedded", report.Checks.Single(c => c.Name == "crops").Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void RegionFor_TightLinesAboveThePassage_TopEdgeFallsBetweenLinesNotAcrossOne()
    {
        // Lines 12 pt high, 2 pt apart: half a line above the line above would cut the line two above in half.
        LayoutBox Line(int i) => new(72, 100 + (i * 14), 500, 112 + (i * 14));
        var passage = Line(3);
        var context = new[] { Line(2), Line(3), Line(4) };
        var nearby = Enumerable.Range(0, 8).Select(Line).ToList();

        var region = PackCropper.RegionFor(passage, [passage], context, nearby, 612, 792);

        Assert.All(nearby, line => Assert.False(line.Y0 < region.Y0 && region.Y0 < line.Y1, $"the top edge {region.Y0} cuts the line {line.Y0}-{line.Y1}"));
        Assert.All(nearby, line => Assert.False(line.Y0 < region.Y1 && region.Y1 < line.Y1, $"the bottom edge {region.Y1} cuts the line {line.Y0}-{line.Y1}"));
        Assert.InRange(region.Y0, Line(1).Y1, Line(2).Y0); // the line above is shown whole, the one before it not at all
        Assert.InRange(region.Y1, Line(4).Y1, Line(5).Y0);
    }
}
