namespace Archive.Core.Search;

/// <summary>
/// A parsed search query: the engine-neutral tree between <see cref="QueryParser"/> and a search backend (FTS5 today,
/// OpenSearch later). Leaves keep the user's text unanalyzed; the backend analyzes it with <see cref="Analyzer"/>.
/// </summary>
/// <remarks>
/// <see cref="ToString"/> writes canonical query syntax, with explicit operators and parentheses, which parses back to
/// an equal tree under either default operator. It shows a researcher how a query was understood.
/// </remarks>
internal abstract record Query
{
    /// <summary>Canonical query syntax for this query.</summary>
    public abstract override string ToString();
}
