using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Mvc;

namespace Archive.Web.Hosting;

/// <summary>
/// Named limits for expensive endpoints: one verification at a time, one pack render at a time, one re-extraction (OCR) at a time. A second request waits
/// in a short queue (oldest first) for the running one to finish instead of being refused; only past the queue is it 429.
/// </summary>
internal static class RateLimits
{
    public const string Verify = "verify";
    public const string PackBuild = "pack-build";
    public const string Reextract = "reextract";

    /// <summary>How many requests may wait behind the running one.</summary>
    public const int QueueLimit = 2;

    public static IServiceCollection AddArchiveRateLimits(this IServiceCollection services) => services.AddRateLimiter(options =>
    {
        options.AddConcurrencyLimiter(Verify, o =>
        {
            o.PermitLimit = 1;
            o.QueueLimit = QueueLimit;
            o.QueueProcessingOrder = System.Threading.RateLimiting.QueueProcessingOrder.OldestFirst;
        });
        options.AddConcurrencyLimiter(PackBuild, o =>
        {
            o.PermitLimit = 1;
            o.QueueLimit = QueueLimit;
            o.QueueProcessingOrder = System.Threading.RateLimiting.QueueProcessingOrder.OldestFirst;
        });
        options.AddConcurrencyLimiter(Reextract, o =>
        {
            o.PermitLimit = 1;
            o.QueueLimit = QueueLimit;
            o.QueueProcessingOrder = System.Threading.RateLimiting.QueueProcessingOrder.OldestFirst;
        });
        options.OnRejected = async (context, cancellationToken) =>
        {
            context.HttpContext.Response.StatusCode = StatusCodes.Status429TooManyRequests;
            await context.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context.HttpContext,
                ProblemDetails = new ProblemDetails { Status = 429, Title = "Busy", Detail = Waiting(context.HttpContext.Request.Path) },
            });
        };
    });

    private static string Waiting(PathString path) =>
        path.StartsWithSegments("/api/briefs", StringComparison.Ordinal) ? "two more packs are already waiting to render; try again when they finish"
        : path.StartsWithSegments("/api/documents", StringComparison.Ordinal) ? "two more re-extractions are already waiting; try again when they finish"
        : "two more verifications are already waiting; try again when they finish";
}
