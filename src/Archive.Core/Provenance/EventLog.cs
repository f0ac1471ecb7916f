using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.Json.Nodes;
using Archive.Core.Storage;
using Microsoft.Data.Sqlite;

namespace Archive.Core.Provenance;

/// <summary>
/// Appends events to the log inside a caller's write transaction, and signs a checkpoint over the new tree.
/// Each event names the leaf hash of the one before it, so an edit is located at its index even before
/// a checkpoint covers it.
/// </summary>
internal sealed class EventLog : IDisposable
{
    private const string FrontierKey = "merkle_frontier";
    private readonly Lazy<CheckpointSigner> _signer;
    private readonly Lazy<string> _origin;

    /// <param name="loadSigner">Loads the archive key on first use, so an auditor without the private key can still read and verify.</param>
    public EventLog(ArchiveDatabase database, TimeProvider clock, string toolVersion, Func<CheckpointSigner> loadSigner)
    {
        ArgumentNullException.ThrowIfNull(database);
        Clock = clock;
        ToolVersion = toolVersion;
        _signer = new Lazy<CheckpointSigner>(loadSigner);
        _origin = new Lazy<string>(() =>
        {
            using var connection = database.Open();
            return "archive-log/" + (ArchiveDatabase.MetaValue(connection, "archive_id") ?? "unknown");
        });
    }

    /// <summary>"archive X.Y.Z", recorded in every event.</summary>
    public static string CurrentToolVersion { get; } =
        "archive " + (typeof(EventLog).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0");

    public string ToolVersion { get; }

    public TimeProvider Clock { get; }

    /// <summary>The archive key that signs checkpoints (and packs); loaded on first use.</summary>
    public CheckpointSigner Signer => _signer.Value;

    /// <summary>The first line of every checkpoint: names this archive's log.</summary>
    public string Origin => _origin.Value;

    public void Dispose()
    {
        if (_signer.IsValueCreated)
        {
            _signer.Value.Dispose();
        }
    }

    /// <summary>
    /// The archive key, when it can sign; otherwise refuses the write that asked. Every event is followed by a signed
    /// checkpoint, so a process without the private key (kept outside the archive and not given, say) must not append
    /// events no checkpoint would cover. Writers call it before they store anything.
    /// </summary>
    public CheckpointSigner RequireSigner()
    {
        var signer = Signer;
        return signer.CanSign
            ? signer
            : throw new ArchiveException(
                signer.Unusable is null ? ArchiveErrorKind.NeedsAction : signer.UnusableKind,
                signer.Unusable is { } why
                    ? $"cannot write: {why}"
                    : $"cannot write: the archive's private signing key is not readable here (sha256:{signer.KeyId[..16]}…); pass it with --key PEM or set {Storage.ArchiveLayout.KeyVariable}");
    }

    /// <summary>
    /// Reads the log's tip. Call inside a write transaction so no other writer can append meanwhile. Refuses, as
    /// <see cref="RequireSigner"/> does, when the archive key cannot sign.
    /// </summary>
    public Appender BeginAppend(SqliteConnection connection, SqliteTransaction transaction)
    {
        ArgumentNullException.ThrowIfNull(connection);
        RequireSigner();
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        var stored = ArchiveDatabase.MetaValue(connection, FrontierKey, transaction);
        command.CommandText = "SELECT idx, CAST(json AS BLOB) FROM events ORDER BY idx DESC LIMIT 1";
        long size = 0;
        byte[]? lastLeaf = null;
        using (var reader = command.ExecuteReader())
        {
            if (reader.Read())
            {
                size = reader.GetInt64(0) + 1;
                lastLeaf = MerkleHash.LeafHash((byte[])reader.GetValue(1));
            }
        }

        var accumulator = Frontier(connection, transaction, stored, size, lastLeaf);
        return new Appender(this, connection, transaction, accumulator, lastLeaf);
    }

    /// <summary>
    /// The stored Merkle frontier, once it is known to be the frontier of the events table: it covers as many events
    /// as the table holds (the last index plus one), and its last leaf is the hash of the last event's JSON. Otherwise
    /// every append would put events at indices that are taken, or sign a root the log does not have; so it refuses
    /// before anything is written. Cheap: the last event is read anyway, for the link of the next.
    /// </summary>
    private static MerkleAccumulator Frontier(SqliteConnection connection, SqliteTransaction transaction, string? stored, long size, byte[]? lastLeaf)
    {
        MerkleAccumulator accumulator;
        byte[]? frontierLeaf;
        try
        {
            (accumulator, frontierLeaf) = stored is null ? (new MerkleAccumulator(), null) : ParseFrontier(stored);
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or FormatException or ArgumentException or InvalidOperationException or NullReferenceException)
        {
            throw Disagrees("it cannot be read", ex);
        }

        if (stored is null && size > 0)
        {
            throw Disagrees(string.Create(CultureInfo.InvariantCulture, $"there is none, but the log holds {size} events"));
        }

        if (accumulator.Size != size)
        {
            throw Disagrees(string.Create(CultureInfo.InvariantCulture, $"it covers {accumulator.Size} events, but the log holds {size}"));
        }

        if (size > 0 && frontierLeaf is null)
        {
            // A frontier written before it kept its last leaf: its smallest subtree, which ends with the last event, is
            // hashed again from the events, once (the next seal keeps the last leaf). For an odd size it is that leaf.
            var smallest = size & -size;
            var leaves = smallest == 1 ? [lastLeaf!] : EventLeaves.Read(connection, transaction, size - smallest, size);
            frontierLeaf = leaves.Count == smallest && new MerkleTree(leaves).Root(smallest).AsSpan().SequenceEqual(accumulator.Frontier[^1]) ? lastLeaf : null;
        }

        if (size > 0 && (frontierLeaf is null || !frontierLeaf.AsSpan().SequenceEqual(lastLeaf)))
        {
            throw Disagrees(string.Create(CultureInfo.InvariantCulture, $"event {size - 1} is not the last event it covers (an event was changed, or the frontier is stale)"));
        }

        return accumulator;
    }

    private static ArchiveException Disagrees(string why, Exception? inner = null) => new(
        ArchiveErrorKind.NeedsAction,
        $"the catalog's log frontier (meta 'merkle_frontier') disagrees with its events: {why}. nothing was written, and the archive needs attention before anything more is (`archive verify --no-record` checks the log itself)",
        inner);

    public string Now() => FormatTime(Clock.GetUtcNow());

    /// <summary>Every event that names <paramref name="captureId"/>, in log order.</summary>
    public static IReadOnlyList<LoggedEvent> ForCapture(SqliteConnection connection, string captureId)
    {
        ArgumentNullException.ThrowIfNull(connection);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT idx, type, capture_id, time, json FROM events WHERE capture_id = $id ORDER BY idx";
        command.Parameters.AddWithValue("$id", captureId);
        using var reader = command.ExecuteReader();
        var events = new List<LoggedEvent>();
        while (reader.Read())
        {
            events.Add(new LoggedEvent(reader.GetInt64(0), reader.GetString(1), CaptureId.Parse(reader.GetString(2)), reader.GetString(3), reader.GetString(4)));
        }

        return events;
    }

    public static string FormatTime(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    /// <summary>Builds the canonical JSON of an event at a log position.</summary>
    public static string BuildJson(long index, byte[]? previousLeaf, string time, string tool, NewEvent e) =>
        Encoding.UTF8.GetString(BuildJsonUtf8(index, previousLeaf, time, tool, e));

    /// <summary>
    /// The event's canonical JSON as UTF-8: its members written in their canonical (ordinal) order as they are, with
    /// no copy of the data into an object of its own (a group commit writes hundreds of events while every other
    /// thread of the ingest waits on it).
    /// </summary>
    public static byte[] BuildJsonUtf8(long index, byte[]? previousLeaf, string time, string tool, NewEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return CanonicalJson.SerializeToUtf8(writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("agent", e.Agent);
            writer.WriteString("capture", e.CaptureId);
            writer.WritePropertyName("data");
            CanonicalJson.Write(writer, e.Data);
            writer.WriteNumber("index", index);
            writer.WriteString("outcome", e.Outcome);
            writer.WriteString("prev", previousLeaf is null ? null : Convert.ToHexStringLower(previousLeaf));
            writer.WriteString("time", time);
            writer.WriteString("tool", tool);
            writer.WriteString("type", e.Type);
            writer.WriteEndObject();
        });
    }

    /// <summary>A stored frontier, and the last leaf it covers when it names it (older frontiers do not).</summary>
    internal static (MerkleAccumulator Accumulator, byte[]? LastLeaf) ParseFrontier(string stored)
    {
        var node = JsonNode.Parse(stored)!.AsObject();
        var size = node["size"]!.GetValue<long>();
        var hashes = node["frontier"]!.AsArray().Select(h => Convert.FromBase64String(h!.GetValue<string>())).ToList();
        var last = node["last"] is { } leaf ? Convert.FromBase64String(leaf.GetValue<string>()) : null;
        return (MerkleAccumulator.FromFrontier(size, hashes), last);
    }

    internal static string FormatFrontier(MerkleAccumulator accumulator, byte[]? lastLeaf)
    {
        ArgumentNullException.ThrowIfNull(accumulator);
        var array = new JsonArray();
        foreach (var hash in accumulator.Frontier)
        {
            array.Add((JsonNode?)JsonValue.Create(Convert.ToBase64String(hash)));
        }

        var node = new JsonObject { ["size"] = accumulator.Size, ["frontier"] = array };
        if (lastLeaf is not null)
        {
            node["last"] = Convert.ToBase64String(lastLeaf);
        }

        return CanonicalJson.Serialize(node);
    }

    /// <summary>Appends within one transaction; <see cref="Seal"/> stores the Merkle state and a signed checkpoint.</summary>
    internal sealed class Appender
    {
        private readonly EventLog _log;
        private readonly SqliteConnection _connection;
        private readonly SqliteTransaction _transaction;
        private readonly MerkleAccumulator _accumulator;
        private readonly SqliteCommand _insert;
        private byte[]? _lastLeaf;

        internal Appender(EventLog log, SqliteConnection connection, SqliteTransaction transaction, MerkleAccumulator accumulator, byte[]? lastLeaf)
        {
            _log = log;
            _connection = connection;
            _transaction = transaction;
            _accumulator = accumulator;
            _lastLeaf = lastLeaf;
            _insert = connection.CreateCommand();
            _insert.Transaction = transaction;
            _insert.CommandText = "INSERT INTO events(idx, type, capture_id, time, json, leaf) VALUES ($idx, $type, $capture, $time, $json, $leaf)";
            foreach (var name in new[] { "$idx", "$type", "$capture", "$time", "$json", "$leaf" })
            {
                _insert.Parameters.Add(new SqliteParameter { ParameterName = name });
            }
        }

        public long Size => _accumulator.Size;

        public string Now() => _log.Now();

        public LoggedEvent Append(NewEvent e)
        {
            ArgumentNullException.ThrowIfNull(e);
            var index = _accumulator.Size;
            var time = _log.Now();
            var utf8 = BuildJsonUtf8(index, _lastLeaf, time, _log.ToolVersion, e);
            var json = Encoding.UTF8.GetString(utf8);
            var leaf = MerkleHash.LeafHash(utf8);
            _insert.Parameters["$idx"].Value = index;
            _insert.Parameters["$type"].Value = e.Type;
            _insert.Parameters["$capture"].Value = (object?)e.CaptureId ?? DBNull.Value;
            _insert.Parameters["$time"].Value = time;
            _insert.Parameters["$json"].Value = json;
            _insert.Parameters["$leaf"].Value = leaf;
            _insert.ExecuteNonQuery();
            _accumulator.Append(leaf);
            _lastLeaf = leaf;
            return new LoggedEvent(index, e.Type, e.CaptureId is null ? null : CaptureId.Parse(e.CaptureId), time, json);
        }

        /// <summary>
        /// Persists the Merkle frontier and, where the archive key can sign, a checkpoint over the whole log.
        /// <paramref name="signWith"/> replaces the archive key for this checkpoint (the new key, after a key change);
        /// with <paramref name="sign"/> false no checkpoint is written (the next one covers these events).
        /// </summary>
        public Checkpoint? Seal(CheckpointSigner? signWith = null, bool sign = true)
        {
            ArchiveDatabase.SetMeta(_connection, _transaction, FrontierKey, FormatFrontier(_accumulator, _lastLeaf));
            _insert.Dispose();
            if (!sign)
            {
                return null;
            }

            var signer = signWith ?? _log.Signer;
            if (!signer.CanSign || _accumulator.Size == 0)
            {
                return null;
            }

            var checkpoint = new Checkpoint(_log.Origin, _accumulator.Size, _accumulator.Root(), _log.Now());
            CheckpointStore.Insert(_connection, _transaction, checkpoint, signer);
            return checkpoint;
        }
    }
}
