namespace Archive.Core.Tools;

/// <summary>Finds the Chromium executable that prints packs and captures web pages (Debian package <c>chromium</c>).</summary>
internal static class ChromiumLocator
{
    /// <summary>Names the Chromium executable when it is not <c>/usr/bin/chromium</c> or on PATH.</summary>
    public const string ExecutableVariable = "ARCHIVE_CHROMIUM";

    /// <summary>What to tell a user when Chromium is missing.</summary>
    public const string NotFound = $"chromium not found: install the Debian package 'chromium' (apt-get install chromium), or set {ExecutableVariable}";

    /// <summary>The given path, <c>$ARCHIVE_CHROMIUM</c>, <c>/usr/bin/chromium</c>, then PATH; null when none exists.</summary>
    /// <summary>
    /// The flags every headless Chromium run of Archive starts with (printing packs, capturing pages): no sandbox (it
    /// runs as root in containers), no GPU, no first-run pages, updates, sync, extensions or sound. Each caller adds
    /// its own profile and task.
    /// </summary>
    public static IReadOnlyList<string> HeadlessArguments { get; } =
    [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-extensions",
        "--disable-default-apps",
        "--mute-audio",
    ];

    public static string? Locate(string? explicitPath = null)
    {
        foreach (var candidate in new[] { explicitPath, Environment.GetEnvironmentVariable(ExecutableVariable), "/usr/bin/chromium" })
        {
            if (!string.IsNullOrWhiteSpace(candidate) && File.Exists(candidate))
            {
                return candidate;
            }
        }

        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        foreach (var dir in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            foreach (var name in new[] { "chromium", "chromium-browser", "google-chrome" })
            {
                var full = Path.Combine(dir, name);
                if (File.Exists(full))
                {
                    return full;
                }
            }
        }

        return null;
    }
}
