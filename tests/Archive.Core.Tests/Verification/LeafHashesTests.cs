using Archive.Core.Verification;

namespace Archive.Core.Tests.Verification;

public sealed class LeafHashesTests
{
    [Fact]
    public void Indexer_AcrossPartsAndEmptyParts_GivesEachLeafInOrderAsACopy()
    {
        // Parts of 3, 0, 2, 0 and 1 leaves, buffers with room to spare: leaf i is 32 bytes of the value i.
        int[] counts = [3, 0, 2, 0, 1];
        var buffers = new List<byte[]>();
        var next = 0;
        foreach (var count in counts)
        {
            var buffer = new byte[(count + 1) * 32];
            for (var i = 0; i < count; i++, next++)
            {
                buffer.AsSpan(i * 32, 32).Fill((byte)next);
            }

            buffers.Add(buffer);
        }

        var leaves = new LeafHashes([.. buffers], counts);

        Assert.Equal(6, leaves.Count);
        for (var i = 0; i < leaves.Count; i++)
        {
            Assert.Equal(Enumerable.Repeat((byte)i, 32), leaves[i]);
        }

        leaves[0][0] = 99;
        Assert.Equal(0, leaves[0][0]);
        Assert.Equal(Enumerable.Range(0, 6).Select(i => (byte)i), leaves.Select(l => l[31]));
        Assert.Throws<ArgumentOutOfRangeException>(() => leaves[6]);
        Assert.Throws<ArgumentOutOfRangeException>(() => leaves[-1]);
    }

    [Fact]
    public void Constructor_PartShorterThanItsCount_IsRefused() =>
        Assert.Throws<ArgumentException>(() => new LeafHashes([new byte[64]], [3]));
}
