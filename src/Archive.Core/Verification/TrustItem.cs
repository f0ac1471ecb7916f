namespace Archive.Core.Verification;

/// <summary>
/// One auditor-held checkpoint checked against the current log: its folder, signed size and root (when readable),
/// a <see cref="TrustStatus"/>, the fingerprint of the pinned key it was checked with, and a sentence for people.
/// </summary>
public sealed record TrustItem(string Folder, long? Size, string? Root, string Status, string Key, string Message)
{
    /// <summary>The fingerprints of the witnesses whose cosignatures in the folder hold over its checkpoint.</summary>
    public IReadOnlyList<string> Witnesses { get; init; } = [];

    /// <summary>When the folder's RFC 3161 token, checked against the pinned TSA certificates, stamps its checkpoint; null without one.</summary>
    public string? TimestampedAt { get; init; }

    public bool IsOk => Status == TrustStatus.Ok;
}
