using System.Text.Json;
using System.Text.RegularExpressions;
using Archive.Core.Provenance;

namespace Archive.Core.Tests.Provenance;

public sealed class MerkleTreeTests
{
    private const int MaxInclusionSize = 70;
    private const int MaxConsistencySize = 40;

    // The leaf data of the RFC 6962 test tree used by Certificate Transparency and transparency-dev/merkle.
    private static readonly byte[][] RfcLeafData =
    [
        [],
        [0x00],
        [0x10],
        [0x20, 0x21],
        [0x30, 0x31],
        [0x40, 0x41, 0x42, 0x43],
        [0x50, 0x51, 0x52, 0x53, 0x54, 0x55, 0x56, 0x57],
        [0x60, 0x61, 0x62, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68, 0x69, 0x6a, 0x6b, 0x6c, 0x6d, 0x6e, 0x6f],
    ];

    public static TheoryData<int, string> RfcRoots => new()
    {
        { 0, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" },
        { 1, "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d" },
        { 2, "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125" },
        { 3, "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77" },
        { 4, "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7" },
        { 5, "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4" },
        { 6, "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef" },
        { 7, "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c" },
        { 8, "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328" },
    };

    public static TheoryData<int> InclusionSizes => new(Enumerable.Range(1, MaxInclusionSize));

    public static TheoryData<int> ConsistencySizes => new(Enumerable.Range(0, MaxConsistencySize + 1));

    // The reference proofs for the RFC 6962 test tree; the other vectors are mutations of these.
    public static TheoryData<string> ReferenceProofs => new(
        MerkleVectors.Files("inclusion")
            .Concat(MerkleVectors.Files("consistency"))
            .Where(path => Regex.IsMatch(path, @"^\w+/\d+/happy-path\.json$")));

    [Theory]
    [MemberData(nameof(RfcRoots))]
    public void Root_RfcTestLeaves_MatchesKnownRoot(int size, string expectedHex)
    {
        var tree = new MerkleTree(RfcLeafHashes());

        Assert.Equal(expectedHex, Convert.ToHexStringLower(tree.Root(size)));
    }

    [Fact]
    public void Root_SingleEmptyLeaf_IsHashOfZeroByte()
    {
        var tree = new MerkleTree([MerkleHash.LeafHash([])]);

        Assert.Equal(System.Security.Cryptography.SHA256.HashData([0x00]), tree.Root(1));
    }

    [Fact]
    public void Root_TwoAndThreeLeaves_MatchesHandComputedRoot()
    {
        var a = MerkleHash.LeafHash("a"u8);
        var b = MerkleHash.LeafHash("b"u8);
        var c = MerkleHash.LeafHash("c"u8);
        var tree = new MerkleTree([a, b, c]);

        Assert.Equal(MerkleHash.NodeHash(a, b), tree.Root(2));
        Assert.Equal(MerkleHash.NodeHash(MerkleHash.NodeHash(a, b), c), tree.Root(3));
    }

    [Fact]
    public void Root_EmptyTree_IsEmptyRoot()
    {
        var tree = new MerkleTree([]);

        Assert.Equal(0, tree.Size);
        Assert.Equal(MerkleHash.EmptyRoot, tree.Root(0));
    }

    [Theory]
    [MemberData(nameof(ReferenceProofs))]
    public void Proofs_RfcTestLeaves_EqualReferenceVector(string vector)
    {
        using var json = JsonDocument.Parse(File.ReadAllBytes(MerkleVectors.FullPath(vector)));
        var root = json.RootElement;
        var tree = new MerkleTree(RfcLeafHashes());
        var expectedProof = root.GetProperty("proof") is { ValueKind: JsonValueKind.Array } proof
            ? proof.EnumerateArray().Select(node => node.GetString()).ToArray()
            : [];

        if (root.TryGetProperty("leafIdx", out var leafIdx))
        {
            var index = leafIdx.GetInt64();
            var size = root.GetProperty("treeSize").GetInt64();
            Assert.Equal(root.GetProperty("leafHash").GetString(), Convert.ToBase64String(MerkleHash.LeafHash(RfcLeafData[index])));
            Assert.Equal(root.GetProperty("root").GetString(), Convert.ToBase64String(tree.Root(size)));
            Assert.Equal(expectedProof, tree.InclusionProof(index, size).Select(Convert.ToBase64String));
        }
        else
        {
            var size1 = root.GetProperty("size1").GetInt64();
            var size2 = root.GetProperty("size2").GetInt64();
            Assert.Equal(root.GetProperty("root1").GetString(), Convert.ToBase64String(tree.Root(size1)));
            Assert.Equal(root.GetProperty("root2").GetString(), Convert.ToBase64String(tree.Root(size2)));
            Assert.Equal(expectedProof, tree.ConsistencyProof(size1, size2).Select(Convert.ToBase64String));
        }
    }

    [Theory]
    [MemberData(nameof(InclusionSizes))]
    public void InclusionProof_EveryIndex_VerifiesAgainstRoot(int size)
    {
        var leaves = LeafHashes(size);
        var tree = new MerkleTree(leaves);
        var root = tree.Root(size);

        for (var index = 0; index < size; index++)
        {
            var proof = tree.InclusionProof(index, size);

            Assert.True(MerkleProofs.VerifyInclusion(index, size, leaves[index], proof, root), $"index {index}");
        }
    }

    [Theory]
    [MemberData(nameof(InclusionSizes))]
    public void InclusionProof_Mutated_FailsVerification(int size)
    {
        var leaves = LeafHashes(size);
        var tree = new MerkleTree(leaves);
        var root = tree.Root(size);
        var otherLeaf = MerkleHash.LeafHash("not in the tree"u8);

        for (var index = 0; index < size; index++)
        {
            var proof = tree.InclusionProof(index, size);
            var at = $"index {index}";

            for (var i = 0; i < proof.Count; i++)
            {
                Assert.False(MerkleProofs.VerifyInclusion(index, size, leaves[index], FlipByte(proof, i), root), $"{at}, flipped proof[{i}]");
            }

            if (index + 1 < size)
            {
                Assert.False(MerkleProofs.VerifyInclusion(index + 1, size, leaves[index], proof, root), $"{at}, index + 1");
            }

            if (index > 0)
            {
                Assert.False(MerkleProofs.VerifyInclusion(index - 1, size, leaves[index], proof, root), $"{at}, index - 1");
            }

            if (proof.Count > 0)
            {
                Assert.False(MerkleProofs.VerifyInclusion(index, size, leaves[index], proof.SkipLast(1).ToArray(), root), $"{at}, truncated");
            }

            Assert.False(MerkleProofs.VerifyInclusion(index, size, leaves[index], [.. proof, otherLeaf], root), $"{at}, extended");
            Assert.False(MerkleProofs.VerifyInclusion(index, size, otherLeaf, proof, root), $"{at}, wrong leaf");
            Assert.False(MerkleProofs.VerifyInclusion(index, size, leaves[index], proof, FlipByte(root)), $"{at}, wrong root");
        }
    }

    [Theory]
    [MemberData(nameof(ConsistencySizes))]
    public void ConsistencyProof_EveryOlderSize_VerifiesAgainstRoots(int size2)
    {
        var tree = new MerkleTree(LeafHashes(size2));
        var root2 = tree.Root(size2);

        for (var size1 = 0; size1 <= size2; size1++)
        {
            var proof = tree.ConsistencyProof(size1, size2);

            Assert.True(MerkleProofs.VerifyConsistency(size1, size2, proof, tree.Root(size1), root2), $"size1 {size1}");
        }
    }

    [Theory]
    [MemberData(nameof(ConsistencySizes))]
    public void ConsistencyProof_Mutated_FailsVerification(int size2)
    {
        var tree = new MerkleTree(LeafHashes(size2));
        var root2 = tree.Root(size2);
        var extra = MerkleHash.LeafHash("not in the tree"u8);

        for (var size1 = 0; size1 <= size2; size1++)
        {
            var proof = tree.ConsistencyProof(size1, size2);
            var root1 = tree.Root(size1);
            var at = $"size1 {size1}";

            for (var i = 0; i < proof.Count; i++)
            {
                Assert.False(MerkleProofs.VerifyConsistency(size1, size2, FlipByte(proof, i), root1, root2), $"{at}, flipped proof[{i}]");
            }

            if (proof.Count > 0)
            {
                Assert.False(MerkleProofs.VerifyConsistency(size1, size2, proof.SkipLast(1).ToArray(), root1, root2), $"{at}, truncated");
                Assert.False(MerkleProofs.VerifyConsistency(size1 + 1, size2, proof, root1, root2), $"{at}, size1 + 1");
                Assert.False(MerkleProofs.VerifyConsistency(size1 - 1, size2, proof, root1, root2), $"{at}, size1 - 1");
            }

            if (size1 < size2)
            {
                Assert.False(MerkleProofs.VerifyConsistency(size1, size2, proof, root2, root1), $"{at}, swapped roots");
            }

            Assert.False(MerkleProofs.VerifyConsistency(size1, size2, [.. proof, extra], root1, root2), $"{at}, extended");
            Assert.False(MerkleProofs.VerifyConsistency(size1, size2, proof, FlipByte(root1), root2), $"{at}, wrong root1");

            // Every tree extends the empty tree, so from size 0 nothing binds root2 beyond its length.
            if (size1 > 0)
            {
                Assert.False(MerkleProofs.VerifyConsistency(size1, size2, proof, root1, FlipByte(root2)), $"{at}, wrong root2");
            }
        }
    }

    [Fact]
    public void Proofs_ArgumentsOutsideTree_Throw()
    {
        var tree = new MerkleTree(LeafHashes(5));

        Assert.Throws<ArgumentOutOfRangeException>(() => tree.Root(6));
        Assert.Throws<ArgumentOutOfRangeException>(() => tree.Root(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => tree.InclusionProof(5, 5));
        Assert.Throws<ArgumentOutOfRangeException>(() => tree.InclusionProof(0, 6));
        Assert.Throws<ArgumentOutOfRangeException>(() => tree.InclusionProof(-1, 5));
        Assert.Throws<ArgumentOutOfRangeException>(() => tree.ConsistencyProof(3, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => tree.ConsistencyProof(-1, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => tree.ConsistencyProof(2, 6));
    }

    [Fact]
    public void Constructor_LeafOfWrongLength_Throws()
    {
        Assert.Throws<ArgumentException>(() => new MerkleTree([MerkleHash.LeafHash([1]), new byte[31]]));
    }

    [Fact]
    public void Root_CallerMutatesInputOrOutput_TreeUnchanged()
    {
        var leaves = LeafHashes(4);
        var tree = new MerkleTree(leaves);
        var expected = tree.Root(4);

        leaves[0][0] ^= 0xff;
        tree.Root(1)[0] ^= 0xff;
        tree.InclusionProof(0, 4)[1][0] ^= 0xff;

        Assert.Equal(expected, tree.Root(4));
    }

    private static byte[][] RfcLeafHashes() => [.. RfcLeafData.Select(data => MerkleHash.LeafHash(data))];

    private static byte[][] LeafHashes(int count) =>
        [.. Enumerable.Range(0, count).Select(i => MerkleHash.LeafHash(BitConverter.GetBytes(i)))];

    private static byte[] FlipByte(byte[] hash)
    {
        var copy = (byte[])hash.Clone();
        copy[^1] ^= 0x01;
        return copy;
    }

    private static byte[][] FlipByte(IReadOnlyList<byte[]> proof, int element) =>
        [.. proof.Select((hash, i) => i == element ? FlipByte(hash) : hash)];
}
