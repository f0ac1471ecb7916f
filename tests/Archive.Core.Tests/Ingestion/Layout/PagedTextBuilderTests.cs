using Archive.Core.Ingestion.Layout;

namespace Archive.Core.Tests.Ingestion.Layout;

public sealed class PagedTextBuilderTests
{
    [Fact]
    public void AddTextPage_RightToLeftLinesInVisualOrder_EachWordBoxedOnItsOwnLine()
    {
        // Two Arabic lines as the page text has them (logical order), and their words as pdftotext -bbox-layout gives
        // them: left to right, each word's letters reversed. بلدية (line 1) is also inside البلدية (line 2).
        const string Page = "أعلنت بلدية القامشلي عن افتتاح مكتبة\nوقال رئيس البلدية إن المكتبة تضم 5000 كتاب\n";
        var lines = Page.TrimEnd('\n').Split('\n');
        var words = new List<PositionedWord>();
        for (var line = 0; line < lines.Length; line++)
        {
            var logical = lines[line].Split(' ');
            for (var i = logical.Length - 1; i >= 0; i--)
            {
                var visual = logical[i].Any(char.IsAsciiDigit) ? logical[i] : new string(logical[i].Reverse().ToArray());
                var x = (logical.Length - 1 - i) * 50;
                words.Add(new PositionedWord(visual, line, new LayoutBox(x, 30 + (line * 40), x + 45, 50 + (line * 40))));
            }
        }

        var builder = new PagedTextBuilder();
        builder.AddTextPage(Page, words, 600, 800);
        var (text, _, layout) = builder.Build();

        Assert.Equal(words.Count, layout.Words.Count);
        foreach (var word in layout.Words)
        {
            var lineOfText = text[..word.Start].Count(c => c == '\n');
            Assert.True(word.Box.Y0 == 30 + (lineOfText * 40), $"[{word.Start}, {word.End}) '{text[word.Start..word.End]}' is on line {lineOfText + 1} but boxed at y {word.Box.Y0}");
        }

        Assert.Equal(layout.Words.Count, layout.Words.Select(w => w.Start).Distinct().Count());
        var baladiya = Page.IndexOf("بلدية", StringComparison.Ordinal);
        Assert.Contains(layout.Words, w => w.Start == baladiya && w.End == baladiya + 5);
    }

    [Fact]
    public void AddTextPage_LatinNameInsideAnArabicLine_BoxedOnItsOwnLine()
    {
        const string Page = "John Smith met the mayor\nقال John Smith أمس\n";
        // As pdftotext gives them, left to right: line 2's Arabic words reversed in letters, the Latin run as it reads.
        PositionedWord Word(string text, int line, int x) => new(text, line, new LayoutBox(x, 30 + (line * 40), x + 40, 50 + (line * 40)));
        List<PositionedWord> words =
        [
            Word("John", 0, 0), Word("Smith", 0, 50), Word("met", 0, 100), Word("the", 0, 150), Word("mayor", 0, 200),
            Word("سمأ", 1, 0), Word("John", 1, 50), Word("Smith", 1, 100), Word("لاق", 1, 150),
        ];

        var builder = new PagedTextBuilder();
        builder.AddTextPage(Page, words, 600, 800);
        var (text, _, layout) = builder.Build();

        Assert.Equal(words.Count, layout.Words.Select(w => w.Start).Distinct().Count());
        foreach (var word in layout.Words)
        {
            var lineOfText = text[..word.Start].Count(c => c == '\n');
            Assert.True(word.Box.Y0 == 30 + (lineOfText * 40), $"'{text[word.Start..word.End]}' at {word.Start} is on line {lineOfText + 1} but boxed at y {word.Box.Y0}");
        }
    }
}
