using Archive.Core.Citations;

namespace Archive.Core.Briefings;

/// <summary>
/// Something that stops a brief from building, located as <c>FILE:LINE:COL</c> (1-based). A citation problem carries
/// its resolution, which lists every occurrence (ambiguous) or the nearest candidates (not-found).
/// </summary>
public sealed record BriefProblem(string File, int Line, int Column, string Message, BriefCitation? Citation = null, PassageResolution? Resolution = null)
{
    public override string ToString() => $"{File}:{Line}:{Column}: {Message}";
}
