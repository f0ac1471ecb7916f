namespace Archive.Cli.Json;

/// <summary><c>archive init --json</c>: the archive's root, whether it was created now, and its signing key.</summary>
internal sealed record InitJson(string Root, bool Created, string KeyId, string PublicKey);
