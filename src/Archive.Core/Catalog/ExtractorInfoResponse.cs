namespace Archive.Core.Catalog;

/// <summary>The extractor that produced a capture's canonical text.</summary>
internal sealed record ExtractorInfoResponse(string Name, string Version, string Settings);
