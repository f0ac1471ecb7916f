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
    public void OpenUnmapped_ThenOpen_TheSamePooledConnectionLosesAndRegainsTheMap()
    {
        var database = new ArchiveDatabase(_layout);
        long handle;
        using (var mapped = database.Open())
        {
            Assert.Equal(268_435_456, MapSize(mapped));
            handle = mapped.Handle!.DangerousGetHandle();
        }

        using (var unmapped = database.OpenUnmapped())
        {
            // The pool hands back the connection just returned: the setting is per use, not per connection.
            Assert.Equal(handle, unmapped.Handle!.DangerousGetHandle());
            Assert.Equal(0, MapSize(unmapped));
        }

        using var again = database.Open();
        Assert.Equal(268_435_456, MapSize(again));
    }

    [Fact]
    public void OpenUnmapped_ReadsWithoutAMap_AndAPooledConnectionDropsItsMap()
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

        using (var mapped = database.Open())
        {
            Assert.True(CountRows(mapped) > 0);
            Assert.Equal(1, Mappings());
        }

        // The same connection, back from the pool: its map is gone once it reads again.
        using var reused = database.OpenUnmapped();
        Assert.True(CountRows(reused) > 0);
        Assert.Equal(0, Mappings());
    }

    private static long MapSize(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA mmap_size";
        return (long)command.ExecuteScalar()!;
    }

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
