using System.Text.Json.Nodes;
using Archive.Core.Provenance;

namespace Archive.Cli.Tests.Commands;

public sealed class AmendCommandTests : IDisposable
{
    private const string Sample = "003_ba7e93566f7827cc.txt";

    private readonly TempArchive _archive = new();
    private readonly string _id;

    public AmendCommandTests()
    {
        Assert.Equal(0, _archive.Run("ingest", Path.Combine(TempArchive.SampleSources, Sample)).ExitCode);
        _id = _archive.RunJson("list")["items"]![0]!["id"]!.GetValue<string>();
    }

    public void Dispose() => _archive.Dispose();

    [Fact]
    public void Amend_Fields_AddEventsAndKeepOldValuesInLog()
    {
        var result = _archive.Run("amend", _id[7..19], "--set", "publisher=Daljoog News Network", "--set", "reliability=c3");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.StartsWith($"amended {_id[7..19]} publisher (event #", result.Out, StringComparison.Ordinal);
        var show = _archive.RunJson("show", _id);
        Assert.Equal("Daljoog News Network", show["fields"]!["publisher"]!["value"]!.GetValue<string>());
        Assert.Equal("amend", show["fields"]!["publisher"]!["origin"]!.GetValue<string>());
        Assert.Equal("C3", show["fields"]!["reliability"]!["value"]!.GetValue<string>());
        var events = show["events"]!.AsArray().Select(e => e!["event"]!).ToList();
        Assert.Equal(
            [EventType.Ingested, EventType.TextExtracted, EventType.MetadataAmended, EventType.MetadataAmended],
            events.Select(e => e["type"]!.GetValue<string>()));

        var amended = events[2]["data"]!;
        Assert.Equal("publisher", amended["field"]!.GetValue<string>());
        Assert.Equal("Daljoog News", amended["old"]!.GetValue<string>());
        Assert.Equal("sidecar:" + Sample + ".meta.json", amended["old_origin"]!.GetValue<string>());
        Assert.Equal("Daljoog News Network", amended["new"]!.GetValue<string>());
        Assert.Null(events[3]["data"]!["old"]);

        // The ingested event, unchanged in the log, still holds the value as first recorded.
        var log = _archive.RunJson("log").AsArray();
        var ingested = log.Single(e => e!["event"]!["type"]!.GetValue<string>() == EventType.Ingested)!;
        Assert.Equal("Daljoog News", ingested["event"]!["data"]!["metadata"]!["publisher"]!["value"]!.GetValue<string>());
        Assert.Equal(0, _archive.Run("verify").ExitCode);
    }

    [Fact]
    public void Amend_Json_PrintsTheCaptureAndOneEventPerField()
    {
        var result = _archive.RunJson("amend", _id[7..19], "--set", "publisher=Daljoog News Network", "--set", "reliability=c3");

        Assert.Equal(_id, result["id"]!.GetValue<string>());
        var events = result["events"]!.AsArray();
        Assert.Equal(2, events.Count);
        Assert.All(events, e => Assert.Equal(EventType.MetadataAmended, e!["type"]!.GetValue<string>()));
        Assert.Equal(["publisher", "reliability"], events.Select(e => e!["event"]!["data"]!["field"]!.GetValue<string>()));
        Assert.Equal(events[0]!["index"]!.GetValue<long>() + 1, events[1]!["index"]!.GetValue<long>());
        Assert.Equal(_archive.RunJson("log").AsArray().Count - 1, events[1]!["index"]!.GetValue<long>());
    }

    [Theory]
    [InlineData("slug=another-slug")]
    [InlineData("source_url=https://example.org/elsewhere")]
    [InlineData("colour=red")]
    [InlineData("published=last tuesday")]
    public void Amend_ForbiddenOrBadField_ExitsUsageAndLogsNothing(string change)
    {
        var before = _archive.RunJson("log").AsArray().Count;

        var result = _archive.Run("amend", _id, "--set", change);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.StartsWith("archive: ", Assert.Single(result.ErrLines), StringComparison.Ordinal);
        Assert.Equal(before, _archive.RunJson("log").AsArray().Count);
    }
}
