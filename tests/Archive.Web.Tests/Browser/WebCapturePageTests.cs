using Microsoft.Playwright;

namespace Archive.Web.Tests.Browser;

/// <summary>
/// The capture box, the document page of a web capture (screenshot, HTTP provenance, versions) and the diff view, in
/// real headless Chromium against a host that captured a local site twice.
/// </summary>
[Collection(BrowserGroup.Name)]
public sealed class WebCapturePageTests(BrowserFixture browser, WebCaptureSite web) : IClassFixture<WebCaptureSite>
{
    private static readonly string Shots = Path.Combine(Path.GetTempPath(), "shots");

    [Fact]
    public async Task CaptureBox_ArchivistGivesThreeUrls_ShowsEachResultPlainly()
    {
        web.Site.Html("/missing.html", "<title>Gone</title><p>No such page.</p>", status: 404);
        var page = await NewPage("archivist");
        await page.GotoAsync("/");
        await page.Locator("#capture-box summary").ClickAsync();
        await page.Locator("#capture-urls").FillAsync($"{web.Site.Url("/old-statement")}\nfile:///etc/passwd\n{web.Site.Url("/missing.html")}");

        await page.Locator("#capture-form button[type=submit]").ClickAsync();
        await page.Locator("#capture-summary", new() { HasTextString = "Done:" }).WaitForAsync();

        var items = page.Locator("#capture-results .capture-result");
        Assert.Equal(3, await items.CountAsync());
        Assert.Contains("ok", await items.Nth(0).GetAttributeAsync("class") ?? string.Empty, StringComparison.Ordinal);
        Assert.Contains("version 3 of this source", await items.Nth(0).TextContentAsync(), StringComparison.Ordinal);
        Assert.Contains("error", await items.Nth(1).GetAttributeAsync("class") ?? string.Empty, StringComparison.Ordinal);
        Assert.Contains("http", await items.Nth(1).Locator(".capture-detail").TextContentAsync(), StringComparison.Ordinal);
        Assert.Contains("warn", await items.Nth(2).GetAttributeAsync("class") ?? string.Empty, StringComparison.Ordinal);
        Assert.Contains("HTTP 404", await items.Nth(2).TextContentAsync(), StringComparison.Ordinal);
        Assert.Equal("Done: 2 captured, 1 not.", await page.Locator("#capture-summary").TextContentAsync());

        await items.Nth(0).Locator("a.capture-title").ClickAsync();
        await page.Locator("#shot-frame[data-loaded=true]").WaitForAsync();
    }

    [Theory]
    [InlineData("reader")]
    [InlineData("author")]
    public async Task CaptureBox_RoleThatMayNotCapture_IsHidden(string role)
    {
        var page = await NewPage(role);
        await page.GotoAsync("/");
        await page.WaitForFunctionAsync($"() => document.body.dataset.role === '{role}'");

        Assert.False(await page.Locator("#capture-box").IsVisibleAsync());
    }

    [Fact]
    public async Task DocumentPage_WebCapture_ShowsScreenshotAndHttpProvenanceWithoutLoadingThePage()
    {
        var page = await NewPage("reader");
        var requests = new List<string>();
        page.Request += (_, request) => requests.Add(request.Url);
        var hitsBefore = web.Site.Hits.Values.Sum();

        await page.GotoAsync($"/document.html?id={web.Version2}");
        // Loaded, or an error said on the page (then the assertion shows it rather than a bare timeout).
        await page.Locator("#shot-frame[data-loaded=true], #shot-status.error").First.WaitForAsync(new() { Timeout = 60_000 });
        Assert.Equal("true", await page.Locator("#shot-frame").GetAttributeAsync("data-loaded") ?? await page.Locator("#shot-status").TextContentAsync());

        Assert.StartsWith("data:image/png;base64,", await page.Locator("#shot").GetAttributeAsync("src"), StringComparison.Ordinal);
        Assert.True(await page.EvaluateAsync<int>("() => document.getElementById('shot').naturalWidth") >= 1000);
        var http = await page.Locator("#http").TextContentAsync();
        Assert.Contains("status200", http, StringComparison.Ordinal);
        Assert.Contains("final URL" + web.Site.Url("/statement.html"), http, StringComparison.Ordinal);
        Assert.Contains("TLSnone (plain http)", http, StringComparison.Ordinal);
        Assert.Equal($"301 {web.Site.Url("/old-statement")} → /statement.html", await page.Locator("#redirects .redirect").TextContentAsync());

        // The captured page was never fetched or run here: only Archive's own origin was asked, and its script's mark is absent.
        Assert.Equal(hitsBefore, web.Site.Hits.Values.Sum());
        Assert.All(requests, url => Assert.StartsWith(web.BaseUrl, url, StringComparison.Ordinal));
        Assert.Null(await page.EvaluateAsync<string?>("() => document.body.dataset.ran ?? null"));
    }

    [Fact]
    public async Task DocumentPage_SecondVersion_CompareLinkOpensTheDiffWithMarkedWords()
    {
        var page = await NewPage("reader");
        await page.GotoAsync($"/document.html?id={web.Version2}");
        var compare = page.Locator("#version-list a.compare", new() { HasTextString = "compare with version 1" });

        await compare.ClickAsync();
        await page.WaitForURLAsync("**/diff.html?id=*");
        await page.Locator("#hunks .hunk").First.WaitForAsync();

        Assert.Equal("at dawn", await page.Locator("#hunks del.diff-del").First.TextContentAsync());
        Assert.Equal("shortly after midnight", await page.Locator("#hunks ins.diff-ins").First.TextContentAsync());
        Assert.Equal("2 citations of version 1, looked up in version 2.", await page.Locator("#citations-summary").TextContentAsync());
        var drifts = page.Locator("#citations .drift");
        Assert.Equal("changed", await drifts.Nth(0).Locator(".drift-status").TextContentAsync());
        Assert.Contains("shortly after midnight", await drifts.Nth(0).Locator(".drift-nearest").TextContentAsync(), StringComparison.Ordinal);
        Assert.Equal("exact", await drifts.Nth(1).Locator(".drift-status").TextContentAsync());
        Assert.Equal(WebCaptureSite.Kept, await drifts.Nth(1).Locator(".drift-quote").TextContentAsync());
    }

    [Fact]
    public async Task DiffPage_UnknownAgainst_ShowsTheProblemPlainly()
    {
        var page = await NewPage("reader");
        await page.GotoAsync($"/diff.html?id={web.Version2}&against=no-such-version");

        var error = page.Locator("#status .error");
        await error.WaitForAsync();

        Assert.Contains("Not found (404)", await error.TextContentAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1280)]
    [InlineData(400)]
    public async Task WebCapturePages_AtWidth_FitWithoutSidewaysScrollAndKeepValuesReadable(int width)
    {
        Directory.CreateDirectory(Shots);
        var document = await NewPage("archivist", width);
        await document.GotoAsync($"/document.html?id={web.Version2}");
        await document.Locator("#shot-frame[data-loaded=true]").WaitForAsync();
        await document.Locator("#text").Filter(new() { HasTextString = WebCaptureSite.Kept }).WaitForAsync();
        await Check(document, "webcapture-document", width, "#http dd", "#version-list .version");

        var diff = await NewPage("reader", width);
        await diff.GotoAsync($"/diff.html?id={web.Version2}&against={web.Version1}");
        await diff.Locator("#hunks .hunk").First.WaitForAsync();
        await Check(diff, "webcapture-diff", width, ".diff-pair dd", ".hunk-text");

        var search = await NewPage("archivist", width);
        await search.GotoAsync("/");
        await search.Locator("#capture-box summary").ClickAsync();
        await search.Locator("#capture-urls").FillAsync("not a url\nftp://example.org/x");
        await search.Locator("#capture-form button[type=submit]").ClickAsync();
        await search.Locator("#capture-summary", new() { HasTextString = "Done:" }).WaitForAsync();
        await Check(search, "webcapture-box", width, "#capture-results .capture-result", "#capture-urls");
    }

    /// <summary>No sideways scroll; every value element gets at least 55 % of the viewport at 400 px and 240 px at 1280; then a screenshot.</summary>
    private static async Task Check(IPage page, string name, int width, params string[] valueSelectors)
    {
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Shots, $"{name}-{width}.png"), FullPage = true });
        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - innerWidth");
        Assert.True(overflow <= 0, $"{name} at {width}px overflows by {overflow}px");
        var least = width <= 400 ? (int)(width * 0.55) : 240;
        foreach (var selector in valueSelectors)
        {
            var widths = await page.Locator(selector).EvaluateAllAsync<double[]>("nodes => nodes.map(n => n.getBoundingClientRect().width)");
            Assert.NotEmpty(widths);
            Assert.True(widths.Min() >= least, $"{name} at {width}px: {selector} is {widths.Min():0} px wide, under {least}");
        }

        await page.Context.CloseAsync();
    }

    private async Task<IPage> NewPage(string role, int width = 1280)
    {
        var context = browser.Watch(await browser.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = width, Height = 900 }, BaseURL = web.BaseUrl }));
        await context.AddInitScriptAsync($"sessionStorage.setItem('archive-token', '{web.Archive.Tokens[role]}');");
        return await context.NewPageAsync();
    }
}
