using System.Text;
using Archive.Core.Ingestion;

namespace Archive.Core.Tests.Ingestion;

public sealed class HtmlExtractorTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly HtmlExtractor _extractor = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Extract_ScriptsStylesAndHiddenElements_NeverInText()
    {
        const string html = """
            <!doctype html><html><head><title>T</title><style>p { color: red }</style>
            <script>var headScript = 1;</script></head>
            <body><p>Visible <script>alert(1)</script>words</p>
            <noscript>Enable JavaScript</noscript><template><p>template text</p></template>
            <div hidden>hidden attribute</div><span style="color: red; DISPLAY : none">inline none</span>
            <svg><text>svg text</text></svg><iframe>iframe text</iframe><object>object text</object>
            <style>.late { display: none }</style><p>End</p></body></html>
            """;

        var doc = Extract(html);

        Assert.Equal("Visible words\n\nEnd", doc.Text);
        foreach (var hidden in new[] { "alert", "color", "headScript", "JavaScript", "template", "hidden", "none", "svg", "iframe", "object", "late" })
        {
            Assert.DoesNotContain(hidden, doc.Text, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("<html><head><title>Statement</title></head><body><p>The convoy left at dawn.</p><p class=x\uFFFF>He denied any casualties.</p><p>Forty people were killed.</p></body></html>",
        "The convoy left at dawn.\n\nHe denied any casualties.\n\nForty people were killed.", "Statement")]
    [InlineData("<html><head><title>State\uFFFFment</title><style>p{}\uFFFF</style></head><body><p>Forty \uFDD0 people were killed.</p></body></html>",
        "Forty \uFDD0 people were killed.", "State\uFFFFment")]
    public void Extract_NoncharacterFFFF_IsNotTakenForTheEndOfTheFile(string html, string text, string title)
    {
        // AngleSharp reads U+FFFF as its end-of-file mark in a tag, the title or a style: everything after it was lost.
        var doc = Extract(html);

        Assert.Equal(text, doc.Text);
        Assert.Equal(title, doc.Metadata["title"]);
    }

    [Fact]
    public void Extract_NestedDeeperThanADomShouldGo_ReadWithoutOneToTheSameText()
    {
        // AngleSharp's tree building is quadratic in depth: 100,000 nested divs (1.1 MB) took 249 s.
        var deep = "<html><head><title>Deep</title></head><body><p>Before.</p>" + string.Concat(Enumerable.Repeat("<div>", 50_000))
            + "Inside the nest." + string.Concat(Enumerable.Repeat("</div>", 50_000)) + "<p>After.</p></body></html>";
        var shallow = "<html><head><title>Deep</title></head><body><p>Before.</p><div><div>Inside the nest.</div></div><p>After.</p></body></html>";

        var doc = Extract(deep);

        Assert.Equal(Extract(shallow).Text, doc.Text);
        Assert.Equal("Deep", doc.Metadata["title"]);
    }

    [Theory]
    [InlineData("<p>a<p>b<ul><li>c<li>d</ul><br><img src=x>", 1)]
    [InlineData("<div><span><b>x</b></span></div>", 3)]
    [InlineData("<div><div></div><div><div></div></div></div>", 3)]
    public void NestingEstimate_LeavesOutVoidAndSelfClosingElements(string html, int depth)
    {
        Assert.Equal(depth, HtmlVisibleText.NestingEstimate(html));
    }

    [Fact]
    public void Extract_Entities_Decoded()
    {
        var doc = Extract("<p>Tom &amp; Jerry &lt;3 &eacute;&#233;&#x263A; &quot;q&quot;&nbsp;x</p>");

        Assert.Equal("Tom & Jerry <3 \u00e9\u00e9\u263a \"q\"\u00a0x", doc.Text);
    }

    [Fact]
    public void Extract_BlocksInlineWhitespaceAndPre_FormatsLines()
    {
        const string html =
            "<body>\n  <h1>  Head\n line </h1><div>one <b>bold</b>\n\t two</div><div><div>nested</div></div>"
            + "<ul><li>x</li><li> y </li></ul><pre>  keep\n    this  </pre>"
            + "<table><tr><td>a</td><td><p>b</p></td></tr><tr><td></td><td>d</td></tr></table>"
            + "<p>left<br>right</p></body>";

        var doc = Extract(html);

        Assert.Equal(
            "Head line\n\none bold two\nnested\nx\ny\n\n  keep\n    this  \n\na\tb\n\td\n\nleft\nright",
            doc.Text);
    }

    [Fact]
    public void Extract_ParagraphsInTableCells_RowsStayOnOneLine()
    {
        const string html =
            "<p>before</p><table><thead><tr><th><p>h1</p></th><th>h2</th></tr></thead>"
            + "<tbody><tr><td><p>a</p><p>a2</p></td><td><div>b</div></td></tr><tr><td>c</td><td><p>d</p></td></tr></tbody></table><p>after</p>";

        Assert.Equal("before\n\nh1\th2\na\n\na2\tb\nc\td\n\nafter", Extract(html).Text);
    }

    [Fact]
    public void Extract_TableEndingInEmptyCell_NextParagraphOnItsOwnLine()
    {
        Assert.Equal("a\t\n\nafter", Extract("<table><tr><td>a</td><td><p></p></td></tr></table><p>after</p>").Text);
    }

    [Fact]
    public void Extract_ManyLineBreaks_CollapsedToOneBlankLine()
    {
        var doc = Extract("<p>a</p><br><br><br><br><p>b</p><pre>c\n\n\n\n\nd</pre>");

        Assert.Equal("a\n\nb\n\nc\n\nd", doc.Text);
    }

    [Fact]
    public void Extract_HeadMetadata_MetaPreferredOverTitleElement()
    {
        const string html = """
            <html lang="en-GB"><head>
            <title>Prison attack | Example News</title>
            <meta property="og:title" content="  Prison   attack ">
            <meta property="og:site_name" content="Example News">
            <meta name="author" content="Jane Doe"><meta name="AUTHOR" content="John Roe">
            <meta property="article:author" content="https://facebook.com/jane">
            <meta name="date" content="January 21, 2022">
            <meta property="article:published_time" content="2022-01-21T09:15:00+03:00">
            <link rel="alternate canonical" href="https://example.com/news/prison-attack">
            <meta property="og:url" content="https://example.com/other">
            </head><body><p>Body</p></body></html>
            """;

        var metadata = Extract(html).Metadata;

        Assert.Equal("Prison attack", metadata["title"]);
        Assert.Equal("Example News", metadata["publisher"]);
        Assert.Equal("Jane Doe; John Roe", metadata["authors"]);
        Assert.Equal("2022-01-21T09:15:00+03:00", metadata["published"]);
        Assert.Equal("https://example.com/news/prison-attack", metadata["source_url"]);
        Assert.Equal("en", metadata["language"]);
    }

    [Fact]
    public void Extract_OnlyTitleElementAndFallbacks_UsesThem()
    {
        const string html = """
            <html><head><title>
              Plain   title </title>
            <meta name="application-name" content="Site">
            <meta name="dc.date" content="2022-01-20">
            <meta property="article:author" content="https://example.com/me">
            <link rel="canonical" href="/relative/path">
            <meta property="og:url" content="https://example.com/a">
            <meta property="og:locale" content="ar_SY">
            </head><body><p>x</p></body></html>
            """;

        var metadata = Extract(html).Metadata;

        Assert.Equal("Plain title", metadata["title"]);
        Assert.Equal("Site", metadata["publisher"]);
        Assert.Equal("2022-01-20", metadata["published"]);
        Assert.Equal("https://example.com/a", metadata["source_url"]);
        Assert.Equal("ar", metadata["language"]);
        Assert.False(metadata.ContainsKey("authors"));
    }

    [Fact]
    public void Extract_NoMetadata_ReturnsEmptyDictionary()
    {
        Assert.Empty(Extract("<p>Just text</p>").Metadata);
    }

    [Fact]
    public void Extract_ArabicDecomposed_ReturnsNfcAndLanguage()
    {
        // "آ" written decomposed: ALEF (U+0627) + MADDA ABOVE (U+0653); NFC composes it to U+0622.
        var html = "<html lang=\"ar\" dir=\"rtl\"><head><title>\u0627\u0653\u062e\u0631</title></head>"
            + "<body><p>\u0627\u0653\u062e\u0631 \u0627\u0644\u0623\u062e\u0628\u0627\u0631</p></body></html>";

        var doc = Extract(html);

        Assert.Equal("\u0622\u062e\u0631 \u0627\u0644\u0623\u062e\u0628\u0627\u0631", doc.Text);
        Assert.True(doc.Text.IsNormalized(NormalizationForm.FormC));
        Assert.Equal("\u0622\u062e\u0631", doc.Metadata["title"]);
        Assert.Equal("ar", doc.Metadata["language"]);
    }

    [Fact]
    public void Extract_Windows1256WithMetaCharset_Decodes()
    {
        var bytes = Windows1256("<html><head><meta charset=\"windows-1256\"></head><body><p>\u0633\u062c\u0646 \u0627\u0644\u062d\u0633\u0643\u0629</p></body></html>");
        var path = _dir.Write("page.html", bytes);

        var doc = _extractor.Extract(path, null, CancellationToken.None);

        Assert.Equal("\u0633\u062c\u0646 \u0627\u0644\u062d\u0633\u0643\u0629", doc.Text);
        Assert.StartsWith("encoding=windows-1256(meta);", doc.Extractor.Settings, StringComparison.Ordinal);
    }

    [Fact]
    public void Extract_Windows1256WithHttpEquiv_Decodes()
    {
        var bytes = Windows1256("<meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1256\"><p>\u0633\u062c\u0646</p>");
        var path = _dir.Write("page.html", bytes);

        Assert.Equal("\u0633\u062c\u0646", _extractor.Extract(path, null, CancellationToken.None).Text);
    }

    [Fact]
    public void Extract_Windows1256DeclaredBySidecar_Decodes()
    {
        var path = _dir.Write("page.html", Windows1256("<p>\u0633\u062c\u0646</p>"));

        var doc = _extractor.Extract(path, "windows-1256", CancellationToken.None);

        Assert.Equal("\u0633\u062c\u0646", doc.Text);
        Assert.StartsWith("encoding=windows-1256(sidecar);", doc.Extractor.Settings, StringComparison.Ordinal);
    }

    [Fact]
    public void Extract_InvalidUtf8WithoutDeclaredEncoding_ThrowsUnreadable()
    {
        var path = _dir.Write("page.html", Windows1256("<p>\u0633\u062c\u0646</p>"));

        var ex = Assert.Throws<ArchiveException>(() => _extractor.Extract(path, null, CancellationToken.None));

        Assert.StartsWith("invalid UTF-8", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Extract_Utf8Bom_StrippedAndDecoded()
    {
        var bytes = new byte[] { 0xEF, 0xBB, 0xBF }.Concat(Encoding.UTF8.GetBytes("<p>caf\u00e9</p>")).ToArray();
        var path = _dir.Write("page.html", bytes);

        var doc = _extractor.Extract(path, null, CancellationToken.None);

        Assert.Equal("caf\u00e9", doc.Text);
        Assert.StartsWith("encoding=utf-8(bom);", doc.Extractor.Settings, StringComparison.Ordinal);
    }

    [Fact]
    public void Extract_Utf16LeBom_Decoded()
    {
        var bytes = new byte[] { 0xFF, 0xFE }.Concat(Encoding.Unicode.GetBytes("<p>\u0633\u062c\u0646</p>")).ToArray();
        var path = _dir.Write("page.html", bytes);

        Assert.True(_extractor.Sniff(bytes));
        Assert.Equal("\u0633\u062c\u0646", _extractor.Extract(path, null, CancellationToken.None).Text);
    }

    [Fact]
    public void Extract_DeeplyNestedMarkup_DoesNotOverflowTheStack()
    {
        var html = string.Concat(Enumerable.Repeat("<span>", 50_000)) + "deep" + string.Concat(Enumerable.Repeat("</span>", 50_000));

        Assert.Equal("deep", Extract(html).Text);
    }

    [Fact]
    public void Extract_AnyDocument_ReportsParserVersionAndRules()
    {
        var info = Extract("<p>x</p>").Extractor;

        Assert.Equal("anglesharp-html", info.Name);
        Assert.Matches(@"^\d+\.\d+\.\d+$", info.Version);
        // Written out in full: these settings are recorded in every capture's provenance, so a change must be deliberate.
        Assert.Equal(
            "encoding=utf-8;visible-text;skip=head,script,style,noscript,template,svg,iframe,object,embed,canvas,video,audio,[hidden],display:none;"
                + "blocks=newline;paragraphs=blank-line;cells=tab;br=newline;ws=collapse;pre=verbatim;max-blank-lines=1;nfc;lf",
            info.Settings);
    }

    [Theory]
    [InlineData("<!doctype html><p>x</p>")]
    [InlineData("\n\t  <html>")]
    [InlineData("\uFEFF<p>x</p>")]
    public void Sniff_Markup_ReturnsTrue(string head)
    {
        Assert.True(_extractor.Sniff(Encoding.UTF8.GetBytes(head)));
    }

    [Theory]
    [InlineData("Plain text, not markup")]
    [InlineData("<p>\0binary</p>")]
    [InlineData("   ")]
    public void Sniff_NotMarkup_ReturnsFalse(string head)
    {
        Assert.False(_extractor.Sniff(Encoding.UTF8.GetBytes(head)));
    }

    private ExtractedDocument Extract(string html) =>
        _extractor.Extract(_dir.Write("page.html", html), null, CancellationToken.None);

    private static byte[] Windows1256(string text)
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding(1256).GetBytes(text);
    }
}
