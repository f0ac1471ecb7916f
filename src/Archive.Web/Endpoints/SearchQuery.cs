using Archive.Core.Metadata;
using Archive.Core.Search;
using Archive.Web.Contracts;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Archive.Web.Endpoints;

/// <summary>
/// The parameters of <c>GET /api/search</c> checked against the <see cref="SearchLimits"/> and turned into one
/// <see cref="SearchRequest"/>: the typed query (a syntax error is reported at a column of what the user typed) and
/// the filters (<c>publisher</c>, <c>type</c>, <c>lang</c>, <c>tag</c>, <c>from</c>, <c>to</c>) as
/// <see cref="SearchFilters"/>, which Core applies as they are.
/// </summary>
internal static class SearchQuery
{
    private static readonly HashSet<string> Known = new(
        ["q", "limit", "offset", "sort", "aliases", "passages", "publisher", "type", "lang", "tag", "from", "to", "mode", "unknown"], StringComparer.Ordinal);

    /// <summary>Filters that may repeat: several types or languages match any of them (a multi-select facet); several tags, all.</summary>
    private static readonly HashSet<string> Repeatable = new(["publisher", "type", "lang", "tag", "unknown"], StringComparer.Ordinal);

    /// <summary>The request to run, or a 400 ProblemDetails saying what is wrong with the parameters.</summary>
    private static readonly Dictionary<string, SearchMode> Modes = new(StringComparer.Ordinal)
    {
        ["hybrid"] = SearchMode.Hybrid,
        ["lexical"] = SearchMode.Lexical,
        ["semantic"] = SearchMode.Semantic,
    };

    /// <param name="p">The bound parameters.</param>
    /// <param name="raw">The query string as sent, to refuse unknown or repeated parameters.</param>
    /// <param name="limits">The searcher's limits.</param>
    public static (SearchRequest? Request, ProblemHttpResult? Problem) Bind(SearchParameters p, IQueryCollection raw, SearchLimits limits)
    {
        ArgumentNullException.ThrowIfNull(p);
        ArgumentNullException.ThrowIfNull(raw);
        ArgumentNullException.ThrowIfNull(limits);
        if (raw.Keys.FirstOrDefault(k => !Known.Contains(k)) is { } unknown)
        {
            return Fail("Unknown parameter", $"'{Shorten(unknown)}' is not a search parameter; use {string.Join(", ", Known)}");
        }

        if (raw.Any(q => !Repeatable.Contains(q.Key) && q.Value.Count > 1))
        {
            return Fail("Repeated parameter", "give each parameter once (only publisher, type, lang, tag and unknown may repeat)");
        }

        var text = p.Q ?? string.Empty;
        if (text.Length > limits.MaxQueryLength)
        {
            return Fail("Query too long", $"q is limited to {limits.MaxQueryLength} characters");
        }

        if (p.Limit < 0 || p.Limit > limits.MaxPageSize || p.Offset < 0 || p.Offset > limits.MaxOffset || p.Passages < 0 || p.Passages > limits.MaxPassagesPerHit)
        {
            return Fail("Bad paging", $"limit must be 0-{limits.MaxPageSize}, offset 0-{limits.MaxOffset} and passages 0-{limits.MaxPassagesPerHit}");
        }

        SearchSort? sort = p.Sort switch
        {
            null or "" or "relevance" => SearchSort.Relevance,
            "published" => SearchSort.Published,
            _ => null,
        };
        if (!string.IsNullOrEmpty(p.Mode) && !Modes.ContainsKey(p.Mode))
        {
            return Fail("Bad mode", "mode is hybrid (words and meaning, the default for plain English words), lexical (words only) or semantic (meaning only)");
        }

        SearchMode? mode = string.IsNullOrEmpty(p.Mode) ? null : Modes[p.Mode];

        if (sort is null)
        {
            return Fail("Bad sort", "sort is relevance (BM25, the default) or published (newest first)");
        }

        var (filters, problem) = Filters(p, limits);
        if (problem is not null)
        {
            return (null, problem);
        }

        if (filters!.IsEmpty || !string.IsNullOrWhiteSpace(text))
        {
            // Parsed here so that a syntax error is the client's 400, pointing at a column of what the user typed.
            if (limits.CheckSyntax(text) is { } error)
            {
                return (null, SyntaxError(error.Column, error.Message, error.Expected));
            }
        }

        return (new SearchRequest(text, p.Limit ?? 10, p.Offset ?? 0, sort.Value, p.Aliases ?? true, p.Passages ?? 3, Filters: filters, Mode: mode), null);
    }

    /// <summary>A syntax error as ProblemDetails, with the 1-based column (in code points), message and expectation.</summary>
    public static ProblemHttpResult SyntaxError(int column, string message, string? expected) => TypedResults.Problem(
        $"column {column}: {message}",
        statusCode: StatusCodes.Status400BadRequest,
        title: "Query syntax error",
        extensions: new Dictionary<string, object?> { ["column"] = column, ["message"] = message, ["expected"] = expected });

    /// <summary>The filter parameters as <see cref="SearchFilters"/>, each value trimmed; blank ones are left out.</summary>
    public static (SearchFilters? Filters, ProblemHttpResult? Problem) Filters(SearchParameters p, SearchLimits limits)
    {
        ArgumentNullException.ThrowIfNull(p);
        ArgumentNullException.ThrowIfNull(limits);
        var values = (p.Publisher ?? []).Select(v => ("publisher", (string?)v))
            .Concat((p.Type ?? []).Select(t => ("type", (string?)t)))
            .Concat((p.Lang ?? []).Select(l => ("lang", (string?)l)))
            .Concat((p.Tag ?? []).Select(t => ("tag", (string?)t)));
        var given = new List<(string Name, string Value)>();
        foreach (var (name, raw) in values)
        {
            var value = raw?.Trim() ?? string.Empty;
            if (value.Length == 0)
            {
                continue;
            }

            if (value.Length > limits.MaxFilterLength || value.Any(char.IsControl))
            {
                return (null, Fail("Bad filter", $"{name} must be at most {limits.MaxFilterLength} characters, without control characters").Problem);
            }

            given.Add((name, value));
        }

        if (given.Count > limits.MaxFilterValues)
        {
            return (null, Fail("Too many filters", $"give at most {limits.MaxFilterValues} filter values").Problem);
        }

        if (!TryBound(p.From, "from", out var from, out var problem) || !TryBound(p.To, "to", out var to, out problem))
        {
            return (null, problem);
        }

        var unknown = new List<FacetName>();
        foreach (var name in (p.Unknown ?? []).Select(u => u?.Trim() ?? string.Empty).Where(u => u.Length > 0))
        {
            if (!UnknownFacets.TryGetValue(name, out var facet))
            {
                return (null, Fail("Bad filter", "unknown names a facet whose documents without a value also pass: publisher, type, lang or published").Problem);
            }

            if (!unknown.Contains(facet))
            {
                unknown.Add(facet);
            }
        }

        List<string> All(string name) => [.. given.Where(g => g.Name == name).Select(g => g.Value)];
        return (new SearchFilters
        {
            Publishers = All("publisher"),
            Unknown = unknown,
            Types = All("type"),
            Languages = All("lang"),
            Tags = All("tag"),
            PublishedFrom = from,
            PublishedTo = to,
        }, null);
    }

    /// <summary>The names <c>unknown=</c> takes: the filter parameters' own names.</summary>
    private static readonly Dictionary<string, FacetName> UnknownFacets = new(StringComparer.Ordinal)
    {
        ["publisher"] = FacetName.Publisher,
        ["type"] = FacetName.Type,
        ["lang"] = FacetName.Language,
        ["published"] = FacetName.Published,
    };

    /// <summary>A date bound, or null for an open end.</summary>
    private static bool TryBound(string? text, string name, out PartialDate? bound, out ProblemHttpResult? problem)
    {
        bound = null;
        problem = null;
        var trimmed = text?.Trim() ?? string.Empty;
        if (trimmed.Length == 0)
        {
            return true;
        }

        if (trimmed.Length > 10 || !PartialDate.TryParse(trimmed, out var date, out _))
        {
            problem = Fail("Bad date", $"{name}: write YYYY, YYYY-MM or YYYY-MM-DD").Problem;
            return false;
        }

        bound = date;
        return true;
    }

    private static (SearchRequest? Request, ProblemHttpResult? Problem) Fail(string title, string detail) =>
        (null, TypedResults.Problem(detail, statusCode: StatusCodes.Status400BadRequest, title: title));

    private static string Shorten(string value) => value.Length > 40 ? value[..40] + "…" : value;
}
