using System.Text;
using Archive.Core.Ingestion;
using Archive.Core.Storage;

namespace Archive.Core.Tests.Ingestion;

/// <summary>Streaming decode and encode of large texts give exactly what the whole-array calls give.</summary>
public sealed class CanonicalTextTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void DecodeFile_MultiMegabyteMixedScripts_SameStringAsDecodeOfTheBytes()
    {
        // Two-, three- and four-byte sequences, so some straddle the 1 MiB read buffer.
        var text = new StringBuilder();
        for (var i = 0; text.Length < 3_500_000; i++)
        {
            text.Append("line ").Append(i).Append(" في كانون الثاني ٢٠٢٢ 😀 naïve\r\n");
        }

        var bytes = Encoding.UTF8.GetBytes(text.ToString());
        var path = Path.Combine(_dir.Path, "large.txt");
        File.WriteAllBytes(path, bytes);

        Assert.Equal(CanonicalText.Decode(bytes, null, "text"), CanonicalText.DecodeFile(path, null, "text"));
    }

    [Fact]
    public void DecodeFile_InvalidByteAfterTheFirstMegabyte_UnreadableNamingItsOffset()
    {
        var bytes = Encoding.ASCII.GetBytes(new string('a', 1_500_000));
        bytes[1_234_567] = 0xFF;
        var path = Path.Combine(_dir.Path, "bad.txt");
        File.WriteAllBytes(path, bytes);

        var ex = Assert.Throws<ArchiveException>(() => CanonicalText.DecodeFile(path, null, "text"));

        Assert.Equal(ArchiveErrorKind.Unreadable, ex.Kind);
        Assert.StartsWith("invalid UTF-8 at byte 1234567;", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DecodeFile_InvalidByteInASmallFile_UnreadableNamingItsOffset()
    {
        var bytes = Encoding.UTF8.GetBytes("Hasakah: الحسكة, then a stray byte");
        bytes[^5] = 0xC3;
        var path = Path.Combine(_dir.Path, "small-bad.txt");
        File.WriteAllBytes(path, bytes);

        var ex = Assert.Throws<ArchiveException>(() => CanonicalText.DecodeFile(path, null, "text"));

        Assert.StartsWith($"invalid UTF-8 at byte {bytes.Length - 5};", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData((1 << 20) - 1)]
    [InlineData(1 << 20)]
    [InlineData((1 << 20) + 1)]
    public void DecodeFile_AroundTheReadBufferSize_SameStringAsDecodeOfTheBytes(int length)
    {
        // A file shorter than the 1 MiB buffer is decoded in one read; one as long or longer in two passes.
        var bytes = new byte[length];
        for (var i = 0; i < length; i++)
        {
            bytes[i] = (byte)('a' + (i % 26));
        }

        if (length >= 2)
        {
            bytes[^2] = 0xC3; // é, its last byte the file's last
            bytes[^1] = 0xA9;
        }

        var path = Path.Combine(_dir.Path, $"edge-{length}.txt");
        File.WriteAllBytes(path, bytes);

        Assert.Equal(CanonicalText.Decode(bytes, null, "text"), CanonicalText.DecodeFile(path, null, "text"));
    }

    [Theory]
    [InlineData(new byte[] { 0x61, 0x00, 0x00, 0xD8, 0x62, 0x00 }, false, false, 2)] // a high surrogate, then no low one
    [InlineData(new byte[] { 0x61, 0x00, 0x00, 0xDC, 0x62, 0x00 }, false, false, 2)] // a low surrogate alone
    [InlineData(new byte[] { 0x3D, 0xD8, 0x00, 0xDE, 0x62, 0x00 }, false, false, 6)] // a pair: nothing wrong
    [InlineData(new byte[] { 0x61, 0x00, 0x62 }, false, false, 2)] // an odd last byte
    [InlineData(new byte[] { 0x00, 0x61, 0xD8, 0x00 }, true, false, 2)] // a high surrogate that ends the bytes
    [InlineData(new byte[] { 0x00, 0x61 }, true, true, -2)] // the high surrogate that ended the buffer before
    [InlineData(new byte[] { 0xDE, 0x00 }, true, true, 2)] // its partner
    public void FirstInvalidUtf16Unit_NamesTheBadUnitsByte(byte[] bytes, bool bigEndian, bool highBefore, int expected)
    {
        Assert.Equal(expected, CanonicalText.FirstInvalidUtf16Unit(bytes, bigEndian, highBefore));
    }

    [Theory]
    [InlineData("windows-1256", "windows-1256")]
    [InlineData("utf8", "utf-8")]
    [InlineData("UTF8", "utf-8")]
    [InlineData("latin-1", "iso-8859-1")]
    [InlineData("cp-1256", "windows-1256")]
    [InlineData("windows1256", "windows-1256")]
    [InlineData("ISO_8859-6", "iso-8859-6")]
    public void DeclaredEncoding_CommonSpellings_NameTheEncoding(string declared, string webName)
    {
        Assert.Equal(webName, CanonicalText.DeclaredEncoding(declared).WebName);
    }

    [Fact]
    public void Decode_DeclaredUtf32WithItsMark_IsNotTakenForUtf16()
    {
        // FF FE 00 00 begins as UTF-16LE's mark does.
        var bytes = new UTF32Encoding(bigEndian: false, byteOrderMark: true).GetPreamble().Concat(Encoding.UTF32.GetBytes("سجن غويران\n")).ToArray();

        Assert.Equal("سجن غويران\n", CanonicalText.Canonicalize(CanonicalText.Decode(bytes, "utf-32", "text")));
    }

    [Theory]
    [InlineData("klingon-1")]
    [InlineData("--")]
    [InlineData("1256")]
    public void DeclaredEncoding_Unknown_IsRefusedNamingWhatWouldDo(string declared)
    {
        var ex = Assert.Throws<ArchiveException>(() => CanonicalText.DeclaredEncoding(declared));

        Assert.StartsWith($"unknown encoding \"{declared}\" declared in the sidecar; use a name such as utf-8", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("plain ASCII text", 0)]
    [InlineData("cafe\u0301 and \u0627\u064E\u0651", 2)]
    [InlineData("a\U0001D165\U0001D16D\u0301 b", 3)] // marks outside the BMP count too
    public void LongestCombiningRun_CountsMarksInARow(string text, int longest)
    {
        Assert.Equal(longest, Archive.Core.Text.UnicodeForms.LongestCombiningRun(text));
    }

    [Fact]
    public void Canonicalize_MoreCombiningMarksInARowThanAnyScript_IsUnreadableAtOnce()
    {
        var allowed = "T\nq" + string.Concat(Enumerable.Repeat("\u0323", CanonicalText.MaxCombiningRun)); // no q with a dot below to compose
        var stacked = "T\na" + string.Concat(Enumerable.Repeat("\u0323\u0301", 40_000)); // normalizing took about 4 s

        Assert.Equal(allowed.Length, CanonicalText.Canonicalize(allowed).Length);
        var ex = Assert.Throws<ArchiveException>(() => CanonicalText.Canonicalize(stacked));
        Assert.Equal(ArchiveErrorKind.Unreadable, ex.Kind);
        Assert.StartsWith("the text stacks 80,000 combining marks on one character", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DecodeFile_NulByte_UnreadableAsBinary()
    {
        var path = Path.Combine(_dir.Path, "nul.txt");
        File.WriteAllBytes(path, [0x61, 0x00, 0x62]);

        var ex = Assert.Throws<ArchiveException>(() => CanonicalText.DecodeFile(path, null, "text"));

        Assert.Equal("binary content: the text file contains NUL bytes", ex.Message);
    }

    [Fact]
    public void StageTextAndHashText_SurrogatePairsAcrossChunks_ExactlyTheUtf8Bytes()
    {
        var text = string.Concat(Enumerable.Repeat("ab😀\u0645", 400_000));
        var store = new ContentStore(Path.Combine(_dir.Path, "blobs"));

        var staged = store.StageText(text, CancellationToken.None);
        var (digest, size) = ContentStore.HashText(text);

        var expected = Encoding.UTF8.GetBytes(text);
        Assert.Equal(expected, File.ReadAllBytes(staged.TempPath));
        Assert.Equal(Sha256Digest.FromBytes(System.Security.Cryptography.SHA256.HashData(expected)), staged.Digest);
        Assert.Equal(staged.Digest, digest);
        Assert.Equal(expected.Length, size);
    }
}
