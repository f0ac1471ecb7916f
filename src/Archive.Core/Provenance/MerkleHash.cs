using System.Security.Cryptography;

namespace Archive.Core.Provenance;

/// <summary>RFC 6962 / RFC 9162 hashing with SHA-256: domain-separated leaf and interior node hashes.</summary>
public static class MerkleHash
{
    /// <summary>Length in bytes of every hash in the tree.</summary>
    public const int Size = SHA256.HashSizeInBytes;

    private const byte LeafPrefix = 0x00;
    private const byte NodePrefix = 0x01;

    // Leaves up to this size are prefixed on the stack; larger ones stream through IncrementalHash.
    private const int StackLeafLimit = 512;

    private static readonly byte[] EmptyRootValue = SHA256.HashData(ReadOnlySpan<byte>.Empty);

    /// <summary>Root of the empty tree: SHA-256 of the empty string. A fresh copy on every read.</summary>
    public static byte[] EmptyRoot => (byte[])EmptyRootValue.Clone();

    /// <summary>Leaf hash: SHA-256(0x00 || data).</summary>
    public static byte[] LeafHash(ReadOnlySpan<byte> data)
    {
        var hash = new byte[Size];
        if (data.Length <= StackLeafLimit)
        {
            Span<byte> buffer = stackalloc byte[StackLeafLimit + 1];
            buffer[0] = LeafPrefix;
            data.CopyTo(buffer[1..]);
            SHA256.HashData(buffer[..(data.Length + 1)], hash);
            return hash;
        }

        using var incremental = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        incremental.AppendData([LeafPrefix]);
        incremental.AppendData(data);
        incremental.GetHashAndReset(hash);
        return hash;
    }

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

        Span<byte> buffer = stackalloc byte[1 + (2 * Size)];
        buffer[0] = NodePrefix;
        left.CopyTo(buffer[1..]);
        right.CopyTo(buffer[(1 + Size)..]);
        return SHA256.HashData(buffer);
    }
}
