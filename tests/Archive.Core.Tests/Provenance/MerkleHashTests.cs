using System.Security.Cryptography;
using Archive.Core.Provenance;

namespace Archive.Core.Tests.Provenance;

public sealed class MerkleHashTests
{
    [Fact]
    public void EmptyRoot_Always_IsSha256OfEmptyString()
    {
        Assert.Equal(
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            Convert.ToHexStringLower(MerkleHash.EmptyRoot));
    }

    [Fact]
    public void EmptyRoot_CallerMutatesCopy_NextReadUnchanged()
    {
        MerkleHash.EmptyRoot[0] ^= 0xff;

        Assert.Equal(SHA256.HashData(ReadOnlySpan<byte>.Empty), MerkleHash.EmptyRoot);
    }

    [Fact]
    public void LeafHash_EmptyData_IsSha256OfZeroByte()
    {
        Assert.Equal(
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            Convert.ToHexStringLower(MerkleHash.LeafHash([])));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(511)]
    [InlineData(512)]
    [InlineData(513)]
    [InlineData(100_000)]
    public void LeafHash_AnyLength_IsSha256OfZeroPrefixedData(int length)
    {
        var data = Enumerable.Range(0, length).Select(i => (byte)(i * 31)).ToArray();

        Assert.Equal(SHA256.HashData([0x00, .. data]), MerkleHash.LeafHash(data));
    }

    [Fact]
    public void NodeHash_TwoHashes_IsSha256OfOnePrefixedConcatenation()
    {
        var left = MerkleHash.LeafHash("left"u8);
        var right = MerkleHash.LeafHash("right"u8);

        Assert.Equal(SHA256.HashData([0x01, .. left, .. right]), MerkleHash.NodeHash(left, right));
        Assert.NotEqual(MerkleHash.NodeHash(left, right), MerkleHash.NodeHash(right, left));
    }

    [Theory]
    [InlineData(0, 32)]
    [InlineData(31, 32)]
    [InlineData(32, 33)]
    public void NodeHash_ChildOfWrongLength_Throws(int leftLength, int rightLength)
    {
        Assert.Throws<ArgumentException>(() => MerkleHash.NodeHash(new byte[leftLength], new byte[rightLength]));
    }
}
