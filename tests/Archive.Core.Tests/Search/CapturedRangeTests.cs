using Archive.Core.Search;
using Archive.Core.Storage;

namespace Archive.Core.Tests.Search;

/// <summary>
/// <c>captured:</c> ranges against documents whose sidecars give known capture times, one without any.
/// </summary>
public sealed class CapturedRangeTests : IDisposable
{
    private static readonly (string Name, string? CapturedAt)[] Documents =
    [
        ("cap-a.txt", "2025-12-31T23:59:59Z"),
        ("cap-b.txt", "2026-01-01T00:00:00Z"),
        ("cap-c.txt", "2026-01-31"),
        ("cap-d.txt", "2026-02-01T08:00:00Z"),
        ("cap-e.txt", null),
    ];

    private readonly TempArchive _archive = new();
    private readonly Dictionary<CaptureId, string> _fileById = [];
    private readonly Searcher _searcher;

    public CapturedRangeTests()
    {
        var paths = new List<string>();
        foreach (var (name, capturedAt) in Documents)
        {
            paths.Add(_archive.WriteInput(name, $"Capture note {name}\nThe ledger was copied.\n"));
            if (capturedAt is not null)
            {
                _archive.WriteInput(name + ".meta.json", $$"""{ "captured_at": "{{capturedAt}}" }""");
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
    [InlineData("captured:[2026-01-01 TO 2026-01-31]", "cap-b.txt cap-c.txt")]
    [InlineData("captured:{2026-01-01 TO 2026-01-31]", "cap-c.txt")]
    [InlineData("captured:{2025-12-31 TO *]", "cap-b.txt cap-c.txt cap-d.txt")]
    [InlineData("captured:[* TO 2025]", "cap-a.txt")]
    [InlineData("captured:2026-01", "cap-b.txt cap-c.txt")]
    [InlineData("captured:2026", "cap-b.txt cap-c.txt cap-d.txt")]
    [InlineData("captured:[2026-02-02 TO *]", "")]
    [InlineData("ledger AND NOT captured:2026", "cap-a.txt cap-e.txt")]
    public void Search_CapturedRange_FindsCapturesTakenWithinIt(string query, string expected)
    {
        var response = _searcher.Search(new SearchRequest(query, SearchRequest.MaxLimit));

        Assert.True(response.Error is null, response.Error?.ToString());
        Assert.Equal(
            expected.Split(' ', StringSplitOptions.RemoveEmptyEntries),
            response.Hits.Select(h => _fileById[h.Id]).Order(StringComparer.Ordinal));
    }
}
