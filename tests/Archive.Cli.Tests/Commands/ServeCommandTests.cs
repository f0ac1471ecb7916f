using System.Runtime.Versioning;
using System.Text.Json.Nodes;

namespace Archive.Cli.Tests.Commands;

// The server is stopped with SIGTERM, as a service manager would stop it.
[UnsupportedOSPlatform("windows")]
public sealed class ServeCommandTests : IDisposable
{
    private readonly TempArchive _archive = new();

    public void Dispose() => _archive.Dispose();

    [Fact]
    public async Task Serve_JsonOnAFreePort_PrintsItsUrlAnswersHealthAndStopsOnSigterm()
    {
        var document = _archive.WriteInput("report.txt", "A report on the prison attack.\n");
        Assert.Equal(0, _archive.Run("ingest", document).ExitCode);
        using var server = _archive.Start("serve", "--urls", "http://127.0.0.1:0", "--json");
        var stderr = server.StandardError.ReadToEndAsync();
        try
        {
            var line = await server.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromMinutes(1));
            if (line is null)
            {
                Assert.Fail("serve exited before listening: " + await stderr);
            }

            var started = JsonNode.Parse(line)!;
            Assert.Equal(_archive.Root, started["archive"]!.GetValue<string>());
            var url = Assert.Single(started["urls"]!.AsArray())!.GetValue<string>();
            Assert.Matches(@"^http://127\.0\.0\.1:[1-9][0-9]*$", url);

            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
            var health = JsonNode.Parse(await http.GetStringAsync(new Uri(url + "/health")))!;

            Assert.Equal("ok", health["status"]!.GetValue<string>());
            Assert.Equal(1, health["documents"]!.GetValue<int>());
        }
        finally
        {
            if (!server.HasExited)
            {
                using var kill = TempArchive.StartProcess("kill", ["-TERM", server.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
                await kill.WaitForExitAsync();
            }
        }

        if (!server.WaitForExit(TimeSpan.FromSeconds(30)))
        {
            server.Kill(entireProcessTree: true);
            Assert.Fail("serve did not stop on SIGTERM");
        }

        Assert.True(server.ExitCode == 0, $"exit {server.ExitCode}\n{await stderr}");
        Assert.Equal(string.Empty, await server.StandardOutput.ReadToEndAsync());
    }

    [Fact]
    public void Serve_UnknownEmbedPriority_IsRefusedWithTheChoices()
    {
        var result = _archive.Run("serve", "--urls", "http://127.0.0.1:0", "--embed-priority", "realtime");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("realtime", result.Err, StringComparison.Ordinal);
        Assert.Contains("low", result.Err, StringComparison.Ordinal);
        Assert.Contains("normal", result.Err, StringComparison.Ordinal);
    }
}
