using Archive.Core.Search;
using Archive.Web.Contracts;
using Archive.Web.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Archive.Web.Endpoints;

/// <summary>GET /api/search: hits, passages and facets in the shape of <c>archive search --json</c>.</summary>
internal static class SearchEndpoints
{
    public static IEndpointRouteBuilder MapSearch(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/search").WithTags("Search").RequireAuthorization(Policies.Read)
            .MapGet("/", Search)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return app;
    }

    private static Results<Ok<SearchResponse>, ProblemHttpResult> Search(
        Searcher searcher, [AsParameters] SearchParameters parameters, HttpRequest request, CancellationToken cancellationToken)
    {
        var (search, problem) = SearchQuery.Bind(parameters, request.Query, searcher.Limits);
        return search is null ? problem! : ToResult(searcher.Search(search, cancellationToken));
    }

    /// <summary>
    /// The response, or why it has none. The query was parsed before it ran, so an error here is the server's: the
    /// time limit (the archive too busy, or the query too broad, to answer in time) or an index that needs
    /// <c>archive reindex</c>. Either is a 503 whose detail says which, never a 500.
    /// </summary>
    public static Results<Ok<SearchResponse>, ProblemHttpResult> ToResult(SearchResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        return response.Error is not { } error
            ? TypedResults.Ok(response)
            : TypedResults.Problem(error.Message, statusCode: StatusCodes.Status503ServiceUnavailable, title: "Search could not run", extensions: new Dictionary<string, object?> { ["took_ms"] = response.TookMs });
    }
}
