namespace Archive.Core.Provenance;

/// <summary>
/// Append-only RFC 6962 tree state in O(log n) space: the roots of the perfect subtrees that make up the
/// tree (its frontier), largest first. Lets the log append and re-derive roots in one streaming pass.
/// </summary>
internal sealed class MerkleAccumulator
{
    // The frontier's hashes side by side, 32 bytes each, largest first: at most one per bit of a long size. One buffer,
    // so that appending (a verify appends every event of the log) allocates nothing.
    private readonly byte[] _frontier = new byte[64 * MerkleHash.Size];
    private int _count;

    public long Size { get; private set; }

    /// <summary>The perfect-subtree roots, largest (leftmost) first; one per set bit of <see cref="Size"/> (copies).</summary>
    public IReadOnlyList<byte[]> Frontier => [.. Enumerable.Range(0, _count).Select(i => Hash(i).ToArray())];

    /// <summary>Restores a state saved from <see cref="Size"/> and <see cref="Frontier"/>.</summary>
    public static MerkleAccumulator FromFrontier(long size, IReadOnlyList<byte[]> frontier)
    {
        ArgumentNullException.ThrowIfNull(frontier);
        if (size < 0 || long.PopCount(size) != frontier.Count || frontier.Any(h => h.Length != MerkleHash.Size))
        {
            throw new ArgumentException($"a frontier for size {size} must hold {long.PopCount(size)} hashes of {MerkleHash.Size} bytes", nameof(frontier));
        }

        var accumulator = new MerkleAccumulator { Size = size };
        foreach (var hash in frontier)
        {
            hash.CopyTo(accumulator.Hash(accumulator._count++));
        }

        return accumulator;
    }

    public void Append(byte[] leafHash)
    {
        ArgumentNullException.ThrowIfNull(leafHash);
        Append(leafHash.AsSpan());
    }

    /// <summary>Appends a leaf hash (copied).</summary>
    public void Append(ReadOnlySpan<byte> leafHash)
    {
        if (leafHash.Length != MerkleHash.Size)
        {
            throw new ArgumentException("a leaf hash has 32 bytes", nameof(leafHash));
        }

        Span<byte> node = stackalloc byte[MerkleHash.Size];
        leafHash.CopyTo(node);
        // Each trailing 1-bit of the old size is a perfect subtree of the same height as the carry: merge them.
        for (var size = Size; (size & 1) == 1; size >>= 1)
        {
            MerkleHash.NodeHash(Hash(--_count), node, node);
        }

        node.CopyTo(Hash(_count++));
        Size++;
    }

    /// <summary>The RFC 6962 root of the current tree (the hash of the empty string when empty). Does not change state.</summary>
    public byte[] Root()
    {
        if (_count == 0)
        {
            return MerkleHash.EmptyRoot;
        }

        var root = Hash(_count - 1).ToArray();
        for (var i = _count - 2; i >= 0; i--)
        {
            MerkleHash.NodeHash(Hash(i), root, root);
        }

        return root;
    }

    private Span<byte> Hash(int i) => _frontier.AsSpan(i * MerkleHash.Size, MerkleHash.Size);
}
