using Archive.Core.Metadata;
using Archive.Core.Ingestion;

namespace Archive.Core.Tests.Ingestion;

public sealed class LanguageTagTests
{
    [Theory]
    [InlineData("en-GB", "en")]
    [InlineData("AR", "ar")]
    [InlineData("ar_SY", "ar")]
    [InlineData(" fr ", "fr")]
    public void TryGetPrimary_Tag_ReturnsLowercasePrimary(string value, string expected)
    {
        Assert.True(LanguageTag.TryGetPrimary(value, out var primary));
        Assert.Equal(expected, primary);
    }

    [Theory]
    [InlineData("")]
    [InlineData("e")]
    [InlineData("12")]
    [InlineData("-en")]
    public void TryGetPrimary_NotATag_ReturnsFalse(string value)
    {
        Assert.False(LanguageTag.TryGetPrimary(value, out _));
    }
}
