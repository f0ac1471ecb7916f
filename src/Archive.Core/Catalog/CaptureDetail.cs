using Archive.Core.Metadata;
using Archive.Core.Provenance;

namespace Archive.Core.Catalog;

/// <summary>Everything known about one capture: summary, fields with origins, extractor, sibling versions and its events.</summary>
public sealed record CaptureDetail(
    CaptureSummary Capture,
    IReadOnlyDictionary<string, FieldValue> Fields,
    string Extractor,
    string ExtractorVersion,
    string ExtractorSettings,
    IReadOnlyList<int> PageStarts,
    string? SourceUrl,
    IReadOnlyList<CaptureSummary> Versions,
    IReadOnlyList<LoggedEvent> Events)
{
    /// <summary>Every text the capture has had (a re-extracted capture has more than one), oldest first.</summary>
    public IReadOnlyList<CaptureText> Texts => CaptureText.FromEvents(Events, Capture.TextSha256);

    /// <summary>How the capture was withdrawn, from its withdrawn event; null while it is not.</summary>
    public Withdrawal? Withdrawal => Capture.Withdrawn ? Withdrawal.FromEvents(Events) : null;
}
