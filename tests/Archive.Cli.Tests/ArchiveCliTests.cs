using System.CommandLine;

namespace Archive.Cli.Tests;

public sealed class ArchiveCliTests : IDisposable
{
    private readonly TempArchive _archive = new();

    public void Dispose() => _archive.Dispose();

    public static TheoryData<string> Verbs => new(VerbPaths());

    [Fact]
    public void Build_CommandTree_HasTheIssuesVerbs()
    {
        Assert.Superset(
            new HashSet<string> { "init", "ingest", "list", "show", "text", "amend", "verify", "log", "log prove", "log consistency", "log checkpoint", "log export" },
            VerbPaths().ToHashSet());
    }

    [Theory]
    [MemberData(nameof(Verbs))]
    public void Run_HelpForVerb_ExitsZeroWithAnExample(string verb)
    {
        var result = _archive.Run([.. verb.Split(' '), "--help"]);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("Example", result.Out, StringComparison.Ordinal);

        // The example shows the verb itself in use.
        Assert.Contains($"  archive {verb}", result.Out, StringComparison.Ordinal);
        Assert.Equal(string.Empty, result.Err);
    }

    [Fact]
    public void Run_HelpForRoot_ListsExitCodes()
    {
        var result = _archive.Run("--help");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Exit codes:", result.Out, StringComparison.Ordinal);
        Assert.Contains("7  the archive is read-only", result.Out, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("show", "deadbeef00")]
    [InlineData("show", "no-such-slug")]
    [InlineData("text", "sha256:0000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("amend", "deadbeef00", "--set", "reliability=B2")]
    [InlineData("log", "prove", "999999")]
    [InlineData("log", "consistency", "1", "999999")]
    public void Run_UnknownId_ExitsNotFoundWithOneLineAndNoStackTrace(params string[] args)
    {
        var document = _archive.WriteInput("report.txt", "A report on the prison attack.\n");
        Assert.Equal(0, _archive.Run("ingest", document).ExitCode);

        var result = _archive.Run(args);

        Assert.True(result.ExitCode == ExitCodes.NotFound, result.ToString());
        var line = Assert.Single(result.ErrLines);
        Assert.StartsWith("archive: ", line, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", result.Err, StringComparison.Ordinal);
        Assert.Equal(string.Empty, result.Out);
    }

    [Theory]
    [InlineData("--no-such-option")]
    [InlineData("frobnicate")]
    [InlineData("show")]
    [InlineData("token", "create", "--role", "emperor", "--name", "x")]
    public void Run_ParseError_ExitsUsage(params string[] args)
    {
        var result = _archive.Run(args);

        Assert.True(result.ExitCode == ExitCodes.Usage, result.ToString());
        Assert.NotEqual(string.Empty, result.Err);
    }

    [Theory]
    [InlineData("Unrecognized command or argument '--bogus'.", "verify", "--json", "--bogus")]
    [InlineData("Option '--state' is required.", "audit", "--json")]
    [InlineData("Required argument missing for command: 'bag'.", "import", "bag", "--json")]
    public void Run_ParseErrorWithJson_PrintsTheErrorAsJsonNotTheHelp(string error, params string[] args)
    {
        var result = _archive.Run(args);

        Assert.True(result.ExitCode == ExitCodes.Usage, result.ToString());
        var json = System.Text.Json.Nodes.JsonNode.Parse(result.Out)!;
        Assert.Equal(error, json["error"]!.GetValue<string>());
        Assert.Equal(ExitCodes.Usage, json["exit_code"]!.GetValue<int>());
        Assert.Equal($"archive: {error}", Assert.Single(result.ErrLines));
    }

    [Theory]
    [MemberData(nameof(Verbs))]
    public void Build_EveryVerbWithAnAction_HasJsonOption(string verb)
    {
        var command = verb.Split(' ').Aggregate((Command)ArchiveCli.Build(), (parent, name) => parent.Subcommands.Single(c => c.Name == name));

        Assert.True(command.Action is null || command.Options.Any(o => o.Name == "--json"), $"archive {verb} has no --json");
    }

    [Fact]
    public void Readme_ExitCodes_AreTheHelpList()
    {
        var readme = File.ReadAllText(Path.Combine(TempArchive.RepositoryRoot, "README.md")).ReplaceLineEndings("\n");

        Assert.Contains("```text\n" + ExitCodes.Help.ReplaceLineEndings("\n") + "\n```", readme, StringComparison.Ordinal);
    }

    /// <summary>Every verb and sub-verb in the command tree, so a verb added later is checked too.</summary>
    private static List<string> VerbPaths()
    {
        var paths = new List<string>();
        void Walk(Command command, string path)
        {
            foreach (var sub in command.Subcommands)
            {
                var subPath = (path + " " + sub.Name).Trim();
                paths.Add(subPath);
                Walk(sub, subPath);
            }
        }

        Walk(ArchiveCli.Build(), string.Empty);
        return paths;
    }
}
