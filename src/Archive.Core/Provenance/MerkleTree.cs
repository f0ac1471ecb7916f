using System.Numerics;

namespace Archive.Core.Provenance;

/// <summary>
/// In-memory RFC 9162 Merkle tree over a fixed list of leaf hashes: roots, inclusion proofs and consistency proofs
/// for any tree size up to <see cref="Size"/>.
/// </summary>
/// <remarks>
/// The constructor hashes every aligned perfect subtree once (about n node hashes). Any range root that the RFC
/// recursion asks for is then a fold of at most log2(n) cached subtree roots, so a root costs O(log n) hashes and
/// a proof O(log² n).
/// </remarks>
internal sealed class MerkleTree
{
    // _levels[h][i] is the root of the perfect subtree of 2^h leaves starting at leaf i * 2^h.
    private readonly byte[][][] _levels;

    /// <summary>Builds the tree. Each element must be a 32-byte leaf hash (see <see cref="MerkleHash.LeafHash"/>).</summary>
    public MerkleTree(IReadOnlyList<byte[]> leafHashes)
    {
        ArgumentNullException.ThrowIfNull(leafHashes);
        var leaves = new byte[leafHashes.Count][];
        for (var i = 0; i < leaves.Length; i++)
        {
            var leaf = leafHashes[i];
            if (leaf is null || leaf.Length != MerkleHash.Size)
            {
                throw new ArgumentException($"Leaf hash {i} is not a {MerkleHash.Size}-byte hash.", nameof(leafHashes));
            }

            // Copied so that later changes to the caller's buffers cannot change the tree.
            leaves[i] = (byte[])leaf.Clone();
        }

        var levels = new List<byte[][]> { leaves };
        for (var below = leaves; below.Length >= 2;)
        {
            var level = new byte[below.Length / 2][];
            for (var i = 0; i < level.Length; i++)
            {
                level[i] = MerkleHash.NodeHash(below[2 * i], below[(2 * i) + 1]);
            }

            levels.Add(level);
            below = level;
        }

        _levels = [.. levels];
        Size = leaves.Length;
    }

    /// <summary>Number of leaves.</summary>
    public long Size { get; }

    /// <summary>RFC 6962 MTH of the first <paramref name="size"/> leaves; the empty root for size 0.</summary>
    public byte[] Root(long size)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(size, Size);
        return size == 0 ? MerkleHash.EmptyRoot : (byte[])RangeRoot(0, size).Clone();
    }

    /// <summary>
    /// RFC 9162 section 2.1.3.1 PATH(index, D[0:size]): the audit path for one leaf, ordered from the leaf upwards.
    /// </summary>
    public IReadOnlyList<byte[]> InclusionProof(long index, long size)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(size, Size);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, size);

        // The RFC recursion emits the sibling of each step after the deeper path, so walk down and reverse.
        var proof = new List<byte[]>();
        long start = 0;
        var end = size;
        while (end - start > 1)
        {
            var split = start + LargestPowerOfTwoBelow(end - start);
            if (index < split)
            {
                proof.Add(RangeRoot(split, end));
                end = split;
            }
            else
            {
                proof.Add(RangeRoot(start, split));
                start = split;
            }
        }

        return Reversed(proof);
    }

    /// <summary>
    /// RFC 9162 section 2.1.4.1 PROOF(size1, D[0:size2]). Empty when the sizes are equal or <paramref name="size1"/>
    /// is 0, where the RFC defines no proof and <see cref="MerkleProofs.VerifyConsistency"/> expects none.
    /// </summary>
    public IReadOnlyList<byte[]> ConsistencyProof(long size1, long size2)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(size1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(size1, size2);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(size2, Size);
        if (size1 == 0 || size1 == size2)
        {
            return [];
        }

        // SUBPROOF(m, D[start:end], b) unrolled: m is size1 relative to start, b is whether the old tree's root
        // is still a whole prefix of the range (and so known to the verifier).
        var proof = new List<byte[]>();
        long start = 0;
        var end = size2;
        var m = size1;
        var whole = true;
        while (m != end - start)
        {
            var k = LargestPowerOfTwoBelow(end - start);
            if (m <= k)
            {
                proof.Add(RangeRoot(start + k, end));
                end = start + k;
            }
            else
            {
                proof.Add(RangeRoot(start, start + k));
                start += k;
                m -= k;
                whole = false;
            }
        }

        if (!whole)
        {
            proof.Add(RangeRoot(start, end));
        }

        return Reversed(proof);
    }

    // MTH(D[start:end]) for end > start, returned without copying: callers must not hand the cached array out.
    private byte[] RangeRoot(long start, long end)
    {
        var count = end - start;
        if (BitOperations.IsPow2(count) && start % count == 0)
        {
            var height = BitOperations.Log2((ulong)count);
            return _levels[height][start >> height];
        }

        var split = start + LargestPowerOfTwoBelow(count);
        return MerkleHash.NodeHash(RangeRoot(start, split), RangeRoot(split, end));
    }

    // The k of RFC 9162: the largest power of two strictly smaller than n, for n > 1.
    private static long LargestPowerOfTwoBelow(long n) => 1L << BitOperations.Log2((ulong)(n - 1));

    private static byte[][] Reversed(List<byte[]> proof)
    {
        var result = new byte[proof.Count][];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = (byte[])proof[proof.Count - 1 - i].Clone();
        }

        return result;
    }
}
