using System.Text.Json.Nodes;
using Archive.Core.Catalog;

namespace Archive.Web.Contracts;

/// <summary>GET /api/documents/{id}: the shape of <c>archive show --json</c>.</summary>
internal sealed record DocumentDetail(
    CaptureSummary Capture,
    string? SourceUrl,
    IReadOnlyDictionary<string, DocumentField> Fields,
    ExtractorInfoResponse Extractor,
    IReadOnlyList<int> PageStarts,
    IReadOnlyList<DocumentVersion> Versions,
    IReadOnlyList<DocumentEvent> Events)
{
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
            [.. detail.Events.Select(e => new DocumentEvent(e.Index, e.Type, e.Time, JsonNode.Parse(e.Json)!))]);
    }
}
