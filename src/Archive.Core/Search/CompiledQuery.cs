namespace Archive.Core.Search;

/// <summary>
/// A query AST compiled for SQLite: an optional FTS5 expression that drives the search and ranks it (BM25),
/// an SQL condition over the <c>captures c</c> row for everything else, their parameters, and the rules that
/// locate matches in a hit's text.
/// </summary>
internal sealed record CompiledQuery(
    string? Drive,
    string? Rank,
    string Where,
    IReadOnlyDictionary<string, object> Parameters,
    IReadOnlyList<MatchRule> Rules,
    IReadOnlyList<string> Notes);
