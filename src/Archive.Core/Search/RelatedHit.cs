using Archive.Core.Storage;

namespace Archive.Core.Search;

/// <summary>A capture related to another, with why: the distinctive words of the other that it shares.</summary>
public sealed record RelatedHit(CaptureId Id, string ShortId, string Slug, string? Title, string? Publisher, string? Published, string? Language, double Score, IReadOnlyList<string> SharedTerms)
{
    /// <summary>How close in meaning the two texts are as wholes (cosine of their mean chunk vectors), when both have vectors and are close; null otherwise.</summary>
    public double? Meaning { get; init; }
}
