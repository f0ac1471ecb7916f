using Microsoft.Data.Sqlite;

namespace Archive.Cli.Tests;

public sealed class CliContextTests : IDisposable
{
    private readonly TempArchive _archive = new();

    public void Dispose() => _archive.Dispose();

    /// <summary>
    /// The mapping alone, whoever runs the tests: a write refused by SQLite (here through a read-only connection,
    /// SQLITE_READONLY) becomes exit code 7 and one line. The end-to-end case, a catalog on a read-only file system,
    /// is <c>IngestCommandTests.Ingest_ReadOnlyArchive_ExitsNotWritableAndChangesNothing</c>.
    /// </summary>
    [Fact]
    public void Execute_SqliteRefusesWrite_ExitsNotWritableWithOneLine()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        CliHost.Use(new CliHost(output, error, Interactive: false, TimeProvider.System));
        int exit;
        try
        {
            var parse = ArchiveCli.Build().Parse(["list", "--archive", _archive.Root]);
            exit = CliContext.Execute(parse, (cli, _) =>
            {
                using var connection = new SqliteConnection($"Data Source={cli.Layout.CatalogPath};Mode=ReadOnly;Pooling=False");
                connection.Open();
                using var command = connection.CreateCommand();
                command.CommandText = "INSERT INTO meta(key, value) VALUES ('probe', 'x')";
                command.ExecuteNonQuery();
                return ExitCodes.Ok;
            }, CancellationToken.None);
        }
        finally
        {
            CliHost.Use(null);
        }

        Assert.Equal(ExitCodes.NotWritable, exit);
        var line = Assert.Single(error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"archive: {_archive.Layout.CatalogPath}: cannot write the catalog", line, StringComparison.Ordinal);
        Assert.Contains("read-only", line, StringComparison.Ordinal);
        Assert.Equal(string.Empty, output.ToString());
    }
}
