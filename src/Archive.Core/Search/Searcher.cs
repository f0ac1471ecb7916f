using System.Diagnostics;
using System.Globalization;
using Archive.Core.Storage;
using Microsoft.Data.Sqlite;

namespace Archive.Core.Search;

/// <summary>
/// Runs a search: parse (Lucene syntax) → AST → FTS5 + SQL → BM25 with a stable tie-break → facets over the
/// whole result set → passages with code-point offsets for the page of hits. Bounded by a time limit.
/// </summary>
internal sealed class Searcher
{
    private static readonly QueryParser Parser = new();
    private readonly ArchiveDatabase _database;
    private readonly ContentStore _store;
    private readonly SearchIndex _index;
    private readonly string _aliasesPath;
    private readonly TimeProvider _clock;
    private readonly VocabularyCache _vocabulary;
    private readonly FacetCache _facets = new();
    private readonly PassageBuilder _passages;
    private readonly Lock _aliasGate = new();
    private (DateTime Stamp, AliasTable Table, IReadOnlyList<AliasFileProblem> Problems)? _aliases;

    /// <param name="aliasesPath">The archive's <c>aliases.txt</c>; reloaded when it changes.</param>
    public Searcher(ArchiveDatabase database, ContentStore store, SearchIndex index, TimeProvider clock, string aliasesPath)
    {
        ArgumentNullException.ThrowIfNull(index);
        _database = database ?? throw new ArgumentNullException(nameof(database));
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _index = index;
        _aliasesPath = aliasesPath;
        _clock = clock;
        _passages = new PassageBuilder(index.Analyzer);
        _vocabulary = new VocabularyCache(database, clock);
    }

    /// <summary>Longest a search may run before it is interrupted and reported as an error.</summary>
    public TimeSpan TimeLimit { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The alias table, reloaded when <c>aliases.txt</c> changes; problems are its bad lines.</summary>
    public (AliasTable Table, IReadOnlyList<AliasFileProblem> Problems) Aliases()
    {
        var path = _aliasesPath;
        var stamp = File.Exists(path) ? File.GetLastWriteTimeUtc(path) : DateTime.MinValue;
        lock (_aliasGate)
        {
            if (_aliases is { } cached && cached.Stamp == stamp)
            {
                return (cached.Table, cached.Problems);
            }

            var loaded = stamp == DateTime.MinValue
                ? new AliasTableLoadResult(AliasTable.Empty(_index.Analyzer), [])
                : AliasTable.Load(path, _index.Analyzer);
            _aliases = (stamp, loaded.Table, loaded.Problems);
            return (loaded.Table, loaded.Problems);
        }
    }

    public SearchResponse Search(SearchRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var clock = Stopwatch.StartNew();
        var limit = Math.Clamp(request.Limit, 0, SearchRequest.MaxLimit);
        var offset = Math.Max(0, request.Offset);
        var sort = request.Sort == SearchSort.Published ? "published" : "relevance";
        var parsed = Parser.Parse(request.Query ?? string.Empty);
        if (!parsed.IsSuccess)
        {
            var e = parsed.Error!;
            return Failed(new SearchError(e.Column, e.Message, e.Expected));
        }

        using var connection = _database.Open();
        if (_index.Problem(connection) is { } outdated)
        {
            return Failed(new SearchError(0, outdated, null));
        }

        using var timeLimit = new CancellationTokenSource(TimeLimit, _clock);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeLimit.Token);
        using var interrupt = timeout.Token.Register(() => SQLitePCL.raw.sqlite3_interrupt(connection.Handle));
        try
        {
            // sqlite3_interrupt only stops statements already running: a limit or cancellation that falls before
            // or between them is checked here.
            timeout.Token.ThrowIfCancellationRequested();
            var version = LogVersion(connection);
            var compiler = new FtsCompiler(_index.Analyzer, Aliases().Table, request.UseAliases, () => _vocabulary.Get(connection, version));
            var compiled = compiler.Compile(parsed.Query!);
            var rows = Match(connection, compiled, version);
            // The interrupt stops SQLite only while a statement runs; a limit that passes between statements or in the
            // work outside SQLite (fuzzy and wildcard expansion, passages) is caught by these checks.
            timeout.Token.ThrowIfCancellationRequested();
            var facets = Facets(rows);
            rows.Sort(request.Sort == SearchSort.Published ? ByPublished : ByScore);
            var page = rows.Skip(offset).Take(limit).ToList();
            var hits = Hits(connection, page, compiled, Math.Clamp(request.PassagesPerHit, 0, 20), request.Explain);
            timeout.Token.ThrowIfCancellationRequested();
            return new SearchResponse(request.Query!, parsed.Query!.ToString(), null, rows.Count, offset, limit, sort, clock.Elapsed.TotalMilliseconds, hits, facets, compiled.Notes);
        }
        catch (Exception ex) when (ex is SqliteException { SqliteErrorCode: 9 /* SQLITE_INTERRUPT */ } || (ex is OperationCanceledException && timeout.IsCancellationRequested))
        {
            cancellationToken.ThrowIfCancellationRequested();
            return Failed(TimedOut());
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Failed(TimedOut());
        }

        SearchError TimedOut() =>
            new(0, $"the query took longer than {TimeLimit.TotalSeconds:0} s and was stopped; narrow it (fewer wildcards, more words)", null);

        SearchResponse Failed(SearchError error) =>
            new(request.Query ?? string.Empty, null, error, 0, offset, limit, sort, clock.Elapsed.TotalMilliseconds, [], SearchFacets.Empty, []);
    }

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

    private List<SearchHit> Hits(SqliteConnection connection, List<Row> page, CompiledQuery compiled, int passagesPerHit, bool explain)
    {
        if (page.Count == 0)
        {
            return [];
        }

        using var command = connection.CreateCommand();
        var names = page.Select((r, i) =>
        {
            var name = "$r" + i.ToString(CultureInfo.InvariantCulture);
            command.Parameters.AddWithValue(name, r.RowId);
            return name;
        });
        command.CommandText = $"""
            SELECT c.rowid, c.id, s.slug, c.title, c.publisher, c.published, c.captured_at, c.source_type, c.language, c.text_sha256,
                   (SELECT count(*) FROM captures v WHERE v.source_id = c.source_id)
            FROM captures c JOIN sources s ON s.id = c.source_id WHERE c.rowid IN ({string.Join(", ", names)})
            """;
        var details = new Dictionary<long, (string Id, string Slug, string? Title, string? Publisher, string? Published, string? Captured, string? Type, string? Language, string Text, int Versions)>();
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                string? Text(int i) => reader.IsDBNull(i) ? null : reader.GetString(i);
                details[reader.GetInt64(0)] = (reader.GetString(1), reader.GetString(2), Text(3), Text(4), Text(5), Text(6), Text(7), Text(8), reader.GetString(9), reader.GetInt32(10));
            }
        }

        var hits = new List<SearchHit>(page.Count);
        foreach (var row in page)
        {
            var d = details[row.RowId];
            var (passages, why) = explain ? Explain(d.Text, d.Versions == 1 ? d.Slug : d.Id[7..19]) : ([], []);
            hits.Add(new SearchHit(d.Id, d.Id[7..19], d.Slug, d.Title, d.Publisher, d.Published, d.Captured, d.Type, d.Language, Math.Round(-row.Score, 6), why, passages));
        }

        return hits;

        // A slug names the source's latest capture; with several versions, cite this exact capture by hash.
        (IReadOnlyList<SearchPassage>, IReadOnlyList<string>) Explain(string textDigest, string citeId) =>
            _passages.Build(File.ReadAllText(_store.PathFor(Sha256Digest.Parse(textDigest))), compiled.Rules, citeId, passagesPerHit);
    }
}
