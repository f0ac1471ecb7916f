using Archive.Core.Search;

namespace Archive.Core.Tests.Search;

public sealed class EditDistanceTests
{
    [Theory]
    [InlineData("hasakah", "hasakah", 0)]
    [InlineData("hasakah", "hasakeh", 1)]
    [InlineData("hasakah", "hassakeh", 2)]
    [InlineData("hasakah", "hsaakah", 1)] // adjacent transposition counts once
    [InlineData("kitten", "sitting", 3)]
    [InlineData("", "abc", 3)]
    [InlineData("😀a", "a", 1)] // an emoji is one character
    [InlineData("الحسكه", "الحسكة", 1)]
    public void Compute_Pair_ReturnsDistance(string a, string b, int expected) =>
        Assert.Equal(expected, EditDistance.Compute(a, b, maxEdits: 3));

    [Fact]
    public void Compute_DistanceAboveBound_ReturnsBoundPlusOne() =>
        Assert.Equal(3, EditDistance.Compute("kitten", "sitting", maxEdits: 2));

    [Theory]
    [InlineData("hasakah", "hasakeh", 1, true)]
    [InlineData("hasakah", "hassakeh", 1, false)]
    [InlineData("hasakah", "hassakeh", 2, true)]
    [InlineData("abc", "abcdef", 2, false)]
    [InlineData("abc", "abc", 0, true)]
    public void IsWithin_Pair_ComparesWithMaxEdits(string a, string b, int maxEdits, bool expected) =>
        Assert.Equal(expected, EditDistance.IsWithin(a, b, maxEdits));
}
