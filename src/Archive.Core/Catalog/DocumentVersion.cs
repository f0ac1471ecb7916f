using Archive.Core.Storage;
namespace Archive.Core.Catalog;

/// <summary>One capture of the same source.</summary>
public sealed record DocumentVersion(CaptureId Id, int Version, string IngestedAt);
