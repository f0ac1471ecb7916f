namespace Archive.Core.Catalog;

/// <summary>How an id typed by a user resolved: to one capture, to none, or to several (with the candidates).</summary>
public sealed record IdResolution(CaptureSummary? Capture, IReadOnlyList<CaptureSummary> Candidates, string? Error)
{
    public bool Found => Capture is not null;
}
