namespace Archive.Core.Briefings;

/// <summary>
/// The outcome of <c>archive brief</c>: the check (with every problem when the brief does not resolve, in which case
/// nothing was rendered), and for a built pack its id, files and digests.
/// </summary>
public sealed record PackResult(
    BriefCheck Check,
    string? PackId = null,
    string? PdfPath = null,
    string? ManifestPath = null,
    string? SignaturePath = null,
    string? PdfSha256 = null,
    string? BodySha256 = null,
    string? ManifestSha256 = null,
    long? CheckpointSize = null,
    TimeSpan Elapsed = default)
{
    public bool IsBuilt => PdfPath is not null;
}
