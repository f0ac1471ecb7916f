using System.Net;
using System.Net.Http.Headers;

namespace Archive.Web.Tests.Security;

public sealed class AuthRateLimitTests : IClassFixture<TestArchive>
{
    private readonly TestArchive _archive;

    public AuthRateLimitTests(TestArchive archive) => _archive = archive;

    [Fact]
    public async Task BadTokens_PastTheLimit_Return429ForTheClient()
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
        // The same address with a good token is also held off until the window passes.
        await Problems.AssertProblem(await factory.ClientFor("reader").GetAsync("/api/documents"), HttpStatusCode.TooManyRequests);
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
