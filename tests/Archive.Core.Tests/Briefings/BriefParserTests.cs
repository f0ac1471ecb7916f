using Archive.Core.Briefings;
using Markdig;
using Markdig.Syntax;

namespace Archive.Core.Tests.Briefings;

public sealed class BriefParserTests
{
    private readonly BriefParser _parser = new();

    [Fact]
    public void Parse_FrontMatterAndCitations_GivesFieldsAndLocations()
    {
        const string brief = "---\ntitle: Hasakah\nauthor: A. Analyst\nmarking: UNCLASSIFIED\n---\n\nThe SDF said [@thread \"thwarted\"] and\nlater [@875f02944d14 \u201Cfully responsible\u201D #2].\n";

        var doc = _parser.Parse("b.md", brief);

        Assert.Empty(doc.Problems);
        Assert.Equal("Hasakah", doc.FrontMatter!.Title);
        Assert.Equal("A. Analyst", doc.FrontMatter.Author);
        Assert.Equal(2, doc.Citations.Count);
        Assert.Equal(new BriefCitation(1, "thread", "thwarted", null, 7, 14), doc.Citations[0]);
        Assert.Equal(new BriefCitation(2, "875f02944d14", "fully responsible", 2, 8, 7), doc.Citations[1]);
    }

    [Fact]
    public void Parse_OccurrenceAfterTheId_IsTheSameAsAfterTheQuote()
    {
        const string brief = "---\ntitle: T\n---\nA [@b90dd6f97a7b#2 \"prison was attacked\"], [@b90dd6f97a7b#2\"prison was attacked\"] and [@b90dd6f97a7b \"prison was attacked\" #2].\n";

        var doc = _parser.Parse("b.md", brief);

        Assert.Empty(doc.Problems);
        Assert.All(doc.Citations, c => Assert.Equal(2, c.Occurrence));
        Assert.All(doc.Citations, c => Assert.Equal("prison was attacked", c.Quote));
    }

    [Theory]
    [InlineData("A [@72257150c52b in January 2022] b.", "does not quote")]
    [InlineData("A [@72257150c52b 'in January 2022'] b.", "does not quote")]
    [InlineData("A [@72257150c52b \u00ABin January 2022\u00BB] b.", "does not quote")]
    [InlineData("A [@ \"in January 2022\"] b.", "names no source")]
    [InlineData("A [@72257150c52b#abc \"in January 2022\"] b.", "an occurrence is # and a number")]
    [InlineData("A [@72257150c52b#2 \"in January 2022\" #3] b.", "names occurrence #2 and #3")]
    public void Parse_SomethingThatStartsLikeACitationButIsNone_IsAProblemAtItsPlace(string body, string message)
    {
        var doc = _parser.Parse("b.md", "---\ntitle: T\n---\n" + body + "\n");

        var problem = Assert.Single(doc.Problems);
        Assert.Equal((4, 3), (problem.Line, problem.Column));
        Assert.Contains(message, problem.Message, StringComparison.Ordinal);
        Assert.False(doc.IsValid);
    }

    [Theory]
    [InlineData("title: Claim [@deadbeefdead \"fabricated\"]\n", 2, "title")]
    [InlineData("title: T\nsummary: |-\n  The SDF said [@72257150c52b \"we released everyone\"].\n", 3, "summary")]
    public void Parse_CitationInTheFrontMatter_IsAProblemNotPrintedUnchecked(string frontMatter, int line, string key)
    {
        var doc = _parser.Parse("b.md", "---\n" + frontMatter + "---\n\nBody.\n");

        // One problem, at its place: a refused title is not also reported missing.
        var problem = Assert.Single(doc.Problems);
        Assert.Contains($"a citation in '{key}' is not checked against the archive", problem.Message, StringComparison.Ordinal);
        Assert.Equal(line, problem.Line);
    }

    [Fact]
    public void Parse_TitleThatIsAList_IsOneProblemAtItsPlace()
    {
        var doc = _parser.Parse("b.md", "---\ntitle: [one, two]\n---\n\nBody.\n");

        var problem = Assert.Single(doc.Problems);
        Assert.Equal("'title' must be a single text value", problem.Message);
        Assert.Equal(2, problem.Line);
    }

    [Fact]
    public void Parse_NoTitle_SaysSo()
    {
        var doc = _parser.Parse("b.md", "---\nauthor: A\n---\n\nBody.\n");

        Assert.Equal("the front matter has no 'title'", Assert.Single(doc.Problems).Message);
    }

    [Fact]
    public void Parse_HtmlComments_AreNeitherPrintedNorCheckedAndLaterPlacesStay()
    {
        const string brief = "---\ntitle: T\n---\nA [@one \"first\"] <!-- note: [@nope \"x\"] --> end.\n\n<!-- TODO: source B is a sock puppet,\ndo not mention [@two \"y\"] -->\n\nB [@three \"last\"].\n";

        var doc = _parser.Parse("b.md", brief);

        Assert.Empty(doc.Problems);
        Assert.Equal(["one", "three"], doc.Citations.Select(c => c.Id));
        Assert.Equal((9, 3), (doc.Citations[1].Line, doc.Citations[1].Column));
        var printed = string.Concat(doc.Markdown!.Descendants<Markdig.Syntax.Inlines.LiteralInline>().Select(l => l.Content.ToString()));
        Assert.DoesNotContain("TODO", printed, StringComparison.Ordinal);
        Assert.DoesNotContain("note", printed, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_HtmlCommentInsideCode_StaysAsWritten()
    {
        const string brief = "---\ntitle: T\n---\nWrite `<!-- hidden -->` to hide a note.\n\n```\n<!-- kept -->\n```\n";

        var doc = _parser.Parse("b.md", brief);

        Assert.Empty(doc.Problems);
        Assert.Contains(doc.Markdown!.Descendants<Markdig.Syntax.Inlines.CodeInline>(), c => c.Content == "<!-- hidden -->");
        Assert.Contains(doc.Markdown!.Descendants<Markdig.Syntax.FencedCodeBlock>(), b => b.Lines.ToString().Contains("<!-- kept -->", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData('[')]
    [InlineData('>')]
    public void Parse_NestedPastMarkdigLimit_ReportsProblemInsteadOfThrowing(char opener)
    {
        var brief = "---\ntitle: T\n---\n" + string.Join(" ", Enumerable.Repeat(opener, 20000)) + " deep\n";

        var doc = _parser.Parse("b.md", brief);

        var problem = Assert.Single(doc.Problems);
        Assert.Equal((1, 1), (problem.Line, problem.Column));
        Assert.Contains("nested too deeply", problem.Message, StringComparison.Ordinal);
        Assert.False(doc.IsValid);
    }

    [Fact]
    public void Parse_QuoteWithInnerCurlyAndStraightQuotes_KeepsThem()
    {
        const string brief = "---\ntitle: T\n---\nx [@id \"the SDF claim to have \u201Cthwarted\u201D the\"] and [@id \"far* from a \"thwarted\" attack\"]\n";

        var doc = _parser.Parse("b.md", brief);

        Assert.Empty(doc.Problems);
        Assert.Equal("the SDF claim to have \u201Cthwarted\u201D the", doc.Citations[0].Quote);
        Assert.Equal("far* from a \"thwarted\" attack", doc.Citations[1].Quote);
    }

    [Fact]
    public void Parse_QuoteBrokenAcrossLines_FoldsTheBreakToOneSpace()
    {
        const string brief = "---\ntitle: T\n---\nA claim [@id \"the consequences extend\n   far beyond the walls\"].\n";

        var doc = _parser.Parse("b.md", brief);

        Assert.Equal("the consequences extend far beyond the walls", doc.Citations.Single().Quote);
        Assert.Equal(4, doc.Citations[0].Line);
        Assert.Equal(9, doc.Citations[0].Column);
    }

    [Fact]
    public void Parse_MalformedFrontMatter_ReportsLineAndColumn()
    {
        const string brief = "---\ntitle: T\nauthor: [unclosed\ndate: 2026\n---\nbody\n";

        var doc = _parser.Parse("b.md", brief);

        var problem = Assert.Single(doc.Problems);
        Assert.StartsWith("b.md:", problem.ToString());
        Assert.Contains("malformed front matter", problem.Message);
        // The unclosed '[' of "author: [unclosed" on line 3.
        Assert.Equal((3, 9), (problem.Line, problem.Column));
        Assert.False(doc.IsValid);
    }

    [Fact]
    public void Parse_BadIndentation_PointsAtTheLine()
    {
        const string brief = "---\ntitle: T\n  author: x\n---\nbody\n";

        var doc = _parser.Parse("b.md", brief);

        // The ':' after the indented "author" on line 3.
        var problem = Assert.Single(doc.Problems);
        Assert.Equal((3, 9), (problem.Line, problem.Column));
    }

    [Fact]
    public void Parse_NoFrontMatter_IsAProblem()
    {
        var doc = _parser.Parse("b.md", "# Just a heading\n");

        Assert.Contains(doc.Problems, p => p.Message.Contains("front matter"));
    }

    [Fact]
    public void Parse_UnclosedOrEmptyCitation_IsAProblemWithLocation()
    {
        const string brief = "---\ntitle: T\n---\nFirst [@id] then\n\nsecond [@id \"never closed\n";

        var doc = _parser.Parse("b.md", brief);

        Assert.Equal(2, doc.Problems.Count);
        Assert.Equal((4, 7), (doc.Problems[0].Line, doc.Problems[0].Column));
        Assert.Equal((6, 8), (doc.Problems[1].Line, doc.Problems[1].Column));
    }

    [Fact]
    public void Parse_RawHtml_IsEscapedOnOutput()
    {
        const string brief = "---\ntitle: T\n---\n<script>alert(1)</script>\n\nText <img src=x onerror=alert(1)> [@id \"q\"]\n";

        var doc = _parser.Parse("b.md", brief);
        var html = doc.Markdown!.ToHtml(_parser.Pipeline);

        Assert.DoesNotContain("<script", html);
        Assert.DoesNotContain("<img", html);
        Assert.Contains("&lt;script&gt;", html);
        Assert.Contains("<q class=\"cited\" dir=\"auto\">q</q><sup class=\"cite\"><a id=\"ref-1\" href=\"#note-1\">1</a></sup>", html);
    }

    [Fact]
    public void ParseFile_OverOneMegabyte_IsRejected()
    {
        var path = Path.Combine(Path.GetTempPath(), $"big-{Guid.NewGuid():N}.md");
        try
        {
            File.WriteAllText(path, "---\ntitle: T\n---\n" + new string('x', BriefParser.MaxBytes));

            var doc = _parser.ParseFile(path);

            var problem = Assert.Single(doc.Problems);
            Assert.Contains("limit", problem.Message);
            Assert.Equal(1, problem.Line);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData(new byte[] { 0xFF }, 5, 6, 23)] // a byte that starts nothing
    [InlineData(new byte[] { 0xD8, 0xB3, 0xD8 }, 5, 7, 25)] // a character cut short after one whole Arabic letter
    public void ParseFile_NotUtf8_NamesTheLineColumnAndByteOfTheFirstBadByte(byte[] bad, int line, int column, int offset)
    {
        var path = Path.Combine(Path.GetTempPath(), $"bad-{Guid.NewGuid():N}.md");
        try
        {
            File.WriteAllBytes(path, [.. "---\ntitle: t\n---\n\nText "u8, .. bad, .. " here\n"u8]);

            var problem = Assert.Single(_parser.ParseFile(path).Problems);

            Assert.Equal((line, column), (problem.Line, problem.Column));
            Assert.StartsWith($"the brief is not valid UTF-8: byte {offset} (0x", problem.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
