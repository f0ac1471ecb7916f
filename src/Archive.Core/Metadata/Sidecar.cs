namespace Archive.Core.Metadata;

/// <summary>Metadata read from a <c>NAME.meta.json</c> file, plus the ingest directives it carries.</summary>
internal sealed record Sidecar(string Path, IReadOnlyDictionary<string, FieldValue> Fields, string? Encoding);
