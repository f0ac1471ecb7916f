namespace Archive.Core.Search;

/// <summary>One clause of a <see cref="BooleanQuery"/>.</summary>
internal sealed record BooleanClause(Occur Occur, Query Query);
