using Microsoft.Data.Sqlite;

namespace Archive.Core.Provenance;

/// <summary>
/// The archive's signing keys over time, from its key-changed events: the key in force for a checkpoint of size n
/// is the new key of the last change at an index below n, else the first change's old key, else the archive's key.
/// Each change must be signed by the key it retires and by the new key; <see cref="Problems"/> names any that is not.
/// </summary>
internal sealed class KeyHistory : IDisposable
{
    private readonly List<(long From, CheckpointSigner Key)> _keys = [];
    private readonly List<CheckpointSigner> _owned = [];

    private KeyHistory()
    {
    }

    public IReadOnlyList<KeyChange> Changes { get; private set; } = [];

    /// <summary>Each change that does not follow: its event index and why.</summary>
    public IReadOnlyList<(long Index, string Message)> Problems { get; private set; } = [];

    /// <summary>The key the log says signs now.</summary>
    public CheckpointSigner Current => _keys[^1].Key;

    /// <summary>Reads the key-changed events of the log and checks each hand-over.</summary>
    public static KeyHistory Read(SqliteConnection connection, string origin, CheckpointSigner archiveKey)
    {
        ArgumentNullException.ThrowIfNull(connection);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT idx, json FROM events WHERE type = $type ORDER BY idx";
        command.Parameters.AddWithValue("$type", EventType.KeyChanged);
        using var reader = command.ExecuteReader();
        var events = new List<(long, string)>();
        while (reader.Read())
        {
            events.Add((reader.GetInt64(0), reader.GetString(1)));
        }

        return Build(origin, events, archiveKey);
    }

    /// <summary>Builds the history from key-changed events (index and JSON), in log order.</summary>
    public static KeyHistory Build(string origin, IReadOnlyList<(long Index, string Json)> events, CheckpointSigner archiveKey)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(archiveKey);
        var history = new KeyHistory();
        var problems = new List<(long, string)>();
        var changes = new List<KeyChange>();
        foreach (var (index, json) in events)
        {
            var change = KeyChange.TryParse(index, json);
            if (change is null)
            {
                problems.Add((index, $"key change at event {index} is malformed: it names no usable old and new key with signatures"));
                continue;
            }

            var newKey = history.Own(CheckpointSigner.FromPublicPem(change.NewPublicKeyPem));
            if (history._keys.Count == 0)
            {
                history._keys.Add((0, history.Own(CheckpointSigner.FromPublicPem(change.OldPublicKeyPem)) ?? archiveKey));
            }

            var retiring = history._keys[^1].Key;
            if (Check(change, origin, retiring, newKey) is { } problem)
            {
                problems.Add((index, $"key change at event {index} does not follow: {problem}"));
            }

            if (newKey is not null)
            {
                history._keys.Add((index + 1, newKey));
            }

            changes.Add(change);
        }

        if (history._keys.Count == 0)
        {
            history._keys.Add((0, archiveKey));
        }
        else if (history.Current.KeyId != archiveKey.KeyId)
        {
            var last = changes.Count > 0 ? changes[^1].Index : events[^1].Index;
            problems.Add((last, $"the archive's public key (sha256:{Short(archiveKey.KeyId)}…) is not the key the last key change (event {last}) hands over to (sha256:{Short(history.Current.KeyId)}…)"));
        }

        history.Changes = changes;
        history.Problems = problems;
        return history;
    }

    /// <summary>The key that must have signed a checkpoint over the first <paramref name="treeSize"/> events.</summary>
    public CheckpointSigner KeyFor(long treeSize) => _keys.Last(k => k.From <= treeSize).Key;

    /// <summary>Any key the log has used with this fingerprint (a pack or checkpoint signed before a change), else null.</summary>
    public CheckpointSigner? Find(string keyId) => _keys.Select(k => k.Key).FirstOrDefault(k => k.KeyId == keyId);

    /// <summary>
    /// The changes that lead from <paramref name="keyId"/> (in force at some size up to <paramref name="treeSize"/>) to
    /// the key in force at <paramref name="treeSize"/>; null when that key is not on the way or a change does not follow.
    /// </summary>
    public IReadOnlyList<KeyChange>? PathFrom(string keyId, long treeSize)
    {
        var start = _keys.FindLastIndex(k => k.Key.KeyId == keyId && k.From <= treeSize);
        if (start < 0)
        {
            return null;
        }

        var after = _keys[start].From;
        var path = Changes.Where(c => c.Index + 1 > after && c.Index < treeSize).ToList();
        return path.Any(c => Problems.Any(p => p.Index == c.Index)) ? null : path;
    }

    public void Dispose()
    {
        foreach (var key in _owned)
        {
            key.Dispose();
        }
    }

    private static string? Check(KeyChange change, string origin, CheckpointSigner retiring, CheckpointSigner? newKey)
    {
        if (newKey is null || newKey.KeyId != change.NewKey)
        {
            return $"its new public key is not the key sha256:{Short(change.NewKey)}… it names";
        }

        if (retiring.KeyId != change.OldKey)
        {
            return $"it retires sha256:{Short(change.OldKey)}…, but the key in force was sha256:{Short(retiring.KeyId)}…";
        }

        if (change.Statement != KeyChange.StatementFor(origin, change.Index, change.OldKey, change.NewKey))
        {
            return "its statement does not name this log, this index and these keys";
        }

        var statement = System.Text.Encoding.UTF8.GetBytes(change.Statement);
        if (!retiring.Verify(statement, change.OldSignature))
        {
            return $"it is not signed by the key it retires (sha256:{Short(change.OldKey)}…)";
        }

        return newKey.Verify(statement, change.NewSignature) ? null : $"it is not signed by the new key (sha256:{Short(change.NewKey)}…)";
    }

    private CheckpointSigner? Own(CheckpointSigner? key)
    {
        if (key is not null)
        {
            _owned.Add(key);
        }

        return key;
    }

    private static string Short(string keyId) => keyId[..Math.Min(16, keyId.Length)];
}
