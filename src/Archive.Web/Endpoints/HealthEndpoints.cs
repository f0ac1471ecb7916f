using System.Text.Json.Serialization.Metadata;
using Archive.Core;
using Archive.Core.Catalog;
using Archive.Web.Contracts;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace Archive.Web.Endpoints;

/// <summary>GET /health: open to everyone; 503 when the archive cannot be opened.</summary>
internal static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapGet("/health", Results<Ok<HealthReport>, JsonHttpResult<HealthReport>> (IServiceProvider services, IOptions<JsonOptions> json) =>
        {
            try
            {
                var count = services.GetRequiredService<CatalogReader>().Count();
                return TypedResults.Ok(new HealthReport("ok", ArchiveCore.ToolVersion, count));
            }
            catch (ArchiveException ex) when (ex.Kind == ArchiveErrorKind.NoArchive)
            {
                // The HTTP JSON options' own metadata for the report, as Ok writes it: no serializer made at run time.
                var report = (JsonTypeInfo<HealthReport>)json.Value.SerializerOptions.GetTypeInfo(typeof(HealthReport));
                return TypedResults.Json(new HealthReport("no-archive", ArchiveCore.ToolVersion, null), report, statusCode: StatusCodes.Status503ServiceUnavailable);
            }
        }).WithTags("Health").AllowAnonymous()
            .Produces<HealthReport>(StatusCodes.Status503ServiceUnavailable);
        return app;
    }
}
