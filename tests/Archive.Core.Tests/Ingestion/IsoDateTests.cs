using Archive.Core.Ingestion;

namespace Archive.Core.Tests.Ingestion;

public sealed class IsoDateTests
{
    [Theory]
    [InlineData("2022-01-20", "2022-01-20")]
    [InlineData(" 2022-01-20T09:15:00+03:00 ", "2022-01-20T09:15:00+03:00")]
    [InlineData("2022-01-20 09:15:00Z", "2022-01-20T09:15:00Z")]
    [InlineData("2022-01-20T09:15:00.123+0300", "2022-01-20T09:15:00.123+03:00")]
    [InlineData("2022-01-20T09:15", "2022-01-20T09:15")]
    public void TryNormalize_IsoValue_KeptAsStated(string value, string expected)
    {
        Assert.True(IsoDate.TryNormalize(value, out var iso));
        Assert.Equal(expected, iso);
    }

    [Theory]
    [InlineData("January 20, 2022")]
    [InlineData("2022/01/20")]
    [InlineData("2022-02-30")]
    [InlineData("2022-01-20T25:00")]
    [InlineData("")]
    public void TryNormalize_NotIso_ReturnsFalse(string value)
    {
        Assert.False(IsoDate.TryNormalize(value, out _));
    }
}
