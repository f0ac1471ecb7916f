namespace Archive.Cli.Json;

/// <summary><c>archive key generate --json</c>: where the new private key was written and its fingerprint.</summary>
internal sealed record GeneratedKeyJson(string Path, string Fingerprint);
