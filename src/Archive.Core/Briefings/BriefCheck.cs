namespace Archive.Core.Briefings;

/// <summary>
/// A brief with every citation resolved against the archive. <see cref="IsOk"/> only when there are no problems: then
/// every citation resolved to exactly one passage, exact or normalized.
/// </summary>
public sealed record BriefCheck(BriefDocument Brief, IReadOnlyList<ResolvedCitation> Citations, IReadOnlyList<BriefProblem> Problems)
{
    public bool IsOk => Problems.Count == 0 && Brief.IsValid;

    /// <summary>What the pack renders differently from the Markdown; see <see cref="BriefDocument.Warnings"/>.</summary>
    public IReadOnlyList<BriefProblem> Warnings => Brief.Warnings;

    /// <summary>Distinct captures cited, in order of first citation.</summary>
    public IReadOnlyList<Catalog.CaptureDetail> Sources =>
        Citations.Select(c => c.Capture).DistinctBy(c => c.Capture.Id).ToList();
}
