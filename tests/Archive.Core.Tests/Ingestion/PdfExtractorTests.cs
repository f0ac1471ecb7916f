using System.Diagnostics;
using Archive.Core.Ingestion;

namespace Archive.Core.Tests.Ingestion;

public sealed class PdfExtractorTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly PdfExtractor _extractor = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Extract_TwoPagePdf_RecordsPageStarts()
    {
        var path = _dir.Write("two.pdf", MinimalPdf.Build(["First page words", "Second page words"]));

        var doc = _extractor.Extract(path, null, CancellationToken.None);

        // The ASCII text makes code-point offsets equal to string indexes here.
        Assert.Equal(2, doc.PageStarts.Count);
        Assert.Equal(0, doc.PageStarts[0]);
        Assert.Equal("First page words", doc.Text[..doc.PageStarts[1]].TrimEnd('\n'));
        Assert.StartsWith("Second page words", doc.Text[doc.PageStarts[1]..], StringComparison.Ordinal);
        Assert.Equal("Second page words", doc.Text[doc.PageStarts[1]..].TrimEnd('\n'));
        Assert.DoesNotContain('\f', doc.Text);
    }

    [Fact]
    public void Extract_PdfThatQpdfChecks_FindsTheSamePagesAsQpdf()
    {
        // qpdf, a strict outside tool, checks the hand-written PDF (poppler silently repairs a broken xref table)
        // and counts its pages; the extractor must find each of them, in order.
        var path = _dir.Write("three.pdf", MinimalPdf.Build(["First page words", "Second page words", "Third page words"], title: "T"));

        Assert.Contains("No syntax or stream encoding errors found", RunQpdf("--check", path), StringComparison.Ordinal);
        Assert.Equal("3", RunQpdf("--show-npages", path).Trim());
        var doc = _extractor.Extract(path, null, CancellationToken.None);

        // pdftotext ends each page with a blank line: "First page words\n\n" is 18 code points, "Second page words\n\n" 19.
        Assert.Equal([0, 18, 37], doc.PageStarts);
        Assert.Equal("First page words\n\nSecond page words\n\nThird page words", doc.Text.TrimEnd('\n'));
    }

    [Fact]
    public void Extract_InfoValuesHoldingKeyLines_ForgeNothing()
    {
        // pdfinfo prints "Key: value" lines, so these used to forge a creation date and a title.
        var bytes = MinimalPdf.Build(["Body"], title: "Real title\nCreationDate: D:19990101000000Z", author: "Real\nTitle: Forged title");
        var path = _dir.Write("forged.pdf", bytes);

        var doc = _extractor.Extract(path, null, CancellationToken.None);

        Assert.Equal("Real title CreationDate: D:19990101000000Z", doc.Metadata["title"]);
        Assert.Equal("Real Title: Forged title", doc.Metadata["authors"]);
        Assert.False(doc.Metadata.ContainsKey("created"));
    }

    [Theory]
    [InlineData("Report\u0001 2026")]
    [InlineData("Report\u000B 2026")]
    public void Extract_InfoValueWithAControlCharacter_IsReadNotRejected(string title)
    {
        // poppler copies it into its XHTML as it is, where an XML reader refuses it.
        var path = _dir.Write("control.pdf", MinimalPdf.Build(["First page words"], title: title));

        var doc = _extractor.Extract(path, null, CancellationToken.None);

        Assert.Equal("First page words", doc.Text.TrimEnd('\n'));
        Assert.Equal(["First", "page", "words"], doc.Layout!.Words.Select(w => doc.Text[w.Start..w.End]));
    }

    [Fact]
    public void WithoutCharactersXmlRefuses_ControlBytesNoncharactersAndSurrogates_SameLengthOthersKept()
    {
        byte[] bytes = [(byte)'a', 0x01, (byte)'\t', 0xEF, 0xBF, 0xBE, 0xEF, 0xBF, 0xBF, 0xED, 0xA0, 0x80, 0xC3, 0xA9, (byte)'\n'];

        var clean = Archive.Core.Ingestion.Layout.BboxLayout.WithoutCharactersXmlRefuses(bytes);

        Assert.Equal([(byte)'a', (byte)' ', (byte)'\t', 0xEF, 0xBF, 0xBD, 0xEF, 0xBF, 0xBD, 0xEF, 0xBF, 0xBD, 0xC3, 0xA9, (byte)'\n'], clean);
        byte[] plain = [(byte)'o', (byte)'k'];
        Assert.Same(plain, Archive.Core.Ingestion.Layout.BboxLayout.WithoutCharactersXmlRefuses(plain));
    }

    [Fact]
    public void Extract_InfoDictionary_MapsTitleAuthorAndCreationDate()
    {
        var bytes = MinimalPdf.Build(["Body"], title: "Hasakah Report", author: "Jane Doe", creationDate: "D:20220120103000+01'00'");
        var path = _dir.Write("info.pdf", bytes);

        var doc = _extractor.Extract(path, null, CancellationToken.None);

        Assert.Equal("Hasakah Report", doc.Metadata["title"]);
        Assert.Equal("Jane Doe", doc.Metadata["authors"]);
        Assert.Equal("2022-01-20T10:30:00+01:00", doc.Metadata["created"]);
        Assert.False(doc.Metadata.ContainsKey("published"));
        Assert.False(doc.Metadata.ContainsKey("language"));
    }

    [Fact]
    public void Extract_NoInfoEntries_ReturnsNoMetadata()
    {
        var path = _dir.Write("bare.pdf", MinimalPdf.Build(["Body"]));

        var doc = _extractor.Extract(path, null, CancellationToken.None);

        Assert.Empty(doc.Metadata);
    }

    [Fact]
    public void Extract_AnyPdf_ReportsPopplerVersionAndSettings()
    {
        var path = _dir.Write("v.pdf", MinimalPdf.Build(["Body"]));

        var info = _extractor.Extract(path, null, CancellationToken.None).Extractor;

        Assert.Equal("poppler-pdftotext", info.Name);
        Assert.Matches(@"^\d+\.\d+", info.Version);
        Assert.Equal("enc=UTF-8;eol=unix;reading-order;pages=formfeed;bidi-embeddings=resolved;leading-stops=moved;nfc", info.Settings);
    }

    [Fact]
    public void Sniff_PlainTextNamedPdf_ReturnsFalse()
    {
        Assert.False(_extractor.Sniff("Just some notes, not a PDF.\n"u8));
    }

    [Fact]
    public void Sniff_HeaderAfterLeadingJunk_ReturnsTrue()
    {
        var head = new byte[600];
        "%PDF-1.7\n"u8.CopyTo(head.AsSpan(500));

        Assert.True(_extractor.Sniff(head));
    }

    [Fact]
    public void Extract_PlainTextNamedPdf_ThrowsMissingHeader()
    {
        var path = _dir.Write("notes.pdf", "Just some notes, not a PDF.\n");

        var ex = Assert.Throws<ArchiveException>(() => _extractor.Extract(path, null, CancellationToken.None));

        Assert.Equal("not a PDF: missing %PDF- header", ex.Message);
    }

    [Fact]
    public void Extract_GarbageAfterHeader_ThrowsUnreadable()
    {
        var path = _dir.Write("garbage.pdf", "%PDF-1.4\n\u0001\u0002 this is not a PDF body at all }}}}\n");

        var ex = Assert.Throws<ArchiveException>(() => _extractor.Extract(path, null, CancellationToken.None));

        Assert.Matches(@"^pdftotext failed: .*Error.* \(exit \d+\)$", ex.Message);
        Assert.DoesNotContain('\n', ex.Message);
    }

    [Fact]
    public void Extract_TruncatedPdf_ThrowsUnreadable()
    {
        var bytes = MinimalPdf.Build(["First page words", "Second page words"]);
        var path = _dir.Write("truncated.pdf", bytes[..40]);

        var ex = Assert.Throws<ArchiveException>(() => _extractor.Extract(path, null, CancellationToken.None));

        Assert.Matches(@"^pdftotext failed: .*Error.* \(exit \d+\)$", ex.Message);
        Assert.DoesNotContain('\n', ex.Message);
    }

    [Fact]
    public void Extract_PasswordProtectedPdf_ThrowsEncrypted()
    {
        var plain = _dir.Write("plain.pdf", MinimalPdf.Build(["Secret words"]));
        var locked = Path.Combine(_dir.Path, "locked.pdf");
        RunQpdf("--encrypt", "user-pw", "owner-pw", "256", "--", plain, locked);

        var ex = Assert.Throws<ArchiveException>(() => _extractor.Extract(locked, null, CancellationToken.None));

        Assert.StartsWith("encrypted PDF", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Extract_PdftotextMissing_ThrowsInstallHint()
    {
        var path = _dir.Write("x.pdf", MinimalPdf.Build(["Body"]));
        var extractor = new PdfExtractor(pdftotext: Path.Combine(_dir.Path, "no-such-dir", "pdftotext"));

        var ex = Assert.Throws<ArchiveException>(() => extractor.Extract(path, null, CancellationToken.None));

        Assert.Equal("pdftotext not found: install poppler-utils", ex.Message);
    }

    [Fact]
    public void Extract_Cancelled_ThrowsOperationCanceled()
    {
        var path = _dir.Write("x.pdf", MinimalPdf.Build(["Body"]));
        using var cts = new CancellationTokenSource();
        cts.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() => _extractor.Extract(path, null, cts.Token));
    }

    [Fact]
    public void JoinPages_DecomposedAndAstralText_OffsetsCountCodePointsAfterNfc()
    {
        // Page 1 is "e" + combining acute (2 UTF-16 units, 1 code point after NFC); page 2 starts with U+1D400
        // (a surrogate pair, 1 code point); page 3 is empty.
        var (text, starts) = PdfExtractor.JoinPages("e\u0301\f\U0001D400b\f\f");

        Assert.Equal("\u00e9\n\U0001D400b\n", text);
        Assert.Equal([0, 2, 5], starts);
    }

    [Fact]
    public void JoinPages_PageWithoutFinalNewline_StartsNextPageOnNewLine()
    {
        var (text, starts) = PdfExtractor.JoinPages("one\ftwo\f");

        Assert.Equal("one\ntwo\n", text);
        Assert.Equal([0, 4], starts);
    }

    [Fact]
    public void JoinPages_RightToLeftLineFromPdftotext_EmbeddingMarksRemoved()
    {
        // pdftotext 22.x prints an Arabic line as RLE (U+202B) + text + PDF (U+202C).
        var (text, starts) = PdfExtractor.JoinPages("\u202b\u0633\u062c\u0646 \u0627\u0644\u062d\u0633\u0643\u0629\u202c\n\n\fPage two\n\n\f");

        Assert.Equal("\u0633\u062c\u0646 \u0627\u0644\u062d\u0633\u0643\u0629\n\nPage two\n\n", text);
        Assert.Equal([0, 12], starts);
    }

    [Theory]
    [InlineData("D:20220120", "2022-01-20")]
    [InlineData("D:20220120103000Z", "2022-01-20T10:30:00Z")]
    [InlineData("D:20220120103000Z00'00'", "2022-01-20T10:30:00Z")]
    [InlineData("D:202201201030-05'00'", "2022-01-20T10:30:00-05:00")]
    [InlineData("D:20220120103000", "2022-01-20T10:30:00")]
    public void TryParsePdfDate_ValidDate_ReturnsIso(string raw, string expected)
    {
        Assert.True(PdfInfo.TryParsePdfDate(raw, out var iso));
        Assert.Equal(expected, iso);
    }

    [Theory]
    [InlineData("D:2022")]
    [InlineData("D:20221340")]
    [InlineData("yesterday")]
    public void TryParsePdfDate_VagueOrInvalid_ReturnsFalse(string raw)
    {
        Assert.False(PdfInfo.TryParsePdfDate(raw, out _));
    }

    private static string RunQpdf(params string[] arguments)
    {
        var start = new ProcessStartInfo("qpdf") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var errorTask = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"qpdf (a test dependency, Debian package qpdf) failed: {errorTask.Result}");
        return output;
    }
}
