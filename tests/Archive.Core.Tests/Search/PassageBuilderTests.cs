using Archive.Core.Search;

namespace Archive.Core.Tests.Search;

/// <summary>Passages cut from short texts: where a passage may start and end.</summary>
public sealed class PassageBuilderTests
{
    private static readonly Analyzer Analyzer = new();

    [Theory]
    [InlineData(60, 34)]
    [InlineData(0, 120)]
    [InlineData(120, 0)]
    [InlineData(95, 1)]
    public void Build_LongSentenceRunningToTheEndOfTheText_EndsThePassageAtTheTextsEnd(int before, int after)
    {
        // One sentence longer than a passage may be, with no full stop before the text ends.
        var text = string.Concat(Enumerable.Repeat("word ", before)) + "omega " + string.Concat(Enumerable.Repeat("word ", after)) + "end";
        var rules = new[] { MatchRule.ByStems(Analyzer, "omega", Analyzer.Tokenize("omega"), "term", "omega") };

        var (passages, _) = new PassageBuilder(Analyzer).Build(text, rules, "doc", 3);

        var passage = Assert.Single(passages);
        Assert.Contains("omega", passage.Text, StringComparison.Ordinal);
        Assert.Equal(passage.Text, text[passage.Start..passage.End]);
        Assert.InRange(passage.End, text.IndexOf("omega", StringComparison.Ordinal) + 5, text.Length);
    }

    [Theory]
    [InlineData(false, "convoys:stem convoy:fuzzy convoy:fuzzy")]
    [InlineData(true, "convoys:prefix convoy:prefix convoy attacked:phrase")]
    public void Matches_SeveralRulesMatchAToken_TheFirstInQueryOrderNamesIt(bool phraseAndPrefixFirst, string expected)
    {
        const string text = "convoys convoy convoy attacked";
        var exact = new MatchRule(["convoy"], ByStem: false, LastIsPrefix: false, "fuzzy", "konvoy~1", "convoy");
        var stem = MatchRule.ByStems(Analyzer, "convoy", Analyzer.Tokenize("convoy"), "term", "convoy");
        var prefix = new MatchRule(["con"], ByStem: false, LastIsPrefix: true, "prefix", "con*");
        var phrase = new MatchRule(["convoy", "attacked"], ByStem: false, LastIsPrefix: false, "phrase", "convoy attacked");
        MatchRule[] rules = phraseAndPrefixFirst ? [phrase, prefix, exact, stem] : [exact, stem, prefix, phrase];

        var matches = new PassageBuilder(Analyzer).Matches(text, rules, LanguageChain.Default, 10, null, CancellationToken.None);

        Assert.Equal(expected, string.Join(' ', matches.Select(m => $"{m.Text}:{m.Reason}")));
    }

    [Fact]
    public void Build_MatchInsideAnotherMatch_IsMarkedOnceButBothReasonsAreGiven()
    {
        const string text = "Fighters left al-Hasakeh at dawn.";
        var rules = new[]
        {
            MatchRule.ByStems(Analyzer, "al-Hasakeh", Analyzer.Tokenize("al-Hasakeh"), "alias", "al-Hasakeh"),
            MatchRule.ByStems(Analyzer, "Hasakeh", Analyzer.Tokenize("Hasakeh"), "term", "Hasakeh"),
        };

        var (passages, why) = new PassageBuilder(Analyzer).Build(text, rules, "doc", 3);

        var match = Assert.Single(Assert.Single(passages).Matches);
        Assert.Equal("al-Hasakeh", text[match.Start..match.End]);
        Assert.Equal(2, why.Count);
    }
}
