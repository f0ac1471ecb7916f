namespace Archive.Core.Catalog;

/// <summary>The extractor that made a canonical text, as the catalog and the text-extracted event record it.</summary>
public sealed record ExtractorRecord(string Name, string Version, string Settings);
