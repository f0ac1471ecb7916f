using Archive.Core;
using Archive.Core.Catalog;
using Archive.Web.Contracts;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Archive.Web.Endpoints;

/// <summary>GET /health: open to everyone; 503 when the archive cannot be opened.</summary>
internal static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapGet("/health", Results<Ok<HealthReport>, JsonHttpResult<HealthReport>> (IServiceProvider services) =>
        {
            try
            {
                var count = services.GetRequiredService<CatalogReader>().Count();
                return TypedResults.Ok(new HealthReport("ok", ArchiveCore.ToolVersion, count));
            }
            catch (ArchiveException ex) when (ex.Kind == ArchiveErrorKind.NoArchive)
            {
                return TypedResults.Json(new HealthReport("no-archive", ArchiveCore.ToolVersion, null), statusCode: StatusCodes.Status503ServiceUnavailable);
            }
        }).WithTags("Health").AllowAnonymous()
            .Produces<HealthReport>(StatusCodes.Status503ServiceUnavailable);
        return app;
    }
}
