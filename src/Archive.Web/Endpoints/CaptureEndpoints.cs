using System.Security.Claims;
using Archive.Core;
using Archive.Core.Ingestion.Capture;
using Archive.Core.Metadata;
using Archive.Web.Contracts;
using Archive.Web.Hosting;
using Archive.Web.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Archive.Web.Endpoints;

/// <summary>
/// POST /api/captures (archivists): captures each URL in turn and answers with one outcome per URL. Private, loopback
/// and link-local addresses are refused unless the host runs with <c>--allow-private-network</c>.
/// </summary>
internal static class CaptureEndpoints
{
    public static IEndpointRouteBuilder MapCaptures(this IEndpointRouteBuilder app)
    {
        var write = app.MapGroup("/api/captures").WithTags("Captures").RequireAuthorization(Policies.Ingest);
        write.MapPost("/", Capture)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        return app;
    }

    private static async Task<Results<Ok<CaptureReport>, ProblemHttpResult>> Capture(
        ArchiveCore archive, WebOptions options, ClaimsPrincipal user, CaptureBody body, CancellationToken cancellationToken)
    {
        var urls = body.Urls ?? [];
        if (urls.Count == 0 || urls.Count > WebOptions.MaxCaptureUrls || urls.Any(string.IsNullOrWhiteSpace))
        {
            return TypedResults.Problem($"send {{\"urls\": [...]}} with 1 to {WebOptions.MaxCaptureUrls} http URLs", statusCode: 400, title: "Bad URL list");
        }

        CaptureRequest request;
        try
        {
            var timeout = body.Timeout is null ? CaptureOptions.Default.Timeout : CaptureOptions.ParseTimeout(body.Timeout);
            var metadata = MetadataInput.Fields(body.Metadata ?? [], FieldOrigin.Upload, string.Empty);
            request = new CaptureRequest(urls, metadata, user.Identity!.Name!, new CaptureOptions(timeout, options.AllowPrivateNetwork)
            {
                WaitForNetworkIdle = CaptureOptions.ParseWait(body.Wait),
                Delay = body.Delay is null ? TimeSpan.Zero : CaptureOptions.ParseDelay(body.Delay),
            });
        }
        catch (ArchiveException ex) when (ex.Kind == ArchiveErrorKind.InvalidInput)
        {
            return TypedResults.Problem(ex.Message, statusCode: 400, title: "Bad capture request");
        }

        var outcomes = await archive.Capturer.CaptureAllAsync(request, null, null, cancellationToken);
        return TypedResults.Ok(CaptureReport.From(outcomes));
    }
}
