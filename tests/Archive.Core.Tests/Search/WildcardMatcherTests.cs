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

    [Theory]
    [InlineData("", false)]
    [InlineData("b", true)]
    [InlineData("ba", false)]
    [InlineData("ab", true)]
    public void IsMatch_HundredStarsAgainstLongTerm_MatchesOnlyWhenTheTermEndsInTheFinalLetter(string tail, bool expected)
    {
        var term = new string('a', 255) + tail;
        var pattern = string.Concat(Enumerable.Repeat("a*", 100)) + "b";

        Assert.Equal(expected, WildcardMatcher.IsMatch(pattern, term));
    }
}
