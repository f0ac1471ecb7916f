namespace Archive.Core.Verification;

/// <summary>
/// The result of re-deriving the event log: problems, size, root, each capture's text digest per the log, and the
/// leaf hashes (for checking checkpoints held outside the archive).
/// </summary>
internal sealed record LogAudit(
    IReadOnlyList<VerificationItem> Problems,
    long Events,
    int Checkpoints,
    byte[] Root,
    CaptureTexts TextByCapture,
    IReadOnlyList<byte[]> Leaves);
