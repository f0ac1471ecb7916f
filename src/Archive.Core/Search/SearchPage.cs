namespace Archive.Core.Search;

/// <summary>What a <see cref="ISearchBackend"/> found: one page of ranked captures, how many matched in all, and facets over all of them.</summary>
internal sealed record SearchPage(IReadOnlyList<RankedCapture> Captures, int Total, SearchFacets Facets);
