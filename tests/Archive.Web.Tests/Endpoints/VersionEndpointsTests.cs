using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Archive.Web.Tests.Endpoints;

/// <summary>GET /api/documents/{id}/diff and /screenshot against a real archive, with uploads and a real web capture.</summary>
public sealed class VersionEndpointsTests : IDisposable
{
    private readonly TestArchive _archive = new();

    public void Dispose() => _archive.Dispose();

    [Fact]
    public async Task Diff_TwoUploadedVersionsOfOneUrl_ReturnsTheWordChangeWithRangesInEachText()
    {
        using var host = new ArchiveWebFactory(_archive);
        using var archivist = host.ClientFor("archivist");
        var v1 = await Upload(archivist, "v1.txt", "The ministry said 40 detainees were moved.\nNo one was hurt.\n");
        var v2 = await Upload(archivist, "v2.txt", "The ministry said 400 detainees were moved.\nNo one was hurt.\n");
        using var reader = host.ClientFor("reader");

        var diff = await reader.GetFromJsonAsync<JsonElement>($"/api/documents/{v2}/diff?against={v1}");

        Assert.True(diff.GetProperty("same_source").GetBoolean());
        Assert.Equal(v1, diff.GetProperty("from").GetProperty("id").GetString());
        Assert.Equal(2, diff.GetProperty("to").GetProperty("version").GetInt32());
        var segments = diff.GetProperty("text").GetProperty("hunks")[0].GetProperty("segments").EnumerateArray().ToList();
        var removed = segments.Single(s => s.GetProperty("kind").GetString() == "removed");
        var added = segments.Single(s => s.GetProperty("kind").GetString() == "added");
        Assert.Equal("40", removed.GetProperty("text").GetString());
        Assert.Equal((18, 20), (removed.GetProperty("old_start").GetInt32(), removed.GetProperty("old_end").GetInt32()));
        Assert.Equal("400", added.GetProperty("text").GetString());
        Assert.Equal((18, 21), (added.GetProperty("new_start").GetInt32(), added.GetProperty("new_end").GetInt32()));
        Assert.Equal(0, diff.GetProperty("citations_checked").GetInt32());
    }

    [Theory]
    [InlineData("", HttpStatusCode.BadRequest, "Nothing to compare with")]
    [InlineData("?against=no-such-document", HttpStatusCode.NotFound, "Not found")]
    public async Task Diff_MissingOrUnknownAgainst_ProblemNamingIt(string query, HttpStatusCode status, string title)
    {
        using var host = new ArchiveWebFactory(_archive);
        using var reader = host.ClientFor("reader");

        using var response = await reader.GetAsync($"/api/documents/{_archive.ReportId}/diff{query}");

        Assert.Equal(status, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(title, problem.GetProperty("title").GetString());
    }

    [Fact]
    public async Task Diff_Anonymous_Unauthorized()
    {
        using var host = new ArchiveWebFactory(_archive);
        using var anonymous = host.ClientFor(null);

        using var response = await anonymous.GetAsync($"/api/documents/{_archive.ReportId}/diff?against={_archive.ProbeId}");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Screenshot_WebCapture_ServedInlineAsPngWithNosniff()
    {
        using var site = new LocalSite();
        site.Html("/page.html", "<title>Shot</title><h1>A page with a screenshot</h1><script>document.title = 'ran';</script>");
        using var host = new ArchiveWebFactory(_archive, ("allow-private-network", "true"));
        using var archivist = host.ClientFor("archivist");
        using var captured = await archivist.PostAsJsonAsync("/api/captures", new { urls = new[] { site.Url("/page.html") } });
        var id = (await captured.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("results")[0].GetProperty("capture_id").GetString();
        using var reader = host.ClientFor("reader");

        using var response = await reader.GetAsync($"/api/documents/{id}/screenshot");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/png", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Null(response.Content.Headers.ContentDisposition);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47 }, bytes[..4]);
    }

    [Fact]
    public async Task Screenshot_FileUpload_NotFoundSayingItIsNotAWebCapture()
    {
        using var host = new ArchiveWebFactory(_archive);
        using var reader = host.ClientFor("reader");

        using var response = await reader.GetAsync($"/api/documents/{_archive.ReportId}/screenshot");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("not a web capture", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    private static async Task<string> Upload(HttpClient client, string name, string text)
    {
        using var form = new MultipartFormDataContent
        {
            { new ByteArrayContent(Encoding.UTF8.GetBytes(text)), "file", name },
            { new StringContent("https://example.org/ministry-statement"), "source_url" },
        };
        using var response = await client.PostAsync("/api/documents", form);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("capture_id").GetString()!;
    }
}
