using Archive.Core.Provenance;

namespace Archive.Cli.Tests.Commands;

/// <summary><c>archive capture</c> against a site served on 127.0.0.1, with real headless Chromium.</summary>
public sealed class CaptureCommandTests : IDisposable
{
    private readonly TempArchive _archive = new();
    private readonly LocalSite _site = new();

    public void Dispose()
    {
        _site.Dispose();
        _archive.Dispose();
    }

    [Fact]
    public void Capture_UrlAndUrlsFile_OneLineEachAndShowNamesTheCapturedEvent()
    {
        _site.Html("/a.html", "<title>First page</title><p>Alpha text.</p>").Html("/b.html", "<title>Second page</title><p>Beta text.</p>");
        var list = _archive.WriteInput("urls.txt", $"# pages\n{_site.Url("/b.html")}\n\n");

        var result = _archive.Run("capture", _site.Url("/a.html"), "--urls", list, "--allow-private-network", "--meta", "source_type=article", "--timeout", "30s");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(2, result.Out.Split('\n').Count(l => l.StartsWith("captured ", StringComparison.Ordinal)));
        Assert.EndsWith("2 captured, 0 refused\n", result.Out, StringComparison.Ordinal);
        var show = _archive.RunJson("show", "first-page");
        Assert.Equal("article", show["fields"]!["source_type"]!["value"]!.GetValue<string>());
        Assert.Equal("cli", show["fields"]!["source_type"]!["origin"]!.GetValue<string>());
        Assert.Equal([EventType.Ingested, EventType.TextExtracted, EventType.Captured], show["events"]!.AsArray().Select(e => e!["type"]!.GetValue<string>()));
        Assert.Equal(0, _archive.Run("verify").ExitCode);
    }

    [Fact]
    public void Capture_LoopbackWithoutFlag_RefusedNamingTheUrlExitsSomeRejected()
    {
        _site.Html("/a.html", "<p>Alpha</p>");

        var result = _archive.Run("capture", _site.Url("/a.html"), "--json");

        Assert.True(result.ExitCode == ExitCodes.SomeRejected, result.ToString());
        var json = System.Text.Json.Nodes.JsonNode.Parse(result.Out)!;
        Assert.Equal(1, json["summary"]!["refused"]!.GetValue<int>());
        var item = json["results"]![0]!;
        Assert.Equal("refused", item["status"]!.GetValue<string>());
        Assert.Contains("--allow-private-network", item["reason"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(0, _archive.RunJson("list")["total"]!.GetValue<int>());
    }

    [Theory]
    [InlineData("--timeout", "0s")]
    [InlineData("--timeout", "soon")]
    public void Capture_BadTimeout_ExitsUsageWithOneLine(string option, string value)
    {
        var result = _archive.Run("capture", "http://example.org/", option, value);

        Assert.True(result.ExitCode == ExitCodes.Usage, result.ToString());
        Assert.Contains($"--timeout '{value}'", result.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", result.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void Capture_WaitLoad_TakesThePageAtItsLoadEventAndRecordsTheSetting()
    {
        _site.Html("/a.html", "<title>Loaded page</title><p>Alpha text.</p>");

        var result = _archive.Run("capture", _site.Url("/a.html"), "--allow-private-network", "--wait", "load");

        Assert.True(result.ExitCode == 0, result.ToString());
        var show = _archive.RunJson("show", "loaded-page").ToJsonString();
        Assert.Contains("wait=load", show, StringComparison.Ordinal);
        Assert.DoesNotContain("wait=networkidle", show, StringComparison.Ordinal);
    }

    [Fact]
    public void Capture_BadWait_ExitsUsageNamingTheChoices()
    {
        var result = _archive.Run("capture", "http://example.org/", "--wait", "soon");

        Assert.True(result.ExitCode == ExitCodes.Usage, result.ToString());
        Assert.Contains("--wait soon: give load", result.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", result.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void Capture_NoUrl_ExitsUsage()
    {
        var result = _archive.Run("capture");

        Assert.True(result.ExitCode == ExitCodes.Usage, result.ToString());
        Assert.Contains("give at least one URL", result.Err, StringComparison.Ordinal);
    }
}
