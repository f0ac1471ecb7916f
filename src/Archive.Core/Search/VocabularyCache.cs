using Microsoft.Data.Sqlite;

namespace Archive.Core.Search;

/// <summary>
/// The exact-form vocabulary of the index with document frequencies, for expanding wildcard and fuzzy terms.
/// Loaded once and reloaded when the index has changed (the catalog's event count moved), but at most once per
/// <see cref="RefreshInterval"/> and by one caller at a time: while one caller reloads, the others use the previous
/// vocabulary. A busy writer therefore cannot make every wildcard query rescan the whole index.
/// </summary>
internal sealed class VocabularyCache(TimeProvider clock)
{
    /// <summary>How stale the vocabulary may be after a change: words ingested since then are not yet expanded to.</summary>
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(2);

    private readonly Lock _gate = new();
    private Snapshot? _current;
    private bool _loading;

    private sealed record Snapshot(long Version, long LoadedAt, string[] Terms, int[] Docs);

    /// <summary>The vocabulary for the log at <paramref name="version"/>, or a recent one (see <see cref="RefreshInterval"/>).</summary>
    public (string[] Terms, int[] Docs) Get(SqliteConnection connection, long version)
    {
        ArgumentNullException.ThrowIfNull(connection);
        using var command = connection.CreateCommand();
        bool owner;
        lock (_gate)
        {
            if (_current is { } cached && (cached.Version == version || _loading || clock.GetElapsedTime(cached.LoadedAt) < RefreshInterval))
            {
                return (cached.Terms, cached.Docs);
            }

            owner = !_loading;
            _loading = true;
        }

        try
        {
            var loadedAt = clock.GetTimestamp();
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

            var loaded = new Snapshot(version, loadedAt, [.. terms], [.. docs]);
            lock (_gate)
            {
                if (_current is null || _current.Version <= version)
                {
                    _current = loaded;
                }
            }

            return (loaded.Terms, loaded.Docs);
        }
        finally
        {
            if (owner)
            {
                lock (_gate)
                {
                    _loading = false;
                }
            }
        }
    }
}
