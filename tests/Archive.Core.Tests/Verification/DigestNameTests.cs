using System.Security.Cryptography;
using System.Text;
using Archive.Core.Verification;

namespace Archive.Core.Tests.Verification;

public sealed class DigestNameTests
{
    private static readonly byte[] Digest = SHA256.HashData("a document"u8);
    private static readonly string Id = "sha256:" + Convert.ToHexStringLower(Digest);

    [Fact]
    public void Of_CanonicalId_HoldsTheDigestAndGivesTheSameStringBack()
    {
        var name = DigestName.Of(Id);

        Assert.True(name.IsDigest);
        Assert.Null(name.Raw);
        Assert.Equal(Id, name.ToString());
        Assert.Equal(Id[7..], name.Hex());
        Assert.True(name.IsDigestOf(Digest));
        Span<byte> copy = stackalloc byte[32];
        name.CopyDigestTo(copy);
        Assert.True(copy.SequenceEqual(Digest));
        Assert.Equal(name, DigestName.OfUtf8(Encoding.UTF8.GetBytes(Id)));
        Assert.Equal(name, DigestName.OfDigest(Digest));
        Assert.Equal(name.GetHashCode(), DigestName.OfDigest(Digest).GetHashCode());
    }

    [Theory]
    [InlineData("upper")]
    [InlineData("bare")]
    [InlineData("short")]
    [InlineData("long")]
    [InlineData("prefix")]
    [InlineData("non-hex")]
    [InlineData("empty")]
    public void Of_AnyOtherSpelling_KeepsTheStringAndEqualsOnlyThatString(string spelling)
    {
        var text = spelling switch
        {
            "upper" => Id.ToUpperInvariant(),
            "bare" => Id[7..],
            "short" => Id[..^1],
            "long" => Id + "0",
            "prefix" => "sha512:" + Id[7..],
            "non-hex" => Id[..^1] + "g",
            _ => string.Empty,
        };

        var name = DigestName.Of(text);

        Assert.False(name.IsDigest);
        Assert.Equal(text, name.Raw);
        Assert.Equal(text, name.ToString());
        Assert.NotEqual(DigestName.Of(Id), name);
        Assert.Equal(DigestName.Of(text), name);
        Assert.Equal(name, DigestName.OfUtf8(Encoding.UTF8.GetBytes(text)));
        Assert.False(name.IsDigestOf(Digest));
        Assert.Throws<InvalidOperationException>(() => name.Hex());
    }

    [Fact]
    public void OfUtf8_BytesAboveAscii_AreNeverTakenForHexDigits()
    {
        // 0xE1 narrowed to a char would be 'á'; one byte of a wider UTF-8 sequence must not pass for 'a' either.
        var bytes = Encoding.UTF8.GetBytes(Id);
        bytes[^1] = 0xE1;

        var name = DigestName.OfUtf8(bytes);

        Assert.False(name.IsDigest);
        Assert.Equal(Encoding.UTF8.GetString(bytes), name.Raw);
    }

    [Fact]
    public void TryParseHex_TakesTheBareLowerCaseDigitsOnly()
    {
        Assert.True(DigestName.TryParseHex(Id.AsSpan(7), out var name));
        Assert.Equal(DigestName.Of(Id), name);
        Assert.False(DigestName.TryParseHex(Id[7..].ToUpperInvariant(), out _));
        Assert.False(DigestName.TryParseHex(Id, out _));
    }

    [Theory]
    [InlineData('/')]
    [InlineData(':')]
    [InlineData('`')]
    [InlineData('g')]
    [InlineData('A')]
    [InlineData('F')]
    [InlineData('\0')]
    [InlineData('\u0130')] // its low byte is '0'
    [InlineData('\u0161')] // its low byte is 'a'
    public void TryParse_ACharacterNotALowerCaseHexDigit_AtAnyPlace_IsRefused(char bad)
    {
        for (var at = 7; at < Id.Length; at++)
        {
            var text = string.Concat(Id.AsSpan(0, at), bad.ToString(), Id.AsSpan(at + 1));

            Assert.False(DigestName.Of(text).IsDigest, $"'{bad}' at {at}");
            Assert.False(DigestName.TryParseHex(text.AsSpan(7), out _), $"'{bad}' at {at}");
            if (bad < 0x80)
            {
                Assert.False(DigestName.OfUtf8(Encoding.UTF8.GetBytes(text)).IsDigest, $"'{bad}' at {at}");
            }
        }
    }

    [Fact]
    public void Of_EveryDigitAtEveryPlace_GivesTheDigestBack()
    {
        var random = new Random(7);
        var digest = new byte[32];
        for (var round = 0; round < 200; round++)
        {
            random.NextBytes(digest);
            var id = "sha256:" + Convert.ToHexStringLower(digest);

            Assert.True(DigestName.Of(id).IsDigestOf(digest), id);
            Assert.True(DigestName.OfUtf8(Encoding.UTF8.GetBytes(id)).IsDigestOf(digest), id);
            Assert.Equal(id, DigestName.Of(id).ToString());
        }
    }

    [Fact]
    public void DifferentDigests_AreDifferentNames()
    {
        var other = (byte[])Digest.Clone();
        other[31] ^= 1;

        Assert.NotEqual(DigestName.OfDigest(Digest), DigestName.OfDigest(other));
        Assert.True(DigestName.OfDigest(Digest) != DigestName.OfDigest(other));
    }
}
