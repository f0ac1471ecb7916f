using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Mvc;

namespace Archive.Web.Hosting;

/// <summary>Named limits for expensive endpoints: one verification at a time.</summary>
internal static class RateLimits
{
    public const string Verify = "verify";

    public static IServiceCollection AddArchiveRateLimits(this IServiceCollection services) => services.AddRateLimiter(options =>
    {
        options.AddConcurrencyLimiter(Verify, o =>
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
                ProblemDetails = new ProblemDetails { Status = 429, Title = "Busy", Detail = "another verification is running; try again when it finishes" },
            });
        };
    });
}
