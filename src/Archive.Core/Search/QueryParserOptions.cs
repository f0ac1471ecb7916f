namespace Archive.Core.Search;

/// <summary>Choices and limits of <see cref="QueryParser"/>. The defaults suit a public search box.</summary>
internal sealed record QueryParserOptions
{
    /// <summary>The default options.</summary>
    public static QueryParserOptions Default { get; } = new();

    /// <summary>What clauses side by side mean. <see cref="DefaultOperator.And"/> by default.</summary>
    public DefaultOperator DefaultOperator { get; init; } = DefaultOperator.And;

    /// <summary>Longest query, in code points.</summary>
    public int MaxLength { get; init; } = 4096;

    /// <summary>Most leaf clauses (terms, phrases, wildcards, ranges) in one query.</summary>
    public int MaxClauses { get; init; } = 1024;

    /// <summary>Deepest nesting of parentheses.</summary>
    public int MaxDepth { get; init; } = 64;

    /// <summary>Literal characters a wildcard or prefix term needs before its first <c>*</c> or <c>?</c>.</summary>
    public int MinWildcardPrefix { get; init; } = 1;

    /// <summary>Largest slop of a proximity phrase, <c>"a b"~N</c>.</summary>
    public int MaxSlop { get; init; } = 100;
}
