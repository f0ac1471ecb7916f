using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Archive.Web.Tests.Endpoints;

/// <summary>POST /api/captures against a site on 127.0.0.1, with real headless Chromium.</summary>
public sealed class CaptureEndpointsTests : IDisposable
{
    private readonly TestArchive _archive = new();
    private readonly LocalSite _site = new();

    public void Dispose()
    {
        _site.Dispose();
        _archive.Dispose();
    }

    [Fact]
    public async Task Capture_ArchivistOnHostAllowingPrivateNetwork_CapturedAndReadableAsADocument()
    {
        _site.Html("/news.html", "<title>Web statement</title><p>Said on the web.</p>");
        using var host = new ArchiveWebFactory(_archive, ("allow-private-network", "true"));
        using var client = host.ClientFor("archivist");

        using var response = await client.PostAsJsonAsync("/api/captures", new { urls = new[] { _site.Url("/news.html") }, metadata = new { source_type = "statement" } });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var report = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(1, report.GetProperty("summary").GetProperty("captured").GetInt32());
        var item = report.GetProperty("results")[0];
        Assert.Equal("captured", item.GetProperty("status").GetString());
        Assert.Equal(200, item.GetProperty("http_status").GetInt32());
        var id = item.GetProperty("capture_id").GetString();
        using var reader = host.ClientFor("reader");
        var text = await reader.GetStringAsync($"/api/documents/{id}/text");
        Assert.Contains("Said on the web.", text, StringComparison.Ordinal);
        var document = await reader.GetFromJsonAsync<JsonElement>($"/api/documents/{id}");
        Assert.Contains("statement", document.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Capture_HostWithoutAllowPrivateNetwork_LoopbackRefusedAndNeverFetched()
    {
        _site.Html("/news.html", "<p>Private</p>");
        using var host = new ArchiveWebFactory(_archive);
        using var client = host.ClientFor("archivist");

        using var response = await client.PostAsJsonAsync("/api/captures", new { urls = new[] { _site.Url("/news.html") } });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var item = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("results")[0];
        Assert.Equal("refused", item.GetProperty("status").GetString());
        Assert.Contains("private or loopback", item.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.False(_site.Hits.ContainsKey("/news.html"));
    }

    [Theory]
    [InlineData("reader", HttpStatusCode.Forbidden)]
    [InlineData("author", HttpStatusCode.Forbidden)]
    [InlineData(null, HttpStatusCode.Unauthorized)]
    public async Task Capture_NotArchivist_Refused(string? role, HttpStatusCode expected)
    {
        using var host = new ArchiveWebFactory(_archive, ("allow-private-network", "true"));
        using var client = host.ClientFor(role);

        using var response = await client.PostAsJsonAsync("/api/captures", new { urls = new[] { _site.Url("/news.html") } });

        Assert.Equal(expected, response.StatusCode);
        Assert.Empty(_site.Hits);
    }

    [Fact]
    public async Task Capture_TooManyUrls_BadRequest()
    {
        using var host = new ArchiveWebFactory(_archive);
        using var client = host.ClientFor("archivist");

        using var response = await client.PostAsJsonAsync("/api/captures", new { urls = Enumerable.Range(0, 21).Select(i => $"http://example.org/{i}").ToArray() });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Theory]
    [InlineData("{\"urls\": [null]}")]
    [InlineData("{\"urls\": [\" \"]}")]
    public async Task Capture_NullOrBlankUrl_BadRequestSayingWhatToSend(string json)
    {
        using var host = new ArchiveWebFactory(_archive);
        using var client = host.ClientFor("archivist");
        using var body = new StringContent(json, System.Text.Encoding.UTF8, "application/json");

        using var response = await client.PostAsync("/api/captures", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("http URLs", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
