using System.Text;
using Archive.Core;
using Archive.Core.Catalog;
using Archive.Core.Ingestion;
using Archive.Core.Metadata;
using Archive.Core.Storage;
using Microsoft.Data.Sqlite;

namespace Archive.TestInfrastructure;

/// <summary>
/// A fresh archive in its own temp folder (<c>archive/</c> for the archive, <c>inputs/</c> for files to ingest),
/// initialised and opened through the same calls the hosts make, and deleted on dispose. Never touches the repo's archive/.
/// </summary>
internal sealed class ScratchArchive : IDisposable
{
    private readonly Lazy<ArchiveCore> _core;

    public ScratchArchive(bool initialize = true)
    {
        Workspace = Path.Combine(Path.GetTempPath(), "archive-test-" + Guid.NewGuid().ToString("N"));
        Inputs = Path.Combine(Workspace, "inputs");
        Directory.CreateDirectory(Inputs);
        Layout = new ArchiveLayout(Path.Combine(Workspace, "archive"));
        if (initialize)
        {
            ArchiveCore.Initialize(Layout, TimeProvider.System);
        }

        _core = new Lazy<ArchiveCore>(() => ArchiveCore.Open(Layout, TimeProvider.System));
    }

    /// <summary>The temp folder holding both the archive and the inputs.</summary>
    public string Workspace { get; }

    public string Inputs { get; }

    /// <summary>The archive root.</summary>
    public string Root => Layout.Root;

    public ArchiveLayout Layout { get; }

    /// <summary>The archive, opened once on first use.</summary>
    public ArchiveCore Services => _core.Value;

    public CatalogReader Reader => Services.Catalog;

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

    /// <summary>Copies the repo's committed name-variant sets (<c>archive/aliases.txt</c>) over the archive's own.</summary>
    public void UseRepositoryAliases() => File.Copy(Repository.Aliases, Layout.AliasesPath, overwrite: true);

    /// <summary>
    /// Ingests the repo's five sample sources (each with its sidecar, in name order) and then <paramref name="more"/>,
    /// in one request by <paramref name="agent"/>. The outcomes are returned unchecked: each fixture checks its own.
    /// </summary>
    public IReadOnlyList<IngestOutcome> IngestSamples(string agent, params string[] more) => IngestSamples(Services, agent, more);

    /// <inheritdoc cref="IngestSamples(string, string[])"/>
    public static IReadOnlyList<IngestOutcome> IngestSamples(ArchiveCore archive, string agent, params string[] more)
    {
        ArgumentNullException.ThrowIfNull(archive);
        return archive.Ingestor.Ingest(
            new IngestRequest([Repository.SampleSources, .. more], new Dictionary<string, FieldValue>(), agent), null, CancellationToken.None);
    }

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
        if (_core.IsValueCreated)
        {
            _core.Value.Dispose();
        }

        Delete(Workspace);
    }

    /// <summary>Deletes a test folder, read-only blobs and tampered permissions included; a leftover under /tmp never fails a test.</summary>
    public static void Delete(string folder)
    {
        SqliteConnection.ClearAllPools();
        if (!Directory.Exists(folder))
        {
            return;
        }

        try
        {
            if (!OperatingSystem.IsWindows())
            {
                foreach (var dir in Directory.EnumerateDirectories(folder, "*", SearchOption.AllDirectories))
                {
                    File.SetUnixFileMode(dir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
                }
            }

            Directory.Delete(folder, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A leftover temp folder is harmless.
        }
    }
}
