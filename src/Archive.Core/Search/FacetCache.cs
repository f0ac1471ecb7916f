using Microsoft.Data.Sqlite;

namespace Archive.Core.Search;

/// <summary>
/// The few capture columns that sort and facet a result set (publisher, type, language, published,
/// withdrawn), held in memory by rowid and reloaded when the log moves. A search then reads only
/// (rowid, score) pairs from FTS5 instead of visiting every matching catalog row.
/// </summary>
internal sealed class FacetCache
{
    private readonly Lock _gate = new();
    private (long Version, Dictionary<long, Entry> Rows)? _current;

    public sealed record Entry(string? Publisher, string? Type, string? Language, string? Published, bool Withdrawn);

    /// <summary>The cached rows for <paramref name="version"/>; <paramref name="reload"/> forces a fresh read.</summary>
    public Dictionary<long, Entry> Get(SqliteConnection connection, long version, bool reload = false)
    {
        ArgumentNullException.ThrowIfNull(connection);
        lock (_gate)
        {
            if (!reload && _current is { } cached && cached.Version == version)
            {
                return cached.Rows;
            }
        }

        var strings = new Dictionary<string, string>(StringComparer.Ordinal);
        string? Intern(SqliteDataReader reader, int i)
        {
            if (reader.IsDBNull(i))
            {
                return null;
            }

            var value = reader.GetString(i);
            return strings.TryGetValue(value, out var shared) ? shared : strings[value] = value;
        }

        var rows = new Dictionary<long, Entry>();
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT rowid, publisher, source_type, language, published, withdrawn FROM captures";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                rows[reader.GetInt64(0)] = new Entry(Intern(reader, 1), Intern(reader, 2), Intern(reader, 3), reader.IsDBNull(4) ? null : reader.GetString(4), reader.GetInt64(5) != 0);
            }
        }

        lock (_gate)
        {
            _current = (version, rows);
        }

        return rows;
    }
}
