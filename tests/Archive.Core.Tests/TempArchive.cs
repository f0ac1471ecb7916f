using Archive.Core.Storage;
using System.Text;
using Archive.Core.Catalog;
using Archive.Core.Ingestion;
using Archive.Core.Metadata;
using Microsoft.Data.Sqlite;

namespace Archive.Core.Tests;

/// <summary>
/// A fresh archive in its own temp folder (<c>archive/</c> for the archive, <c>inputs/</c> for files to ingest),
/// initialised and opened through the same calls the CLI makes, and deleted on dispose.
/// </summary>
internal sealed class TempArchive : IDisposable
{
    public TempArchive()
    {
        Workspace = Path.Combine(Path.GetTempPath(), "archive-test-" + Guid.NewGuid().ToString("N"));
        Inputs = Path.Combine(Workspace, "inputs");
        Directory.CreateDirectory(Inputs);
        Layout = new ArchiveLayout(Path.Combine(Workspace, "archive"));
        ArchiveCore.Initialize(Layout, TimeProvider.System);
        Services = ArchiveCore.Open(Layout, TimeProvider.System);
    }

    /// <summary>The temp folder holding both the archive and the inputs.</summary>
    public string Workspace { get; }

    public string Inputs { get; }

    public ArchiveLayout Layout { get; }

    public ArchiveCore Services { get; }

    public CatalogReader Reader => new(Services.Database, Services.Store);

    /// <summary>Writes a UTF-8 file (no BOM) under <see cref="Inputs"/> and returns its full path.</summary>
    public string WriteInput(string relativePath, string content) =>
        WriteInput(relativePath, new UTF8Encoding(false).GetBytes(content));

    public string WriteInput(string relativePath, byte[] bytes)
    {
        var path = Path.Combine(Inputs, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    public IReadOnlyList<IngestOutcome> Ingest(params string[] paths) => Ingest(paths, null, null);

    public IReadOnlyList<IngestOutcome> Ingest(IReadOnlyList<string> paths, IReadOnlyDictionary<string, FieldValue>? commandLine, IProgress<IngestProgress>? progress) =>
        Services.Ingestor.Ingest(
            new IngestRequest(paths, commandLine ?? new Dictionary<string, FieldValue>(), "test-agent"),
            progress,
            CancellationToken.None);

    /// <summary>A raw connection to the catalog, outside every Core code path, for tampering with it.</summary>
    public SqliteConnection OpenRaw()
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Layout.CatalogPath, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }

    /// <summary>Every file under blobs/, content-addressed or temporary.</summary>
    public IReadOnlyList<string> StoredFiles() =>
        Directory.EnumerateFiles(Layout.BlobsPath, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();

    public void Dispose()
    {
        Services.Dispose();
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Workspace, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless; never fail a test over cleanup.
        }
    }
}
