using Archive.Core.Storage;

namespace Archive.Core.Search;

/// <summary>One matching capture, with its score (higher is better), why it matched, and passages with exact offsets.</summary>
public sealed record SearchHit(
    CaptureId Id,
    string ShortId,
    string Slug,
    string? Title,
    string? Publisher,
    string? Published,
    string? CapturedAt,
    string? SourceType,
    string? Language,
    double Score,
    IReadOnlyList<string> Why,
    IReadOnlyList<SearchPassage> Passages)
{
    /// <summary>The cosine similarity of the capture's closest passage to the query, when meaning took part and found it close; null otherwise.</summary>
    public double? Meaning { get; init; }
}
