namespace Archive.Core.Search;

/// <summary>A facet value and how many hits have it.</summary>
public sealed record FacetValue(string Value, int Count);
