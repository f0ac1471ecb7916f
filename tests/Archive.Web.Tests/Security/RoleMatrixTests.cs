using Archive.Core;
using Archive.Core.Storage;
using System.Net;
using System.Text;

namespace Archive.Web.Tests.Security;

/// <summary>Every endpoint against every role: 401 without a token, 403 for a role without the permission, else success.</summary>
public sealed class RoleMatrixTests : IClassFixture<TestArchive>, IDisposable
{
    private static readonly string[] Roles = ["reader", "author", "archivist", "auditor", "admin"];

    private static readonly Dictionary<string, string[]> Allowed = new()
    {
        ["read"] = Roles,
        ["ingest"] = ["archivist", "admin"],
        ["audit"] = ["auditor", "admin"],
    };

    private readonly TestArchive _archive;
    private readonly ArchiveWebFactory _factory;
    private readonly ArchiveWebFactory _publicFactory;

    public RoleMatrixTests(TestArchive archive)
    {
        _archive = archive;
        _factory = new ArchiveWebFactory(archive);
        _publicFactory = new ArchiveWebFactory(archive, ("public-read", "true"));
    }

    /// <summary>Every endpoint with no token and with each role's token.</summary>
    public static TheoryData<string, string?> Cases()
    {
        var data = new TheoryData<string, string?>();
        foreach (var endpoint in Endpoints.Keys)
        {
            data.Add(endpoint, null);
            foreach (var role in Roles)
            {
                data.Add(endpoint, role);
            }
        }

        return data;
    }

    /// <summary>Every endpoint with each role's token (no anonymous rows).</summary>
    public static TheoryData<string, string> TokenCases()
    {
        var data = new TheoryData<string, string>();
        foreach (var endpoint in Endpoints.Keys)
        {
            foreach (var role in Roles)
            {
                data.Add(endpoint, role);
            }
        }

        return data;
    }

    public static TheoryData<string> EndpointNames() => [.. Endpoints.Keys];

    private static readonly Dictionary<string, (string Permission, Func<TestArchive, HttpRequestMessage> Request)> Endpoints = new()
    {
        ["list"] = ("read", a => new(HttpMethod.Get, "/api/documents")),
        ["show"] = ("read", a => new(HttpMethod.Get, $"/api/documents/{a.ReportId}")),
        ["text"] = ("read", a => new(HttpMethod.Get, $"/api/documents/{a.ReportId}/text")),
        ["passage"] = ("read", a => new(HttpMethod.Get, $"/api/documents/{a.ReportId}/passage?start=0&end=5")),
        ["original"] = ("read", a => new(HttpMethod.Get, $"/api/documents/{a.ReportId}/original")),
        ["whoami"] = ("read", a => new(HttpMethod.Get, "/api/whoami")),
        ["citation"] = ("read", a => new(HttpMethod.Get, $"/api/documents/{a.ReportId}/citation?start=0&end=7")),
        ["search"] = ("read", a => new(HttpMethod.Get, "/api/search?q=hasakah&type=article")),
        ["upload"] = ("ingest", a => new(HttpMethod.Post, "/api/documents")
        {
            Content = new MultipartFormDataContent { { new StringContent("Matrix upload\n\n" + Guid.NewGuid()), "file", "matrix.txt" } },
        }),
        ["amend"] = ("ingest", a => new(HttpMethod.Patch, $"/api/documents/{a.ReportId}/metadata")
        {
            Content = new StringContent("{\"tags\":\"matrix\"}", Encoding.UTF8, "application/json"),
        }),
        ["verify"] = ("audit", a => new(HttpMethod.Post, "/api/verify?record=false")),
        ["checkpoints"] = ("audit", a => new(HttpMethod.Get, "/api/log/checkpoints")),
        ["proof"] = ("audit", a => new(HttpMethod.Get, "/api/log/proof/0")),
        ["public-key"] = ("audit", a => new(HttpMethod.Get, "/api/log/public-key")),
    };

    public void Dispose()
    {
        _factory.Dispose();
        _publicFactory.Dispose();
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Endpoint_Role_MatchesMatrix(string endpoint, string? role)
    {
        var (permission, request) = Endpoints[endpoint];
        using var message = request(_archive);
        var response = await _factory.ClientFor(role).SendAsync(message);
        if (role is null)
        {
            await Problems.AssertProblem(response, HttpStatusCode.Unauthorized);
            Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
        }
        else
        {
            await AssertTokenOutcome(response, endpoint, permission, role);
        }
    }

    [Theory]
    [MemberData(nameof(EndpointNames))]
    public async Task Endpoint_PublicReadWithoutToken_AnonymousMayOnlyRead(string endpoint)
    {
        var (permission, request) = Endpoints[endpoint];
        using var message = request(_archive);
        var response = await _publicFactory.ClientFor(null).SendAsync(message);
        if (permission == "read")
        {
            Assert.True(response.IsSuccessStatusCode, $"{endpoint}: {(int)response.StatusCode}");
        }
        else
        {
            await Problems.AssertProblem(response, HttpStatusCode.Unauthorized);
            Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
        }
    }

    [Theory]
    [MemberData(nameof(TokenCases))]
    public async Task Endpoint_PublicReadWithToken_MatchesMatrix(string endpoint, string role)
    {
        // Public read opens reading to requests without a token; it must neither widen nor narrow what a token may do.
        var (permission, request) = Endpoints[endpoint];
        using var message = request(_archive);
        var response = await _publicFactory.ClientFor(role).SendAsync(message);
        await AssertTokenOutcome(response, endpoint, permission, role);
    }

    public static TheoryData<string, string> BodyPaths() => new()
    {
        { "POST", "/api/documents" },
        { "PATCH", "/api/documents/{report}/metadata" },
        { "POST", "/api/documents/{report}/reextract" },
        { "POST", "/api/documents/{report}/withdraw" },
        { "POST", "/api/captures" },
        { "POST", "/api/briefs/check" },
        { "POST", "/api/briefs" },
    };

    /// <summary>
    /// A body of a type the path does not take is answered only after the token is checked: no token is 401 (routing
    /// used to answer 415 first, telling anyone what a write path accepts), a role without the permission 403, and
    /// only a role with it learns the type is wrong, with what to send.
    /// </summary>
    [Theory]
    [MemberData(nameof(BodyPaths))]
    public async Task Request_BodyOfAnotherType_AuthorizationComesFirst(string method, string path)
    {
        HttpRequestMessage Xml() => new(new HttpMethod(method), path.Replace("{report}", _archive.ReportId.ToString(), StringComparison.Ordinal))
        {
            Content = new StringContent("<x/>", Encoding.UTF8, "application/xml"),
        };

        using (var anonymous = Xml())
        {
            await Problems.AssertProblem(await _publicFactory.ClientFor(null).SendAsync(anonymous), HttpStatusCode.Unauthorized);
        }

        using (var reader = Xml())
        {
            await Problems.AssertProblem(await _factory.ClientFor("reader").SendAsync(reader), HttpStatusCode.Forbidden);
        }

        using var admin = Xml();
        var problem = await Problems.AssertProblem(await _factory.ClientFor("admin").SendAsync(admin), HttpStatusCode.UnsupportedMediaType);
        Assert.Matches("JSON|text/markdown|multipart/form-data", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Request_BadToken_Returns401EvenWithPublicRead()
    {
        using var client = _publicFactory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "arch_notarealtoken");
        await Problems.AssertProblem(await client.GetAsync("/api/documents"), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Request_RevokedToken_Returns401()
    {
        using var services = Archive.Core.ArchiveCore.Open(new Archive.Core.Storage.ArchiveLayout(_archive.Root), TimeProvider.System);
        var store = new Archive.Core.Security.TokenStore(services.Database, TimeProvider.System);
        var issued = store.Create("short-lived-" + Guid.NewGuid().ToString("N")[..8], "reader");
        using var client = _factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", issued.Token);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/documents")).StatusCode);
        store.Revoke(issued.Name);
        await Problems.AssertProblem(await client.GetAsync("/api/documents"), HttpStatusCode.Unauthorized);
    }

    private static async Task AssertTokenOutcome(HttpResponseMessage response, string endpoint, string permission, string role)
    {
        if (Allowed[permission].Contains(role))
        {
            Assert.True(response.IsSuccessStatusCode, $"{endpoint} as {role}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
        else
        {
            var problem = await Problems.AssertProblem(response, HttpStatusCode.Forbidden);
            Assert.Equal($"a token with role '{role}' may not do this", problem.GetProperty("detail").GetString());
        }
    }
}
