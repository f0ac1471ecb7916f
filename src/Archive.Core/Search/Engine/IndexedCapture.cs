namespace Archive.Core.Search.Engine;

/// <summary>The catalog columns of one capture that its index document is made from.</summary>
internal sealed record IndexedCapture(
    long RowId,
    string Id,
    string Slug,
    string? Title,
    string? Publisher,
    string? Authors,
    string? Published,
    string? CapturedAt,
    string? SourceType,
    string? Language,
    string? Tags,
    bool Withdrawn,
    string TextDigest);
