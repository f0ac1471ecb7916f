using System.Threading.RateLimiting;
using Archive.Web.Hosting;

namespace Archive.Web.Security;

/// <summary>Counts failed authentications per client address; past the limit in a minute, the client gets 429.</summary>
internal sealed class AuthFailureLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<string> _failures;

    public AuthFailureLimiter(WebOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _failures = PartitionedRateLimiter.Create<string, string>(address => RateLimitPartition.GetFixedWindowLimiter(address, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = options.AuthFailuresPerMinute,
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        }));
    }

    public static string ClientKey(HttpContext context) =>
        context?.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    public void RecordFailure(string client)
    {
        using var lease = _failures.AttemptAcquire(client);
    }

    public bool IsBlocked(string client) => _failures.GetStatistics(client)?.CurrentAvailablePermits <= 0;

    public void Dispose() => _failures.Dispose();
}
