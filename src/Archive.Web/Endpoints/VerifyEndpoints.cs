using System.Security.Claims;
using Archive.Core;
using Archive.Core.Verification;
using Archive.Web.Contracts;
using Archive.Web.Hosting;
using Archive.Web.Security;

namespace Archive.Web.Endpoints;

/// <summary>POST /api/verify: the auditor's full check; records a fixity-checked event unless <c>record=false</c>.</summary>
internal static class VerifyEndpoints
{
    public static IEndpointRouteBuilder MapVerify(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/verify", (ArchiveCore archive, ClaimsPrincipal user, bool? record, CancellationToken cancellationToken) =>
            TypedResults.Ok(VerifyReport.From(archive.Verifier.Verify(user.Identity!.Name!, record ?? true, null, cancellationToken))))
            .RequireAuthorization(Policies.Audit)
            .RequireRateLimiting(RateLimits.Verify)
            .WithTags("Verification")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        return app;
    }
}
