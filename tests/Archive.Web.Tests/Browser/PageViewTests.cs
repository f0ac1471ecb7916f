using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Archive.Core.Text;
using Microsoft.Playwright;

namespace Archive.Web.Tests.Browser;

/// <summary>The original page beside the text on the document page (js/pages.js): a printed PDF and a scan, at 1280 and 400 px.</summary>
[Collection(BrowserGroup.Name)]
public sealed class PageViewTests(BrowserFixture fixture) : IDisposable
{
    private const string Quote = "The second convoy left the northern camp before dawn and reached the river crossing by noon.";

    private static readonly string Shots = Path.Combine(Path.GetTempPath(), "shots");

    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData(1280)]
    [InlineData(400)]
    public async Task PageView_PdfPassage_BoxesLieOnTheImageAndThePageFits(int width)
    {
        var (id, start, end) = await UploadReport();
        var page = await fixture.NewPage("reader", width);

        await page.GotoAsync($"/document.html?id={id}&start={start}&end={end}");
        await page.Locator("#page-view[data-state=ready]").WaitForAsync();
        await page.Locator("#text mark#passage").WaitForAsync();
        Directory.CreateDirectory(Shots);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Shots, $"document-pages-{width}.png"), FullPage = true });
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Shots, $"document-pages-{width}-top.png") });

        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - innerWidth");
        Assert.True(overflow <= 0, $"the page overflows by {overflow}px at {width}px");
        var image = await Box(page, "#page-image");
        Assert.True(image.Width > 150, $"the page image is {image.Width}px wide");
        var marks = await page.Locator(".page-mark").CountAsync();
        Assert.True(marks >= 1, "no box marks the passage");
        for (var i = 0; i < marks; i++)
        {
            var mark = await page.Locator(".page-mark").Nth(i).BoundingBoxAsync();
            Assert.NotNull(mark);
            Assert.True(mark.X >= image.X - 1 && mark.Y >= image.Y - 1 && mark.X + mark.Width <= image.X + image.Width + 1 && mark.Y + mark.Height <= image.Y + image.Height + 1,
                $"box {i} ({mark.X}, {mark.Y}, {mark.Width} × {mark.Height}) is not within the image ({image.X}, {image.Y}, {image.Width} × {image.Height})");
            // The quoted paragraph is the third on the page: below the top margin, above the middle.
            var fraction = (mark.Y - image.Y) / image.Height;
            Assert.InRange(fraction, 0.08, 0.5);
        }

        var text = await Box(page, "#text");
        var view = await Box(page, "#page-view");
        if (width >= 1000)
        {
            Assert.True(view.X + view.Width <= text.X + 1, "at 1280 px the page stands beside the text, on its left");
        }
        else
        {
            Assert.True(view.Y + view.Height <= text.Y + 1, "at 400 px the page stands above the text");
        }

        Assert.Equal("Page 1 of 2", await page.Locator("#page-label").TextContentAsync());
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task PageView_NextAndPrevious_ShowEachPageAndStopAtTheEnds()
    {
        var (id, start, end) = await UploadReport();
        var page = await fixture.NewPage("reader");
        await page.GotoAsync($"/document.html?id={id}&start={start}&end={end}");
        await page.Locator("#page-view[data-state=ready]").WaitForAsync();
        Assert.True(await page.Locator("#page-prev").IsDisabledAsync());

        await page.ClickAsync("#page-next");
        await page.Locator("#page-view[data-page='2'][data-state=ready]").WaitForAsync();

        Assert.Equal("Page 2 of 2", await page.Locator("#page-label").TextContentAsync());
        Assert.True(await page.Locator("#page-next").IsDisabledAsync());
        Assert.Equal(0, await page.Locator(".page-mark").CountAsync());
        Assert.Equal("The passage is on page 1.", await page.Locator("#page-note").TextContentAsync());

        await page.ClickAsync("#page-prev");
        await page.Locator("#page-view[data-page='1'][data-state=ready]").WaitForAsync();
        Assert.True(await page.Locator(".page-mark").CountAsync() >= 1);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task PageView_TextDocument_ShowsNoPageView()
    {
        var page = await fixture.NewPage("reader");

        await page.GotoAsync($"/document.html?id={fixture.Archive.ReportId}");
        await page.Locator("#page-view[data-state=none]").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });

        Assert.False(await page.Locator("#page-view").IsVisibleAsync());
        Assert.False(await page.Locator("#reading").EvaluateAsync<bool>("r => r.classList.contains('has-pages')"));
        await page.Context.CloseAsync();
    }

    private static async Task<LocatorBoundingBoxResult> Box(IPage page, string selector) =>
        await page.Locator(selector).BoundingBoxAsync() ?? throw new InvalidOperationException(selector + " is not laid out");

    /// <summary>Uploads a two-page PDF printed by Chromium (the quote is the third paragraph of page 1) and returns its id and the quote's offsets.</summary>
    private async Task<(string Id, int Start, int End)> UploadReport()
    {
        var filler = Enumerable.Range(1, 14).Select(i => $"Paragraph {i} of the appendix lists the vehicles, the drivers and the times they were seen on the road.");
        var pdf = TestPages.PrintedPdf(_dir.Path, "report-" + Guid.NewGuid().ToString("N")[..8], [
            "Field report on the movement of detainees between the eastern facilities during the winter months.",
            "Local officials said the transfers had been planned for several weeks and were carried out in stages.",
            Quote + " Witnesses described a column of buses escorted by armoured vehicles.",
            .. filler,
        ]);
        using var client = new HttpClient { BaseAddress = new Uri(fixture.BaseUrl) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", fixture.Archive.Tokens["archivist"]);
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(await File.ReadAllBytesAsync(pdf));
        file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        form.Add(file, "file", "report.pdf");
        using var response = await client.PostAsync("/api/documents", form);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("capture_id").GetString()!;
        var text = await client.GetStringAsync($"/api/documents/{id}/text");
        var index = text.IndexOf("The second convoy", StringComparison.Ordinal);
        Assert.True(index >= 0, "the PDF's text has the quote");
        var start = CodePoints.FromUtf16Index(text, index);
        return (id, start, start + "The second convoy left the northern camp".Length);
    }

    /// <summary>A temporary folder for the printed PDFs, deleted with the test.</summary>
    private sealed class TempFolder : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("archive-pages-").FullName;

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
