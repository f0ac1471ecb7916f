namespace Archive.Core.Provenance;

/// <summary>Proof that event <see cref="Index"/> is leaf <see cref="Index"/> of the tree of size <see cref="TreeSize"/> (RFC 9162 2.1.3).</summary>
public sealed record InclusionProof(long Index, long TreeSize, byte[] LeafHash, IReadOnlyList<byte[]> Path, byte[] Root, string EventJson, bool Verified);
