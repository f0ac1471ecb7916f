namespace Archive.Core.Catalog;

/// <summary>The extractor that produced a capture's canonical text.</summary>
public sealed record ExtractorInfoResponse(string Name, string Version, string Settings);
