using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Archive.Web.Tests.Endpoints;

/// <summary>POST /api/documents/{id}/withdraw: a signed withdrawn event with its reason, for archivists; searches then leave the capture out.</summary>
public sealed class WithdrawEndpointTests : IClassFixture<TestArchive>, IDisposable
{
    private readonly ArchiveWebFactory _factory;

    public WithdrawEndpointTests(TestArchive archive) => _factory = new ArchiveWebFactory(archive);

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task Withdraw_Archivist_RecordsTheReasonAndSearchesLeaveItOut()
    {
        var word = "silo" + Guid.NewGuid().ToString("N")[..8];
        var id = await Upload($"Silo report\n\nInspectors counted the {word} stores.\n");
        var archivist = _factory.ClientFor("archivist");
        var reader = _factory.ClientFor("reader");
        Assert.Equal(1, (await reader.GetFromJsonAsync<JsonElement>($"/api/search?q={word}")).GetProperty("total").GetInt32());

        var response = await archivist.PostAsJsonAsync($"/api/documents/{id}/withdraw", new { reason = "  a duplicate of a fuller copy " });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var logged = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("withdrawn", logged.GetProperty("type").GetString());
        Assert.Equal("archivist-user", logged.GetProperty("event").GetProperty("agent").GetString());
        Assert.Equal("a duplicate of a fuller copy", logged.GetProperty("event").GetProperty("data").GetProperty("reason").GetString());
        Assert.Equal(0, (await reader.GetFromJsonAsync<JsonElement>($"/api/search?q={word}")).GetProperty("total").GetInt32());
        var doc = await reader.GetFromJsonAsync<JsonElement>($"/api/documents/{id}");
        Assert.True(doc.GetProperty("capture").GetProperty("withdrawn").GetBoolean());
        var withdrawal = doc.GetProperty("withdrawal");
        Assert.Equal(logged.GetProperty("index").GetInt64(), withdrawal.GetProperty("event_index").GetInt64());
        Assert.Equal(("archivist-user", "a duplicate of a fuller copy"), (withdrawal.GetProperty("agent").GetString(), withdrawal.GetProperty("reason").GetString()));
        Assert.Contains("Inspectors counted", await reader.GetStringAsync($"/api/documents/{id}/text"), StringComparison.Ordinal);

        var again = await archivist.PostAsJsonAsync($"/api/documents/{id}/withdraw", new { reason = "twice" });
        var problem = await Problems.AssertProblem(again, HttpStatusCode.BadRequest);
        Assert.Contains("already withdrawn", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("{}")]
    [InlineData("{\"reason\":\"   \"}")]
    [InlineData("{\"reason\":\"bell\\u0007\"}")]
    public async Task Withdraw_NoOrBadReason_Returns400AndTheCaptureStaysInSearches(string? json)
    {
        var word = "ledger" + Guid.NewGuid().ToString("N")[..8];
        var id = await Upload($"Ledger\n\nA {word} of detentions.\n");
        using var body = json is null ? null : new StringContent(json, Encoding.UTF8, "application/json");

        var response = await _factory.ClientFor("archivist").PostAsync($"/api/documents/{id}/withdraw", body);

        var problem = await Problems.AssertProblem(response, HttpStatusCode.BadRequest);
        Assert.Contains("reason", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, (await _factory.ClientFor("reader").GetFromJsonAsync<JsonElement>($"/api/search?q={word}")).GetProperty("total").GetInt32());
    }

    [Theory]
    [InlineData("reader")]
    [InlineData("author")]
    [InlineData("auditor")]
    public async Task Withdraw_RoleWithoutIngest_Returns403AndNothingIsRecorded(string role)
    {
        var id = await Upload("Note\n\nA short note " + Guid.NewGuid() + ".\n");

        var response = await _factory.ClientFor(role).PostAsJsonAsync($"/api/documents/{id}/withdraw", new { reason = "not mine" });

        await Problems.AssertProblem(response, HttpStatusCode.Forbidden);
        Assert.False((await _factory.ClientFor("reader").GetFromJsonAsync<JsonElement>($"/api/documents/{id}")).GetProperty("capture").GetProperty("withdrawn").GetBoolean());
    }

    [Fact]
    public async Task Upload_SameBytesAsAWithdrawnCapture_DuplicateWithANoteThatItStaysWithdrawn()
    {
        var text = $"Depot list\n\nThe {Guid.NewGuid():N} depot.\n";
        var id = await Upload(text);
        var first = await UploadResult(text);
        Assert.False(first.TryGetProperty("note", out var none) && none.ValueKind != JsonValueKind.Null);
        (await _factory.ClientFor("archivist").PostAsJsonAsync($"/api/documents/{id}/withdraw", new { reason = "a test" })).EnsureSuccessStatusCode();

        var again = await UploadResult(text);

        Assert.Equal(("duplicate", id), (again.GetProperty("status").GetString(), again.GetProperty("capture_id").GetString()));
        Assert.Contains("withdrawn and stays out of searches", again.GetProperty("note").GetString(), StringComparison.Ordinal);
    }

    private async Task<JsonElement> UploadResult(string text)
    {
        using var form = new MultipartFormDataContent { { new StringContent(text), "file", Guid.NewGuid().ToString("N") + ".txt" } };
        var response = await _factory.ClientFor("archivist").PostAsync("/api/documents", form);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private async Task<string> Upload(string text)
    {
        using var form = new MultipartFormDataContent { { new StringContent(text), "file", Guid.NewGuid().ToString("N") + ".txt" } };
        var response = await _factory.ClientFor("archivist").PostAsync("/api/documents", form);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("capture_id").GetString()!;
    }
}
