using Archive.Core.Briefings;
using Archive.Core.Citations;

namespace Archive.Web.Contracts;

/// <summary>
/// Something that stops a brief from building, at LINE:COLUMN of <see cref="File"/> (always the neutral
/// <c>brief.md</c>: the server's temporary path is never shown), with the first occurrences and their total count, or
/// the nearest candidates.
/// </summary>
internal sealed record BriefProblemInfo(
    string File,
    int Line,
    int Column,
    string Message,
    string? Status,
    int? OccurrenceCount,
    IReadOnlyList<Archive.Core.Citations.Passage>? Occurrences,
    IReadOnlyList<PassageCandidate>? Candidates)
{
    public static BriefProblemInfo From(BriefProblem p)
    {
        ArgumentNullException.ThrowIfNull(p);
        return new BriefProblemInfo(
            Path.GetFileName(p.File), p.Line, p.Column, p.Message, p.Resolution?.StatusName, p.Resolution?.OccurrenceCount, p.Resolution?.Occurrences, p.Resolution?.Candidates);
    }
}
