using Archive.Core.Security;

namespace Archive.Web.Security;

/// <summary>The authorization policies, one per permission in the role matrix.</summary>
internal static class Policies
{
    public const string Read = "read";
    public const string Brief = "brief";
    public const string Ingest = "ingest";
    public const string Audit = "audit";

    /// <summary>The role given to requests without a token when the host runs with <c>--public-read</c>.</summary>
    public const string Anonymous = "anonymous";

    public static IServiceCollection AddArchivePolicies(this IServiceCollection services)
    {
        services.AddAuthorizationBuilder()
            .AddPolicy(Read, p => p.RequireRole([.. TokenRole.CanRead, Anonymous]))
            .AddPolicy(Brief, p => p.RequireRole(TokenRole.CanBrief))
            .AddPolicy(Ingest, p => p.RequireRole(TokenRole.CanIngest))
            .AddPolicy(Audit, p => p.RequireRole(TokenRole.CanAudit));
        return services;
    }
}
