using System.Runtime;

namespace Archive.Cli.Tests;

public sealed class NoCollectionsTests
{
    [Theory]
    [InlineData(0L, 32L << 20)]
    [InlineData(76L << 20, 76L << 20)]
    [InlineData(3L << 30, 256L << 20)]
    public void BudgetFor_CatalogSize_StaysBetween32And256Megabytes(long catalogBytes, long expected)
    {
        Assert.Equal(expected, NoCollections.BudgetFor(catalogBytes));
    }

    /// <summary>Whatever happened meanwhile (other tests allocate in this process too), nothing is left held.</summary>
    [Fact]
    public void Dispose_AfterHolding_LeavesTheRuntimeCollecting()
    {
        using (new NoCollections(NoCollections.BudgetFor(0)))
        {
            _ = new byte[1024];
        }

        Assert.NotEqual(GCLatencyMode.NoGCRegion, GCSettings.LatencyMode);
    }

    /// <summary>A budget past the allocation ends the hold on the runtime's side; disposing then is no error.</summary>
    [Fact]
    public void Dispose_BudgetRanOut_IsQuiet()
    {
        var holder = new NoCollections(32L << 20);
        for (var i = 0; i < 64; i++)
        {
            GC.KeepAlive(new byte[1 << 20]);
        }

        holder.Dispose();
        Assert.NotEqual(GCLatencyMode.NoGCRegion, GCSettings.LatencyMode);
    }

    [Fact]
    public void OwnsProcess_UnderATestHost_IsFalse()
    {
        CliHost.Use(new CliHost(TextWriter.Null, TextWriter.Null, Interactive: false, TimeProvider.System));
        try
        {
            Assert.False(CliHost.OwnsProcess);
        }
        finally
        {
            CliHost.Use(null);
        }

        Assert.True(CliHost.OwnsProcess);
    }
}
