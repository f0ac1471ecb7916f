using System.Diagnostics;
using System.Globalization;
using System.Text;
using Archive.Core.Search;

namespace Archive.Core.Tests.Search;

/// <summary>
/// Hostile queries end with a clear error value or a capped result, within a few seconds, and never throw.
/// The archive holds the samples plus a vocabulary of 3,000 generated words that all start with 'a'.
/// </summary>
public sealed class SearcherHostileQueryTests : IDisposable
{
    private const int GeneratedWords = 3000;
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(5);
    private readonly SearchTestArchive _archive = new(Vocabulary());

    public void Dispose() => _archive.Dispose();

    /// <summary>"abaaa", "abaab", … in three documents of 1,000 words.</summary>
    private static IEnumerable<(string Name, string Text)> Vocabulary()
    {
        static string Word(int i)
        {
            var letters = new char[4];
            for (var k = 3; k >= 0; k--)
            {
                letters[k] = (char)('a' + (i % 26));
                i /= 26;
            }

            return "ab" + new string(letters);
        }

        return Enumerable.Range(0, 3).Select(d => (
            $"vocabulary-{d}.txt",
            "Generated vocabulary " + d.ToString(CultureInfo.InvariantCulture) + "\n"
                + string.Join(' ', Enumerable.Range(d * (GeneratedWords / 3), GeneratedWords / 3).Select(Word)) + "\n"));
    }

    private SearchResponse Bounded(string query, int limit = 10)
    {
        var clock = Stopwatch.StartNew();
        var response = _archive.Searcher.Search(new SearchRequest(query, limit, PassagesPerHit: 3));
        clock.Stop();

        Assert.True(clock.Elapsed < Bound, $"{query.Length} chars took {clock.Elapsed}");
        Assert.True(response.Error is not null || response.Hits.Count <= limit);
        if (response.Error is { } error)
        {
            Assert.InRange(error.Column, 1, query.Length + 1);
            Assert.False(string.IsNullOrWhiteSpace(error.Message));
            Assert.Empty(response.Hits);
        }

        return response;
    }

    [Fact]
    public void Search_TenThousandTerms_ReturnsErrorValue()
    {
        var query = string.Join(' ', Enumerable.Range(0, 10_000).Select(i => "w" + i.ToString(CultureInfo.InvariantCulture)));

        var response = Bounded(query);

        Assert.NotNull(response.Error);
    }

    [Fact]
    public void Search_TenThousandOneLetterTermsOfOr_ReturnsErrorValue()
    {
        var response = Bounded(string.Join(" OR ", Enumerable.Repeat("a", 10_000)));

        Assert.NotNull(response.Error);
    }

    [Fact]
    public void Search_ThousandTermsWithinLimits_RunsBounded()
    {
        var words = Enumerable.Range(0, 1000).Select(i => string.Concat((char)('a' + (i % 26)), (char)('a' + (i / 26 % 26))));

        var response = Bounded(string.Join(' ', words));

        Assert.Null(response.Error);
    }

    [Fact]
    public void Search_FiveHundredNestedParentheses_ReturnsErrorValue()
    {
        var query = new string('(', 500) + "hasakah" + new string(')', 500);

        var response = Bounded(query);

        Assert.NotNull(response.Error);
        Assert.Contains("nested", response.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Search_LoneStar_ReturnsEveryDocumentCappedToThePage()
    {
        var response = Bounded("*", limit: 5);

        Assert.Null(response.Error);
        Assert.Equal(_archive.FileNames.Count, response.Total);
        Assert.Equal(5, response.Hits.Count);
    }

    [Fact]
    public void Search_PrefixOverLargeVocabulary_FindsEveryDocumentBounded()
    {
        var response = Bounded("ab*", limit: 100);

        Assert.Null(response.Error);
        Assert.Equal(3, response.Hits.Count(h => h.Title!.StartsWith("Generated vocabulary", StringComparison.Ordinal)));
    }

    [Fact]
    public void Search_OneLetterPrefixOverLargeVocabulary_RunsBounded()
    {
        var response = Bounded("a*");

        Assert.Null(response.Error);
        Assert.True(response.Total >= 3);
    }

    [Theory]
    [InlineData("a*a")]
    [InlineData("ab???a")]
    [InlineData("a*")]
    [InlineData("ab*a*")]
    [InlineData("abaaa~2")]
    [InlineData("abcde~")]
    public void Search_ExpansionOverLargeVocabulary_CapsExpansionAndSaysSo(string query)
    {
        var response = Bounded(query);

        Assert.Null(response.Error);
        if (!query.EndsWith('*') || query.Count(c => c is '*' or '?') > 1)
        {
            Assert.Contains(response.Notes, n => n.Contains($"searching the {FtsCompiler.MaxExpansions} most frequent", StringComparison.Ordinal));
            Assert.True(response.Hits.SelectMany(h => h.Passages).SelectMany(p => p.Matches).Select(m => m.Via).Distinct().Count() <= FtsCompiler.MaxExpansions);
        }
    }

    [Theory]
    [InlineData("hasakah\u0000prison")]
    [InlineData("\u0001\u0002\u0003")]
    [InlineData("hasakah\u0007\u001b[31m prison")]
    [InlineData("\u0000")]
    [InlineData("title:\u0000")]
    [InlineData("\"hasakah\u0000prison\"")]
    [InlineData("hasakah\r\n\tprison")]
    public void Search_ControlCharacters_RunsBoundedWithoutThrowing(string query)
    {
        Bounded(query);
    }

    [Theory]
    [InlineData("\u200Fالحسكة\u200E", "الحسكة")]
    [InlineData("\u202Ehasakah\u202C", "hasakah")]
    [InlineData("\u2067hasakah\u2069 \u2066prison\u2069", "hasakah prison")]
    [InlineData("\u200Bhas\u200Dakah", "hasakah")]
    [InlineData("\uFEFFdaesh", "daesh")]
    public void Search_BidiAndInvisibleMarks_FindSameAsPlainQuery(string query, string plain)
    {
        var marked = Bounded(query, limit: 100);
        var expected = Bounded(plain, limit: 100);

        Assert.Null(marked.Error);
        Assert.NotEmpty(expected.Hits);
        Assert.Equal(expected.Hits.Select(h => h.Id), marked.Hits.Select(h => h.Id));
    }

    [Theory]
    [InlineData("😀")]
    [InlineData("😀*")]
    [InlineData("😀~")]
    [InlineData("\"😀 😀\"")]
    [InlineData("👨‍👩‍👧")]
    [InlineData("title:😀")]
    [InlineData("publisher:😀")]
    [InlineData("\uD83D hasakah")]
    [InlineData("hasakah \uDE00")]
    [InlineData("🇸🇾 OR 😀 OR 𝄞")]
    public void Search_Emoji_RunsBoundedWithoutThrowing(string query)
    {
        Bounded(query);
    }

    [Fact]
    public void Search_LongRunOfEmojiOverMaxLength_ReturnsErrorValue()
    {
        var query = new StringBuilder().Insert(0, "😀", 5000).ToString();

        Assert.NotNull(Bounded(query).Error);
    }
}
