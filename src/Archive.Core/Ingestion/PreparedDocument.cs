using Archive.Core.Metadata;
using Archive.Core.Storage;

namespace Archive.Core.Ingestion;

/// <summary>An original staged and extracted, waiting for its catalog transaction.</summary>
internal sealed record PreparedDocument(
    string Path,
    string OriginalName,
    string MediaType,
    StagedBlob Original,
    StagedBlob? Text,
    ExtractedDocument? Extracted,
    IReadOnlyDictionary<string, FieldValue> Metadata)
{
    /// <summary>The path recorded in events: where the file was read, or how its supplier named it.</summary>
    public string RecordedPath { get; init; } = Path;

    /// <summary>The staged word layout of the text (PDFs and images), or null.</summary>
    public StagedBlob? Layout { get; init; }
}
