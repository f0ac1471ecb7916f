using Microsoft.Playwright;

namespace Archive.Web.Tests.Browser;

/// <summary>Defect 7: a tab opened from a signed-in tab is signed in too, with the token never in a URL.</summary>
[Collection(BrowserGroup.Name)]
public sealed class SessionTests(BrowserFixture fixture)
{
    [Fact]
    public async Task NewTab_FromSignedInTab_IsSignedInAndDownloadsWithoutTokenInUrl()
    {
        var context = fixture.Watch(await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = fixture.BaseUrl }));
        var first = await context.NewPageAsync();
        await first.GotoAsync("/");
        await first.FillAsync("#token-input", fixture.Archive.Tokens["archivist"]);
        await first.ClickAsync("#token-form button[type=submit]");
        await first.Locator("#who.ok").WaitForAsync();

        // Ctrl-click a hit: the browser opens it in a new tab whose sessionStorage starts empty.
        var errors = new List<string>();
        var requests = new List<string>();
        context.Page += (_, page) =>
        {
            page.PageError += (_, error) => errors.Add(error);
            page.Request += (_, request) => requests.Add(request.Url);
        };
        await first.GotoAsync("/?q=hasakah");
        var second = await context.RunAndWaitForPageAsync(() =>
            first.Locator(".hit-title", new() { HasTextString = "Hasakah report" }).ClickAsync(new() { Modifiers = [KeyboardModifier.Control] }));
        await second.Locator("#timeline .event").First.WaitForAsync();
        await second.Locator("#text[aria-busy='false']").WaitForAsync();
        Assert.Contains("/document.html?id=", second.Url, StringComparison.Ordinal);
        Assert.Equal("archivist-user · archivist", await second.Locator("#who").TextContentAsync());
        Assert.Contains(TestArchive.Phrase, await second.Locator("#text").TextContentAsync(), StringComparison.Ordinal);
        var download = await second.RunAndWaitForDownloadAsync(() => second.ClickAsync("#original"));
        Assert.Equal("report.txt", download.SuggestedFilename);
        Assert.DoesNotContain(requests, url => url.Contains(fixture.Archive.Tokens["archivist"], StringComparison.Ordinal));
        Assert.DoesNotContain("arch_", second.Url, StringComparison.Ordinal);
        Assert.Empty(errors);

        // Forgetting the token in one tab signs every tab out.
        await first.ClickAsync("#token-forget");
        await second.Locator("#who", new() { HasTextString = "No token" }).WaitForAsync();
        Assert.Equal(string.Empty, await second.EvaluateAsync<string>("() => sessionStorage.getItem('archive-token') ?? ''"));
        await context.CloseAsync();
    }

    [Fact]
    public async Task DocumentPage_NoTabToAsk_SaysHowToSignInAndNeverThrows()
    {
        var context = fixture.Watch(await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = fixture.BaseUrl }));
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.PageError += (_, error) => errors.Add(error);
        await page.GotoAsync($"/document.html?id={fixture.Archive.ReportId.Short}");
        var status = page.Locator("#status .error");
        await status.WaitForAsync();
        Assert.StartsWith("Signed out: paste a bearer token", await status.TextContentAsync(), StringComparison.Ordinal);
        Assert.True(await page.Locator("#original").IsDisabledAsync(), "Download original waits for a document");
        await page.Locator("#original").DispatchEventAsync("click");
        Assert.Empty(errors);
        await context.CloseAsync();
    }

    [Theory]
    [InlineData("reader", false, false, false)]
    [InlineData("author", true, false, false)]
    [InlineData("archivist", true, true, false)]
    [InlineData("auditor", false, false, true)]
    public async Task Ui_Role_OffersOnlyWhatTheRoleMayDo(string role, bool brief, bool ingest, bool audit)
    {
        var page = await fixture.NewPage(role);
        await page.GotoAsync($"/document.html?id={fixture.Archive.ReportId.Short}");
        await page.Locator("#timeline .event").First.WaitForAsync();
        await page.Locator("#text[aria-busy='false']").WaitForAsync();
        await page.WaitForFunctionAsync($"() => document.body.dataset.role === '{role}'");
        Assert.Equal(brief, await page.Locator("header nav a", new() { HasTextString = "Brief" }).IsVisibleAsync());
        Assert.Equal(audit, await page.Locator("header nav a", new() { HasTextString = "Audit" }).IsVisibleAsync());
        Assert.Equal(brief, await page.Locator("#to-brief").IsVisibleAsync());
        Assert.Equal(ingest, await page.Locator("#edit-metadata").IsVisibleAsync());

        await page.GotoAsync("/");
        await page.WaitForFunctionAsync($"() => document.body.dataset.role === '{role}'");
        Assert.Equal(ingest, await page.Locator("#upload").IsVisibleAsync());
        await page.Context.CloseAsync();
    }
}
