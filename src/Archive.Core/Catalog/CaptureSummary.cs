using Archive.Core.Storage;
namespace Archive.Core.Catalog;

/// <summary>One capture as listed: ids, the source slug and version, and the main metadata.</summary>
public sealed record CaptureSummary(
    long RowId,
    CaptureId Id,
    string Slug,
    int Version,
    string? Title,
    string? Publisher,
    string? Published,
    string? CapturedAt,
    string? SourceType,
    string? Language,
    string MediaType,
    long Size,
    string OriginalName,
    string IngestedAt,
    string IngestAgent,
    string TextSha256,
    int TextLength,
    bool Withdrawn = false);
