using System.Globalization;
using Archive.Core;
using Archive.Core.Pages;
using Archive.Web.OpenApi;
using Archive.Web.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Archive.Web.Endpoints;

/// <summary>/api/documents/{id}/pages: the page images of PDF and image originals, and where a passage is on them.</summary>
internal static class PageEndpoints
{
    public static IEndpointRouteBuilder MapPages(this IEndpointRouteBuilder app)
    {
        var read = app.MapGroup("/api/documents").WithTags("Documents").RequireAuthorization(Policies.Read);
        read.MapGet("/{id}/pages", List)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        read.MapGet("/{id}/pages/{page}.png", Image)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity).ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .AddOpenApiOperationTransformer(OpenApiContent.PageImage);
        return app;
    }

    /// <summary>The pages of a PDF or image original (none for other types), and with <c>start</c> and <c>end</c> (code points) where that passage is.</summary>
    private static Results<Ok<DocumentPages>, ProblemHttpResult> List(ArchiveCore archive, string id, int? start, int? end, CancellationToken cancellationToken)
    {
        var (capture, problem) = DocumentEndpoints.Resolve(archive.Catalog, id);
        if (capture is null)
        {
            return problem!;
        }

        var result = archive.Pages.Describe(capture, start, end, cancellationToken);
        return result.Pages is { } pages ? TypedResults.Ok(pages) : Problem(result.Problem!);
    }

    /// <summary>Page <c>page</c> (from 1) drawn as a PNG <c>width</c> pixels wide (100–2000, default 1000).</summary>
    private static Results<FileContentHttpResult, ProblemHttpResult> Image(ArchiveCore archive, string id, string page, int? width, CancellationToken cancellationToken)
    {
        var (capture, problem) = DocumentEndpoints.Resolve(archive.Catalog, id);
        if (capture is null)
        {
            return problem!;
        }

        if (!int.TryParse(page, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number < 1)
        {
            return TypedResults.Problem("the page is a whole number from 1, as in /pages/1.png", statusCode: 400, title: "Bad page");
        }

        var result = archive.Pages.Render(capture, number, width, cancellationToken);
        return result.Image is { } image ? TypedResults.File(image.Png, "image/png") : Problem(result.Problem!);
    }

    private static ProblemHttpResult Problem(PageProblem problem) => TypedResults.Problem(problem.Detail, title: problem.Title, statusCode: problem.Kind switch
    {
        PageProblemKind.BadRequest => StatusCodes.Status400BadRequest,
        PageProblemKind.NoPages or PageProblemKind.NoSuchPage => StatusCodes.Status404NotFound,
        PageProblemKind.Busy => StatusCodes.Status503ServiceUnavailable,
        _ => StatusCodes.Status422UnprocessableEntity,
    });
}
