namespace Archive.Web.Contracts;

/// <summary>GET /api/whoami: the token's name and role (or anonymous with --public-read).</summary>
internal sealed record SessionInfo(string Name, string Role, bool PublicRead);
