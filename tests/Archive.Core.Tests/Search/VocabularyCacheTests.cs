using Archive.Core.Storage;
using Archive.Core.Catalog;
using Archive.Core.Ingestion;
using Archive.Core.Metadata;
using Archive.Core.Search;
using Archive.Core.Tests.Ingestion;
using Microsoft.Extensions.Time.Testing;

namespace Archive.Core.Tests.Search;

public sealed class VocabularyCacheTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly FakeTimeProvider _clock = new();
    private readonly ArchiveCore _archive;

    public VocabularyCacheTests()
    {
        var layout = new ArchiveLayout(Path.Combine(_dir.Path, "archive"));
        ArchiveCore.Initialize(layout, TimeProvider.System);
        _archive = ArchiveCore.Open(layout, TimeProvider.System);
        Ingest("first.txt", "Alpha report\n\nThe zebrafish study.\n");
    }

    public void Dispose()
    {
        _archive.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _dir.Dispose();
    }

    [Fact]
    public void Get_IndexChangedWithinRefreshInterval_KeepsPreviousVocabulary()
    {
        var cache = new VocabularyCache(_archive.Database, _clock);
        using var connection = _archive.Database.Open();
        Assert.Contains("zebrafish", cache.Get(connection, Version(connection)).Terms);
        Ingest("second.txt", "Beta report\n\nThe quokka census.\n");
        _clock.Advance(VocabularyCache.RefreshInterval / 2);
        Assert.DoesNotContain("quokka", cache.Get(connection, Version(connection)).Terms);
    }

    [Fact]
    public async Task Get_IndexChangedAfterRefreshInterval_ReloadsInBackground()
    {
        var cache = new VocabularyCache(_archive.Database, _clock);
        using var connection = _archive.Database.Open();
        var (first, _) = cache.Get(connection, Version(connection));
        Ingest("second.txt", "Beta report\n\nThe quokka census.\n");
        _clock.Advance(VocabularyCache.RefreshInterval);
        Assert.Same(first, cache.Get(connection, Version(connection)).Terms);
        await (cache.Refreshing ?? Task.CompletedTask);
        var (terms, _) = cache.Get(connection, Version(connection));
        Assert.Contains("quokka", terms);
        Assert.Contains("zebrafish", terms);
        Assert.Null(cache.Refreshing);
    }

    [Fact]
    public void Get_IndexUnchangedAfterRefreshInterval_ReusesVocabulary()
    {
        var cache = new VocabularyCache(_archive.Database, _clock);
        using var connection = _archive.Database.Open();
        var (first, _) = cache.Get(connection, Version(connection));
        _clock.Advance(VocabularyCache.RefreshInterval * 3);
        Assert.Same(first, cache.Get(connection, Version(connection)).Terms);
        Assert.Null(cache.Refreshing);
    }

    private static long Version(Microsoft.Data.Sqlite.SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT coalesce(max(idx), -1) FROM events";
        return (long)command.ExecuteScalar()!;
    }

    private void Ingest(string name, string text)
    {
        var path = _dir.Write(name, text);
        var outcome = _archive.Ingestor.Ingest(new IngestRequest([path], new Dictionary<string, FieldValue>(), "test"), null, default).Single();
        Assert.Equal(IngestStatus.Ingested, outcome.Status);
    }
}
