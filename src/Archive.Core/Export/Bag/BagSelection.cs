namespace Archive.Core.Export.Bag;

/// <summary>What goes into a bag: captures by id (or slug), the hits of a search, or the sources a pack cites.</summary>
public sealed record BagSelection(IReadOnlyList<string> Ids, string? Search = null, string? Pack = null, int SearchLimit = 1000);
