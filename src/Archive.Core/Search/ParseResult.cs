using System.Diagnostics.CodeAnalysis;

namespace Archive.Core.Search;

/// <summary>The outcome of <see cref="QueryParser.Parse"/>: a query, or a syntax error. Never both.</summary>
internal sealed class ParseResult
{
    private ParseResult(Query? query, QuerySyntaxError? error)
    {
        Query = query;
        Error = error;
    }

    /// <summary>The parsed query, when <see cref="IsSuccess"/>.</summary>
    public Query? Query { get; }

    /// <summary>The syntax error, when not <see cref="IsSuccess"/>.</summary>
    public QuerySyntaxError? Error { get; }

    /// <summary>True when the query parsed.</summary>
    [MemberNotNullWhen(true, nameof(Query))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsSuccess => Query is not null;

    public static ParseResult Success(Query query)
    {
        ArgumentNullException.ThrowIfNull(query);
        return new ParseResult(query, null);
    }

    public static ParseResult Failure(QuerySyntaxError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return new ParseResult(null, error);
    }

    public override string ToString() => IsSuccess ? Query.ToString() : Error.ToString();
}
