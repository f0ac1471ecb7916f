using Archive.Core.Storage;

namespace Archive.Core.Briefings;

/// <summary>A resolved citation: where it is in the brief, the passage it pins (code-point offsets) and how it matched.</summary>
public sealed record BriefCitationInfo(
    int N,
    string Id,
    int Line,
    int Column,
    CaptureId Capture,
    string TextSha256,
    int Start,
    int End,
    string Status,
    string Exact,
    int Paragraph,
    int? Page)
{
    public static BriefCitationInfo From(ResolvedCitation c)
    {
        ArgumentNullException.ThrowIfNull(c);
        return new BriefCitationInfo(
            c.Citation.Number, c.Citation.Id, c.Citation.Line, c.Citation.Column, c.Resolution.CaptureId, c.Resolution.TextSha256,
            c.Passage.Start, c.Passage.End, c.Resolution.StatusName, c.Passage.Exact, c.Paragraph, c.Page);
    }
}
