using Archive.Core.Tools;
using Archive.Core.Ingestion;

namespace Archive.Core.Tests.Ingestion;

public sealed class ExternalToolTests
{
    [Fact]
    public void Run_ToolWritesBothStreams_CapturesOutputErrorAndExitCode()
    {
        var result = ExternalTool.Run("sh", ["-c", "printf 'out'; printf 'Syntax Error: bad' >&2; exit 3"], "dash", TimeSpan.FromSeconds(30), CancellationToken.None);

        Assert.Equal(3, result.ExitCode);
        Assert.Equal("out"u8.ToArray(), result.StandardOutput);
        Assert.Equal("Syntax Error: bad", result.ErrorLine());
    }

    [Fact]
    public void Run_ArgumentWithShellCharacters_PassedVerbatim()
    {
        var result = ExternalTool.Run("printf", ["%s", "a b; $(echo no) 'q'"], "coreutils", TimeSpan.FromSeconds(30), CancellationToken.None);

        Assert.Equal("a b; $(echo no) 'q'", System.Text.Encoding.UTF8.GetString(result.StandardOutput));
    }

    [Fact]
    public void Run_ToolOutlivesTimeout_KilledBeforeItFinishesAndThrows()
    {
        using var dir = new TempDirectory();
        var finished = Path.Combine(dir.Path, "finished");

        // The tool would leave a marker if it ran to the end; killed at the timeout, it never does.
        var ex = Assert.Throws<ArchiveException>(
            () => ExternalTool.Run("sh", ["-c", "sleep 30 && touch \"$0\"", finished], "dash", TimeSpan.FromMilliseconds(200), CancellationToken.None));

        Assert.Equal("sh timed out after 0.2 s and was stopped", ex.Message);
        Assert.False(File.Exists(finished));
    }

    [Fact]
    public void Run_CancelledWhileRunning_KilledBeforeItFinishesAndThrowsOperationCanceled()
    {
        using var dir = new TempDirectory();
        var finished = Path.Combine(dir.Path, "finished");
        using var cts = new CancellationTokenSource();
        cts.CancelAfter(TimeSpan.FromMilliseconds(200));

        Assert.ThrowsAny<OperationCanceledException>(
            () => ExternalTool.Run("sh", ["-c", "sleep 30 && touch \"$0\"", finished], "dash", TimeSpan.FromMinutes(2), cts.Token));

        Assert.False(File.Exists(finished));
    }

    [Fact]
    public void Run_TokenAlreadyCancelled_ThrowsWithoutStartingTheTool()
    {
        using var dir = new TempDirectory();
        var started = Path.Combine(dir.Path, "started");
        using var cts = new CancellationTokenSource();
        cts.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(
            () => ExternalTool.Run("sh", ["-c", "touch \"$0\"", started], "dash", TimeSpan.FromMinutes(2), cts.Token));

        Assert.False(File.Exists(started));
    }

    [Fact]
    public void Run_MissingExecutable_ThrowsInstallHint()
    {
        var ex = Assert.Throws<ArchiveException>(
            () => ExternalTool.Run("archive-no-such-tool", [], "some-package", TimeSpan.FromSeconds(5), CancellationToken.None));

        Assert.Equal("archive-no-such-tool not found: install some-package", ex.Message);
    }
}
