namespace Archive.Core.Search;

/// <summary>
/// Every limit on a search, in one place: what the parser accepts, how many hits and passages a search returns, how
/// far a wildcard or fuzzy term expands, what a host accepts per page and per filter, and how long a search may run.
/// The <see cref="Searcher"/> and both hosts read their limits from here.
/// </summary>
public sealed record SearchLimits
{
    /// <summary>Most hits one search returns (also the depth of an evaluation run).</summary>
    public const int DefaultMaxHits = 1000;

    /// <summary>The limits of a public search box.</summary>
    public static SearchLimits Default { get; } = new();

    /// <summary>Longest query, in code points (the web host counts UTF-16 characters of <c>q</c>).</summary>
    public int MaxQueryLength { get; init; } = 4096;

    /// <summary>Most leaf clauses (terms, phrases, wildcards, ranges) in one query.</summary>
    public int MaxClauses { get; init; } = 1024;

    /// <summary>Deepest nesting of parentheses.</summary>
    public int MaxDepth { get; init; } = 64;

    /// <summary>Largest slop of a proximity phrase, <c>"a b"~N</c>.</summary>
    public int MaxSlop { get; init; } = 100;

    /// <summary>At most this many indexed words stand in for one wildcard or fuzzy term.</summary>
    public int MaxExpansions { get; init; } = 64;

    /// <summary>Most hits one search returns; a larger limit is cut to this.</summary>
    public int MaxHits { get; init; } = DefaultMaxHits;

    /// <summary>Most hits a host returns per page (<c>limit</c> of <c>GET /api/search</c>).</summary>
    public int MaxPageSize { get; init; } = 100;

    /// <summary>Most hits a host lets a page skip.</summary>
    public int MaxOffset { get; init; } = 1_000_000;

    /// <summary>Most passages per hit.</summary>
    public int MaxPassagesPerHit { get; init; } = 20;

    /// <summary>Most filter values (publisher, types, languages, tags) in one search.</summary>
    public int MaxFilterValues { get; init; } = 20;

    /// <summary>Longest filter value, in characters.</summary>
    public int MaxFilterLength { get; init; } = 200;

    /// <summary>Longest a search may run before it is interrupted and reported as an error.</summary>
    public TimeSpan TimeLimit { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The parser's options under these limits.</summary>
    internal QueryParserOptions ParserOptions() => new()
    {
        MaxLength = MaxQueryLength,
        MaxClauses = MaxClauses,
        MaxDepth = MaxDepth,
        MaxSlop = MaxSlop,
    };

    /// <summary>
    /// Parses <paramref name="query"/> under these limits without running it: null when it is valid, otherwise the
    /// syntax error with its 1-based column in code points, so that a host can answer before any search work.
    /// </summary>
    public SearchError? CheckSyntax(string query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var parsed = new QueryParser(ParserOptions()).Parse(query);
        return parsed.IsSuccess ? null : new SearchError(parsed.Error.Column, parsed.Error.Message, parsed.Error.Expected);
    }
}
