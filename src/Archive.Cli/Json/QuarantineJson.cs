using Archive.Core.Verification;

namespace Archive.Cli.Json;

/// <summary><c>archive quarantine --json</c>: the run's settings, the files moved (or that would be) and those left.</summary>
internal sealed record QuarantineJson(bool DryRun, double MinAgeSeconds, string? Folder, IReadOnlyList<QuarantinedFileJson> Moved, IReadOnlyList<LeftFile> Left)
{
    public static QuarantineJson From(QuarantineReport report) =>
        new(report.DryRun, report.MinAge.TotalSeconds, report.Folder, [.. report.Moved.Select(QuarantinedFileJson.From)], report.Left);
}
