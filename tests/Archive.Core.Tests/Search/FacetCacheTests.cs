using Archive.Core.Storage;
using Archive.Core.Catalog;
using Archive.Core.Ingestion;
using Archive.Core.Metadata;
using Archive.Core.Search;
using Archive.Core.Tests.Ingestion;
using Microsoft.Data.Sqlite;

namespace Archive.Core.Tests.Search;

public sealed class FacetCacheTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly ArchiveCore _archive;
    private readonly string _firstId;

    public FacetCacheTests()
    {
        var layout = new ArchiveLayout(Path.Combine(_dir.Path, "archive"));
        ArchiveCore.Initialize(layout, TimeProvider.System);
        _archive = ArchiveCore.Open(layout, TimeProvider.System);
        _firstId = Ingest("first.txt", "Alpha report\n\nThe zebrafish study.\n", "Alpha Press");
        Ingest("second.txt", "Beta report\n\nThe quokka census.\n", "Beta Wire");
    }

    public void Dispose()
    {
        _archive.Dispose();
        SqliteConnection.ClearAllPools();
        _dir.Dispose();
    }

    [Fact]
    public void Get_AfterIngest_AddsNewRowAndKeepsOthersAsLoaded()
    {
        var cache = new FacetCache();
        using var connection = _archive.Database.Open();
        var before = cache.Get(connection, Version(connection)).ToDictionary(r => r.Key, r => r.Value);
        Assert.Equal(2, before.Count);
        Ingest("third.txt", "Gamma report\n\nThe axolotl survey.\n", "Gamma Daily");
        var after = cache.Get(connection, Version(connection));
        Assert.Equal(3, after.Count);
        Assert.Contains(after.Values, e => e.Publisher == "Gamma Daily");
        // Incremental: rows the new events do not name are the very objects loaded before.
        Assert.All(before, r => Assert.Same(r.Value, after[r.Key]));
    }

    [Fact]
    public void Get_AfterAmend_ShowsNewValue()
    {
        var cache = new FacetCache();
        using var connection = _archive.Database.Open();
        Assert.Contains(cache.Get(connection, Version(connection)).Values, e => e.Publisher == "Alpha Press");
        _archive.Amender.Amend(_firstId, [new("publisher", "Alpha Press International")], "test");
        var rows = cache.Get(connection, Version(connection));
        Assert.Contains(rows.Values, e => e.Publisher == "Alpha Press International");
        Assert.DoesNotContain(rows.Values, e => e.Publisher == "Alpha Press");
    }

    [Fact]
    public void Get_ReloadWithUnchangedVersion_CatchesUpWithLaterWrites()
    {
        var cache = new FacetCache();
        using var connection = _archive.Database.Open();
        var version = Version(connection);
        Assert.Equal(2, cache.Get(connection, version).Count);
        Ingest("third.txt", "Gamma report\n\nThe axolotl survey.\n", "Gamma Daily");
        Assert.Equal(2, cache.Get(connection, version).Count);
        Assert.Equal(3, cache.Get(connection, version, reload: true).Count);
    }

    private static long Version(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT coalesce(max(idx), -1) FROM events";
        return (long)command.ExecuteScalar()!;
    }

    private string Ingest(string name, string text, string publisher)
    {
        var path = _dir.Write(name, text);
        var metadata = new Dictionary<string, FieldValue> { ["publisher"] = new(FieldParser.ParseText(MetadataField.Find("publisher")!, publisher), FieldOrigin.Upload) };
        var outcome = _archive.Ingestor.Ingest(new IngestRequest([path], metadata, "test"), null, default).Single();
        Assert.Equal(IngestStatus.Ingested, outcome.Status);
        return outcome.CaptureId!;
    }
}
