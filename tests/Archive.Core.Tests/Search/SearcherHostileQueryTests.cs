using System.Globalization;
using System.Text;
using Archive.Core.Search;

namespace Archive.Core.Tests.Search;

/// <summary>
/// Hostile queries end with a clear error value or a capped result, bounded by the parser's and the searcher's own
/// limits (no wall-clock thresholds here; speed belongs in bench/), and never throw.
/// The archive holds the samples plus a vocabulary of 3,000 generated words that all start with 'a'.
/// </summary>
public sealed class SearcherHostileQueryTests : IDisposable
{
    private const int GeneratedWords = 3000;
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

    private SearchResponse Run(string query, int limit = 10)
    {
        var response = _archive.Searcher.Search(new SearchRequest(query, limit, PassagesPerHit: 3));

        Assert.True(response.Error is not null || response.Hits.Count <= limit);
        if (response.Error is { } error)
        {
            Assert.InRange(error.Column, 1, query.Length + 1);
            Assert.False(string.IsNullOrWhiteSpace(error.Message));
            Assert.Empty(response.Hits);
        }

        return response;
    }

    private List<string> FilesOf(SearchResponse response) => response.Hits.Select(h => _archive.FileOf(h.Id)).Order(StringComparer.Ordinal).ToList();

    [Fact]
    public void Search_TenThousandTerms_ReturnsTooLongAtTheFirstColumnOverTheLimit()
    {
        var query = string.Join(' ', Enumerable.Range(0, 10_000).Select(i => "w" + i.ToString(CultureInfo.InvariantCulture)));

        var response = Run(query);

        Assert.NotNull(response.Error);
        Assert.Equal(4097, response.Error.Column);
        Assert.Equal("the query is longer than 4,096 characters", response.Error.Message);
    }

    [Fact]
    public void Search_TenThousandOneLetterTermsOfOr_ReturnsTooLongAtTheFirstColumnOverTheLimit()
    {
        var response = Run(string.Join(" OR ", Enumerable.Repeat("a", 10_000)));

        Assert.NotNull(response.Error);
        Assert.Equal(4097, response.Error.Column);
        Assert.Equal("the query is longer than 4,096 characters", response.Error.Message);
    }

    [Fact]
    public void Search_ThousandTermsWithinLimits_RunsAndFindsNoDocumentWithAllOfThem()
    {
        var words = Enumerable.Range(0, 1000).Select(i => string.Concat((char)('a' + (i % 26)), (char)('a' + (i / 26 % 26))));

        var response = Run(string.Join(' ', words));

        Assert.Null(response.Error);
        Assert.Equal(0, response.Total);
        Assert.Empty(response.Hits);
    }

    [Fact]
    public void Search_OneFuzzyTermWrittenHundredsOfTimes_IsExpandedOnceAndSaidOnce()
    {
        var once = Run("abaa~1");
        var many = Run(string.Join(' ', Enumerable.Repeat("abaa~1", 500)));

        Assert.Null(many.Error);
        Assert.Equal(FilesOf(once), FilesOf(many));
        Assert.Equal(once.Notes, many.Notes);
        Assert.Single(many.Notes, n => n.StartsWith("abaa~1 matches", StringComparison.Ordinal));
    }

    [Fact]
    public void Search_FiveHundredNestedParentheses_ReturnsErrorAtThe65thParenthesis()
    {
        var query = new string('(', 500) + "hasakah" + new string(')', 500);

        var response = Run(query);

        Assert.NotNull(response.Error);
        Assert.Equal(65, response.Error.Column);
        Assert.Equal("parentheses are nested more than 64 deep", response.Error.Message);
    }

    [Fact]
    public void Search_LoneStar_ReturnsEveryDocumentCappedToThePage()
    {
        var response = Run("*", limit: 5);

        Assert.Null(response.Error);
        Assert.Equal(_archive.FileNames.Count, response.Total);
        Assert.Equal(5, response.Hits.Count);
    }

    [Fact]
    public void Search_PrefixOverLargeVocabulary_FindsEveryDocumentWithSuchAWord()
    {
        // Besides the generated words: "about", "ability", "abrupt", "above", "absurd" in samples 000 to 002 and 004.
        var response = Run("ab*", limit: 100);

        Assert.Null(response.Error);
        Assert.Equal(
            [
                "000_8970b555c56b5fc6.txt", "001_42167cd4a6d629ad.txt", "002_bceb7f64bd6094a4.txt", "004_dd67e9743226e335.txt",
                "vocabulary-0.txt", "vocabulary-1.txt", "vocabulary-2.txt",
            ],
            FilesOf(response));
    }

    [Fact]
    public void Search_OneLetterPrefixOverLargeVocabulary_FindsEveryDocumentWithSuchAWordUncapped()
    {
        // A trailing '*' is an FTS5 prefix query: no expansion, so no cap; all 3,000 generated words count, including
        // those in vocabulary-2 that a 64-word cap would drop. "a" itself is a word in ledger-2 ("A ledger entry").
        var response = Run("a*", limit: 100);

        Assert.Null(response.Error);
        Assert.Empty(response.Notes);
        Assert.Equal(
            [
                "000_8970b555c56b5fc6.txt", "001_42167cd4a6d629ad.txt", "002_bceb7f64bd6094a4.txt", "003_ba7e93566f7827cc.txt",
                "004_dd67e9743226e335.txt", "emoji.txt", "isis-only.txt", "ledger-1.txt", "ledger-2.txt", "tie-1.txt",
                "vocabulary-0.txt", "vocabulary-1.txt", "vocabulary-2.txt",
            ],
            FilesOf(response));
    }

    /// <summary>Each pattern matches more than 64 words; the note names the pattern as parsed.</summary>
    [Theory]
    [InlineData("a*a", "a*a")]
    [InlineData("ab???a", "ab???a")]
    [InlineData("ab*a*", "ab*a*")]
    [InlineData("abaaa~2", "abaaa~2")]
    [InlineData("abcde~", "abcde~2")]
    public void Search_ExpansionOverLargeVocabulary_CapsExpansionAndSaysSo(string query, string parsed)
    {
        var response = Run(query, limit: 100);

        Assert.Null(response.Error);
        var note = Assert.Single(response.Notes);
        var match = System.Text.RegularExpressions.Regex.Match(note, $@"^{System.Text.RegularExpressions.Regex.Escape(parsed)} matches (\d+) words; searching the {SearchLimits.Default.MaxExpansions} most frequent$");
        Assert.True(match.Success, note);
        Assert.True(int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) > SearchLimits.Default.MaxExpansions, note);
        Assert.NotEmpty(response.Hits);
        Assert.InRange(response.Hits.SelectMany(h => h.Passages).SelectMany(p => p.Matches).Select(m => m.Via).Distinct().Count(), 1, SearchLimits.Default.MaxExpansions);
    }

    [Theory]
    [InlineData("ab???a", 116)] // "ab" + four letters, the last 'a': every 26th of the 3,000 generated words
    [InlineData("ab*a*", 3000)] // every generated word: i < 3,000 < 26³ makes the first of its four generated letters 'a'
    public void Search_ExpansionOverGeneratedWords_CountsEveryMatchingWord(string query, int words)
    {
        var response = Run(query);

        Assert.Equal([$"{query} matches {words} words; searching the {SearchLimits.Default.MaxExpansions} most frequent"], response.Notes);
    }

    [Theory]
    [InlineData("hasakah\u0000prison", 8, "U+0000")]
    [InlineData("\u0001\u0002\u0003", 1, "U+0001")]
    [InlineData("hasakah\u0007\u001b[31m prison", 8, "U+0007")]
    [InlineData("\u0000", 1, "U+0000")]
    [InlineData("title:\u0000", 7, "U+0000")]
    [InlineData("\"hasakah\u0000prison\"", 9, "U+0000")]
    public void Search_ControlCharacter_ReturnsErrorAtItsColumn(string query, int column, string codePoint)
    {
        var response = Run(query);

        Assert.NotNull(response.Error);
        Assert.Equal(column, response.Error.Column);
        Assert.Equal($"the control character {codePoint} is not allowed", response.Error.Message);
        Assert.Equal(0, response.Total);
    }

    [Fact]
    public void Search_LineBreakAndTabBetweenWords_AreSpaces()
    {
        // Both words, directly or through the Hasakah alias line (004 says "Hasakeh"); ar-hasakah.txt has no prison.
        var response = Run("hasakah\r\n\tprison", limit: 100);

        Assert.Null(response.Error);
        Assert.Equal("hasakah AND prison", response.Parsed);
        Assert.Equal(
            ["000_8970b555c56b5fc6.txt", "001_42167cd4a6d629ad.txt", "002_bceb7f64bd6094a4.txt", "004_dd67e9743226e335.txt", "emoji.txt"],
            FilesOf(response));
    }

    [Theory]
    [InlineData("\u200Fالحسكة\u200E", "الحسكة")]
    [InlineData("\u202Ehasakah\u202C", "hasakah")]
    [InlineData("\u2067hasakah\u2069 \u2066prison\u2069", "hasakah prison")]
    [InlineData("\u200Bhas\u200Dakah", "hasakah")]
    [InlineData("\uFEFFdaesh", "daesh")]
    public void Search_BidiAndInvisibleMarks_FindSameAsPlainQuery(string query, string plain)
    {
        var marked = Run(query, limit: 100);
        var expected = Run(plain, limit: 100);

        Assert.Null(marked.Error);
        Assert.NotEmpty(expected.Hits);
        Assert.Equal(expected.Hits.Select(h => h.Id), marked.Hits.Select(h => h.Id));
    }

    /// <summary>Emoji are not words: nothing is found, and the note says so where the whole clause is emoji.</summary>
    [Theory]
    [InlineData("😀", "'😀' has no searchable words")]
    [InlineData("😀*", null)]
    [InlineData("😀~", "fuzzy '😀~' needs exactly one word")]
    [InlineData("\"😀 😀\"", "\"😀 😀\" has no searchable words")]
    [InlineData("👨‍👩‍👧", "'👨👩👧' has no searchable words")]
    [InlineData("title:😀", "'😀' has no searchable words")]
    [InlineData("publisher:😀", null)]
    [InlineData("🇸🇾 OR 😀 OR 𝄞", "'🇸🇾' has no searchable words|'😀' has no searchable words|'𝄞' has no searchable words")]
    public void Search_Emoji_FindsNothingAndSaysWhy(string query, string? notes)
    {
        var response = Run(query);

        Assert.Null(response.Error);
        Assert.Equal(0, response.Total);
        Assert.Empty(response.Hits);
        Assert.Equal(notes is null ? [] : notes.Split('|'), response.Notes);
    }

    /// <summary>The lone surrogate is built here: xUnit would turn one written in InlineData into U+FFFD.</summary>
    [Theory]
    [InlineData("", 0xD83D, " hasakah", 1)]
    [InlineData("hasakah ", 0xDE00, "", 9)]
    public void Search_UnpairedSurrogate_ReturnsErrorAtItsColumn(string before, int surrogate, string after, int column)
    {
        var query = before + (char)surrogate + after;

        var response = Run(query);

        Assert.NotNull(response.Error);
        Assert.Equal(column, response.Error.Column);
        Assert.Equal("an unpaired UTF-16 surrogate is not a character", response.Error.Message);
    }

    [Fact]
    public void Search_LongRunOfEmojiOverMaxLength_ReturnsTooLongAtTheFirstCodePointOverTheLimit()
    {
        // 5,000 code points in 10,000 UTF-16 units: columns count code points.
        var query = new StringBuilder().Insert(0, "😀", 5000).ToString();

        var response = Run(query);

        Assert.NotNull(response.Error);
        Assert.Equal(4097, response.Error.Column);
        Assert.Equal("the query is longer than 4,096 characters", response.Error.Message);
    }
}
