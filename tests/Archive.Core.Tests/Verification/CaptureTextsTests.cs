using System.Security.Cryptography;
using Archive.Core.Verification;

namespace Archive.Core.Tests.Verification;

public sealed class CaptureTextsTests
{
    private static DigestName Digest(string text) => DigestName.OfDigest(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)));

    [Fact]
    public void Set_LaterTextOfACapture_ReplacesTheEarlierOne()
    {
        var texts = new CaptureTexts();
        for (var i = 0; i < 1000; i++)
        {
            texts.Set(Digest($"capture {i}"), Digest($"text {i}"));
        }

        texts.Set(Digest("capture 7"), Digest("text 7, extracted again"));

        Assert.Equal(1000, texts.Count);
        Assert.True(texts.TryGet(Digest("capture 7"), out var seven));
        Assert.Equal(Digest("text 7, extracted again"), seven);
        Assert.True(texts.TryGet(Digest("capture 999"), out var last));
        Assert.Equal(Digest("text 999"), last);
        Assert.False(texts.TryGet(Digest("capture 1000"), out _));
    }

    [Fact]
    public void Set_CaptureOrTextThatIsNoDigest_IsKeptAsItsString()
    {
        var texts = new CaptureTexts();
        var odd = DigestName.Of("SHA256:NOT-CANONICAL");
        var text = DigestName.Of("garbage");

        texts.Set(odd, text);
        texts.Set(Digest("capture"), text);

        Assert.Equal(2, texts.Count);
        Assert.True(texts.TryGet(odd, out var found));
        Assert.Equal(text, found);
        Assert.True(texts.TryGet(Digest("capture"), out var other));
        Assert.Equal("garbage", other.ToString());
        Assert.False(texts.TryGet(DigestName.Of("sha256:NOT-CANONICAL"), out _));
    }
}
