namespace Archive.Core.Ingestion.Capture;

/// <summary>The result of capturing a list of URLs: the counts and one outcome per URL, in order (<c>archive capture --json</c> and <c>POST /api/captures</c>).</summary>
public sealed record CaptureReport(CaptureCounts Summary, IReadOnlyList<CaptureOutcome> Results)
{
    public static CaptureReport From(IReadOnlyList<CaptureOutcome> outcomes)
    {
        ArgumentNullException.ThrowIfNull(outcomes);
        return new CaptureReport(
            new CaptureCounts(outcomes.Count(o => o.Status == CaptureStatus.Captured), outcomes.Count(o => o.Status == CaptureStatus.Refused)),
            outcomes);
    }
}
