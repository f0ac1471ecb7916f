using Archive.Core.Metadata;
using Archive.Core.Storage;

namespace Archive.Core.Catalog;

/// <summary>What the catalog records of a new capture: the original, its canonical text, how the text was made, and metadata with origins.</summary>
/// <param name="RecordedPath">The supplied path as recorded in the ingested event (for uploads, <c>upload:NAME</c>).</param>
/// <param name="TextLength">The canonical text's length in code points.</param>
internal sealed record NewCapture(
    Sha256Digest Original,
    long Size,
    string MediaType,
    string OriginalName,
    string RecordedPath,
    Sha256Digest Text,
    long TextBytes,
    int TextLength,
    IReadOnlyList<int> PageStarts,
    ExtractorRecord Extractor,
    IReadOnlyDictionary<string, FieldValue> Metadata)
{
    /// <summary>The stored word layout of the text (a derived item named in the text-extracted event), or null.</summary>
    public Sha256Digest? Layout { get; init; }
}
