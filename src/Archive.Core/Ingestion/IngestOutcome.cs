namespace Archive.Core.Ingestion;

/// <summary>The result for one input file. <see cref="Reason"/> is set when rejected.</summary>
internal sealed record IngestOutcome(
    string Path,
    IngestStatus Status,
    string? CaptureId = null,
    string? Slug = null,
    string? Title = null,
    long? Size = null,
    string? MediaType = null,
    int? SourceVersion = null,
    string? Reason = null);
