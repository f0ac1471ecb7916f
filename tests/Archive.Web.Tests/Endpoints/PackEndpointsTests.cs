using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Archive.Web.Tests.Endpoints;

/// <summary>GET /api/packs and /api/packs/{id}/manifest over an archive without packs, and over one with a pack built by real Chromium.</summary>
public sealed class PackEndpointsTests : IClassFixture<TestArchive>, IDisposable
{
    private readonly ArchiveWebFactory _factory;

    public PackEndpointsTests(TestArchive archive) => _factory = new ArchiveWebFactory(archive);

    public void Dispose() => _factory.Dispose();

    [Theory]
    [InlineData("/api/packs")]
    [InlineData("/api/packs/pack-0123456789ab/manifest")]
    [InlineData("/api/packs/pack-0123456789ab/signature")]
    public async Task Get_NoToken_Returns401(string path)
    {
        await Problems.AssertProblem(await _factory.ClientFor(null).GetAsync(path), HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData("reader")]
    [InlineData("auditor")]
    [InlineData("admin")]
    public async Task List_NoPacksBuilt_ReturnsEmptyArray(string role)
    {
        var response = await _factory.ClientFor(role).GetAsync("/api/packs");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("[]", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task List_OnePackBuilt_ListsItWithCatalogFields()
    {
        // Its own archive, so the other tests here keep seeing none.
        using var archive = new TestArchive();
        using var factory = new ArchiveWebFactory(archive);
        var brief = Briefs.Valid(archive);
        var build = await factory.ClientFor("author").PostAsync("/api/briefs", Briefs.Markdown(brief));
        Assert.True(build.StatusCode == HttpStatusCode.OK, await build.Content.ReadAsStringAsync());
        var packId = build.Headers.GetValues("X-Pack-Id").Single();
        var pdf = await build.Content.ReadAsByteArrayAsync();
        var manifest = await factory.ClientFor("reader").GetByteArrayAsync($"/api/packs/{packId}/manifest");
        var body = JsonDocument.Parse(manifest).RootElement;

        var packs = await factory.ClientFor("reader").GetFromJsonAsync<JsonElement>("/api/packs");
        var pack = Assert.Single(packs.EnumerateArray());
        Assert.Equal(
            ["id", "created_at", "agent", "title", "citations", "sources", "pdf", "pdf_sha256", "manifest_sha256", "body_sha256", "brief_sha256"],
            pack.EnumerateObject().Select(p => p.Name));
        Assert.Equal(packId, pack.GetProperty("id").GetString());
        Assert.Equal(body.GetProperty("created").GetString(), pack.GetProperty("created_at").GetString());
        Assert.Equal("author-user", pack.GetProperty("agent").GetString());
        Assert.Equal("Web test brief", pack.GetProperty("title").GetString());
        Assert.Equal(1, pack.GetProperty("citations").GetInt32());
        Assert.Equal(1, pack.GetProperty("sources").GetInt32());
        Assert.Equal($"brief-{packId}.pdf", pack.GetProperty("pdf").GetString());
        Assert.Equal(Sha256(pdf[..checked((int)body.GetProperty("pdf").GetProperty("bytes").GetInt64())]), pack.GetProperty("pdf_sha256").GetString());
        Assert.Equal(Sha256(manifest), pack.GetProperty("manifest_sha256").GetString());
        Assert.Equal(Sha256(Encoding.UTF8.GetBytes(brief)), pack.GetProperty("brief_sha256").GetString());
        Assert.Equal(body.GetProperty("brief").GetProperty("sha256").GetString(), pack.GetProperty("brief_sha256").GetString());
        Assert.Equal(body.GetProperty("body_sha256").GetString(), pack.GetProperty("body_sha256").GetString());
        Assert.StartsWith("sha256:" + packId[5..], pack.GetProperty("body_sha256").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Signature_PackBuilt_ReturnsBytesThatVerifyTheManifestWithOpenssl()
    {
        using var archive = new TestArchive();
        using var factory = new ArchiveWebFactory(archive);
        var build = await factory.ClientFor("author").PostAsync("/api/briefs", Briefs.Markdown(Briefs.Valid(archive)));
        Assert.True(build.StatusCode == HttpStatusCode.OK, await build.Content.ReadAsStringAsync());
        var packId = build.Headers.GetValues("X-Pack-Id").Single();
        var reader = factory.ClientFor("reader");
        var manifest = await reader.GetByteArrayAsync($"/api/packs/{packId}/manifest");

        var response = await reader.GetAsync($"/api/packs/{packId}/signature");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/octet-stream", response.Content.Headers.ContentType?.MediaType);
        var folder = Directory.CreateDirectory(Path.Combine(archive.Root, "outside")).FullName;
        var manifestPath = Path.Combine(folder, "m.json");
        var signaturePath = Path.Combine(folder, "m.json.sig");
        await File.WriteAllBytesAsync(manifestPath, manifest);
        await File.WriteAllBytesAsync(signaturePath, await response.Content.ReadAsByteArrayAsync());
        var info = new System.Diagnostics.ProcessStartInfo("openssl", ["dgst", "-sha256", "-verify", new Archive.Core.Storage.ArchiveLayout(archive.Root).PublicKeyPath, "-signature", signaturePath, manifestPath])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var openssl = System.Diagnostics.Process.Start(info)!;
        var output = await openssl.StandardOutput.ReadToEndAsync() + await openssl.StandardError.ReadToEndAsync();
        await openssl.WaitForExitAsync();
        Assert.True(openssl.ExitCode == 0, output);
        Assert.Contains("Verified OK", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Signature_UnknownPack_Returns404()
    {
        await Problems.AssertProblem(await _factory.ClientFor("reader").GetAsync("/api/packs/pack-0123456789ab/signature"), HttpStatusCode.NotFound);
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

    private static string Sha256(byte[] bytes) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes));
}
