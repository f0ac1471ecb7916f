using Archive.Core.Metadata;
using Archive.Core.Search;
using Archive.Core.Storage;

namespace Archive.Core.Tests.Search;

/// <summary>
/// <c>published:</c> dates and ranges against captures dated to the day, the month and the year: a date matches
/// when the period it covers overlaps the range.
/// </summary>
public sealed class PublishedRangeTests : IDisposable
{
    private static readonly (string Name, string? Published)[] Documents =
    [
        ("day.txt", "2024-02-15"),
        ("time.txt", "2024-02-20T08:00:00Z"),
        ("month.txt", "2024-02"),
        ("year.txt", "2024"),
        ("jan31.txt", "2024-01-31"),
        ("mar1.txt", "2024-03-01"),
        ("dec2023.txt", "2023-12"),
        ("undated.txt", null),
    ];

    private readonly TempArchive _archive = new();
    private readonly Dictionary<CaptureId, string> _fileById = [];
    private readonly Searcher _searcher;

    public PublishedRangeTests()
    {
        var paths = new List<string>();
        foreach (var (name, published) in Documents)
        {
            paths.Add(_archive.WriteInput(name, $"Dated note {name}\nThe gazette was printed.\n"));
            if (published is not null)
            {
                _archive.WriteInput(name + ".meta.json", $$"""{ "published": "{{published}}" }""");
            }
        }

        foreach (var outcome in _archive.Ingest([.. paths]))
        {
            Assert.True(outcome.CaptureId is not null, $"{outcome.Path}: {outcome.Status} {outcome.Reason}");
            _fileById[outcome.CaptureId.Value] = Path.GetFileName(outcome.Path);
        }

        _searcher = _archive.Services.Searcher;
    }

    public void Dispose() => _archive.Dispose();

    [Theory]
    [InlineData("published:[2024-02-10 TO 2024-02-20]", "day.txt month.txt time.txt year.txt")]
    [InlineData("published:2024-02-15", "day.txt month.txt year.txt")]
    [InlineData("published:2024-02", "day.txt month.txt time.txt year.txt")]
    [InlineData("published:2024", "day.txt jan31.txt mar1.txt month.txt time.txt year.txt")]
    [InlineData("published:[2024-01-20 TO 2024-02-01]", "jan31.txt month.txt year.txt")]
    [InlineData("published:[2024-01-20 TO 2024-01-31]", "jan31.txt year.txt")]
    [InlineData("published:{2024-02 TO *]", "mar1.txt year.txt")]
    [InlineData("published:[* TO 2024-01-15]", "dec2023.txt year.txt")]
    [InlineData("published:[2023-12-20 TO 2024-01-05]", "dec2023.txt year.txt")]
    [InlineData("published:[2023 TO 2023]", "dec2023.txt")]
    [InlineData("published:[2024-02-21 TO 2024-02-28]", "month.txt year.txt")]
    [InlineData("gazette AND NOT published:2024-02", "dec2023.txt jan31.txt mar1.txt undated.txt")]
    [InlineData("published:[٢٠٢٤-٠٢-١٠ TO ۲۰۲۴-۰۲-۲۰]", "day.txt month.txt time.txt year.txt")]
    [InlineData("published:２０２４-０２-１５", "day.txt month.txt year.txt")]
    public void Search_PublishedDate_MatchesCapturesWhosePeriodOverlapsIt(string query, string expected) =>
        Assert.Equal(Split(expected), Files(new SearchRequest(query, SearchRequest.MaxLimit)));

    [Fact]
    public void Search_PublishedFilter_MatchesCapturesWhosePeriodOverlapsIt()
    {
        var filters = new SearchFilters { PublishedFrom = Date("2024-02-10"), PublishedTo = Date("2024-02-20") };

        Assert.Equal(Split("day.txt month.txt time.txt year.txt"), Files(new SearchRequest("gazette", SearchRequest.MaxLimit, Filters: filters)));
    }

    [Fact]
    public void Search_SortByPublished_PutsDaysBeforeTheirMonthAndMonthsBeforeTheirYear()
    {
        var response = _searcher.Search(new SearchRequest("gazette", SearchRequest.MaxLimit, Sort: SearchSort.Published));

        Assert.Equal(
            ["mar1.txt", "time.txt", "day.txt", "month.txt", "jan31.txt", "year.txt", "dec2023.txt", "undated.txt"],
            response.Hits.Select(h => _fileById[h.Id]));
    }

    private List<string> Files(SearchRequest request)
    {
        var response = _searcher.Search(request);
        Assert.True(response.Error is null, response.Error?.ToString());
        return [.. response.Hits.Select(h => _fileById[h.Id]).Order(StringComparer.Ordinal)];
    }

    private static string[] Split(string files) => files.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    private static PartialDate Date(string text) =>
        PartialDate.TryParse(text, out var date, out var error) ? date : throw new ArgumentException(error, nameof(text));
}
