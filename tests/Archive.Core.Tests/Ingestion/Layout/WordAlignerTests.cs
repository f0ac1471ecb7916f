using Archive.Core.Ingestion.Layout;

namespace Archive.Core.Tests.Ingestion.Layout;

public sealed class WordAlignerTests
{
    private const string ArabicLine = "في ٢٠ كانون الثاني ٢٠٢٢، وقالت الحكومة\n";

    [Theory]
    [InlineData("يناثلا", "الثاني")]      // pdftotext -bbox-layout writes Arabic letters in visual order
    [InlineData("،٢٠٢٢", "٢٠٢٢،")]       // and a number's digits left to right, the comma before them
    [InlineData("٢٠", "٢٠")]
    [InlineData("تلاقو", "وقالت")]
    public void Find_VisualOrderArabicWord_FindsItInLogicalText(string visual, string logical)
    {
        var found = WordAligner.Find(ArabicLine, visual, 0);

        Assert.Equal((ArabicLine.IndexOf(logical, StringComparison.Ordinal), logical.Length), found);
    }

    [Fact]
    public void Find_RepeatedWord_TakesTheOccurrenceAfterTheCursor()
    {
        const string Page = "the cat and the dog\n";

        Assert.Equal((12, 3), WordAligner.Find(Page, "the", 4));
        Assert.Equal((0, 3), WordAligner.Find(Page, "the", 0));
    }

    [Fact]
    public void Find_WordAlsoInsideALongerWord_TakesTheWholeWord()
    {
        const string Page = "رئيس البلدية\nأعلنت بلدية القامشلي\n";

        // بلدية, in visual order, from the start: not the end of البلدية on the line before.
        Assert.Equal((Page.IndexOf(" بلدية", StringComparison.Ordinal) + 1, 5), WordAligner.Find(Page, "ةيدلب", 0));
        Assert.Equal((9, 3), WordAligner.Find("category cat\n", "cat", 0));
    }

    [Fact]
    public void Find_WordNotOnThePage_ReturnsNull() => Assert.Null(WordAligner.Find("some text\n", "absent", 0));
}
