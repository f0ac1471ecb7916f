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
