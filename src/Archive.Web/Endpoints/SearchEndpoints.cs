using System.Diagnostics;
using System.Globalization;
using System.Text;
using Archive.Core.Search;
using Archive.Web.Contracts;
using Archive.Web.Hosting;
using Archive.Web.OpenApi;
using Archive.Web.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Archive.Web.Endpoints;

/// <summary>
/// GET /api/search: hits, passages and facets in the shape of <c>archive search --json</c>; GET /api/search.csv: every
/// hit as the CSV of <c>archive search --csv</c>.
/// </summary>
internal static class SearchEndpoints
{
    public static IEndpointRouteBuilder MapSearch(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/search").WithTags("Search").RequireAuthorization(Policies.Read)
            .MapGet("/", Search)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        app.MapGet("/api/search.csv", Csv).WithTags("Search").RequireAuthorization(Policies.Read)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .AddOpenApiOperationTransformer(OpenApiContent.Csv);
        return app;
    }

    private static async Task<Results<Ok<SearchResponse>, ProblemHttpResult>> Search(
        Searcher searcher, SearchGate gate, [AsParameters] SearchParameters parameters, HttpRequest request, CancellationToken cancellationToken)
    {
        var (search, problem) = SearchQuery.Bind(parameters, request.Query, searcher.Limits);
        if (search is null)
        {
            return problem!;
        }

        var limit = searcher.Limits.TimeLimit;
        using var slot = await gate.EnterAsync(limit, cancellationToken);
        if (slot is null)
        {
            return gate.Busy(limit);
        }

        var clock = Stopwatch.StartNew();
        try
        {
            return ToResult(searcher.Search(search, slot.Token));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Unavailable(OutOfTime(gate, slot, limit, $"the query took longer than {limit.TotalSeconds:0.#} s and was stopped; narrow it (fewer wildcards, more words)"), clock.Elapsed.TotalMilliseconds);
        }
    }

    /// <summary>The same parameters as GET /api/search; limit, offset and passages are checked but the export holds every hit.</summary>
    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> Csv(
        Searcher searcher, SearchGate gate, [AsParameters] SearchParameters parameters, HttpContext context, CancellationToken cancellationToken)
    {
        var (search, problem) = SearchQuery.Bind(parameters, context.Request.Query, searcher.Limits);
        if (search is null)
        {
            return problem!;
        }

        // The export runs a search per page of hits, all of them within one time limit, which covers the wait for
        // the slot too: past it, a 503 (a CSV cut short by time would pass for the whole export).
        var limit = searcher.Limits.TimeLimit;
        using var slot = await gate.EnterAsync(limit, cancellationToken);
        if (slot is null)
        {
            return gate.Busy(limit);
        }

        SearchCsvExport export;
        try
        {
            export = SearchCsv.Export(searcher, search, slot.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Unavailable(ExportOutOfTime(), null);
        }

        if (export.Error is { } error)
        {
            // A page's search has the same limit, started later: when it ran out, so had the request, whichever
            // timer fired first.
            return Unavailable(slot.Expired ? ExportOutOfTime() : error.Message, null);
        }

        context.Response.Headers["X-Total-Hits"] = export.Total.ToString(CultureInfo.InvariantCulture);
        context.Response.Headers["X-Exported"] = export.Exported.ToString(CultureInfo.InvariantCulture);
        return TypedResults.File(Encoding.UTF8.GetBytes(export.Text), SearchCsv.MediaType, SearchCsv.FileName);

        string ExportOutOfTime() =>
            OutOfTime(gate, slot, limit, $"the export took longer than {limit.TotalSeconds:0.#} s and was stopped; narrow the query");
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
            : Unavailable(error.Message, response.TookMs);
    }

    /// <summary>
    /// Why a search that held a slot stopped at the request's deadline: <paramref name="own"/> (the query's own fault)
    /// when it hardly waited for the slot, else the wait, which took part of the limit.
    /// </summary>
    public static string OutOfTime(SearchGate gate, SearchGate.Slot slot, TimeSpan limit, string own) =>
        slot.Waited < TimeSpan.FromMilliseconds(100) || slot.Waited < limit / 10
            ? own
            : $"the search waited {slot.Waited.TotalSeconds:0.0} s for one of the {gate.Slots} searches running to finish and could not end within the {limit.TotalSeconds:0.#} s limit; try again shortly, or narrow the query";

    private static ProblemHttpResult Unavailable(string detail, double? tookMs) => TypedResults.Problem(
        detail,
        statusCode: StatusCodes.Status503ServiceUnavailable,
        title: "Search could not run",
        extensions: tookMs is { } took ? new Dictionary<string, object?> { ["took_ms"] = took } : null);
}
