using System.Collections.Concurrent;
using Microsoft.Playwright;

namespace Archive.Web.Tests.Browser;

[Collection(BrowserGroup.Name)]
public sealed class UiTests(BrowserFixture fixture)
{
    private static readonly string Shots = Path.Combine(Path.GetTempPath(), "shots");

    [Fact]
    public async Task DocumentPage_WithOffsets_HighlightsPassageInView()
    {
        var page = await fixture.NewPage();
        var (start, end) = fixture.Archive.Offsets(TestArchive.Phrase);
        await page.GotoAsync($"/document.html?id={fixture.Archive.ReportId.Short}&start={start}&end={end}");
        var mark = page.Locator("#text mark#passage");
        await mark.WaitForAsync();
        Assert.Equal(TestArchive.Phrase, await mark.TextContentAsync());
        await page.WaitForFunctionAsync("() => { const r = document.getElementById('passage').getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight; }");
        Assert.True(await page.EvaluateAsync<double>("() => scrollY") > 0, "the page scrolled to the passage");
    }

    [Theory]
    [InlineData(1280)]
    [InlineData(400)]
    public async Task DocumentPage_RoleAnsweredAfterTheText_PassageStaysWhereThePageScrolledIt(int width)
    {
        var page = await fixture.NewPage(width: width);
        // "Add to brief" sits in the tool bar above the text and shows only for a role that may brief. Answered late,
        // it must not move the passage the page has scrolled into view.
        await page.RouteAsync("**/api/whoami", async route =>
        {
            await Task.Delay(1500);
            await route.ContinueAsync();
        });
        var (start, end) = fixture.Archive.Offsets(TestArchive.Phrase);
        await page.GotoAsync($"/document.html?id={fixture.Archive.ReportId.Short}&start={start}&end={end}");
        var mark = page.Locator("#text mark#passage");
        await mark.WaitForAsync();
        var shown = await mark.BoundingBoxAsync();
        await page.Locator("#to-brief").WaitForAsync();
        var settled = await mark.BoundingBoxAsync();
        Assert.Equal(shown!.Y, settled!.Y);
    }

    [Fact]
    public async Task SearchPage_OpenDocument_ShowsTextAndProvenance()
    {
        var page = await fixture.NewPage();
        // A search, not the document list: that lists the newest first, and other tests keep adding documents.
        await page.GotoAsync("/?q=hasakah");
        await page.Locator(".hit-title", new() { HasTextString = "Hasakah report" }).ClickAsync();
        await page.WaitForURLAsync("**/document.html?id=*", new() { WaitUntil = WaitUntilState.Commit });
        await page.Locator("#timeline .event").First.WaitForAsync();
        await page.Locator("#text[aria-busy='false']").WaitForAsync();
        Assert.Contains(TestArchive.Phrase, await page.Locator("#text").TextContentAsync(), StringComparison.Ordinal);
        Assert.Contains("ingested", await page.Locator("#timeline").TextContentAsync(), StringComparison.Ordinal);
        Assert.Equal("auto", await page.Locator("#text").GetAttributeAsync("dir"));
    }

    [Fact]
    public async Task SearchPage_RoleAnsweredAfterTheHits_HitsDoNotMoveWhenThePanelsAboveThemAppear()
    {
        var page = await fixture.NewPage();
        // The role decides whether the capture panel above the hits is shown. Answered late, it must not push hits
        // that are already on screen down under the pointer.
        await page.RouteAsync("**/api/whoami", async route =>
        {
            await Task.Delay(1500);
            await route.ContinueAsync();
        });
        await page.GotoAsync("/?q=hasakah");
        var hit = page.Locator(".hit-title").First;
        await hit.WaitForAsync();
        var shown = await hit.BoundingBoxAsync();
        await page.Locator("#capture-box").WaitForAsync();
        var settled = await hit.BoundingBoxAsync();
        Assert.Equal(shown!.Y, settled!.Y);
    }

    [Fact]
    public async Task SearchPage_TypeQuery_HighlightsMatchAndPassageOpensHighlightedInContext()
    {
        var page = await fixture.NewPage("reader");
        await page.GotoAsync("/");
        await page.FillAsync("#q", "\"forces entered\" hasakah");
        await page.PressAsync("#q", "Enter");
        var passage = page.Locator(".hit .passage", new() { Has = page.Locator("mark.match-phrase") }).First;
        await passage.WaitForAsync();
        Assert.Equal("forces entered", await passage.Locator("mark.match-phrase").TextContentAsync());
        Assert.Contains("phrase: forces entered", await page.Locator(".hit .chips").First.TextContentAsync(), StringComparison.Ordinal);
        Assert.Equal("auto", await passage.GetAttributeAsync("dir"));
        var shown = await passage.TextContentAsync();

        await passage.ClickAsync();
        await page.WaitForURLAsync("**/document.html?id=*&start=*&end=*", new() { WaitUntil = WaitUntilState.Commit });
        var mark = page.Locator("#text mark#passage");
        await mark.WaitForAsync();
        Assert.Equal(shown, await mark.TextContentAsync());
        Assert.Contains(TestArchive.Phrase, shown, StringComparison.Ordinal);
        await page.WaitForFunctionAsync("() => { const r = document.getElementById('passage').getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight; }");
    }

    [Fact]
    public async Task SearchPage_CopyCitation_CitesTheHitsCaptureLikeTheDocumentPage()
    {
        var page = await fixture.NewPage("reader");
        await page.GotoAsync("/?q=%22forces+entered%22");
        var cite = page.Locator(".hit .cite").First;
        await cite.WaitForAsync();
        var citation = await cite.GetAttributeAsync("data-citation");
        Assert.Equal($"[@{fixture.Archive.ReportId.Short} \"", citation![..16]);
        Assert.Contains(TestArchive.Phrase, citation, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SearchPage_SyntaxError_ShowsCaretAtColumn()
    {
        var page = await fixture.NewPage("reader");
        await page.GotoAsync("/");
        await page.FillAsync("#q", "😀 hasakah AND (prison OR");
        await page.PressAsync("#q", "Enter");
        await page.Locator("#query-error .error-at").WaitForAsync();
        Assert.Contains("column 23", await page.Locator("#query-error").TextContentAsync(), StringComparison.Ordinal);
        Assert.Equal("O", await page.Locator("#query-error .error-at").TextContentAsync());
        Assert.Equal(22, await page.EvaluateAsync<int>("() => Array.from(document.querySelector('#query-error .before').textContent).length"));
        Assert.Equal(0, await page.Locator("#hits li").CountAsync());
    }

    [Fact]
    public async Task SearchPage_ExportCsv_DownloadsTheApiCsvOfTheWholeSearch()
    {
        var page = await fixture.NewPage("reader");
        await page.GotoAsync("/?q=hasakah&offset=10");
        var button = page.Locator("#export-csv");
        await button.WaitForAsync();

        var download = await page.RunAndWaitForDownloadAsync(() => button.ClickAsync());

        Assert.Equal("search.csv", download.SuggestedFilename);
        using var client = new HttpClient { BaseAddress = new Uri(fixture.BaseUrl) };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", fixture.Archive.Tokens["reader"]);
        var expected = await client.GetByteArrayAsync("/api/search.csv?q=hasakah");
        Assert.Equal(expected, await File.ReadAllBytesAsync((await download.PathAsync())!));
        await page.Locator("#export-status", new() { HasTextString = "Exported" }).WaitForAsync();
    }

    [Fact]
    public async Task SearchPage_FacetClick_AddsFilterAndChipRemovesIt()
    {
        var page = await fixture.NewPage("reader");
        await page.GotoAsync("/?q=hasakah");
        await page.Locator("button.facet[data-facet='language']").First.ClickAsync();
        await page.WaitForURLAsync("**/?q=hasakah&lang=*");
        await page.Locator(".chip.filter").WaitForAsync();
        Assert.StartsWith("lang: ", await page.Locator(".chip.filter").TextContentAsync(), StringComparison.Ordinal);
        // The facets are redrawn from the filtered results after the chip appears: wait for that render, not a time.
        await page.WaitForFunctionAsync("() => document.querySelector(\"button.facet[data-facet='language']\")?.getAttribute('aria-pressed') === 'true'");
        Assert.Equal("true", await page.Locator("button.facet[data-facet='language']").First.GetAttributeAsync("aria-pressed"));
        Assert.Contains("lang:", await page.Locator("#summary").TextContentAsync(), StringComparison.Ordinal);
        await page.Locator(".chip.filter .remove").ClickAsync();
        await page.WaitForURLAsync("**/?q=hasakah");
        Assert.Equal(0, await page.Locator(".chip.filter").CountAsync());
    }

    [Fact]
    public async Task SearchPage_ArchivedMarkupInPassage_ShowsAsTextWithoutDialog()
    {
        var page = await fixture.NewPage("reader");
        var dialogs = CountDialogs(page);
        await page.GotoAsync("/?q=alert");
        var passage = page.Locator(".hit .passage").First;
        await passage.WaitForAsync();
        Assert.Contains("<script>alert(1)</script>", await passage.TextContentAsync(), StringComparison.Ordinal);
        // No element was made from the markup, so nothing can fire later (an img's onerror); the probe then proves that
        // nothing fired while the page rendered.
        Assert.Equal(0, await page.Locator("main img, main script").CountAsync());
        Assert.Equal(["probe"], await DialogsUpToProbe(page, dialogs));
    }

    [Fact]
    public async Task Cite_UniqueSelection_PutsCitationInField()
    {
        var page = await OpenReport();
        await Select(page, TestArchive.Phrase, 1);
        await page.ClickAsync("#cite");
        await page.WaitForFunctionAsync("() => document.getElementById('citation').textContent.length > 0");
        Assert.Equal($"[@{fixture.Archive.ReportId.Short} \"{TestArchive.Phrase}\"]", await page.Locator("#citation").TextContentAsync());
    }

    [Fact]
    public async Task Cite_SecondOfTwoOccurrences_AddsOccurrenceNumber()
    {
        var page = await OpenReport();
        await Select(page, TestArchive.Repeated, 2);
        await page.ClickAsync("#cite");
        await page.WaitForFunctionAsync("() => document.getElementById('citation').textContent.length > 0");
        Assert.Equal($"[@{fixture.Archive.ReportId.Short} \"{TestArchive.Repeated}\" #2]", await page.Locator("#citation").TextContentAsync());
    }

    [Fact]
    public async Task ArchivedScriptAndImage_ShowAsTextWithoutDialog()
    {
        var page = await fixture.NewPage();
        var dialogs = CountDialogs(page);
        await page.GotoAsync($"/document.html?id={fixture.Archive.ProbeId}");
        await page.Locator("#timeline .event").First.WaitForAsync();
        await page.Locator("#text[aria-busy='false']").WaitForAsync();
        Assert.Contains(TestArchive.XssText, await page.Locator("#text").TextContentAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await page.Locator("#text script, #text img").CountAsync());
        Assert.Equal(["probe"], await DialogsUpToProbe(page, dialogs));
        await page.GotoAsync("/?q=probe");
        await page.Locator(".hit-title", new() { HasTextString = "Script probe" }).WaitForAsync();
        Assert.Equal(0, await page.Locator("main img, main script").CountAsync());
        Assert.Equal(["probe", "probe"], await DialogsUpToProbe(page, dialogs));
    }

    [Fact]
    public async Task AuditPage_RunVerify_ShowsOk()
    {
        var page = await fixture.NewPage("auditor");
        await page.GotoAsync("/audit.html");
        await page.ClickAsync("#verify");
        await page.Locator("#report .ok").WaitForAsync();
        Assert.Equal("Verify: OK", await page.Locator("#report .ok").TextContentAsync());
        await page.Locator("#checkpoints .checkpoint").First.WaitForAsync();
    }

    [Fact]
    public async Task TokenBox_ReaderToken_ShowsNameAndRole()
    {
        var page = await fixture.NewPage("reader");
        await page.GotoAsync("/");
        await page.Locator("#who.ok").WaitForAsync();
        Assert.Equal("reader-user · reader", await page.Locator("#who").TextContentAsync());
    }

    [Theory]
    [InlineData(1280)]
    [InlineData(400)]
    public async Task EveryPage_AtWidth_FitsWithoutSidewaysScrollAndIsCaptured(int width)
    {
        Directory.CreateDirectory(Shots);
        var (start, end) = fixture.Archive.Offsets(TestArchive.Phrase);
        var pages = new Dictionary<string, string>
        {
            ["search"] = "/?q=hasakah",
            ["documents"] = "/",
            ["document"] = $"/document.html?id={fixture.Archive.ReportId.Short}&start={start}&end={end}",
            ["brief"] = "/brief.html",
            ["audit"] = "/audit.html",
            ["packs"] = "/packs.html",
        };
        foreach (var (name, url) in pages)
        {
            var page = await fixture.NewPage("admin", width);
            await page.GotoAsync(url);
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - innerWidth");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Shots, $"{name}-{width}.png"), FullPage = name != "document" });
            Assert.True(overflow <= 0, $"{name} at {width}px overflows by {overflow}px");
            await page.Context.CloseAsync();
        }
    }

    private async Task<IPage> OpenReport()
    {
        var page = await fixture.NewPage();
        await page.GotoAsync($"/document.html?id={fixture.Archive.ReportId}");
        await page.Locator("#timeline .event").First.WaitForAsync();
        await page.Locator("#text[aria-busy='false']").WaitForAsync();
        return page;
    }

    /// <summary>Selects the <paramref name="occurrence"/>-th copy of <paramref name="quote"/> in the document text, as a user's drag would.</summary>
    private static async Task Select(IPage page, string quote, int occurrence)
    {
        await page.EvaluateAsync(
            """
            ([quote, occurrence]) => {
              const node = document.getElementById('text').firstChild;
              let at = -1;
              for (let n = 0; n < occurrence; n++) at = node.data.indexOf(quote, at + 1);
              const range = document.createRange();
              range.setStart(node, at);
              range.setEnd(node, at + quote.length);
              const selection = getSelection();
              selection.removeAllRanges();
              selection.addRange(range);
            }
            """,
            new object[] { quote, occurrence });
        await page.Locator("#cite:enabled").WaitForAsync();
    }

    /// <summary>Dismisses every dialog the page opens and records its message.</summary>
    private static ConcurrentQueue<string> CountDialogs(IPage page)
    {
        var dialogs = new ConcurrentQueue<string>();
        page.Dialog += async (_, dialog) =>
        {
            dialogs.Enqueue(dialog.Message);
            await dialog.DismissAsync();
        };
        return dialogs;
    }

    /// <summary>
    /// Opens a "probe" alert after everything the page has run so far and returns the dialogs seen until it was
    /// dismissed. Dialogs are modal and come one at a time, so any dialog the page opened before is in the list.
    /// </summary>
    private static async Task<string[]> DialogsUpToProbe(IPage page, ConcurrentQueue<string> dialogs)
    {
        await page.EvaluateAsync("() => alert('probe')");
        return [.. dialogs];
    }
}
