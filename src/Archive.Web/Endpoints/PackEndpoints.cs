using Archive.Core;
using Archive.Core.Briefings;
using Archive.Web.Contracts;
using Archive.Web.Hosting;
using Archive.Web.OpenApi;
using Archive.Web.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Archive.Web.Endpoints;

/// <summary>
/// /api/packs: built packs from the catalog; each pack's PDF, signed manifest and signature exactly as written; and a
/// verification of the pack against the archive (read-only: it records no event).
/// </summary>
internal static class PackEndpoints
{
    private const int MaxPageSize = 500;

    public static IEndpointRouteBuilder MapPacks(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/packs").WithTags("Briefs").RequireAuthorization(Policies.Read);
        group.MapGet("/", List).ProducesProblem(StatusCodes.Status400BadRequest);
        group.MapGet("/{id}/pdf", Pdf).ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound)
            .AddOpenApiOperationTransformer(OpenApiContent.PackPdf);
        group.MapGet("/{id}/verify", Verify).RequireRateLimiting(RateLimits.Verify)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status429TooManyRequests);
        group.MapGet("/{id}/manifest", Manifest).ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound)
            .AddOpenApiOperationTransformer(OpenApiContent.Manifest);
        group.MapGet("/{id}/signature", Signature).ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound)
            .AddOpenApiOperationTransformer(OpenApiContent.Signature);
        return app;
    }

    private static Results<Ok<List<PackInfo>>, ProblemHttpResult> List(ArchiveCore archive, int? limit, int? offset)
    {
        var take = limit ?? 50;
        var skip = offset ?? 0;
        if (take is < 1 or > MaxPageSize || skip < 0)
        {
            return TypedResults.Problem($"limit must be 1-{MaxPageSize} and offset 0 or more", statusCode: 400, title: "Bad paging");
        }

        return TypedResults.Ok(archive.Packs.List(take, skip).Select(PackInfo.From).ToList());
    }

    /// <summary>The pack's PDF under the file name its manifest and verification page give it.</summary>
    private static Results<PhysicalFileHttpResult, ProblemHttpResult> Pdf(ArchiveCore archive, string id) =>
        PackFile(archive, id, pack => pack.PdfPath, "application/pdf", "PDF", download: true);

    /// <summary>Re-checks the pack's PDF, manifest, signature and every citation against the archive; writes nothing.</summary>
    private static Results<Ok<PackVerifyReport>, ProblemHttpResult> Verify(ArchiveCore archive, string id, CancellationToken cancellationToken)
    {
        var (pack, problem) = Find(archive, id);
        return pack is null ? problem! : TypedResults.Ok(PackVerifyReport.From(pack.Id, archive.PackVerifier.Verify(pack.PdfPath, cancellationToken: cancellationToken)));
    }

    private static Results<PhysicalFileHttpResult, ProblemHttpResult> Manifest(ArchiveCore archive, string id) =>
        PackFile(archive, id, pack => pack.ManifestPath, "application/json", "manifest", download: true);

    /// <summary>The DER ECDSA signature over the manifest's bytes: <c>openssl dgst -sha256 -verify public.pem -signature</c> checks it.</summary>
    private static Results<PhysicalFileHttpResult, ProblemHttpResult> Signature(ArchiveCore archive, string id) =>
        PackFile(archive, id, pack => PackManifest.SignaturePathFor(pack.ManifestPath), "application/octet-stream", "signature", download: true);

    private static Results<PhysicalFileHttpResult, ProblemHttpResult> PackFile(ArchiveCore archive, string id, Func<PackRecord, string> path, string mediaType, string what, bool download = false)
    {
        var (pack, problem) = Find(archive, id);
        if (pack is null)
        {
            return problem!;
        }

        var file = path(pack);
        return File.Exists(file)
            ? TypedResults.PhysicalFile(file, mediaType, download ? Path.GetFileName(file) : null)
            : TypedResults.Problem($"the pack is recorded but its {what} file is missing from packs/", statusCode: 404, title: $"{char.ToUpperInvariant(what[0])}{what[1..]} missing");
    }

    private static (PackRecord? Pack, ProblemHttpResult? Problem) Find(ArchiveCore archive, string id)
    {
        if (!PackCatalog.IsPackId(id))
        {
            return (null, TypedResults.Problem("a pack id is 'pack-' and 12 lowercase hex digits, e.g. pack-0123456789ab", statusCode: 400, title: "Bad pack id"));
        }

        return archive.Packs.Find(id) is { } pack ? (pack, null) : (null, TypedResults.Problem($"no pack {id} in this archive", statusCode: 404, title: "Not found"));
    }
}
