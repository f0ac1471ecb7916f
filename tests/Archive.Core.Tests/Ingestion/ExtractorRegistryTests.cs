using Archive.Core.Ingestion;

namespace Archive.Core.Tests.Ingestion;

public sealed class ExtractorRegistryTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly ExtractorRegistry _registry = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData("report.exe")]
    [InlineData("README")]
    [InlineData("page.html.bak")]
    [InlineData("doc.doc")]
    public void TryGet_UnknownExtension_ReturnsFalse(string path)
    {
        Assert.False(_registry.TryGet(path, out _));
    }

    [Theory]
    [InlineData("notes.TXT", "text/plain")]
    [InlineData("notes.txt", "text/plain")]
    [InlineData("brief.md", "text/markdown")]
    [InlineData("brief.Markdown", "text/markdown")]
    [InlineData("dir.with.dots/page.HTM", "text/html")]
    [InlineData("page.html", "text/html")]
    [InlineData("report.Pdf", "application/pdf")]
    [InlineData("memo.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")]
    public void TryGet_KnownExtensionAnyCase_ReturnsExtractorForMediaType(string path, string mediaType)
    {
        Assert.True(_registry.TryGet(path, out var extractor));
        Assert.Equal(mediaType, extractor.MediaType);
    }

    [Fact]
    public void SupportedExtensions_AllFormats_ListedLowercaseAndSorted()
    {
        Assert.Equal([".docx", ".htm", ".html", ".jpeg", ".jpg", ".markdown", ".md", ".pdf", ".png", ".tif", ".tiff", ".txt", ".webp"], _registry.SupportedExtensions);
    }

    [Fact]
    public void CheckContent_EmptyFile_ReturnsEmptyFileReason()
    {
        var path = _dir.Write("empty.txt", []);
        _registry.TryGet(path, out var extractor);

        Assert.Equal("empty file", _registry.CheckContent(extractor!, path));
    }

    [Fact]
    public void CheckContent_BinaryBytesNamedTxt_Rejected()
    {
        var path = _dir.Write("image.txt", [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D]);
        _registry.TryGet(path, out var extractor);

        Assert.Equal("content does not match .txt: binary content (NUL bytes), not text", _registry.CheckContent(extractor!, path));
    }

    [Fact]
    public void Extract_InvalidUtf8NamedTxtWithoutNul_ThrowsFromDecode()
    {
        // Latin-1 bytes pass the NUL sniff; strict UTF-8 decoding is the second line of defence.
        var path = _dir.Write("latin1.TXT", [(byte)'c', (byte)'a', (byte)'f', 0xE9, (byte)'\n']);
        Assert.True(_registry.TryGet(path, out var extractor));
        Assert.Null(_registry.CheckContent(extractor, path));

        var ex = Assert.Throws<ArchiveException>(() => extractor.Extract(path, null, CancellationToken.None));

        Assert.StartsWith("invalid UTF-8 at byte 3", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CheckContent_TextNamedPdf_Rejected()
    {
        var path = _dir.Write("report.PDF", "Meeting notes, typed up.\n");
        _registry.TryGet(path, out var extractor);

        Assert.Equal("content does not match .pdf: no %PDF- header in the first 1024 bytes", _registry.CheckContent(extractor!, path));
    }

    [Fact]
    public void CheckContent_TextNamedDocx_Rejected()
    {
        var path = _dir.Write("memo.docx", "plain words");
        _registry.TryGet(path, out var extractor);

        Assert.StartsWith("content does not match .docx: ", _registry.CheckContent(extractor!, path), StringComparison.Ordinal);
    }

    [Fact]
    public void CheckContent_PlainTextNamedHtml_Rejected()
    {
        var path = _dir.Write("page.html", "No markup at all.");
        _registry.TryGet(path, out var extractor);

        Assert.StartsWith("content does not match .html: ", _registry.CheckContent(extractor!, path), StringComparison.Ordinal);
    }

    [Fact]
    public void CheckContent_MatchingContent_ReturnsNull()
    {
        var html = _dir.Write("page.html", "<!doctype html><p>x</p>");
        var pdf = _dir.Write("doc.pdf", MinimalPdf.Build(["x"]));
        var text = _dir.Write("notes.md", "# Notes\n");

        foreach (var path in new[] { html, pdf, text })
        {
            Assert.True(_registry.TryGet(path, out var extractor));
            Assert.Null(_registry.CheckContent(extractor, path));
        }
    }
}
