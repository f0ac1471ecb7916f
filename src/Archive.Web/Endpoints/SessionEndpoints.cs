using System.Security.Claims;
using Archive.Web.Contracts;
using Archive.Web.Hosting;
using Archive.Web.Security;

namespace Archive.Web.Endpoints;

/// <summary>GET /api/whoami: lets the UI check a token and show its role.</summary>
internal static class SessionEndpoints
{
    public static IEndpointRouteBuilder MapSession(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/whoami", (ClaimsPrincipal user, WebOptions options) =>
            TypedResults.Ok(new SessionInfo(user.Identity?.Name ?? Policies.Anonymous, user.FindFirstValue(ClaimTypes.Role) ?? Policies.Anonymous, options.PublicRead)))
            .RequireAuthorization(Policies.Read)
            .WithTags("Session");
        return app;
    }
}
