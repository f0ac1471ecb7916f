namespace Archive.Core.Briefings;

/// <summary>The result of verify-pack: whole-pack checks and one finding per citation. OK only if every one holds.</summary>
public sealed record PackVerification(
    string? PackId,
    string ManifestPath,
    string? PdfPath,
    IReadOnlyList<PackCheckItem> Checks,
    IReadOnlyList<CitationVerification> Citations)
{
    public bool IsOk => Checks.All(c => c.Ok) && Citations.All(c => c.Ok);
}
