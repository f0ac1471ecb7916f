namespace Archive.Core.Provenance;

/// <summary>
/// Append-only Merkle tree builder that keeps only the frontier: the roots of the perfect subtrees that make up
/// the current tree, one per set bit of <see cref="Size"/>, largest (leftmost) first.
/// </summary>
internal sealed class MerkleAccumulator
{
    private readonly List<byte[]> _frontier = [];

    /// <summary>Number of leaves appended so far.</summary>
    public long Size { get; private set; }

    /// <summary>Appends one leaf hash (see <see cref="MerkleHash.LeafHash"/>). Amortized O(1) hashes, at most O(log n).</summary>
    public void Append(byte[] leafHash)
    {
        ArgumentNullException.ThrowIfNull(leafHash);
        if (leafHash.Length != MerkleHash.Size)
        {
            throw new ArgumentException($"A leaf hash must be {MerkleHash.Size} bytes, not {leafHash.Length}.", nameof(leafHash));
        }

        // Copied so that a caller reusing its buffer cannot rewrite history.
        _frontier.Add((byte[])leafHash.Clone());

        // Each trailing one bit of the old size is a perfect subtree as large as the one just completed: merge them.
        for (var size = Size; (size & 1) == 1; size >>= 1)
        {
            var last = _frontier.Count - 1;
            var merged = MerkleHash.NodeHash(_frontier[last - 1], _frontier[last]);
            _frontier.RemoveAt(last);
            _frontier[last - 1] = merged;
        }

        Size++;
    }

    /// <summary>RFC 6962 MTH of the leaves appended so far. O(log n) hashes; does not change the state.</summary>
    public byte[] Root()
    {
        if (_frontier.Count == 0)
        {
            return MerkleHash.EmptyRoot;
        }

        if (_frontier.Count == 1)
        {
            return (byte[])_frontier[0].Clone();
        }

        // MTH splits off the largest perfect subtree on the left, so the root folds the frontier from the right.
        var root = _frontier[^1];
        for (var i = _frontier.Count - 2; i >= 0; i--)
        {
            root = MerkleHash.NodeHash(_frontier[i], root);
        }

        return root;
    }
}
