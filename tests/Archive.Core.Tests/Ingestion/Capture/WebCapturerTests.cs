using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Archive.Core.Ingestion.Capture;
using Archive.Core.Metadata;
using Archive.Core.Storage;

namespace Archive.Core.Tests.Ingestion.Capture;

/// <summary>
/// Captures pages from a site served on 127.0.0.1 with real headless Chromium; every WARC is read back by an outside
/// reader (warcio.js), which must parse every record and agree with every digest.
/// </summary>
public sealed class WebCapturerTests : IDisposable
{
    private const string Css = "h1 { color: #123456; }";
    private static readonly byte[] Png = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==");

    private readonly TempArchive _archive = new();
    private readonly LocalSite _site = new();

    public void Dispose()
    {
        _site.Dispose();
        _archive.Dispose();
    }

    [Fact]
    public async Task Capture_StaticArticle_StoresWarcScreenshotAndRenderedTextWithPageMetadata()
    {
        _site.Html("/article.html", """
            <!doctype html><html lang="en"><head><meta charset="utf-8"><title>Site | Prison statement</title>
            <meta property="og:title" content="Prison statement">
            <meta name="author" content="Jane Doe">
            <meta property="article:published_time" content="2026-01-21T10:00:00Z">
            <link rel="canonical" href="http://example.org/statement">
            <link rel="stylesheet" href="/style.css"></head>
            <body><h1>Prison statement</h1><p>Detainees were moved on 21 January.</p><img src="/photo.png" alt=""></body></html>
            """)
            .Static("/style.css", "text/css", Encoding.UTF8.GetBytes(Css))
            .Static("/photo.png", "image/png", Png);

        var outcome = await Capture(_site.Url("/article.html"));

        Assert.Equal(CaptureStatus.Captured, outcome.Status);
        Assert.Equal(200, outcome.HttpStatus);
        Assert.Empty(outcome.Warnings!);
        var detail = _archive.Reader.Show(outcome.CaptureId!.Value)!.Capture;
        Assert.Equal("application/warc", detail.MediaType);
        Assert.Equal("Prison statement", detail.Title);
        var text = Text(outcome);
        Assert.Contains("Detainees were moved on 21 January.", text, StringComparison.Ordinal);
        Assert.DoesNotContain("color", text, StringComparison.Ordinal);

        var fields = FieldsOf(outcome.CaptureId!.Value.Value);
        Assert.Equal(("[\"Jane Doe\"]", "document:chromium-rendered-dom"), fields["authors"]);
        Assert.Equal(("2026-01-21T10:00:00Z", "document:chromium-rendered-dom"), fields["published"]);
        Assert.Equal((_site.Url("/article.html"), "capture"), fields["source_url"]);

        // The WARC is the original, named by its SHA-256; the screenshot is a PNG stored under its own hash.
        var warcPath = _archive.Services.Store.PathFor(outcome.CaptureId!.Value.Digest);
        Assert.Equal(outcome.CaptureId?.Value, "sha256:" + Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(warcPath))));
        var screenshot = File.ReadAllBytes(_archive.Services.Store.PathFor(Sha256Digest.Parse(outcome.Screenshot!)));
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, screenshot[..4]);

        var report = Warcio.Check(warcPath);
        Assert.Empty(report["problems"]!.AsArray());
        var records = report["records"]!.AsArray().Select(r => r!.AsObject()).ToList();
        Assert.All(records, r => Assert.Equal("WARC/1.1", r["version"]!.GetValue<string>()));
        Assert.Equal("warcinfo", records[0]["type"]!.GetValue<string>());
        foreach (var path in new[] { "/article.html", "/style.css", "/photo.png" })
        {
            var response = records.Single(r => r["type"]!.GetValue<string>() == "response" && r["target"]!.GetValue<string>() == _site.Url(path));
            Assert.True(response["payload_digest_ok"]!.GetValue<bool>());
            Assert.Equal(200, response["status"]!.GetValue<int>());
            Assert.Contains(records, r => r["type"]!.GetValue<string>() == "request" && r["target"]!.GetValue<string>() == _site.Url(path));
        }

        // The server's bytes are in the WARC exactly: the CSS payload is the served file.
        Assert.Equal(Css.Length, records.Single(r => r["target"]?.GetValue<string>() == _site.Url("/style.css") && r["type"]!.GetValue<string>() == "response")["payload_length"]!.GetValue<int>());
        var metadata = records.Single(r => r["type"]!.GetValue<string>() == "metadata")["fields"]!.GetValue<string>();
        Assert.Contains("final-status: 200", metadata, StringComparison.Ordinal);
        Assert.Contains("browser: ", metadata, StringComparison.Ordinal);
        Assert.Contains("screenshot: " + outcome.Screenshot, metadata, StringComparison.Ordinal);

        var captured = _archive.Services.LogService.Events().Single(e => e.Type == "captured");
        Assert.Contains(outcome.Screenshot!, captured.Json, StringComparison.Ordinal);
        Assert.Contains("\"canonical_url\":\"http://example.org/statement\"", captured.Json, StringComparison.Ordinal);
        Assert.Empty(_archive.Services.Verifier.Verify("test-agent", false, null, CancellationToken.None).Problems);
    }

    [Fact]
    public async Task Capture_RedirectChain_RecordsEveryHopAndTheFinalPage()
    {
        _site.Redirect("/old", 301, "/moved").Redirect("/moved", 302, _site.Url("/final.html")).Html("/final.html", "<p>Final page</p>");

        var outcome = await Capture(_site.Url("/old"));

        Assert.Equal(CaptureStatus.Captured, outcome.Status);
        Assert.Equal([301, 302, 200], outcome.Redirects!.Select(h => h.Status));
        Assert.Equal(_site.Url("/final.html"), outcome.FinalUrl);
        Assert.Equal("/moved", outcome.Redirects![0].Location);
        var report = Warcio.Check(WarcPath(outcome));
        Assert.Empty(report["problems"]!.AsArray());
        var metadata = report["records"]!.AsArray().Single(r => r!["type"]!.GetValue<string>() == "metadata")!["fields"]!.GetValue<string>();
        Assert.Contains($"redirect: 301 {_site.Url("/old")} -> /moved", metadata, StringComparison.Ordinal);
        Assert.Contains($"final-url: {_site.Url("/final.html")}", metadata, StringComparison.Ordinal);
        Assert.Contains("Final page", Text(outcome), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Capture_ApostropheInTheQuery_IsMatchedWithWhatTheBrowserAskedFor()
    {
        _site.Html("/echo", "<p>Echo page for a name</p>");

        var outcome = await Capture(_site.Url("/echo?name=O'Brien"));

        Assert.True(outcome.Status == CaptureStatus.Captured, outcome.Reason);
        Assert.Equal(200, outcome.HttpStatus);
        Assert.Contains("Echo page for a name", Text(outcome), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(404, "Not here")]
    [InlineData(500, "Server broke")]
    public async Task Capture_ErrorStatus_CapturedWithStatusAndWarning(int status, string body)
    {
        _site.Html("/page", $"<p>{body}</p>", status);

        var outcome = await Capture(_site.Url("/page"));

        Assert.Equal(CaptureStatus.Captured, outcome.Status);
        Assert.Equal(status, outcome.HttpStatus);
        Assert.Contains(outcome.Warnings!, w => w.StartsWith($"HTTP {status}", StringComparison.Ordinal));
        Assert.Contains(body, Text(outcome), StringComparison.Ordinal);
        Assert.Contains($"HTTP {status}", _archive.Services.LogService.Events().Single(e => e.Type == "captured").Json, StringComparison.Ordinal);
        Assert.Empty(Warcio.Check(WarcPath(outcome))["problems"]!.AsArray());
    }

    [Fact]
    public async Task Capture_TextWrittenByScriptAfterFetch_IsInTheRenderedText()
    {
        _site.Html("/app.html", """
            <div id="out">Loading…</div>
            <script>fetch('/data.json').then(r => r.json()).then(d => { document.getElementById('out').textContent = d.message; });</script>
            """)
            .Route("/data.json", async context =>
            {
                // Chunked transfer coding: the WARC keeps the chunks as sent; the payload digest covers the data without them.
                context.Response.ContentType = "application/json";
                context.Response.SendChunked = true;
                await context.Response.OutputStream.WriteAsync(Encoding.UTF8.GetBytes("{\"message\":"));
                await context.Response.OutputStream.FlushAsync();
                await context.Response.OutputStream.WriteAsync(Encoding.UTF8.GetBytes("\"Rendered by script\"}"));
                context.Response.Close();
            });

        var outcome = await Capture(_site.Url("/app.html"));

        var text = Text(outcome);
        Assert.Contains("Rendered by script", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Loading", text, StringComparison.Ordinal);
        var report = Warcio.Check(WarcPath(outcome));
        Assert.Empty(report["problems"]!.AsArray());
        var data = report["records"]!.AsArray().Single(r => r!["type"]!.GetValue<string>() == "response" && r["target"]!.GetValue<string>() == _site.Url("/data.json"))!;
        Assert.True(data["payload_digest_ok"]!.GetValue<bool>());
        Assert.Equal("{\"message\":\"Rendered by script\"}".Length, data["payload_length"]!.GetValue<int>());
        Assert.True(data["length"]!.GetValue<int>() > data["payload_length"]!.GetValue<int>() + 20);
    }

    [Fact]
    public async Task Capture_ThreeHundredImages_StopsAtTheResourceLimitAndSaysSo()
    {
        var images = string.Concat(Enumerable.Range(0, 300).Select(i => $"<img src=\"/img/{i}.png\" width=\"1\" height=\"1\">"));
        _site.Html("/gallery.html", "<p>Gallery</p>" + images);
        for (var i = 0; i < 300; i++)
        {
            _site.Static($"/img/{i}.png", "image/png", Png);
        }

        var outcome = await Capture(_site.Url("/gallery.html"), Options() with { MaxResources = 40 });

        Assert.Equal(CaptureStatus.Captured, outcome.Status);
        Assert.Contains(outcome.Warnings!, w => w.Contains("limit of 40 resources", StringComparison.Ordinal));
        var report = Warcio.Check(WarcPath(outcome));
        Assert.Empty(report["problems"]!.AsArray());
        // The limit counts every exchange through the proxy; the browser's own requests may take a slot or two.
        var responses = report["records"]!.AsArray().Count(r => r!["type"]!.GetValue<string>() == "response");
        Assert.InRange(responses, 30, 40);
        Assert.InRange(_site.Hits.Keys.Count(k => k.StartsWith("/img/", StringComparison.Ordinal)), 1, 39);
    }

    [Fact]
    public async Task Capture_ServerNeverAnswers_RefusedAfterTheTimeLimitAndNothingStored()
    {
        _site.Route("/slow", async context => await Task.Delay(Timeout.Infinite, _site.Stopping));

        var outcome = await Capture(_site.Url("/slow"), Options() with { Timeout = TimeSpan.FromSeconds(2) });

        Assert.Equal(CaptureStatus.Refused, outcome.Status);
        Assert.Contains("time limit", outcome.Reason, StringComparison.Ordinal);
        Assert.Contains(_site.Url("/slow"), outcome.Reason, StringComparison.Ordinal);
        Assert.Empty(_archive.StoredFiles());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Capture_PageThatKeepsSending_CapturedAsFarAsItCameAndMarkedTruncatedByTime(bool chunked)
    {
        // The start of the page at once, then a little more every half second for 30 s, longer than the time limit. The
        // limit also covers starting Chromium, which took over 3 s on a loaded CI machine (the page then looked unanswered).
        _site.Route("/trickle", async context =>
        {
            context.Response.ContentType = "text/html; charset=utf-8";
            context.Response.SendChunked = chunked;
            if (!chunked)
            {
                context.Response.ContentLength64 = 1_000_000;
            }

            var output = context.Response.OutputStream;
            await output.WriteAsync(Encoding.UTF8.GetBytes("<html><head><title>Trickle</title></head><body><p>tricklestart arrives first</p>" + new string(' ', 8192)), _site.Stopping);
            await output.FlushAsync(_site.Stopping);
            for (var i = 0; i < 60; i++)
            {
                await Task.Delay(500, _site.Stopping);
                await output.WriteAsync("<p>more</p>"u8.ToArray(), _site.Stopping);
                await output.FlushAsync(_site.Stopping);
            }
        });

        var outcome = await Capture(_site.Url("/trickle"), Options() with { Timeout = TimeSpan.FromSeconds(10) });

        Assert.True(outcome.Status == CaptureStatus.Captured, outcome.Reason);
        Assert.Contains("tricklestart arrives first", Text(outcome), StringComparison.Ordinal);
        Assert.Contains("WARC-Truncated: time", File.ReadAllText(WarcPath(outcome)), StringComparison.Ordinal);
        Assert.Contains(outcome.Warnings!, w => w.Contains("time limit", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Capture_ResponseOverTheByteLimit_CutThereAndMarkedTruncated()
    {
        var big = "<p>Start of a long page.</p>" + string.Concat(Enumerable.Repeat("<p>filler paragraph</p>", 20_000));
        _site.Html("/big.html", big);

        // 1,000 px is above the 900 px viewport (an empty page does not reach it) but below what the first few KB of
        // the cut document lay out to, even when a loaded machine snapshots it before the rest has been laid out.
        var outcome = await Capture(_site.Url("/big.html"), Options() with { MaxBytes = 64 * 1024, MaxScreenshotHeight = 1_000 });

        Assert.Equal(CaptureStatus.Captured, outcome.Status);
        Assert.Contains(outcome.Warnings!, w => w.Contains("byte limit of 65536 bytes", StringComparison.Ordinal));
        var report = Warcio.Check(WarcPath(outcome));
        Assert.Empty(report["problems"]!.AsArray());
        var response = report["records"]!.AsArray().Single(r => r!["type"]!.GetValue<string>() == "response")!;
        Assert.Equal("length", response["truncated"]!.GetValue<string>());
        Assert.Equal(64 * 1024, response["length"]!.GetValue<int>());
        Assert.Contains("Start of a long page.", Text(outcome), StringComparison.Ordinal);
        Assert.Contains(outcome.Warnings!, w => w.Contains("the page is", StringComparison.Ordinal) && w.Contains("covers the first 1000 px", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Capture_Windows1256Page_TextIsArabic()
    {
        var encoding = CodePagesEncoding(1256);
        var html = "<html><head><meta charset=\"windows-1256\"><title>بيان</title></head><body><p>نقل المعتقلين من سجن غويران</p></body></html>";
        _site.Static("/ar.html", "text/html", encoding.GetBytes(html));

        var outcome = await Capture(_site.Url("/ar.html"));

        Assert.Contains("نقل المعتقلين من سجن غويران", Text(outcome), StringComparison.Ordinal);
        Assert.Equal("بيان", _archive.Reader.Show(outcome.CaptureId!.Value)!.Capture.Title);
        Assert.Equal(("ar", "detected"), FieldsOf(outcome.CaptureId!.Value.Value)["language"]);
    }

    [Fact]
    public async Task Capture_RedirectToFileUrl_RefusedNamingTheTarget()
    {
        _site.Redirect("/escape", 302, "file:///etc/passwd");

        var outcome = await Capture(_site.Url("/escape"));

        Assert.Equal(CaptureStatus.Refused, outcome.Status);
        Assert.Contains("file:///etc/passwd", outcome.Reason, StringComparison.Ordinal);
        Assert.Contains("only http and https", outcome.Reason, StringComparison.Ordinal);
        Assert.Empty(_archive.StoredFiles());
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("localhost")]
    public async Task Capture_LoopbackWithoutPermission_RefusedBeforeAnyFetch(string host)
    {
        _site.Html("/page", "<p>Private</p>");

        var outcome = await Capture($"http://{host}:{_site.Port}/page", Options() with { AllowPrivateNetwork = false });

        Assert.Equal(CaptureStatus.Refused, outcome.Status);
        Assert.Contains("--allow-private-network", outcome.Reason, StringComparison.Ordinal);
        Assert.False(_site.Hits.ContainsKey("/page"));
    }

    [Theory]
    [InlineData("file:///etc/passwd", "file: scheme")]
    [InlineData("ftp://example.org/x", "ftp: scheme")]
    [InlineData("not a url", "not an absolute URL")]
    [InlineData("http://user:secret@127.0.0.1/page", "carries a user name or password")]
    public async Task Capture_NotHttp_Refused(string url, string reason)
    {
        var outcome = await Capture(url);

        Assert.Equal(CaptureStatus.Refused, outcome.Status);
        Assert.Contains(reason, outcome.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Capture_SameUrlTwice_SecondIsVersionTwoOfTheSameSource()
    {
        var visits = 0;
        _site.Route("/live", async context =>
        {
            var body = Encoding.UTF8.GetBytes($"<title>Live page</title><p>Visit {Interlocked.Increment(ref visits)}</p>");
            context.Response.ContentType = "text/html; charset=utf-8";
            context.Response.ContentLength64 = body.Length;
            await context.Response.OutputStream.WriteAsync(body);
            context.Response.Close();
        });

        var first = await Capture(_site.Url("/live"));
        var second = await Capture(_site.Url("/live"));

        Assert.Equal(1, first.SourceVersion);
        Assert.Equal(2, second.SourceVersion);
        Assert.Equal(first.Slug, second.Slug);
        Assert.NotEqual(first.CaptureId, second.CaptureId);
    }

    [Fact]
    public async Task Capture_NotAWebPage_CapturedWithAWarningThatItsTextIsTheViewers()
    {
        _site.Static("/data.json", "application/json; charset=utf-8", "{\"detainees\": 40}"u8.ToArray());
        _site.Html("/page.html", "<p>A page</p>");

        var json = await Capture(_site.Url("/data.json"));
        var page = await Capture(_site.Url("/page.html"));

        Assert.Equal(CaptureStatus.Captured, json.Status);
        Assert.Contains(json.Warnings!, w => w.StartsWith("the URL answered application/json, not a web page", StringComparison.Ordinal));
        Assert.DoesNotContain(page.Warnings!, w => w.Contains("not a web page", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Capture_TextDrawnOnATimer_InWithADelayAndRecordedInTheSettings()
    {
        // No request to wait for: the text comes 1.5 s after the load event.
        _site.Html("/timer.html", """
            <html><body><p id="feed">loading</p>
            <script>setTimeout(() => { document.getElementById('feed').textContent = 'timerdrawnword arrived'; }, 1500);</script></body></html>
            """);

        var plain = await Capture(_site.Url("/timer.html"));
        var delayed = await Capture(_site.Url("/timer.html"), Options() with { Delay = TimeSpan.FromSeconds(3) });

        Assert.DoesNotContain("timerdrawnword", Text(plain), StringComparison.Ordinal);
        Assert.Contains("timerdrawnword arrived", Text(delayed), StringComparison.Ordinal);
        Assert.EndsWith(";delay=3s", _archive.Reader.Show(delayed.CaptureId!.Value)!.ExtractorSettings, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Capture_BodyThatDoesNotDecode_RefusedWithTheBrowsersReasonWellWithinAMinute()
    {
        _site.Route("/badgzip", async context =>
        {
            context.Response.ContentType = "text/html";
            context.Response.AddHeader("Content-Encoding", "gzip");
            await context.Response.OutputStream.WriteAsync("<p>not gzip at all</p>"u8.ToArray());
            context.Response.Close();
        });
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var outcome = await Capture(_site.Url("/badgzip"), Options() with { Timeout = TimeSpan.FromSeconds(5) });

        Assert.Equal(CaptureStatus.Refused, outcome.Status);
        Assert.Contains("its document failed to load: net::ERR_CONTENT_DECODING_FAILED", outcome.Reason, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(45), $"took {clock.Elapsed}"); // it took 64 s, past the page's own snapshot limit
        Assert.Empty(_archive.StoredFiles());
    }

    [Fact]
    public async Task Capture_DownloadOrEmptyAnswer_RefusedSayingSoAndHowToArchiveAFile()
    {
        _site.Route("/report.pdf", async context =>
        {
            context.Response.ContentType = "application/octet-stream";
            context.Response.AddHeader("Content-Disposition", "attachment; filename=report.pdf");
            var body = "%PDF-1.4 not really"u8.ToArray();
            await context.Response.OutputStream.WriteAsync(body);
            context.Response.Close();
        });
        _site.Static("/empty", "text/html", [], 204);

        foreach (var path in new[] { "/report.pdf", "/empty" })
        {
            var outcome = await Capture(_site.Url(path));

            Assert.Equal(CaptureStatus.Refused, outcome.Status);
            Assert.Contains("no page to show", outcome.Reason, StringComparison.Ordinal);
            Assert.Contains("archive ingest", outcome.Reason, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(300)] // shorter than the viewport: Chromium drew such a page about 100 px to the right, its start cut off
    [InlineData(2400)] // taller: captured beyond the viewport
    public async Task Capture_RightToLeftPage_ScreenshotShowsItsWholeWidth(int height)
    {
        // A right-to-left page starts at its right edge: a red block there, a blue one at the left end of the line.
        _site.Html("/rtl.html", $"""
            <!doctype html><html dir="rtl" lang="ar"><head><meta charset="utf-8"><title>صفحة</title></head>
            <body style="margin:0"><div style="height:{height}px"><div style="float:right;width:120px;height:100px;background:#f00"></div>
            <div style="float:left;width:120px;height:100px;background:#00f"></div></div></body></html>
            """);

        var outcome = await Capture(_site.Url("/rtl.html"));

        using var shot = SixLabors.ImageSharp.Image.Load<SixLabors.ImageSharp.PixelFormats.Rgb24>(_archive.Services.Store.PathFor(Sha256Digest.Parse(outcome.Screenshot!)));
        Assert.Equal(1280, shot.Width);
        Assert.Equal(new SixLabors.ImageSharp.PixelFormats.Rgb24(255, 0, 0), shot[1275, 50]);
        Assert.Equal(new SixLabors.ImageSharp.PixelFormats.Rgb24(255, 0, 0), shot[1165, 50]);
        Assert.Equal(new SixLabors.ImageSharp.PixelFormats.Rgb24(0, 0, 255), shot[4, 50]);
        Assert.Equal(new SixLabors.ImageSharp.PixelFormats.Rgb24(0, 0, 255), shot[115, 50]);
    }

    [Fact]
    public async Task Verify_ScreenshotChanged_ReportedAsChangedScreenshot()
    {
        _site.Html("/page", "<p>Evidence</p>");
        var outcome = await Capture(_site.Url("/page"));
        var path = _archive.Services.Store.PathFor(Sha256Digest.Parse(outcome.Screenshot!));
        File.SetAttributes(path, FileAttributes.Normal);
        File.AppendAllText(path, "tampered");

        var problems = _archive.Services.Verifier.Verify("test-agent", false, null, CancellationToken.None).Problems;

        var problem = Assert.Single(problems);
        Assert.Equal("screenshot", problem.Kind);
        Assert.Equal("changed", problem.Status);
        Assert.Equal(outcome.CaptureId?.Value, problem.Id);
    }

    private static CaptureOptions Options() => new(TimeSpan.FromSeconds(30), AllowPrivateNetwork: true);

    private Task<CaptureOutcome> Capture(string url, CaptureOptions? options = null) =>
        _archive.Services.Capturer.CaptureAsync(url, new CaptureRequest([url], new Dictionary<string, FieldValue>(), "test-agent", options ?? Options()), CancellationToken.None);

    private string Text(CaptureOutcome outcome) => _archive.Reader.ReadText(_archive.Reader.Show(outcome.CaptureId!.Value)!.Capture);

    private string WarcPath(CaptureOutcome outcome) => _archive.Services.Store.PathFor(outcome.CaptureId!.Value.Digest);

    private Dictionary<string, (string Value, string Origin)> FieldsOf(string captureId)
    {
        using var connection = _archive.OpenRaw();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT f.field, f.value, f.origin FROM capture_fields f JOIN captures c ON c.rowid = f.capture_rowid WHERE c.id = $id";
        command.Parameters.AddWithValue("$id", captureId);
        using var reader = command.ExecuteReader();
        var fields = new Dictionary<string, (string, string)>(StringComparer.Ordinal);
        while (reader.Read())
        {
            var value = JsonNode.Parse(reader.GetString(1))!;
            fields[reader.GetString(0)] = (value is JsonValue ? value.GetValue<string>() : value.ToJsonString(), reader.GetString(2));
        }

        return fields;
    }

    private static Encoding CodePagesEncoding(int codePage)
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding(codePage);
    }
}
