using System.Text;
using Archive.Core.Catalog;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Archive.Core.Tests.Catalog;

/// <summary>Verify's direct calls into SQLite read what SQLitePCLRaw's calls read, from the library it loaded.</summary>
public sealed class NativeStatementTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), "native-statement-" + Guid.NewGuid().ToString("N") + ".db");
    private readonly SqliteConnection _connection;

    public NativeStatementTests()
    {
        _connection = new SqliteConnection($"Data Source={_path};Pooling=False");
        _connection.Open();
        using var command = _connection.CreateCommand();
        command.CommandText = """
            CREATE TABLE t (n INTEGER, s TEXT, b BLOB);
            INSERT INTO t VALUES (1, 'ascii', x'00ff10'), (-9007199254740993, 'عربي ✓', x''), (NULL, '', NULL), (42, NULL, x'41');
            """;
        command.ExecuteNonQuery();
    }

    public void Dispose()
    {
        _connection.Dispose();
        File.Delete(_path);
    }

    [Fact]
    public void EveryColumn_ReadsAsSQLitePCLRawReadsIt()
    {
        var db = _connection.Handle!;
        using var native = new NativeStatement(db, "SELECT n, s, b FROM t WHERE rowid >= ?1 ORDER BY rowid");
        native.Bind(1, 1);
        Assert.Equal(raw.SQLITE_OK, raw.sqlite3_prepare_v2(db, "SELECT n, s, b FROM t ORDER BY rowid", out var reference));
        using (reference)
        {
            var rows = 0;
            while (native.Step())
            {
                Assert.Equal(raw.SQLITE_ROW, raw.sqlite3_step(reference));
                rows++;
                for (var column = 0; column < 3; column++)
                {
                    Assert.Equal(raw.sqlite3_column_type(reference, column), native.Type(column));
                    Assert.Equal(raw.sqlite3_column_type(reference, column) == raw.SQLITE_NULL, native.IsNull(column));
                    Assert.Equal(raw.sqlite3_column_int64(reference, column), native.Int64(column));
                    Assert.Equal(raw.sqlite3_column_blob(reference, column).ToArray(), native.Blob(column).ToArray());
                }
            }

            Assert.Equal(4, rows);
            Assert.Equal(raw.SQLITE_DONE, raw.sqlite3_step(reference));
        }

        native.Reset();
        Assert.True(native.Step());
        Assert.Equal("ascii"u8.ToArray(), native.Blob(1).ToArray());
        Assert.True(native.Step());
        Assert.Equal("عربي ✓", Encoding.UTF8.GetString(native.Blob(1)));
        Assert.True(native.Blob(2).IsEmpty);
    }

    [Fact]
    public void Bind_NarrowsTheRows_AndResetRunsItAgain()
    {
        using var native = new NativeStatement(_connection.Handle!, "SELECT n FROM t WHERE rowid >= ?1 ORDER BY rowid");
        native.Bind(1, 4);
        Assert.True(native.Step());
        Assert.Equal(42, native.Int64(0));
        Assert.False(native.Step());

        native.Reset();
        native.Bind(1, 2);
        Assert.True(native.Step());
        Assert.Equal(-9007199254740993, native.Int64(0));
    }

    [Fact]
    public void BadSql_ThrowsWhatAdoNetWould_NamingTheError()
    {
        var error = Assert.Throws<SqliteException>(() => new NativeStatement(_connection.Handle!, "SELECT x FROM nowhere"));

        Assert.Contains("no such table: nowhere", error.Message, StringComparison.Ordinal);
        // The connection is not left referenced by the failed statement: it closes.
        _connection.Close();
    }

    [Fact]
    public void TheCalls_GoToTheLibraryAlreadyLoaded_NotASecondCopy()
    {
        using (var native = new NativeStatement(_connection.Handle!, "SELECT count(*) FROM t"))
        {
            Assert.True(native.Step());
            Assert.Equal(4, native.Int64(0));
        }

        // Two copies of SQLite in one process would each keep its own POSIX locks on the same file.
        var copies = File.ReadLines("/proc/self/maps").Where(line => line.Contains("libe_sqlite3", StringComparison.Ordinal))
            .Select(line => line[(line.IndexOf('/', StringComparison.Ordinal))..]).Distinct().ToList();
        Assert.True(copies.Count == 1, string.Join(", ", copies));
    }
}
