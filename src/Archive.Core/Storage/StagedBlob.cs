namespace Archive.Core.Storage;

/// <summary>Bytes written and fsynced to a temporary file, hashed, and not yet visible under their hash.</summary>
internal sealed record StagedBlob(string TempPath, Sha256Digest Digest, long Size);
