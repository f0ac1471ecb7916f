namespace Archive.Core.Provenance;

/// <summary>
/// Append-only RFC 6962 tree state in O(log n) space: the roots of the perfect subtrees that make up the
/// tree (its frontier), largest first. Lets the log append and re-derive roots in one streaming pass.
/// </summary>
internal sealed class MerkleAccumulator
{
    private readonly List<byte[]> _frontier = [];

    public long Size { get; private set; }

    /// <summary>The perfect-subtree roots, largest (leftmost) first; one per set bit of <see cref="Size"/>.</summary>
    public IReadOnlyList<byte[]> Frontier => _frontier;

    /// <summary>Restores a state saved from <see cref="Size"/> and <see cref="Frontier"/>.</summary>
    public static MerkleAccumulator FromFrontier(long size, IReadOnlyList<byte[]> frontier)
    {
        ArgumentNullException.ThrowIfNull(frontier);
        if (size < 0 || long.PopCount(size) != frontier.Count || frontier.Any(h => h.Length != MerkleHash.Size))
        {
            throw new ArgumentException($"a frontier for size {size} must hold {long.PopCount(size)} hashes of {MerkleHash.Size} bytes", nameof(frontier));
        }

        var accumulator = new MerkleAccumulator { Size = size };
        accumulator._frontier.AddRange(frontier.Select(h => (byte[])h.Clone()));
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

        var node = leafHash.ToArray();
        // Each trailing 1-bit of the old size is a perfect subtree of the same height as the carry: merge them.
        for (var size = Size; (size & 1) == 1; size >>= 1)
        {
            node = MerkleHash.NodeHash(_frontier[^1], node);
            _frontier.RemoveAt(_frontier.Count - 1);
        }

        _frontier.Add(node);
        Size++;
    }

    /// <summary>The RFC 6962 root of the current tree (the hash of the empty string when empty). Does not change state.</summary>
    public byte[] Root()
    {
        if (_frontier.Count == 0)
        {
            return MerkleHash.EmptyRoot;
        }

        var root = _frontier[^1];
        for (var i = _frontier.Count - 2; i >= 0; i--)
        {
            root = MerkleHash.NodeHash(_frontier[i], root);
        }

        return (byte[])root.Clone();
    }
}
