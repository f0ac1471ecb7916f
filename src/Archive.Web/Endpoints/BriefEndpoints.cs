using System.Security.Claims;
using Archive.Core.Briefings;
using Archive.Web.Contracts;
using Archive.Web.Hosting;
using Archive.Web.OpenApi;
using Archive.Web.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Archive.Web.Endpoints;

/// <summary>/api/briefs: check a brief's citations, or build its pack and return the PDF.</summary>
internal static class BriefEndpoints
{
    public static IEndpointRouteBuilder MapBriefs(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/briefs").WithTags("Briefs").RequireAuthorization(Policies.Brief).DisableAntiforgery();
        group.MapPost("/check", Check).AddOpenApiOperationTransformer(OpenApiContent.MarkdownBrief)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        group.MapPost("/", Build).AddOpenApiOperationTransformer(OpenApiContent.MarkdownBrief).RequireRateLimiting(RateLimits.PackBuild)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .AddOpenApiOperationTransformer(OpenApiContent.Pdf);
        return app;
    }

    private static async Task<Results<Ok<BriefReport>, ProblemHttpResult>> Check(HttpRequest request, PackBuilder builder, WebOptions options, CancellationToken cancellationToken)
    {
        var (draft, problem) = await BriefDraft.Read(request, cancellationToken);
        if (draft is null)
        {
            return problem!;
        }

        // A brief within the size limit can hold some 27,000 citations, each resolved against its source's whole
        // text: the check gets the same limit as a build.
        using (draft)
        using (var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            limit.CancelAfter(options.RenderTimeout);
            try
            {
                return TypedResults.Ok(BriefReport.From(builder.Check(draft.Path, null, limit.Token)));
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return TypedResults.Problem($"checking took longer than {options.RenderTimeout.TotalSeconds:0} s and was stopped; check a shorter brief, or fewer citations at a time", statusCode: 503, title: "Check timed out");
            }
        }
    }

    private static async Task<Results<PhysicalFileHttpResult, ProblemHttpResult>> Build(
        HttpContext context, PackBuilder builder, WebOptions options, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var (draft, problem) = await BriefDraft.Read(context.Request, cancellationToken);
        if (draft is null)
        {
            return problem!;
        }

        using (draft)
        using (var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            limit.CancelAfter(options.RenderTimeout);
            PackResult result;
            try
            {
                result = builder.Build(draft.Path, null, user.Identity!.Name!, null, limit.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return TypedResults.Problem($"rendering took longer than {options.RenderTimeout.TotalSeconds:0} s and was stopped", statusCode: 503, title: "Render timed out");
            }

            if (!result.IsBuilt)
            {
                var report = BriefReport.From(result.Check);

                // Extensions are written as their runtime types, which the JSON context must name: lists, not the
                // report's read-only wrappers.
                return TypedResults.Problem($"{report.Problems.Count} problem(s) in the brief; nothing was rendered", statusCode: 422, title: "Citation problems",
                    extensions: new Dictionary<string, object?> { ["problems"] = report.Problems.ToList(), ["citations"] = report.Citations.ToList() });
            }

            // One name everywhere: the one printed on the pack's verification page and recorded in its manifest.
            var fileName = Path.GetFileName(result.PdfPath!);
            context.Response.Headers["X-Pack-Id"] = result.PackId;
            context.Response.Headers["X-Pack-File"] = fileName;
            return TypedResults.PhysicalFile(result.PdfPath!, "application/pdf", fileName);
        }
    }
}
