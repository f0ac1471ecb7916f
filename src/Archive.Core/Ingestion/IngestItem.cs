using Archive.Core.Metadata;

namespace Archive.Core.Ingestion;

/// <summary>
/// A document given in memory: read as a file named <paramref name="Name"/> would be (its extension chooses the
/// extractor), with the metadata a sidecar beside that file would give.
/// </summary>
internal sealed record IngestItem(string Name, byte[] Content, IReadOnlyDictionary<string, FieldValue> Fields);
