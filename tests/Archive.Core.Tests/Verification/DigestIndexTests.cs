using System.Security.Cryptography;
using Archive.Core.Verification;

namespace Archive.Core.Tests.Verification;

public sealed class DigestIndexTests
{
    private static DigestName Digest(int i) => DigestName.OfDigest(SHA256.HashData(BitConverter.GetBytes(i)));

    [Theory]
    [InlineData(0)]
    [InlineData(100_000)]
    public void Add_ManyDigests_NumbersThemInOrderAndFindsEachAgain(int capacity)
    {
        var index = new DigestIndex(capacity);

        for (var i = 0; i < 50_000; i++)
        {
            Assert.Equal(i, index.Add(Digest(i), out var added));
            Assert.True(added);
        }

        Assert.Equal(50_000, index.Count);
        for (var i = 0; i < 50_000; i++)
        {
            Assert.Equal(i, index.Find(Digest(i)));
            Assert.Equal(Digest(i), index[i]);
            Assert.Equal(i, index.Add(Digest(i), out var again));
            Assert.False(again);
        }

        Assert.Equal(50_000, index.Count);
        Assert.Equal(-1, index.Find(Digest(-1)));
    }

    [Fact]
    public void Add_DigestsThatShareAllButOneWord_AreKeptApart()
    {
        var index = new DigestIndex();
        var bytes = new byte[32];
        var names = new List<DigestName>();
        for (var word = 0; word < 4; word++)
        {
            var copy = (byte[])bytes.Clone();
            copy[(8 * word) + 7] = 1;
            names.Add(DigestName.OfDigest(copy));
        }

        names.Add(DigestName.OfDigest(bytes));
        foreach (var name in names)
        {
            index.Add(name, out _);
        }

        Assert.Equal(Enumerable.Range(0, 5), names.Select(index.Find));
    }

    [Fact]
    public void Add_NameThatIsNoDigest_IsRefused()
    {
        var index = new DigestIndex();

        Assert.Throws<InvalidOperationException>(() => index.Add(DigestName.Of("SHA256:ABC"), out _));
        Assert.Throws<ArgumentOutOfRangeException>(() => index[0]);
    }
}
