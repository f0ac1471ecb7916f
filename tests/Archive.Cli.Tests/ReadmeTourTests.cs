using System.Text.RegularExpressions;

namespace Archive.Cli.Tests;

/// <summary>
/// The README's tour (written by <c>scripts/readme-tour.sh</c>) must be what the commands really print: each shown
/// command runs again, in order, in a fresh folder like the script's, and its output must equal the README's block
/// once hashes, ids, times, durations and the agent name are masked.
/// </summary>
public sealed partial class ReadmeTourTests : IDisposable
{
    private const string Begin = "<!-- tour:begin -->";
    private const string End = "<!-- tour:end -->";
    private const string ShownWorkspace = "~/tour";

    private readonly string _workspace = Path.Combine(Path.GetTempPath(), "archive-tour-test-" + Guid.NewGuid().ToString("N"));

    public ReadmeTourTests()
    {
        var archive = Directory.CreateDirectory(Path.Combine(_workspace, "archive")).FullName;
        Directory.CreateDirectory(Path.Combine(archive, "sources"));
        foreach (var file in Directory.EnumerateFiles(TempArchive.SampleSources))
        {
            File.Copy(file, Path.Combine(archive, "sources", Path.GetFileName(file)));
        }

        File.Copy(Path.Combine(TempArchive.RepositoryRoot, "archive", "aliases.txt"), Path.Combine(archive, "aliases.txt"));
        Directory.CreateDirectory(Path.Combine(_workspace, "scripts"));
        File.Copy(Path.Combine(TempArchive.RepositoryRoot, "scripts", "verify-outside.sh"), Path.Combine(_workspace, "scripts", "verify-outside.sh"));
    }

    public void Dispose()
    {
        foreach (var file in Directory.EnumerateFiles(_workspace, "*", SearchOption.AllDirectories))
        {
            File.SetAttributes(file, FileAttributes.Normal);
        }

        Directory.Delete(_workspace, recursive: true);
    }

    [Fact]
    public void Tour_EveryShownCommand_PrintsWhatTheReadmeShows()
    {
        var steps = ParseTour(File.ReadAllText(Path.Combine(TempArchive.RepositoryRoot, "README.md")));
        Assert.True(steps.Count >= 8, $"the README's tour has only {steps.Count} commands");

        foreach (var (command, shown) in steps)
        {
            var output = RunShell(command).Replace(_workspace, ShownWorkspace, StringComparison.Ordinal);

            Assert.Equal(Mask($"$ {command}\n{shown}"), Mask($"$ {command}\n{output}"));
        }
    }

    [Theory]
    [InlineData("at 2026-11-22T10:02:54.0207968Z by alice", "at <time> by <agent>")]
    [InlineData("sha256:e9fb2d07812b8c5d706b6b86cc653549901a779273b2a7954c11ff6d4a39aa82", "sha256:<hex>")]
    [InlineData("GXxmsbgMpaxVDhv31icZrgrLqbHWTKRUptrvlFRDAFw=", "<base64>")]
    [InlineData("0.0 MB in 0.33 s (12 MB/s); log of 10 events", "0.0 MB in <duration> (<rate>); log of 10 events")]
    public void Mask_HashesTimesAndDurations_KeepsCounts(string text, string masked) => Assert.Equal(masked, Mask(text));

    /// <summary>The tour block's commands (lines starting <c>$ </c>) and the output shown under each.</summary>
    private static List<(string Command, string Output)> ParseTour(string readme)
    {
        var start = readme.IndexOf(Begin, StringComparison.Ordinal);
        var end = readme.IndexOf(End, StringComparison.Ordinal);
        Assert.True(start >= 0 && end > start, "README.md has no tour block");
        var lines = readme[(start + Begin.Length)..end].ReplaceLineEndings("\n").Trim('\n').Split('\n');
        Assert.Equal(("```text", "```"), (lines[0], lines[^1]));

        var steps = new List<(string, List<string>)>();
        foreach (var line in lines[1..^1])
        {
            if (line.StartsWith("$ ", StringComparison.Ordinal))
            {
                steps.Add((line[2..], []));
            }
            else
            {
                Assert.NotEmpty(steps);
                steps[^1].Item2.Add(line);
            }
        }

        return steps.Select(s => (s.Item1, string.Join('\n', s.Item2))).ToList();
    }

    /// <summary>Runs one tour command as <c>scripts/readme-tour.sh</c> does: bash, stderr merged, <c>archive</c> the built CLI.</summary>
    private string RunShell(string command)
    {
        const string Script = "unset ARCHIVE_ROOT; command=$1; shift; cli=(\"$@\"); archive() { \"${cli[@]}\" \"$@\"; }; cd \"$0\" && { eval \"$command\"; } 2>&1";
        var process = TempArchive.StartProcess("bash", ["-c", Script, _workspace, command, .. TempArchive.CliCommand]);
        return TempArchive.Finish(process).Out;
    }

    private static string Mask(string text)
    {
        text = Time().Replace(text, "<time>");
        text = Agent().Replace(text, "$1<agent>");
        text = Base64Root().Replace(text, "<base64>");
        text = Hex().Replace(text, "<hex>");
        text = Rate().Replace(text, "<rate>");
        text = Duration().Replace(text, "<duration>");
        return string.Join('\n', text.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n').Select(l => l.TrimEnd()));
    }

    [GeneratedRegex(@"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z")]
    private static partial Regex Time();

    [GeneratedRegex(@"(<time> by )\S+")]
    private static partial Regex Agent();

    [GeneratedRegex(@"[A-Za-z0-9+/]{43}=")]
    private static partial Regex Base64Root();

    [GeneratedRegex("[0-9a-f]{8,}")]
    private static partial Regex Hex();

    [GeneratedRegex(@"\d+(\.\d+)? MB/s")]
    private static partial Regex Rate();

    [GeneratedRegex(@"\b\d+(\.\d+)? ?(ms|s)\b")]
    private static partial Regex Duration();
}
