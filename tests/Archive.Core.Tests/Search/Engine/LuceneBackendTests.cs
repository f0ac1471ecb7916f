using Archive.Core.Search.Engine;

namespace Archive.Core.Tests.Search.Engine;

public sealed class LuceneBackendTests
{
    [Theory]
    [InlineData(0, 10)]
    [InlineData(5, 10)]
    [InlineData(64, 64)]
    [InlineData(3_000, 64)]
    [InlineData(3_000, 0)]
    public void MostFrequent_AnyWords_SameAsAFullSortByDocumentsThenOrdinal(int words, int max)
    {
        var random = new Random(words + max);
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        while (counts.Count < words)
        {
            // Few distinct frequencies, so most of the order is decided by the tie-break.
            counts[new string((char)('a' + random.Next(26)), 1) + random.Next(100_000)] = random.Next(1, 20);
        }

        var expected = counts.OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal).Take(max).Select(c => (c.Key, c.Value));

        Assert.Equal(expected, LuceneBackend.MostFrequent(counts, max));
    }
}
