using Archive.Core.Catalog;
using Microsoft.Data.Sqlite;

namespace Archive.Core.Tests.Catalog;

/// <summary>A list bound as one JSON parameter selects exactly its values, however many and whatever they hold.</summary>
public sealed class SqlListTests : IDisposable
{
    private const string Tricky = "it's \"quoted\", \\ back-slashed, \u0645\u0633\u062C\u062F and \uD83D\uDCDC";

    private readonly SqliteConnection _connection = new("Data Source=:memory:");

    public SqlListTests()
    {
        _connection.Open();
        Execute("CREATE TABLE t (n INTEGER PRIMARY KEY, s TEXT UNIQUE)");
        using var transaction = _connection.BeginTransaction();
        using var insert = _connection.CreateCommand();
        insert.CommandText = "INSERT INTO t (n, s) VALUES ($n, $s)";
        var n = insert.Parameters.Add("$n", SqliteType.Integer);
        var s = insert.Parameters.Add("$s", SqliteType.Text);
        for (var i = 1; i <= 50_000; i++)
        {
            n.Value = i;
            s.Value = "v" + i;
            insert.ExecuteNonQuery();
        }

        s.Value = Tricky;
        n.Value = 50_001;
        insert.ExecuteNonQuery();
        transaction.Commit();
    }

    [Fact]
    public void In_MoreValuesThanSqliteAllowsParameters_SelectsEachOnce()
    {
        // SQLite allows at most 32,766 parameters in one statement; the list is one.
        var wanted = Enumerable.Range(1, 40_000).Where(i => i % 3 != 0).Select(i => (long)i).ToList();

        var found = Select("n", wanted);

        Assert.Equal(wanted, found);
    }

    [Fact]
    public void In_Strings_MatchesQuotesBackslashesArabicAndAstralCharactersExactly()
    {
        using var command = _connection.CreateCommand();
        command.CommandText = $"SELECT n FROM t WHERE s IN {SqlList.In(command, "$s", ["v7", Tricky, "V7", "v7 ", "absent"])} ORDER BY n";

        Assert.Equal([7L, 50_001L], Read(command));
    }

    [Fact]
    public void In_EmptyList_SelectsNothing()
    {
        Assert.Empty(Select("n", []));
    }

    private List<long> Select(string column, IEnumerable<long> values)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = $"SELECT n FROM t WHERE {column} IN {SqlList.In(command, "$values", values)} ORDER BY n";
        return Read(command);
    }

    private static List<long> Read(SqliteCommand command)
    {
        var result = new List<long>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            result.Add(reader.GetInt64(0));
        }

        return result;
    }

    private void Execute(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public void Dispose() => _connection.Dispose();
}
