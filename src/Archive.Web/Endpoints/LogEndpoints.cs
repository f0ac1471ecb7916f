using Archive.Core;
using Archive.Core.Provenance;
using Archive.Web.Contracts;
using Archive.Web.OpenApi;
using Archive.Web.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Archive.Web.Endpoints;

/// <summary>/api/log: signed checkpoints, the public key that checks them, and inclusion proofs.</summary>
internal static class LogEndpoints
{
    public static IEndpointRouteBuilder MapLog(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/log").WithTags("Log").RequireAuthorization(Policies.Audit);
        group.MapGet("/checkpoints", (ArchiveCore archive) =>
            TypedResults.Ok(archive.LogService.Checkpoints().OrderByDescending(c => c.TreeSize).ThenByDescending(c => c.Id).Select(CheckpointInfo.From).ToList()));
        group.MapGet("/public-key", (ArchiveCore archive) => TypedResults.Text(archive.PublicKeyPem + "\n", "application/x-pem-file"))
            .AddOpenApiOperationTransformer(OpenApiContent.PublicKey);
        group.MapGet("/proof/{index}", Results<Ok<ProofInfo>, ProblemHttpResult> (ArchiveCore archive, long index, long? size) =>
        {
            return archive.LogService.TryProve(index, size, out var proof, out var problem)
                ? TypedResults.Ok(ProofInfo.From(proof))
                : TypedResults.Problem(problem, statusCode: 404, title: "No such event");
        }).ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }
}
