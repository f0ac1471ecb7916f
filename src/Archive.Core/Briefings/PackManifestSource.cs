namespace Archive.Core.Briefings;

/// <summary>A cited source as the pack records it: the capture and text digests and the catalog's facts about it.</summary>
public sealed record PackManifestSource(
    string Capture,
    string TextSha256,
    string Slug,
    string? Title,
    string? Publisher,
    string? Published,
    string? CapturedAt,
    string? SourceUrl,
    string? SourceType,
    string? Language,
    string? Reliability,
    string MediaType,
    long Size,
    string IngestedAt,
    string IngestAgent,
    string Extractor);
