using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Archive.Web.Tests.Browser;

[Collection(BrowserGroup.Name)]
public sealed partial class BriefPageTests(BrowserFixture fixture)
{
    private static readonly string Shots = Path.Combine(Path.GetTempPath(), "shots");

    [Fact]
    public async Task BriefPage_FreshDraft_StartsWithFrontMatterAndChecksOk()
    {
        var page = await fixture.NewPage("author");
        await page.GotoAsync("/brief.html");
        await page.Locator("#check-summary").WaitForAsync();
        Assert.StartsWith("---\ntitle: ", await page.InputValueAsync("#editor"), StringComparison.Ordinal);
        Assert.Equal("OK: 0 citations resolve", await page.Locator("#check-summary.ok").TextContentAsync());
        Assert.Equal(0, await page.Locator("#problems .problem").CountAsync());
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task BriefPage_TypeCitation_ChecksLiveShowsProblemsThenBuildsPdf()
    {
        var page = await fixture.NewPage("author");
        await page.GotoAsync("/brief.html");
        await page.Locator("#check:enabled").WaitForAsync();
        var id = fixture.Archive.ReportId.Short;

        // An ambiguous quote: the problem shows under the editor with its place and both occurrences.
        await page.FillAsync("#editor", Briefs.With("Releases: ").TrimEnd('\n'));
        await page.Locator("#editor").PressSequentiallyAsync($"[@{id} \"{TestArchive.Repeated}\"]");
        var problem = page.Locator("#problems .problem", new() { Has = page.Locator(".chip-ambiguous") });
        await problem.WaitForAsync();
        Assert.Equal(1, await page.Locator("#problems .problem").CountAsync());
        Assert.Equal("8:11", await problem.Locator(".where").TextContentAsync());
        Assert.Equal("ambiguous", await problem.Locator(".chip").TextContentAsync());
        Assert.Equal(2, await problem.Locator(".passages li").CountAsync());
        Assert.Equal(2, await problem.Locator(".passages mark", new() { HasTextString = TestArchive.Repeated }).CountAsync());

        // Picking the second occurrence turns the check OK and lists the citation.
        await page.Locator("#editor").PressAsync("ArrowLeft");
        await page.Locator("#editor").PressSequentiallyAsync(" #2");
        await page.Locator("#check-summary.ok").WaitForAsync();
        Assert.Equal("OK: 1 citation resolves", await page.Locator("#check-summary").TextContentAsync());
        Assert.Equal(0, await page.Locator("#problems .problem").CountAsync());
        Assert.Equal("exact", await page.Locator("#citations .citation .chip").TextContentAsync());
        Assert.Equal(TestArchive.Repeated, await page.Locator("#citations .quote").TextContentAsync());

        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#build"), new() { Timeout = 120_000 });
        Assert.Matches(PackFileName(), download.SuggestedFilename);
        var saved = Path.Combine(Path.GetTempPath(), $"browser-{Guid.NewGuid():N}.pdf");
        await download.SaveAsAsync(saved);
        try
        {
            var bytes = await File.ReadAllBytesAsync(saved);
            Assert.True(bytes.Length > 1000);
            Assert.Equal("%PDF-", Encoding.ASCII.GetString(bytes, 0, 5));
        }
        finally
        {
            File.Delete(saved);
        }

        await page.Locator("#build-done").WaitForAsync();
        Assert.Contains(download.SuggestedFilename[..^4], await page.Locator("#build-done").TextContentAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task BriefPage_ReaderToken_ShowsForbiddenInsteadOfReport()
    {
        var page = await fixture.NewPage("reader");
        await page.GotoAsync("/brief.html");
        var error = page.Locator("#check-status .error[role=alert]");
        await error.WaitForAsync();
        Assert.Contains("403", await error.TextContentAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1280)]
    [InlineData(400)]
    public async Task BriefPage_WithCitationsAndProblem_FitsAndIsCaptured(int width)
    {
        Directory.CreateDirectory(Shots);
        var page = await fixture.NewPage("author", width);
        await page.GotoAsync("/brief.html");
        await page.Locator("#check:enabled").WaitForAsync();
        var id = fixture.Archive.ReportId.Short;
        var body = $"Forces moved in [@{id} \"{TestArchive.Phrase}\"].\n\nReleases: [@{id} \"{TestArchive.Repeated}\"].\n\nMisquoted: [@{id} \"Syrian forces entered Raqqa on Tuesday\"].\n\nArabic: [@{id} \"نص عربي قصير\"].";
        await page.FillAsync("#editor", Briefs.With(body));
        await page.WaitForFunctionAsync("() => document.querySelectorAll('#problems .problem').length === 2 && document.querySelectorAll('#citations .citation').length === 2");
        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - innerWidth");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Shots, $"brief-report-{width}.png"), FullPage = true });
        Assert.True(overflow <= 0, $"brief page at {width}px overflows by {overflow}px");
        Assert.Equal("2 problems: nothing can be built until they are fixed", await page.Locator("#check-summary").TextContentAsync());
        Assert.Equal(["ambiguous", "not-found"], await page.Locator("#problems .problem-head .chip").AllTextContentsAsync());
        Assert.Equal("rtl", await page.Locator("#citations .quote").Last.EvaluateAsync<string>("q => getComputedStyle(q).direction"));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task BriefPage_QuoteOccurringHundredsOfTimes_ListsTwentyAndSaysHowManyMore()
    {
        var id = await fixture.Upload("many.txt", string.Concat(Enumerable.Repeat("lo ", 500)) + Guid.NewGuid());
        var page = await fixture.NewPage("author");
        await page.GotoAsync("/brief.html");
        await page.Locator("#check:enabled").WaitForAsync();

        await page.FillAsync("#editor", Briefs.With($"Again [@{id[7..19]} \"lo\"]."));

        var problem = page.Locator("#problems .problem", new() { Has = page.Locator(".chip-ambiguous") });
        await problem.WaitForAsync();
        Assert.Equal(20, await problem.Locator(".passages li").CountAsync());
        Assert.Equal("… and 480 more (500 in all)", await problem.Locator(".more").TextContentAsync());
        await page.Context.CloseAsync();
    }

    [GeneratedRegex("^brief-pack-[0-9a-f]{12}\\.pdf$")]
    private static partial Regex PackFileName();
}
