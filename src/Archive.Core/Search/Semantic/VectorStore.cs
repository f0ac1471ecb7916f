using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;

namespace Archive.Core.Search.Semantic;

/// <summary>
/// The derived vector store (<c>archive/vectors.db</c>, SQLite): for each embedded text, by its SHA-256, the chunks'
/// code-point ranges and vectors, each row sealed with a SHA-256 over its key, range, model and vector bytes, and a
/// row per text saying how many chunks it has (or that it stays lexical). One transaction per text, so a kill -9
/// leaves every text either whole or absent. Like the search index it holds nothing that cannot be made again from
/// the archived texts: a store that fails its seals or cannot be read is emptied and filled again, never used.
/// </summary>
internal sealed class VectorStore(string path, string model, int dimensions)
{
    /// <summary>The chunking rule; a change re-embeds every text.</summary>
    public const string ChunkerVersion = "sentences/128";

    private const string Schema = """
        CREATE TABLE IF NOT EXISTS vector_settings(key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;
        CREATE TABLE IF NOT EXISTS vector_texts(
            text_sha256 TEXT PRIMARY KEY,
            language    TEXT NOT NULL,
            chunks      INTEGER NOT NULL
        ) STRICT;
        CREATE TABLE IF NOT EXISTS vector_chunks(
            text_sha256 TEXT NOT NULL,
            seq         INTEGER NOT NULL,
            start       INTEGER NOT NULL,
            end         INTEGER NOT NULL,
            vector      BLOB NOT NULL,
            seal        BLOB NOT NULL,
            PRIMARY KEY(text_sha256, seq)
        ) STRICT;
        """;

    public string Path { get; } = path;

    /// <summary>What the store holds for each text hash: chunk count (0: empty text; -1: not English, stays lexical) and the language tags it was decided with.</summary>
    public Dictionary<string, (int Chunks, string Language)> Texts()
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT text_sha256, chunks, language FROM vector_texts";
        var result = new Dictionary<string, (int, string)>(StringComparer.Ordinal);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            result[reader.GetString(0)] = (reader.GetInt32(1), reader.GetString(2));
        }

        return result;
    }

    /// <summary>Records a text's chunks and vectors (none for a text that stays lexical: <paramref name="english"/> false), replacing what was there.</summary>
    public void Put(string textSha256, string language, bool english, IReadOnlyList<TextChunk> chunks, IReadOnlyList<float[]> vectors)
    {
        ArgumentNullException.ThrowIfNull(chunks);
        ArgumentNullException.ThrowIfNull(vectors);
        if (chunks.Count != vectors.Count)
        {
            throw new ArgumentException("one vector per chunk", nameof(vectors));
        }

        using var connection = Open();
        using var transaction = connection.BeginTransaction();
        var replaced = Execute(connection, transaction, "DELETE FROM vector_chunks WHERE text_sha256 = $t", ("$t", textSha256)) > 0;
        Execute(connection, transaction, "INSERT OR REPLACE INTO vector_texts(text_sha256, language, chunks) VALUES ($t, $l, $c)", ("$t", textSha256), ("$l", language), ("$c", english ? chunks.Count : -1));
        using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = "INSERT INTO vector_chunks(text_sha256, seq, start, end, vector, seal) VALUES ($t, $s, $a, $b, $v, $h)";
        var t = insert.Parameters.Add("$t", SqliteType.Text);
        var s = insert.Parameters.Add("$s", SqliteType.Integer);
        var a = insert.Parameters.Add("$a", SqliteType.Integer);
        var b = insert.Parameters.Add("$b", SqliteType.Integer);
        var v = insert.Parameters.Add("$v", SqliteType.Blob);
        var h = insert.Parameters.Add("$h", SqliteType.Blob);
        for (var i = 0; english && i < chunks.Count; i++)
        {
            if (vectors[i].Length != dimensions)
            {
                throw new ArgumentException($"a vector of {vectors[i].Length} numbers where the model gives {dimensions}", nameof(vectors));
            }

            var bytes = MemoryMarshal.AsBytes(vectors[i].AsSpan()).ToArray();
            (t.Value, s.Value, a.Value, b.Value, v.Value, h.Value) = (textSha256, i, chunks[i].Start, chunks[i].End, bytes, Seal(textSha256, i, chunks[i].Start, chunks[i].End, bytes));
            insert.ExecuteNonQuery();
        }

        Bump(connection, transaction, removed: replaced);
        transaction.Commit();
    }

    /// <summary>
    /// Every vector, checked against its seal and its text's chunk count. Texts whose rows fail are returned as
    /// <paramref name="broken"/> (the caller removes them and embeds them again); their vectors are left out.
    /// </summary>
    public List<StoredChunk> ReadAll(out List<string> broken, CancellationToken cancellationToken = default)
    {
        var rows = new List<StoredChunk>();
        broken = Read((_, text, start, end, vector) => rows.Add(new StoredChunk(text, start, end, vector.ToArray())), cancellationToken);
        var bad = broken.ToHashSet(StringComparer.Ordinal);
        rows.RemoveAll(r => bad.Contains(r.TextSha256));
        return rows;
    }

    /// <summary>A chunk as read: its rowid (the HNSW index's key for it), text, range and vector (valid only during the call).</summary>
    public delegate void ChunkReader(long rowId, string textSha256, int start, int end, ReadOnlySpan<float> vector);

    /// <summary>
    /// Hands every chunk whose seal holds to <paramref name="read"/>, in text order, without keeping them; returns the
    /// texts that failed (a seal, or their chunk count), whose chunks the caller must drop, even those it was handed.
    /// </summary>
    public List<string> Read(ChunkReader read, CancellationToken cancellationToken = default) => Read(read, 0, out _, cancellationToken);

    /// <summary>
    /// As <see cref="Read(ChunkReader, CancellationToken)"/>, for the chunks stored after <paramref name="afterRowId"/>
    /// only (texts added since a read; their chunk counts are checked the same way); <paramref name="lastRowId"/> is
    /// the last chunk's rowid.
    /// </summary>
    public List<string> Read(ChunkReader read, long afterRowId, out long lastRowId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(read);
        lastRowId = afterRowId;
        using var connection = Open();
        // One read transaction: both queries see the same snapshot, so a text stored meanwhile by another writer is
        // neither counted without its chunks nor taken for a broken one.
        using var snapshot = connection.BeginTransaction(deferred: true);
        var expected = new Dictionary<string, int>(StringComparer.Ordinal);
        using (var command = connection.CreateCommand())
        {
            command.Transaction = snapshot;
            command.CommandText = afterRowId == 0
                ? "SELECT text_sha256, chunks FROM vector_texts WHERE chunks > 0"
                : "SELECT text_sha256, chunks FROM vector_texts WHERE chunks > 0 AND text_sha256 IN (SELECT text_sha256 FROM vector_chunks WHERE rowid > $after)";
            command.Parameters.AddWithValue("$after", afterRowId);
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                expected[reader.GetString(0)] = reader.GetInt32(1);
            }
        }

        var bad = new HashSet<string>(StringComparer.Ordinal);
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var count = 0;
        using (var command = connection.CreateCommand())
        {
            command.Transaction = snapshot;
            command.CommandText = "SELECT text_sha256, seq, start, end, vector, seal, rowid FROM vector_chunks WHERE rowid > $after ORDER BY text_sha256, seq";
            command.Parameters.AddWithValue("$after", afterRowId);
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                if ((++count & 4095) == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }

                var text = reader.GetString(0);
                var seq = reader.GetInt32(1);
                var start = reader.GetInt32(2);
                var end = reader.GetInt32(3);
                var bytes = (byte[])reader.GetValue(4);
                var seal = (byte[])reader.GetValue(5);
                var rowId = reader.GetInt64(6);
                lastRowId = Math.Max(lastRowId, rowId);
                seen[text] = seen.GetValueOrDefault(text) + 1;
                if (bytes.Length != dimensions * sizeof(float) || !seal.AsSpan().SequenceEqual(Seal(text, seq, start, end, bytes)) || start < 0 || end <= start)
                {
                    bad.Add(text);
                    continue;
                }

                read(rowId, text, start, end, MemoryMarshal.Cast<byte, float>(bytes));
            }
        }

        foreach (var (text, chunks) in expected)
        {
            if (seen.GetValueOrDefault(text) != chunks)
            {
                bad.Add(text);
            }
        }

        foreach (var text in seen.Keys.Where(t => !expected.ContainsKey(t)))
        {
            bad.Add(text);
        }

        return [.. bad.Order(StringComparer.Ordinal)];
    }

    /// <summary>Forgets texts (their vectors and their decision), so they are embedded again.</summary>
    public void Remove(IEnumerable<string> textSha256s)
    {
        ArgumentNullException.ThrowIfNull(textSha256s);
        using var connection = Open();
        using var transaction = connection.BeginTransaction();
        foreach (var text in textSha256s)
        {
            Execute(connection, transaction, "DELETE FROM vector_chunks WHERE text_sha256 = $t", ("$t", text));
            Execute(connection, transaction, "DELETE FROM vector_texts WHERE text_sha256 = $t", ("$t", text));
        }

        Bump(connection, transaction, removed: true);
        transaction.Commit();
    }

    /// <summary>Empties the store (<c>reindex</c>, or a store of another model or chunking rule).</summary>
    public void Clear()
    {
        using var connection = Open();
        using var transaction = connection.BeginTransaction();
        Execute(connection, transaction, "DELETE FROM vector_chunks");
        Execute(connection, transaction, "DELETE FROM vector_texts");
        Bump(connection, transaction, removed: true);
        transaction.Commit();
    }

    /// <summary>
    /// Two numbers raised in the transaction of each write (two rows read: cheap enough to ask before every search):
    /// <c>Generation</c> by every write, <c>Removals</c> by those that remove or replace chunks, after which the
    /// vectors in memory must be read again whole; otherwise the new chunks can be added to them.
    /// </summary>
    public (long Generation, long Removals) Generation()
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT key, value FROM vector_settings WHERE key IN ('generation', 'removals')";
        using var reader = command.ExecuteReader();
        long generation = 0, removals = 0;
        while (reader.Read())
        {
            var value = long.Parse(reader.GetString(1), System.Globalization.CultureInfo.InvariantCulture);
            (generation, removals) = reader.GetString(0) == "generation" ? (value, removals) : (generation, value);
        }

        return (generation, removals);
    }

    /// <summary>What the store records of the saved HNSW index (none: no index was saved since the store was made).</summary>
    public HnswManifest? IndexManifest()
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT value FROM vector_settings WHERE key = 'hnsw'";
        return HnswManifest.TryParse(command.ExecuteScalar() as string, out var manifest) ? manifest : null;
    }

    /// <summary>Records the saved HNSW index (no generation is raised: the vectors did not change).</summary>
    public void SetIndexManifest(HnswManifest? manifest)
    {
        using var connection = Open();
        if (manifest is { } m)
        {
            Execute(connection, null, "INSERT OR REPLACE INTO vector_settings(key, value) VALUES ('hnsw', $v)", ("$v", m.ToString()));
        }
        else
        {
            Execute(connection, null, "DELETE FROM vector_settings WHERE key = 'hnsw'");
        }
    }

    /// <summary>How many chunks the store holds (to size the array they are read into).</summary>
    public int ChunkCount()
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM vector_chunks";
        return Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static void Bump(SqliteConnection connection, SqliteTransaction transaction, bool removed)
    {
        foreach (var key in removed ? Both : Additions)
        {
            Execute(connection, transaction, "INSERT INTO vector_settings(key, value) VALUES ($k, '1') ON CONFLICT(key) DO UPDATE SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT)", ("$k", key));
        }
    }

    private static readonly string[] Both = ["generation", "removals"];

    private static readonly string[] Additions = ["generation"];

    private SqliteConnection Open()
    {
        try
        {
            return OpenChecked();
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode is 11 /* SQLITE_CORRUPT */ or 26 /* SQLITE_NOTADB */)
        {
            // Derived data only: a store that is not a database any more is made again from the texts.
            SqliteConnection.ClearAllPools();
            foreach (var suffix in new[] { string.Empty, "-wal", "-shm" })
            {
                File.Delete(Path + suffix);
            }

            return OpenChecked();
        }
    }

    private SqliteConnection OpenChecked()
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = true, DefaultTimeout = 60 }.ToString());
        try
        {
            connection.Open();
            Execute(connection, null, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=60000;");
            Execute(connection, null, Schema);
            EnsureSettings(connection);
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>A store made by another model or chunking rule is emptied: its vectors would not compare with the query's.</summary>
    private void EnsureSettings(SqliteConnection connection)
    {
        var wanted = $"{model}|{dimensions}|{ChunkerVersion}";
        using var read = connection.CreateCommand();
        read.CommandText = "SELECT value FROM vector_settings WHERE key = 'model'";
        if (read.ExecuteScalar() as string == wanted)
        {
            return;
        }

        using var transaction = connection.BeginTransaction();
        Execute(connection, transaction, "DELETE FROM vector_chunks; DELETE FROM vector_texts;");
        Execute(connection, transaction, "INSERT OR REPLACE INTO vector_settings(key, value) VALUES ('model', $m)", ("$m", wanted));
        Bump(connection, transaction, removed: true);
        transaction.Commit();
    }

    private byte[] Seal(string text, int seq, int start, int end, byte[] vector)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes($"{text}\n{model}\n"));
        Span<byte> numbers = stackalloc byte[12];
        BinaryPrimitives.WriteInt32LittleEndian(numbers, seq);
        BinaryPrimitives.WriteInt32LittleEndian(numbers[4..], start);
        BinaryPrimitives.WriteInt32LittleEndian(numbers[8..], end);
        hash.AppendData(numbers);
        hash.AppendData(vector);
        return hash.GetHashAndReset()[..16];
    }

    private static int Execute(SqliteConnection connection, SqliteTransaction? transaction, string sql, params (string Name, object Value)[] parameters)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return command.ExecuteNonQuery();
    }
}
