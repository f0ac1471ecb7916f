namespace Archive.Core.Security;

/// <summary>A stored token as listed: its name, role and lifetime. The token itself is never stored.</summary>
public sealed record TokenInfo(string Name, string Role, string CreatedAt, string? RevokedAt)
{
    public bool IsRevoked => RevokedAt is not null;
}
