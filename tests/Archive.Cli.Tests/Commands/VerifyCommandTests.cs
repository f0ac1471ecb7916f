using System.Runtime.Versioning;
using System.Text.Json.Nodes;
using Archive.Core.Provenance;
using Microsoft.Data.Sqlite;

namespace Archive.Cli.Tests.Commands;

// Blobs are read-only files, and a read-only archive is made with Unix modes or mounts.
[UnsupportedOSPlatform("windows")]
public sealed class VerifyCommandTests : IDisposable
{
    private readonly TempArchive _archive = new();

    public VerifyCommandTests() => Assert.Equal(0, _archive.Run("ingest", TempArchive.SampleSources).ExitCode);

    public void Dispose() => _archive.Dispose();

    [Fact]
    public void Verify_CleanArchive_ExitsZeroAndRecordsFixityCheckedEvent()
    {
        var result = _archive.Run("verify", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        var report = JsonNode.Parse(result.Out)!;
        Assert.True(report["ok"]!.GetValue<bool>());
        Assert.Equal(10, report["ok_items"]!.GetValue<int>());
        Assert.Empty(report["problems"]!.AsArray());
        var index = report["recorded_at_index"]!.GetValue<long>();
        var logged = _archive.RunJson("log", "--from", index.ToString(System.Globalization.CultureInfo.InvariantCulture))[0]!["event"]!;
        Assert.Equal((EventType.FixityChecked, "ok"), (logged["type"]!.GetValue<string>(), logged["outcome"]!.GetValue<string>()));
    }

    [Fact]
    public void Verify_ChangedOriginal_ExitsIntegrityProblemNamingCaptureAndDigests()
    {
        var capture = _archive.RunJson("list")["items"]![2]!;
        var id = capture["id"]!.GetValue<string>();
        var blob = Path.Combine(_archive.Layout.BlobsPath, "sha256", id[7..9], id[7..]);
        File.SetUnixFileMode(blob, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.AppendAllText(blob, "appended after ingest");

        var result = _archive.Run("verify", "--json");

        Assert.True(result.ExitCode == ExitCodes.IntegrityProblem, result.ToString());
        var report = JsonNode.Parse(result.Out)!;
        Assert.False(report["ok"]!.GetValue<bool>());
        Assert.Equal(
            ["original changed", "text changed"],
            report["problems"]!.AsArray().Select(p => $"{p!["kind"]} {p["status"]}").Order(StringComparer.Ordinal));
        Assert.All(report["problems"]!.AsArray(), p =>
        {
            Assert.Equal(id, p!["id"]!.GetValue<string>());
            Assert.Equal(capture["title"]!.GetValue<string>(), p["title"]!.GetValue<string>());
            Assert.Equal(id, p["expected"]!.GetValue<string>());
            Assert.StartsWith("sha256:", p["actual"]!.GetValue<string>(), StringComparison.Ordinal);
        });

        var human = _archive.Run("verify");
        Assert.Equal(ExitCodes.IntegrityProblem, human.ExitCode);
        Assert.Contains($"CHANGED    original   {id[..19]} {capture["title"]}", human.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_ReadOnlyArchive_ChecksEverythingWithoutRecording()
    {
        var before = _archive.Snapshot();

        var result = _archive.RunReadOnly("verify", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        var report = JsonNode.Parse(result.Out)!;
        Assert.True(report["ok"]!.GetValue<bool>());
        Assert.Equal(10, report["ok_items"]!.GetValue<int>());
        Assert.Null(report["recorded_at_index"]);
        Assert.Equal(before, _archive.Snapshot());
    }

    [Fact]
    public void Verify_FrontierMissing_PrintsTheWholeReportThenSaysItCouldNotRecord()
    {
        Sql("DELETE FROM meta WHERE key = 'merkle_frontier'");
        var events = Count("events");

        var result = _archive.Run("verify");
        var json = _archive.Run("verify", "--json");

        Assert.True(result.ExitCode == ExitCodes.IntegrityProblem, result.ToString());
        Assert.Contains("10 ok, 0 problems;", result.Out, StringComparison.Ordinal);
        Assert.Contains("verify: could not record the result: the catalog's log frontier (meta 'merkle_frontier') disagrees with its events: there is none, but the log holds", result.Out, StringComparison.Ordinal);
        Assert.EndsWith("verify: PROBLEMS FOUND (result not recorded)\n", result.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("unexpected error", result.Out + result.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Out + result.Err, StringComparison.Ordinal);
        Assert.True(json.ExitCode == ExitCodes.IntegrityProblem, json.ToString());
        var report = JsonNode.Parse(json.Out)!;
        Assert.False(report["ok"]!.GetValue<bool>());
        Assert.Null(report["recorded_at_index"]);
        Assert.Contains("the archive needs attention", report["not_recorded"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(events, Count("events"));
    }

    [Fact]
    public void Verify_LastEventEditedAndFrontierLeftAlone_ReportsTheLogAndSignsNothing()
    {
        Sql("UPDATE events SET json = replace(json, '\"outcome\":\"', '\"outcome\":\"edited ') WHERE idx = (SELECT max(idx) FROM events)");
        var (events, checkpoints) = (Count("events"), Count("checkpoints"));

        var result = _archive.Run("verify");

        Assert.True(result.ExitCode == ExitCodes.IntegrityProblem, result.ToString());
        Assert.Contains($"log broken at index {events - 1}", result.Out, StringComparison.Ordinal);
        Assert.Contains($"verify: could not record the result: the catalog's log frontier (meta 'merkle_frontier') disagrees with its events: event {events - 1} is not the last event it covers", result.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("unexpected error", result.Out + result.Err, StringComparison.Ordinal);
        Assert.Equal((events, checkpoints), (Count("events"), Count("checkpoints")));
    }

    /// <summary>
    /// `archive verify` in a process of its own runs as users run it: SQLite in multi-thread mode
    /// (<see cref="UnsharedConnections"/>), huge pages, no collections. It still finds an original changed, an event edited
    /// in the middle of the log and a catalog row changed, and records its result; an intact archive checks out.
    /// </summary>
    [Fact]
    public void Verify_InItsOwnProcess_FindsWhatTheInProcessCheckFinds()
    {
        var intact = TempArchive.Finish(_archive.Start("verify", "--json"));
        Assert.True(intact.ExitCode == 0, intact.ToString());
        Assert.True(JsonNode.Parse(intact.Out)!["recorded_at_index"]!.GetValue<long>() > 0);

        var id = _archive.RunJson("list")["items"]![1]!["id"]!.GetValue<string>();
        var blob = Path.Combine(_archive.Layout.BlobsPath, "sha256", id[7..9], id[7..]);
        File.SetUnixFileMode(blob, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.AppendAllText(blob, "appended after ingest");
        Sql("UPDATE events SET json = replace(json, '\"outcome\":\"', '\"outcome\":\"edited ') WHERE idx = 3");
        Sql("UPDATE captures SET title = 'retitled' WHERE id = (SELECT id FROM captures ORDER BY id LIMIT 1)");
        var inProcess = _archive.Run("verify", "--json", "--no-record");

        var own = TempArchive.Finish(_archive.Start("verify", "--json", "--no-record"));

        Assert.True(own.ExitCode == ExitCodes.IntegrityProblem, own.ToString());
        Assert.Equal(ExitCodes.IntegrityProblem, inProcess.ExitCode);
        var problems = JsonNode.Parse(own.Out)!["problems"]!.AsArray().Select(p => $"{p!["kind"]} {p["status"]} {p["id"]} {p["log_index"]}").Order(StringComparer.Ordinal).ToList();
        Assert.Contains($"original changed {id} ", problems);
        Assert.Contains(problems, p => p.StartsWith("log ", StringComparison.Ordinal) && p.EndsWith(" 3", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("catalog changed", StringComparison.Ordinal));
        Assert.Equal(
            JsonNode.Parse(inProcess.Out)!["problems"]!.AsArray().Select(p => $"{p!["kind"]} {p["status"]} {p["id"]} {p["log_index"]}").Order(StringComparer.Ordinal),
            problems);
    }

    /// <summary>Once SQLite has started in a process (as in this one), its mode stays as it was: nothing to change under open connections.</summary>
    [Fact]
    public void UnsharedConnections_AfterSqliteStarted_ChangesNothing()
    {
        Assert.True(Count("events") > 0);

        Assert.False(UnsharedConnections.Use());
        Assert.True(Count("events") > 0);
    }

    private long Count(string table)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT count(*) FROM {table}";
        return (long)command.ExecuteScalar()!;
    }

    private void Sql(string statement)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = statement;
        Assert.Equal(1, command.ExecuteNonQuery());
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = _archive.Layout.CatalogPath, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }
}
