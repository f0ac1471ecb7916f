namespace Archive.Core.Verification;

/// <summary>
/// One auditor-held checkpoint checked against the current log: its folder, signed size and root (when readable),
/// a <see cref="TrustStatus"/>, the fingerprint of the pinned key it was checked with, and a sentence for people.
/// </summary>
public sealed record TrustItem(string Folder, long? Size, string? Root, string Status, string Key, string Message)
{
    public bool IsOk => Status == TrustStatus.Ok;
}
