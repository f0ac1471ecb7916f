using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;

namespace Archive.Cli.Tests.Commands;

/// <summary>
/// The derived Lucene.Net index as a user meets it through the CLI: a new archive ships the name-variant sets, an
/// archive from the FTS5 version asks for <c>archive reindex</c> and is upgraded by it, and a document ingested by one
/// process is found at once by another.
/// </summary>
public sealed class SearchIndexCommandTests : IDisposable
{
    private readonly TempArchive _archive = new();

    public void Dispose() => _archive.Dispose();

    [Fact]
    public void Init_NewArchive_WritesTheShippedNameVariantSets()
    {
        Assert.Equal(File.ReadAllText(Repository.Aliases), File.ReadAllText(_archive.Layout.AliasesPath));
        Assert.Equal(0, _archive.Run("ingest", TempArchive.SampleSources).ExitCode);

        var daesh = _archive.RunJson("search", "Daesh");
        var alone = _archive.RunJson("search", "=Daesh");

        Assert.True(daesh["total"]!.GetValue<int>() > alone["total"]!.GetValue<int>(), daesh.ToJsonString());
        Assert.Contains(daesh["hits"]!.AsArray(), h => h!["why"]!.AsArray().Any(w => w!.GetValue<string>().StartsWith("alias: Daesh → ", StringComparison.Ordinal)));
    }

    [Fact]
    public void Search_ArchiveFromTheFts5Version_SaysReindexAndReindexUpgradesIt()
    {
        Assert.Equal(0, _archive.Run("ingest", TempArchive.SampleSources).ExitCode);
        var before = _archive.RunJson("search", "hasakah");
        using (var connection = new SqliteConnection($"Data Source={Path.Combine(_archive.Root, "catalog.db")};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "CREATE VIRTUAL TABLE search_fts USING fts5(title_stem, body_stem, title_exact, body_exact)";
            command.ExecuteNonQuery();
        }

        File.Delete(Path.Combine(_archive.Root, "aliases.txt"));
        var refused = _archive.Run("search", "hasakah");
        var reindexed = _archive.RunJson("reindex");
        var after = _archive.RunJson("search", "hasakah");
        var shipped = File.ReadAllText(Path.Combine(_archive.Root, "aliases.txt"));
        File.Delete(Path.Combine(_archive.Root, "aliases.txt"));
        var again = _archive.RunJson("reindex");

        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("run `archive reindex`", refused.Err + refused.Out, StringComparison.Ordinal);
        Assert.True(reindexed["reindexed"]!.GetValue<int>() > 0, reindexed.ToJsonString());
        Assert.True(reindexed["aliases_written"]!.GetValue<bool>());
        Assert.Contains("Daesh", shipped, StringComparison.Ordinal);
        // A user who empties or deletes the file later keeps it that way: only the upgrade writes it.
        Assert.False(again["aliases_written"]!.GetValue<bool>());
        Assert.False(File.Exists(Path.Combine(_archive.Root, "aliases.txt")));
        Assert.Equal(before["total"]!.GetValue<int>(), after["total"]!.GetValue<int>());
        Assert.Equal(Ids(before), Ids(after));
        using var check = new SqliteConnection($"Data Source={Path.Combine(_archive.Root, "catalog.db")};Pooling=False");
        check.Open();
        using var tables = check.CreateCommand();
        tables.CommandText = "SELECT count(*) FROM sqlite_master WHERE name LIKE 'search_%'";
        Assert.Equal(0L, (long)tables.ExecuteScalar()!);
    }

    [Fact]
    public void Search_InAnotherProcessRightAfterIngest_FindsTheNewDocument()
    {
        var word = "zq" + Guid.NewGuid().ToString("N")[..10];
        var ingest = TempArchive.Finish(_archive.Start("ingest", _archive.WriteInput("new.txt", $"A report with the word {word} in it.\n")));
        var search = TempArchive.Finish(_archive.Start("search", word, "--json"));

        Assert.True(ingest.ExitCode == 0, ingest.ToString());
        Assert.True(search.ExitCode == 0, search.ToString());
        Assert.Equal(1, JsonNode.Parse(search.Out)!["total"]!.GetValue<int>());
    }

    private static List<string> Ids(JsonNode response) => [.. response["hits"]!.AsArray().Select(h => h!["id"]!.GetValue<string>())];
}
