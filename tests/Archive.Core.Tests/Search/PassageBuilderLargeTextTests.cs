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
}
