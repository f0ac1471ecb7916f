namespace Archive.Cli.Tests.Commands;

/// <summary><c>archive diff</c> on two versions of one source, with a real pack (printed by Chromium) quoting the first.</summary>
public sealed class DiffCommandTests : IDisposable
{
    private const string Kept = "Detainees were moved on 21 January under armed guard.";
    private const string Dropped = "A spokesman declined to say how many guards escorted the vehicles.";

    private readonly TempArchive _archive = new();

    public void Dispose() => _archive.Dispose();

    [Fact]
    public void Diff_TwoVersionsAndAPackQuotingTheFirst_PrintsMarkedWordsAndWhatBecameOfEachCitation()
    {
        var v1 = Ingest("v1/statement.txt", $"Prison statement\n{Kept}\nThe convoy left at dawn.\n{Dropped}\n");
        var pack = _archive.WriteInput("brief.md", $"---\ntitle: Diff brief\nauthor: Test\ndate: 2026-11-30\n---\n\nOne [@{v1[7..19]} \"{Kept}\"]. Two [@{v1[7..19]} \"{Dropped}\"].\n");
        var built = _archive.Run("brief", pack, "-o", Path.Combine(_archive.Workspace, "out", "diff.pdf"));
        Assert.True(built.ExitCode == 0, built.ToString());
        var v2 = Ingest("v2/statement.txt", $"Prison statement\n{Kept}\nThe convoy left at noon.\n");

        var result = _archive.Run("diff", v1[7..19], v2[7..19]);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("to ministry-statement v2", result.Out.Replace("  to", "to", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains("The convoy left at [-dawn-]{+noon+}.", result.Out, StringComparison.Ordinal);
        Assert.Contains($"[-{Dropped}↵-]", result.Out, StringComparison.Ordinal);
        Assert.Contains("(1 exact, 1 gone)", result.Out, StringComparison.Ordinal);
        Assert.Matches(@"gone\s+pack-[0-9a-f]{12} #2 \(Diff brief\)", result.Out);
        Assert.DoesNotContain("\u001b[", result.Out, StringComparison.Ordinal);

        var json = _archive.RunJson("diff", v1, v2);
        Assert.Equal(2, json["citations_checked"]!.GetValue<int>());
        Assert.Equal(["exact", "gone"], json["citations"]!.AsArray().Select(c => c!["status"]!.GetValue<string>()).Order());
        Assert.Equal(1, json["text"]!["words_added"]!.GetValue<int>());
    }

    [Fact]
    public void Diff_SameTextTwice_SaysIdentical()
    {
        var v1 = Ingest("v1/a.txt", "Nothing changed here.\n");

        var result = _archive.Run("diff", v1, v1);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("The texts are identical.", result.Out, StringComparison.Ordinal);
        Assert.Contains("No recorded pack quotes", result.Out, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("deadbeef00", "ministry-statement")]
    [InlineData("ministry-statement", "no-such-slug")]
    public void Diff_UnknownId_ExitsNotFoundWithOneLine(string from, string to)
    {
        Ingest("v1/a.txt", "Some text.\n");

        var result = _archive.Run("diff", from, to);

        Assert.True(result.ExitCode == ExitCodes.NotFound, result.ToString());
        var line = Assert.Single(result.ErrLines);
        Assert.StartsWith("archive: ", line, StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Diff_MissingSecondId_ExitsUsage()
    {
        var result = _archive.Run("diff", "ministry-statement");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
    }

    private string Ingest(string relativePath, string text)
    {
        var path = _archive.WriteInput(relativePath, text);
        var result = _archive.Run("ingest", path, "--meta", "slug=ministry-statement", "--meta", "title=Ministry statement");
        Assert.True(result.ExitCode == 0, result.ToString());
        return _archive.RunJson("list")["items"]!.AsArray().Last()!["id"]!.GetValue<string>();
    }
}
