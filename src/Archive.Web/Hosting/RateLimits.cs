using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Mvc;

namespace Archive.Web.Hosting;

/// <summary>Named limits for expensive endpoints: one verification at a time, one pack render at a time.</summary>
internal static class RateLimits
{
    public const string Verify = "verify";
    public const string PackBuild = "pack-build";

    public static IServiceCollection AddArchiveRateLimits(this IServiceCollection services) => services.AddRateLimiter(options =>
    {
        options.AddConcurrencyLimiter(Verify, o =>
        {
            o.PermitLimit = 1;
            o.QueueLimit = 0;
        });
        options.AddConcurrencyLimiter(PackBuild, o =>
        {
            o.PermitLimit = 1;
            o.QueueLimit = 0;
        });
        options.OnRejected = async (context, cancellationToken) =>
        {
            context.HttpContext.Response.StatusCode = StatusCodes.Status429TooManyRequests;
            await context.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context.HttpContext,
                ProblemDetails = new ProblemDetails { Status = 429, Title = "Busy", Detail = context.HttpContext.Request.Path.StartsWithSegments("/api/briefs", StringComparison.Ordinal)
                    ? "another pack is being rendered; try again when it finishes"
                    : "another verification is running; try again when it finishes" },
            });
        };
    });
}
