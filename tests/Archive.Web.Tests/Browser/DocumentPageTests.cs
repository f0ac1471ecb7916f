using Archive.Core;
using Archive.Core.Ingestion;
using Archive.Core.Metadata;
using Archive.Core.Storage;
using Microsoft.Playwright;

namespace Archive.Web.Tests.Browser;

[Collection(BrowserGroup.Name)]
public sealed class DocumentPageTests(BrowserFixture fixture)
{
    private static readonly string Shots = Path.Combine(Path.GetTempPath(), "shots");

    [Fact]
    public async Task DownloadOriginal_NameQuotingAFilenameParameter_SavesUnderTheStoredNameMadeSafe()
    {
        // Content-Disposition quotes this name; a regex reading filename*= inside the quotes would save "invoice.html".
        const string Name = "report;filename*=UTF-8''invoice.html;.txt";
        var id = await fixture.Upload(Name, "<script>alert(1)</script>\n" + Guid.NewGuid());
        var page = await fixture.NewPage();
        await page.GotoAsync($"/document.html?id={id}");
        await page.Locator("#timeline .event").First.WaitForAsync();

        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#original"));

        Assert.Equal("report_filename__UTF-8__invoice.html_.txt", download.SuggestedFilename);
        await page.Context.CloseAsync();
    }

    [Theory]
    [InlineData(1280)]
    [InlineData(400)]
    public async Task MetadataTable_EverySampleAtWidth_ValuesKeepTheirWidthAndThePageFits(int width)
    {
        Directory.CreateDirectory(Shots);
        var ids = IngestSamples();
        for (var n = 0; n < ids.Count; n++)
        {
            var page = await fixture.NewPage("reader", width);
            await page.GotoAsync($"/document.html?id={ids[n]}");
            await page.Locator("#timeline .event").First.WaitForAsync();
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Shots, $"document-sample{n}-{width}.png"), FullPage = true });

            var narrowest = await page.EvaluateAsync<double>("() => Math.min(...Array.from(document.querySelectorAll('#fields tr > td:nth-child(2)'), td => td.getBoundingClientRect().width))");
            var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - innerWidth");
            var tallestRow = await page.EvaluateAsync<double>("() => Math.max(...Array.from(document.querySelectorAll('#fields tr:not(.field-notes)'), tr => tr.getBoundingClientRect().height))");
            var othersHeight = await page.EvaluateAsync<double>("() => Array.from(document.querySelectorAll('#fields tr:not(.field-notes)'), tr => tr.getBoundingClientRect().height).reduce((a, b) => a + b, 0)");
            var notesHeight = await page.EvaluateAsync<double>("() => document.querySelector('#fields tr.field-notes')?.getBoundingClientRect().height ?? 0");
            Assert.True(narrowest >= 120, $"sample {n} at {width}px: a value cell is {narrowest}px wide");
            Assert.True(overflow <= 0, $"sample {n} at {width}px overflows by {overflow}px");
            Assert.True(tallestRow <= 120, $"sample {n} at {width}px: a metadata row is {tallestRow}px tall");
            Assert.True(othersHeight <= 600, $"sample {n} at {width}px: the fields other than notes take {othersHeight}px");
            Assert.True(notesHeight <= 1000, $"sample {n} at {width}px: the notes take {notesHeight}px");
            await page.Context.CloseAsync();
        }
    }

    /// <summary>The repo's five sample sources with their sidecars (long notes, tags, sidecar origins), ingested once.</summary>
    private List<string> IngestSamples()
    {
        var sources = Path.Combine(Repository.Root, "archive", "sources");
        using var archive = ArchiveCore.Open(new ArchiveLayout(fixture.Archive.Root), TimeProvider.System);
        var outcomes = archive.Ingestor.Ingest(new IngestRequest([sources], new Dictionary<string, FieldValue>(), "browser-tests"), null, default);
        Assert.Equal(5, outcomes.Count(o => o.CaptureId is not null));
        return [.. outcomes.Select(o => o.CaptureId!)];
    }
}
