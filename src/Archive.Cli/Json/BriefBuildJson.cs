using Archive.Core.Briefings;

namespace Archive.Cli.Json;

/// <summary><c>archive brief --json</c>: the pack's files and digests when built, the citations and problems, and the seconds taken.</summary>
internal sealed record BriefBuildJson(
    bool Ok,
    string? PackId,
    string? Pdf,
    string? Manifest,
    string? Signature,
    string? PdfSha256,
    string? BodySha256,
    long? CheckpointSize,
    IReadOnlyList<BriefCitationInfo> Citations,
    IReadOnlyList<BriefProblemInfo> Problems,
    IReadOnlyList<BriefProblemInfo> Warnings,
    double Seconds)
{
    public static BriefBuildJson From(PackResult result)
    {
        var report = BriefReport.From(result.Check, showPaths: true);
        return new(
            result.IsBuilt,
            result.PackId,
            result.PdfPath,
            result.ManifestPath,
            result.SignaturePath,
            result.PdfSha256,
            result.BodySha256,
            result.CheckpointSize,
            report.Citations,
            report.Problems,
            report.Warnings,
            Math.Round(result.Elapsed.TotalSeconds, 3));
    }
}
