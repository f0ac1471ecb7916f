namespace Archive.Core.Catalog;

/// <summary>One capture of the same source.</summary>
public sealed record DocumentVersion(string Id, int Version, string IngestedAt);
