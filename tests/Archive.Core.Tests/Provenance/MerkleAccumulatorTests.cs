using Archive.Core.Provenance;

namespace Archive.Core.Tests.Provenance;

public sealed class MerkleAccumulatorTests
{
    [Fact]
    public void Root_NothingAppended_IsEmptyRoot()
    {
        var accumulator = new MerkleAccumulator();

        Assert.Equal(0, accumulator.Size);
        Assert.Equal(MerkleHash.EmptyRoot, accumulator.Root());
    }

    [Fact]
    public void Root_EverySizeUpTo300_EqualsMerkleTreeRoot()
    {
        var leaves = LeafHashes(300);
        var tree = new MerkleTree(leaves);
        var accumulator = new MerkleAccumulator();

        for (var size = 0; size <= leaves.Length; size++)
        {
            Assert.Equal(size, accumulator.Size);
            Assert.Equal(tree.Root(size), accumulator.Root());
            if (size < leaves.Length)
            {
                accumulator.Append(leaves[size]);
            }
        }
    }

    [Fact]
    public void Root_OnePassOverHundredThousandLeaves_EqualsMerkleTreeRootAtCheckpoints()
    {
        const int Count = 100_003;
        var leaves = LeafHashes(Count);
        var tree = new MerkleTree(leaves);
        var accumulator = new MerkleAccumulator();
        var checkpoints = new Dictionary<long, byte[]>();

        foreach (var leaf in leaves)
        {
            accumulator.Append(leaf);
            var root = accumulator.Root();
            if (accumulator.Size % 4_999 == 0 || accumulator.Size == Count || long.IsPow2(accumulator.Size))
            {
                checkpoints[accumulator.Size] = root;
            }
        }

        Assert.Contains((long)Count, checkpoints.Keys);
        Assert.All(checkpoints, checkpoint => Assert.Equal(tree.Root(checkpoint.Key), checkpoint.Value));
    }

    [Fact]
    public void Root_CalledRepeatedly_DoesNotChangeState()
    {
        var leaves = LeafHashes(7);
        var accumulator = new MerkleAccumulator();
        foreach (var leaf in leaves.Take(6))
        {
            accumulator.Append(leaf);
        }

        var first = accumulator.Root();
        var second = accumulator.Root();
        accumulator.Append(leaves[6]);

        Assert.Equal(first, second);
        Assert.Equal(new MerkleTree(leaves).Root(7), accumulator.Root());
    }

    [Fact]
    public void Append_CallerMutatesBuffers_RootUnchanged()
    {
        var leaf = MerkleHash.LeafHash("x"u8);
        var accumulator = new MerkleAccumulator();
        accumulator.Append(leaf);
        var expected = MerkleHash.LeafHash("x"u8);

        leaf[0] ^= 0xff;
        accumulator.Root()[0] ^= 0xff;

        Assert.Equal(expected, accumulator.Root());
    }

    [Fact]
    public void Append_HashOfWrongLength_Throws()
    {
        var accumulator = new MerkleAccumulator();

        Assert.Throws<ArgumentException>(() => accumulator.Append(new byte[31]));
        Assert.Throws<ArgumentNullException>(() => accumulator.Append(null!));
        Assert.Equal(0, accumulator.Size);
    }

    private static byte[][] LeafHashes(int count) =>
        [.. Enumerable.Range(0, count).Select(i => MerkleHash.LeafHash(BitConverter.GetBytes(i)))];
}
