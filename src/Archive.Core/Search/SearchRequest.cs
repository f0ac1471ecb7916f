namespace Archive.Core.Search;

/// <summary>A search as asked: Lucene-syntax query, structured filters, paging, order, alias expansion and passages per hit.</summary>
/// <param name="Query">The query as typed; may be blank when <paramref name="Filters"/> are given (then every capture they allow matches).</param>
/// <param name="Explain">
/// Read each hit's text to say why it matched and cut passages. Off only for bulk ranking (evaluation), where hits
/// then carry no reasons and no passages.
/// </param>
/// <param name="Filters">Conditions on metadata, AND-ed with the query; null for none.</param>
/// <param name="Mode">
/// Words, meaning, or both; null for the default: both (hybrid) for plain English words when texts have vectors,
/// words otherwise. A mode asked for and not possible says why in the response's notes.
/// </param>
public sealed record SearchRequest(
    string Query,
    int Limit = 10,
    int Offset = 0,
    SearchSort Sort = SearchSort.Relevance,
    bool UseAliases = true,
    int PassagesPerHit = 3,
    bool Explain = true,
    SearchFilters? Filters = null,
    SearchMode? Mode = null)
{
    /// <summary><see cref="SearchLimits.DefaultMaxHits"/>, kept for callers that need a constant.</summary>
    public const int MaxLimit = SearchLimits.DefaultMaxHits;
}
