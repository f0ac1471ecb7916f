using System.Globalization;

namespace Archive.Web.Hosting;

/// <summary>Host settings read from configuration (<c>--archive</c>, <c>--public-read</c>, <c>--allow-private-network</c>, limits).</summary>
internal sealed record WebOptions(string? ArchiveRoot, bool PublicRead, long MaxUploadBytes, int AuthFailuresPerMinute)
{
    public const string DefaultUrls = "http://127.0.0.1:5080";

    /// <summary>Longest accepted query string (the whole of it, in characters).</summary>
    public const int MaxQueryStringLength = 8192;

    /// <summary>Largest accepted request headers, all together (names and values). Above it: 431.</summary>
    public const int MaxRequestHeadersBytes = 32 * 1024;

    /// <summary>
    /// Kestrel's own limits sit well above the app's, so an over-long request line or header block is refused by the app
    /// (a ProblemDetails with the security headers) rather than by Kestrel (a bare status line without them).
    /// </summary>
    public const int KestrelRequestLineBytes = 64 * 1024;

    /// <inheritdoc cref="KestrelRequestLineBytes"/>
    public const int KestrelRequestHeadersBytes = 128 * 1024;

    /// <summary>Most URLs one <c>POST /api/captures</c> may ask for; each is loaded in turn.</summary>
    public const int MaxCaptureUrls = 20;

    /// <summary>Captures may reach loopback, private and link-local addresses (<c>--allow-private-network</c>; off by default).</summary>
    public bool AllowPrivateNetwork { get; init; }

    /// <summary>Embed waiting English texts in the background, for search by meaning (on for <c>archive serve</c>).</summary>
    public bool Embed { get; init; }

    /// <summary>The background embedder runs at normal CPU priority (<c>--embed-priority=normal</c>); by default it runs at the lowest.</summary>
    public bool EmbedAtNormalPriority { get; init; }

    /// <summary>How long one pack may take to build and print (<c>--render-timeout-seconds</c>, default 120).</summary>
    public TimeSpan RenderTimeout { get; init; } = TimeSpan.FromSeconds(120);

    public static WebOptions From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return new WebOptions(
            configuration["archive"],
            bool.TryParse(configuration["public-read"], out var publicRead) && publicRead,
            (long)Number(configuration["max-upload-mb"], 50) * 1024 * 1024,
            Number(configuration["auth-failures-per-minute"], 10))
        {
            RenderTimeout = TimeSpan.FromSeconds(Number(configuration["render-timeout-seconds"], 120)),
            AllowPrivateNetwork = bool.TryParse(configuration["allow-private-network"], out var allowPrivate) && allowPrivate,
            Embed = bool.TryParse(configuration["embed"], out var embed) && embed,
            EmbedAtNormalPriority = string.Equals(configuration["embed-priority"], "normal", StringComparison.OrdinalIgnoreCase),
        };
    }

    /// <summary>Turns bare flags into <c>--flag=true</c>, which the command-line configuration provider needs.</summary>
    public static string[] NormalizeArgs(IEnumerable<string> args) =>
        [.. args.Select(a => a is "--public-read" or "--allow-private-network" ? a + "=true" : a)];

    private static int Number(string? value, int fallback) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : fallback;
}
