using Archive.Core.Security;

namespace Archive.Cli.Json;

/// <summary>A token as <c>archive token list|revoke --json</c> print it: its name, role and lifetime, without <c>is_revoked</c>.</summary>
internal sealed record TokenJson(string Name, string Role, string CreatedAt, string? RevokedAt)
{
    public static TokenJson From(TokenInfo token) => new(token.Name, token.Role, token.CreatedAt, token.RevokedAt);
}
