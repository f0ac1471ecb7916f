using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Archive.Core.Storage;
using Archive.Core;
using Archive.Core.Text;
using Microsoft.Extensions.DependencyInjection;

namespace Archive.Web.Tests.Endpoints;

/// <summary>Page images of a born-digital PDF through the web host, with real poppler.</summary>
public sealed class PageEndpointsTests : IDisposable
{
    private readonly TestArchive _archive = new();
    private readonly CaptureId _pdf;
    private readonly ArchiveWebFactory _factory;

    public PageEndpointsTests()
    {
        _pdf = _archive.AddPdf();
        _factory = new ArchiveWebFactory(_archive);
    }

    public void Dispose()
    {
        _factory.Dispose();
        _archive.Dispose();
    }

    [Fact]
    public async Task Pages_PassageOnPageTwo_ListsBothPagesAndItsBoxOnTheSecond()
    {
        using var client = _factory.ClientFor("reader");
        var text = await client.GetStringAsync($"/api/documents/{_pdf}/text");
        var index = text.IndexOf("river crossing", StringComparison.Ordinal);
        var start = CodePoints.FromUtf16Index(text, index);

        var pages = await client.GetFromJsonAsync<JsonElement>($"/api/documents/{_pdf}/pages?start={start}&end={start + 14}");

        Assert.Equal(2, pages.GetProperty("count").GetInt32());
        Assert.Equal(612, pages.GetProperty("pages")[1].GetProperty("width").GetDouble());
        Assert.Equal("pt", pages.GetProperty("pages")[1].GetProperty("unit").GetString());
        var passage = pages.GetProperty("passage");
        Assert.Equal(2, passage.GetProperty("page").GetInt32());
        var box = passage.GetProperty("box");
        // TestScans draws 18 pt Helvetica from x = 72 pt on a baseline 92 pt from the top; "river" is the fourth word.
        Assert.InRange(box.GetProperty("x0").GetDouble(), 150, 450);
        Assert.InRange(box.GetProperty("y0").GetDouble(), 70, 80);
        Assert.InRange(box.GetProperty("y1").GetDouble(), 88, 98);
    }

    [Fact]
    public async Task Pages_TextDocument_HasNoPages()
    {
        using var client = _factory.ClientFor("reader");

        var pages = await client.GetFromJsonAsync<JsonElement>($"/api/documents/{_archive.ReportId}/pages");

        Assert.Equal(0, pages.GetProperty("count").GetInt32());
        Assert.Equal("text/plain", pages.GetProperty("media_type").GetString());
    }

    [Fact]
    public async Task PageImage_SecondPage_IsAPngOfTheAskedWidthDrawnOnceThenCached()
    {
        using var client = _factory.ClientFor("reader");

        using var first = await client.GetAsync($"/api/documents/{_pdf}/pages/2.png?width=400");
        using var again = await client.GetAsync($"/api/documents/{_pdf}/pages/2.png?width=400");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("image/png", first.Content.Headers.ContentType!.MediaType);
        Assert.Equal("nosniff", first.Headers.GetValues("X-Content-Type-Options").Single());
        var png = await first.Content.ReadAsByteArrayAsync();
        // IHDR: width and height, big-endian, after the 8-byte signature and the chunk's length and type.
        Assert.Equal(400, BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)));
        Assert.InRange(BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20)), 517, 518); // 400 × 792 / 612
        Assert.Equal(png, await again.Content.ReadAsByteArrayAsync());
        var pages = _factory.Services.GetRequiredService<ArchiveCore>().Pages;
        Assert.Equal(1, pages.Cache.Count);
    }

    [Theory]
    [InlineData("3.png", 404, "it has 2 pages")]
    [InlineData("0.png", 400, "a whole number from 1")]
    [InlineData("-1.png", 400, "a whole number from 1")]
    [InlineData("two.png", 400, "a whole number from 1")]
    [InlineData("99999999999999.png", 400, "a whole number from 1")]
    [InlineData("1.png?width=5000", 400, "100 to 2000 pixels")]
    [InlineData("1.png?width=10", 400, "100 to 2000 pixels")]
    public async Task PageImage_BadPageOrWidth_ProblemNamingTheLimit(string tail, int status, string detail)
    {
        using var client = _factory.ClientFor("reader");

        using var response = await client.GetAsync($"/api/documents/{_pdf}/pages/{tail}");

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains(detail, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PageImage_TextDocument_NotFoundSaysOnlyPdfsAndImages()
    {
        using var client = _factory.ClientFor("reader");

        using var response = await client.GetAsync($"/api/documents/{_archive.ReportId}/pages/1.png");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("only PDFs and images", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PageImage_NoToken_Unauthorized()
    {
        using var response = await _factory.CreateClient().GetAsync($"/api/documents/{_pdf}/pages/1.png");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
