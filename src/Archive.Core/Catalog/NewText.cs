using Archive.Core.Storage;

namespace Archive.Core.Catalog;

/// <summary>A new canonical text for a capture already in the catalog, made again from its unchanged original.</summary>
/// <param name="Text">The digest of the new text blob (already durable in the store).</param>
/// <param name="Length">The text's length in code points.</param>
/// <param name="Layout">The stored word layout of the new text, or null.</param>
internal sealed record NewText(
    Sha256Digest Text,
    long TextBytes,
    int Length,
    IReadOnlyList<int> PageStarts,
    ExtractorRecord Extractor,
    Sha256Digest? Layout);
