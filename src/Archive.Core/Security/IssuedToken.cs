namespace Archive.Core.Security;

/// <summary>A newly created token: shown once to its holder, then only its hash is kept.</summary>
public sealed record IssuedToken(string Name, string Role, string Token);
