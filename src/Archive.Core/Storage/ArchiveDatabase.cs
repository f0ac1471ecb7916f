using Microsoft.Data.Sqlite;

namespace Archive.Core.Storage;

/// <summary>Opens connections to the catalog with the durability settings every writer must use.</summary>
internal sealed class ArchiveDatabase
{
    private readonly string _connectionString;
    private string? _unmappedConnectionString;

    public ArchiveDatabase(ArchiveLayout layout)
    {
        ArgumentNullException.ThrowIfNull(layout);
        Layout = layout;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = layout.CatalogPath,
            Mode = SqliteOpenMode.ReadWrite,
            Pooling = true,
            DefaultTimeout = 60,
        }.ToString();
    }

    // The same connections, told apart so that they pool apart (Private is SQLite's default cache mode): a pooled
    // connection switched between mapped and unmapped uses would unmap and map the file again at every switch. Each
    // made when first needed: every command opens the archive, and most use one or two of them.
    private string UnmappedConnectionString =>
        _unmappedConnectionString ??= new SqliteConnectionStringBuilder(_connectionString) { Cache = SqliteCacheMode.Private }.ToString();

    /// <summary>The catalog as a read-only, immutable file (a URI, which takes its parser's start-up).</summary>
    private string ImmutableConnectionString => new SqliteConnectionStringBuilder
    {
        DataSource = new Uri(Path.GetFullPath(Layout.CatalogPath)).AbsoluteUri + "?immutable=1",
        Mode = SqliteOpenMode.ReadOnly,
    }.ToString();

    public ArchiveLayout Layout { get; }

    /// <summary>Opens a connection; throws <see cref="ArchiveException"/> when the catalog does not exist.</summary>
    public SqliteConnection Open() => Open(mapped: true);

    /// <summary>
    /// Opens a connection that reads through SQLite's own page cache instead of the memory map, from a pool of its
    /// own: for reading a whole table once (the index's rebuild; verify's reads of a large catalog, see
    /// <see cref="OpenForScan"/>) and for the reads of ingest's helper threads and the index's catch-up after a
    /// commit. Every page read through a map stays resident in the process for as long as the pooled connection lives,
    /// up to the map's 256 MB per connection, and each connection maps the file anew: at a million documents the
    /// catalog's maps were counted several times over in the process's memory. The writer and searches keep the map.
    /// </summary>
    public SqliteConnection OpenUnmapped() => Open(mapped: false);

    /// <summary>
    /// Opens a connection for verify's reads of whole tables: unmapped (<see cref="OpenUnmapped"/>), so each page is
    /// read once into the connection's cache with one <c>pread</c>. Mapped, the first touch of each page was a page
    /// fault, in each connection's own map of the file: measured on Reuters (a 76 MB catalog, 18,677 page reads
    /// unmapped), alternately over three batches on the 2-core machine, 0.670 → 0.651, 0.779 → 0.745 and 0.772 →
    /// 0.743 s, CPU 1.282 → 1.219 s, page faults 17,925 → 15,918. (An earlier verify's reads took 124,000 page reads
    /// unmapped, and mapped was faster then; the checks have been rewritten since.) A large catalog's maps also
    /// counted again in resident memory for each scanning connection: at a million documents, 510 MB in verify's peak.
    /// </summary>
    public SqliteConnection OpenForScan() => OpenUnmapped();

    private SqliteConnection Open(bool mapped)
    {
        if (!File.Exists(Layout.CatalogPath))
        {
            throw ArchiveException.NoArchive(Layout.Root);
        }

        var connection = new SqliteConnection(mapped ? _connectionString : UnmappedConnectionString);
        try
        {
            connection.Open();
            Configure(connection, mapped);
            return connection;
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode is 8 /* SQLITE_READONLY */ or 14 /* SQLITE_CANTOPEN */ && IsAtRest())
        {
            // A WAL catalog cannot even be read where its -shm file cannot be created: a read-only copy or mount.
            // At rest (nothing pending in -wal) it is safe to read as immutable, so an auditor can still list and
            // verify; every write then fails as read-only.
            connection.Dispose();
            var immutable = new SqliteConnection(ImmutableConnectionString);
            immutable.Open();
            return immutable;
        }
    }

    /// <summary>
    /// Creates the catalog file, its <c>meta</c> table and each owner's tables if absent, in one transaction. Safe to run again.
    /// </summary>
    public void EnsureCreated(params Action<SqliteConnection, SqliteTransaction>[] schemas)
    {
        ArgumentNullException.ThrowIfNull(schemas);
        var create = new SqliteConnectionStringBuilder(_connectionString) { Mode = SqliteOpenMode.ReadWriteCreate }.ToString();
        using var connection = new SqliteConnection(create);
        connection.Open();
        Execute(connection, "PRAGMA journal_mode=WAL;");
        Configure(connection);
        using var transaction = connection.BeginTransaction();
        Execute(connection, MetaSchema, transaction);
        foreach (var schema in schemas)
        {
            schema(connection, transaction);
        }

        transaction.Commit();
    }

    /// <summary>The value of a <c>meta</c> key (archive id, schema version, Merkle frontier, index stamp), or null.</summary>
    public static string? MetaValue(SqliteConnection connection, string key, SqliteTransaction? transaction = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT value FROM meta WHERE key = $key";
        command.Parameters.AddWithValue("$key", key);
        return command.ExecuteScalar() as string;
    }

    /// <summary>Sets a <c>meta</c> key inside the caller's transaction.</summary>
    public static void SetMeta(SqliteConnection connection, SqliteTransaction transaction, string key, string value)
    {
        ArgumentNullException.ThrowIfNull(connection);
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "INSERT INTO meta(key, value) VALUES ($key, $value) ON CONFLICT(key) DO UPDATE SET value = excluded.value WHERE value <> excluded.value";
        command.Parameters.AddWithValue("$key", key);
        command.Parameters.AddWithValue("$value", value);
        command.ExecuteNonQuery();
    }

    /// <summary>Removes a <c>meta</c> key inside the caller's transaction.</summary>
    public static void DeleteMeta(SqliteConnection connection, SqliteTransaction transaction, string key)
    {
        ArgumentNullException.ThrowIfNull(connection);
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "DELETE FROM meta WHERE key = $key";
        command.Parameters.AddWithValue("$key", key);
        command.ExecuteNonQuery();
    }

    /// <summary>Records a new archive's id, schema version and creation time; keeps them if already there.</summary>
    public static void InitializeMeta(SqliteConnection connection, SqliteTransaction transaction, int schemaVersion, string createdAt)
    {
        ArgumentNullException.ThrowIfNull(connection);
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            INSERT OR IGNORE INTO meta(key, value) VALUES ('archive_id', $id);
            INSERT OR IGNORE INTO meta(key, value) VALUES ('schema_version', $version);
            INSERT OR IGNORE INTO meta(key, value) VALUES ('created_at', $now);
            """;
        command.Parameters.AddWithValue("$id", Guid.NewGuid().ToString("N"));
        command.Parameters.AddWithValue("$version", schemaVersion.ToString(System.Globalization.CultureInfo.InvariantCulture));
        command.Parameters.AddWithValue("$now", createdAt);
        command.ExecuteNonQuery();
    }

    public static void Execute(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    /// <summary>
    /// Sets <paramref name="connection"/> up for a batch of group commits until the result is disposed, when it is put
    /// back as it was (it returns to the pool). A capture's inserts each need a statement journal, since a foreign key
    /// can abort one after it wrote: SQLite spills any journal past 64 KiB to a new temp file, so each group commit of
    /// Reuters created, wrote and deleted one (69 files and 294 MB of writes in all). They stay in memory here, where
    /// each lives as long as one statement. The larger page cache keeps the pages of the catalog's indexes, which
    /// content ids hit at random, instead of reading them back from the WAL at every insert. And the WAL is copied
    /// into the catalog every 64 MiB instead of every 4 MiB: each group commit rewrites the same index pages, and at
    /// SQLite's default nearly every commit copied them again (212 MB written into a 74 MB catalog). The WAL file may
    /// then stay up to that size between writes.
    /// </summary>
    public static IDisposable ForBatchWrites(SqliteConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var restore = string.Join(' ', BatchSettings.Select(setting => $"PRAGMA {setting}={Pragma(connection, setting)};"));
        Execute(connection, "PRAGMA cache_size=-65536; PRAGMA temp_store=MEMORY; PRAGMA wal_autocheckpoint=16384;");
        return new PragmaRestore(connection, restore);
    }

    private static readonly string[] BatchSettings = ["cache_size", "temp_store", "wal_autocheckpoint"];

    private static long Pragma(SqliteConnection connection, string name)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA " + name;
        return (long)command.ExecuteScalar()!;
    }

    private sealed class PragmaRestore(SqliteConnection connection, string sql) : IDisposable
    {
        public void Dispose()
        {
            try
            {
                Execute(connection, sql);
            }
            catch (SqliteException)
            {
                // Only a broken connection fails a pragma, and the error that broke it is the one to report.
            }
        }
    }

    /// <summary>Starts a write transaction that takes the write lock at once, so concurrent writers queue on busy_timeout.</summary>
    public static SqliteTransaction BeginWrite(SqliteConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return connection.BeginTransaction(deferred: false);
    }

    // Small facts of the archive as a whole, one key each; every folder that keeps one names its own key.
    private const string MetaSchema = """
        CREATE TABLE IF NOT EXISTS meta(
            key   TEXT PRIMARY KEY,
            value TEXT NOT NULL
        ) STRICT;
        """;

    private bool IsAtRest()
    {
        var wal = new FileInfo(Layout.CatalogPath + "-wal");
        return !wal.Exists || wal.Length == 0;
    }

    private static void Configure(SqliteConnection connection, bool mapped = true)
    {
        // mmap_size: reads map the file instead of copying pages through each pooled connection's small cache, which
        // halves the time a search spends fetching the capture rows of its hits. Writes still go through write().
        Execute(connection, "PRAGMA synchronous=FULL; PRAGMA busy_timeout=60000; PRAGMA foreign_keys=ON; PRAGMA mmap_size=" + (mapped ? "268435456;" : "0;"));
    }
}
