using Archive.Web.Hosting;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;

namespace Archive.Web.Security;

/// <summary>Strict headers on every response, and the query-string limit applied before any endpoint.</summary>
internal static class SecurityHeaders
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        // OnStarting, so error responses (whose headers the exception handler clears) carry them too.
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            headers["Cross-Origin-Resource-Policy"] = "same-origin";
            headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
            if (context.Request.Path.StartsWithSegments("/api", StringComparison.Ordinal))
            {
                headers.CacheControl = "no-store";
            }

            return Task.CompletedTask;
        });
        return next(context);
    });

    public static IApplicationBuilder UseRequestLimits(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (context.Request.QueryString.Value?.Length > WebOptions.MaxQueryStringLength
            || context.Features.Get<IHttpRequestFeature>()?.RawTarget.Length > WebOptions.MaxQueryStringLength + 1024)
        {
            await Reject(context, StatusCodes.Status414UriTooLong, "Query too long", $"the query string is limited to {WebOptions.MaxQueryStringLength} characters");
            return;
        }

        if (context.Request.Headers.Sum(h => h.Key.Length + h.Value.Sum(v => v?.Length ?? 0)) > WebOptions.MaxRequestHeadersBytes)
        {
            await Reject(context, StatusCodes.Status431RequestHeaderFieldsTooLarge, "Headers too large", $"request headers are limited to {WebOptions.MaxRequestHeadersBytes / 1024} KB in all");
            return;
        }

        await next(context);
    });

    private static async Task Reject(HttpContext context, int status, string title, string detail)
    {
        context.Response.StatusCode = status;
        await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails { Status = status, Title = title, Detail = detail },
        });
    }
}
