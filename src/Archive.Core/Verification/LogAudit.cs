namespace Archive.Core.Verification;

/// <summary>The result of re-deriving the event log: problems, size, root, and each capture's text digest per the log.</summary>
internal sealed record LogAudit(
    IReadOnlyList<VerificationItem> Problems,
    long Events,
    int Checkpoints,
    byte[] Root,
    IReadOnlyDictionary<string, string> TextByCapture);
