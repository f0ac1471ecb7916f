using System.Globalization;
using Archive.Core.Search.Semantic;

namespace Archive.Core.Tests.Search.Semantic;

/// <summary>The background embedder's thread: lowered to nice 19 on Linux (the one system Archive runs on), that thread only.</summary>
public sealed class LowPriorityThreadTests
{
    [Fact]
    public async Task Run_Lowered_WorkRunsAtNice19AndTheCallerIsUntouched()
    {
        var caller = Nice();

        var inside = await LowPriorityThread.Run(Nice);

        Assert.Equal(LowPriorityThread.Nice, inside);
        Assert.Equal(caller, Nice());
    }

    [Fact]
    public async Task Run_Lowered_ThreadsThatServeTheContinuationAreNotLowered()
    {
        var process = ProcessNice();
        for (var i = 0; i < 20; i++)
        {
            await LowPriorityThread.Run(() => i);

            // The continuation runs on a pool thread: had the lowered thread woken it, it would run at nice 19.
            Assert.Equal(process, Nice());
            Assert.Equal(process, await Task.Run(Nice));
        }
    }

    [Fact]
    public async Task Run_NotLowered_WorkRunsAtTheProcessPriority()
    {

        var inside = await LowPriorityThread.Run(Nice, lower: false);

        Assert.Equal(ProcessNice(), inside);
    }

    [Fact]
    public async Task Run_WorkThrows_TaskFaultsWithIt()
    {
        var task = LowPriorityThread.Run<int>(() => throw new InvalidDataException("broken"));

        var thrown = await Assert.ThrowsAsync<InvalidDataException>(() => task);
        Assert.Equal("broken", thrown.Message);
    }

    /// <summary>The calling thread's nice value: field 19 of /proc/thread-self/stat (counted after the command name's closing parenthesis).</summary>
    private static int Nice() => Field("/proc/thread-self/stat");

    private static int ProcessNice() => Field("/proc/self/stat");

    private static int Field(string path)
    {
        var stat = File.ReadAllText(path);
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return int.Parse(fields[19 - 3], CultureInfo.InvariantCulture);
    }
}
