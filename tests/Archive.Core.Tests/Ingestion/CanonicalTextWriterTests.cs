using System.Text;
using Archive.Core.Ingestion;
using Archive.Core.Storage;

namespace Archive.Core.Tests.Ingestion;

/// <summary>A text canonicalised and staged a window at a time is byte for byte the text canonicalised whole.</summary>
public sealed class CanonicalTextWriterTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void DecodeFileInto_DecomposedMarksCrLfAndSurrogatesAcrossWindows_SameBytesLengthAndHeadAsCanonicalize()
    {
        // Decomposed é and Arabic with a combining mark, so NFC composes; long runs without ASCII, so windows must
        // grow to find a safe cut; \r\n and lone \r; emoji so surrogate pairs straddle the 1 MiB decode buffer.
        var text = new StringBuilder("\uFEFF");
        for (var i = 0; text.Length < 2_500_000; i++)
        {
            text.Append("line ").Append(i).Append(" cafe\u0301 \u0627\u0653").Append(new string('\u0628', i % 5000)).Append(" 😀\r\n");
            if (i % 7 == 0)
            {
                text.Append("lone\rcarriage\r");
            }
        }

        var bytes = Encoding.UTF8.GetBytes(text.ToString());
        var path = _dir.Write("large.txt", bytes);
        var expected = CanonicalText.Canonicalize(CanonicalText.Decode(bytes, null, "text"));

        var streamed = Stream(output => CanonicalText.DecodeFileInto(path, null, "text", output, CancellationToken.None));

        Assert.Equal(Encoding.UTF8.GetBytes(expected), File.ReadAllBytes(streamed.Blob.TempPath));
        Assert.Equal(Sha256Digest.FromBytes(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(expected))), streamed.Blob.Digest);
        Assert.Equal(Archive.Core.Text.CodePoints.Count(expected), streamed.Length);
        Assert.Equal(expected[..CanonicalTextWriter.HeadLength], streamed.Head);
        Assert.NotEqual(text.ToString()[1..], expected); // the input really needed canonicalising
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void DecodeFileInto_Utf16WithMarkOverSeveralBuffers_SameTextAsDecodeFileAndTheMarkNamed(bool bigEndian)
    {
        // Surrogate pairs and \r\n straddle the 1 MiB read buffer; the mark's two bytes shift every unit by two.
        var text = new StringBuilder();
        for (var i = 0; text.Length < 1_500_000; i++)
        {
            text.Append("line ").Append(i).Append(" cafe\u0301 \u0627\u0653 😀\r\n");
        }

        var utf16 = new UnicodeEncoding(bigEndian, byteOrderMark: true);
        var path = _dir.Write("unicode.txt", [.. utf16.GetPreamble(), .. utf16.GetBytes(text.ToString())]);
        var expected = CanonicalText.Canonicalize(text.ToString());

        string? marked = null;
        var streamed = Stream(output => CanonicalText.DecodeFileInto(path, null, "text", output, out marked, CancellationToken.None));

        Assert.Equal(Encoding.UTF8.GetBytes(expected), File.ReadAllBytes(streamed.Blob.TempPath));
        Assert.Equal(expected, CanonicalText.Canonicalize(CanonicalText.DecodeFile(path, null, "text", out var whole)));
        Assert.Equal(bigEndian ? "utf-16be(bom)" : "utf-16le(bom)", marked);
        Assert.Equal(marked, whole);
    }

    [Theory]
    [InlineData("utf-16BE", null)]
    [InlineData("utf-16", "UTF-16BE")]
    public void DecodeFileInto_DeclaredEncodingOnAMarkedFile_SkipsAnAgreeingMarkRefusesAContradiction(string declared, string? contradicted)
    {
        var utf16 = new UnicodeEncoding(bigEndian: true, byteOrderMark: true);
        var path = _dir.Write("declared.txt", [.. utf16.GetPreamble(), .. utf16.GetBytes("سجن غويران\n")]);

        if (contradicted is not null)
        {
            var streamed = Assert.Throws<ArchiveException>(() => Stream(output => CanonicalText.DecodeFileInto(path, declared, "text", output, CancellationToken.None)));
            var whole = Assert.Throws<ArchiveException>(() => CanonicalText.DecodeFile(path, declared, "text"));
            Assert.Equal(whole.Message, streamed.Message);
            Assert.Contains($"byte-order mark of {contradicted}", whole.Message, StringComparison.Ordinal);
            return;
        }

        var text = Stream(output => CanonicalText.DecodeFileInto(path, declared, "text", output, CancellationToken.None));
        Assert.Equal(Encoding.UTF8.GetBytes("سجن غويران\n"), File.ReadAllBytes(text.Blob.TempPath));
        Assert.Equal("سجن غويران\n", CanonicalText.DecodeFile(path, declared, "text"));
    }

    [Fact]
    public void DecodeFileInto_StackOfCombiningMarksWithoutASCII_IsUnreadableNotNormalizedForMinutes()
    {
        // No ASCII character to cut at: the writer's window holds the whole run.
        var path = _dir.Write("stacked.txt", Encoding.UTF8.GetBytes("\u0627" + string.Concat(Enumerable.Repeat("\u0651\u064E", 300_000))));

        var ex = Assert.Throws<ArchiveException>(() => Stream(output => CanonicalText.DecodeFileInto(path, null, "text", output, CancellationToken.None)));

        Assert.StartsWith("the text stacks 600,000 combining marks", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DecodeFileInto_Utf16NulAfterTheFirstMegabyte_BinaryAsDecodeFileSays()
    {
        var bytes = new UnicodeEncoding(false, true).GetPreamble().Concat(Encoding.Unicode.GetBytes(new string('a', 700_000) + "\0b")).ToArray();
        var path = _dir.Write("nul16.txt", bytes);

        var streamed = Assert.Throws<ArchiveException>(() => Stream(output => CanonicalText.DecodeFileInto(path, null, "text", output, CancellationToken.None)));
        var whole = Assert.Throws<ArchiveException>(() => CanonicalText.DecodeFile(path, null, "text"));

        Assert.Equal("binary content: the text file contains NUL characters", streamed.Message);
        Assert.Equal(streamed.Message, whole.Message);
    }

    [Fact]
    public void DecodeFileInto_InvalidByteAfterTheFirstMegabyte_SameErrorAsDecodeFile()
    {
        var bytes = Encoding.ASCII.GetBytes(new string('a', 1_500_000));
        bytes[1_234_567] = 0xFF;
        var path = _dir.Write("bad.txt", bytes);

        var ex = Assert.Throws<ArchiveException>(() => Stream(output => CanonicalText.DecodeFileInto(path, null, "text", output, CancellationToken.None)));

        Assert.Equal(ArchiveErrorKind.Unreadable, ex.Kind);
        Assert.StartsWith("invalid UTF-8 at byte 1234567;", ex.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(Path.Combine(_dir.Path, "blobs", "tmp")));
    }

    [Fact]
    public void DecodeFileInto_NoncharacterFffeBesideMarksToCompose_KeptAndTheRestNormalizedAsCanonicalize()
    {
        // ICU's normalizer throws on U+FFFE, which is valid text; a window holding one must still be normalized.
        var text = string.Concat(Enumerable.Repeat("cafe\u0301 \uFFFE A\u030A line\n", 100_000));
        var bytes = Encoding.UTF8.GetBytes(text);
        var path = _dir.Write("fffe.txt", bytes);

        var streamed = Stream(output => CanonicalText.DecodeFileInto(path, null, "text", output, CancellationToken.None));

        var expected = string.Concat(Enumerable.Repeat("caf\u00E9 \uFFFE \u00C5 line\n", 100_000));
        Assert.Equal(expected, CanonicalText.Canonicalize(text));
        Assert.Equal(expected, File.ReadAllText(streamed.Blob.TempPath));
    }

    [Fact]
    public void DecodeFileInto_DeclaredWindows1256_SameTextAsDecode()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var bytes = Encoding.GetEncoding(1256).GetBytes(string.Concat(Enumerable.Repeat("\u0633\u062c\u0646 prison\r\n", 200_000)));
        var path = _dir.Write("arabic.txt", bytes);

        var streamed = Stream(output => CanonicalText.DecodeFileInto(path, "windows-1256", "text", output, CancellationToken.None));

        var expected = CanonicalText.Canonicalize(CanonicalText.Decode(bytes, "windows-1256", "text"));
        Assert.Equal(expected, File.ReadAllText(streamed.Blob.TempPath));
    }

    private StreamedText Stream(Action<CanonicalTextWriter> write)
    {
        var store = new ContentStore(Path.Combine(_dir.Path, "blobs"));
        using var output = new CanonicalTextWriter(store.BeginStaging());
        write(output);
        return output.Complete();
    }
}
