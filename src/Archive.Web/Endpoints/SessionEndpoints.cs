using System.Security.Claims;
using Archive.Core.Security;
using Archive.Web.Contracts;
using Archive.Web.Hosting;
using Archive.Web.Security;

namespace Archive.Web.Endpoints;

/// <summary>GET /api/whoami: lets the UI check a token, show its role and offer only what the role may do.</summary>
internal static class SessionEndpoints
{
    public static IEndpointRouteBuilder MapSession(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/whoami", (ClaimsPrincipal user, WebOptions options) =>
            {
                var role = user.FindFirstValue(ClaimTypes.Role) ?? Policies.Anonymous;
                return TypedResults.Ok(new SessionInfo(user.Identity?.Name ?? Policies.Anonymous, role, options.PublicRead, Permissions(role)));
            })
            .RequireAuthorization(Policies.Read)
            .WithTags("Session");
        return app;
    }

    private static List<string> Permissions(string role) =>
    [
        Policies.Read,
        .. TokenRole.CanBrief.Contains(role) ? [Policies.Brief] : Array.Empty<string>(),
        .. TokenRole.CanIngest.Contains(role) ? [Policies.Ingest] : Array.Empty<string>(),
        .. TokenRole.CanAudit.Contains(role) ? [Policies.Audit] : Array.Empty<string>(),
    ];
}
