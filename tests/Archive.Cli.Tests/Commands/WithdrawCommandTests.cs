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

    /// <summary>A slug names only a source's newest version: withdrawing by it would leave the older ones in searches.</summary>
    [Fact]
    public void Withdraw_SlugOfASourceWithTwoVersions_ExitTwoListingEachIdAndNothingWithdrawn()
    {
        const string Sidecar = """{"source_url": "https://example.org/news/prison-attack", "title": "Prison attack"}""";
        var v1 = _archive.WriteInput("v1/page.txt", "Prison attack: first capture of the page.\n");
        var v2 = _archive.WriteInput("v2/page.txt", "Prison attack: second capture, with a correction.\n");
        File.WriteAllText(v1 + ".meta.json", Sidecar);
        File.WriteAllText(v2 + ".meta.json", Sidecar);
        var ingested = _archive.RunJson("ingest", v1, v2, "--json");
        var ids = ingested["results"]!.AsArray().Select(i => i!["capture_id"]!.GetValue<string>()).ToList();
        var slug = ingested["results"]![0]!["slug"]!.GetValue<string>();

        var result = _archive.Run("withdraw", slug, "--reason", "a test");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"'{slug}' is a source of 2 versions", result.Err, StringComparison.Ordinal);
        Assert.All(ids, id => Assert.Contains(id[7..19], result.Err, StringComparison.Ordinal));
        Assert.Equal(2, _archive.RunJson("search", "\"prison attack\"")["total"]!.GetValue<int>());
        Assert.Equal(0, _archive.Run("withdraw", ids[0][7..19], "--reason", "the first capture was cut short").ExitCode);
        Assert.Equal(1, _archive.RunJson("search", "\"prison attack\"")["total"]!.GetValue<int>());
    }

    [Fact]
    public void Ingest_SameBytesAfterWithdrawal_DuplicateThatSaysItStaysWithdrawn()
    {
        var before = _archive.Run("ingest", Path.Combine(TempArchive.SampleSources, Sample));
        Assert.DoesNotContain("withdrawn", before.Err, StringComparison.Ordinal);
        Assert.Equal(0, _archive.Run("withdraw", _id[7..19], "--reason", "a test").ExitCode);

        var again = _archive.Run("ingest", Path.Combine(TempArchive.SampleSources, Sample));
        var json = _archive.RunJson("ingest", Path.Combine(TempArchive.SampleSources, Sample), "--json");

        Assert.Equal(0, again.ExitCode);
        Assert.StartsWith("duplicate", again.Out, StringComparison.Ordinal);
        Assert.Contains($"was withdrawn and stays out of searches; its record says when, by whom and why (its document page, or `archive show {_id[7..19]}`)", again.Err, StringComparison.Ordinal);
        Assert.Contains("stays out of searches", json["results"]![0]!["note"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.True(_archive.RunJson("show", _id[7..19])["capture"]!["withdrawn"]!.GetValue<bool>());
    }
}
