using System.Text;
using Archive.Core.Ingestion;
using Archive.Core.Storage;

namespace Archive.Core.Tests.Ingestion;

/// <summary>The streaming extraction of large HTML gives the DOM walk's text and metadata for ordinary pages.</summary>
public sealed class HtmlStreamingTextTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly HtmlExtractor _extractor = new();

    public void Dispose() => _dir.Dispose();

    public static TheoryData<string> Pages => new()
    {
        """
        <!doctype html><html><head><title>T</title><style>p { color: red }</style>
        <script>var headScript = 1; if (a < b) { document.write("</p>"); }</script></head>
        <body><p>Visible <script>alert(1)</script>words</p>
        <noscript>Enable JavaScript</noscript><template><p>template text</p></template>
        <div hidden>hidden attribute</div><span style="color: red; DISPLAY : none">inline none</span>
        <svg><text>svg text</text><path d="M0 0"/></svg><iframe>iframe text</iframe><object>object text</object>
        <style>.late { display: none }</style><p>End</p></body></html>
        """,
        "<p>Tom &amp; Jerry &lt;3 &eacute;&#233;&#x263A; &quot;q&quot;&nbsp;x &copy 2024 &notit; &#150; &#0; &unknown; a&b</p>",
        "<body>\n  <h1>  Head\n line </h1><div>one <b>bold</b>\n\t two</div><div><div>nested</div></div>"
            + "<ul><li>x</li><li> y </li></ul><pre>  keep\n    this  </pre>"
            + "<table><tr><td>a</td><td><p>b</p></td></tr><tr><td></td><td>d</td></tr></table>"
            + "<p>left<br>right</p></body>",
        "<p>before</p><table><thead><tr><th><p>h1</p></th><th>h2</th></tr></thead>"
            + "<tbody><tr><td><p>a</p><p>a2</p></td><td><div>b</div></td></tr><tr><td>c</td><td><p>d</p></td></tr></tbody></table><p>after</p>",
        "<table><tr><td>a</td><td><p></p></td></tr></table><p>after</p>",
        "<p>a</p><br><br><br><br><p>b</p><pre>c\n\n\n\n\nd</pre>",
        // Implied ends: unclosed paragraphs and list items, cells and rows without end tags, headings in headings.
        "<!DOCTYPE html>\r\n<html lang=\"en\">\r\n<head>\r\n<meta charset=\"utf-8\">\r\n<title>Report</title>\r\n</head>\r\n<body>\r\n"
            + "<header><nav><ul><li><a href=\"/\">Home</a><li><a href=\"/news\">News</a></ul></nav></header>\r\n"
            + "<main><article><h1>The <em>convoy</em> reached the border</h1><p>First paragraph<p>Second paragraph, with a "
            + "<a href=\"x\">link</a> and <strong>bold</strong> text.\r\n<blockquote>A quote</blockquote>"
            + "<h2>Figures<h3>Sub</h3></h2><table><caption>Counts</caption><tr><th>Town<th>People<tr><td>A<td>10<tr><td>B<td>20</table>"
            + "<dl><dt>term<dd>definition<dt>other<dd>more</dl><figure><img src=a.png alt=\"chart\"><figcaption>Chart 1</figcaption></figure>"
            + "<!-- a comment with <p>markup</p> --><p>After comment</p><pre>\nfirst line kept\n  indented</pre>"
            + "<textarea>\ntyped text</textarea><select><option>One<option>Two</select>"
            + "<p>Text &mdash; with entities &amp; numbers &#1605;&#1585;&#1581;&#1576;&#1575;</p></article>"
            + "<aside hidden><p>secret</p></aside><div style=\"display:none\"><p>also secret</p></div></main>\r\n"
            + "<footer><p>&copy; 2024 Publisher</p></footer>\r\n</body>\r\n</html>\r\n",
        // No doctype (quirks), text before the body, content after </html>.
        "<title>Old page</title>Loose text<p>para<table><tr><td>cell</table>tail</p></body></html>\n<p>late</p>",
        "<html><head><meta name=\"author\" content=\"A\"></head><body><div><span>x</span> <span>y</span></div>\n\n<div>\u0627\u0644\u0639\u0631\u0628\u064a\u0629 cafe\u0301</div></body></html>",
        "<body><ol><li>one<ul><li>nested</ul><li>two</ol><p>x<div>block in p</div>y</p><xmp><b>raw</b></xmp><plaintext><p>all text",
    };

    [Theory]
    [MemberData(nameof(Pages))]
    public void ExtractInto_OrdinaryPage_SameTextAndMetadataAsTheDomWalk(string html)
    {
        var path = _dir.Write("page.html", html);
        var dom = _extractor.Extract(path, null, CancellationToken.None);

        var (streamed, text) = Stream(path, null);

        Assert.Equal(dom.Text, text);
        Assert.Equal(dom.Extractor, streamed.Extractor);
        Assert.Equal(dom.Metadata.OrderBy(p => p.Key), streamed.Metadata.OrderBy(p => p.Key));
    }

    [Fact]
    public void ExtractInto_Windows1256WithMetaCharsetAndUtf16Bom_SameTextAsTheDomWalk()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var meta = _dir.Write("meta.html", Encoding.GetEncoding(1256).GetBytes("<meta charset=\"windows-1256\"><p>\u0633\u062c\u0646</p>"));
        var utf16 = _dir.Write("utf16.html", new byte[] { 0xFF, 0xFE }.Concat(Encoding.Unicode.GetBytes("<p>\u0633\u062c\u0646 😀</p>")).ToArray());

        foreach (var path in new[] { meta, utf16 })
        {
            var dom = _extractor.Extract(path, null, CancellationToken.None);
            var (streamed, text) = Stream(path, null);
            Assert.Equal(dom.Text, text);
            Assert.Equal(dom.Extractor.Settings, streamed.Extractor.Settings);
        }
    }

    [Fact]
    public void ExtractInto_InvalidUtf8_UnreadableLikeTheDomWalk()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var path = _dir.Write("page.html", Encoding.GetEncoding(1256).GetBytes("<p>\u0633\u062c\u0646</p>"));

        var ex = Assert.Throws<ArchiveException>(() => Stream(path, null));

        Assert.StartsWith("invalid UTF-8", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ExtractInto_DeeplyNestedMarkup_SameText()
    {
        var html = string.Concat(Enumerable.Repeat("<div><span>", 20_000)) + "deep" + string.Concat(Enumerable.Repeat("</span></div>", 20_000));
        var path = _dir.Write("page.html", html);

        Assert.Equal(_extractor.Extract(path, null, CancellationToken.None).Text, Stream(path, null).Text);
    }

    private (ExtractedDocument Document, string Text) Stream(string path, string? encoding)
    {
        var store = new ContentStore(Path.Combine(_dir.Path, "blobs"));
        using var output = new CanonicalTextWriter(store.BeginStaging());
        var document = _extractor.ExtractInto(path, encoding, output, CancellationToken.None);
        var streamed = output.Complete();
        return (document, File.ReadAllText(streamed.Blob.TempPath, new UTF8Encoding(false)));
    }
}
