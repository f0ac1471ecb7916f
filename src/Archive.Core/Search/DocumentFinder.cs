using Archive.Core.Catalog;

namespace Archive.Core.Search;

/// <summary>
/// Finds every match of a query inside one capture's text, for "find in document" and for marking a search's matches
/// on the document page: the query is parsed and expanded as a search does (aliases, wildcard and fuzzy terms), and its
/// rules are run over the text in the capture's own language chain. Bounded by a match limit and the search time limit.
/// </summary>
public sealed class DocumentFinder
{
    private readonly Searcher _searcher;
    private readonly ISearchBackend _backend;
    private readonly Analyzer _analyzer;
    private readonly TimeProvider _clock;
    private readonly QueryParser _parser;
    private readonly PassageBuilder _passages;

    internal DocumentFinder(Searcher searcher, ISearchBackend backend, Analyzer analyzer, TimeProvider clock)
    {
        _searcher = searcher;
        _backend = backend;
        _analyzer = analyzer;
        _clock = clock;
        _parser = new(searcher.Limits.ParserOptions());
        _passages = new(analyzer);
    }

    /// <summary>The most matches one request may list.</summary>
    public const int MaxLimit = 1000;

    /// <param name="capture">The capture to look in.</param>
    /// <param name="text">Its canonical text.</param>
    /// <param name="query">Archive query syntax, as in a search; fields other than the text's are ignored.</param>
    /// <param name="limit">How many matches to list (1 to <see cref="MaxLimit"/>).</param>
    /// <param name="useAliases">Whether the archive's aliases count, as in a search.</param>
    public DocumentMatches Find(CaptureSummary capture, string text, string query, int limit, bool useAliases, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(capture);
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(query);
        limit = Math.Clamp(limit, 1, MaxLimit);
        var parsed = _parser.Parse(query);
        if (!parsed.IsSuccess)
        {
            var e = parsed.Error!;
            return Failed(new SearchError(e.Column, e.Message, e.Expected));
        }

        using var timeLimit = new CancellationTokenSource(_searcher.Limits.TimeLimit, _clock);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeLimit.Token);
        var started = _clock.GetTimestamp();

        // As the searcher does: each expansion walks the term dictionary, and the timer can fire late on a busy machine.
        void CheckTime()
        {
            if (_clock.GetElapsedTime(started) >= _searcher.Limits.TimeLimit)
            {
                timeLimit.Cancel();
            }

            timeout.Token.ThrowIfCancellationRequested();
        }

        try
        {
            var expander = new QueryExpander(
                _analyzer,
                _searcher.Aliases().Table,
                useAliases,
                _searcher.Limits.MaxExpansions,
                (pattern, max) =>
                {
                    CheckTime();
                    return _backend.Wildcard(pattern, max, timeout.Token);
                },
                (term, edits, max) =>
                {
                    CheckTime();
                    return _backend.Fuzzy(term, edits, max, timeout.Token);
                });
            var expanded = expander.Expand(parsed.Query!);
            var chain = LanguageChain.For(capture.Language);
            // A clause on title: finds nothing in the text.
            var rules = expanded.Rules.Where(r => r.Field != QueryField.Title).ToList();
            var hints = text.Length > PassageBuilder.LargeText ? _backend.Occurrences(capture.Id.Value, rules, chain, limit + 1, timeout.Token) : null;
            var found = rules.Count == 0 ? [] : _passages.Matches(text, rules, chain, limit, hints, timeout.Token);
            var listed = found.Count > limit ? found.Take(limit).ToList() : found;
            return new DocumentMatches(capture.Id, query, null, listed.Count, found.Count > limit, listed, expanded.Notes);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Failed(new SearchError(0, $"finding the matches took longer than {_searcher.Limits.TimeLimit.TotalSeconds:0} s and was stopped; narrow the query", null));
        }

        DocumentMatches Failed(SearchError error) => new(capture.Id, query, error, 0, false, [], []);
    }
}
