using System.Text;
using Archive.Core.Search;

namespace Archive.Core.Tests.Search;

/// <summary>Passages of a text of several megabytes: read in pieces, stopping once there is enough, and cancellable.</summary>
public sealed class PassageBuilderLargeTextTests
{
    private static readonly Analyzer Analyzer = new();

    private static string LargeText()
    {
        var text = new StringBuilder("The convoy reached Hasakah at dawn.\n");
        while (text.Length < 3 * PassageBuilder.LargeText)
        {
            text.Append("Filler line about nothing in particular, repeated to make the text large.\n");
        }

        return text.Append("A second convoy reached Hasakah at dusk.\n").ToString();
    }

    [Fact]
    public void Build_LargeText_FindsPassagesWithCodePointOffsetsIntoTheWholeText()
    {
        var text = LargeText();
        var rules = new[] { MatchRule.ByStems(Analyzer, "dusk", Analyzer.Tokenize("dusk"), "term", "dusk") };

        var (passages, why) = new PassageBuilder(Analyzer).Build(text, rules, "doc", 3);

        var passage = Assert.Single(passages);
        Assert.Equal("A second convoy reached Hasakah at dusk.", passage.Text);
        Assert.Equal(text.LastIndexOf("A second", StringComparison.Ordinal), passage.Start);
        Assert.Equal(passage.Text, text[passage.Start..passage.End]);
        Assert.Equal(["term: dusk"], why);
    }

    [Fact]
    public void Build_LargeTextCancelled_Stops()
    {
        var rules = new[] { MatchRule.ByStems(Analyzer, "dusk", Analyzer.Tokenize("dusk"), "term", "dusk") };
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() => new PassageBuilder(Analyzer).Build(LargeText(), rules, "doc", 3, null, cancelled.Token));
    }

    /// <summary>A large text of filler lines with <paramref name="insert"/> placed so that it starts at code point <paramref name="at"/>.</summary>
    private static string LargeTextWith(string insert, int at)
    {
        var text = new StringBuilder();
        while (text.Length < at)
        {
            text.Append("Filler line about nothing in particular, repeated to make the text large.\n");
        }

        text.Length = at - 1;
        text.Append(' ').Append(insert).Append('\n');
        while (text.Length < 3 * PassageBuilder.LargeText)
        {
            text.Append("Filler line about nothing in particular, repeated to make the text large.\n");
        }

        return text.ToString();
    }

    [Fact]
    public void Build_LargeTextPhraseAcrossTheEndOfAWindow_IsFound()
    {
        // "zulu" is where the first place is; "yankee" runs over 1,024 code points after it, so the window around "zulu"
        // (1,024 on each side, widened to a space) ends between "yankee" and "xray".
        const int zulu = 2_000_000;
        var text = LargeTextWith("zulu" + new string(' ', 1_016) + "yankee xray", zulu);
        Assert.Equal(zulu + 1_020, text.IndexOf("yankee", StringComparison.Ordinal));
        var yankee = text.IndexOf("yankee", StringComparison.Ordinal);
        var rules = new[]
        {
            MatchRule.ByStems(Analyzer, "zulu", Analyzer.Tokenize("zulu"), "term", "zulu"),
            new MatchRule(["yankee", "xray"], ByStem: false, LastIsPrefix: false, Reason: "phrase", Source: "yankee xray"),
        };

        var (passages, why) = new PassageBuilder(Analyzer).Build(text, rules, "doc", 3, null, [(zulu, 0), (yankee, 1)], CancellationToken.None);

        Assert.Equal(["term: zulu", "phrase: yankee xray"], why);
        Assert.Contains(passages, p => p.Matches.Any(m => m.Reason == "phrase" && m.Start == yankee && text[m.Start..m.End] == "yankee xray"));
    }

    [Fact]
    public void Build_LargeTextPlacesPastItsEnd_AreIgnored()
    {
        var text = LargeText();
        var rules = new[] { MatchRule.ByStems(Analyzer, "dusk", Analyzer.Tokenize("dusk"), "term", "dusk") };
        var dusk = text.LastIndexOf("dusk", StringComparison.Ordinal);

        // An index that does not match the text (a restored catalog, say) may place a term past its end.
        var (passages, why) = new PassageBuilder(Analyzer).Build(text, rules, "doc", 3, null, [(dusk, 0), (text.Length + 5_000, 0)], CancellationToken.None);

        Assert.Equal("A second convoy reached Hasakah at dusk.", Assert.Single(passages).Text);
        Assert.Equal(["term: dusk"], why);
    }
}
