using System.Diagnostics;
using System.Globalization;
using Archive.Core.Catalog;
using Archive.Core.Search.Semantic;
using Archive.Core.Storage;
using Archive.Core.Text;
using Microsoft.Data.Sqlite;

namespace Archive.Core.Search;

/// <summary>
/// Runs a search: parse (Lucene syntax, within <see cref="SearchLimits"/>) → <see cref="QueryExpander"/> (aliases,
/// wildcard and fuzzy terms, the rules behind "why it matched") → <see cref="ISearchBackend"/> (matching, BM25 with a
/// stable tie-break, filters, facets over the whole result set, one page) → passages with code-point offsets for the
/// page of hits. Bounded by the time limit.
/// </summary>
public sealed class Searcher
{
    private readonly QueryParser _parser;
    private readonly ISearchBackend _backend;
    private readonly Analyzer _analyzer;
    private readonly ArchiveDatabase _database;
    private readonly ContentStore _store;
    private readonly string _aliasesPath;
    private readonly TimeProvider _clock;
    private readonly PassageBuilder _passages;
    private readonly Lock _aliasGate = new();
    private readonly Func<long, int, int, CancellationToken, PassagePlace?>? _locate;
    private readonly SemanticIndex? _semantic;
    private (DateTime Stamp, AliasTable Table, IReadOnlyList<AliasFileProblem> Problems)? _aliases;

    /// <param name="backend">The engine that matches and ranks.</param>
    /// <param name="analyzer">The analysis the index was built with: for expansion, aliases and passages.</param>
    /// <param name="database">The catalog, for the details of each hit.</param>
    /// <param name="store">The content store, for each hit's text.</param>
    /// <param name="clock">The clock the time limit runs on.</param>
    /// <param name="aliasesPath">The archive's <c>aliases.txt</c>; reloaded when it changes.</param>
    /// <param name="limits">The limits; <see cref="SearchLimits.Default"/> when null.</param>
    /// <param name="locate">Where a code-point range of a capture (by rowid) is on its original pages, or null for text without pages.</param>
    /// <param name="semantic">The archive's vectors, for search by meaning; null for words only.</param>
    internal Searcher(ISearchBackend backend, Analyzer analyzer, ArchiveDatabase database, ContentStore store, TimeProvider clock, string aliasesPath, SearchLimits? limits = null, Func<long, int, int, CancellationToken, PassagePlace?>? locate = null, SemanticIndex? semantic = null)
    {
        _semantic = semantic;
        _locate = locate;
        _backend = backend ?? throw new ArgumentNullException(nameof(backend));
        _analyzer = analyzer ?? throw new ArgumentNullException(nameof(analyzer));
        _database = database ?? throw new ArgumentNullException(nameof(database));
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _aliasesPath = aliasesPath;
        _clock = clock;
        Limits = limits ?? SearchLimits.Default;
        _parser = new QueryParser(Limits.ParserOptions());
        _passages = new PassageBuilder(analyzer);
    }

    /// <summary>The limits this searcher holds a search to; the hosts check their parameters against the same.</summary>
    public SearchLimits Limits { get; }

    /// <summary>The alias table, reloaded when <c>aliases.txt</c> changes; problems are its bad lines.</summary>
    internal (AliasTable Table, IReadOnlyList<AliasFileProblem> Problems) Aliases()
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
                ? new AliasTableLoadResult(AliasTable.Empty(_analyzer), [])
                : AliasTable.Load(path, _analyzer);
            _aliases = (stamp, loaded.Table, loaded.Problems);
            return (loaded.Table, loaded.Problems);
        }
    }

    private int _active;

    /// <summary>How many searches are running now (a background embedder gives way to them).</summary>
    public int Active => Volatile.Read(ref _active);

    public SearchResponse Search(SearchRequest request, CancellationToken cancellationToken = default) =>
        Rank(request, details: true, cancellationToken).Response;

    /// <summary>
    /// Runs the search; with <paramref name="details"/> off, the response has no hits and the page is given only as
    /// ranked capture rowids and scores, the same ranking without the catalog rows and passages a reader needs (the
    /// evaluation measures the ranking this way: a page of 1,000 hits' details took as long as finding them).
    /// </summary>
    internal (SearchResponse Response, IReadOnlyList<RankedCapture> Ranked) Rank(SearchRequest request, bool details, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _active);
        try
        {
            var response = Run(request, details, cancellationToken, out var ranked);
            return (response, ranked);
        }
        finally
        {
            Interlocked.Decrement(ref _active);
        }
    }

    private SearchResponse Run(SearchRequest request, bool details, CancellationToken cancellationToken, out IReadOnlyList<RankedCapture> ranked)
    {
        ArgumentNullException.ThrowIfNull(request);
        ranked = [];
        var clock = Stopwatch.StartNew();
        var limit = Math.Clamp(request.Limit, 0, Limits.MaxHits);
        var offset = Math.Max(0, request.Offset);
        var sort = request.Sort == SearchSort.Published ? "published" : "relevance";
        var filters = request.Filters ?? SearchFilters.None;
        var text = request.Query ?? string.Empty;
        // Filters alone (no words typed) ask for every capture they allow.
        var parsed = string.IsNullOrWhiteSpace(text) && !filters.IsEmpty ? ParseResult.Success(new MatchAllQuery()) : _parser.Parse(text);
        if (!parsed.IsSuccess)
        {
            var e = parsed.Error!;
            return Failed(new SearchError(e.Column, e.Message, e.Expected));
        }

        if (_backend.Problem() is { } outdated)
        {
            return Failed(new SearchError(0, outdated, null));
        }

        using var timeLimit = new CancellationTokenSource(Limits.TimeLimit, _clock);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeLimit.Token);
        var started = _clock.GetTimestamp();

        // The timer that cancels the token runs on the thread pool and can fire late on a busy machine: between the
        // steps, the elapsed time itself is checked too.
        void CheckTime()
        {
            if (_clock.GetElapsedTime(started) >= Limits.TimeLimit)
            {
                timeLimit.Cancel();
            }

            timeout.Token.ThrowIfCancellationRequested();
        }

        try
        {
            // The backend stops its engine when the token fires; a limit that passes between its calls or in the work
            // outside it (fuzzy and wildcard expansion, passages) is caught by these checks.
            CheckTime();
            var (aliasTable, aliasProblems) = Aliases();
            var expander = new QueryExpander(
                _analyzer,
                aliasTable,
                request.UseAliases,
                Limits.MaxExpansions,
                (pattern, max) =>
                {
                    CheckTime(); // each expansion walks the term dictionary: hundreds in one query must not outlast the limit
                    return _backend.Wildcard(pattern, max, timeout.Token);
                },
                (term, edits, max) =>
                {
                    CheckTime();
                    return _backend.Fuzzy(term, edits, max, timeout.Token);
                });
            var expanded = expander.Expand(parsed.Query!);
            CheckTime();
            var (meaning, close, mode, why) = Meaning(request, parsed.Query!, timeout.Token);
            CheckTime();
            var page = _backend.Search(expanded, filters, request.Sort, offset, limit, timeout.Token, meaning);
            CheckTime();
            var withdrawn = 0;
            var hits = !details ? [] : Hits(page.Captures, expanded.Rules, Math.Clamp(request.PassagesPerHit, 0, Limits.MaxPassagesPerHit), request.Explain, close, PlainWords(parsed.Query!) ?? text, out withdrawn, timeout.Token);
            CheckTime();
            var (shown, understood) = Shown(text, parsed.Query!, filters);
            var notes = why is null ? expanded.Notes : [.. expanded.Notes, why];
            // Lines of aliases.txt that were skipped are said where they matter: in a search that uses aliases.
            if (request.UseAliases && aliasProblems.Count > 0)
            {
                // A line can have several problems (a name in two sets, and an empty entry): lines are counted once.
                var lines = aliasProblems.Select(p => p.Line).Distinct().Count();
                notes = [.. notes, $"aliases.txt: {lines} line(s) skipped ({string.Join("; ", aliasProblems.Take(3))}{(aliasProblems.Count > 3 ? "; …" : string.Empty)})"];
            }

            if (page.Behind > 0)
            {
                notes = [.. notes, $"{page.Behind} capture(s) in the catalog are not in the search index yet (another process is writing it, as a running `archive reindex` does): these results may miss them; search again shortly"];
            }

            if (withdrawn > 0)
            {
                notes = [.. notes, $"{withdrawn} hit(s) left out: withdrawn after the search index was last brought up to date (another process is writing it); counts and facets may still include them until it catches up"];
            }

            if (details && hits.Count + withdrawn < page.Captures.Count)
            {
                notes = [.. notes, $"{page.Captures.Count - hits.Count - withdrawn} hit(s) not shown: the search index holds captures the catalog does not; run `archive verify`, then `archive reindex`"];
            }

            ranked = page.Captures;
            return new SearchResponse(shown, understood, null, page.Total, offset, limit, sort, clock.Elapsed.TotalMilliseconds, hits, page.Facets, notes) { Mode = mode };
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
        catch (ArchiveException ex) when (ex.Kind == ArchiveErrorKind.NeedsAction)
        {
            // An index that is missing or cannot be read: the search says why and how to repair it.
            return Failed(new SearchError(0, ex.Message, null));
        }

        SearchError TimedOut() =>
            new(0, $"the query took longer than {Limits.TimeLimit.TotalSeconds:0} s and was stopped; narrow it (fewer wildcards, more words)", null);

        SearchResponse Failed(SearchError error) =>
            new(text, null, error, 0, offset, limit, sort, clock.Elapsed.TotalMilliseconds, [], SearchFacets.Empty, []);
    }

    /// <summary>How close a capture must be in meaning to match without the query's words, and to be said to match by meaning.</summary>
    public const float MeaningFloor = 0.35f;

    /// <summary>
    /// Whether and how meaning takes part: for plain words (no operators, fields, phrases, wildcards or fuzzy terms)
    /// in Latin script, ranked by relevance, when texts have vectors. Returns the ranking for the backend, the
    /// closest passage of each capture it scored (filled as the backend asks), the mode used, and a note saying why
    /// meaning was not used when it was asked for.
    /// </summary>
    private (MeaningRanking? Ranking, Dictionary<long, MeaningMatch> Close, string Mode, string? Note) Meaning(SearchRequest request, Query query, CancellationToken cancellationToken)
    {
        var close = new Dictionary<long, MeaningMatch>();
        var asked = request.Mode ?? SearchMode.Hybrid;
        if (asked == SearchMode.Lexical)
        {
            return (null, close, "lexical", null);
        }

        var words = PlainWords(query);
        var reason = words is null ? "the query has operators, fields, phrases, wildcards or fuzzy terms"
            : request.Sort != SearchSort.Relevance ? "the hits are sorted by date"
            : !EnglishText.IsEnglishQuery(words) ? "the query is not in English, the one language the model knows"
            : _semantic is null || !_semantic.Exists ? "no text has been embedded yet (run `archive embed`)"
            : null;
        var vectors = reason is null ? _semantic!.Vectors(cancellationToken: cancellationToken) : null;
        if (reason is null && vectors!.Chunks == 0)
        {
            reason = "no English text has been embedded yet (run `archive embed`)";
        }

        if (reason is not null)
        {
            return (null, close, "lexical", request.Mode is null ? null : $"meaning not used: {reason}; ranked by words");
        }

        var scores = vectors!.Score(_semantic!.EmbedQuery(words!, cancellationToken), MeaningRanking.Candidates, cancellationToken);
        var top = scores.Top(MeaningRanking.Candidates, MeaningFloor);
        var matches = new Dictionary<long, string>();
        foreach (var (row, id, digest) in Rows("c.text_sha256", command => SqlList.In(command, "$texts", top.Select(t => t.TextSha256)), cancellationToken))
        {
            matches[row] = id;
            close[row] = scores.For(digest)!.Value;
        }

        var weight = asked == SearchMode.Semantic ? 1 : MeaningRanking.HybridWeight;
        var ranking = new MeaningRanking(matches, weight, rows =>
        {
            var unknown = rows.Where(r => !close.ContainsKey(r)).ToList();
            foreach (var (row, _, digest) in unknown.Count == 0 ? [] : Rows("c.rowid", command => SqlList.In(command, "$rows", unknown), cancellationToken))
            {
                if (scores.For(digest) is { } match)
                {
                    close[row] = match;
                }
            }

            return rows.Where(close.ContainsKey).ToDictionary(r => r, r => (double)close[r].Similarity);
        });
        return (ranking, close, asked == SearchMode.Semantic ? "semantic" : "hybrid", null);
    }

    /// <summary>The query's words joined by spaces when it is nothing but words of the default fields (either operator); null otherwise.</summary>
    private static string? PlainWords(Query query) => query switch
    {
        TermQuery { Field: null, NoAlias: false } term => term.Text,
        BooleanQuery boolean when boolean.Clauses.All(c => c.Occur != Occur.MustNot && c.Query is TermQuery { Field: null, NoAlias: false }) =>
            string.Join(' ', boolean.Clauses.Select(c => ((TermQuery)c.Query).Text)),
        _ => null,
    };

    /// <summary>Captures (rowid, id, text SHA-256) whose <paramref name="column"/> is in the <paramref name="list"/> it binds (<see cref="SqlList"/>).</summary>
    private List<(long RowId, string Id, string TextSha256)> Rows(string column, Func<SqliteCommand, string> list, CancellationToken cancellationToken)
    {
        var result = new List<(long, string, string)>();
        using var connection = _database.Open();
        using var interrupt = cancellationToken.Register(() => SQLitePCL.raw.sqlite3_interrupt(connection.Handle));
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT c.rowid, c.id, c.text_sha256 FROM captures c WHERE {column} IN {list(command)} AND c.withdrawn = 0";
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            result.Add((reader.GetInt64(0), reader.GetString(1), reader.GetString(2)));
        }

        return result;
    }

    /// <summary>
    /// The query and how it was understood, as the response shows them: with filters, the typed query AND-ed with
    /// the filters written as clauses (<c>(q) AND lang:"en"</c>), which is what a researcher would type for the same
    /// search. Only shown; the filters were applied as they are.
    /// </summary>
    private static (string Query, string Parsed) Shown(string text, Query parsed, SearchFilters filters)
    {
        var clauses = filters.Clauses();
        if (clauses.Count == 0)
        {
            return (text, parsed.ToString());
        }

        var typed = string.IsNullOrWhiteSpace(text) ? [] : new[] { parsed };
        var all = typed.Concat(clauses).ToList();
        var understood = all.Count == 1 ? all[0] : new BooleanQuery([.. all.Select(q => new BooleanClause(Occur.Must, q))]);
        var shown = string.Join(" AND ", (string.IsNullOrWhiteSpace(text) ? [] : new[] { "(" + text + ")" }).Concat(clauses.Select(c => c is BooleanQuery ? $"({c})" : c.ToString())));
        return (shown, understood.ToString());
    }

    /// <param name="words">The words meaning was asked of, named by each passage found by meaning.</param>
    /// <param name="withdrawn">How many of the page's captures the catalog marks withdrawn (left out): withdrawn after the index last caught up.</param>
    private List<SearchHit> Hits(IReadOnlyList<RankedCapture> page, IReadOnlyList<MatchRule> rules, int passagesPerHit, bool explain, Dictionary<long, MeaningMatch> close, string words, out int withdrawn, CancellationToken cancellationToken)
    {
        withdrawn = 0;
        if (page.Count == 0)
        {
            return [];
        }

        using var connection = _database.Open();
        using var interrupt = cancellationToken.Register(() => SQLitePCL.raw.sqlite3_interrupt(connection.Handle));
        using var command = connection.CreateCommand();
        var rows = SqlList.In(command, "$rows", page.Select(r => r.RowId));
        command.CommandText = $"""
            SELECT c.rowid, c.id, s.slug, c.title, c.publisher, c.published, c.captured_at, c.source_type, c.language, c.text_sha256,
                   (SELECT count(*) FROM captures v WHERE v.source_id = c.source_id), c.page_starts <> '[]', c.withdrawn

            FROM captures c JOIN sources s ON s.id = c.source_id WHERE c.rowid IN {rows}
            """;
        var details = new Dictionary<long, (CaptureId Id, string Slug, string? Title, string? Publisher, string? Published, string? Captured, string? Type, string? Language, string Text, int Versions, bool Paged)>();
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                if (reader.GetBoolean(12))
                {
                    withdrawn++;
                    continue;
                }

                string? Text(int i) => reader.IsDBNull(i) ? null : reader.GetString(i);
                details[reader.GetInt64(0)] = (CaptureId.Parse(reader.GetString(1)), reader.GetString(2), Text(3), Text(4), Text(5), Text(6), Text(7), Text(8), reader.GetString(9), reader.GetInt32(10), reader.GetBoolean(11));
            }
        }

        // A clause on title: explains the title only, and one on text: the text only.
        var textRules = rules.Where(r => r.Field != QueryField.Title).ToList();
        var titleOnly = rules.Where(r => r.Field == QueryField.Title).ToList();
        var hits = new List<SearchHit>(page.Count);
        foreach (var row in page)
        {
            // A hit the catalog does not hold (an index from elsewhere, or one ahead of a restored catalog) is not shown;
            // the search says so and verify names it.
            if (!details.TryGetValue(row.RowId, out var d))
            {
                continue;
            }

            var citeId = d.Versions == 1 ? d.Slug : d.Id.Short;
            var meaning = close.TryGetValue(row.RowId, out var m) && m.Similarity >= MeaningFloor ? m : (MeaningMatch?)null;
            var (passages, why) = explain ? Explain(d.Text, d.Id.Value, citeId, LanguageChain.For(d.Language), meaning) : ([], []);
            if (explain && why.Count == 0 && d.Title is { Length: > 0 } title)
            {
                why = _passages.TitleWhy(title, [.. rules.Where(r => r.Field != QueryField.Text)], LanguageChain.For(d.Language));
            }
            else if (explain && titleOnly.Count > 0 && d.Title is { Length: > 0 } titled)
            {
                why = [.. why, .. _passages.TitleWhy(titled, titleOnly, LanguageChain.For(d.Language)).Except(why, StringComparer.Ordinal)];
            }

            if (_locate is not null && d.Paged)
            {
                passages = [.. passages.Select(p => _locate(row.RowId, p.Start, p.End, cancellationToken) is { } place ? p with { Page = place.Page, Box = place } : p)];
            }

            hits.Add(new SearchHit(d.Id, d.Id.Short, d.Slug, d.Title, d.Publisher, d.Published, d.Captured, d.Type, d.Language, Math.Round(row.Score, 6), why, passages)
            {
                Meaning = meaning is { } found ? Math.Round(found.Similarity, 4) : null,
            });
        }

        return hits;

        // A slug names the source's latest capture; with several versions, cite this exact capture by hash.
        // A large text is analyzed only where the index places the rules' terms. A capture close in meaning also
        // shows its closest chunk, cited like any passage.
        (IReadOnlyList<SearchPassage>, IReadOnlyList<string>) Explain(string textDigest, string captureId, string citeId, LanguageChain chain, MeaningMatch? meaning)
        {
            var text = File.ReadAllText(_store.PathFor(Sha256Digest.Parse(textDigest)));
            var hints = text.Length > PassageBuilder.LargeText ? _backend.Occurrences(captureId, textRules, chain, 64, cancellationToken) : null;
            var (passages, why) = _passages.Build(text, textRules, citeId, passagesPerHit, chain, hints, cancellationToken);
            if (meaning is not { } found)
            {
                return (passages, why);
            }

            var map = new CodePointMap(text);
            var quote = map.Slice(found.Start, found.End);
            var said = $"meaning: {found.Similarity.ToString("0.00", CultureInfo.InvariantCulture)} similar";
            var passage = new SearchPassage(found.Start, found.End, quote, [new PassageMatch(found.Start, found.End, quote, "meaning", words, said)], PassageBuilder.Citation(text, quote, found.Start, map, citeId));
            // The closest chunk is always shown (it is why a hit without the words is there): last, in place of the
            // last passage of the words when the hit has its fill, unless a passage of the words already covers it.
            var overlaps = passages.Any(p => p.Start < found.End && found.Start < p.End);
            return (overlaps || passagesPerHit == 0 ? passages : [.. passages.Take(passagesPerHit - 1), passage], [.. why, said]);
        }
    }
}
