namespace Archive.Core.Search;

/// <summary>A search as asked: Lucene-syntax query, paging, order, alias expansion and passages per hit.</summary>
/// <param name="Explain">
/// Read each hit's text to say why it matched and cut passages. Off only for bulk ranking (evaluation), where hits
/// then carry no reasons and no passages.
/// </param>
internal sealed record SearchRequest(
    string Query,
    int Limit = 10,
    int Offset = 0,
    SearchSort Sort = SearchSort.Relevance,
    bool UseAliases = true,
    int PassagesPerHit = 3,
    bool Explain = true)
{
    /// <summary><see cref="SearchLimits.DefaultMaxHits"/>, kept for callers that need a constant.</summary>
    public const int MaxLimit = SearchLimits.DefaultMaxHits;
}
