using System.Text.Json.Nodes;

namespace Archive.Cli.Tests.Commands;

/// <summary><c>archive embed</c>, search by meaning from the CLI, and what verify says of the vectors.</summary>
public sealed class EmbedCommandTests : IDisposable
{
    private readonly TempArchive _archive = new();

    public void Dispose() => _archive.Dispose();

    [Fact]
    public void Embed_ThenSemanticSearch_FindsTheParaphraseAndVerifyReportsTheVectors()
    {
        Assert.Equal(0, _archive.Run("ingest", TempArchive.SampleSources).ExitCode);
        var before = _archive.RunJson("embed", "--status")["status"]!;
        Assert.True(before["waiting"]!.GetValue<int>() > 0);

        var embedded = _archive.RunJson("embed");
        var again = _archive.RunJson("embed");

        Assert.True(embedded["embedded"]!["chunks"]!.GetValue<int>() > 0);
        Assert.Equal(0, embedded["status"]!["waiting"]!.GetValue<int>());
        Assert.Equal(0, again["embedded"]!["texts"]!.GetValue<int>());
        var search = _archive.RunJson("search", "inmates fled prison", "--mode", "semantic");
        Assert.Equal("semantic", search["mode"]!.GetValue<string>());
        var first = search["hits"]![0]!;
        Assert.True(first["meaning"]!.GetValue<double>() >= 0.35);
        Assert.Contains(first["why"]!.AsArray(), w => w!.GetValue<string>().StartsWith("meaning: ", StringComparison.Ordinal));
        var verify = _archive.RunJson("verify");
        Assert.True(verify["ok"]!.GetValue<bool>());
        Assert.Equal(embedded["status"]!["chunks"]!.GetValue<int>(), verify["vectors"]!["chunks"]!.GetValue<int>());
        var text = _archive.Run("search", "inmates fled prison");
        Assert.Contains("hybrid)", text.Out, StringComparison.Ordinal);
        Assert.Contains("meaning: 0.", text.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Search_ModeSemanticBeforeAnyEmbedding_SaysWhyAndRanksByWords()
    {
        Assert.Equal(0, _archive.Run("ingest", TempArchive.SampleSources).ExitCode);

        var search = _archive.RunJson("search", "hasakah", "--mode", "semantic");

        Assert.Equal("lexical", search["mode"]!.GetValue<string>());
        Assert.Contains(search["notes"]!.AsArray(), n => n!.GetValue<string>().Contains("archive embed", StringComparison.Ordinal));
        Assert.True(search["total"]!.GetValue<int>() > 0);
    }

    [Fact]
    public void Embed_KilledMidway_NextRunResumesWithNoDuplicateOrMissingVector()
    {
        // Twenty texts of many sentences each, so the run is still going when the first texts are stored.
        var folder = Path.Combine(_archive.Root, "..", "many");
        Directory.CreateDirectory(folder);
        for (var i = 0; i < 20; i++)
        {
            File.WriteAllText(Path.Combine(folder, $"report-{i:D2}.txt"), string.Join(" ", Enumerable.Range(0, 60).Select(s => $"Report {i} line {s}: the detainees in camp {s % 9} were moved after the attack on the gate.")));
        }

        Assert.Equal(0, _archive.Run("ingest", folder).ExitCode);
        using (var process = _archive.Start("embed"))
        {
            var waited = System.Diagnostics.Stopwatch.StartNew();
            while (StoredTexts() < 2 && waited.Elapsed < TimeSpan.FromMinutes(3) && !process.HasExited)
            {
                Thread.Sleep(50);
            }

            Assert.False(process.HasExited, "embed finished before it could be killed; the test needs more text");
            process.Kill(entireProcessTree: true); // SIGKILL: no cleanup runs
            process.WaitForExit();
        }

        var killed = _archive.RunJson("embed", "--status")["status"]!;
        Assert.InRange(killed["texts"]!.GetValue<int>(), 2, 19);
        Assert.Empty(killed["broken"]!.AsArray());

        var resumed = _archive.RunJson("embed");

        var status = resumed["status"]!;
        Assert.Equal(20, status["texts"]!.GetValue<int>());
        Assert.Equal(0, status["waiting"]!.GetValue<int>());
        Assert.Empty(status["broken"]!.AsArray());
        Assert.Equal(20 - killed["texts"]!.GetValue<int>(), resumed["embedded"]!["texts"]!.GetValue<int>());
        Assert.Equal(status["chunks"]!.GetValue<int>(), Scalar("SELECT count(*) FROM vector_chunks"));
        Assert.Equal(status["chunks"]!.GetValue<int>(), Scalar("SELECT sum(chunks) FROM vector_texts WHERE chunks > 0"));
        Assert.Equal(0, Scalar("SELECT count(*) FROM (SELECT text_sha256, seq FROM vector_chunks GROUP BY 1, 2 HAVING count(*) > 1)"));
    }

    private long StoredTexts()
    {
        try
        {
            return File.Exists(Path.Combine(_archive.Root, "vectors.db")) ? Scalar("SELECT count(*) FROM vector_texts") : 0;
        }
        catch (Microsoft.Data.Sqlite.SqliteException)
        {
            return 0; // the embedder is creating its tables
        }
    }

    private long Scalar(string sql)
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(_archive.Root, "vectors.db")};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar() ?? 0L, System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public void Search_BadMode_UsageError()
    {
        var result = _archive.Run("search", "x", "--mode", "meaning");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("meaning", result.Err, StringComparison.Ordinal);
    }
}
