using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Archive.Web.Tests.Endpoints;

/// <summary>GET /api/packs and /api/packs/{id}/manifest without building (the build test covers a real manifest).</summary>
public sealed class PackEndpointsTests : IClassFixture<TestArchive>, IDisposable
{
    private readonly ArchiveWebFactory _factory;

    public PackEndpointsTests(TestArchive archive) => _factory = new ArchiveWebFactory(archive);

    public void Dispose() => _factory.Dispose();

    [Theory]
    [InlineData("/api/packs")]
    [InlineData("/api/packs/pack-0123456789ab/manifest")]
    public async Task Get_NoToken_Returns401(string path)
    {
        await Problems.AssertProblem(await _factory.ClientFor(null).GetAsync(path), HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData("reader")]
    [InlineData("auditor")]
    [InlineData("admin")]
    public async Task List_AnyRole_ReturnsArray(string role)
    {
        var packs = await _factory.ClientFor(role).GetFromJsonAsync<JsonElement>("/api/packs");
        Assert.Equal(JsonValueKind.Array, packs.ValueKind);
    }

    [Theory]
    [InlineData("?limit=0")]
    [InlineData("?limit=501")]
    [InlineData("?offset=-1")]
    [InlineData("?limit=abc")]
    public async Task List_BadPaging_Returns400(string query)
    {
        await Problems.AssertProblem(await _factory.ClientFor("reader").GetAsync("/api/packs" + query), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Manifest_UnknownPack_Returns404()
    {
        await Problems.AssertProblem(await _factory.ClientFor("reader").GetAsync("/api/packs/pack-0123456789ab/manifest"), HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("pack-0123456789AB")]
    [InlineData("pack-0123456789a")]
    [InlineData("pack-0123456789abc")]
    [InlineData("pack-01234567zzzz")]
    [InlineData("0123456789ab")]
    [InlineData("..%2F..%2Fkeys")]
    [InlineData("%27%20OR%201%3D1%20--")]
    public async Task Manifest_MalformedId_Returns400(string id)
    {
        await Problems.AssertProblem(await _factory.ClientFor("reader").GetAsync($"/api/packs/{id}/manifest"), HttpStatusCode.BadRequest);
    }
}
