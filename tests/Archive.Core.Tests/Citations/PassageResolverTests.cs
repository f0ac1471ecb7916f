using Archive.Core.Citations;
using Archive.Core.Storage;

namespace Archive.Core.Tests.Citations;

public sealed class PassageResolverTests
{
    private const string Text = "The prison holds 5,000 militants.\nThe SDF claim to have \u201Cthwarted\u201D the attack \u2014 the VBIED did   detonate.\n\nThe prison holds 5,000 militants.\nSyria\u2019s north.";

    private static PassageResolver Resolver(string text = Text) => new(text, CaptureId.Parse(new string('a', 64)), new string('b', 64));

    [Fact]
    public void Resolve_ExactOnce_ReturnsExactWithOffsetsAndContext()
    {
        var result = Resolver().Resolve("the VBIED did");

        Assert.Equal(PassageStatus.Exact, result.Status);
        var passage = result.Passage!;
        Assert.Equal(Text.IndexOf("the VBIED did", StringComparison.Ordinal), passage.Start);
        Assert.Equal(passage.Start + 13, passage.End);
        Assert.Equal("the VBIED did", passage.Exact);
        Assert.EndsWith("attack \u2014 ", passage.Prefix);
        Assert.True(passage.Prefix.Length <= 32 && passage.Suffix.Length <= 32);
        Assert.StartsWith("   detonate.", passage.Suffix);
    }

    [Fact]
    public void Resolve_QuoteHoldingTheNoncharacterFFFE_ResolvesInsteadOfThrowing()
    {
        var text = "The riot \uFFFE began at Ghwayran.";

        var result = Resolver(text).Resolve("riot  \uFFFE began");

        Assert.Equal(PassageStatus.Normalized, result.Status);
        Assert.Equal("riot \uFFFE began", result.Passage!.Exact);
    }

    [Fact]
    public void Resolve_QuoteTwice_ReturnsAmbiguousWithEveryOccurrence()
    {
        var result = Resolver().Resolve("The prison holds 5,000 militants.");

        Assert.Equal(PassageStatus.Ambiguous, result.Status);
        Assert.Null(result.Passage);
        Assert.Equal(2, result.Occurrences.Count);
        Assert.Equal(0, result.Occurrences[0].Start);
        Assert.Equal(Text.LastIndexOf("The prison", StringComparison.Ordinal), result.Occurrences[1].Start);
    }

    [Fact]
    public void Resolve_QuoteOccurringThousandsOfTimes_ListsTheFirstTwentyAndCountsAll()
    {
        var text = string.Concat(Enumerable.Repeat("ab ", 5000));

        var result = Resolver(text).Resolve("ab");

        Assert.Equal(PassageStatus.Ambiguous, result.Status);
        Assert.Equal(5000, result.OccurrenceCount);
        Assert.Equal(PassageResolution.MaxListedOccurrences, result.Occurrences.Count);
        Assert.Equal(Enumerable.Range(0, 20).Select(i => i * 3), result.Occurrences.Select(o => o.Start));
        Assert.Contains("5000 times", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_OccurrencePastTheListed_StillPicksIt()
    {
        var text = string.Concat(Enumerable.Repeat("ab ", 5000));

        var result = Resolver(text).Resolve("ab", 4321);

        Assert.Equal(PassageStatus.Exact, result.Status);
        Assert.Equal(4320 * 3, result.Passage!.Start);
        Assert.Equal(5000, result.OccurrenceCount);
        Assert.True(result.Occurrences.Count <= PassageResolution.MaxListedOccurrences);
    }

    [Fact]
    public void Resolve_OccurrenceTwo_PicksTheSecond()
    {
        var result = Resolver().Resolve("The prison holds 5,000 militants.", 2);

        Assert.Equal(PassageStatus.Exact, result.Status);
        Assert.Equal(Text.LastIndexOf("The prison", StringComparison.Ordinal), result.Passage!.Start);
    }

    [Fact]
    public void Resolve_OccurrenceBeyondCount_ReturnsNotFound()
    {
        var result = Resolver().Resolve("The prison holds 5,000 militants.", 3);

        Assert.Equal(PassageStatus.NotFound, result.Status);
        Assert.Contains("occurs 2 time", result.Message);
    }

    [Fact]
    public void Resolve_StraightQuotesDashAndFoldedWhitespace_ReturnsNormalizedOriginalSpan()
    {
        const string quote = "claim to have \"thwarted\" the attack - the VBIED did detonate";
        var result = Resolver().Resolve(quote);

        Assert.Equal(PassageStatus.Normalized, result.Status);
        var start = Text.IndexOf("claim to have", StringComparison.Ordinal);
        var end = Text.IndexOf("detonate", StringComparison.Ordinal) + "detonate".Length;
        Assert.Equal(start, result.Passage!.Start);
        Assert.Equal(end, result.Passage.End);
        Assert.Equal(Text[start..end], result.Passage.Exact);
    }

    [Theory]
    [InlineData("خلايا إرهابية \"عنقودية\" مرتبطة", "خلايا إرهابية «عنقودية» مرتبطة")]
    [InlineData("le 'front' tient", "le ‹front› tient")]
    [InlineData("خلايا إرهابية «عنقودية» مرتبطة", "خلايا إرهابية \u201Cعنقودية\u201D مرتبطة")]
    public void Resolve_GuillemetsAndOtherQuotes_MatchEachOther(string quote, string archived)
    {
        var result = Resolver("Before. " + archived + " after.").Resolve(quote);

        Assert.Equal(PassageStatus.Normalized, result.Status);
        Assert.Equal(archived, result.Passage!.Exact);
    }

    [Fact]
    public void Resolve_QuoteBrokenAcrossLines_ReturnsNormalized()
    {
        var result = Resolver().Resolve("The prison holds 5,000 militants. The SDF claim", null);

        Assert.Equal(PassageStatus.Normalized, result.Status);
        Assert.Equal(0, result.Passage!.Start);
        Assert.Equal("The prison holds 5,000 militants.\nThe SDF claim", result.Passage.Exact);
    }

    [Fact]
    public void Resolve_StraightApostrophe_MatchesCurly()
    {
        var result = Resolver().Resolve("Syria's north");

        Assert.Equal(PassageStatus.Normalized, result.Status);
        Assert.Equal("Syria\u2019s north", result.Passage!.Exact);
    }

    [Fact]
    public void Resolve_Missing_ReturnsNotFoundWithNearestCandidate()
    {
        var result = Resolver().Resolve("the SDF claimed to have thwarted the assault");

        Assert.Equal(PassageStatus.NotFound, result.Status);
        Assert.Null(result.Passage);
        Assert.NotEmpty(result.Candidates);
        Assert.Contains("SDF claim to have", result.Candidates[0].Passage.Exact);
    }

    [Fact]
    public void Resolve_Unrelated_ReturnsNotFoundWithoutCandidates()
    {
        var result = Resolver().Resolve("completely unrelated words here");

        Assert.Equal(PassageStatus.NotFound, result.Status);
        Assert.Empty(result.Candidates);
    }

    [Fact]
    public void Resolve_TextWithAstralCharacters_GivesCodePointOffsets()
    {
        const string text = "\U0001F600 emoji then الحسكة prison";
        var result = Resolver(text).Resolve("الحسكة");

        Assert.Equal(PassageStatus.Exact, result.Status);
        Assert.Equal(text.IndexOf("الحسكة", StringComparison.Ordinal) - 1, result.Passage!.Start);
        Assert.Equal(result.Passage.Start + 6, result.Passage.End);
    }

    [Fact]
    public void ParagraphAt_CountsNonBlankLines()
    {
        var resolver = Resolver();

        Assert.Equal(1, resolver.ParagraphAt(0));
        Assert.Equal(2, resolver.ParagraphAt(Text.IndexOf("VBIED", StringComparison.Ordinal)));
        Assert.Equal(4, resolver.ParagraphAt(Text.IndexOf("Syria", StringComparison.Ordinal)));
    }

    [Fact]
    public void Context_GivesAboutASentenceEachSide()
    {
        var resolver = Resolver("One. Two before. The quote here. After one. After two. Three.");
        var passage = resolver.Resolve("The quote here.").Passage!;

        var (before, after) = resolver.Context(passage);

        Assert.Equal("Two before. ", before);
        Assert.Equal(" After one.", after);
    }
}
