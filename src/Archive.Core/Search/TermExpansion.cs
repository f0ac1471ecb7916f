namespace Archive.Core.Search;

/// <summary>
/// The indexed words a wildcard or fuzzy term stands for: the most frequent ones (by documents) up to the cap, and
/// how many matched in all.
/// </summary>
/// <param name="Top">The chosen words with their document counts, most frequent first (ties in ordinal order).</param>
/// <param name="Count">How many indexed words matched.</param>
internal sealed record TermExpansion(IReadOnlyList<(string Term, int Docs)> Top, int Count)
{
    /// <summary>
    /// What the backend learnt of the chosen words while finding them (where each lies in its index), handed back to it
    /// with the expanded query (<see cref="ExpandedQuery.Lookups"/>) so that the search need not look them up again;
    /// opaque here, and null when the backend kept nothing.
    /// </summary>
    public object? Lookups { get; init; }
}
