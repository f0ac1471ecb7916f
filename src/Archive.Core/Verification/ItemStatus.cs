namespace Archive.Core.Verification;

/// <summary>The verdict on one checked item, as written in reports (lowercase).</summary>
internal static class ItemStatus
{
    public const string Ok = "ok";

    /// <summary>Present, but its digest (or log link, or signature) is not what was recorded.</summary>
    public const string Changed = "changed";

    /// <summary>Recorded, but not there.</summary>
    public const string Missing = "missing";

    /// <summary>There, but not recorded (for example an orphan blob left by a crash).</summary>
    public const string Untracked = "untracked";

    /// <summary>There, but it could not be read.</summary>
    public const string Unreadable = "unreadable";
}
