using System.Security.Cryptography;
using Archive.Core.Storage;

namespace Archive.Core.Provenance;

/// <summary>RFC 6962 / RFC 9162 hashing with SHA-256: domain-separated leaf and interior node hashes.</summary>
public static class MerkleHash
{
    /// <summary>Length in bytes of every hash in the tree.</summary>
    public const int Size = SHA256.HashSizeInBytes;

    private static readonly byte[] EmptyRootValue = SHA256.HashData(ReadOnlySpan<byte>.Empty);

    /// <summary>Root of the empty tree: SHA-256 of the empty string. A fresh copy on every read.</summary>
    public static byte[] EmptyRoot => (byte[])EmptyRootValue.Clone();

    private static ReadOnlySpan<byte> LeafPrefix => [0x00];

    private static ReadOnlySpan<byte> NodePrefix => [0x01];

    /// <summary>Leaf hash: SHA-256(0x00 || data).</summary>
    public static byte[] LeafHash(ReadOnlySpan<byte> data)
    {
        var hash = new byte[Size];
        LeafHash(data, hash);
        return hash;
    }

    /// <summary>Leaf hash SHA-256(0x00 || data), written to <paramref name="destination"/> (32 bytes).</summary>
    public static void LeafHash(ReadOnlySpan<byte> data, Span<byte> destination) => FastSha256.Hash(LeafPrefix, data, destination);

    /// <summary>Interior node hash: SHA-256(0x01 || left || right). Both children must be 32-byte hashes.</summary>
    public static byte[] NodeHash(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right)
    {
        if (left.Length != Size)
        {
            throw new ArgumentException($"A child hash must be {Size} bytes, not {left.Length}.", nameof(left));
        }

        if (right.Length != Size)
        {
            throw new ArgumentException($"A child hash must be {Size} bytes, not {right.Length}.", nameof(right));
        }

        var hash = new byte[Size];
        NodeHash(left, right, hash);
        return hash;
    }

    /// <summary>Interior node hash SHA-256(0x01 || left || right) of two 32-byte children, written to <paramref name="destination"/> (which may be either child).</summary>
    internal static void NodeHash(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right, Span<byte> destination)
    {
        Span<byte> children = stackalloc byte[2 * Size];
        left[..Size].CopyTo(children);
        right[..Size].CopyTo(children[Size..]);
        FastSha256.Hash(NodePrefix, children, destination);
    }
}
