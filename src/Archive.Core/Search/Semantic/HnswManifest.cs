using System.Globalization;

namespace Archive.Core.Search.Semantic;

/// <summary>
/// What a saved HNSW file holds, recorded in the vector store beside the vectors it was built from: the store's
/// removal count then (any removal since makes the file stale), the highest chunk rowid it holds, how many chunks, and
/// the file's SHA-256 (a file changed on disk is never loaded). Written as <c>removals rowid count sha256</c>.
/// </summary>
internal readonly record struct HnswManifest(long Removals, long LastRowId, long Count, string FileSha256)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Removals} {LastRowId} {Count} {FileSha256}");

    public static bool TryParse(string? text, out HnswManifest manifest)
    {
        manifest = default;
        var parts = text?.Split(' ') ?? [];
        if (parts.Length != 4
            || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var removals)
            || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var lastRowId)
            || !long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var count)
            || parts[3].Length != 64)
        {
            return false;
        }

        manifest = new HnswManifest(removals, lastRowId, count, parts[3]);
        return true;
    }
}
