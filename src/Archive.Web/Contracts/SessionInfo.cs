namespace Archive.Web.Contracts;

/// <summary>
/// GET /api/whoami: the token's name and role (or anonymous with --public-read), and what that role may do
/// (<c>read</c>, <c>brief</c>, <c>ingest</c>, <c>audit</c>), so the UI offers only those actions.
/// </summary>
internal sealed record SessionInfo(string Name, string Role, bool PublicRead, IReadOnlyList<string> Can);
