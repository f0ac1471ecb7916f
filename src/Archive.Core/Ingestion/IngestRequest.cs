using Archive.Core.Metadata;

namespace Archive.Core.Ingestion;

/// <summary>Files and folders to ingest, metadata given on the command line, and who supplies them.</summary>
internal sealed record IngestRequest(
    IReadOnlyList<string> Paths,
    IReadOnlyDictionary<string, FieldValue> CommandLineMetadata,
    string Agent);
