namespace Archive.Core.Search;

/// <summary>Choices and limits of <see cref="QueryParser"/>. The default limits are <see cref="SearchLimits.Default"/>'s.</summary>
internal sealed record QueryParserOptions
{
    /// <summary>The default options.</summary>
    public static QueryParserOptions Default { get; } = new();

    /// <summary>What clauses side by side mean. <see cref="DefaultOperator.And"/> by default.</summary>
    public DefaultOperator DefaultOperator { get; init; } = DefaultOperator.And;

    /// <summary>Longest query, in code points.</summary>
    public int MaxLength { get; init; } = SearchLimits.Default.MaxQueryLength;

    /// <summary>Most leaf clauses (terms, phrases, wildcards, ranges) in one query.</summary>
    public int MaxClauses { get; init; } = SearchLimits.Default.MaxClauses;

    /// <summary>Deepest nesting of parentheses.</summary>
    public int MaxDepth { get; init; } = SearchLimits.Default.MaxDepth;

    /// <summary>Literal characters a wildcard or prefix term needs before its first <c>*</c> or <c>?</c>.</summary>
    public int MinWildcardPrefix { get; init; } = 1;

    /// <summary>Largest slop of a proximity phrase, <c>"a b"~N</c>.</summary>
    public int MaxSlop { get; init; } = SearchLimits.Default.MaxSlop;
}
