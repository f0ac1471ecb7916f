using System.Security.Cryptography;

namespace Archive.Core.Provenance;

/// <summary>
/// RFC 9162 proof verification. Both verifiers are total: malformed input of any kind (bad sizes, hashes that are
/// not 32 bytes, proofs of the wrong length, nulls) yields <see langword="false"/>, never an exception.
/// </summary>
internal static class MerkleProofs
{
    // No valid proof in a tree of at most 2^63 leaves is longer: an audit path has at most 63 hashes, and a
    // consistency path at most 64 including the old root. Longer input is rejected before any work is done on it.
    private const int MaxProofLength = 64;

    /// <summary>
    /// RFC 9162 section 2.1.3.2: whether <paramref name="proof"/> shows that <paramref name="leafHash"/> is leaf
    /// <paramref name="index"/> of the tree of <paramref name="size"/> leaves whose root is <paramref name="root"/>.
    /// </summary>
    public static bool VerifyInclusion(long index, long size, byte[] leafHash, IReadOnlyList<byte[]> proof, byte[] root)
    {
        if (index < 0 || index >= size || !IsHash(leafHash) || !IsHash(root) || !AreHashes(proof))
        {
            return false;
        }

        var fn = index;
        var sn = size - 1;
        var r = leafHash;
        foreach (var p in proof)
        {
            // A proof longer than the path from the leaf to the root.
            if (sn == 0)
            {
                return false;
            }

            if ((fn & 1) == 1 || fn == sn)
            {
                r = MerkleHash.NodeHash(p, r);

                // On the right border: skip the levels where this node has no right sibling.
                while ((fn & 1) == 0 && fn != 0)
                {
                    fn >>= 1;
                    sn >>= 1;
                }
            }
            else
            {
                r = MerkleHash.NodeHash(r, p);
            }

            fn >>= 1;
            sn >>= 1;
        }

        return sn == 0 && CryptographicOperations.FixedTimeEquals(r, root);
    }

    /// <summary>
    /// RFC 9162 section 2.1.4.2: whether <paramref name="proof"/> shows that the tree of <paramref name="size2"/>
    /// leaves with root <paramref name="root2"/> extends the tree of <paramref name="size1"/> leaves with root
    /// <paramref name="root1"/>.
    /// </summary>
    /// <remarks>
    /// Outside the RFC's 0 &lt; size1 &lt; size2: equal sizes need an empty proof and identical roots (compared as
    /// given, like transparency-dev/merkle, so no hashing is involved); size1 = 0 needs an empty proof, root1 equal
    /// to the empty root and a well-formed root2, because every tree extends the empty tree.
    /// </remarks>
    public static bool VerifyConsistency(long size1, long size2, IReadOnlyList<byte[]> proof, byte[] root1, byte[] root2)
    {
        if (size1 < 0 || size1 > size2 || proof is null || root1 is null || root2 is null)
        {
            return false;
        }

        if (size1 == 0)
        {
            var emptyRoot = MerkleHash.EmptyRoot;
            return proof.Count == 0
                && CryptographicOperations.FixedTimeEquals(root1, emptyRoot)
                && (size2 == 0 ? CryptographicOperations.FixedTimeEquals(root2, emptyRoot) : IsHash(root2));
        }

        if (size1 == size2)
        {
            return proof.Count == 0 && CryptographicOperations.FixedTimeEquals(root1, root2);
        }

        if (proof.Count == 0 || !IsHash(root1) || !IsHash(root2) || !AreHashes(proof))
        {
            return false;
        }

        // When size1 is a power of two the old root is itself a node of the new tree and starts the path.
        var path = new List<byte[]>(proof.Count + 1);
        if (long.IsPow2(size1))
        {
            path.Add(root1);
        }

        path.AddRange(proof);

        var fn = size1 - 1;
        var sn = size2 - 1;
        while ((fn & 1) == 1)
        {
            fn >>= 1;
            sn >>= 1;
        }

        var fr = path[0];
        var sr = path[0];
        for (var i = 1; i < path.Count; i++)
        {
            // A proof longer than the path to the new root.
            if (sn == 0)
            {
                return false;
            }

            var c = path[i];
            if ((fn & 1) == 1 || fn == sn)
            {
                fr = MerkleHash.NodeHash(c, fr);
                sr = MerkleHash.NodeHash(c, sr);
                while ((fn & 1) == 0 && fn != 0)
                {
                    fn >>= 1;
                    sn >>= 1;
                }
            }
            else
            {
                sr = MerkleHash.NodeHash(sr, c);
            }

            fn >>= 1;
            sn >>= 1;
        }

        return sn == 0
            && CryptographicOperations.FixedTimeEquals(fr, root1)
            && CryptographicOperations.FixedTimeEquals(sr, root2);
    }

    private static bool IsHash(byte[]? hash) => hash is not null && hash.Length == MerkleHash.Size;

    private static bool AreHashes(IReadOnlyList<byte[]>? proof)
    {
        if (proof is null || proof.Count > MaxProofLength)
        {
            return false;
        }

        foreach (var hash in proof)
        {
            if (!IsHash(hash))
            {
                return false;
            }
        }

        return true;
    }
}
