using Archive.Core;
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
        await page.Locator("#text[aria-busy='false']").WaitForAsync();

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
            await page.Locator("#text[aria-busy='false']").WaitForAsync();
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

    [Fact]
    public async Task LongText_OpenAtPassage_RendersAWindowFastAndLoadsMoreOnScroll()
    {
        // About 3.4 million code points with the quote near the start and again in the middle (the one the link opens).
        const string Quote = "the convoy left \"Camp Roj\" at dawn";
        var line = string.Concat(Enumerable.Range(0, 40).Select(i => $"Record line {i} of the long ledger.\n"));
        var half = string.Concat(Enumerable.Repeat(line, 1200));
        var text = "Ledger\n\n" + Quote + ".\n" + half + Quote + ".\n" + half;
        var id = await fixture.Upload("ledger.txt", text);
        var at = text.LastIndexOf(Quote, StringComparison.Ordinal);
        var page = await fixture.NewPage("author");
        var started = DateTime.UtcNow;
        await page.GotoAsync($"/document.html?id={id}&start={at}&end={at + Quote.Length}");
        var mark = page.Locator("#text mark#passage");
        await mark.WaitForAsync();
        await page.WaitForFunctionAsync("() => { const r = document.getElementById('passage').getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight; }");
        var opened = DateTime.UtcNow - started;
        Directory.CreateDirectory(Shots);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Shots, "document-long-1280.png") });
        Assert.Equal(Quote, await mark.TextContentAsync());
        var shown = await page.EvaluateAsync<int>("() => document.getElementById('text').textContent.length");
        Assert.InRange(shown, 1000, 100_000);
        Assert.True(opened < TimeSpan.FromSeconds(10), $"opening took {opened}");
        Assert.Contains("of 3,", await page.Locator("#text-range").TextContentAsync(), StringComparison.Ordinal);

        // Scrolling towards the end loads the next piece; scrolling back up loads earlier text above, keeping the place.
        await page.Locator("#text-later").ScrollIntoViewIfNeededAsync();
        await page.WaitForFunctionAsync($"() => document.getElementById('text').textContent.length > {shown}");
        var top = await mark.EvaluateAsync<double>("m => m.getBoundingClientRect().top + scrollY");
        await page.ClickAsync("#text-earlier");
        await page.WaitForFunctionAsync($"() => document.getElementById('passage').getBoundingClientRect().top + scrollY > {top} + 1000");

        // The citation of the selection counts both copies over the whole text, though this page holds only part of it.
        await mark.EvaluateAsync("m => { const r = document.createRange(); r.selectNodeContents(m); getSelection().removeAllRanges(); getSelection().addRange(r); }");
        await page.ClickAsync("#cite:enabled");
        await page.WaitForFunctionAsync("() => document.getElementById('citation').textContent.length > 0");
        var citation = await page.Locator("#citation").TextContentAsync();
        Assert.Equal($"[@{id[7..19]} \"{Quote}\" #2]", citation);
        await AssertChecksExact(citation!);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task PassageApi_RangeOverTheLimit_Returns400()
    {
        using var client = Client("reader");
        var response = await client.GetAsync($"/api/documents/{fixture.Archive.ReportId}/passage?start=0&end=300000");
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("262144", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CiteSelection_AsciiQuotes_KeepsThemAndChecksExactThenDisablesWhenCleared()
    {
        const string Quote = "He said \"stop the trucks\" twice";
        var id = await fixture.Upload("quotes.txt", $"Quotes\n\n{Quote} before noon. {Guid.NewGuid()}\n");
        var page = await fixture.NewPage("author");
        await page.GotoAsync($"/document.html?id={id}");
        await page.Locator("#timeline .event").First.WaitForAsync();
        await page.Locator("#text[aria-busy='false']").WaitForAsync();
        await page.EvaluateAsync(
            "q => { const n = document.getElementById('text').firstChild; const at = n.data.indexOf(q); const r = document.createRange(); r.setStart(n, at); r.setEnd(n, at + q.length); getSelection().removeAllRanges(); getSelection().addRange(r); }",
            Quote);
        await page.ClickAsync("#cite:enabled");
        await page.WaitForFunctionAsync("() => document.getElementById('citation').textContent.length > 0");
        var citation = await page.Locator("#citation").TextContentAsync();
        Assert.Equal($"[@{id[7..19]} \"{Quote}\"]", citation);
        await AssertChecksExact(citation!);

        await page.EvaluateAsync("() => getSelection().removeAllRanges()");
        await page.Locator("#cite:disabled").WaitForAsync();
        await page.Context.CloseAsync();
    }

    [Theory]
    [InlineData(1280)]
    [InlineData(400)]
    public async Task CiteSelection_ArabicQuote_IsolatedBetweenBracketsAndId(int width)
    {
        Directory.CreateDirectory(Shots);
        const string Arabic = "نص عربي قصير للاختبار";
        var page = await fixture.NewPage("author", width);
        await page.GotoAsync($"/document.html?id={fixture.Archive.ReportId}");
        await page.Locator("#timeline .event").First.WaitForAsync();
        await page.Locator("#text[aria-busy='false']").WaitForAsync();
        await page.EvaluateAsync(
            "q => { const n = document.getElementById('text').firstChild; const at = n.data.indexOf(q); const r = document.createRange(); r.setStart(n, at); r.setEnd(n, at + q.length); getSelection().removeAllRanges(); getSelection().addRange(r); }",
            Arabic);
        await page.ClickAsync("#cite:enabled");
        await page.Locator("#citation bdi").WaitForAsync();
        Assert.Equal($"[@{fixture.Archive.ReportId.Short} \"{Arabic}\"]", await page.Locator("#citation").TextContentAsync());
        Assert.Equal(Arabic, await page.Locator("#citation bdi").TextContentAsync());
        // Left to right: "[@id "" then the Arabic (right to left inside its isolate), then "\"]".
        var boxes = await page.EvaluateAsync<double[]>("() => ['.cite-id', 'bdi', '.cite-tail'].flatMap(s => { const r = document.querySelector('#citation ' + s).getBoundingClientRect(); return [r.left, r.right, r.top]; })");
        for (var part = 1; part < 3; part++)
        {
            var (previousRight, previousTop, left, top) = (boxes[(part * 3) - 2], boxes[(part * 3) - 1], boxes[part * 3], boxes[(part * 3) + 2]);
            Assert.True(top > previousTop + 1 || left >= previousRight - 1, $"citation part {part} is not after part {part - 1}: {string.Join(", ", boxes)}");
        }

        Assert.Equal("[@", (await page.Locator("#citation .cite-id").TextContentAsync())![..2]);
        Assert.Equal("\"]", await page.Locator("#citation .cite-tail").TextContentAsync());
        await page.Locator(".cite-bar").ScreenshotAsync(new LocatorScreenshotOptions { Path = Path.Combine(Shots, $"cite-arabic-{width}.png") });
        Assert.True(await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - innerWidth") <= 0, "no sideways scroll");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task MetadataEditor_Archivist_RecordsAnAmendmentAndNoneForTheSameValue()
    {
        var id = await fixture.Upload("amend.txt", $"Amend me\n\n{Guid.NewGuid()}\n");
        var page = await fixture.NewPage("archivist");
        await page.GotoAsync($"/document.html?id={id}");
        await page.Locator("#timeline .event").First.WaitForAsync();
        await page.Locator("#text[aria-busy='false']").WaitForAsync();
        await page.ClickAsync("#edit-metadata summary");
        await page.SelectOptionAsync("#amend-field", "reliability");
        await page.FillAsync("#amend-value", "B2");
        await page.ClickAsync("#amend-form button[type=submit]");
        await page.Locator("#amend-done", new() { HasTextString = "recorded as event" }).WaitForAsync();
        Assert.Equal("B2", await page.Locator("#fields tr.field-reliability td.value").TextContentAsync());
        Assert.Equal(1, await page.Locator("#timeline .event-metadata-amended").CountAsync());

        await page.ClickAsync("#amend-form button[type=submit]");
        await page.Locator("#amend-done", new() { HasTextString = "nothing was recorded" }).WaitForAsync();
        Assert.Equal(1, await page.Locator("#timeline .event-metadata-amended").CountAsync());
        Directory.CreateDirectory(Shots);
        foreach (var width in new[] { 1280, 400 })
        {
            await page.SetViewportSizeAsync(width, 900);
            await page.Locator("#edit-metadata").ScrollIntoViewIfNeededAsync();
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Shots, $"metadata-editor-{width}.png") });
            Assert.True(await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - innerWidth") <= 0, $"editor at {width}px scrolls sideways");
            Assert.True(await page.Locator("#amend-value").EvaluateAsync<double>("i => i.getBoundingClientRect().width") >= 150, $"the value box at {width}px is too narrow to edit in");
        }

        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task WithdrawPanel_Archivist_WithdrawsWithAReasonThenOnlyTheNoteStays()
    {
        var text = $"Withdraw me\n\n{Guid.NewGuid()}\n";
        var id = await fixture.Upload("withdraw-me.txt", text);
        var reader = await fixture.NewPage("reader");
        await reader.GotoAsync($"/document.html?id={id}");
        await reader.Locator("#timeline .event").First.WaitForAsync();
        await reader.Locator("#text[aria-busy='false']").WaitForAsync();
        Assert.False(await reader.Locator("#withdraw").IsVisibleAsync());
        await reader.Context.CloseAsync();

        var page = await fixture.NewPage("archivist", 400);
        await page.GotoAsync($"/document.html?id={id}");
        await page.Locator("#timeline .event").First.WaitForAsync();
        await page.Locator("#text[aria-busy='false']").WaitForAsync();
        await page.ClickAsync("#withdraw summary");
        await page.ClickAsync("#withdraw-form button[type=submit]");
        Assert.False(await page.Locator("#withdrawn").IsVisibleAsync()); // the browser asks for a reason first
        Directory.CreateDirectory(Shots);
        await page.Locator("#withdraw").ScrollIntoViewIfNeededAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Shots, "withdraw-form-400.png") });
        Assert.True(await page.Locator("#withdraw-reason").EvaluateAsync<double>("t => t.getBoundingClientRect().width") >= 300, "the reason box at 400px is too narrow to write in");
        await page.FillAsync("#withdraw-reason", "a test upload, not a source");
        await page.ClickAsync("#withdraw-form button[type=submit]");
        await page.Locator("#withdraw-done", new() { HasTextString = "recorded as event" }).WaitForAsync();

        Assert.Contains("a test upload, not a source", await page.Locator("#withdrawn").TextContentAsync(), StringComparison.Ordinal);
        Assert.False(await page.Locator("#withdraw-form").IsVisibleAsync());
        Assert.Equal(1, await page.Locator("#timeline .event-withdrawn").CountAsync());
        await page.Locator("#withdraw").ScrollIntoViewIfNeededAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Shots, "withdraw-panel-400.png") });
        Assert.True(await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - innerWidth") <= 0, "the panel at 400px scrolls sideways");
        await page.ReloadAsync();
        await page.Locator("#timeline .event").First.WaitForAsync();
        Assert.True(await page.Locator("#withdrawn").IsVisibleAsync());
        Assert.False(await page.Locator("#withdraw-form").IsVisibleAsync());

        // The search page's list of documents (no query) marks it, as `archive list` does.
        await page.GotoAsync("/");
        var listed = page.Locator($"#hits li.hit:has(a[href*='{id[(id.IndexOf(':') + 1)..]}'])");
        await listed.WaitForAsync();
        Assert.Equal("withdrawn", await listed.Locator(".chip-withdrawn").TextContentAsync());
        Assert.Equal(0, await page.Locator("#hits li.hit:not(.hit-withdrawn) .chip-withdrawn").CountAsync());
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Shots, "list-withdrawn-400.png") });

        // The same bytes uploaded again: a duplicate, and the upload list says the capture stays withdrawn.
        await page.ClickAsync("#upload summary");
        await page.SetInputFilesAsync("#upload-form input[type=file]", new FilePayload { Name = "again.txt", MimeType = "text/plain", Buffer = System.Text.Encoding.UTF8.GetBytes(text) });
        await page.ClickAsync("#upload-form button[type=submit]");
        await page.Locator("#upload-status p", new() { HasTextString = "of 1 file stored" }).WaitForAsync();
        Assert.Matches("again.txt duplicate: .*withdrawn and stays out of searches", await page.Locator("#upload-results li").First.TextContentAsync());
        await page.Locator("#upload-results").ScrollIntoViewIfNeededAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Shots, "upload-withdrawn-400.png") });
        Assert.True(await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - innerWidth") <= 0, "the upload list at 400px scrolls sideways");
        await page.Context.CloseAsync();
    }

    [Theory]
    [InlineData(1280)]
    [InlineData(400)]
    public async Task Find_MarksEveryMatchAndStepsThroughThemBothWays(int width)
    {
        var page = await fixture.NewPage("reader", width);
        await page.GotoAsync($"/document.html?id={fixture.Archive.ReportId}");
        await page.Locator("#text[aria-busy='false']").WaitForAsync();
        await page.FillAsync("#find", "detainees");
        await page.PressAsync("#find", "Enter");
        await page.WaitForFunctionAsync("() => document.getElementById('find-status').textContent === '1 of 2 matches'");
        Assert.Equal(["detainees", "detainees"], await page.Locator("#text mark.match").AllTextContentsAsync());
        Assert.Equal("0", await page.Locator("#text mark.match-current").GetAttributeAsync("data-match"));

        await page.PressAsync("#find", "Enter");
        await page.WaitForFunctionAsync("() => document.getElementById('find-status').textContent === '2 of 2 matches'");
        Assert.Equal("1", await page.Locator("#text mark.match-current").GetAttributeAsync("data-match"));
        Directory.CreateDirectory(Shots);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Shots, $"document-find-{width}.png") });
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= innerWidth"), $"the page overflows sideways at {width}px");
        var bar = await page.Locator("#find-form").BoundingBoxAsync();
        Assert.True(bar!.X + bar.Width <= width, $"the find bar ends at {bar.X + bar.Width}px of {width}");
        // The bar stays on screen while the text scrolls to the match, so the reader sees "2 of 2" beside it.
        Assert.True(await page.EvaluateAsync<bool>("() => { const s = document.getElementById('find-status').getBoundingClientRect(); const m = document.querySelector('#text mark.match-current').getBoundingClientRect(); return scrollY > 0 && s.top >= 0 && s.bottom <= innerHeight && m.top >= s.bottom; }"), "the find bar scrolled away from the match");
        await page.PressAsync("#find", "Shift+Enter");
        await page.WaitForFunctionAsync("() => document.getElementById('find-status').textContent === '1 of 2 matches'");
        await page.ClickAsync("#find-prev");
        await page.WaitForFunctionAsync("() => document.getElementById('find-status').textContent === '2 of 2 matches'");

        // The search syntax works here too: a phrase is one match; a syntax error names its column.
        await page.FillAsync("#find", "\"forces entered\"");
        await page.PressAsync("#find", "Enter");
        await page.WaitForFunctionAsync("() => document.getElementById('find-status').textContent === '1 of 1 match'");
        Assert.Equal(["forces entered"], await page.Locator("#text mark.match").AllTextContentsAsync());
        await page.FillAsync("#find", "detainees AND (");
        await page.PressAsync("#find", "Enter");
        await page.WaitForFunctionAsync("() => document.getElementById('find-status').textContent.startsWith('Query syntax error at column')");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Find_InLongText_JumpsToAMatchOutsideTheLoadedWindow()
    {
        var line = string.Concat(Enumerable.Range(0, 40).Select(i => $"Entry {i} of the prison register.\n"));
        var text = "Register\n\n" + string.Concat(Enumerable.Repeat(line, 600)) + "The ledger names Ghuwayran at the very end.\n";
        var id = await fixture.Upload("register.txt", text);
        var page = await fixture.NewPage("reader");
        await page.GotoAsync($"/document.html?id={id}");
        await page.Locator("#text[aria-busy='false']").WaitForAsync();
        Assert.StartsWith("Showing characters 0–", await page.Locator("#text-range").TextContentAsync(), StringComparison.Ordinal);

        await page.FillAsync("#find", "ghuwayran");
        await page.PressAsync("#find", "Enter");
        await page.WaitForFunctionAsync("() => document.getElementById('find-status').textContent === '1 of 1 match'");
        var current = page.Locator("#text mark.match-current");
        Assert.Equal("Ghuwayran", await current.TextContentAsync());
        await page.WaitForFunctionAsync("() => { const r = document.querySelector('#text mark.match-current').getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight; }");
        Assert.DoesNotContain("Showing characters 0–", await page.Locator("#text-range").TextContentAsync(), StringComparison.Ordinal);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task OpenedFromSearch_MarksTheQueryInTheWholeText()
    {
        var page = await fixture.NewPage("reader");
        await page.GotoAsync($"/document.html?id={fixture.Archive.ReportId}&q=detainees");
        await page.WaitForFunctionAsync("() => document.getElementById('find-status').textContent === '2 matches'");
        Assert.Equal("detainees", await page.InputValueAsync("#find"));
        Assert.Equal(2, await page.Locator("#text mark.match").CountAsync());
        Assert.Equal(0, await page.Locator("#text mark.match-current").CountAsync());
        await page.Context.CloseAsync();
    }

    private HttpClient Client(string role)
    {
        var client = new HttpClient { BaseAddress = new Uri(fixture.BaseUrl) };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", fixture.Archive.Tokens[role]);
        return client;
    }

    /// <summary>The citation, in a brief, resolves <c>exact</c> through the brief check.</summary>
    private async Task AssertChecksExact(string citation)
    {
        using var client = Client("author");
        var response = await client.PostAsync("/api/briefs/check", Briefs.Markdown(Briefs.With($"Quoted: {citation}.")));
        var report = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, report);
        using var json = System.Text.Json.JsonDocument.Parse(report);
        Assert.Equal("exact", json.RootElement.GetProperty("citations")[0].GetProperty("status").GetString());
    }

    /// <summary>The repo's five sample sources with their sidecars (long notes, tags, sidecar origins), ingested once.</summary>
    [Theory]
    [InlineData(1280)]
    [InlineData(400)]
    public async Task Withdrawn_SaysWhenByWhomAndWhyAboveTheTextAndFits(int width)
    {
        var id = await fixture.Upload($"withdrawn-{width}.txt", "Skip to content\nMenu Home About\n" + Guid.NewGuid());
        var kept = await fixture.Upload($"kept-{width}.txt", "Statement\nThe council met.\n" + Guid.NewGuid());
        using (var archive = ArchiveCore.Open(new ArchiveLayout(fixture.Archive.Root), TimeProvider.System))
        {
            archive.Withdrawer.Withdraw(CaptureId.Parse(id), "a site's navigation saved as a page, not a source.", "browser-tests");
        }

        var page = await fixture.NewPage("reader", width);
        await page.GotoAsync($"/document.html?id={id}");
        var note = page.Locator("#withdrawn");
        await note.WaitForAsync();
        Directory.CreateDirectory(Shots);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Shots, $"document-withdrawn-{width}.png") });

        Assert.Matches(@"^Withdrawn \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC by browser-tests \(event #\d+\): a site's navigation saved as a page, not a source\. Searches leave it out", await note.TextContentAsync());
        var box = await note.BoundingBoxAsync();
        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - innerWidth");
        Assert.True(box!.Width >= width / 2 && box.Height <= 200, $"the note is {box.Width}x{box.Height}px at {width}px");
        Assert.True(overflow <= 0, $"the page overflows by {overflow}px at {width}px");
        await page.GotoAsync($"/document.html?id={kept}");
        await page.Locator("#timeline .event").First.WaitForAsync();
        Assert.False(await note.IsVisibleAsync());
        await page.Context.CloseAsync();
    }

    private List<CaptureId> IngestSamples()
    {
        using var archive = ArchiveCore.Open(new ArchiveLayout(fixture.Archive.Root), TimeProvider.System);
        var outcomes = ScratchArchive.IngestSamples(archive, "browser-tests");
        Assert.Equal(5, outcomes.Count(o => o.CaptureId is not null));
        return [.. outcomes.Select(o => o.CaptureId!.Value)];
    }
}
