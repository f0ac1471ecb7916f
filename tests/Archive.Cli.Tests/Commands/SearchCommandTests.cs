using Archive.Core.Search;

namespace Archive.Cli.Tests.Commands;

public sealed class SearchCommandTests : IDisposable
{
    private readonly TempArchive _archive = new();

    public SearchCommandTests()
    {
        Assert.Equal(0, _archive.Run("ingest", TempArchive.SampleSources).ExitCode);
    }

    public void Dispose() => _archive.Dispose();

    [Fact]
    public void Search_LimitAndPassagesAboveSearchLimits_AreCutToTheDefaults()
    {
        var limits = SearchLimits.Default;

        var response = _archive.RunJson("search", "hasakah", "--limit", (limits.MaxHits + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), "--passages", "1000");

        Assert.Equal(limits.MaxHits, response["limit"]!.GetValue<int>());
        Assert.True(response["total"]!.GetValue<int>() > 0, response.ToJsonString());
        Assert.All(response["hits"]!.AsArray(), hit => Assert.InRange(hit!["passages"]!.AsArray().Count, 1, limits.MaxPassagesPerHit));
    }
}
