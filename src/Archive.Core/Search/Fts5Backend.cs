using Archive.Core.Storage;
using Microsoft.Data.Sqlite;

namespace Archive.Core.Search;

/// <summary>
/// The SQLite FTS5 search backend: compiles the expanded query and the filters (<see cref="FtsCompiler"/>), matches
/// them in <c>search_fts</c> with BM25, leaves out withdrawn captures, sorts with a stable tie-break, and counts facets
/// over the whole result set from the <see cref="FacetCache"/>. Wildcard and fuzzy terms expand against the
/// <see cref="VocabularyCache"/>. A cancelled token interrupts the running SQLite statement.
/// </summary>
internal sealed class Fts5Backend : ISearchBackend
{
    private readonly ArchiveDatabase _database;
    private readonly SearchIndex _index;
    private readonly VocabularyCache _vocabulary;
    private readonly FacetCache _facets = new();

    public Fts5Backend(ArchiveDatabase database, SearchIndex index, TimeProvider clock)
    {
        _database = database ?? throw new ArgumentNullException(nameof(database));
        _index = index ?? throw new ArgumentNullException(nameof(index));
        _vocabulary = new VocabularyCache(database, clock);
    }

    public string? Problem()
    {
        using var connection = _database.Open();
        return _index.Problem(connection);
    }

    public (string[] Terms, int[] Docs) Vocabulary(CancellationToken cancellationToken) =>
        Interruptible(connection => _vocabulary.Get(connection, LogVersion(connection)), cancellationToken);

    public SearchPage Search(ExpandedQuery query, SearchFilters filters, SearchSort sort, int offset, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(filters);
        return Interruptible(connection =>
        {
            var version = LogVersion(connection);
            var rows = Match(connection, new FtsCompiler().Compile(query, filters), version);
            var facets = Facets(rows);
            rows.Sort(sort == SearchSort.Published ? ByPublished : ByScore);
            var page = rows.Skip(offset).Take(limit).Select(r => new RankedCapture(r.RowId, -r.Score)).ToList();
            return new SearchPage(page, rows.Count, facets);
        }, cancellationToken);
    }

    /// <summary>
    /// Runs <paramref name="work"/> on a connection that the token interrupts. sqlite3_interrupt only stops statements
    /// already running: a cancellation that falls before them is checked first.
    /// </summary>
    private T Interruptible<T>(Func<SqliteConnection, T> work, CancellationToken cancellationToken)
    {
        using var connection = _database.Open();
        using var interrupt = cancellationToken.Register(() => SQLitePCL.raw.sqlite3_interrupt(connection.Handle));
        try
        {
            cancellationToken.ThrowIfCancellationRequested();
            return work(connection);
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode == 9 /* SQLITE_INTERRUPT */ && cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException("the search was interrupted", ex, cancellationToken);
        }
    }

    /// <summary>A matching capture: its BM25 score (lower is better) and the columns it sorts and facets by.</summary>
    private sealed record Row(long RowId, double Score, string? Publisher, string? Type, string? Language, string? Published);

    private static readonly Comparison<Row> ByScore = (a, b) => a.Score != b.Score ? a.Score.CompareTo(b.Score) : a.RowId.CompareTo(b.RowId);

    private static readonly Comparison<Row> ByPublished = (a, b) =>
    {
        var byDate = string.CompareOrdinal(b.Published ?? string.Empty, a.Published ?? string.Empty);
        return byDate != 0 ? byDate : ByScore(a, b);
    };

    /// <summary>Every write appends an event, so the log's size versions the index and the catalog for the caches.</summary>
    private static long LogVersion(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT coalesce(max(idx), -1) FROM events";
        return (long)command.ExecuteScalar()!;
    }

    private List<Row> Match(SqliteConnection connection, CompiledQuery compiled, long version)
    {
        using var command = connection.CreateCommand();
        foreach (var (name, value) in compiled.Parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        string from;
        string score;
        if (compiled.Drive is not null && compiled.Where == "1")
        {
            // Pure full text: read (rowid, score) from FTS5 alone; the facet cache supplies the rest.
            command.Parameters.AddWithValue("$drive", compiled.Drive);
            from = $"(SELECT rowid AS rid, bm25({SearchIndex.Table}) AS score FROM {SearchIndex.Table} WHERE {SearchIndex.Table} MATCH $drive) r";
            score = "r.score";
        }
        else if (compiled.Drive is not null)
        {
            command.Parameters.AddWithValue("$drive", compiled.Drive);
            from = $"(SELECT rowid AS rid, bm25({SearchIndex.Table}) AS score FROM {SearchIndex.Table} WHERE {SearchIndex.Table} MATCH $drive) r JOIN captures c ON c.rowid = r.rid";
            score = "r.score";
        }
        else if (compiled.Rank is not null)
        {
            command.Parameters.AddWithValue("$rank", compiled.Rank);
            from = $"captures c LEFT JOIN (SELECT rowid AS rid, bm25({SearchIndex.Table}) AS score FROM {SearchIndex.Table} WHERE {SearchIndex.Table} MATCH $rank) r ON r.rid = c.rowid";
            score = "coalesce(r.score, 0)";
        }
        else
        {
            from = "captures c";
            score = "0.0";
        }

        command.CommandText = compiled.Drive is not null && compiled.Where == "1"
            ? $"SELECT r.rid, {score} FROM {from}"
            : $"SELECT c.rowid, {score} FROM {from} WHERE ({compiled.Where})";
        var matched = new List<(long RowId, double Score)>();
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                matched.Add((reader.GetInt64(0), reader.GetDouble(1)));
            }
        }

        var facets = _facets.Get(connection, version);
        if (matched.Any(m => !facets.ContainsKey(m.RowId)))
        {
            // Written after the log position was read (a concurrent ingest): bring the cache up to the latest event.
            facets = _facets.Get(connection, version, reload: true);
        }

        var rows = new List<Row>(matched.Count);
        foreach (var (rowId, bm25) in matched)
        {
            if (facets.TryGetValue(rowId, out var f) && !f.Withdrawn)
            {
                rows.Add(new Row(rowId, bm25, f.Publisher, f.Type, f.Language, f.Published));
            }
        }

        return rows;
    }

    private static SearchFacets Facets(List<Row> rows)
    {
        static List<FacetValue> Count(IEnumerable<string?> values) => values
            .Where(v => !string.IsNullOrEmpty(v))
            .GroupBy(v => v!, StringComparer.Ordinal)
            .Select(g => new FacetValue(g.Key, g.Count()))
            .OrderByDescending(f => f.Count).ThenBy(f => f.Value, StringComparer.Ordinal)
            .Take(50)
            .ToList();

        return new SearchFacets(
            Count(rows.Select(r => r.Publisher)),
            Count(rows.Select(r => r.Type)),
            Count(rows.Select(r => r.Language)),
            Count(rows.Select(r => r.Published is { Length: >= 4 } p ? p[..4] : null)));
    }
}
