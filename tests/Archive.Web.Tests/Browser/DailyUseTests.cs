using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Playwright;

namespace Archive.Web.Tests.Browser;

/// <summary>The daily-use features of issue 13: packs, audit, document list, date range, facets, multi-file upload.</summary>
[Collection(BrowserGroup.Name)]
public sealed class DailyUseTests(BrowserFixture fixture)
{
    private static readonly string Shots = Path.Combine(Path.GetTempPath(), "shots");

    [Fact]
    public async Task SearchPage_MeaningOnlyBeforeAnyEmbedding_KeepsTheModeInTheUrlAndSaysWhy()
    {
        var page = await fixture.NewPage("reader");
        await page.GotoAsync("/");
        await page.FillAsync("#q", "hasakah");
        await page.SelectOptionAsync("#mode", "semantic");
        await page.ClickAsync("#search-form button[type=submit]");
        var note = page.Locator("#notes .note", new() { HasTextString = "meaning not used" });
        await note.WaitForAsync();

        Assert.Contains("mode=semantic", page.Url, StringComparison.Ordinal);
        Assert.Contains("archive embed", await note.TextContentAsync(), StringComparison.Ordinal);
        Assert.True(await page.Locator("#hits .hit").CountAsync() > 0, "it still ranks by words");
        await page.ReloadAsync();
        Assert.Equal("semantic", await page.InputValueAsync("#mode"));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task PacksPage_BuiltPack_ListsDownloadsAndVerifies()
    {
        using var author = Client("author");
        var built = await author.PostAsync("/api/briefs", Briefs.Markdown(Briefs.Valid(fixture.Archive)));
        Assert.True(built.StatusCode == HttpStatusCode.OK, await built.Content.ReadAsStringAsync());
        var packId = built.Headers.GetValues("X-Pack-Id").Single();
        var packFile = built.Headers.GetValues("X-Pack-File").Single();
        var pdf = await built.Content.ReadAsByteArrayAsync();

        var page = await fixture.NewPage("reader");
        await page.GotoAsync("/packs.html");
        var item = page.Locator($".pack[data-pack='{packId}']");
        await item.WaitForAsync();
        Assert.Contains("Web test brief", await item.Locator(".pack-title").TextContentAsync(), StringComparison.Ordinal);

        var download = await page.RunAndWaitForDownloadAsync(() => item.Locator(".download-pdf").ClickAsync());
        Assert.Equal(packFile, download.SuggestedFilename);
        Assert.Equal(pdf, await File.ReadAllBytesAsync((await download.PathAsync())!));

        await item.Locator("button.verify").ClickAsync();
        var verdict = item.Locator(".verdict");
        await verdict.WaitForAsync(new() { Timeout = 60_000 });
        Assert.Matches("^Verified: [0-9]+ checks and 1 citation hold\\.$", await verdict.TextContentAsync());
        Assert.DoesNotContain("null", await item.Locator(".verify-result").TextContentAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await item.Locator(".checks li.error").CountAsync());
        await Capture(page, "packs-verified");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task AuditPage_VerifyWithoutRecording_WritesNoEventAndCheckpointChecksWithOpenssl()
    {
        var page = await fixture.NewPage("auditor");
        await page.GotoAsync("/audit.html");
        await page.UncheckAsync("#record");
        var first = await VerifyEvents(page);
        Assert.Equal("—", await Row(page, "recorded as event"));
        var second = await VerifyEvents(page);
        Assert.Equal(first, second);

        await page.CheckAsync("#record");
        await VerifyEvents(page);
        Assert.Matches("^[0-9]+$", await Row(page, "recorded as event"));

        // The newest checkpoint, its signature and the public key, each as the page saves them, check with openssl.
        await page.ClickAsync("#reload");
        var checkpoint = page.Locator("#checkpoints .checkpoint").First;
        await checkpoint.WaitForAsync();
        await checkpoint.Locator("summary").ClickAsync();
        await Capture(page, "audit-checkpoint");
        Assert.True(await page.Locator("#checkpoints .checkpoint:visible").CountAsync() <= 5, "only the newest checkpoints are shown at first");
        if (await page.Locator("#older-checkpoints").CountAsync() > 0)
        {
            var total = await page.Locator("#checkpoints .checkpoint").CountAsync();
            await page.ClickAsync("#older-checkpoints");
            Assert.Equal(total, await page.Locator("#checkpoints .checkpoint:visible").CountAsync());
        }

        var folder = Directory.CreateTempSubdirectory("checkpoint-").FullName;
        try
        {
            var files = new List<string>();
            foreach (var button in new[] { checkpoint.Locator("button", new() { HasTextString = ".txt" }), checkpoint.Locator("button", new() { HasTextString = ".sig" }), page.Locator("#public-key-download") })
            {
                var download = await page.RunAndWaitForDownloadAsync(() => button.ClickAsync());
                var path = Path.Combine(folder, download.SuggestedFilename);
                await download.SaveAsAsync(path);
                files.Add(path);
            }

            Assert.Equal("public.pem", Path.GetFileName(files[2]));
            Assert.Equal("Verified OK", Openssl("dgst", "-sha256", "-verify", files[2], "-signature", files[1], files[0]));
            await File.AppendAllTextAsync(files[0], " ");
            Assert.NotEqual("Verified OK", Openssl("dgst", "-sha256", "-verify", files[2], "-signature", files[1], files[0]));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }

        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task SearchPage_NoQuery_ListsNewestFirst()
    {
        var older = await fixture.Upload("older.txt", $"Older upload\n\n{Guid.NewGuid()}\n");
        var newer = await fixture.Upload("newer.txt", $"Newer upload\n\n{Guid.NewGuid()}\n");
        var page = await fixture.NewPage("reader");
        await page.GotoAsync("/");
        await page.Locator("#hits .hit-title").First.WaitForAsync();
        var links = await page.Locator("#hits .hit-title").EvaluateAllAsync<string[]>("links => links.map(a => decodeURIComponent(a.getAttribute('href')))");
        Assert.Contains(newer, links[0], StringComparison.Ordinal);
        Assert.Contains(older, links[1], StringComparison.Ordinal);
        Assert.Contains("most recently added first", await page.Locator("#summary").TextContentAsync(), StringComparison.Ordinal);
        await page.Context.CloseAsync();
    }

    [Theory]
    [InlineData(1280)]
    [InlineData(400)]
    public async Task SearchPage_ManyPublishersAndDateRange_MoreShowsTheRestAndRangeFilters(int width)
    {
        Directory.CreateDirectory(Shots);
        var word = $"facetword{width}";
        using var archivist = Client("archivist");
        for (var n = 1; n <= 10; n++)
        {
            using var form = new MultipartFormDataContent();
            var file = new ByteArrayContent(Encoding.UTF8.GetBytes($"Facet sample {n}\n\n{word} {Guid.NewGuid()}\n"));
            file.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
            form.Add(file, "file", $"facet-{width}-{n}.txt");
            form.Add(new StringContent($"Publisher {n:00}"), "publisher");
            form.Add(new StringContent($"20{10 + n}-06-01"), "published");
            Assert.Equal(HttpStatusCode.Created, (await archivist.PostAsync("/api/documents", form)).StatusCode);
        }

        var page = await fixture.NewPage("reader", width);
        await page.GotoAsync($"/?q={word}");
        var more = page.Locator(".facet-more[data-facet='publisher']");
        await more.WaitForAsync();
        Assert.Equal(8, await page.Locator("button.facet[data-facet='publisher']:visible").CountAsync());
        Assert.Equal("2 more", await more.TextContentAsync());
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Shots, $"search-facets-{width}.png"), FullPage = true });
        Assert.True(await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - innerWidth") <= 0, "no sideways scroll");
        await more.ClickAsync();
        Assert.Equal(10, await page.Locator("button.facet[data-facet='publisher']:visible").CountAsync());

        await page.FillAsync("#range-from", "2013");
        await page.FillAsync("#range-to", "2015-12-31");
        await page.ClickAsync("#date-range button[type=submit]");
        await page.WaitForURLAsync($"**/?q={word}&from=2013&to=2015-12-31");
        await page.WaitForFunctionAsync("() => /^1–3 of 3 hits|^3 hits/.test(document.getElementById('summary').textContent)");
        Assert.Equal(2, await page.Locator(".chip.filter").CountAsync());
        Assert.Equal("2013", await page.InputValueAsync("#range-from"));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task SearchPage_TypeFacet_TicksSeveralValuesAndMatchesAnyOfThem()
    {
        var word = $"multiword{Guid.NewGuid():N}"[..20];
        using var archivist = Client("archivist");
        foreach (var type in new[] { "article", "report", "statement" })
        {
            using var form = new MultipartFormDataContent();
            var file = new ByteArrayContent(Encoding.UTF8.GetBytes($"Typed {type}\n\n{word} {Guid.NewGuid()}\n"));
            file.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
            form.Add(file, "file", $"{type}-{word}.txt");
            form.Add(new StringContent(type), "source_type");
            Assert.Equal(HttpStatusCode.Created, (await archivist.PostAsync("/api/documents", form)).StatusCode);
        }

        var page = await fixture.NewPage("reader");
        await page.GotoAsync($"/?q={word}");
        await page.Locator("button.facet[data-facet='type']", new() { HasTextString = "article" }).ClickAsync();
        await page.WaitForURLAsync($"**/?q={word}&type=article");
        await page.WaitForFunctionAsync("() => document.getElementById('summary').textContent.startsWith('1 hit')");
        // The values not ticked stay on offer with the counts they would add.
        var report = page.Locator("button.facet[data-facet='type'][aria-pressed='false']", new() { HasTextString = "report" });
        Assert.Equal("1", await report.Locator(".count").TextContentAsync());
        await report.ClickAsync();
        await page.WaitForURLAsync($"**/?q={word}&type=article&type=report");
        await page.WaitForFunctionAsync("() => document.getElementById('summary').textContent.startsWith('1–2 of 2 hits')");
        Assert.Equal(2, await page.Locator("button.facet[data-facet='type'][aria-pressed='true']").CountAsync());
        Assert.Equal(2, await page.Locator(".chip.filter").CountAsync());

        await page.Locator(".chip.filter", new() { HasTextString = "article" }).Locator(".remove").ClickAsync();
        await page.WaitForURLAsync($"**/?q={word}&type=report");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task SearchPage_PublisherFacet_TicksSeveralPublishersAndTheUnknownBucket()
    {
        var word = $"pubword{Guid.NewGuid():N}"[..20];
        using var archivist = Client("archivist");
        foreach (var publisher in new[] { "Hawar News", "Rudaw", "" })
        {
            using var form = new MultipartFormDataContent();
            var file = new ByteArrayContent(Encoding.UTF8.GetBytes($"Published by {publisher}\n\n{word} {Guid.NewGuid()}\n"));
            file.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
            form.Add(file, "file", $"pub-{publisher.Length}-{word}.txt");
            if (publisher.Length > 0)
            {
                form.Add(new StringContent(publisher), "publisher");
            }

            Assert.Equal(HttpStatusCode.Created, (await archivist.PostAsync("/api/documents", form)).StatusCode);
        }

        var page = await fixture.NewPage("reader");
        await page.GotoAsync($"/?q={word}");
        var unknown = page.Locator("button.facet-unknown[data-facet='publisher']");
        Assert.Equal("unknown1", (await unknown.TextContentAsync())!.Replace(" ", string.Empty, StringComparison.Ordinal));
        await page.Locator("button.facet[data-facet='publisher']", new() { HasTextString = "Hawar News" }).ClickAsync();
        await page.WaitForFunctionAsync("() => document.getElementById('summary').textContent.startsWith('1 hit')");
        // The publishers not ticked stay on offer, with the unknown bucket.
        await page.Locator("button.facet[data-facet='publisher'][aria-pressed='false']", new() { HasTextString = "Rudaw" }).ClickAsync();
        await page.WaitForURLAsync($"**/?q={word}&publisher=Hawar+News&publisher=Rudaw");
        await page.WaitForFunctionAsync("() => document.getElementById('summary').textContent.startsWith('1–2 of 2 hits')");
        await unknown.ClickAsync();
        await page.WaitForURLAsync($"**/?q={word}&publisher=Hawar+News&publisher=Rudaw&unknown=publisher");
        await page.WaitForFunctionAsync("() => document.getElementById('summary').textContent.startsWith('1–3 of 3 hits')");
        Assert.Equal("true", await unknown.GetAttributeAsync("aria-pressed"));

        // Removing both publishers leaves only the hit without one.
        await page.Locator(".chip.filter", new() { HasTextString = "Hawar News" }).Locator(".remove").ClickAsync();
        await page.WaitForURLAsync($"**/?q={word}&publisher=Rudaw&unknown=publisher");
        await page.Locator(".chip.filter", new() { HasTextString = "Rudaw" }).Locator(".remove").ClickAsync();
        await page.WaitForURLAsync($"**/?q={word}&unknown=publisher");
        await page.WaitForFunctionAsync("() => document.getElementById('summary').textContent.startsWith('1 hit')");
        Assert.Equal("Published by", (await page.Locator(".hit-title").First.TextContentAsync())!.Trim());
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task UploadForm_SeveralFiles_ReportsEachFile()
    {
        var page = await fixture.NewPage("archivist");
        await page.GotoAsync("/");
        await page.Locator("#upload:visible").WaitForAsync();
        await page.ClickAsync("#upload summary");
        var unique = Guid.NewGuid().ToString();
        await page.SetInputFilesAsync("#upload-form input[type=file]", new[]
        {
            new FilePayload { Name = "first.txt", MimeType = "text/plain", Buffer = Encoding.UTF8.GetBytes($"First of three\n\n{unique}\n") },
            new FilePayload { Name = "second.txt", MimeType = "text/plain", Buffer = Encoding.UTF8.GetBytes($"First of three\n\n{unique}\n") },
            new FilePayload { Name = "third.exe", MimeType = "application/octet-stream", Buffer = [0x4d, 0x5a, 0x90, 0x00, 0x03] },
        });
        await page.ClickAsync("#upload-form button[type=submit]");
        await page.Locator("#upload-status p", new() { HasTextString = "of 3 files stored" }).WaitForAsync();
        var items = page.Locator("#upload-results li");
        Assert.Equal(3, await items.CountAsync());
        Assert.Contains("first.txt ingested", await items.Nth(0).TextContentAsync(), StringComparison.Ordinal);
        Assert.Contains("second.txt duplicate", await items.Nth(1).TextContentAsync(), StringComparison.Ordinal);
        Assert.Contains("third.exe refused", await items.Nth(2).TextContentAsync(), StringComparison.Ordinal);
        Assert.Equal("2 of 3 files stored.", await page.Locator("#upload-status p").First.TextContentAsync());
        await Capture(page, "upload-results");
        await page.Context.CloseAsync();
    }

    /// <summary>Full-page screenshots at 1280 and 400 px, with no sideways scroll at either width.</summary>
    private static async Task Capture(IPage page, string name)
    {
        Directory.CreateDirectory(Shots);
        foreach (var width in new[] { 1280, 400 })
        {
            await page.SetViewportSizeAsync(width, 900);
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Shots, $"{name}-{width}.png"), FullPage = true });
            Assert.True(await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - innerWidth") <= 0, $"{name} at {width}px scrolls sideways");
        }

        await page.SetViewportSizeAsync(1280, 900);
    }

    private static async Task<string> VerifyEvents(IPage page)
    {
        await page.EvaluateAsync("() => document.getElementById('report').replaceChildren()");
        await page.ClickAsync("#verify");
        await page.Locator("#report .ok.big").WaitForAsync(new() { Timeout = 60_000 });
        return await Row(page, "events");
    }

    private static Task<string> Row(IPage page, string name) =>
        page.EvaluateAsync<string>("name => [...document.querySelectorAll('#report dt')].find(dt => dt.textContent === name).nextElementSibling.textContent", name);

    private static string Openssl(params string[] args)
    {
        var start = new ProcessStartInfo("openssl") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        return output.Trim();
    }

    private HttpClient Client(string role)
    {
        var client = new HttpClient { BaseAddress = new Uri(fixture.BaseUrl) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", fixture.Archive.Tokens[role]);
        return client;
    }
}
