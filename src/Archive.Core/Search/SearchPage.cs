namespace Archive.Core.Search;

/// <summary>What a <see cref="ISearchBackend"/> found: one page of ranked captures, how many matched in all, and facets over all of them.</summary>
internal sealed record SearchPage(IReadOnlyList<RankedCapture> Captures, int Total, SearchFacets Facets)
{
    /// <summary>Captures the catalog holds that the index searched did not (another process was writing it); 0 when none.</summary>
    public int Behind { get; init; }
}
