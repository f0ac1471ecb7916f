namespace Archive.Core.Search;

/// <summary>A search as asked: Lucene-syntax query, paging, order, alias expansion and passages per hit.</summary>
internal sealed record SearchRequest(
    string Query,
    int Limit = 10,
    int Offset = 0,
    SearchSort Sort = SearchSort.Relevance,
    bool UseAliases = true,
    int PassagesPerHit = 3)
{
    public const int MaxLimit = 1000;
}
