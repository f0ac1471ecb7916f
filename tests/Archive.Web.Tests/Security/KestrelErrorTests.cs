using System.Net;
using Archive.Web.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Archive.Web.Tests.Security;

/// <summary>
/// Against a real Kestrel on a free port: requests Kestrel itself would refuse still get the security headers, and HEAD
/// is answered as GET is, without the body.
/// </summary>
public sealed class KestrelErrorTests : IClassFixture<TestArchive>, IAsyncLifetime
{
    private readonly TestArchive _archive;
    private WebApplication? _app;
    private HttpClient _client = null!;

    public KestrelErrorTests(TestArchive archive) => _archive = archive;

    public async Task InitializeAsync()
    {
        _app = ArchiveWebApp.Create(["--archive", _archive.Root, "--urls", "http://127.0.0.1:0", "--max-upload-mb", "1"]);
        await _app.StartAsync();
        _client = new HttpClient { BaseAddress = new Uri(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()) };
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    [Fact]
    public async Task RequestLine_TooLong_Returns414WithSecurityHeaders()
    {
        var response = await _client.GetAsync("/api/documents?x=" + new string('a', 20_000));

        await AssertSecured(response, HttpStatusCode.RequestUriTooLong);
    }

    [Fact]
    public async Task Headers_TooLarge_Return431WithSecurityHeaders()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/documents");
        request.Headers.Add("X-Padding", new string('a', 40_000));

        await AssertSecured(await _client.SendAsync(request), HttpStatusCode.RequestHeaderFieldsTooLarge);
    }

    [Fact]
    public async Task Upload_ChunkedPastTheLimit_Returns413NotMalformed()
    {
        // No Content-Length to refuse up front: Kestrel's own body limit stops it on the way in.
        var file = new StreamContent(new MemoryStream(new byte[3 * 1024 * 1024]));
        using var form = new MultipartFormDataContent { { file, "file", "big.txt" } };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/documents") { Content = form };
        request.Headers.TransferEncodingChunked = true;
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", _archive.Tokens["archivist"]);

        var response = await _client.SendAsync(request);

        await AssertSecured(response, HttpStatusCode.RequestEntityTooLarge);
    }

    [Theory]
    [InlineData("/health")]
    [InlineData("/api/documents")]
    [InlineData("/api/documents/{report}/original")]
    [InlineData("/api/documents/{report}/text")]
    [InlineData("/api/documents/{report}")]
    [InlineData("/")]
    public async Task Head_AnswersAsGetWithoutTheBody(string path)
    {
        path = path.Replace("{report}", _archive.ReportId.ToString(), StringComparison.Ordinal);
        var get = await Send(HttpMethod.Get, path);
        var head = await Send(HttpMethod.Head, path);

        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal(get.Content.Headers.ContentType?.ToString(), head.Content.Headers.ContentType?.ToString());
        Assert.Empty(await head.Content.ReadAsByteArrayAsync());
        Assert.NotNull(get.Content.Headers.ContentLength);
        Assert.Equal(get.Content.Headers.ContentLength, head.Content.Headers.ContentLength);

        Assert.Equal("nosniff", head.Headers.GetValues("X-Content-Type-Options").Single());
    }

    [Fact]
    public async Task Head_WithoutAuthentication_IsRefusedAsGetIs()
    {
        using var request = new HttpRequestMessage(HttpMethod.Head, "/api/documents");

        var response = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Head_OfAWriteOnlyPath_IsStill405()
    {
        var response = await Send(HttpMethod.Head, "/api/briefs");

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
    }

    private async Task<HttpResponseMessage> Send(HttpMethod method, string path)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", _archive.Tokens["reader"]);
        return await _client.SendAsync(request);
    }

    private static async Task AssertSecured(HttpResponseMessage response, HttpStatusCode status)
    {
        await Problems.AssertProblem(response, status);
        Assert.Contains("default-src 'self'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
    }
}
