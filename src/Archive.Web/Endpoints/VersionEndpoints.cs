using Archive.Core.Storage;
using Archive.Core;
using Archive.Core.Catalog;
using Archive.Core.Versions;
using Archive.Web.OpenApi;
using Archive.Web.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Archive.Web.Endpoints;

/// <summary>
/// GET /api/documents/{id}/diff?against= (what changed from one capture to another, and the pack citations that
/// moved, changed or went) and GET /api/documents/{id}/screenshot (a web capture's PNG, never its live HTML).
/// </summary>
internal static class VersionEndpoints
{
    public static IEndpointRouteBuilder MapVersions(this IEndpointRouteBuilder app)
    {
        var read = app.MapGroup("/api/documents").WithTags("Documents").RequireAuthorization(Policies.Read);
        read.MapGet("/{id}/diff", Diff).ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
        read.MapGet("/{id}/screenshot", Screenshot).ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound)
            .AddOpenApiOperationTransformer(OpenApiContent.Screenshot);
        return app;
    }

    /// <summary>How the text of <c>id</c> differs from the text of <c>against</c> (the older), and every pack citation of <c>against</c> looked up in <c>id</c>.</summary>
    private static Results<Ok<VersionDiff>, ProblemHttpResult> Diff(ArchiveCore archive, string id, string? against, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(against))
        {
            return TypedResults.Problem("give the capture to compare with: ?against= its id or slug (the older version)", statusCode: 400, title: "Nothing to compare with");
        }

        var (to, problem) = DocumentEndpoints.Resolve(archive.Catalog, id);
        if (to is null)
        {
            return problem!;
        }

        var (from, againstProblem) = DocumentEndpoints.Resolve(archive.Catalog, against);
        return from is null ? againstProblem! : TypedResults.Ok(archive.Versions.Compare(from, to, cancellationToken));
    }

    /// <summary>The screenshot PNG of a web capture, inline, as stored; 404 for captures that are not web captures.</summary>
    private static Results<PhysicalFileHttpResult, ProblemHttpResult> Screenshot(ArchiveCore archive, string id)
    {
        var (capture, problem) = DocumentEndpoints.Resolve(archive.Catalog, id);
        if (capture is null)
        {
            return problem!;
        }

        var digest = CaptureScreenshot.Find(archive.Catalog.Show(capture.Id)!.Events);
        if (digest is null)
        {
            return TypedResults.Problem($"{capture.Id.Short} is not a web capture, so it has no screenshot", statusCode: 404, title: "No screenshot");
        }

        var path = archive.BlobPath(digest.Value);
        return File.Exists(path)
            ? TypedResults.PhysicalFile(path, "image/png")
            : TypedResults.Problem("the screenshot is missing from the blob store; run verify", statusCode: 404, title: "Screenshot missing");
    }
}
