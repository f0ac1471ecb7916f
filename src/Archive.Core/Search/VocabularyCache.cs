using Microsoft.Data.Sqlite;

namespace Archive.Core.Search;

/// <summary>
/// The exact-form vocabulary of the index with document frequencies, for expanding wildcard and fuzzy terms.
/// Loaded once and reloaded when the index changes (the log moves).
/// </summary>
internal sealed class VocabularyCache
{
    private readonly Lock _gate = new();
    private (long Version, string[] Terms, int[] Docs)? _current;

    public (string[] Terms, int[] Docs) Get(SqliteConnection connection, long version)
    {
        ArgumentNullException.ThrowIfNull(connection);
        using var command = connection.CreateCommand();
        lock (_gate)
        {
            if (_current is { } cached && cached.Version == version)
            {
                return (cached.Terms, cached.Docs);
            }
        }

        command.CommandText = $"SELECT term, sum(doc) FROM {SearchIndex.Vocabulary} WHERE col IN ('title_exact', 'body_exact') GROUP BY term ORDER BY term";
        var terms = new List<string>();
        var docs = new List<int>();
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                terms.Add(reader.GetString(0));
                docs.Add(reader.GetInt32(1));
            }
        }

        var loaded = (version, terms.ToArray(), docs.ToArray());
        lock (_gate)
        {
            _current = loaded;
        }

        return (loaded.Item2, loaded.Item3);
    }
}
