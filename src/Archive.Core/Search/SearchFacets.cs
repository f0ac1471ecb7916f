namespace Archive.Core.Search;

/// <summary>Counts over the whole result set, most frequent first.</summary>
public sealed record SearchFacets(
    IReadOnlyList<FacetValue> Publisher,
    IReadOnlyList<FacetValue> Type,
    IReadOnlyList<FacetValue> Language,
    IReadOnlyList<FacetValue> Year)
{
    public static readonly SearchFacets Empty = new([], [], [], []);

    /// <summary>How many hits have no publisher, type, language or published date: each facet's "unknown" bucket.</summary>
    public UnknownCounts Unknown { get; init; } = UnknownCounts.None;
}
