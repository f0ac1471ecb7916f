namespace Archive.Core.Verification;

/// <summary>
/// The shape of <c>archive audit --json</c>: the archive's latest checkpoint (size, root, the pinned key's
/// fingerprint), the auditor's saved one when there was one, whether the saved one moved forward, and a sentence.
/// <see cref="Status"/> is <c>started</c> on a first run, else a <see cref="TrustStatus"/>.
/// </summary>
public sealed record AuditReport(
    bool Ok,
    string State,
    string Status,
    long Size,
    string Root,
    string Key,
    bool Advanced,
    string Message,
    TrustItem? Previous = null)
{
    public const string Started = "started";
}
