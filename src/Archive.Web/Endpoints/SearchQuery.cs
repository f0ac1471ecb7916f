using Archive.Core.Metadata;
using System.Text;
using Archive.Core.Search;
using Archive.Web.Contracts;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Archive.Web.Endpoints;

/// <summary>
/// The parameters of <c>GET /api/search</c> checked against the <see cref="SearchLimits"/> and turned into one <see cref="SearchRequest"/>: the typed query
/// (a syntax error is reported at a column of what the user typed), AND-ed with the filters written as quoted
/// Lucene clauses (<c>publisher:"…"</c>, <c>type:</c>, <c>lang:</c>, <c>tag:</c>, <c>published:[from TO to]</c>).
/// </summary>
internal static class SearchQuery
{
    private static readonly HashSet<string> Known = new(
        ["q", "limit", "offset", "sort", "aliases", "passages", "publisher", "type", "lang", "tag", "from", "to"], StringComparer.Ordinal);

    /// <summary>The request to run, or a 400 ProblemDetails saying what is wrong with the parameters.</summary>
    /// <param name="p">The bound parameters.</param>
    /// <param name="raw">The query string as sent, to refuse unknown or repeated parameters.</param>
    /// <param name="limits">The searcher's limits.</param>
    public static (SearchRequest? Request, ProblemHttpResult? Problem) Bind(SearchParameters p, IQueryCollection raw, SearchLimits limits)
    {
        ArgumentNullException.ThrowIfNull(p);
        ArgumentNullException.ThrowIfNull(raw);
        ArgumentNullException.ThrowIfNull(limits);
        var parser = new QueryParser(limits.ParserOptions());
        if (raw.Keys.FirstOrDefault(k => !Known.Contains(k)) is { } unknown)
        {
            return Fail("Unknown parameter", $"'{Shorten(unknown)}' is not a search parameter; use {string.Join(", ", Known)}");
        }

        if (raw.Any(q => q.Key != "tag" && q.Value.Count > 1))
        {
            return Fail("Repeated parameter", "give each parameter once (only tag may repeat)");
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
        if (sort is null)
        {
            return Fail("Bad sort", "sort is relevance (BM25, the default) or published (newest first)");
        }

        var (clauses, problem) = Filters(p, limits);
        if (problem is not null)
        {
            return (null, problem);
        }

        if (clauses.Count == 0 || !string.IsNullOrWhiteSpace(text))
        {
            // Parsed on its own first, so that a syntax error points at a column of what the user typed.
            var parsed = parser.Parse(text);
            if (!parsed.IsSuccess)
            {
                return (null, SyntaxError(parsed.Error.Column, parsed.Error.Message, parsed.Error.Expected));
            }
        }

        var combined = Combine(text, clauses);
        if (clauses.Count > 0 && parser.Parse(combined) is { IsSuccess: false } failed)
        {
            return Fail("Bad filter", $"the query with its filters cannot run: {failed.Error.Message}");
        }

        return (new SearchRequest(combined, p.Limit ?? 10, p.Offset ?? 0, sort.Value, p.Aliases ?? true, p.Passages ?? 3), null);
    }

    /// <summary>A syntax error as ProblemDetails, with the 1-based column (in code points), message and expectation.</summary>
    public static ProblemHttpResult SyntaxError(int column, string message, string? expected) => TypedResults.Problem(
        $"column {column}: {message}",
        statusCode: StatusCodes.Status400BadRequest,
        title: "Query syntax error",
        extensions: new Dictionary<string, object?> { ["column"] = column, ["message"] = message, ["expected"] = expected });

    /// <summary>The typed query and the filter clauses as one query: <c>(q) AND publisher:"…" AND …</c>.</summary>
    public static string Combine(string text, IReadOnlyList<string> clauses)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(clauses);
        if (clauses.Count == 0)
        {
            return text;
        }

        var parts = new List<string>(clauses.Count + 1);
        if (!string.IsNullOrWhiteSpace(text))
        {
            // The parentheses keep an OR in the typed query from taking in the filters. It parsed on its own, so it
            // cannot end inside a phrase or an escape that would take the ')'.
            parts.Add("(" + text + ")");
        }

        parts.AddRange(clauses);
        return string.Join(" AND ", parts);
    }

    /// <summary>The filters as Lucene clauses. Values are quoted, so no character in them has a meaning.</summary>
    public static (List<string> Clauses, ProblemHttpResult? Problem) Filters(SearchParameters p, SearchLimits limits)
    {
        ArgumentNullException.ThrowIfNull(p);
        ArgumentNullException.ThrowIfNull(limits);
        var clauses = new List<string>();
        var values = new (QueryField Field, string? Value)[] { (QueryField.Publisher, p.Publisher), (QueryField.Type, p.Type), (QueryField.Lang, p.Lang) }
            .Concat((p.Tag ?? []).Select(t => (QueryField.Tag, (string?)t)));
        foreach (var (field, raw) in values)
        {
            var value = raw?.Trim() ?? string.Empty;
            if (value.Length == 0)
            {
                continue;
            }

            if (value.Length > limits.MaxFilterLength || value.Any(char.IsControl))
            {
                return ([], Fail("Bad filter", $"{QueryFields.Name(field)} must be at most {limits.MaxFilterLength} characters, without control characters").Problem);
            }

            clauses.Add(QueryFields.Name(field) + ":" + QueryText.QuotePhrase(value));
        }

        if (clauses.Count > limits.MaxFilterValues)
        {
            return ([], Fail("Too many filters", $"give at most {limits.MaxFilterValues} filter values").Problem);
        }

        if (!string.IsNullOrWhiteSpace(p.From) || !string.IsNullOrWhiteSpace(p.To))
        {
            if (!TryBound(p.From, "from", out var lower, out var problem) || !TryBound(p.To, "to", out var upper, out problem))
            {
                return ([], problem);
            }

            clauses.Add($"{QueryFields.Name(QueryField.Published)}:[{lower} TO {upper}]");
        }

        return (clauses, null);
    }

    /// <summary>A date bound written back canonically, or <c>*</c> for an open end.</summary>
    private static bool TryBound(string? text, string name, out string bound, out ProblemHttpResult? problem)
    {
        bound = "*";
        problem = null;
        var trimmed = text?.Trim() ?? string.Empty;
        if (trimmed.Length == 0)
        {
            return true;
        }

        if (trimmed.Length > 10 || !PartialDate.TryParse(trimmed, out var date, out var error))
        {
            problem = Fail("Bad date", $"{name}: write YYYY, YYYY-MM or YYYY-MM-DD").Problem;
            return false;
        }

        bound = date.ToString();
        return true;
    }

    private static (SearchRequest? Request, ProblemHttpResult? Problem) Fail(string title, string detail) =>
        (null, TypedResults.Problem(detail, statusCode: StatusCodes.Status400BadRequest, title: title));

    private static string Shorten(string value) => value.Length > 40 ? value[..40] + "…" : value;
}
