using Archive.Core.Storage;

namespace Archive.Core.Ingestion;

/// <summary>The result for one input file. <see cref="Reason"/> is set when rejected.</summary>
public sealed record IngestOutcome(
    string Path,
    IngestStatus Status,
    CaptureId? CaptureId = null,
    string? Slug = null,
    string? Title = null,
    long? Size = null,
    string? MediaType = null,
    int? SourceVersion = null,
    string? Reason = null)
{
    /// <summary>Something to tell the user about an ingested file, such as "no text: … OCR is off"; null when all is well.</summary>
    public string? Note { get; init; }
}
