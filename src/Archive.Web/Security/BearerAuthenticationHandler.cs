using System.Security.Claims;
using System.Text.Encodings.Web;
using Archive.Core.Security;
using Archive.Web.Hosting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Archive.Web.Security;

/// <summary>
/// <c>Authorization: Bearer arch_…</c> against the token store. No header: anonymous reader with
/// <c>--public-read</c>, else unauthenticated. A valid token is always accepted. A bad token fails (401) and counts
/// towards its address's limit; past it, bad tokens get 429 with Retry-After.
/// </summary>
internal sealed class BearerAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    TokenStore tokens,
    WebOptions web,
    AuthFailureLimiter limiter,
    IProblemDetailsService problems)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Bearer";

    private string? _failure;
    private bool _throttled;

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (string.IsNullOrEmpty(header))
        {
            return Task.FromResult(web.PublicRead ? Success(Policies.Anonymous, Policies.Anonymous) : AuthenticateResult.NoResult());
        }

        var info = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? tokens.Authenticate(header[7..].Trim()) : null;
        if (info is null)
        {
            _throttled = limiter.RecordFailure(AuthFailureLimiter.ClientKey(Context));
            _failure = "the bearer token is unknown, revoked or malformed";
            return Task.FromResult(AuthenticateResult.Fail(_failure));
        }

        return Task.FromResult(Success(info.Name, info.Role));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        if (_throttled)
        {
            Response.StatusCode = StatusCodes.Status429TooManyRequests;
            Response.Headers.RetryAfter = "60";
            await Write("Too many failed authentications", "too many bad tokens from this address; wait a minute and try again");
            return;
        }

        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        await Write("Unauthorized", _failure ?? "this needs a bearer token: Authorization: Bearer arch_… (create one with `archive token create`)");
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        var role = Context.User.FindFirstValue(ClaimTypes.Role);
        if (role == Policies.Anonymous)
        {
            await HandleChallengeAsync(properties);
            return;
        }

        Response.StatusCode = StatusCodes.Status403Forbidden;
        await Write("Forbidden", $"a token with role '{role}' may not do this");
    }

    private Task Write(string title, string detail) => problems.WriteAsync(new ProblemDetailsContext
    {
        HttpContext = Context,
        ProblemDetails = new ProblemDetails { Status = Response.StatusCode, Title = title, Detail = detail },
    }).AsTask();

    private static AuthenticateResult Success(string name, string role)
    {
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, name), new Claim(ClaimTypes.Role, role)], SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }
}
