namespace Archive.Core.Search;

/// <summary>
/// A loaded alias table and the problems found in its file. The table holds every set that could be read; the caller
/// decides whether problems are fatal (reindex, a web upload) or warnings (search).
/// </summary>
internal sealed record AliasTableLoadResult(AliasTable Table, IReadOnlyList<AliasFileProblem> Problems);
