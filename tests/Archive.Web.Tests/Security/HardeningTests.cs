using System.Net;
using System.Net.Http.Headers;
using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace Archive.Web.Tests.Security;

public sealed class HardeningTests : IClassFixture<TestArchive>, IDisposable
{
    private readonly TestArchive _archive;
    private readonly ArchiveWebFactory _factory;

    public HardeningTests(TestArchive archive)
    {
        _archive = archive;
        _factory = new ArchiveWebFactory(archive);
    }

    public void Dispose() => _factory.Dispose();

    [Theory]
    [InlineData("/")]
    [InlineData("/document.html")]
    [InlineData("/health")]
    [InlineData("/api/documents")]
    [InlineData("/no/such/page")]
    public async Task AnyResponse_HasSecurityHeaders(string path)
    {
        var response = await _factory.CreateClient().GetAsync(path);
        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("object-src 'none'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
    }

    [Fact]
    public async Task UnknownRoute_Returns404Problem()
    {
        await Problems.AssertProblem(await _factory.CreateClient().GetAsync("/api/nothing-here"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task StaticPages_HaveNoInlineScript()
    {
        foreach (var page in new[] { "/", "/document.html", "/brief.html", "/audit.html" })
        {
            var html = await _factory.CreateClient().GetStringAsync(page);
            Assert.DoesNotMatch("<script(?![^>]*\\bsrc=)[^>]*>", html);
            Assert.DoesNotMatch("<[^>]+\\son[a-z]+\\s*=", html);
            Assert.DoesNotContain("innerHTML", html, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("js/common.js")]
    [InlineData("js/search.js")]
    [InlineData("js/document.js")]
    [InlineData("js/brief.js")]
    [InlineData("js/audit.js")]
    public async Task Scripts_NeverUseHtmlSinks(string path)
    {
        var js = await _factory.CreateClient().GetStringAsync("/" + path);
        foreach (var sink in new[] { "innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(" })
        {
            Assert.DoesNotContain(sink, js, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Favicon_IsServedNot404()
    {
        var response = await _factory.CreateClient().GetAsync("/favicon.ico");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/x-icon", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task TokenInQueryString_IsNeverLoggedAtInformationOrAbove()
    {
        var logs = new CapturingLoggerProvider();
        using var factory = _factory.WithWebHostBuilder(b => b.ConfigureLogging(l => l.AddProvider(logs)));
        const string Secret = "arch_secret_in_query_0123456789";

        await factory.CreateClient().GetAsync($"/api/documents?access_token={Secret}");
        await factory.CreateClient().GetAsync($"/no/such/page?access_token={Secret}");

        Assert.NotEmpty(logs.Lines);
        Assert.DoesNotContain(logs.Lines, l => l.Level >= LogLevel.Information && l.Message.Contains(Secret, StringComparison.Ordinal));
    }

    [Fact]
    public async Task QueryString_TooLong_Returns414Problem()
    {
        var response = await _factory.ClientFor("reader").GetAsync("/api/documents?x=" + new string('a', 9000));
        await Problems.AssertProblem(response, HttpStatusCode.RequestUriTooLong);
    }

    [Fact]
    public async Task ArchivedScript_ComesBackAsPlainText()
    {
        var response = await _factory.ClientFor("reader").GetAsync($"/api/documents/{_archive.ProbeId}/text");
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(TestArchive.XssText, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GarbageInput_NeverReturns500()
    {
        var random = new Random(20261122);
        // No NUL: the in-memory test client refuses to send it (Kestrel answers 400 itself).
        const string alphabet = "abcdef0123456789-_.~%/\\:;'\"<>[]{}()!@#$^&*+=|` \u00e9\u0627\ud83d\ude00";
        string Junk(int max) => new(Enumerable.Range(0, random.Next(0, max)).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray());
        var client = _factory.ClientFor("admin");
        var templates = new[]
        {
            "/api/documents/{0}", "/api/documents/{0}/text", "/api/documents/{0}/original", "/api/documents/{0}/passage?start={1}&end={2}",
            "/api/documents?limit={1}&offset={2}", "/api/log/proof/{1}?size={2}", "/api/log/proof/{0}", "/{0}",
        };
        for (var i = 0; i < 400; i++)
        {
            var number = random.Next(4) switch { 0 => random.Next(-5, 50).ToString(), 1 => Junk(6), 2 => long.MaxValue.ToString(), _ => "1e9" };
            var other = random.Next(3) == 0 ? Junk(8) : random.Next(-5, 100000).ToString();
            var path = string.Format(templates[i % templates.Length], Uri.EscapeDataString(Junk(70)), Uri.EscapeDataString(number), Uri.EscapeDataString(other));
            var response = await client.GetAsync(path);
            Assert.True((int)response.StatusCode < 500, $"{path} -> {(int)response.StatusCode}");
            if (!response.IsSuccessStatusCode && path.StartsWith("/api", StringComparison.Ordinal))
            {
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            }
        }

        for (var i = 0; i < 60; i++)
        {
            using var body = new ByteArrayContent(Encoding.UTF8.GetBytes(Junk(200)));
            body.Headers.ContentType = new MediaTypeHeaderValue(i % 3 == 0 ? "application/json" : i % 3 == 1 ? "multipart/form-data" : "text/plain");
            var post = await client.PostAsync("/api/documents", body);
            Assert.True((int)post.StatusCode < 500, $"upload #{i} -> {(int)post.StatusCode}");
            using var patch = new ByteArrayContent(Encoding.UTF8.GetBytes(Junk(200)));
            patch.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            var amend = await client.PatchAsync($"/api/documents/{_archive.ReportId}/metadata", patch);
            Assert.True((int)amend.StatusCode < 500, $"amend #{i} -> {(int)amend.StatusCode}");
        }
    }

    /// <summary>Records every log line from every category, with its level.</summary>
    private sealed class CapturingLoggerProvider : ILoggerProvider
    {
        public ConcurrentQueue<(LogLevel Level, string Message)> Lines { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(Lines);

        public void Dispose()
        {
        }

        private sealed class Logger(ConcurrentQueue<(LogLevel Level, string Message)> lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                lines.Enqueue((logLevel, formatter(state, exception)));
        }
    }
}
