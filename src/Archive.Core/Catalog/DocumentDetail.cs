using Archive.Core.Provenance;
using System.Text.Json.Nodes;

namespace Archive.Core.Catalog;

/// <summary>GET /api/documents/{id}: the shape of <c>archive show --json</c>.</summary>
public sealed record DocumentDetail(
    CaptureSummary Capture,
    string? SourceUrl,
    IReadOnlyDictionary<string, DocumentField> Fields,
    ExtractorInfoResponse Extractor,
    IReadOnlyList<int> PageStarts,
    IReadOnlyList<DocumentVersion> Versions,
    IReadOnlyList<DocumentEvent> Events)
{
    /// <summary>Every text the capture has had, oldest first; one is <c>current</c>. Earlier texts stay valid and citable.</summary>
    public IReadOnlyList<CaptureText> Texts { get; init; } = [];

    /// <summary>When, by whom and why the capture was withdrawn (left out of searches); null while it is not.</summary>
    public Withdrawal? Withdrawal { get; init; }

    public static DocumentDetail From(CaptureDetail detail)
    {
        ArgumentNullException.ThrowIfNull(detail);
        return new DocumentDetail(
            detail.Capture,
            detail.SourceUrl,
            detail.Fields.ToDictionary(f => f.Key, f => new DocumentField(f.Value.Value, f.Value.Display, f.Value.Origin), StringComparer.Ordinal),
            new ExtractorInfoResponse(detail.Extractor, detail.ExtractorVersion, detail.ExtractorSettings),
            detail.PageStarts,
            [.. detail.Versions.Select(v => new DocumentVersion(v.Id, v.Version, v.IngestedAt))],
            [.. detail.Events.Select(DocumentEvent.From)])
        {
            Texts = detail.Texts,
            Withdrawal = detail.Withdrawal,
        };
    }
}
