using Archive.Core.Provenance;

namespace Archive.Core.Verification;

/// <summary>
/// Everything one read of the log found, before the checkpoint signatures are checked: with the timestamped events
/// read, <see cref="Next"/>, the index after the last event read (later events were appended since), and the
/// events catalog rows are made from, by capture.
/// </summary>
internal sealed record LogScan(
    IReadOnlyList<VerificationItem> Problems,
    long Events,
    IReadOnlyList<StoredCheckpoint> Checkpoints,
    IReadOnlyDictionary<long, byte[]> Roots,
    byte[] Root,
    CaptureTexts TextByCapture,
    IReadOnlyList<byte[]> Leaves,
    IReadOnlyList<(long Index, string Json)> KeyChanges,
    IReadOnlyList<NamedBlob> Named,
    IReadOnlyList<(long Index, string Json)> Timestamped,
    long Next,
    CaptureEvents RowEvents);
