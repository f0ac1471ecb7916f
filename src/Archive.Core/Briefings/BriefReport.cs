namespace Archive.Core.Briefings;

/// <summary>
/// A brief's check: <c>archive brief check --json</c> and POST /api/briefs/check. <see cref="Brief"/> (the brief's path)
/// and full problem paths only where the caller owns the files: the web host never shows its temporary paths.
/// Warnings (images, links a pack will not keep live) do not stop a build.
/// </summary>
public sealed record BriefReport(bool Ok, string? Brief, IReadOnlyList<BriefCitationInfo> Citations, IReadOnlyList<BriefProblemInfo> Problems, IReadOnlyList<BriefProblemInfo> Warnings)
{
    public static BriefReport From(BriefCheck check, bool showPaths = false)
    {
        ArgumentNullException.ThrowIfNull(check);
        return new BriefReport(
            check.IsOk,
            showPaths ? check.Brief.Path : null,
            [.. check.Citations.Select(BriefCitationInfo.From)],
            [.. check.Problems.Select(p => BriefProblemInfo.From(p, showPaths))],
            [.. check.Warnings.Select(p => BriefProblemInfo.From(p, showPaths))]);
    }
}
