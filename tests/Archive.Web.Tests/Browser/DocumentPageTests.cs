using Microsoft.Playwright;

namespace Archive.Web.Tests.Browser;

[Collection(BrowserGroup.Name)]
public sealed class DocumentPageTests(BrowserFixture fixture)
{
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
}
