using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Archive.Web.Tests.Endpoints;

public sealed class AuditEndpointsTests : IClassFixture<TestArchive>, IDisposable
{
    private readonly ArchiveWebFactory _factory;

    public AuditEndpointsTests(TestArchive archive) => _factory = new ArchiveWebFactory(archive);

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task Verify_Auditor_ReportsOkAndRecordsEventWithTokenName()
    {
        var client = _factory.ClientFor("auditor");
        var response = await client.PostAsync("/api/verify", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var report = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(report.GetProperty("ok").GetBoolean());
        var index = report.GetProperty("recorded_at_index").GetInt64();
        var proof = await client.GetFromJsonAsync<JsonElement>($"/api/log/proof/{index}");
        Assert.True(proof.GetProperty("verified").GetBoolean());
        Assert.Equal("auditor-user", proof.GetProperty("event").GetProperty("agent").GetString());
        Assert.Equal("fixity-checked", proof.GetProperty("event").GetProperty("type").GetString());
    }

    [Fact]
    public async Task Checkpoints_Auditor_ListsSignedCheckpointsNewestFirst()
    {
        var list = await _factory.ClientFor("auditor").GetFromJsonAsync<JsonElement>("/api/log/checkpoints");
        Assert.True(list.GetArrayLength() >= 1);
        var sizes = list.EnumerateArray().Select(c => c.GetProperty("tree_size").GetInt64()).ToList();
        Assert.Equal(sizes.OrderByDescending(s => s), sizes);
        Assert.False(string.IsNullOrEmpty(list[0].GetProperty("signature").GetString()));
    }

    [Fact]
    public async Task Proof_FirstEvent_Verifies()
    {
        var proof = await _factory.ClientFor("admin").GetFromJsonAsync<JsonElement>("/api/log/proof/0");
        Assert.True(proof.GetProperty("verified").GetBoolean());
        Assert.Equal(0, proof.GetProperty("leaf_index").GetInt64());
    }

    [Theory]
    [InlineData("/api/log/proof/999999", HttpStatusCode.NotFound)]
    [InlineData("/api/log/proof/-1", HttpStatusCode.NotFound)]
    [InlineData("/api/log/proof/abc", HttpStatusCode.BadRequest)]
    [InlineData("/api/log/proof/0?size=0", HttpStatusCode.NotFound)]
    public async Task Proof_BadIndex_ReturnsProblem(string path, HttpStatusCode status)
    {
        await Problems.AssertProblem(await _factory.ClientFor("auditor").GetAsync(path), status);
    }

    [Fact]
    public async Task WhoAmI_Token_ReturnsNameAndRole()
    {
        var me = await _factory.ClientFor("author").GetFromJsonAsync<JsonElement>("/api/whoami");
        Assert.Equal("author-user", me.GetProperty("name").GetString());
        Assert.Equal("author", me.GetProperty("role").GetString());
    }
}
