using System.Security.Cryptography.X509Certificates;

namespace Archive.Core.Ingestion.Capture;

/// <summary>The limits and network policy of one web capture.</summary>
/// <param name="Timeout">The whole capture (navigation, loading, rendering) must finish within this time.</param>
/// <param name="AllowPrivateNetwork">Allows loopback, private and link-local addresses (tests; a trusted intranet).</param>
/// <param name="MaxBytes">Response bytes recorded over all exchanges; the response that crosses it is cut there.</param>
/// <param name="MaxResources">HTTP exchanges recorded; later requests are refused and listed.</param>
/// <param name="MaxScreenshotHeight">CSS pixels of page height the screenshot covers; a taller page is cut there.</param>
/// <param name="InsecureTls">Records https exchanges even when the server's certificate does not validate (each such host is named in a warning and its validation failure recorded); without it they are refused.</param>
public sealed record CaptureOptions(
    TimeSpan Timeout,
    bool AllowPrivateNetwork = false,
    long MaxBytes = 200L * 1024 * 1024,
    int MaxResources = 1000,
    int MaxScreenshotHeight = 20_000,
    bool InsecureTls = false)
{
    /// <summary>Root certificates trusted for https servers besides the system's (<c>--tls-ca</c>: an intranet's CA, a test's).</summary>
    public IReadOnlyList<X509Certificate2> TrustedRoots { get; init; } = [];

    /// <summary>Viewport width in CSS pixels; the screenshot is this wide.</summary>
    public int ViewportWidth { get; init; } = 1280;

    /// <summary>Viewport height in CSS pixels before the page is measured.</summary>
    public int ViewportHeight { get; init; } = 900;

    /// <summary>After the load event, how long the network must stay quiet before the page counts as settled.</summary>
    public TimeSpan QuietTime { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Without a load event, how long the network must stay quiet before the page counts as settled anyway.</summary>
    public TimeSpan StalledTime { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>
    /// When the page counts as loaded: <c>networkidle</c> (the default) waits after the load event until the network
    /// has been quiet for <see cref="QuietTime"/>, so text that scripts fetch is in; <c>load</c> takes the page at its
    /// load event, for pages that never stop polling.
    /// </summary>
    public bool WaitForNetworkIdle { get; init; } = true;

    /// <summary>Reads <c>--wait</c>: true for <c>networkidle</c> (also when not given), false for <c>load</c>.</summary>
    public static bool ParseWait(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        null or "" or "networkidle" => true,
        "load" => false,
        _ => throw new ArchiveException(ArchiveErrorKind.InvalidInput, $"--wait {value}: give load (the page's load event) or networkidle (then a quiet network; the default)"),
    };

    /// <summary>The defaults: 30 s, public addresses only, 200 MB, 1,000 resources, 20,000 px.</summary>
    public static CaptureOptions Default { get; } = new(TimeSpan.FromSeconds(30));

    /// <summary>The longest time limit a capture may be given.</summary>
    public static TimeSpan MaxTimeout { get; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Parses a time limit such as <c>30s</c>, <c>2m</c>, <c>1500ms</c> or a bare number of seconds, from 1 s to 10 min.
    /// Throws <see cref="ArchiveException"/> (<see cref="ArchiveErrorKind.InvalidInput"/>) naming the value otherwise.
    /// </summary>
    public static TimeSpan ParseTimeout(string value) =>
        ParseDuration(value, TimeSpan.FromSeconds(1), MaxTimeout) ?? throw new ArchiveException(ArchiveErrorKind.InvalidInput, $"--timeout '{value}': expected a time from 1s to 10m, such as 30s, 2m or 1500ms");

    /// <summary>The longest extra wait a capture may be given (<see cref="Delay"/>).</summary>
    public static TimeSpan MaxDelay { get; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// After the page has settled (see <see cref="WaitForNetworkIdle"/>), how much longer to wait before the snapshot:
    /// for pages whose scripts draw their text on a timer rather than after a request. Within the time limit.
    /// </summary>
    public TimeSpan Delay { get; init; } = TimeSpan.Zero;

    /// <summary>Parses <c>--delay</c> as <see cref="ParseTimeout"/> does, from 0 to 2 min.</summary>
    public static TimeSpan ParseDelay(string value) =>
        ParseDuration(value, TimeSpan.Zero, MaxDelay) ?? throw new ArchiveException(ArchiveErrorKind.InvalidInput, $"--delay '{value}': expected a time from 0s to 2m, such as 3s or 1500ms");

    private static TimeSpan? ParseDuration(string value, TimeSpan least, TimeSpan most)
    {
        ArgumentNullException.ThrowIfNull(value);
        var text = value.Trim().ToLowerInvariant();
        var (number, unit) = text.EndsWith("ms", StringComparison.Ordinal) ? (text[..^2], 0.001)
            : text.EndsWith('s') ? (text[..^1], 1.0)
            : text.EndsWith('m') ? (text[..^1], 60.0)
            : (text, 1.0);
        return double.TryParse(number, System.Globalization.NumberStyles.AllowDecimalPoint, System.Globalization.CultureInfo.InvariantCulture, out var amount)
            && double.IsFinite(amount) && amount >= 0 && amount * unit <= most.TotalSeconds && TimeSpan.FromSeconds(amount * unit) is var duration && duration >= least
                ? duration
                : null;
    }

    /// <summary>
    /// Reads the PEM certificates of <c>--tls-ca FILE</c>. Throws <see cref="ArchiveException"/> naming the file when it
    /// is missing or holds no certificate.
    /// </summary>
    public static IReadOnlyList<X509Certificate2> LoadTrustedRoots(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            throw new ArchiveException(ArchiveErrorKind.NotFound, $"--tls-ca {path}: no such file");
        }

        var certificates = new X509Certificate2Collection();
        try
        {
            certificates.ImportFromPemFile(path);
        }
        catch (System.Security.Cryptography.CryptographicException ex)
        {
            throw new ArchiveException(ArchiveErrorKind.InvalidInput, $"--tls-ca {path}: not a PEM certificate file ({ex.Message.TrimEnd('.')})", ex);
        }

        return certificates.Count > 0
            ? [.. certificates]
            : throw new ArchiveException(ArchiveErrorKind.InvalidInput, $"--tls-ca {path}: no PEM certificate (-----BEGIN CERTIFICATE-----) in the file");
    }

    /// <summary>Settings as recorded in the capture's events and extractor record.</summary>
    public string Describe() =>
        FormattableString.Invariant($"timeout={Timeout.TotalSeconds:0.###}s;max-bytes={MaxBytes};max-resources={MaxResources};max-screenshot-height={MaxScreenshotHeight};viewport={ViewportWidth}x{ViewportHeight};wait={(WaitForNetworkIdle ? "networkidle" : "load")};private-network={(AllowPrivateNetwork ? "allowed" : "refused")};tls={(InsecureTls ? "insecure-accepted" : "validated")}{(TrustedRoots.Count > 0 ? $"+{TrustedRoots.Count}-extra-roots" : string.Empty)}{(Delay > TimeSpan.Zero ? $";delay={Delay.TotalSeconds:0.###}s" : string.Empty)}");
}
