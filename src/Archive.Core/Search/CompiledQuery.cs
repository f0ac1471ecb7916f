namespace Archive.Core.Search;

/// <summary>
/// An expanded query compiled for SQLite: an optional FTS5 expression that drives the search and ranks it (BM25),
/// an SQL condition over the <c>captures c</c> row for everything else (filters included), and their parameters.
/// </summary>
internal sealed record CompiledQuery(
    string? Drive,
    string? Rank,
    string Where,
    IReadOnlyDictionary<string, object> Parameters);
