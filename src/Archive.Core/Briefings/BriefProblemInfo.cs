using Archive.Core.Citations;

namespace Archive.Core.Briefings;

/// <summary>
/// Something that stops a brief from building, at LINE:COLUMN of <see cref="File"/> (the file name only unless the
/// caller owns the path), with the first occurrences and their total count, or the nearest candidates.
/// </summary>
public sealed record BriefProblemInfo(
    string File,
    int Line,
    int Column,
    string Message,
    string? Status,
    int? OccurrenceCount,
    IReadOnlyList<Passage>? Occurrences,
    IReadOnlyList<PassageCandidate>? Candidates)
{
    public static BriefProblemInfo From(BriefProblem p, bool showPath = false)
    {
        ArgumentNullException.ThrowIfNull(p);
        return new BriefProblemInfo(
            showPath ? p.File : Path.GetFileName(p.File), p.Line, p.Column, p.Message, p.Resolution?.StatusName, p.Resolution?.OccurrenceCount, p.Resolution?.Occurrences, p.Resolution?.Candidates);
    }
}
