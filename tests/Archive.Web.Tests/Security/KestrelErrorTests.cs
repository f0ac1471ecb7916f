using System.Net;
using Archive.Web.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Archive.Web.Tests.Security;

/// <summary>Requests Kestrel itself would refuse, against a real Kestrel on a free port: the answer still carries the security headers.</summary>
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

    private static async Task AssertSecured(HttpResponseMessage response, HttpStatusCode status)
    {
        await Problems.AssertProblem(response, status);
        Assert.Contains("default-src 'self'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
    }
}
