namespace Archive.Core.Search;

/// <summary>
/// The search engine behind the engine-neutral query (Lucene.Net: <see cref="Engine.LuceneBackend"/>). It expands
/// wildcard and fuzzy terms against its index, matches an <see cref="ExpandedQuery"/> under
/// <see cref="SearchFilters"/>, ranks, counts facets over the whole result set and returns one page of captures;
/// parsing, expansion rules and passages stay with the <see cref="Searcher"/>.
/// </summary>
/// <remarks>
/// Each call honours its <see cref="CancellationToken"/> also inside the engine, and reports being stopped with an
/// <see cref="OperationCanceledException"/>.
/// </remarks>
internal interface ISearchBackend
{
    /// <summary>Null when the index can answer; otherwise what is wrong with it, for a user (the fix is <c>archive reindex</c>).</summary>
    string? Problem();

    /// <summary>The indexed exact-form words matching a folded wildcard pattern (<c>*</c> and <c>?</c>), at most <paramref name="max"/> of them.</summary>
    TermExpansion Wildcard(string pattern, int max, CancellationToken cancellationToken);

    /// <summary>The indexed exact-form words within <paramref name="maxEdits"/> edits (Damerau-Levenshtein) of a folded word, at most <paramref name="max"/>.</summary>
    TermExpansion Fuzzy(string term, int maxEdits, int max, CancellationToken cancellationToken);

    /// <summary>
    /// The captures that match, withdrawn ones left out: the page from <paramref name="offset"/> in
    /// <paramref name="sort"/> order (ties by ingest order), the total, and facets over all of them. With
    /// <paramref name="meaning"/>, its captures match too (under the same filters), and relevance is the fused score.
    /// </summary>
    SearchPage Search(ExpandedQuery query, SearchFilters filters, SearchSort sort, int offset, int limit, CancellationToken cancellationToken, MeaningRanking? meaning = null);

    /// <summary>
    /// Where one capture's text holds the rules' terms, from the index alone: code-point offsets into the text, sorted,
    /// each with the index of its rule in <paramref name="rules"/>; at most <paramref name="maxPerTerm"/> per term.
    /// Null when the index cannot say (the capture is not in it, or its index holds no offsets).
    /// </summary>
    IReadOnlyList<(int Start, int Rule)>? Occurrences(string captureId, IReadOnlyList<MatchRule> rules, LanguageChain chain, int maxPerTerm, CancellationToken cancellationToken);
}
