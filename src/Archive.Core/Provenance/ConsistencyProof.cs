namespace Archive.Core.Provenance;

/// <summary>Proof that the tree of size <see cref="Size1"/> is a prefix of the tree of size <see cref="Size2"/> (RFC 9162 2.1.4).</summary>
public sealed record ConsistencyProof(long Size1, long Size2, byte[] Root1, byte[] Root2, IReadOnlyList<byte[]> Path, bool Verified);
