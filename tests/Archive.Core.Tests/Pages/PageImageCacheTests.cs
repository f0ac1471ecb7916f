using Archive.Core.Pages;

namespace Archive.Core.Tests.Pages;

public sealed class PageImageCacheTests
{
    [Fact]
    public void Add_OverCapacity_DropsTheLeastRecentlyUsed()
    {
        var cache = new PageImageCache(capacityBytes: 250);
        cache.Add("a", Image(100));
        cache.Add("b", Image(100));
        Assert.True(cache.TryGet("a", out _)); // a is now the most recent

        cache.Add("c", Image(100));

        Assert.True(cache.TryGet("a", out _));
        Assert.False(cache.TryGet("b", out _));
        Assert.True(cache.TryGet("c", out _));
        Assert.Equal(200, cache.Bytes);
    }

    [Fact]
    public void Add_LargerThanTheWholeCache_IsNotKept()
    {
        var cache = new PageImageCache(capacityBytes: 50);

        cache.Add("big", Image(51));

        Assert.Equal((0, 0L), (cache.Count, cache.Bytes));
    }

    [Fact]
    public void Add_SameKeyTwice_CountsItsBytesOnce()
    {
        var cache = new PageImageCache(capacityBytes: 1000);

        cache.Add("a", Image(100));
        cache.Add("a", Image(120));

        Assert.Equal((1, 120L), (cache.Count, cache.Bytes));
    }

    private static PageImage Image(int bytes) => new(new byte[bytes], 1, 1);
}
