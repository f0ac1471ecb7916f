using Archive.Core.Security;
using Archive.Web.Hosting;
using Archive.Web.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Archive.Web.OpenApi;

/// <summary>
/// What every operation can answer besides its own results: the bearer requirement with its 401 and 403 (from the
/// endpoint's policy), and the ProblemDetails the middleware writes before or after any endpoint (414, 429, 500, 503).
/// </summary>
internal sealed class SharedResponsesTransformer(IAuthorizationPolicyProvider policies, WebOptions web) : IOpenApiOperationTransformer
{
    public async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(context);
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        var authorize = metadata.OfType<IAuthorizeData>().ToList();
        if (authorize.Count > 0 && !metadata.OfType<IAllowAnonymous>().Any()
            && await AuthorizationPolicy.CombineAsync(policies, authorize) is { } policy)
        {
            var roles = policy.Requirements.OfType<RolesAuthorizationRequirement>().SelectMany(r => r.AllowedRoles).ToHashSet(StringComparer.Ordinal);
            operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ArchiveOpenApi.BearerScheme, context.Document)] = [] }];
            if (web.PublicRead && roles.Contains(Policies.Anonymous))
            {
                // With --public-read a request without a token reads as the anonymous role.
                operation.Security.Add(new OpenApiSecurityRequirement());
            }

            var allowed = TokenRole.All.Where(roles.Contains).ToList();
            Add(operation, context, 401, "No token (this host runs without --public-read, or the operation needs more than reading), or an unknown, revoked or malformed one.");
            if (allowed.Count < TokenRole.All.Count)
            {
                Add(operation, context, 403, $"The token's role may not do this; allowed roles: {string.Join(", ", allowed)}.");
            }
        }

        Add(operation, context, 414, $"The query string is longer than {WebOptions.MaxQueryStringLength} characters.");
        if (context.Description.RelativePath?.StartsWith("api/", StringComparison.Ordinal) == true || context.Description.RelativePath == "api")
        {
            Add(operation, context, 429, "Too many failed authentications from this address in the last minute (Retry-After: 60), or the operation's one slot is busy.");
        }

        // Authentication opens the token store on every request, so even /health answers a missing archive this way.
        Add(operation, context, 503, "The archive is missing, locked by another writer or needs maintenance.");

        Add(operation, context, 500, "An unexpected error; it was logged and no details are returned.");
    }

    private static void Add(OpenApiOperation operation, OpenApiOperationTransformerContext context, int status, string description)
    {
        operation.Responses ??= [];
        var key = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var problem = new OpenApiMediaType { Schema = new OpenApiSchemaReference(nameof(ProblemDetails), context.Document) };
        if (operation.Responses.TryGetValue(key, out var existing))
        {
            // The endpoint's own answer for this status stays; the middleware's ProblemDetails is another content type of it.
            if (existing is OpenApiResponse own)
            {
                own.Content ??= new Dictionary<string, OpenApiMediaType>(StringComparer.Ordinal);
                own.Content.TryAdd("application/problem+json", problem);
            }

            return;
        }

        operation.Responses[key] = new OpenApiResponse
        {
            Description = description,
            Content = new Dictionary<string, OpenApiMediaType>(StringComparer.Ordinal) { ["application/problem+json"] = problem },
        };
    }
}
