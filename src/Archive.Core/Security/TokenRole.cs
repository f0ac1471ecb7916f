namespace Archive.Core.Security;

/// <summary>The roles a bearer token can carry, and what each may do.</summary>
public static class TokenRole
{
    public const string Reader = "reader";
    public const string Author = "author";
    public const string Archivist = "archivist";
    public const string Auditor = "auditor";
    public const string Admin = "admin";

    public static readonly IReadOnlyList<string> All = [Reader, Author, Archivist, Auditor, Admin];

    /// <summary>Search and read documents: every role.</summary>
    public static readonly IReadOnlyList<string> CanRead = [Reader, Author, Archivist, Auditor, Admin];

    /// <summary>Check and build briefs and packs.</summary>
    public static readonly IReadOnlyList<string> CanBrief = [Author, Archivist, Admin];

    /// <summary>Ingest uploads and amend metadata.</summary>
    public static readonly IReadOnlyList<string> CanIngest = [Archivist, Admin];

    /// <summary>Run verification and read the log and its proofs.</summary>
    public static readonly IReadOnlyList<string> CanAudit = [Auditor, Admin];

    public static bool IsValid(string? role) => role is not null && All.Contains(role, StringComparer.Ordinal);
}
