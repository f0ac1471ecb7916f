using System.Diagnostics;
using Archive.Web.Hosting;

namespace Archive.Web.Tests.Hosting;

public sealed class SearchGateTests
{
    [Fact]
    public async Task Enter_AfterWaitingForASlot_TheDeadlineCountsTheWait()
    {
        using var gate = new SearchGate(1);
        var first = await gate.EnterAsync(TimeSpan.FromSeconds(5), CancellationToken.None);
        Assert.NotNull(first);

        var clock = Stopwatch.StartNew();
        var second = gate.EnterAsync(TimeSpan.FromMilliseconds(800), CancellationToken.None);
        await Task.Delay(300);
        Assert.False(second.IsCompleted);
        first.Dispose();
        using var slot = await second;

        Assert.NotNull(slot);
        Assert.InRange(slot.Waited, TimeSpan.FromMilliseconds(250), TimeSpan.FromMilliseconds(800));
        // The search then has what is left of the 800 ms, not 800 ms more.
        var fired = new TaskCompletionSource();
        using var registration = slot.Token.Register(() => fired.TrySetResult());
        await fired.Task.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(750), TimeSpan.FromSeconds(3));
    }

    [Fact]
    public async Task Enter_NoSlotFreesInTime_ReturnsNullAndTakesNone()
    {
        using var gate = new SearchGate(2);
        using var one = await gate.EnterAsync(TimeSpan.FromSeconds(1), CancellationToken.None);
        var two = await gate.EnterAsync(TimeSpan.FromSeconds(1), CancellationToken.None);

        Assert.Null(await gate.EnterAsync(TimeSpan.FromMilliseconds(100), CancellationToken.None));

        // Disposing a slot twice frees it once.
        two!.Dispose();
        two.Dispose();
        using var three = await gate.EnterAsync(TimeSpan.FromMilliseconds(100), CancellationToken.None);
        Assert.NotNull(three);
        Assert.Null(await gate.EnterAsync(TimeSpan.FromMilliseconds(100), CancellationToken.None));
    }

    [Fact]
    public async Task Enter_RequestAborted_StopsWaiting()
    {
        using var gate = new SearchGate(1);
        using var held = await gate.EnterAsync(TimeSpan.FromSeconds(1), CancellationToken.None);
        using var aborted = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => gate.EnterAsync(TimeSpan.FromSeconds(30), aborted.Token));
    }
}
