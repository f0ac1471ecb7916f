using System.Text.Json;
using Archive.Core.Provenance;

namespace Archive.Core.Tests.Provenance;

public sealed class MerkleProofsTests
{
    private const int MinimumVectorFiles = 50;

    public static TheoryData<string> InclusionVectors => new(MerkleVectors.Files("inclusion"));

    public static TheoryData<string> ConsistencyVectors => new(MerkleVectors.Files("consistency"));

    [Fact]
    public void Vectors_SharedFolder_AreFoundAndPlentiful()
    {
        var inclusion = MerkleVectors.Files("inclusion");
        var consistency = MerkleVectors.Files("consistency");

        Assert.True(
            inclusion.Count + consistency.Count >= MinimumVectorFiles,
            $"Only {inclusion.Count + consistency.Count} vector files under {MerkleVectors.Folder}.");
        Assert.Contains(inclusion, path => path.EndsWith("/happy-path.json", StringComparison.Ordinal));
        Assert.Contains(consistency, path => path.EndsWith("/happy-path.json", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(InclusionVectors))]
    public void VerifyInclusion_Vector_MatchesWantErr(string vector)
    {
        using var json = JsonDocument.Parse(File.ReadAllBytes(MerkleVectors.FullPath(vector)));
        var root = json.RootElement;

        var verified = MerkleProofs.VerifyInclusion(
            Size(root, "leafIdx"),
            Size(root, "treeSize"),
            Hash(root, "leafHash"),
            Proof(root),
            Hash(root, "root"));

        Assert.Equal(!root.GetProperty("wantErr").GetBoolean(), verified);
    }

    [Theory]
    [MemberData(nameof(ConsistencyVectors))]
    public void VerifyConsistency_Vector_MatchesWantErr(string vector)
    {
        using var json = JsonDocument.Parse(File.ReadAllBytes(MerkleVectors.FullPath(vector)));
        var root = json.RootElement;

        var verified = MerkleProofs.VerifyConsistency(
            Size(root, "size1"),
            Size(root, "size2"),
            Proof(root),
            Hash(root, "root1"),
            Hash(root, "root2"));

        Assert.Equal(!root.GetProperty("wantErr").GetBoolean(), verified);
    }

    [Fact]
    public void VerifyInclusion_NullArguments_ReturnsFalse()
    {
        var leaf = MerkleHash.LeafHash([1]);

        Assert.True(MerkleProofs.VerifyInclusion(0, 1, leaf, [], leaf));
        Assert.False(MerkleProofs.VerifyInclusion(0, 1, null!, [], leaf));
        Assert.False(MerkleProofs.VerifyInclusion(0, 1, leaf, null!, leaf));
        Assert.False(MerkleProofs.VerifyInclusion(0, 1, leaf, [], null!));
        Assert.False(MerkleProofs.VerifyInclusion(0, 2, leaf, [null!], leaf));
    }

    [Theory]
    [InlineData(-1, 1)]
    [InlineData(0, 0)]
    [InlineData(0, -1)]
    [InlineData(long.MinValue, long.MaxValue)]
    [InlineData(long.MaxValue, long.MaxValue)]
    public void VerifyInclusion_IndexOutsideTree_ReturnsFalse(long index, long size)
    {
        var leaf = MerkleHash.LeafHash([1]);

        Assert.False(MerkleProofs.VerifyInclusion(index, size, leaf, [], leaf));
    }

    [Fact]
    public void VerifyInclusion_HugeSizeWithOverlongProof_ReturnsFalse()
    {
        var leaf = MerkleHash.LeafHash([1]);
        var proof = Enumerable.Repeat(leaf, 200).ToArray();

        Assert.False(MerkleProofs.VerifyInclusion(long.MaxValue - 1, long.MaxValue, leaf, proof, leaf));
    }

    [Fact]
    public void VerifyConsistency_NullArguments_ReturnsFalse()
    {
        var leaf = MerkleHash.LeafHash([1]);

        Assert.True(MerkleProofs.VerifyConsistency(1, 1, [], leaf, leaf));
        Assert.False(MerkleProofs.VerifyConsistency(1, 1, null!, leaf, leaf));
        Assert.False(MerkleProofs.VerifyConsistency(1, 1, [], null!, leaf));
        Assert.False(MerkleProofs.VerifyConsistency(1, 1, [], leaf, null!));
        Assert.False(MerkleProofs.VerifyConsistency(1, 2, [null!], leaf, leaf));
        Assert.False(MerkleProofs.VerifyConsistency(0, 1, null!, MerkleHash.EmptyRoot, leaf));
    }

    [Theory]
    [InlineData(-1, 1)]
    [InlineData(-1, -1)]
    [InlineData(2, 1)]
    [InlineData(long.MaxValue, long.MinValue)]
    public void VerifyConsistency_InvalidSizes_ReturnsFalse(long size1, long size2)
    {
        var leaf = MerkleHash.LeafHash([1]);

        Assert.False(MerkleProofs.VerifyConsistency(size1, size2, [leaf], leaf, leaf));
        Assert.False(MerkleProofs.VerifyConsistency(size1, size2, [], leaf, leaf));
    }

    [Fact]
    public void VerifyConsistency_FromEmptyTreeWithEmptyProof_ReturnsTrue()
    {
        var root = MerkleHash.LeafHash([1]);

        Assert.True(MerkleProofs.VerifyConsistency(0, 0, [], MerkleHash.EmptyRoot, MerkleHash.EmptyRoot));
        Assert.True(MerkleProofs.VerifyConsistency(0, 1, [], MerkleHash.EmptyRoot, root));
    }

    [Fact]
    public void VerifyConsistency_FromEmptyTreeMalformed_ReturnsFalse()
    {
        var root = MerkleHash.LeafHash([1]);

        Assert.False(MerkleProofs.VerifyConsistency(0, 1, [root], MerkleHash.EmptyRoot, root));
        Assert.False(MerkleProofs.VerifyConsistency(0, 1, [], root, root));
        Assert.False(MerkleProofs.VerifyConsistency(0, 1, [], MerkleHash.EmptyRoot, root[..31]));
        Assert.False(MerkleProofs.VerifyConsistency(0, 0, [], MerkleHash.EmptyRoot, root));
    }

    [Fact]
    public void VerifyConsistency_HugeSizesWithOverlongProof_ReturnsFalse()
    {
        var root = MerkleHash.LeafHash([1]);
        var proof = Enumerable.Repeat(root, 200).ToArray();

        Assert.False(MerkleProofs.VerifyConsistency(long.MaxValue - 1, long.MaxValue, proof, root, root));
        Assert.False(MerkleProofs.VerifyConsistency(1L << 62, long.MaxValue, proof, root, root));
    }

    // Sizes are uint64 in the vectors; 0 - 1 wraps to ulong.MaxValue, which reinterprets as -1 and must be rejected.
    private static long Size(JsonElement vector, string name) => unchecked((long)vector.GetProperty(name).GetUInt64());

    private static byte[] Hash(JsonElement vector, string name) =>
        vector.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetBytesFromBase64()
            : [];

    private static byte[][] Proof(JsonElement vector) =>
        vector.TryGetProperty("proof", out var proof) && proof.ValueKind == JsonValueKind.Array
            ? [.. proof.EnumerateArray().Select(node => node.ValueKind == JsonValueKind.String ? node.GetBytesFromBase64() : [])]
            : [];
}
