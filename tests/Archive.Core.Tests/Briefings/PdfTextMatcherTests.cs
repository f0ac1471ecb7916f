using Archive.Core.Briefings;

namespace Archive.Core.Tests.Briefings;

/// <summary>What Chromium prints for characters it cannot draw, as pdftotext gives it back, still matches the quote.</summary>
public sealed class PdfTextMatcherTests
{
    [Theory]
    [InlineData("\uFFFEHello", "1. \u201C Hello\u201D")] // a noncharacter is printed as a space
    [InlineData("\u001B escape and \uFFFF end", "3. \u201C\u001B escape and \uFFFD end\u201D")] // U+FFFF as U+FFFD
    [InlineData("with \u202Eoverride\u202C here", "\u201Cwith edirrevo\u202B\u202C\u202E\u202Chere\u201D")] // drawn reversed
    [InlineData("a \U0010FFFE b", "a \uFFFD b")]
    [InlineData("\u202E\U0001F600 x\u202C", "x \U0001F600")] // an emoji keeps its two halves together
    public void Contains_CharactersABrowserDrawsOtherwise_StillFound(string passage, string pdfLine)
    {
        var matcher = new PdfTextMatcher("Title · pack-0123\n" + pdfLine + "\n", "pack-0123", null);

        Assert.True(matcher.Contains(passage));
    }

    [Fact]
    public void Contains_ADifferentWord_IsNotFound()
    {
        var matcher = new PdfTextMatcher("with edirrevo here\n", "pack-0123", null);

        Assert.False(matcher.Contains("with override there"));
    }
}
