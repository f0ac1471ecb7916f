namespace Archive.Core.Provenance;

/// <summary>
/// One RFC 3161 time stamp over a checkpoint, as obtained or as verified: the checkpoint's size and root, the TSA's
/// URL and certificate subject, the stamped time, the token's serial, a status and a sentence: <c>ok</c>, <c>failed</c>
/// (the token does not verify, or is not the one its <c>timestamped</c> event records), <c>missing</c> (an event records
/// a token the catalog does not hold) or <c>untracked</c> (a stored token no event records).
/// </summary>
public sealed record TimestampInfo(long CheckpointSize, string CheckpointRoot, string Tsa, string? TsaSubject, string? GenTime, string? Serial, string Status, string Message)
{
    public const string Ok = "ok";
    public const string Failed = "failed";
    public const string Missing = "missing";
    public const string Untracked = "untracked";

    /// <summary>The index of the <c>timestamped</c> event that records the token; null for a token no event records.</summary>
    public long? EventIndex { get; init; }

    public bool IsOk => Status == Ok;
}
