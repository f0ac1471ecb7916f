using Archive.Core.Briefings;

namespace Archive.Cli.Json;

/// <summary><c>archive verify-pack --json</c>: whether the pack holds, its checks and one finding per citation.</summary>
internal sealed record PackVerificationJson(
    bool Ok,
    string? PackId,
    string Manifest,
    string? Pdf,
    IReadOnlyList<PackCheckItem> Checks,
    IReadOnlyList<CitationVerification> Citations)
{
    public static PackVerificationJson From(PackVerification report) =>
        new(report.IsOk, report.PackId, report.ManifestPath, report.PdfPath, report.Checks, report.Citations);
}
