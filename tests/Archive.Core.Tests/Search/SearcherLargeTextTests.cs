using System.Text;
using Archive.Core.Search;
using Archive.Core.Search.Engine;
using Archive.Core.Text;

namespace Archive.Core.Tests.Search;

/// <summary>
/// Passages of a large archived text start from the index's offsets: only the pieces holding a rule's term are
/// analyzed, and the passages are those a full scan finds, with code-point offsets into the whole text.
/// </summary>
public sealed class SearcherLargeTextTests : IDisposable
{
    private static readonly Analyzer Analyzer = new();
    private static readonly string Large = LargeText();
    private readonly SearchTestArchive _archive = new([("large-report.txt", Large)]);

    public void Dispose() => _archive.Dispose();

    /// <summary>About 3 MB: a title, filler lines, a line with an astral emoji and a marker word near the end.</summary>
    private static string LargeText()
    {
        var text = new StringBuilder("Large quarterly report\n\nThe convoy reached the crossing at dawn.\n");
        while (text.Length < 3 * PassageBuilder.LargeText)
        {
            text.Append("Filler line about nothing in particular, repeated to make the text large.\n");
        }

        return text.Append("Near the end 🎉 the quokkaterminal inspection closed the file.\nThe last line.\n").ToString();
    }

    [Fact]
    public void Search_WordOnlyAtTheEndOfALargeText_GivesItsPassageWithCodePointOffsets()
    {
        var response = _archive.Search("quokkaterminal");

        var hit = Assert.Single(response.Hits);
        var passage = Assert.Single(hit.Passages);
        Assert.Equal("Near the end 🎉 the quokkaterminal inspection closed the file.", passage.Text);
        Assert.Equal(passage.Text, Large[CodePoints.ToUtf16Index(Large, passage.Start)..CodePoints.ToUtf16Index(Large, passage.End)]);
        Assert.Equal(passage.Text.EnumerateRunes().Count(), passage.End - passage.Start); // the emoji counts once
        Assert.Equal(["term: quokkaterminal"], hit.Why);
    }

    [Theory]
    [InlineData("quokkaterminal")]
    [InlineData("\"inspection closed\"")]
    [InlineData("inspections")]
    [InlineData("quokka*")]
    [InlineData("quokkaterminl~1")]
    [InlineData("convoy OR quokkaterminal")]
    public void Search_LargeText_PassagesEqualThoseOfAFullScan(string query)
    {
        var hit = Assert.Single(_archive.Search(query).Hits, h => h.Slug.StartsWith("large", StringComparison.Ordinal));
        var rules = Rules(query);

        var (passages, why) = new PassageBuilder(Analyzer).Build(Large, rules, hit.Slug, 3);

        Assert.NotEmpty(hit.Passages);
        Assert.Equal(passages.Select(p => (p.Start, p.End, p.Text)), hit.Passages.Select(p => (p.Start, p.End, p.Text)));
        Assert.Equal(why, hit.Why);
    }

    [Fact]
    public void Occurrences_LargeText_PlacesTheWordInCodePointsFromTheIndex()
    {
        var hit = Assert.Single(_archive.Search("quokkaterminal").Hits);
        var backend = new LuceneBackend(_archive.Archive.Index, _archive.Archive.Searcher.Limits.MaxExpansions);

        var found = backend.Occurrences(hit.Id.Value, Rules("quokkaterminal"), LanguageChain.For(hit.Language), 64, default);

        var utf16 = Large.IndexOf("quokkaterminal", StringComparison.Ordinal);
        Assert.Equal([(CodePoints.FromUtf16Index(Large, utf16), 0)], found);
        Assert.Equal(utf16 - 1, found![0].Start); // the emoji before it is one code point, two UTF-16 units
    }

    [Fact]
    public void Build_LargeTextWithNoHints_AnalyzesNoPieceAndFindsNothing()
    {
        var rules = Rules("quokkaterminal");

        var (passages, why) = new PassageBuilder(Analyzer).Build(Large, rules, "doc", 3, null, [], CancellationToken.None);

        Assert.Empty(passages);
        Assert.Empty(why);
    }

    [Fact]
    public void Search_ManyPrefixesOverALargeText_AnswersWithinTheTimeLimit()
    {
        var response = _archive.Search(string.Join(" OR ", "abcdefghijklmnopqrstuvwxyz".Select(c => c + "*")));

        Assert.Null(response.Error);
        Assert.Contains(response.Hits, h => h.Slug.StartsWith("large", StringComparison.Ordinal) && h.Passages.Count > 0);
    }

    private List<MatchRule> Rules(string query)
    {
        var searcher = _archive.Archive.Searcher;
        var backend = new LuceneBackend(_archive.Archive.Index, searcher.Limits.MaxExpansions);
        var parsed = new QueryParser(searcher.Limits.ParserOptions()).Parse(query);
        var expander = new QueryExpander(Analyzer, searcher.Aliases().Table, true, searcher.Limits.MaxExpansions,
            (pattern, max) => backend.Wildcard(pattern, max, default),
            (term, edits, max) => backend.Fuzzy(term, edits, max, default));
        return [.. expander.Expand(parsed.Query!).Rules];
    }
}
