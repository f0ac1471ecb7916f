using Archive.Core.Search;

namespace Archive.Core.Tests.Search;

public sealed class WildcardMatcherTests
{
    [Theory]
    [InlineData("te?t", "test", true)]
    [InlineData("te?t", "text", true)]
    [InlineData("te?t", "tet", false)]
    [InlineData("te?t", "tests", false)]
    [InlineData("t*t", "tt", true)]
    [InlineData("t*t", "treatment", true)]
    [InlineData("t*t", "treatments", false)]
    [InlineData("hasak*", "hasakah", true)]
    [InlineData("hasak*", "hasak", true)]
    [InlineData("has*k*h", "hassakeh", true)]
    [InlineData("a*b*c", "aXbYbZc", true)]
    [InlineData("a*b*c", "aXbYbZ", false)]
    [InlineData("الحسك?", "الحسكه", true)]
    [InlineData("x?y", "x😀y", true)]
    public void IsMatch_Pattern_MatchesWholeTerm(string pattern, string term, bool expected) =>
        Assert.Equal(expected, WildcardMatcher.IsMatch(pattern, term));

    [Fact]
    public void IsMatch_PathologicalPattern_IsFast()
    {
        var term = new string('a', 255);
        var pattern = string.Concat(Enumerable.Repeat("a*", 100)) + "b";

        var watch = System.Diagnostics.Stopwatch.StartNew();
        Assert.False(WildcardMatcher.IsMatch(pattern, term));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(1));
    }
}
