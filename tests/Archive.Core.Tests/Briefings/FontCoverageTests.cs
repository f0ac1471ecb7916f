using System.Text;
using Archive.Core.Briefings;

namespace Archive.Core.Tests.Briefings;

public sealed class FontCoverageTests
{
    [Fact]
    public void Parse_FontconfigCharsets_CoversTheirUnionOnly()
    {
        var fonts = FontCoverage.Parse("20-7e a0-17f\n600-6ff 750-77f\n41-5a 1f525\n")!;

        Assert.True(fonts.Covers('A'));
        Assert.True(fonts.Covers(0x0628)); // ب
        Assert.True(fonts.Covers(0x1F525)); // a single code point
        Assert.False(fonts.Covers(0x96BE));
        Assert.False(fonts.Covers(0x1F));
        Assert.False(fonts.Covers(0x700));
    }

    [Fact]
    public void Missing_NamesEachUndrawnCharacterOnceAndSkipsInvisibleOnes()
    {
        var fonts = FontCoverage.Parse("20-7e 600-6ff")!;

        // A joiner, a bidi mark, a variation selector and a line break are not glyphs of their own.
        var missing = fonts.Missing("كتب 难民 难 \u200D\u200F\uFE0F\n 🔥");

        Assert.Equal([new Rune(0x96BE), new Rune(0x6C11), new Rune(0x1F525)], missing);
        Assert.Equal("U+96BE 难, U+6C11 民", FontCoverage.Name(missing.Take(2)));
    }

    [Fact]
    public void Parse_NothingReadable_IsNull() => Assert.Null(FontCoverage.Parse("charset?\n"));
}
