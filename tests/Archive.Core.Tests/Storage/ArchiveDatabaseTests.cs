using Archive.Core.Storage;
using Microsoft.Data.Sqlite;

namespace Archive.Core.Tests.Storage;

public sealed class ArchiveDatabaseTests : IDisposable
{
    private readonly ArchiveLayout _layout = new(Path.Combine(Path.GetTempPath(), "archive-database-tests-" + Guid.NewGuid().ToString("N")));

    public ArchiveDatabaseTests() => ArchiveCore.Initialize(_layout, TimeProvider.System);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_layout.Root, recursive: true);
    }

    [Fact]
    public void OpenUnmapped_ThenOpen_EachFromItsOwnPool_NoConnectionSwitchesItsMap()
    {
        var database = new ArchiveDatabase(_layout);
        long mappedHandle;
        using (var mapped = database.Open())
        {
            Assert.Equal(268_435_456, MapSize(mapped));
            mappedHandle = mapped.Handle!.DangerousGetHandle();
        }

        long unmappedHandle;
        using (var unmapped = database.OpenUnmapped())
        {
            Assert.Equal(0, MapSize(unmapped));
            unmappedHandle = unmapped.Handle!.DangerousGetHandle();
        }

        Assert.NotEqual(mappedHandle, unmappedHandle);
        using var again = database.Open();
        Assert.Equal(mappedHandle, again.Handle!.DangerousGetHandle());
        Assert.Equal(268_435_456, MapSize(again));
        using var unmappedAgain = database.OpenUnmapped();
        Assert.Equal(unmappedHandle, unmappedAgain.Handle!.DangerousGetHandle());
    }

    [Fact]
    public void ForBatchWrites_Disposed_PutsThePooledConnectionBackAsItWas()
    {
        var database = new ArchiveDatabase(_layout);
        long handle;
        (long Cache, long Temp, long Checkpoint) before;
        using (var connection = database.Open())
        {
            handle = connection.Handle!.DangerousGetHandle();
            before = Settings(connection);
            using (ArchiveDatabase.ForBatchWrites(connection))
            {
                Assert.Equal((-65536L, 2L, 16384L), Settings(connection));
                using var transaction = ArchiveDatabase.BeginWrite(connection);
                ArchiveDatabase.SetMeta(connection, transaction, "batch-test", "1");
                transaction.Commit();
            }

            Assert.Equal(before, Settings(connection));
        }

        using var again = database.Open();
        Assert.Equal(handle, again.Handle!.DangerousGetHandle());
        Assert.Equal(before, Settings(again));
        Assert.Equal("1", ArchiveDatabase.MetaValue(again, "batch-test"));
    }

    private static (long Cache, long Temp, long Checkpoint) Settings(SqliteConnection connection) =>
        (Pragma(connection, "cache_size"), Pragma(connection, "temp_store"), Pragma(connection, "wal_autocheckpoint"));

    private static long Pragma(SqliteConnection connection, string name)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA " + name;
        return (long)command.ExecuteScalar()!;
    }

    [Fact]
    public void OpenUnmapped_ReadsTheCatalogWithoutMappingIt()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        SqliteConnection.ClearAllPools();
        var database = new ArchiveDatabase(_layout);
        using (var unmapped = database.OpenUnmapped())
        {
            Assert.True(CountRows(unmapped) > 0);
            Assert.Equal(0, Mappings());
        }

        using var mapped = database.Open();
        Assert.True(CountRows(mapped) > 0);
        Assert.Equal(1, Mappings());
        using var unmappedAgain = database.OpenUnmapped();
        Assert.True(CountRows(unmappedAgain) > 0);
        Assert.Equal(1, Mappings());
    }

    private static long MapSize(SqliteConnection connection) => Pragma(connection, "mmap_size");

    private static long CountRows(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM meta";
        return (long)command.ExecuteScalar()!;
    }

    /// <summary>How many times this process maps this test's catalog file.</summary>
    private int Mappings()
    {
        var path = Path.GetFullPath(_layout.CatalogPath);
        return File.ReadLines("/proc/self/maps").Count(line => line.EndsWith(" " + path, StringComparison.Ordinal));
    }
}
