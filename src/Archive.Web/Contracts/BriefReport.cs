using Archive.Core.Briefings;

namespace Archive.Web.Contracts;

/// <summary>
/// POST /api/briefs/check: the shape of <c>archive brief check --json</c>, without the server-side file path. Warnings
/// (images, links a pack will not keep live) do not stop a build.
/// </summary>
internal sealed record BriefReport(bool Ok, IReadOnlyList<BriefCitationInfo> Citations, IReadOnlyList<BriefProblemInfo> Problems, IReadOnlyList<BriefProblemInfo> Warnings)
{
    public static BriefReport From(BriefCheck check)
    {
        ArgumentNullException.ThrowIfNull(check);
        return new BriefReport(check.IsOk, [.. check.Citations.Select(BriefCitationInfo.From)], [.. check.Problems.Select(BriefProblemInfo.From)], [.. check.Warnings.Select(BriefProblemInfo.From)]);
    }
}
