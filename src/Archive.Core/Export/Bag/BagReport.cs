namespace Archive.Core.Export.Bag;

/// <summary>
/// A bag written or read: its folder, the captures in it, the payload size (files and bytes), the checkpoint its
/// inclusion proofs are against, and, on import, what happened to each capture and each problem found.
/// </summary>
public sealed record BagReport(
    string Directory,
    bool Ok,
    IReadOnlyList<string> Captures,
    int PayloadFiles,
    long PayloadBytes,
    long CheckpointSize,
    string CheckpointRoot,
    string KeyFingerprint,
    IReadOnlyList<string> Problems,
    IReadOnlyList<string> Imported)
{
    /// <summary>Whether the checkpoint's key was checked against one the reader pinned (<c>--trust-key</c>).</summary>
    public bool KeyPinned { get; init; }
}
