namespace Archive.Core.Provenance;

/// <summary>
/// One RFC 3161 time stamp over a checkpoint, as obtained or as verified: the checkpoint's size and root, the TSA's
/// URL and certificate subject, the stamped time, the token's serial, a status (<c>ok</c> or <c>failed</c>) and a sentence.
/// </summary>
public sealed record TimestampInfo(long CheckpointSize, string CheckpointRoot, string Tsa, string? TsaSubject, string? GenTime, string? Serial, string Status, string Message)
{
    public const string Ok = "ok";
    public const string Failed = "failed";

    public bool IsOk => Status == Ok;
}
