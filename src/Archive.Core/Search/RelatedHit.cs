namespace Archive.Core.Search;

/// <summary>A capture related to another, with why: the distinctive words of the other that it shares.</summary>
internal sealed record RelatedHit(string Id, string ShortId, string Slug, string? Title, string? Publisher, string? Published, string? Language, double Score, IReadOnlyList<string> SharedTerms);
