using Archive.Core.Provenance;

namespace Archive.Core.Verification;

/// <summary>Everything one read of the log found, before the checkpoint signatures are checked.</summary>
internal sealed record LogScan(
    IReadOnlyList<VerificationItem> Problems,
    long Events,
    IReadOnlyList<StoredCheckpoint> Checkpoints,
    IReadOnlyDictionary<long, byte[]> Roots,
    byte[] Root,
    CaptureTexts TextByCapture,
    IReadOnlyList<byte[]> Leaves,
    IReadOnlyList<(long Index, string Json)> KeyChanges,
    IReadOnlyList<NamedBlob> Named);
