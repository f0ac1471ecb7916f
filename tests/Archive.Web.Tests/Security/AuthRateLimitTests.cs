using System.Net;
using System.Net.Http.Headers;

namespace Archive.Web.Tests.Security;

public sealed class AuthRateLimitTests : IClassFixture<TestArchive>
{
    private readonly TestArchive _archive;

    public AuthRateLimitTests(TestArchive archive) => _archive = archive;

    [Fact]
    public async Task BadTokens_PastTheLimit_Return429ForTheBadToken()
    {
        using var factory = new ArchiveWebFactory(_archive, ("auth-failures-per-minute", "3"));
        using var bad = factory.CreateClient();
        bad.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "arch_guess");
        for (var i = 0; i < 3; i++)
        {
            await Problems.AssertProblem(await bad.GetAsync("/api/documents"), HttpStatusCode.Unauthorized);
        }

        var blocked = await bad.GetAsync("/api/documents");
        await Problems.AssertProblem(blocked, HttpStatusCode.TooManyRequests);
        Assert.NotNull(blocked.Headers.RetryAfter);
    }

    [Theory]
    [InlineData("reader")]
    [InlineData("admin")]
    public async Task BadTokens_PastTheLimit_ValidTokenFromTheSameAddressIsStillAccepted(string role)
    {
        // Behind a proxy every user shares one address: a tab holding a revoked token must not lock out the others.
        using var factory = new ArchiveWebFactory(_archive, ("auth-failures-per-minute", "3"));
        using var bad = factory.CreateClient();
        bad.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "arch_revoked");
        for (var i = 0; i < 10; i++)
        {
            await bad.GetAsync("/api/documents");
        }

        await Problems.AssertProblem(await bad.GetAsync("/api/documents"), HttpStatusCode.TooManyRequests);
        var good = factory.ClientFor(role);
        Assert.Equal(HttpStatusCode.OK, (await good.GetAsync("/api/documents?limit=1")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await good.GetAsync("/api/whoami")).StatusCode);
        await Problems.AssertProblem(await bad.GetAsync("/api/documents"), HttpStatusCode.TooManyRequests);
    }

    [Fact]
    public async Task GoodTokens_ManyRequests_AreNotLimited()
    {
        using var factory = new ArchiveWebFactory(_archive, ("auth-failures-per-minute", "3"));
        var client = factory.ClientFor("reader");
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/documents?limit=1")).StatusCode);
        }
    }
}
