namespace Archive.Core.Search;

/// <summary>
/// Hits, facets over the whole result set, and how the query was understood. A syntax error or a time-out is a
/// value in <see cref="Error"/>, never an exception.
/// </summary>
public sealed record SearchResponse(
    string Query,
    string? Parsed,
    SearchError? Error,
    int Total,
    int Offset,
    int Limit,
    string Sort,
    double TookMs,
    IReadOnlyList<SearchHit> Hits,
    SearchFacets Facets,
    IReadOnlyList<string> Notes)
{
    /// <summary>How the hits were ranked: <c>lexical</c>, <c>semantic</c> or <c>hybrid</c>.</summary>
    public string Mode { get; init; } = "lexical";
}
