using System.Text.Json.Nodes;
using Archive.Core.Provenance;

namespace Archive.Cli.Tests.Commands;

/// <summary><c>archive withdraw</c> through the real CLI: the event, list and show saying so, search leaving it out, verify OK.</summary>
public sealed class WithdrawCommandTests : IDisposable
{
    private const string Sample = "003_ba7e93566f7827cc.txt";

    private readonly TempArchive _archive = new();
    private readonly string _id;

    public WithdrawCommandTests()
    {
        Assert.Equal(0, _archive.Run("ingest", Path.Combine(TempArchive.SampleSources, Sample)).ExitCode);
        _id = _archive.RunJson("list")["items"]![0]!["id"]!.GetValue<string>();
    }

    public void Dispose() => _archive.Dispose();

    [Fact]
    public void Withdraw_WithAReason_EventListShowAndSearchSaySo()
    {
        var title = _archive.RunJson("list")["items"]![0]!["title"]!.GetValue<string>();
        var word = title.Split(' ', StringSplitOptions.RemoveEmptyEntries).First(w => w.Length > 4 && w.All(char.IsLetter));
        Assert.NotEmpty(_archive.RunJson("search", word)["hits"]!.AsArray());

        var result = _archive.Run("withdraw", _id[7..19], "--reason", "published twice; the later copy is complete", "--agent", "alice");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.StartsWith($"withdrew {_id[7..19]} (event #2)", result.Out, StringComparison.Ordinal);
        Assert.Empty(_archive.RunJson("search", word)["hits"]!.AsArray());
        var listed = _archive.RunJson("list")["items"]![0]!;
        Assert.True(listed["withdrawn"]!.GetValue<bool>());
        Assert.Contains("[withdrawn] " + title, _archive.Run("list").Out, StringComparison.Ordinal);
        Assert.Contains("(event #2; left out of searches): published twice; the later copy is complete", _archive.Run("show", _id).Out, StringComparison.Ordinal);
        var withdrawn = _archive.RunJson("show", _id)["events"]!.AsArray().Select(e => e!["event"]!).Last();
        Assert.Equal(EventType.Withdrawn, withdrawn["type"]!.GetValue<string>());
        Assert.Equal("alice", withdrawn["agent"]!.GetValue<string>());
        Assert.Equal(0, _archive.Run("verify").ExitCode);
    }

    [Fact]
    public void Withdraw_Json_PrintsTheEvent()
    {
        var printed = _archive.RunJson("withdraw", _id, "--reason", "test");

        Assert.Equal(EventType.Withdrawn, printed["type"]!.GetValue<string>());
        Assert.Equal("test", printed["event"]!["data"]!["reason"]!.GetValue<string>());
    }

    [Fact]
    public void Withdraw_NoReasonOrTwice_ExitTwoWithWhy()
    {
        var missing = _archive.Run("withdraw", _id);
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("--reason", missing.Err, StringComparison.Ordinal);

        Assert.Equal(0, _archive.Run("withdraw", _id, "--reason", "first").ExitCode);
        var again = _archive.Run("withdraw", _id, "--reason", "second");

        Assert.Equal(2, again.ExitCode);
        Assert.Contains("already withdrawn", again.Err, StringComparison.Ordinal);
        Assert.Equal(3, _archive.RunJson("show", _id)["events"]!.AsArray().Count);
    }

    [Fact]
    public void Withdraw_UnknownId_ExitFour()
    {
        Assert.Equal(4, _archive.Run("withdraw", "0000000000000000", "--reason", "gone").ExitCode);
    }
}
