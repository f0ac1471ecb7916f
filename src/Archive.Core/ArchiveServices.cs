using System.Reflection;
using Archive.Core.Catalog;
using Archive.Core.Ingestion;
using Archive.Core.Provenance;
using Archive.Core.Search;
using Archive.Core.Storage;

namespace Archive.Core;

/// <summary>
/// The long-lived parts of one open archive, built once by the composition root (CLI or web host):
/// catalog, content store, event log, signing key, extractors and search index.
/// </summary>
internal sealed class ArchiveServices : IDisposable
{
    private readonly Lazy<CheckpointSigner> _signer;
    private readonly Lazy<string> _logOrigin;

    private ArchiveServices(ArchiveLayout layout, TimeProvider clock)
    {
        Layout = layout;
        Clock = clock;
        Database = new ArchiveDatabase(layout);
        Store = new ContentStore(layout.BlobsPath);
        Log = new EventLog(clock, ToolVersion);
        Extractors = new ExtractorRegistry();
        Analyzer = new Analyzer();
        Search = new SearchIndex(Analyzer);
        _signer = new Lazy<CheckpointSigner>(() => CheckpointSigner.Load(layout.PrivateKeyPath, layout.PublicKeyPath));
        _logOrigin = new Lazy<string>(() =>
        {
            using var connection = Database.Open();
            return "archive-log/" + (CatalogQueries.MetaValue(connection, "archive_id") ?? "unknown");
        });
    }

    /// <summary>"archive X.Y.Z", recorded in every event.</summary>
    public static string ToolVersion { get; } =
        "archive " + (typeof(ArchiveServices).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0");

    public ArchiveLayout Layout { get; }

    public TimeProvider Clock { get; }

    public ArchiveDatabase Database { get; }

    public ContentStore Store { get; }

    public EventLog Log { get; }

    public ExtractorRegistry Extractors { get; }

    public SearchIndex Search { get; }

    /// <summary>The one analyzer used for indexing, querying and highlighting.</summary>
    public Analyzer Analyzer { get; }

    public CheckpointSigner Signer => _signer.Value;

    /// <summary>The first line of every checkpoint: names this archive's log.</summary>
    public string LogOrigin => _logOrigin.Value;

    /// <summary>Opens an initialised archive. Throws <see cref="ArchiveException"/> otherwise.</summary>
    public static ArchiveServices Open(ArchiveLayout layout, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(layout);
        if (!File.Exists(layout.CatalogPath))
        {
            throw ArchiveException.NoArchive(layout.Root);
        }

        return new ArchiveServices(layout, clock);
    }

    /// <summary>Creates the archive root, catalog, blob store and signing key where missing. Returns true if anything was created.</summary>
    public static bool Initialize(ArchiveLayout layout, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(clock);
        var created = !File.Exists(layout.CatalogPath);
        Directory.CreateDirectory(layout.Root);
        Directory.CreateDirectory(layout.BlobsPath);
        Directory.CreateDirectory(layout.PacksPath);
        Directory.CreateDirectory(layout.KeysPath);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(layout.KeysPath, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        if (!File.Exists(layout.PrivateKeyPath) && !File.Exists(layout.PublicKeyPath))
        {
            CheckpointSigner.Generate(layout.PrivateKeyPath, layout.PublicKeyPath);
            created = true;
        }

        var database = new ArchiveDatabase(layout);
        database.EnsureCreated((connection, transaction) =>
        {
            SearchIndex.CreateSchema(connection, transaction);
            Security.TokenStore.CreateSchema(connection, transaction);
            Briefings.PackCatalog.CreateSchema(connection, transaction);
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = """
                INSERT OR IGNORE INTO meta(key, value) VALUES ('archive_id', $id);
                INSERT OR IGNORE INTO meta(key, value) VALUES ('schema_version', $version);
                INSERT OR IGNORE INTO meta(key, value) VALUES ('created_at', $now);
                """;
            command.Parameters.AddWithValue("$id", Guid.NewGuid().ToString("N"));
            command.Parameters.AddWithValue("$version", CatalogSchema.Version.ToString(System.Globalization.CultureInfo.InvariantCulture));
            command.Parameters.AddWithValue("$now", EventLog.FormatTime(clock.GetUtcNow()));
            command.ExecuteNonQuery();
        });
        return created;
    }

    public void Dispose()
    {
        if (_signer.IsValueCreated)
        {
            _signer.Value.Dispose();
        }
    }
}
