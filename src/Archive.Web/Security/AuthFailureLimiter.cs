using System.Threading.RateLimiting;
using Archive.Web.Hosting;

namespace Archive.Web.Security;

/// <summary>
/// Counts failed authentications per client address. Past the limit in a minute, further bad tokens from that address
/// get 429 instead of 401; valid tokens are always checked and accepted, so one bad client (or a tab holding a revoked
/// token behind a shared proxy address) never locks anyone else out.
/// </summary>
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

    /// <summary>Counts one failure; true when the client was already past the limit (answer 429, not 401).</summary>
    public bool RecordFailure(string client)
    {
        using var lease = _failures.AttemptAcquire(client);
        return !lease.IsAcquired;
    }

    public void Dispose() => _failures.Dispose();
}
