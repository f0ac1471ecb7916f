using Archive.Core.Tools;
using System.Diagnostics;
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
    public void Run_ToolOutlivesTimeout_KilledAndThrows()
    {
        var watch = Stopwatch.StartNew();

        var ex = Assert.Throws<ArchiveException>(
            () => ExternalTool.Run("sleep", ["30"], "coreutils", TimeSpan.FromMilliseconds(200), CancellationToken.None));

        Assert.Equal("sleep timed out after 0.2 s and was stopped", ex.Message);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"took {watch.Elapsed}");
    }

    [Fact]
    public void Run_CancelledWhileRunning_KilledAndThrowsOperationCanceled()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        var watch = Stopwatch.StartNew();

        Assert.ThrowsAny<OperationCanceledException>(
            () => ExternalTool.Run("sleep", ["30"], "coreutils", TimeSpan.FromMinutes(2), cts.Token));

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"took {watch.Elapsed}");
    }

    [Fact]
    public void Run_MissingExecutable_ThrowsInstallHint()
    {
        var ex = Assert.Throws<ArchiveException>(
            () => ExternalTool.Run("archive-no-such-tool", [], "some-package", TimeSpan.FromSeconds(5), CancellationToken.None));

        Assert.Equal("archive-no-such-tool not found: install some-package", ex.Message);
    }
}
