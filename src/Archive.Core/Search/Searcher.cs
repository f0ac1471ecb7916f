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
    private readonly ArchiveServices _archive;
    private readonly VocabularyCache _vocabulary;
    private readonly PassageBuilder _passages;
    private readonly Lock _aliasGate = new();
    private (DateTime Stamp, AliasTable Table, IReadOnlyList<AliasFileProblem> Problems)? _aliases;

    public Searcher(ArchiveServices archive)
    {
        ArgumentNullException.ThrowIfNull(archive);
        _archive = archive;
        _passages = new PassageBuilder(archive.Analyzer);
        _vocabulary = new VocabularyCache(archive.Database, archive.Clock);
    }

    /// <summary>Longest a search may run before it is interrupted and reported as an error.</summary>
    public TimeSpan TimeLimit { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The alias table, reloaded when <c>aliases.txt</c> changes; problems are its bad lines.</summary>
    public (AliasTable Table, IReadOnlyList<AliasFileProblem> Problems) Aliases()
    {
        var path = _archive.Layout.AliasesPath;
        var stamp = File.Exists(path) ? File.GetLastWriteTimeUtc(path) : DateTime.MinValue;
        lock (_aliasGate)
        {
            if (_aliases is { } cached && cached.Stamp == stamp)
            {
                return (cached.Table, cached.Problems);
            }

            var loaded = stamp == DateTime.MinValue
                ? new AliasTableLoadResult(AliasTable.Empty(_archive.Analyzer), [])
                : AliasTable.Load(path, _archive.Analyzer);
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

        using var connection = _archive.Database.Open();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeLimit);
        using var interrupt = timeout.Token.Register(() => SQLitePCL.raw.sqlite3_interrupt(connection.Handle));
        try
        {
            var compiler = new FtsCompiler(_archive.Analyzer, Aliases().Table, request.UseAliases, () => _vocabulary.Get(connection));
            var compiled = compiler.Compile(parsed.Query!);
            var rows = Match(connection, compiled);
            var facets = Facets(rows);
            rows.Sort(request.Sort == SearchSort.Published ? ByPublished : ByScore);
            var page = rows.Skip(offset).Take(limit).ToList();
            var hits = Hits(connection, page, compiled, Math.Clamp(request.PassagesPerHit, 0, 20));
            return new SearchResponse(request.Query!, parsed.Query!.ToString(), null, rows.Count, offset, limit, sort, clock.Elapsed.TotalMilliseconds, hits, facets, compiled.Notes);
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode == 9 /* SQLITE_INTERRUPT */)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return Failed(new SearchError(1, $"the query took longer than {TimeLimit.TotalSeconds:0} s and was stopped; narrow it (fewer wildcards, more words)", null));
        }

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

    private static List<Row> Match(SqliteConnection connection, CompiledQuery compiled)
    {
        using var command = connection.CreateCommand();
        foreach (var (name, value) in compiled.Parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        string from;
        string score;
        if (compiled.Drive is not null)
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

        command.CommandText = $"SELECT c.rowid, {score}, c.publisher, c.source_type, c.language, c.published FROM {from} WHERE c.withdrawn = 0 AND ({compiled.Where})";
        var rows = new List<Row>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            rows.Add(new Row(
                reader.GetInt64(0),
                reader.GetDouble(1),
                reader.IsDBNull(2) ? null : reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetString(4),
                reader.IsDBNull(5) ? null : reader.GetString(5)));
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

    private List<SearchHit> Hits(SqliteConnection connection, List<Row> page, CompiledQuery compiled, int passagesPerHit)
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
            var text = File.ReadAllText(_archive.Store.PathFor(Sha256Digest.Parse(d.Text)));
            // A slug names the source's latest capture; with several versions, cite this exact capture by hash.
            var citeId = d.Versions == 1 ? d.Slug : d.Id[7..19];
            var (passages, why) = _passages.Build(text, compiled.Rules, citeId, passagesPerHit);
            hits.Add(new SearchHit(d.Id, d.Id[7..19], d.Slug, d.Title, d.Publisher, d.Published, d.Captured, d.Type, d.Language, Math.Round(-row.Score, 6), why, passages));
        }

        return hits;
    }
}
