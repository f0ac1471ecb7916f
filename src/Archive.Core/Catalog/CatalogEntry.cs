namespace Archive.Core.Catalog;

/// <summary>A capture as the catalog filed it: its id, its source's slug, its title and its version within the source.</summary>
internal sealed record CatalogEntry(string CaptureId, string Slug, string? Title, int Version);
