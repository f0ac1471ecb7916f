namespace Archive.Core.Search;

/// <summary>Why a query could not run: 1-based column in the typed query (0 when not a syntax error), message and what was expected.</summary>
public sealed record SearchError(int Column, string Message, string? Expected);
