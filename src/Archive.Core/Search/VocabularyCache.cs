using Archive.Core.Storage;
using Archive.Core.Catalog;
using Microsoft.Data.Sqlite;

namespace Archive.Core.Search;

/// <summary>
/// The exact-form vocabulary of the index with document frequencies, for expanding wildcard and fuzzy terms.
/// Loaded on first use. When the index has changed (the catalog's event count moved) and the vocabulary is older
/// than <see cref="RefreshInterval"/>, one reload starts in the background and searches keep using the previous
/// vocabulary until it is done: a busy writer can neither make every wildcard query rescan the index nor make one
/// wait for it.
/// </summary>
internal sealed class VocabularyCache(ArchiveDatabase database, TimeProvider clock)
{
    /// <summary>How often at most the vocabulary is reloaded while the index keeps changing.</summary>
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(2);

    private readonly Lock _gate = new();
    private Snapshot? _current;
    private Task? _refresh;

    private sealed record Snapshot(long Version, long LoadedAt, string[] Terms, int[] Docs);

    /// <summary>The background reload in progress, if any.</summary>
    public Task? Refreshing
    {
        get
        {
            lock (_gate)
            {
                return _refresh;
            }
        }
    }

    /// <summary>The vocabulary for the log at <paramref name="version"/>, or a recent one (see <see cref="RefreshInterval"/>).</summary>
    public (string[] Terms, int[] Docs) Get(SqliteConnection connection, long version)
    {
        ArgumentNullException.ThrowIfNull(connection);
        lock (_gate)
        {
            if (_current is { } cached)
            {
                if (cached.Version != version && _refresh is null && clock.GetElapsedTime(cached.LoadedAt) >= RefreshInterval)
                {
                    _refresh = Task.Run(() => Refresh(version));
                }

                return (cached.Terms, cached.Docs);
            }
        }

        var loaded = Load(connection, version);
        lock (_gate)
        {
            _current ??= loaded;
        }

        return (loaded.Terms, loaded.Docs);
    }

    /// <summary>Reloads on a connection of its own; the rows read are at least as new as <paramref name="version"/>.</summary>
    private void Refresh(long version)
    {
        try
        {
            using var connection = database.Open();
            var loaded = Load(connection, version);
            lock (_gate)
            {
                _current = loaded;
            }
        }
        catch (SqliteException)
        {
            // Keep the previous vocabulary; a search after the next interval tries again.
        }
        catch (ArchiveException ex) when (ex.Kind == ArchiveErrorKind.NoArchive)
        {
        }
        finally
        {
            lock (_gate)
            {
                _refresh = null;
            }
        }
    }

    private Snapshot Load(SqliteConnection connection, long version)
    {
        var loadedAt = clock.GetTimestamp();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT term, sum(doc) FROM {SearchIndex.Vocabulary} WHERE col IN ('title_exact', 'body_exact') GROUP BY term ORDER BY term";
        var terms = new List<string>();
        var docs = new List<int>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            terms.Add(reader.GetString(0));
            docs.Add(reader.GetInt32(1));
        }

        return new Snapshot(version, loadedAt, [.. terms], [.. docs]);
    }
}
