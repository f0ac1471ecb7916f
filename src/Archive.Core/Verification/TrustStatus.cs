namespace Archive.Core.Verification;

/// <summary>The verdict on one auditor-held checkpoint, as written in reports (lowercase).</summary>
internal static class TrustStatus
{
    /// <summary>Signed by the pinned key, and the current log extends its tree.</summary>
    public const string Ok = "ok";

    /// <summary>The checkpoint covers more events than the log now holds: the archive went back to an older state.</summary>
    public const string RolledBack = "rolled-back";

    /// <summary>The log is long enough, but its root at the checkpoint's size is not the signed one.</summary>
    public const string Rewritten = "rewritten";

    /// <summary>checkpoint.txt does not match checkpoint.sig under the pinned key (edited after signing), or is not a checkpoint.</summary>
    public const string BadSignature = "bad-signature";

    /// <summary>The checkpoint is signed as it should be, but names another log (another archive under the same key).</summary>
    public const string OtherLog = "other-log";

    /// <summary>The folder's public.pem is not the pinned key.</summary>
    public const string UnknownKey = "unknown-key";

    /// <summary>A cosignature in the folder does not hold over its checkpoint, or its witness key is not the one its file names.</summary>
    public const string BadCosignature = "bad-cosignature";

    /// <summary>The folder's time-stamp token does not hold over its checkpoint under the pinned TSA certificates.</summary>
    public const string BadTimestamp = "bad-timestamp";
}
