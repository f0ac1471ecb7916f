using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;

namespace Archive.Core.Search;

/// <summary>
/// The few capture columns that sort and facet a result set (publisher, type, language, published,
/// withdrawn), held in memory by rowid. A search then reads only (rowid, score) pairs from FTS5 instead of
/// visiting every matching catalog row. Loaded whole once; when the log moves, only the captures named by the
/// new events are read again (every write that changes these columns, ingest or amend, logs an event for its
/// capture in the same transaction), so a busy writer does not make each search reload the catalog.
/// </summary>
internal sealed class FacetCache
{
    private readonly Lock _refreshGate = new();
    private readonly ConcurrentDictionary<long, Entry> _rows = new();
    private readonly Dictionary<string, string> _strings = new(StringComparer.Ordinal);
    private long _version = long.MinValue;

    public sealed record Entry(string? Publisher, string? Type, string? Language, string? Published, bool Withdrawn);

    /// <summary>
    /// The rows as of <paramref name="version"/> or later; <paramref name="reload"/> brings them up to the latest
    /// event (for a row written after <paramref name="version"/> was read). Readers may see rows change under them,
    /// but only to newer values.
    /// </summary>
    public IReadOnlyDictionary<long, Entry> Get(SqliteConnection connection, long version, bool reload = false)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (!reload && Interlocked.Read(ref _version) >= version)
        {
            return _rows;
        }

        lock (_refreshGate)
        {
            if (!reload && _version >= version)
            {
                return _rows;
            }

            // One snapshot for the log position and the rows it covers.
            using var transaction = connection.BeginTransaction(deferred: true);
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "SELECT coalesce(max(idx), -1) FROM events";
            var latest = (long)command.ExecuteScalar()!;
            if (latest == _version)
            {
                return _rows;
            }

            const string Columns = "SELECT rowid, publisher, source_type, language, published, withdrawn FROM captures";
            command.CommandText = _version == long.MinValue
                ? Columns
                : Columns + " WHERE id IN (SELECT capture_id FROM events WHERE idx > $from AND capture_id IS NOT NULL)";
            command.Parameters.AddWithValue("$from", _version);
            using (var reader = command.ExecuteReader())
            {
                while (reader.Read())
                {
                    _rows[reader.GetInt64(0)] = new Entry(Intern(reader, 1), Intern(reader, 2), Intern(reader, 3), reader.IsDBNull(4) ? null : reader.GetString(4), reader.GetInt64(5) != 0);
                }
            }

            transaction.Commit();
            Interlocked.Exchange(ref _version, latest);
            return _rows;
        }
    }

    private string? Intern(SqliteDataReader reader, int i)
    {
        if (reader.IsDBNull(i))
        {
            return null;
        }

        var value = reader.GetString(i);
        return _strings.TryGetValue(value, out var shared) ? shared : _strings[value] = value;
    }
}
